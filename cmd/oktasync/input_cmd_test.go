package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox/idps"
)

// TestDriftSeesUnmanaged: an IdP with auto-provisioning and a sign-on
// policy at priority 1 for Everyone, created through the REST API after an
// export, make `plan --detailed-exitcode` exit 2 and name both, in text and
// Markdown; the tree's ignore file and --kinds scope them out.
func TestDriftSeesUnmanaged(t *testing.T) {
	sampleOrg(t)
	org := &testOrg{url: os.Getenv("OKTA_CLIENT_ORGURL")}
	c, err := okta.New(okta.Config{OrgURL: org.url, Token: "T"})
	if err != nil {
		t.Fatal(err)
	}
	org.client = c
	tree := filepath.Join(t.TempDir(), "tree")
	if code, _, stderr := runCLI(t, "export", "--out", tree); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	if code, stdout, _ := runCLI(t, "plan", "--dir", tree, "--detailed-exitcode"); code != 0 {
		t.Fatalf("before: exit %d\n%s", code, stdout)
	}
	idp := idps.OIDCBody("Partner SSO", "https://partner.example.com", "partner-client", "partner-secret")
	idp["policy"] = map[string]any{"provisioning": map[string]any{"action": "AUTO"},
		"subject": map[string]any{"userNameTemplate": map[string]any{"template": "idpuser.email"}, "matchType": "USERNAME"}}
	org.post(t, "/api/v1/idps", idp)
	resp, err := c.Do(context.Background(), okta.Request{Method: http.MethodGet, Path: "/api/v1/groups?q=Everyone"})
	if err != nil {
		t.Fatal(err)
	}
	var groups []struct{ ID string }
	if err := json.Unmarshal(resp.Body, &groups); err != nil || len(groups) == 0 {
		t.Fatalf("Everyone: %v %s", err, resp.Body)
	}
	org.post(t, "/api/v1/policies", map[string]any{"type": "OKTA_SIGN_ON", "name": "Break glass", "priority": 1, "status": "ACTIVE",
		"conditions": map[string]any{"people": map[string]any{"groups": map[string]any{"include": []any{groups[0].ID}}}}})

	code, stdout, stderr := runCLI(t, "plan", "--dir", tree, "--detailed-exitcode")
	for _, want := range []string{"2 objects in the org are not in the tree", "idps/partner-sso (id ", "policies/okta-sign-on/break-glass (id "} {
		if code != 2 || !strings.Contains(stdout, want) {
			t.Errorf("text plan: exit %d, want 2 and %q:\n%s%s", code, want, stdout, stderr)
		}
	}
	code, stdout, _ = runCLI(t, "plan", "--dir", tree, "--detailed-exitcode", "--format", "markdown")
	if code != 2 || !strings.Contains(stdout, "**2 objects in the org are not in the tree:**") || !strings.Contains(stdout, "policies/okta-sign-on/break-glass") {
		t.Errorf("markdown plan: exit %d\n%s", code, stdout)
	}
	// Scoped out, on purpose: nothing to report.
	if code, stdout, _ := runCLI(t, "plan", "--dir", tree, "--detailed-exitcode", "--kinds", "groups,group-rules"); code != 0 {
		t.Errorf("--kinds groups,group-rules: exit %d\n%s", code, stdout)
	}
	if err := os.WriteFile(filepath.Join(tree, ".oktasyncignore"), []byte("# left to the partner team\nidps/partner-sso\npolicies/*/break-glass\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = runCLI(t, "plan", "--dir", tree, "--detailed-exitcode")
	if code != 0 || !strings.Contains(stdout, "2 objects not in the tree are left alone") {
		t.Errorf("with the ignore file: exit %d\n%s", code, stdout)
	}
}

// TestBadInputIsRefused: each kind of input Okta refuses, or that would
// leak or mislead, stops validate and plan at its file and line, before any
// request.
func TestBadInputIsRefused(t *testing.T) {
	srv := sampleOrg(t)
	work := t.TempDir()
	tree := filepath.Join(work, "tree")
	if code, _, stderr := runCLI(t, "export", "--out", tree); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	write := func(rel, content string) {
		p := filepath.Join(tree, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("policies/password/strong.yaml", "kind: policies\nname: password/strong\nbody:\n  name: Strong\n  priority: 1\n  status: ACTIVE\n  type: PASSWORD\n"+
		"  settings:\n    password:\n      complexity:\n        minLength: twelve\n")
	write("groups/sales-caps.yaml", "kind: groups\nname: sales-caps\nbody:\n  profile:\n    name: SALES\n")
	write("groups/all.yaml", "kind: groups\nname: all\nbody:\n  profile:\n    name: Everyone\n")
	write("groups/nul.yaml", "kind: groups\nname: nul\nbody:\n  profile:\n    name: \"Ops\\0\"\n")
	write("groups/support-team.yaml", "kind: groups\nname: support-team\nbody:\n  profile:\n    description: \"Support\\u200b\"\n    name: \"Supp\\u043ert team\"\n")
	write("groups/keys.yaml", "kind: groups\nname: keys\nbody:\n  profile:\n    description: ${secret:API_KEY}\n    name: Keys\n")
	outside := filepath.Join(work, "outside.yaml")
	if err := os.WriteFile(outside, []byte("kind: groups\nname: linked\nbody:\n  profile:\n    name: Linked\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(tree, "groups", "linked.yaml")); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`groups/all.yaml:5: error: profile.name="Everyone" is the name of a system group`,
		"groups/keys.yaml:5: error: profile.description is not a secret field of groups, so ${secret:API_KEY} would be stored in clear",
		"groups/linked.yaml: error: symbolic link: oktasync does not follow links",
		`groups/nul.yaml:5: error: control character U+0000 in "Ops\u0000"`,
		`groups/sales-caps.yaml:1: error: profile.name="SALES" and profile.name="Sales" (groups/sales.yaml) differ only by case`,
		`groups/support-team.yaml:5: warning: invisible character U+200B in "Support\u200b"`,
		`groups/support-team.yaml:6: warning: "Supp\u043ert team" mixes Latin and Cyrillic letters in one word`,
		`policies/password/strong.yaml:11: error: type: at /body/settings/password/complexity/minLength: expected number, but got string "twelve"`,
	}
	before := srv.Stats().Requests
	for _, args := range [][]string{{"validate", tree}, {"plan", "--dir", tree}} {
		code, stdout, stderr := runCLI(t, args...)
		if code != 1 {
			t.Errorf("%v: exit %d", args, code)
		}
		for _, w := range want {
			if !strings.Contains(stdout+stderr, w) {
				t.Errorf("%v does not say %q:\n%s%s", args, w, stdout, stderr)
			}
		}
	}
	if n := srv.Stats().Requests - before; n != 0 {
		t.Errorf("%d requests reached the org", n)
	}
}
