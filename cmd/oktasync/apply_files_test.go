package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=test", "-c", "user.email=test@example.com",
		"-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// TestApplyLeavesRepositoryClean: in a repository set up by `oktasync
// init`, the review flow (export, commit, plan --out plan.json, apply)
// leaves nothing untracked: the backup and the journal go to the state
// directory, and the plan file is covered by init's .gitignore.
func TestApplyLeavesRepositoryClean(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	sampleOrg(t)
	repo := t.TempDir()
	t.Chdir(repo)
	git(t, repo, "init", "-q")
	if code, _, stderr := runCLI(t, "init"); code != 0 {
		t.Fatalf("init: %d %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "export", "--out", "okta"); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	git(t, repo, "add", "-A")
	git(t, repo, "commit", "-q", "-m", "okta")

	p := filepath.Join("okta", "groups", "engineering.yaml")
	data, err := os.ReadFile(p)
	if err != nil || !strings.Contains(string(data), "Software engineers") {
		t.Fatalf("%s: %v", p, err)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(data), "Software engineers", "All engineers", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, repo, "commit", "-q", "-am", "edit")
	if code, _, stderr := runCLI(t, "plan", "--dir", "okta", "--out", "plan.json"); code != 0 {
		t.Fatalf("plan: %d %s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "apply", "plan.json")
	if code != 0 || !strings.Contains(stdout, "1 applied, 0 failed") {
		t.Fatalf("apply: exit %d\n%s%s", code, stdout, stderr)
	}
	if strings.Contains(stderr, "warning:") {
		t.Errorf("apply warned:\n%s", stderr)
	}
	if status := git(t, repo, "status", "--porcelain", "--untracked-files=all"); status != "" {
		t.Errorf("apply left files git sees:\n%s", status)
	}
}

// TestUnignoredInGit: apply's warning asks git whether a path it would
// write is ignored: outside a work tree there is nothing to say; inside,
// init's .gitignore covers .oktasync/ and journals, and other paths are
// reported with the work tree's root.
func TestUnignoredInGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	outside := t.TempDir()
	repo := t.TempDir()
	git(t, repo, "init", "-q")
	if _, _, stderr := runOneCommand(t, initCommand(), "init", repo); stderr != "" {
		t.Fatal(stderr)
	}
	for _, tc := range []struct {
		path          string
		wantRoot      bool
		wantUnignored bool
	}{
		{filepath.Join(outside, "backups"), false, false},
		{filepath.Join(repo, ".oktasync", "backups"), true, false},
		{filepath.Join(repo, "sub", "plan.json.journal"), true, false},
		{filepath.Join(repo, "backups"), true, true},
		{filepath.Join(repo, "okta", "backup"), true, true},
	} {
		root, unignored, err := unignoredInGit(tc.path)
		if err != nil {
			t.Errorf("%s: %v", tc.path, err)
		}
		if (root != "") != tc.wantRoot || unignored != tc.wantUnignored {
			t.Errorf("%s: root %q, unignored %v; want a root %v, unignored %v", tc.path, root, unignored, tc.wantRoot, tc.wantUnignored)
		}
	}
}

// TestApplyWarnsUnignored: a --backup-dir inside a work tree that no rule
// covers draws apply's warning.
func TestApplyWarnsUnignored(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	sampleOrg(t)
	repo := t.TempDir()
	t.Chdir(repo)
	git(t, repo, "init", "-q")
	if code, _, stderr := runCLI(t, "export", "--out", "okta"); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	if err := os.WriteFile(filepath.Join("okta", "groups", "platform.yaml"),
		[]byte("kind: groups\nname: platform\nbody:\n  profile:\n    name: Platform\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "apply", "--dir", "okta", "--auto-approve", "--backup-dir", "backups")
	if code != 0 {
		t.Fatalf("apply: %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "warning: the backup goes to backups, inside the git work tree") ||
		!strings.Contains(stderr, "no ignore rule covers it") {
		t.Errorf("no warning:\n%s", stderr)
	}
}
