package apply

import (
	"context"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
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
