package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInitCommand(t *testing.T) {
	dir := t.TempDir()
	code, out, stderr := runOneCommand(t, initCommand(), "init", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{".github/workflows/plan.yml", ".github/workflows/apply.yml", ".github/workflows/backup.yml",
		".github/workflows/drift.yml", "okta.yaml", "vars/preview.yaml", "vars/production.yaml", "README.md: created", ".gitignore: created"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
		if _, err := os.Stat(filepath.Join(dir, strings.TrimSuffix(want, ": created"))); err != nil {
			t.Error(err)
		}
	}

	// Again: refused, and the message names the files and --force.
	code, _, stderr = runOneCommand(t, initCommand(), "init", dir)
	if code != 1 || !strings.Contains(stderr, "refusing to overwrite .github/workflows/plan.yml") || !strings.Contains(stderr, "--force") {
		t.Errorf("second init: exit %d, stderr %q", code, stderr)
	}
	code, out, stderr = runOneCommand(t, initCommand(), "init", "--force", dir)
	if code != 0 || !strings.Contains(out, "okta.yaml (replaced)") || !strings.Contains(out, "README.md: replaced") {
		t.Errorf("--force: exit %d, stdout %q, stderr %q", code, out, stderr)
	}

	if code, _, _ := runOneCommand(t, initCommand(), "init", filepath.Join(dir, "nope")); code != 1 {
		t.Errorf("missing dir: exit %d", code)
	}
	if code, _, _ := runOneCommand(t, initCommand(), "init", "a", "b"); code != 1 {
		t.Errorf("two args: exit %d", code)
	}
}
