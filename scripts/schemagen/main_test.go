package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/schemas"
)

var update = flag.Bool("update", false, "rewrite schemas/spec")

// generated runs the generator on the official spec and the registry, as
// `go run ./scripts/schemagen` does.
func generated(t *testing.T) (map[string][]byte, string) {
	t.Helper()
	path, err := SpecPath()
	if err != nil {
		t.Fatal(err)
	}
	spec, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		t.Fatal(err)
	}
	files, report, err := Generate(spec, reg.Kinds(), overrides)
	if err != nil {
		t.Fatal(err)
	}
	return files, report
}

// TestSpecIsUpToDate fails when schemas/spec is not what the generator
// makes of the official spec and the registry as they are: after a kind
// is added or its endpoints change, run `go run ./scripts/schemagen` (or
// this test with -update).
func TestSpecIsUpToDate(t *testing.T) {
	files, report := generated(t)
	t.Logf("kinds:\n%s", report)
	dir := filepath.Join("..", "..", "schemas", "spec")
	for name, want := range files {
		path := filepath.Join(dir, name)
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("schemas/spec/%s is out of date: run `go run ./scripts/schemagen` (or go test ./scripts/schemagen -update)", name)
		}
	}
}

// TestEveryKindIsCovered: a kind the generator cannot map to a spec
// component must be left out on purpose (overrides), not by accident.
func TestEveryKindIsCovered(t *testing.T) {
	_, report := generated(t)
	for _, line := range strings.Split(report, "\n") {
		if strings.Contains(line, "not covered") && !strings.Contains(line, "left out by the generator's overrides") {
			t.Errorf("%s\n  map the kind to its spec component in overrides (scripts/schemagen/main.go), or leave it out there with \"\"", line)
		}
	}
}

// TestGeneratedIsJSONSchema: the files are valid JSON Schema (2020-12), so
// that editors can use them, and every kind's definition compiles.
func TestGeneratedIsJSONSchema(t *testing.T) {
	files, _ := generated(t)
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource("oktasync:///spec/okta.json", bytes.NewReader(files[DefsFile])); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Compile("oktasync:///spec/okta.json"); err != nil {
		t.Fatal(err)
	}
	var kinds map[string]string
	if err := json.Unmarshal(files[KindsFile], &kinds); err != nil {
		t.Fatal(err)
	}
	for kind, def := range kinds {
		if _, err := c.Compile("oktasync:///spec/okta.json#/$defs/" + def); err != nil {
			t.Errorf("%s (%s): %v", kind, def, err)
		}
	}
}
