package apply

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/export"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/tree"
)

// TestOktaSupportGrantIsGuarded: a file that grants Okta Support access
// plans a toggle step that says apply needs --allow okta-support; apply
// without it refuses the whole run before anything is sent (the org
// still has no support access, and the other edit of the tree is not
// made either); with it, the grant is sent. Revoking needs no
// permission. The expiration is never written to the tree.
func TestOktaSupportGrantIsGuarded(t *testing.T) {
	t.Parallel()
	reg := registry(t)
	ctx := context.Background()
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 5})
	dir := t.TempDir()
	exported, err := export.Export(ctx, o.client, reg, dir, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	edit := func(file, old, new string) {
		t.Helper()
		path := filepath.Join(dir, filepath.FromSlash(file))
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Count(string(data), old) != 1 {
			t.Fatalf("%s holds %q %d times, want once:\n%s", file, old, strings.Count(string(data), old), data)
		}
		if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	planTree := func(current *model.Snapshot) *plan.Plan {
		t.Helper()
		desired, problems := tree.Read(dir, reg)
		problems = append(problems, tree.Validate(desired, reg)...)
		if model.HasErrors(problems) {
			t.Fatalf("the tree does not validate: %v", problems)
		}
		return computePlan(t, reg, desired, current, plan.Options{})
	}
	support := func() string {
		t.Helper()
		objs := o.snapshot(t).ByKind("org-support")
		if len(objs) != 1 {
			t.Fatalf("org-support objects: %d", len(objs))
		}
		v, _ := model.Lookup(objs[0].Body, "support")
		if _, has := model.Lookup(objs[0].Body, "expiration"); has {
			t.Errorf("the expiration reached the portable body: %v", objs[0].Body)
		}
		s, _ := v.(string)
		return s
	}
	apply := func(p *plan.Plan, allow ...string) error {
		t.Helper()
		rep, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.readKinds(TouchedKinds(p, reg)),
			Options: Options{Environ: secretEnv(p), Allow: allow}, BackupDir: t.TempDir()})
		if err == nil && rep.HasFailures() {
			t.Fatalf("apply failed:%s", failures(rep))
		}
		return err
	}

	edit("org-support/settings.yaml", "support: DISABLED", "support: ENABLED")
	edit("org-dashboard/settings.yaml", "showEndUserFooter: false", "showEndUserFooter: true")
	p := planTree(exported.Snapshot)
	var grant *plan.Step
	for i, s := range p.Steps {
		if s.Path == "org-support/settings" {
			grant = &p.Steps[i]
		}
	}
	if grant == nil || grant.Action != plan.ActionToggle || grant.Toggle.Value != "ENABLED" ||
		!strings.Contains(grant.Note, "--allow okta-support") || !strings.Contains(grant.Note, "Okta Support staff") {
		t.Fatalf("the grant step: %+v", grant)
	}
	var buf strings.Builder
	if err := plan.RenderText(&buf, p, plan.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "grant Okta Support access") || !strings.Contains(buf.String(), "--allow okta-support") {
		t.Errorf("the plan's text does not show the guarded grant:\n%s", buf.String())
	}

	for _, allow := range [][]string{nil, {"something-else"}} {
		err := apply(p, allow...)
		if err == nil || !strings.Contains(err.Error(), "--allow okta-support") || !strings.Contains(err.Error(), "nothing was changed") {
			t.Fatalf("apply with --allow %v: %v, want a refusal naming --allow okta-support", allow, err)
		}
	}
	if got := support(); got != "DISABLED" {
		t.Fatalf("a refused apply granted support access: %s", got)
	}
	if footer, _ := model.Lookup(o.snapshot(t).ByKind("org-dashboard")[0].Body, "showEndUserFooter"); footer != false {
		t.Fatalf("a refused apply changed the dashboard: %v", footer)
	}

	if err := apply(p, "okta-support"); err != nil {
		t.Fatalf("apply --allow okta-support: %v", err)
	}
	if got := support(); got != "ENABLED" {
		t.Fatalf("after apply --allow okta-support: %s", got)
	}
	if again := planTree(o.snapshot(t)); again.HasChanges() {
		t.Errorf("the plan after the grant still has work: %v", describeSteps(again))
	}

	edit("org-support/settings.yaml", "support: ENABLED", "support: DISABLED")
	p = planTree(o.snapshot(t))
	if got := describeSteps(p); len(got) != 1 || got[0] != "toggle org-support/settings /support" || p.Steps[0].Note != "" {
		t.Fatalf("the revoke plan: %v (note %q)", got, p.Steps[0].Note)
	}
	if err := apply(p); err != nil {
		t.Fatalf("revoking needs no permission: %v", err)
	}
	if got := support(); got != "DISABLED" {
		t.Fatalf("after the revoke: %s", got)
	}
}
