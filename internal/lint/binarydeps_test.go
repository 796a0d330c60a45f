package lint

import (
	"os/exec"
	"sort"
	"strings"
	"testing"
)

// binaryModules are the modules the shipped binary may link: the ones
// DESIGN.md chose for the job, plus go-jose (the OAuth client's signed
// assertions and DPoP proofs) and progressbar (progress lines), each chosen
// in its own commit. Okta's SDK and kin-openapi are for tests and the bench
// only; golangci-lint's gomodguard_v2 keeps every other module out of the
// repository, and this keeps the test-only ones out of the binary.
var binaryModules = map[string]bool{
	"github.com/urfave/cli/v2":                 true,
	"sigs.k8s.io/yaml":                         true,
	"go.yaml.in/yaml/v3":                       true,
	"github.com/santhosh-tekuri/jsonschema/v5": true,
	"golang.org/x/sync":                        true,
	"github.com/pmezard/go-difflib":            true,
	"github.com/go-jose/go-jose/v4":            true,
	"github.com/schollz/progressbar/v3":        true,
	// What those bring with them (cli's man pages and suggestions,
	// progressbar's terminal handling).
	"github.com/cpuguy83/go-md2man/v2":   true,
	"github.com/russross/blackfriday/v2": true,
	"github.com/xrash/smetrics":          true,
	"github.com/mitchellh/colorstring":   true,
	"github.com/rivo/uniseg":             true,
	"golang.org/x/sys":                   true,
	"golang.org/x/term":                  true,
}

func TestBinaryLinksOnlyChosenModules(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if .Module}}{{.Module.Path}}{{end}}", "../../cmd/oktasync").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	seen := map[string]bool{}
	for _, m := range strings.Fields(string(out)) {
		if m == "github.com/oktasync/oktasync" {
			continue
		}
		seen[m] = true
	}
	var bad []string
	for m := range seen {
		if !binaryModules[m] {
			bad = append(bad, m)
		}
	}
	sort.Strings(bad)
	if len(bad) > 0 {
		t.Errorf("the oktasync binary links modules nobody chose for it: %s\n"+
			"a test-only module (Okta's SDK, kin-openapi, go-cmp) belongs in _test.go files or bench/; "+
			"a new dependency needs a reason in its commit and a line in binaryModules", strings.Join(bad, ", "))
	}
}
