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

// TestSignInAndErrorPages: a page variant exists only once set. Setting
// one is a create (a PUT), an edit of its HTML an update, and leaving a
// variant out of the tree deletes it, which reverts the page to Okta's
// default (the variant answers 404 again). A new brand's page is set
// after the brand's create. After the apply the plan is empty.
func TestSignInAndErrorPages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 11})
	desired, _ := viaFiles(t, reg, o.snapshot(t))

	live, ok := desired.Get("brands/customer-portal/sign-in-page/customized")
	if !ok {
		t.Fatal("the sample customer brand has no customized sign-in page")
	}
	if wc, _ := live.Body["widgetCustomizations"].(map[string]any); wc["signInLabel"] != nil || len(wc) == 0 {
		t.Fatalf("the exported widget customizations keep Okta's nulls or lost the values: %v", wc)
	}
	content := live.Body["pageContent"].(string)
	live.Body["pageContent"] = strings.Replace(content, "Need help?", "Questions?", 1)
	if !desired.Remove("brands/customer-portal/sign-in-page/preview") {
		t.Fatal("the sample customer brand has no sign-in preview")
	}
	errPage := &model.Object{Kind: "error-pages", Path: "brands/partner-hub/error-page/customized",
		Body: map[string]any{"pageContent": "<html><body>{{errorSummary}}</body></html>\n"}}
	brands, _ := reg.Kind("brands")
	nb := map[string]any{"name": "Supplier Portal"}
	bp := model.BasePath(brands, "", nb)
	newPage := &model.Object{Kind: "sign-in-pages", Path: bp + "/sign-in-page/customized",
		Body: map[string]any{"pageContent": content, "widgetVersion": "^7", "widgetCustomizations": map[string]any{"helpLabel": "Supplier help"}}}
	for _, obj := range []*model.Object{errPage, {Kind: "brands", Path: bp, Body: nb}, newPage} {
		if err := desired.Add(obj); err != nil {
			t.Fatal(err)
		}
	}

	p := computePlan(t, reg, desired, o.snapshot(t), plan.Options{AllowDelete: true})
	var ids []string
	for _, s := range p.Steps {
		if strings.Contains(s.Path, "-page/") {
			ids = append(ids, s.ID)
		}
	}
	sort.Strings(ids)
	want := []string{"brands/customer-portal/sign-in-page/customized:update", "brands/customer-portal/sign-in-page/preview:delete",
		"brands/partner-hub/error-page/customized:create", "brands/supplier-portal/sign-in-page/customized:create"}
	if !reflect.DeepEqual(ids, want) {
		t.Fatalf("steps %v, want %v", ids, want)
	}
	rep, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{AllowDelete: true, Environ: secretEnv(p)}})
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
	if _, ok := after.Get("brands/customer-portal/sign-in-page/preview"); ok {
		t.Error("the deleted preview is still there")
	}
	if got, _ := after.Get("brands/customer-portal/sign-in-page/customized"); got == nil || !strings.Contains(got.Body["pageContent"].(string), "Questions?") {
		t.Errorf("the edited page: %v", got)
	}
	for _, path := range []string{"brands/partner-hub/error-page/customized", "brands/supplier-portal/sign-in-page/customized"} {
		if _, ok := after.Get(path); !ok {
			t.Errorf("%s was not set", path)
		}
	}
}
