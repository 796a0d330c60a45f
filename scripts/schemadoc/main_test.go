package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/schemas"
)

var update = flag.Bool("update", false, "rewrite docs/reference.md from the registry and schemas/")

// referencePath is docs/reference.md, seen from this package's directory
// (go test runs in it).
var referencePath = filepath.Join("..", "..", "docs", "reference.md")

// TestReferenceIsUpToDate fails when a kind descriptor or a schema changed
// and docs/reference.md was not regenerated: the reference must never
// describe a format the binary no longer reads.
func TestReferenceIsUpToDate(t *testing.T) {
	var buf bytes.Buffer
	if err := generate(&buf, schemas.FS()); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(referencePath, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(referencePath)
	if err != nil {
		t.Fatalf("%v; generate it with `go test ./scripts/schemadoc -update`", err)
	}
	if !bytes.Equal(got, buf.Bytes()) {
		t.Errorf("docs/reference.md is out of date (first difference at line %d); regenerate it with\n"+
			"    go run ./scripts/schemadoc > docs/reference.md\nor\n    go test ./scripts/schemadoc -update",
			firstDiffLine(got, buf.Bytes()))
	}
}

// TestEveryKindHasASection: the generator walks parents to children, so a
// kind whose parent is missing from the walk would silently drop out.
func TestEveryKindHasASection(t *testing.T) {
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := generate(&buf, schemas.FS()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, k := range reg.Kinds() {
		if !strings.Contains(out, "\n## "+k.Name+"\n") {
			t.Errorf("no section for kind %s", k.Name)
		}
		if !strings.Contains(out, "(../schemas/"+k.Schema+")") {
			t.Errorf("kind %s: no link to its schema %s", k.Name, k.Schema)
		}
	}
}

// TestGenerateIsStable: map iteration must never reach the output.
func TestGenerateIsStable(t *testing.T) {
	var a, b bytes.Buffer
	if err := generate(&a, schemas.FS()); err != nil {
		t.Fatal(err)
	}
	if err := generate(&b, schemas.FS()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("two runs differ at line %d", firstDiffLine(a.Bytes(), b.Bytes()))
	}
}

func firstDiffLine(a, b []byte) int {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return i + 1
		}
	}
	return min(len(la), len(lb)) + 1
}
