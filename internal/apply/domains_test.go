package apply

import (
	"context"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/policies"
)

// TestDomainsCreate: a new custom domain on a custom brand and a new email
// domain. Okta makes a brand of its own with the custom domain, which apply
// deletes once the domain is on the file's brand (Kind.Makes); the email
// domain's create takes its brand, which Okta never answers and export
// reads from ?expand=brands, and Okta links the brand itself. Neither
// verifies (the sandbox sees no DNS): apply warns with the records and
// does not fail. The next plan is empty.
func TestDomainsCreate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 21})
	desired, _ := viaFiles(t, reg, o.snapshot(t))
	brandsBefore := countKind(o.snapshot(t), "brands")
	for _, obj := range []*model.Object{
		{Kind: "custom-domains", Path: "custom-domains/id-example-org", Body: map[string]any{
			"domain": "id.example.org", "certificateSourceType": "OKTA_MANAGED", "brandId": "${ref:brands/contractor-access}"}},
		{Kind: "email-domains", Path: "email-domains/contractors-example-org", Body: map[string]any{
			"domain": "contractors.example.org", "displayName": "Contractors", "userName": "hello",
			"validationSubdomain": "mail", "brandId": "${ref:brands/contractor-access}"}},
	} {
		if err := desired.Add(obj); err != nil {
			t.Fatal(err)
		}
	}
	p := computePlan(t, reg, desired, o.snapshot(t), plan.Options{})
	rep, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read, Options: Options{Environ: secretEnv(p)}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.HasFailures() {
		t.Fatalf("apply failed:%s", failures(rep))
	}
	var warned, dropped int
	for _, r := range rep.Steps {
		if strings.Contains(r.Path, "domains/") && strings.Contains(strings.Join(r.Warnings, "\n"), "_oktaverification.") {
			warned++
		}
		if strings.Contains(r.Reason, "deleted what Okta made with its create: brand ") {
			dropped++
		}
	}
	if warned != 2 || dropped != 1 {
		t.Errorf("got %d verification warnings (want 2) and %d made brands deleted (want 1)", warned, dropped)
	}
	after := o.snapshot(t)
	if n := countKind(after, "brands"); n != brandsBefore {
		t.Errorf("%d brands after the apply, want %d: the brand Okta made with the domain is left", n, brandsBefore)
	}
	if again := computePlan(t, reg, desired, after, plan.Options{}); !again.Empty() {
		var buf strings.Builder
		_ = plan.RenderText(&buf, again, plan.TextOptions{})
		t.Errorf("the plan after applying is not empty:\n%s", buf.String())
	}
	ed, ok := after.Get("email-domains/contractors-example-org")
	if !ok || ed.Body["brandId"] != "${ref:brands/contractor-access}" {
		t.Errorf("the email domain's brand as read back: %v", ed)
	}
}

func countKind(s *model.Snapshot, kind string) int {
	n := 0
	for _, o := range s.Objects() {
		if o.Kind == kind {
			n++
		}
	}
	return n
}

// TestDomainsPromotion: domains differ per org, so a promoted tree holds
// them as variables: the plan against another org creates them with the
// variables' values (Okta's own brand deleted), and the next plan with the
// same variables is empty. (TestPromotion cannot hold these rows: its
// re-export over A's tree names files after the org's domain, and the
// file of a domain behind a variable is named after A's.)
func TestDomainsPromotion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	a := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 3, Subdomain: "acme-preview"})
	b := newOrg(t, reg, sandbox.Options{Seed: 4, Subdomain: "acme", Features: policies.TypesWithFeature})
	desired, _ := viaFiles(t, reg, a.snapshot(t))
	vars := map[string]string{"SIGNIN_DOMAIN": "login.acme.com", "MAIL_DOMAIN": "partners.acme.com"}
	for path, v := range map[string]string{"custom-domains/login-example-com": "SIGNIN_DOMAIN", "email-domains/partners-example-com": "MAIL_DOMAIN"} {
		o, ok := desired.Get(path)
		if !ok {
			t.Fatalf("the sample has no %s", path)
		}
		o.Body["domain"] = model.FormatVar(v)
	}
	p := computePlan(t, reg, desired, b.snapshot(t), plan.Options{Vars: vars})
	rep, err := Run(ctx, RunOptions{Plan: p, Client: b.client, Registry: reg, Read: b.read, Options: Options{Environ: secretEnv(p)}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.HasFailures() {
		t.Fatalf("apply failed:%s", failures(rep))
	}
	after := b.snapshot(t)
	for _, want := range []string{"custom-domains/login-acme-com", "email-domains/partners-acme-com"} {
		if _, ok := after.Get(want); !ok {
			t.Errorf("B has no %s", want)
		}
	}
	if again := computePlan(t, reg, desired, after, plan.Options{Vars: vars}); again.HasChanges() {
		var buf strings.Builder
		_ = plan.RenderText(&buf, again, plan.TextOptions{})
		t.Errorf("the plan after apply is not empty:\n%s", buf.String())
	}
}
