package apply

import (
	"context"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestSignOutPageEdits: a brand's sign-out page exists with the brand, so
// edits are updates, a new brand's page is adopted and set right after the
// brand's create, and a page the tree leaves out is left alone.
func TestSignOutPageEdits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 5})
	desired, _ := viaFiles(t, reg, o.snapshot(t))

	partner, ok := desired.Get("brands/partner-hub/sign-out-page/default")
	if !ok || partner.Body["type"] != "EXTERNALLY_HOSTED" {
		t.Fatalf("the sample partner brand's sign-out page: %v", partner)
	}
	partner.Body["url"] = "https://partners.example.com/goodbye"
	customer, _ := desired.Get("brands/customer-portal/sign-out-page/default")
	customer.Body["type"], customer.Body["url"] = "EXTERNALLY_HOSTED", "https://portal.example.com/signed-out"
	// Left out: the contractor brand's page is not managed.
	if !desired.Remove("brands/contractor-access/sign-out-page/default") {
		t.Fatal("the contractor brand has no sign-out page in the export")
	}
	brands, _ := reg.Kind("brands")
	pages, _ := reg.Kind("sign-out-pages")
	nb := map[string]any{"name": "Supplier Portal"}
	bp := model.BasePath(brands, "", nb)
	for _, obj := range []*model.Object{
		{Kind: "brands", Path: bp, Body: nb},
		{Kind: "sign-out-pages", Path: model.BasePath(pages, bp, map[string]any{}),
			Body: map[string]any{"type": "EXTERNALLY_HOSTED", "url": "https://suppliers.example.com/bye"}},
	} {
		if err := desired.Add(obj); err != nil {
			t.Fatal(err)
		}
	}

	p := computePlan(t, reg, desired, o.snapshot(t), plan.Options{})
	var ids []string
	for _, s := range p.Steps {
		if strings.Contains(s.Path, "sign-out-page") || s.Kind == "brands" {
			ids = append(ids, s.ID)
		}
	}
	sort.Strings(ids)
	want := []string{"brands/customer-portal/sign-out-page/default:update", "brands/partner-hub/sign-out-page/default:update",
		"brands/supplier-portal/sign-out-page/default:update", "brands/supplier-portal:create"}
	if !reflect.DeepEqual(ids, want) {
		t.Fatalf("steps %v, want %v", ids, want)
	}
	rep, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read, Options: Options{Environ: secretEnv(p)}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.HasFailures() {
		t.Fatalf("apply failed:%s", failures(rep))
	}
	after := o.snapshot(t)
	if again := computePlan(t, reg, desired, after, plan.Options{}); !again.Empty() {
		var buf strings.Builder
		_ = plan.RenderText(&buf, again, plan.TextOptions{})
		t.Errorf("the plan after applying is not empty:\n%s", buf.String())
	}
	got, _ := after.Get("brands/supplier-portal/sign-out-page/default")
	if got == nil || got.Body["url"] != "https://suppliers.example.com/bye" {
		t.Errorf("the new brand's page: %v", got)
	}
	if c, _ := after.Get("brands/contractor-access/sign-out-page/default"); c == nil || c.Body["type"] != "OKTA_DEFAULT" {
		t.Errorf("the page the tree left out: %v", c)
	}
}
