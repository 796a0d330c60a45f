package main

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestProgressWithoutTerminal runs apply as CI does (stderr is not a
// terminal) against a slow, rate-limited org: a developer-tier sandbox
// with latency and one-second windows, and --max-capacity low enough that
// the client must wait for resets. The run spans many progress intervals,
// so stderr carries plain progress lines: the org being read (kinds out of
// the total), steps done out of the total, API calls, and a rate-limit
// wait naming its bucket and when it ends. The apply phase's line is there
// however fast the steps run, because a phase's start is printed at once.
// The test asserts what is printed, never how long anything took.
func TestProgressWithoutTerminal(t *testing.T) {
	srv, err := sandbox.New(sandbox.Options{Token: "T", Sample: true, Tier: sandbox.TierDeveloper,
		RateScale: 60, Latency: 2 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	t.Setenv("OKTA_CLIENT_ORGURL", hs.URL)
	t.Setenv("OKTA_CLIENT_TOKEN", "T")
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	t.Setenv("NO_COLOR", "1")
	work := t.TempDir()
	tree := filepath.Join(work, "tree")
	if code, _, stderr := runCLI(t, "export", "--out", tree, "--progress-interval", "0"); code != 0 || strings.Contains(stderr, "progress:") {
		t.Fatalf("export: %d %s", code, stderr)
	}
	for i := range 30 {
		body := fmt.Sprintf("kind: groups\nname: load-%02d\nbody:\n  profile:\n    name: Load %02d\n", i, i)
		if err := os.WriteFile(filepath.Join(tree, "groups", fmt.Sprintf("load-%02d.yaml", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	planFile := filepath.Join(work, "plan.json")
	if code, _, stderr := runCLI(t, "plan", "--dir", tree, "--out", planFile, "--progress-interval", "0"); code != 0 {
		t.Fatalf("plan: %d %s", code, stderr)
	}

	code, stdout, stderr := runCLI(t, "apply", planFile, "--progress-interval", "100ms", "--max-capacity", "25")
	if code != 0 || !strings.Contains(stdout, "30 applied, 0 failed") {
		t.Fatalf("apply: exit %d\n%s%s", code, stdout, stderr)
	}
	t.Logf("stderr:\n%s", stderr)
	if strings.Contains(stdout, "progress:") {
		t.Error("progress lines on stdout, which holds the report")
	}
	var lines []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "progress: ") {
			lines = append(lines, l)
		}
	}
	if len(lines) < 3 {
		t.Fatalf("%d progress lines, want several", len(lines))
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`^progress: \S+ reading the org: \d+/\d+ kinds, \d+ objects, \d+ API calls`),
		regexp.MustCompile(`^progress: \S+ applying: \d+/30 steps done, \d+ API calls`),
		regexp.MustCompile(`; waiting for /api/v1/\S+ to reset at \d\d:\d\d:\d\d`),
	} {
		found := false
		for _, l := range lines {
			found = found || want.MatchString(l)
		}
		if !found {
			t.Errorf("no progress line matches %s", want)
		}
	}
}

// TestProgressOff: --progress-interval 0 prints no progress line.
func TestProgressOff(t *testing.T) {
	sampleOrg(t)
	tree := filepath.Join(t.TempDir(), "tree")
	code, _, stderr := runCLI(t, "export", "--out", tree, "--progress-interval", "0")
	if code != 0 || strings.Contains(stderr, "progress:") {
		t.Fatalf("export: %d\n%s", code, stderr)
	}
}
