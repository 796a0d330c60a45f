package export

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/tree"
)

var update = flag.Bool("update", false, "rewrite golden files (examples/org-snapshot)")

// exampleDir is the committed export of `oktasync sandbox --sample`. It is
// documentation (what a tree looks like) and the round-trip fixture.
const exampleDir = "../../examples/org-snapshot"

// TestExampleSnapshot regenerates the example tree and compares it with the
// committed one; -update rewrites it.
func TestExampleSnapshot(t *testing.T) {
	o := newOrg(t, sandbox.Options{Sample: true})
	reg := registry(t)
	dir := t.TempDir()
	if *update {
		dir = exampleDir
		// Only the tree is regenerated; the README beside it is kept.
	}
	// The opt-in kinds too (users' admin roles): the example shows
	// every kind a tree may hold.
	if _, err := Export(context.Background(), o.client, reg, dir, Options{Include: []string{"user-role-assignments"}}); err != nil {
		t.Fatal(err)
	}
	if *update {
		return
	}
	want := readFiles(t, exampleDir)
	delete(want, "README.md")
	if diff := cmp.Diff(want, readFiles(t, dir)); diff != "" {
		t.Fatalf("examples/org-snapshot is out of date (-committed +exported); "+
			"run `go test ./internal/export -run TestExampleSnapshot -update` and review the diff:\n%s", diff)
	}
	snap, problems := tree.Read(exampleDir, reg)
	problems = append(problems, tree.Validate(snap, reg)...)
	if model.HasErrors(problems) {
		t.Fatalf("the example tree does not validate: %v", problems)
	}
	if _, err := os.Stat(filepath.Join(exampleDir, "README.md")); err != nil {
		t.Errorf("examples/org-snapshot/README.md: %v", err)
	}
}
