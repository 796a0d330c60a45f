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
// directory, and the plan file is covered by init's .gitignore. A
// --backup-dir inside the repository that no rule covers draws a warning;
// one the .gitignore covers (.oktasync/) does not.
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

	edit := func(from, to string) {
		p := filepath.Join("okta", "groups", "engineering.yaml")
		data, err := os.ReadFile(p)
		if err != nil || !strings.Contains(string(data), from) {
			t.Fatalf("%s: %v", p, err)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(data), from, to, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		git(t, repo, "commit", "-q", "-am", to)
	}
	for _, tc := range []struct {
		name      string
		extra     []string
		wantWarn  bool
		from, to  string
		wantFiles string // a glob that must match after the run, if any
	}{
		{name: "defaults", from: "Software engineers", to: "All engineers"},
		{name: "ignored backup dir", extra: []string{"--backup-dir", filepath.Join(".oktasync", "backups")},
			from: "All engineers", to: "Every engineer", wantFiles: filepath.Join(".oktasync", "backups", "*")},
		{name: "backup dir with no rule", extra: []string{"--backup-dir", "backups"}, wantWarn: true,
			from: "Every engineer", to: "Engineers", wantFiles: filepath.Join("backups", "*")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			edit(tc.from, tc.to)
			if code, _, stderr := runCLI(t, "plan", "--dir", "okta", "--out", "plan.json"); code != 0 {
				t.Fatalf("plan: %d %s", code, stderr)
			}
			code, stdout, stderr := runCLI(t, append([]string{"apply", "plan.json"}, tc.extra...)...)
			if code != 0 || !strings.Contains(stdout, "1 applied, 0 failed") {
				t.Fatalf("apply: exit %d\n%s%s", code, stdout, stderr)
			}
			warned := strings.Contains(stderr, "no ignore rule covers it")
			if warned != tc.wantWarn {
				t.Errorf("warning %v, want %v:\n%s", warned, tc.wantWarn, stderr)
			}
			if tc.wantFiles != "" {
				if m, _ := filepath.Glob(tc.wantFiles); len(m) == 0 {
					t.Errorf("no backup in %s", tc.wantFiles)
				}
			}
			status := git(t, repo, "status", "--porcelain", "--untracked-files=all")
			if tc.wantWarn {
				if !strings.Contains(status, "?? backups/") {
					t.Errorf("the unignored backup is not what git shows:\n%s", status)
				}
				return
			}
			if status != "" {
				t.Errorf("apply left files git sees:\n%s", status)
			}
		})
	}
}
