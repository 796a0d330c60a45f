package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAdminUsersOptIn: users' admin roles are off by default; with
// --include-kind, export writes them, the plan right after is empty, and
// a later export without the flag keeps reading them (the tree holds
// them). --include-kind takes only opt-in kinds.
func TestAdminUsersOptIn(t *testing.T) {
	sampleOrg(t)
	dir := filepath.Join(t.TempDir(), "tree")
	if code, _, stderr := runCLI(t, "export", "--out", dir); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "admin-users")); !os.IsNotExist(err) {
		t.Fatalf("admin-users exported without the opt-in: %v", err)
	}
	if code, _, stderr := runCLI(t, "export", "--out", dir, "--include-kind", "user-role-assignments"); code != 0 {
		t.Fatalf("export --include-kind: %d %s", code, stderr)
	}
	grace := filepath.Join(dir, "admin-users", "grace-hopper-sandbox-example-com", "roles", "user-admin.yaml")
	before, err := os.ReadFile(grace)
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "plan", "--dir", dir, "--detailed-exitcode")
	if code != 0 || !strings.Contains(stdout, "No changes.") {
		t.Fatalf("plan right after the export: %d\n%s\n%s", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, "export", "--out", dir); code != 0 {
		t.Fatalf("export again: %d %s", code, stderr)
	}
	if after, err := os.ReadFile(grace); err != nil || string(after) != string(before) {
		t.Fatalf("a later export dropped or changed %s: %v\n%s", grace, err, after)
	}
	code, _, stderr = runCLI(t, "export", "--out", dir, "--include-kind", "groups")
	if code == 0 || !strings.Contains(stderr, "groups is read by default") {
		t.Errorf("--include-kind groups: %d %s", code, stderr)
	}
}

// TestAdminUsersBadInput: a login the org lacks stops the plan at the
// file and line that name it (oktasync never creates users); a malformed
// admin user and a target on a role that takes none are validate errors
// at their lines.
func TestAdminUsersBadInput(t *testing.T) {
	sampleOrg(t)
	dir := filepath.Join(t.TempDir(), "tree")
	if code, _, stderr := runCLI(t, "export", "--out", dir, "--include-kind", "user-role-assignments"); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	write := func(rel, body string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("admin-users/nobody-example-com.yaml", "kind: admin-users\nname: nobody-example-com\nbody:\n  user: ${user:nobody@example.com}\n")
	write("admin-users/nobody-example-com/roles/report-admin.yaml", "kind: user-role-assignments\nname: report-admin\nbody:\n  type: REPORT_ADMIN\n")
	code, stdout, stderr := runCLI(t, "plan", "--dir", dir)
	out := stdout + stderr
	if code == 0 || !strings.Contains(out, "admin-users/nobody-example-com.yaml:4") ||
		!strings.Contains(out, "user nobody@example.com does not exist") || !strings.Contains(out, "oktasync never creates users") {
		t.Fatalf("plan with a missing user: %d\n%s", code, out)
	}

	write("admin-users/nobody-example-com.yaml", "kind: admin-users\nname: nobody-example-com\nbody:\n  user: nobody@example.com\n")
	write("admin-users/nobody-example-com/roles/report-admin.yaml",
		"kind: user-role-assignments\nname: report-admin\nbody:\n  type: REPORT_ADMIN\n  targets:\n    groups:\n      - ${ref:groups/engineering}\n")
	code, stdout, stderr = runCLI(t, "validate", dir)
	out = stdout + stderr
	for _, want := range []string{
		"admin-users/nobody-example-com.yaml:4",
		"admin-users/nobody-example-com/roles/report-admin.yaml:6",
	} {
		if code == 0 || !strings.Contains(out, want) {
			t.Errorf("validate: %d, want an error at %s:\n%s", code, want, out)
		}
	}
}
