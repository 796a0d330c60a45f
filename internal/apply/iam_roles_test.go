package apply

import (
	"context"
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

// TestCallerProtected: the service app oktasync authenticates as, and its
// admin roles, are never deleted: a plan made with its client_id refuses
// both deletes as protected, even with --allow-delete; a plan made by
// other credentials (a read-only app) that deletes them is refused by an
// apply that runs as the app, before anything is written.
func TestCallerProtected(t *testing.T) {
	t.Parallel()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 8})
	current := o.snapshot(t)
	const app, role = "apps/inventory-sync-service", "apps/inventory-sync-service/roles/read-only-admin"
	appObj, ok := current.Get(app)
	if !ok {
		t.Fatalf("the sample has no %s", app)
	}
	clientID, _ := model.Lookup(appObj.Live.Raw, "credentials.oauthClient.client_id")
	id, _ := clientID.(string)
	if id == "" {
		t.Fatalf("%s has no client_id", app)
	}
	_, dir := viaFiles(t, reg, current)
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(role+".yaml"))); err != nil {
		t.Fatal(err)
	}
	rolesOnly, problems := tree.Read(dir, reg)
	if model.HasErrors(problems) {
		t.Fatal(problems)
	}
	p := computePlan(t, reg, rolesOnly, current, plan.Options{AllowDelete: true, ClientID: id})
	if len(p.Steps) != 0 || len(p.Refused) != 1 || p.Refused[0].Path != role || p.Refused[0].Reason != plan.RefusedProtected ||
		!strings.Contains(p.Refused[0].Message, "lock the tool out") {
		t.Fatalf("the role's delete was not refused as protected: steps %v, refused %+v", describeRoleSteps(p), p.Refused)
	}

	// The whole app gone from the tree: refused too, with its roles.
	if err := os.RemoveAll(filepath.Join(dir, filepath.FromSlash(app))); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{app + ".yaml", "profile-mappings/user/inventory-sync-service.yaml"} {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
			t.Fatal(err)
		}
	}
	noApp, problems := tree.Read(dir, reg)
	if model.HasErrors(problems) {
		t.Fatal(problems)
	}
	p = computePlan(t, reg, noApp, current, plan.Options{AllowDelete: true, ClientID: id})
	for _, s := range p.Steps {
		if model.Under(s.Path, app) && s.Action == plan.ActionDelete {
			t.Errorf("the plan deletes %s", s.Path)
		}
	}
	protected := false
	for _, r := range p.Refused {
		protected = protected || (r.Path == app && r.Reason == plan.RefusedProtected)
	}
	if !protected {
		t.Errorf("the app's delete is not refused as protected: %+v", p.Refused)
	}

	// A plan made by other credentials deletes the role; the apply that
	// runs as the app refuses it and writes nothing.
	other := computePlan(t, reg, rolesOnly, current, plan.Options{AllowDelete: true})
	if describeRoleSteps(other)[0] != "delete "+role {
		t.Fatalf("the other app's plan: %v", describeRoleSteps(other))
	}
	before := o.srv.Stats().Endpoints
	_, err := Run(context.Background(), RunOptions{Plan: other, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{AllowDelete: true, ClientID: id}})
	if err == nil || !strings.Contains(err.Error(), "the service app oktasync runs as") || !strings.Contains(err.Error(), role) {
		t.Fatalf("apply as the app: %v", err)
	}
	for k, v := range o.srv.Stats().Endpoints {
		if !strings.HasPrefix(k, "GET ") && v != before[k] {
			t.Errorf("a refused run sent %s", k)
		}
	}
}

// TestSuperAdminRemovalNeedsAllowDelete: a SUPER_ADMIN (or ORG_ADMIN)
// assignment has no field but its identity and takes no targets, so it is
// never replaced: taking it away is a delete, which --allow-replace does
// not allow. The group's is not the org's last (the super admin user holds
// one) when users' admin roles are read; when they are not, the plan
// cannot tell, and refuses.
func TestSuperAdminRemovalNeedsAllowDelete(t *testing.T) {
	t.Parallel()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 9})
	withUsers, err := withAdmins(o)(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_, dir := viaFiles(t, reg, withUsers)
	const sa = "groups/admins-break-glass/roles/super-admin"
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(sa+".yaml"))); err != nil {
		t.Fatal(err)
	}
	desired, problems := tree.Read(dir, reg)
	if model.HasErrors(problems) {
		t.Fatal(problems)
	}
	p := computePlan(t, reg, desired, withUsers, plan.Options{AllowReplace: true})
	if got := describeRoleSteps(p); len(got) != 1 || got[0] != "refused delete "+sa || p.Refused[0].Reason != plan.RefusedDeleteNotAllowed {
		t.Fatalf("plan with --allow-replace: %v", got)
	}
	p = computePlan(t, reg, desired, withUsers, plan.Options{AllowDelete: true})
	if got := describeRoleSteps(p); len(got) != 1 || got[0] != "delete "+sa {
		t.Fatalf("plan with --allow-delete: %v", got)
	}
	_, err = Run(context.Background(), RunOptions{Plan: p, Client: o.client, Registry: reg, Read: withAdmins(o), Options: Options{AllowReplace: true}})
	if err == nil || !strings.Contains(err.Error(), "does not allow deletes") {
		t.Fatalf("apply with --allow-replace only: %v", err)
	}

	// Without users' admin roles, the group's is the last one read.
	if err := os.RemoveAll(filepath.Join(dir, "admin-users")); err != nil {
		t.Fatal(err)
	}
	if desired, problems = tree.Read(dir, reg); model.HasErrors(problems) {
		t.Fatal(problems)
	}
	p = computePlan(t, reg, desired, o.snapshot(t), plan.Options{AllowDelete: true})
	if got := describeRoleSteps(p); len(got) != 1 || got[0] != "refused delete "+sa || p.Refused[0].Reason != plan.RefusedProtected ||
		!strings.Contains(p.Refused[0].Message, "--include-kind user-role-assignments") {
		t.Fatalf("plan without users' roles: %v %+v", got, p.Refused)
	}
}
