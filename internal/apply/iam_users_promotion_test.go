package apply

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/export"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/policies"
	"github.com/oktasync/oktasync/internal/tree"
)

// TestPromotionAdminUsers: a preview org's tree, with users' admin roles
// and a per-org value behind a variable, is applied to a new org whose
// users have the same logins and other IDs. The users are found by login,
// the new org exports to the same admin files, and the next plan is empty.
func TestPromotionAdminUsers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	include := []string{"user-role-assignments"}
	a := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 11, Subdomain: "acme-preview"})
	b := newOrg(t, reg, sandbox.Options{Seed: 12, Subdomain: "acme", Features: policies.TypesWithFeature})
	for _, login := range []string{"grace.hopper@sandbox.example.com", "margaret.hamilton@sandbox.example.com"} {
		first, _, _ := strings.Cut(login, ".")
		if _, err := b.client.Do(ctx, okta.Request{Method: "POST", Path: "/api/v1/users", Query: url.Values{"activate": {"true"}},
			Body: map[string]any{"profile": map[string]any{"firstName": first, "lastName": "B", "email": login, "login": login}}}); err != nil {
			t.Fatal(err)
		}
	}
	resA, err := export.Read(ctx, a.client, reg, export.Options{Include: include})
	if err != nil {
		t.Fatal(err)
	}
	snapA := resA.Snapshot
	for _, o := range snapA.ByKind("org-settings") {
		if err := model.SetField(o.Body, "endUserSupportHelpURL", model.FormatVar("SUPPORT_URL")); err != nil {
			t.Fatal(err)
		}
	}
	vars := map[string]string{"SUPPORT_URL": "https://help.acme.com/okta"}
	dirA := t.TempDir()
	if _, err := tree.Write(dirA, snapA); err != nil {
		t.Fatal(err)
	}
	desired, problems := tree.Read(dirA, reg)
	if model.HasErrors(problems) {
		t.Fatalf("reading A's tree: %v", problems)
	}
	readB := func(ctx context.Context) (*model.Snapshot, error) {
		res, err := export.Read(ctx, b.client, reg, export.Options{Include: include})
		if err != nil {
			return nil, err
		}
		return res.Snapshot, nil
	}
	current, err := readB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p := computePlan(t, reg, desired, current, plan.Options{Vars: vars})
	rep, err := Run(ctx, RunOptions{
		Options: Options{Environ: secretEnv(p), Journal: filepath.Join(t.TempDir(), "journal")},
		Plan:    p, Client: b.client, Registry: reg, Read: readB, BackupDir: t.TempDir(),
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if rep.HasFailures() {
		t.Fatalf("apply failed:%s", failures(rep))
	}
	dirB := t.TempDir()
	copyTree(t, dirA, dirB)
	if _, err := export.Export(ctx, b.client, reg, dirB, export.Options{Include: include}); err != nil {
		t.Fatal(err)
	}
	admins := func(files map[string]string) map[string]string {
		out := map[string]string{}
		for f, s := range files {
			if strings.HasPrefix(f, "admin-users/") {
				out[f] = s
			}
		}
		return out
	}
	filesA := admins(readFiles(t, dirA))
	if len(filesA) != 6 {
		t.Fatalf("A's tree has %d admin files, want 6", len(filesA))
	}
	if diff := cmp.Diff(filesA, admins(readFiles(t, dirB))); diff != "" {
		t.Errorf("B's admin files differ from A's (-A +B):\n%s", diff)
	}
	after, err := readB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if again := computePlan(t, reg, desired, after, plan.Options{Vars: vars}); again.HasChanges() {
		var buf strings.Builder
		_ = plan.RenderText(&buf, again, plan.TextOptions{})
		t.Errorf("the plan after apply is not empty:\n%s", buf.String())
	}
}
