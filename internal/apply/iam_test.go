package apply

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/tree"
)

// TestIAMEdits: the sample org's admin-access files are edited as a person
// would edit them (a role's description, a permission added, a
// permission's conditions, a resource added to a set, a user taken out of
// a binding); the plan holds exactly those edits, the member's removal
// only with --allow-delete (it takes an admin grant away), and once
// applied the org exports to the edited files.
func TestIAMEdits(t *testing.T) {
	t.Parallel()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 3})
	_, dir := viaFiles(t, reg, o.snapshot(t))
	edit := func(file, old, new string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(file))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), old) {
			t.Fatalf("%s does not hold %q:\n%s", file, old, b)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("custom-admin-roles/help-desk-lite.yaml", "nothing else", "and nothing else")
	edit("custom-admin-roles/help-desk-lite.yaml", "    - conditions: null\n      label: okta.users.lifecycle.unlock\n",
		"    - conditions: null\n      label: okta.users.lifecycle.manage\n    - conditions: null\n      label: okta.users.lifecycle.unlock\n")
	edit("custom-admin-roles/location-editor.yaml", "            - city\n", "            - city\n            - streetAddress\n")
	edit("resource-sets/everyone.yaml", "  resources:\n", "  resources:\n    - orn:${org:partition}:directory:${org:id}:groups:${ref:groups/support}\n")
	edit("resource-sets/everyone/bindings/location-editor.yaml", "    - ${org:url}/api/v1/users/${user:admin@sandbox.example.com}\n", "")
	desired, problems := tree.Read(dir, reg)
	problems = append(problems, tree.Validate(desired, reg)...)
	if model.HasErrors(problems) {
		t.Fatalf("the edited tree does not validate: %v", problems)
	}

	describe := func(p *plan.Plan) []string {
		var out []string
		for _, s := range p.Steps {
			line := s.Action.String() + " " + s.Path
			for _, it := range s.Items {
				line += " " + it.Set + ":" + it.Key
			}
			for _, c := range s.Changes {
				line += " " + c.Path
			}
			out = append(out, line)
		}
		for _, r := range p.Refused {
			out = append(out, "refused "+r.Action.String()+" "+r.Path)
		}
		sort.Strings(out)
		return out
	}
	want := []string{
		"add-item custom-admin-roles/help-desk-lite permissions:okta.users.lifecycle.manage",
		"add-item resource-sets/everyone resources:orn:${org:partition}:directory:${org:id}:groups:${ref:groups/support}",
		"update custom-admin-roles/help-desk-lite /description",
		"update-item custom-admin-roles/location-editor permissions:okta.users.userprofile.manage",
	}
	refused := computePlan(t, reg, desired, o.snapshot(t), plan.Options{})
	wantRefused := append(append([]string(nil), want...), "refused remove-item resource-sets/everyone/bindings/location-editor")
	sort.Strings(wantRefused)
	if diff := cmp.Diff(wantRefused, describe(refused)); diff != "" {
		t.Errorf("plan without --allow-delete (-want +got):\n%s", diff)
	}
	want = append(want, "remove-item resource-sets/everyone/bindings/location-editor members:${org:url}/api/v1/users/${user:admin@sandbox.example.com}")
	sort.Strings(want)
	p := o.applyTree(t, desired, plan.Options{AllowDelete: true}, Options{AllowDelete: true})
	if diff := cmp.Diff(want, describe(p)); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	o.converged(t, desired)
	_, dir2 := viaFiles(t, reg, o.snapshot(t))
	if diff := cmp.Diff(readFiles(t, dir), readFiles(t, dir2)); diff != "" {
		t.Errorf("the org does not export to the edited files (-edited +exported):\n%s", diff)
	}
}
