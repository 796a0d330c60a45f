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

// editFile replaces old by new in one file of an exported tree.
func editFile(t *testing.T, dir, file, old, new string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(file))
	b, err := os.ReadFile(p)
	if err != nil && old == "" {
		b, err = nil, nil // a new file
	}
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not hold %q:\n%s", file, old, b)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// describeRoleSteps lists a plan's steps and refusals, one line each, sorted.
func describeRoleSteps(p *plan.Plan) []string {
	var out []string
	for _, s := range p.Steps {
		line := s.Action.String() + " " + s.Path
		if s.Replace {
			line += " (replace)"
		}
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

// TestGroupRoleEdits: a group's admin roles, edited as a person would
// (a help desk admin's groups changed, an app admin made unscoped, a role
// added to a group); the plan holds exactly those edits: target adds and
// removes, a create, and the unscoping as a replacement refused without
// --allow-replace (the last target cannot be removed). Once applied the
// org exports to the edited files.
func TestGroupRoleEdits(t *testing.T) {
	t.Parallel()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 5})
	_, dir := viaFiles(t, reg, o.snapshot(t))
	editFile(t, dir, "groups/support/roles/help-desk-admin.yaml",
		"      - ${ref:groups/contractors}\n      - ${ref:groups/portal-users}\n", "      - ${ref:groups/portal-users}\n      - ${ref:groups/sales}\n")
	editFile(t, dir, "groups/engineering-managers/roles/app-admin.yaml",
		"    apps:\n      - oidc_client/${ref:apps/engineering-portal}\n      - template_basic_auth\n", "    apps: []\n")
	editFile(t, dir, "groups/finance/roles/report-admin.yaml", "", "kind: group-role-assignments\nname: report-admin\nbody:\n  type: REPORT_ADMIN\n")
	desired, problems := tree.Read(dir, reg)
	problems = append(problems, tree.Validate(desired, reg)...)
	if model.HasErrors(problems) {
		t.Fatalf("the edited tree does not validate: %v", problems)
	}
	want := []string{
		"add-item groups/support/roles/help-desk-admin targets.groups:${ref:groups/sales}",
		"create groups/finance/roles/report-admin",
		"remove-item groups/support/roles/help-desk-admin targets.groups:${ref:groups/contractors}",
	}
	refused := computePlan(t, reg, desired, o.snapshot(t), plan.Options{})
	wantRefused := append(append([]string(nil), want...), "refused delete groups/engineering-managers/roles/app-admin")
	sort.Strings(wantRefused)
	if diff := cmp.Diff(wantRefused, describeRoleSteps(refused)); diff != "" {
		t.Errorf("plan without --allow-replace (-want +got):\n%s", diff)
	}
	want = append(want, "create groups/engineering-managers/roles/app-admin (replace)", "delete groups/engineering-managers/roles/app-admin (replace)")
	sort.Strings(want)
	p := o.applyTree(t, desired, plan.Options{AllowReplace: true}, Options{AllowReplace: true})
	if diff := cmp.Diff(want, describeRoleSteps(p)); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	o.converged(t, desired)
	_, dir2 := viaFiles(t, reg, o.snapshot(t))
	if diff := cmp.Diff(readFiles(t, dir), readFiles(t, dir2)); diff != "" {
		t.Errorf("the org does not export to the edited files (-edited +exported):\n%s", diff)
	}
}

// TestClientRoleEdits: a service app's admin roles, edited (a target
// group added, a role added, a role taken away); the plan holds exactly
// those edits, the role taken away only with --allow-delete, and once
// applied the org exports to the edited files.
func TestClientRoleEdits(t *testing.T) {
	t.Parallel()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 6})
	_, dir := viaFiles(t, reg, o.snapshot(t))
	const app = "apps/inventory-sync-service/roles/"
	editFile(t, dir, app+"group-membership-admin.yaml", "      - ${ref:groups/contractors}\n", "      - ${ref:groups/contractors}\n      - ${ref:groups/sales}\n")
	editFile(t, dir, app+"report-admin.yaml", "", "kind: client-role-assignments\nname: report-admin\nbody:\n  type: REPORT_ADMIN\n")
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(app+"read-only-admin.yaml"))); err != nil {
		t.Fatal(err)
	}
	desired, problems := tree.Read(dir, reg)
	problems = append(problems, tree.Validate(desired, reg)...)
	if model.HasErrors(problems) {
		t.Fatalf("the edited tree does not validate: %v", problems)
	}
	want := []string{
		"add-item " + app + "group-membership-admin targets.groups:${ref:groups/sales}",
		"create " + app + "report-admin",
	}
	refused := computePlan(t, reg, desired, o.snapshot(t), plan.Options{})
	wantRefused := append(append([]string(nil), want...), "refused delete "+app+"read-only-admin")
	sort.Strings(wantRefused)
	if diff := cmp.Diff(wantRefused, describeRoleSteps(refused)); diff != "" {
		t.Errorf("plan without --allow-delete (-want +got):\n%s", diff)
	}
	want = append(want, "delete "+app+"read-only-admin")
	sort.Strings(want)
	p := o.applyTree(t, desired, plan.Options{AllowDelete: true}, Options{AllowDelete: true})
	if diff := cmp.Diff(want, describeRoleSteps(p)); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	o.converged(t, desired)
	_, dir2 := viaFiles(t, reg, o.snapshot(t))
	if diff := cmp.Diff(readFiles(t, dir), readFiles(t, dir2)); diff != "" {
		t.Errorf("the org does not export to the edited files (-edited +exported):\n%s", diff)
	}
}
