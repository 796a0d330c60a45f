package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// quotedOutput returns the output lines a doc quotes in indented blocks
// that start with one of prefixes (trimmed of the block's indent).
func quotedOutput(t *testing.T, file string, prefixes ...string) []string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "    ") {
			continue
		}
		l := strings.TrimSpace(line)
		for _, p := range prefixes {
			if strings.HasPrefix(l, p) {
				out = append(out, l)
			}
		}
	}
	return out
}

// TestFirstPromotion promotes the sample org into an empty org, as
// docs/promotion.md describes: the plan refuses nothing (what Okta makes
// with a new parent is adopted), apply without one secret refuses before
// any request, apply with every secret succeeds, and the next plan is
// empty. The messages docs/promotion.md and docs/troubleshooting.md quote
// for these steps are checked against what the binary printed.
func TestFirstPromotion(t *testing.T) {
	sampleOrg(t)
	docs, err := filepath.Abs(filepath.Join("..", "..", "docs"))
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	t.Chdir(work)
	tree := filepath.Join(work, "tree")
	if code, _, stderr := runCLI(t, "export", "--out", tree); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	// An empty org with the sample's features (an org without them refuses
	// the policy types that need them, rightly).
	empty, err := sandbox.New(sandbox.Options{Token: "T", RateScale: 60, Seed: 7, Features: sandbox.Features()})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(empty)
	t.Cleanup(hs.Close)
	t.Setenv("OKTA_CLIENT_ORGURL", hs.URL)

	planFile := filepath.Join(work, "plan.json")
	code, planText, stderr := runCLI(t, "plan", "--dir", tree, "--out", planFile)
	if code != 0 {
		t.Fatalf("plan: %d %s", code, stderr)
	}
	p, err := loadPlan(planFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Refused) != 0 || strings.Contains(planText, "Refused") {
		t.Errorf("a first promotion refuses %d steps, want 0:\n%v", len(p.Refused), p.Refused)
	}
	if len(p.Adopted) == 0 || !strings.Contains(planText, "objects adopted with their parents") {
		t.Errorf("nothing adopted: %d", len(p.Adopted))
	}
	// Every adopted object and adopt step waits for its parent's create.
	created := map[string]int{}
	for i, s := range p.Steps {
		if s.Action == plan.ActionCreate {
			created[s.Path] = i
		}
	}
	for _, a := range p.Adopted {
		if _, ok := created[a.ParentPath]; !ok {
			t.Errorf("%s adopted with %s, which the plan does not create", a.Path, a.ParentPath)
		}
	}
	for i, s := range p.Steps {
		if !s.Adopt {
			continue
		}
		if s.ParentPath != "" {
			if c, ok := created[s.ParentPath]; !ok || c > i {
				t.Errorf("%s is not ordered after its parent's create", s.ID)
			}
			continue
		}
		// An object without a parent that Okta makes once the objects
		// it joins exist (a profile mapping between a new IdP and a user
		// type) waits for the creates of those it refers to.
		joined := 0
		for _, r := range s.Refs() {
			if c, ok := created[r.Target]; ok {
				joined++
				if c > i {
					t.Errorf("%s is not ordered after the create of %s", s.ID, r.Target)
				}
			}
		}
		if joined == 0 {
			t.Errorf("%s is adopted, but the plan creates neither its parent nor an object it refers to", s.ID)
		}
	}

	// Apply without one of the secrets the creates need: refused up front.
	// Every other secret has a value of its field's format (secretsFile).
	const missing = "IDPS_GOOGLE_WORKSPACE_CLIENT_SECRET"
	secretsPath := secretsFile(t, planFile)
	data, err := os.ReadFile(secretsPath)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if !strings.HasPrefix(line, missing+":") {
			kept = append(kept, line)
		}
	}
	if len(kept) == len(strings.SplitAfter(string(data), "\n")) {
		t.Fatalf("the plan needs no %s", missing)
	}
	if err := os.WriteFile(secretsPath, []byte(strings.Join(kept, "")), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, applyErr := runCLI(t, "apply", planFile, "--secrets-file", secretsPath)
	if code != 1 || !strings.Contains(applyErr, "nothing was changed") {
		t.Fatalf("apply without %s: exit %d\n%s", missing, code, applyErr)
	}
	output := planText + "\noktasync: " + strings.TrimPrefix(strings.TrimSpace(applyErr), "oktasync: ")
	for _, doc := range []string{"promotion.md", "troubleshooting.md"} {
		// The lines of this walk-through: the adopted objects and the
		// secret refusal (troubleshooting.md quotes other runs' lines too).
		quoted := quotedOutput(t, filepath.Join(docs, doc), "= ", "~ authorization-servers/", "# Okta creates the", "oktasync: apply refused: 1 secret(s)")
		if doc == "promotion.md" && len(quoted) < 3 {
			t.Fatalf("%s quotes %d lines of the first promotion; the test expects the adopted objects and the secret refusal", doc, len(quoted))
		}
		for _, q := range quoted {
			if !strings.Contains(output, q) {
				t.Errorf("docs/%s quotes a line the binary does not print:\n  %s", doc, q)
			}
		}
	}

	t.Setenv("OKTASYNC_SECRET_"+missing, "value")
	if code, stdout, stderr := runCLI(t, "apply", planFile, "--secrets-file", secretsPath); code != 0 {
		t.Fatalf("apply: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, stdout, _ := runCLI(t, "plan", "--dir", tree, "--detailed-exitcode"); code != 0 {
		t.Fatalf("plan after the first promotion is not empty: exit %d\n%s", code, stdout)
	}
}
