package apply

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/export"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/tree"
)

// withAdmins reads the org with the opt-in users' admin roles.
func withAdmins(o *org) func(context.Context) (*model.Snapshot, error) {
	return func(ctx context.Context) (*model.Snapshot, error) {
		res, err := export.Read(ctx, o.client, o.reg, export.Options{Include: []string{"user-role-assignments"}})
		if err != nil {
			return nil, err
		}
		return res.Snapshot, nil
	}
}

// TestUserRoleAssignmentsRoundTrip: with the opt-in kind, export writes
// the admins by login with their roles; a tree without two of them
// deletes their roles (each on its own, the users stay); applying the
// exported tree gives them back, found by login although Okta no longer
// lists them as admins; the org exports to the same files, and the next
// plan is empty. Without the opt-in, nothing of it is read.
func TestUserRoleAssignmentsRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 5})
	read := withAdmins(o)
	snap, err := read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	full, dir := viaFiles(t, reg, snap)
	before := readFiles(t, dir)
	var files []string
	for f := range before {
		if strings.HasPrefix(f, "admin-users/") {
			files = append(files, f)
		}
	}
	sort.Strings(files)
	wantFiles := []string{
		"admin-users/admin-sandbox-example-com.yaml",
		"admin-users/admin-sandbox-example-com/roles/super-admin.yaml",
		"admin-users/grace-hopper-sandbox-example-com.yaml",
		"admin-users/grace-hopper-sandbox-example-com/roles/user-admin.yaml",
		"admin-users/margaret-hamilton-sandbox-example-com.yaml",
		"admin-users/margaret-hamilton-sandbox-example-com/roles/report-admin.yaml",
	}
	if diff := cmp.Diff(wantFiles, files); diff != "" {
		t.Fatalf("admin files (-want +got):\n%s", diff)
	}
	for f, want := range map[string]string{
		"admin-users/grace-hopper-sandbox-example-com.yaml":                  "user: ${user:grace.hopper@sandbox.example.com}",
		"admin-users/grace-hopper-sandbox-example-com/roles/user-admin.yaml": "- ${ref:groups/engineering}",
	} {
		if !strings.Contains(before[f], want) {
			t.Errorf("%s lacks %q:\n%s", f, want, before[f])
		}
	}
	if p := computePlan(t, reg, full, snap, plan.Options{}); !p.Empty() {
		t.Fatalf("the plan right after the export is not empty: %v", p.Steps)
	}
	if plain := o.snapshot(t); len(plain.ByKind("admin-users"))+len(plain.ByKind("user-role-assignments")) != 0 {
		t.Fatal("a read without the opt-in read admin users")
	}

	// Two admins leave the tree: their roles go, one delete each.
	less, _ := tree.Read(dir, reg)
	for _, p := range files {
		if strings.Contains(p, "grace-hopper") || strings.Contains(p, "margaret-hamilton") {
			less.Remove(strings.TrimSuffix(p, ".yaml"))
		}
	}
	wipe := computePlan(t, reg, less, snap, plan.Options{AllowDelete: true})
	var got []string
	for _, s := range wipe.Steps {
		got = append(got, s.Action.String()+" "+s.Path+" implied:"+strings.Join(s.Implied, ","))
	}
	want := []string{
		"delete admin-users/grace-hopper-sandbox-example-com/roles/user-admin implied:",
		"delete admin-users/margaret-hamilton-sandbox-example-com/roles/report-admin implied:",
	}
	sort.Strings(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("the wipe plan (-want +got):\n%s", diff)
	}
	rep, err := Run(ctx, RunOptions{Plan: wipe, Client: o.client, Registry: reg, Read: read, Options: Options{AllowDelete: true}})
	if err != nil || rep.HasFailures() {
		t.Fatalf("wipe: %v%s", err, failures(rep))
	}
	wiped, err := read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(wiped.ByKind("admin-users")); n != 1 {
		t.Fatalf("after the wipe, %d admin users (want the super admin alone)", n)
	}

	// The tree again: the two users are found by login.
	p := computePlan(t, reg, full, wiped, plan.Options{})
	for _, path := range []string{"admin-users/grace-hopper-sandbox-example-com", "admin-users/margaret-hamilton-sandbox-example-com"} {
		if tg := p.Targets[path]; tg.ID != "" || !strings.HasPrefix(tg.Identity, "${user:") {
			t.Errorf("target %s: %+v, want it found by its login", path, tg)
		}
	}
	rep, err = Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: read})
	if err != nil || rep.HasFailures() {
		t.Fatalf("apply: %v%s", err, failures(rep))
	}
	after, err := read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, dir2 := viaFiles(t, reg, after)
	if diff := cmp.Diff(before, readFiles(t, dir2)); diff != "" {
		t.Errorf("the org does not export to the same files (-before +after):\n%s", diff)
	}
	if again := computePlan(t, reg, full, after, plan.Options{}); !again.Empty() {
		t.Errorf("the plan after the round trip is not empty: %v", again.Steps)
	}
}

// TestUserRoleAssignmentsMissingUser: apply never creates a user; a tree
// naming a login the org lacks stops before anything is written, naming
// the file and the login.
func TestUserRoleAssignmentsMissingUser(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 6})
	read := withAdmins(o)
	snap, err := read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, dir := viaFiles(t, reg, snap)
	desired, _ := tree.Read(dir, reg)
	for _, obj := range []*model.Object{
		{Kind: "admin-users", Name: "nobody-example-com", Path: "admin-users/nobody-example-com",
			Body: map[string]any{"user": "${user:nobody@example.com}"}},
		{Kind: "user-role-assignments", Name: "report-admin", Path: "admin-users/nobody-example-com/roles/report-admin",
			Body: map[string]any{"type": "REPORT_ADMIN"}},
	} {
		if err := desired.Add(obj); err != nil {
			t.Fatal(err)
		}
	}
	p := computePlan(t, reg, desired, snap, plan.Options{})
	if len(p.Steps) != 1 || p.Steps[0].Action != plan.ActionCreate {
		t.Fatalf("plan: %v", p.Steps)
	}
	_, err = Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: read})
	if err == nil || !strings.Contains(err.Error(), "admin-users/nobody-example-com.yaml") || !strings.Contains(err.Error(), "user nobody@example.com does not exist") {
		t.Fatalf("apply: %v, want a refusal naming the file and the login", err)
	}
	after, err := read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.ByKind("user-role-assignments")) != len(snap.ByKind("user-role-assignments")) {
		t.Error("something was written")
	}
}

// TestUserRoleAssignmentsEdit: a target added to a user's role, and a new
// role for an admin, show as exactly those edits; applied, the org
// exports to the edited files.
func TestUserRoleAssignmentsEdit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 8})
	read := withAdmins(o)
	snap, err := read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, dir := viaFiles(t, reg, snap)
	role := filepath.Join(dir, "admin-users", "grace-hopper-sandbox-example-com", "roles", "user-admin.yaml")
	b, err := os.ReadFile(role)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(b), "      - ${ref:groups/engineering}\n", "      - ${ref:groups/contractors}\n      - ${ref:groups/engineering}\n", 1)
	if edited == string(b) {
		t.Fatalf("no target to edit in:\n%s", b)
	}
	if err := os.WriteFile(role, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	added := filepath.Join(dir, "admin-users", "margaret-hamilton-sandbox-example-com", "roles", "read-only-admin.yaml")
	if err := os.WriteFile(added, []byte("kind: user-role-assignments\nname: read-only-admin\nbody:\n  type: READ_ONLY_ADMIN\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	desired, problems := tree.Read(dir, reg)
	if problems = append(problems, tree.Validate(desired, reg)...); model.HasErrors(problems) {
		t.Fatal(problems)
	}
	p := computePlan(t, reg, desired, snap, plan.Options{})
	var got []string
	for _, s := range p.Steps {
		line := s.Action.String() + " " + s.Path
		for _, it := range s.Items {
			line += " " + it.Set + ":" + it.Key
		}
		got = append(got, line)
	}
	sort.Strings(got)
	want := []string{
		"add-item admin-users/grace-hopper-sandbox-example-com/roles/user-admin targets.groups:${ref:groups/contractors}",
		"create admin-users/margaret-hamilton-sandbox-example-com/roles/read-only-admin",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("plan (-want +got):\n%s", diff)
	}
	rep, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: read})
	if err != nil || rep.HasFailures() {
		t.Fatalf("apply: %v%s", err, failures(rep))
	}
	after, err := read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, dir2 := viaFiles(t, reg, after)
	if diff := cmp.Diff(readFiles(t, dir), readFiles(t, dir2)); diff != "" {
		t.Errorf("the org does not export to the edited files (-edited +after):\n%s", diff)
	}
}
