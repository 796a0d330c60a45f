package apply

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestEmailCustomizationDefaults: a template's customizations have exactly
// one default, which Okta moves rather than sets. A new default is created
// (Okta refuses a create naming a second default) and then made the
// default; the old default's isDefault: false is never sent while it
// holds the flag (409 E0000185); the last customization of a template is
// removed with the collection DELETE (the default alone answers 409
// E0000184); the first customization of a template is written first. A
// second round moves the default to an existing customization and deletes
// the one that held it. After each apply the plan is empty.
func TestEmailCustomizationDefaults(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 12})
	desired, _ := viaFiles(t, reg, o.snapshot(t))
	const tmpl = "brands/customer-portal/email-templates/"
	custom := func(lang string, def bool) map[string]any {
		return map[string]any{"language": lang, "isDefault": def, "subject": "Subject " + lang,
			"body": "<html>\n<body>" + lang + " ${user.profile.firstName}</body>\n</html>\n"}
	}
	add := func(path string, body map[string]any) {
		t.Helper()
		if err := desired.Add(&model.Object{Kind: "email-customizations", Path: path, Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	en, _ := desired.Get(tmpl + "useractivation/customizations/en")
	if en == nil || en.Body["isDefault"] != true {
		t.Fatalf("the sample's activation email in English is not the default: %v", en)
	}
	en.Body["isDefault"] = false
	add(tmpl+"useractivation/customizations/de", custom("de", true))
	if !desired.Remove(tmpl + "forgotpassword/customizations/en") {
		t.Fatal("the sample has no password reset email")
	}
	// A template without customizations gets two.
	add(tmpl+"passwordchanged/customizations/it", custom("it", false))
	add(tmpl+"passwordchanged/customizations/es", custom("es", true))

	p := computePlan(t, reg, desired, o.snapshot(t), plan.Options{AllowDelete: true})
	order := stepOrder(p, "/customizations/")
	for _, before := range [][2]string{
		{tmpl + "useractivation/customizations/de:create", tmpl + "useractivation/customizations/en:update"},
		{tmpl + "passwordchanged/customizations/es:create", tmpl + "passwordchanged/customizations/it:create"},
	} {
		if order[before[0]] == 0 || order[before[1]] == 0 || order[before[0]] > order[before[1]] {
			t.Errorf("%s must come before %s: %v", before[0], before[1], order)
		}
	}
	applyAndConverge(t, ctx, o, reg, desired, p)
	after := o.snapshot(t)
	wantDefaults(t, after, map[string]bool{
		tmpl + "useractivation/customizations/de": true, tmpl + "useractivation/customizations/en": false,
		tmpl + "useractivation/customizations/fr": false, tmpl + "passwordchanged/customizations/es": true,
		tmpl + "passwordchanged/customizations/it": false,
	})
	if _, ok := after.Get(tmpl + "forgotpassword/customizations/en"); ok {
		t.Error("the last customization of a template was not removed")
	}

	// Round two: fr takes the default from de, which goes.
	fr, _ := desired.Get(tmpl + "useractivation/customizations/fr")
	fr.Body["isDefault"] = true
	desired.Remove(tmpl + "useractivation/customizations/de")
	p = computePlan(t, reg, desired, after, plan.Options{AllowDelete: true})
	order = stepOrder(p, "/customizations/")
	if a, b := order[tmpl+"useractivation/customizations/fr:update"], order[tmpl+"useractivation/customizations/de:delete"]; a == 0 || b == 0 || a > b {
		t.Errorf("fr must take the default before de is deleted: %v", order)
	}
	applyAndConverge(t, ctx, o, reg, desired, p)
	wantDefaults(t, o.snapshot(t), map[string]bool{
		tmpl + "useractivation/customizations/en": false, tmpl + "useractivation/customizations/fr": true,
	})
}

// stepOrder maps the ID of each step whose path contains part to its place
// in the plan (from 1).
func stepOrder(p *plan.Plan, part string) map[string]int {
	out := map[string]int{}
	for i, s := range p.Steps {
		if strings.Contains(s.Path, part) {
			out[s.ID] = i + 1
		}
	}
	return out
}

func applyAndConverge(t *testing.T, ctx context.Context, o *org, reg *model.Registry, desired *model.Snapshot, p *plan.Plan) {
	t.Helper()
	rep, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{AllowDelete: true, Environ: secretEnv(p)}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.HasFailures() {
		t.Fatalf("apply failed:%s", failures(rep))
	}
	if again := computePlan(t, reg, desired, o.snapshot(t), plan.Options{}); !again.Empty() {
		var buf strings.Builder
		_ = plan.RenderText(&buf, again, plan.TextOptions{})
		t.Errorf("the plan after applying is not empty:\n%s", buf.String())
	}
}

func wantDefaults(t *testing.T, snap *model.Snapshot, want map[string]bool) {
	t.Helper()
	got := map[string]bool{}
	for path := range want {
		if o, ok := snap.Get(path); ok {
			got[path], _ = o.Body["isDefault"].(bool)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("isDefault per customization (-want +got):\n%s", diff)
	}
}
