package plan

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestPlanDoesNotImportTheFileStore keeps plan on model's vocabulary: it
// must not come to depend, directly or through another package, on how
// objects are stored (package tree: YAML, files, validation). Tests may use
// tree to load fixtures; `go list -deps` lists the non-test build only.
// (go test puts its own GOROOT/bin first in PATH, so "go" is the go
// command that runs this test.)
func TestPlanDoesNotImportTheFileStore(t *testing.T) {
	const (
		module = "github.com/oktasync/oktasync/"
		store  = module + "internal/tree"
	)
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	// Without model in the list the check below would pass for nothing.
	if !slices.Contains(deps, module+"internal/model") {
		t.Fatalf("go list -deps did not list internal/model; got %v", deps)
	}
	if slices.Contains(deps, store) {
		var ours []string
		for _, d := range deps {
			if strings.HasPrefix(d, module) {
				ours = append(ours, d)
			}
		}
		t.Errorf("plan depends on the file store %s; plan works on model alone (its dependencies in this module: %v)", store, ours)
	}
}
