package apply

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestSignInSecurityEdits: one edit to an object of each sign-in security
// kind (and of the policy types Okta seeds) shows in the plan as exactly
// that edit — one update step with one field change, system objects
// included, matched by role or, for an enrollment form, by the path export
// named it — and applies; afterwards the plan is empty and the org exports
// to the edited tree. Reordering a set (ThreatInsight's excluded zones) is
// no change at all.
func TestSignInSecurityEdits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 5})
	desired, _ := viaFiles(t, reg, o.snapshot(t))

	edits := []struct{ path, field string }{
		{"behaviors/new-city", "settings.maxEventsUsedForEvaluation"},
		{"behaviors/new-location-within-50-km", "settings.radiusKilometers"},
		{"device-assurance-policies/managed-macs", "osVersion.minimum"},
		{"ui-schemas/profile-enrollment-portal-self-registration", "uiSchema.buttonLabel"},
		{"threat-insight/default", "action"},
		{"user-lockout-settings/default", "preventBruteForceLockoutFromUnknownDevices"},
		{"captchas/sign-up-bot-protection", "siteKey"},
		{"org-captcha-settings/default", "enabledPages"},
		{"policies/post-auth-session/post-auth-policy/rules/post-session-protection-rule", "name"},
		{"policies/session-violation-detection/session-violation-detection-policy/rules/session-violation-policy-risk-rule", "conditions.riskScore.minRiskLevel"},
		{"policies/entity-risk/entity-risk-policy/rules/high-risk-end-all-sessions", "conditions.entityRisk.level"},
		{"policies/client-update/okta-verify-client-update-policy/rules/catch-all-rule", "actions.updateControls.actions"},
	}
	values := map[string]any{
		"settings.maxEventsUsedForEvaluation":        rawJSON(t, "30"),
		"settings.radiusKilometers":                  rawJSON(t, "75"),
		"osVersion.minimum":                          "15.0",
		"uiSchema.buttonLabel":                       "Sign up",
		"action":                                     "block",
		"preventBruteForceLockoutFromUnknownDevices": false,
		"siteKey":                           "20000000-ffff-ffff-ffff-000000000002",
		"enabledPages":                      []any{"SIGN_IN", "SSPR", "SSR"},
		"name":                              "Protect sessions after sign-in",
		"conditions.riskScore.minRiskLevel": "HIGH",
		"conditions.entityRisk.level":       "MEDIUM",
		"actions.updateControls.actions":    []any{map[string]any{"action": "OKTA_VERIFY_UPDATE", "value": "HOTFIX_ONLY"}},
	}
	want := map[string][]string{}
	for _, e := range edits {
		obj, ok := desired.Get(e.path)
		if !ok {
			t.Fatalf("the sample export has no %s", e.path)
		}
		if err := model.SetField(obj.Body, e.field, values[e.field]); err != nil {
			t.Fatal(err)
		}
		want[e.path] = []string{"/" + strings.ReplaceAll(e.field, ".", "/")}
	}
	// A set in another order is the same set.
	ti, _ := desired.Get("threat-insight/default")
	zones, _ := model.Lookup(ti.Body, "excludeZones")
	list := zones.([]any)
	list[0], list[len(list)-1] = list[len(list)-1], list[0]

	p := computePlan(t, reg, desired, o.snapshot(t), plan.Options{})
	got := map[string][]string{}
	for _, s := range p.Steps {
		if s.Action != plan.ActionUpdate {
			t.Errorf("unexpected step %s", s.ID)
			continue
		}
		for _, c := range s.Changes {
			got[s.Path] = append(got[s.Path], c.Path)
		}
		sort.Strings(got[s.Path])
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the plan is not exactly the edits (-want +got):\n%s", diff)
	}
	if len(p.Refused) > 0 {
		t.Errorf("refused: %v", p.Refused)
	}
	rep, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{Environ: secretEnv(p)}, BackupDir: t.TempDir()})
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	if rep.HasFailures() {
		t.Fatalf("apply failed:%s", failures(rep))
	}
	after := o.snapshot(t)
	if again := computePlan(t, reg, desired, after, plan.Options{}); again.HasChanges() {
		var buf strings.Builder
		_ = plan.RenderText(&buf, again, plan.TextOptions{})
		t.Errorf("the plan after apply is not empty:\n%s", buf.String())
	}
	// The org holds the edits (a set in Okta's order; a renamed object
	// under its new name's slug; 75 as Okta's 75.0, the same number, which
	// the empty plan above already shows).
	for _, e := range edits {
		path := e.path
		if e.field == "name" {
			path = path[:strings.LastIndexByte(path, '/')+1] + model.Slug(values["name"].(string))
		}
		obj, ok := after.Get(path)
		if !ok {
			t.Errorf("%s is not in the org after apply", path)
			continue
		}
		v, _ := model.Lookup(obj.Body, e.field)
		switch e.field {
		case "enabledPages", "settings.radiusKilometers":
		default:
			if fmt.Sprint(v) != fmt.Sprint(values[e.field]) {
				t.Errorf("%s %s = %v, want %v", path, e.field, v, values[e.field])
			}
		}
	}
}

// rawJSON parses a JSON literal into the raw form bodies hold.
func rawJSON(t *testing.T, s string) any {
	t.Helper()
	v, err := model.ParseJSON([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestCaptchaSecretKey: a CAPTCHA's secret key is write-only in Okta, so
// the tree holds ${secret:NAME}; promoting it into another org sends the
// value from the environment, and the value lands nowhere else: not in the
// plan, the report, the journal, the backup, or the target's export.
func TestCaptchaSecretKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	a := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 6})
	b := newOrg(t, reg, sandbox.Options{Seed: 7})
	desired, _ := viaFiles(t, reg, a.snapshot(t))
	obj, _ := desired.Get("captchas/sign-up-bot-protection")
	name := "CAPTCHAS_SIGN_UP_BOT_PROTECTION_SECRETKEY"
	if v, _ := model.Lookup(obj.Body, "secretKey"); v != model.FormatSecret(name) {
		t.Fatalf("the tree holds secretKey %v", v)
	}
	const value = "0xCaPtChA-s3cr3t-value"
	p := computePlan(t, reg, desired, b.snapshot(t), plan.Options{})
	env := append(secretEnv(p), SecretEnvPrefix+name+"="+value)
	dir := t.TempDir()
	journal := dir + "/journal"
	backup := dir + "/backup"
	rep, err := Run(ctx, RunOptions{Plan: p, Client: b.client, Registry: reg, Read: b.read,
		Options: Options{Environ: env, Journal: journal}, BackupDir: backup})
	if err != nil || rep.HasFailures() {
		t.Fatalf("apply: %v%s", err, failures(rep))
	}
	b.srv.Org().Lock()
	stored := ""
	for _, c := range b.srv.Org().List("captchas", "") {
		stored, _ = c["secretKey"].(string)
	}
	b.srv.Org().Unlock()
	if stored != value {
		t.Fatalf("the target org holds secret %q", stored)
	}
	var out strings.Builder
	_ = p.Save(&out)
	_ = RenderJSON(&out, rep, RenderOptions{})
	_ = RenderText(&out, rep, RenderOptions{})
	texts := map[string]string{"plan and report": out.String()}
	for f, c := range readFiles(t, dir) {
		texts[f] = c
	}
	_, exported := viaFiles(t, reg, b.snapshot(t))
	for f, c := range readFiles(t, exported) {
		texts["export "+f] = c
	}
	for what, text := range texts {
		if strings.Contains(text, "s3cr3t") {
			t.Errorf("%s holds the secret value", what)
		}
	}
}
