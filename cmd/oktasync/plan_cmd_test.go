package main

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	sbtestkinds "github.com/oktasync/oktasync/internal/sandbox/testkinds"
)

// sampleOrg starts a sample sandbox and points the CLI's environment at it.
// Its rate-limit windows last one second: a test that reads the org many
// times would otherwise wait for real one-minute windows (the client's
// governor does exactly what it should).
func sampleOrg(t *testing.T) *sandbox.Server {
	t.Helper()
	srv, err := sandbox.New(sandbox.Options{Token: "T", Sample: true, RateScale: 60})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	t.Setenv("OKTA_CLIENT_ORGURL", hs.URL)
	t.Setenv("OKTA_CLIENT_TOKEN", "T")
	t.Setenv("HOME", t.TempDir())
	t.Setenv("NO_COLOR", "1")
	return srv
}

// TestPlanAfterExportIsEmpty is the first invariant: export an org, plan
// that tree against the same org, and there is nothing to do.
func TestPlanAfterExportIsEmpty(t *testing.T) {
	sampleOrg(t)
	dir := filepath.Join(t.TempDir(), "tree")
	if code, _, stderr := runCLI(t, "export", "--out", dir); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "plan", "--dir", dir, "--detailed-exitcode")
	if code != 0 || !strings.Contains(stdout, "No changes.") {
		t.Fatalf("plan after export: exit %d\n%s%s", code, stdout, stderr)
	}
}

func TestPlanChangesAndFormats(t *testing.T) {
	sampleOrg(t)
	dir := filepath.Join(t.TempDir(), "tree")
	if code, _, stderr := runCLI(t, "export", "--out", dir); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	if err := os.WriteFile(filepath.Join(dir, "groups", "platform.yaml"),
		[]byte("kind: groups\nname: platform\nbody:\n  profile:\n    name: Platform\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "plan.json")
	code, stdout, stderr := runCLI(t, "plan", "--dir", dir, "--detailed-exitcode", "--out", out)
	if code != 2 || !strings.Contains(stdout, "groups/platform") || stderr != "" {
		t.Fatalf("plan with a new group: exit %d (want 2)\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var saved map[string]any
	if err := json.Unmarshal(data, &saved); err != nil || saved["format_version"] == nil {
		t.Fatalf("saved plan is not versioned JSON: %v\n%.300s", err, data)
	}
	if code, stdout, _ := runCLI(t, "plan", "--dir", dir, "--format", "markdown"); code != 0 || !strings.Contains(stdout, "| Kind |") {
		t.Fatalf("markdown: exit %d\n%s", code, stdout)
	}
	if code, stdout, _ := runCLI(t, "plan", "--dir", dir, "--format", "json"); code != 0 || !json.Valid([]byte(stdout)) {
		t.Fatalf("json: exit %d\n%.300s", code, stdout)
	}
	if code, _, stderr := runCLI(t, "plan", "--dir", dir, "--format", "yaml"); code != 1 || !strings.Contains(stderr, "text, json or markdown") {
		t.Fatalf("bad format: exit %d %s", code, stderr)
	}
}

func TestDiffTrees(t *testing.T) {
	sampleOrg(t)
	a := filepath.Join(t.TempDir(), "a")
	if code, _, stderr := runCLI(t, "export", "--out", a); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	b := filepath.Join(t.TempDir(), "b")
	if code, _, stderr := runCLI(t, "export", "--out", b); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	if code, stdout, _ := runCLI(t, "diff", a, b, "--detailed-exitcode"); code != 0 {
		t.Fatalf("identical trees: exit %d\n%s", code, stdout)
	}
	p := filepath.Join(b, "groups", "engineering.yaml")
	data, _ := os.ReadFile(p)
	if err := os.WriteFile(p, []byte(strings.Replace(string(data), "Software engineers", "Engineers", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := runCLI(t, "diff", a, b, "--detailed-exitcode")
	if code != 2 || !strings.Contains(stdout, `"Software engineers" → "Engineers"`) {
		t.Fatalf("changed tree: exit %d\n%s", code, stdout)
	}
}

// TestPlanRefusesBadTree: nothing is planned (and the org is not read)
// when the tree does not validate; every problem is named with its line.
func TestPlanRefusesBadTree(t *testing.T) {
	srv := sampleOrg(t)
	dir := filepath.Join(t.TempDir(), "tree")
	if code, _, stderr := runCLI(t, "export", "--out", dir); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	before := srv.Stats().Requests
	if err := os.WriteFile(filepath.Join(dir, "groups", "broken.yaml"), []byte("kind: groups\nname: broken\nbody: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "plan", "--dir", dir)
	if code != 1 || !strings.Contains(stdout, "groups/broken.yaml:") || !strings.Contains(stderr, "does not validate") {
		t.Fatalf("bad tree: exit %d\n%s%s", code, stdout, stderr)
	}
	if srv.Stats().Requests != before {
		t.Fatal("the org was read although the tree is invalid")
	}
}

// TestPlanRefusesMissingLogin: planned against an org, a tree naming a
// user the org does not have stops with the file, line and login, before
// anything is planned; with the user there, it plans.
func TestPlanRefusesMissingLogin(t *testing.T) {
	srv := sampleOrg(t)
	dir := filepath.Join(t.TempDir(), "tree")
	if code, _, stderr := runCLI(t, "export", "--out", dir); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	rule := "kind: group-rules\nname: excluding\nbody:\n  actions:\n    assignUserToGroups:\n      groupIds:\n        - ${ref:groups/engineering}\n" +
		"  conditions:\n    expression:\n      type: urn:okta:expression:1.0\n      value: user.department == \"Engineering\"\n" +
		"    people:\n      users:\n        exclude:\n          - ${user:ghost@example.com}\n  name: Excluding\n  status: INACTIVE\n  type: group_rule\n"
	if err := os.WriteFile(filepath.Join(dir, "group-rules", "excluding.yaml"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "plan", "--dir", dir)
	if code != 1 || !strings.Contains(stderr, "group-rules/excluding.yaml:15: error: user ghost@example.com does not exist in this org") ||
		!strings.Contains(stderr, "oktasync never creates users") || stdout != "" {
		t.Fatalf("plan with a missing login: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	sbtestkinds.AddUser(srv, "ghost@example.com")
	if code, stdout, stderr := runCLI(t, "plan", "--dir", dir); code != 0 || !strings.Contains(stdout, "+ group-rules/excluding") {
		t.Fatalf("plan once the user exists: exit %d\n%s%s", code, stdout, stderr)
	}
}
