package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestApplyCLI runs the review flow a team runs: export, edit, plan --out,
// apply the saved plan, plan again (empty), apply the same plan again
// (refused: stale), then undo the run from its backup.
func TestApplyCLI(t *testing.T) {
	sampleOrg(t)
	work := t.TempDir()
	t.Chdir(work)
	tree := filepath.Join(work, "tree")
	orig := filepath.Join(work, "orig")
	for _, d := range []string{tree, orig} {
		if code, _, stderr := runCLI(t, "export", "--out", d); code != 0 {
			t.Fatalf("export: %d %s", code, stderr)
		}
	}
	p := filepath.Join(tree, "groups", "engineering.yaml")
	data, _ := os.ReadFile(p)
	if err := os.WriteFile(p, []byte(strings.Replace(string(data), "Software engineers", "All engineers", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tree, "groups", "platform.yaml"),
		[]byte("kind: groups\nname: platform\nbody:\n  profile:\n    name: Platform\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	planFile := filepath.Join(work, "plan.json")
	if code, _, stderr := runCLI(t, "plan", "--dir", tree, "--out", planFile); code != 0 {
		t.Fatalf("plan: %d %s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "apply", planFile)
	if code != 0 || !strings.Contains(stdout, "2 applied, 0 failed") {
		t.Fatalf("apply: exit %d\n%s%s", code, stdout, stderr)
	}
	// By default the backup and the journal go to the org's state
	// directory, and apply says where.
	orgDir := orgStateDir(filepath.Join(os.Getenv("XDG_STATE_HOME"), "oktasync"), os.Getenv("OKTA_CLIENT_ORGURL"))
	for _, want := range []string{"The state before the run is backed up under " + filepath.Join(orgDir, "backups"),
		"Journal of the completed steps (for --resume): " + filepath.Join(orgDir, "journals")} {
		if !strings.Contains(stderr, want) {
			t.Errorf("apply's stderr lacks %q:\n%s", want, stderr)
		}
	}
	journals, _ := filepath.Glob(filepath.Join(orgDir, "journals", "*.journal"))
	if len(journals) != 1 {
		t.Fatalf("journals: %v", journals)
	}
	if code, stdout, _ := runCLI(t, "plan", "--dir", tree, "--detailed-exitcode"); code != 0 {
		t.Fatalf("plan after apply is not empty: exit %d\n%s", code, stdout)
	}
	// Applied twice: the journal says when it ran; without the journal,
	// the org holding the plan's own result says so, not "stale plan".
	code, _, stderr = runCLI(t, "apply", planFile)
	if code != 1 || !strings.Contains(stderr, "this plan was already applied on ") {
		t.Fatalf("re-applying a plan with its journal: exit %d\n%s", code, stderr)
	}
	if err := os.Remove(journals[0]); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI(t, "apply", planFile)
	if code != 1 || !strings.Contains(stderr, "the org now holds the plan's own result") || strings.Contains(stderr, "stale plan") {
		t.Fatalf("re-applying a plan without its journal: exit %d\n%s", code, stderr)
	}

	// Undo from the backup: it is a complete tree of the state before.
	backups, _ := filepath.Glob(filepath.Join(orgDir, "backups", "*"))
	if len(backups) != 1 {
		t.Fatalf("backups: %v", backups)
	}
	if code, stdout, _ := runCLI(t, "diff", orig, backups[0], "--detailed-exitcode"); code != 0 {
		t.Fatalf("the backup differs from the state before the run:\n%s", stdout)
	}
	undo := filepath.Join(work, "undo.json")
	if code, _, stderr := runCLI(t, "plan", "--dir", backups[0], "--allow-delete", "--out", undo); code != 0 {
		t.Fatalf("plan undo: %d %s", code, stderr)
	}
	if code, stdout, stderr := runCLI(t, "apply", undo, "--allow-delete"); code != 0 {
		t.Fatalf("apply undo: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, stdout, _ := runCLI(t, "plan", "--dir", orig, "--detailed-exitcode"); code != 0 {
		t.Fatalf("after undo the org differs from the original:\n%s", stdout)
	}
}

func TestApplyRefusals(t *testing.T) {
	sampleOrg(t)
	work := t.TempDir()
	t.Chdir(work)
	tree := filepath.Join(work, "tree")
	if code, _, stderr := runCLI(t, "export", "--out", tree); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	if err := os.WriteFile(filepath.Join(tree, "groups", "x.yaml"), []byte("kind: groups\nname: x\nbody:\n  profile:\n    name: X\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"apply", "--dir", tree}, "--auto-approve"},
		{[]string{"apply"}, "give a saved plan"},
		{[]string{"apply", "a.json", "--dir", tree}, "give a saved plan"},
		{[]string{"apply", "--dir", tree, "--resume"}, "--resume continues a saved plan"},
		{[]string{"apply", filepath.Join(work, "missing.json")}, "no such file"},
	} {
		code, _, stderr := runCLI(t, tc.args...)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 1 and %q", tc.args, code, stderr, tc.want)
		}
	}
	// With --auto-approve the tree is planned and applied in one go.
	if code, stdout, stderr := runCLI(t, "apply", "--dir", tree, "--auto-approve"); code != 0 || !strings.Contains(stdout, "1 applied") {
		t.Fatalf("apply --dir --auto-approve: exit %d\n%s%s", code, stdout, stderr)
	}
}
