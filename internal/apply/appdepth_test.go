package apply

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestAppDepthEdits: one edit to an object of each kind below an app (and
// to a profile mapping) shows in the plan as exactly that edit and
// applies; afterwards the plan is empty and the org holds the edits. A
// file that spells out Okta's unechoed defaults (an app user attribute's
// required: false) shows no change; the group push mapping's status goes
// through its PATCH, not an update.
func TestAppDepthEdits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 8})
	desired, _ := viaFiles(t, reg, o.snapshot(t))

	edits := []struct {
		path, field string
		value       any
	}{
		{"apps/engineering-portal/user-schema/default", "definitions.custom.properties.costCenter.maxLength", depthJSON(t, "12")},
		{"apps/people-directory/provisioning/default", "baseUrl", "https://directory.example.com/scim/v3"},
		{"apps/people-directory/features/user-provisioning", "capabilities.update.profile.status", "DISABLED"},
		{"apps/engineering-portal/federated-claims/cost-center", "expression", "appuser.costCenter + \"-eng\""},
		{"profile-mappings/user/people-directory", "properties.email.pushStatus", "DONT_PUSH"},
		{"apps/people-directory/group-push/engineering", "status", "INACTIVE"},
	}
	want := map[string][]string{}
	for _, e := range edits {
		obj, ok := desired.Get(e.path)
		if !ok {
			t.Fatalf("the sample export has no %s", e.path)
		}
		if err := model.SetField(obj.Body, e.field, e.value); err != nil {
			t.Fatal(err)
		}
		want[e.path] = []string{"/" + strings.ReplaceAll(e.field, ".", "/")}
	}
	// Okta's defaults, spelled out, are no change.
	schema, _ := desired.Get("apps/engineering-portal/user-schema/default")
	for field, v := range map[string]any{
		"definitions.custom.properties.team.required":    false,
		"definitions.custom.properties.team.master":      map[string]any{"type": "PROFILE_MASTER"},
		"definitions.custom.properties.costCenter.union": "DISABLE",
	} {
		if err := model.SetField(schema.Body, field, v); err != nil {
			t.Fatal(err)
		}
	}

	p := computePlan(t, reg, desired, o.snapshot(t), plan.Options{})
	got := map[string][]string{}
	actions := map[string]plan.Action{}
	for _, s := range p.Steps {
		actions[s.Path] = s.Action
		for _, c := range s.Changes {
			got[s.Path] = append(got[s.Path], c.Path)
		}
		sort.Strings(got[s.Path])
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the plan is not exactly the edits (-want +got):\n%s", diff)
	}
	for path, a := range actions {
		if wantA := plan.ActionUpdate; !strings.Contains(path, "/group-push/") && a != wantA {
			t.Errorf("%s: %s, want %s", path, a, wantA)
		}
	}
	if a := actions["apps/people-directory/group-push/engineering"]; a != plan.ActionDeactivate {
		t.Errorf("the group push status change is a %s step, want %s (its PATCH)", a, plan.ActionDeactivate)
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
	for _, e := range edits {
		obj, ok := after.Get(e.path)
		if !ok {
			t.Errorf("%s is not in the org after apply", e.path)
			continue
		}
		if v, _ := model.Lookup(obj.Body, e.field); fmt.Sprint(v) != fmt.Sprint(e.value) {
			t.Errorf("%s %s = %v, want %v", e.path, e.field, v, e.value)
		}
	}
}

// depthJSON parses a JSON literal into the raw form bodies hold (numbers
// as json.Number-like values, as export reads them).
func depthJSON(t *testing.T, s string) any {
	t.Helper()
	v, err := model.ParseJSON([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestProvisioningTokenSecret: a provisioning connection's API token is
// write-only in Okta, so the tree holds ${secret:NAME}; promoting the
// provisioned app into another org sends the value from the environment
// (the connection, then its activation, then the features Okta makes and
// the group push mapping), and the value lands nowhere else: not in the
// plan, the report, the journal, the backup, or the target's export.
func TestProvisioningTokenSecret(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	a := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 9})
	b := newOrg(t, reg, sandbox.Options{Seed: 10})
	desired, _ := viaFiles(t, reg, a.snapshot(t))
	obj, ok := desired.Get("apps/people-directory/provisioning/default")
	if !ok {
		t.Fatal("the sample has no provisioned app")
	}
	name := "APPS_PEOPLE_DIRECTORY_PROVISIONING_DEFAULT_TOKEN"
	if v, _ := model.Lookup(obj.Body, "profile.token"); v != model.FormatSecret(name) {
		t.Fatalf("the tree holds token %v", v)
	}
	const value = "scim-s3cr3t-t0ken"
	p := computePlan(t, reg, desired, b.snapshot(t), plan.Options{})
	env := append(secretEnv(p), SecretEnvPrefix+name+"="+value)
	dir := t.TempDir()
	rep, err := Run(ctx, RunOptions{Plan: p, Client: b.client, Registry: reg, Read: b.read,
		Options: Options{Environ: env, Journal: dir + "/journal"}, BackupDir: dir + "/backup"})
	if err != nil || rep.HasFailures() {
		t.Fatalf("apply: %v%s", err, failures(rep))
	}
	after := b.snapshot(t)
	if again := computePlan(t, reg, desired, after, plan.Options{}); again.HasChanges() {
		var buf strings.Builder
		_ = plan.RenderText(&buf, again, plan.TextOptions{})
		t.Errorf("the plan after the promotion is not empty:\n%s", buf.String())
	}
	app, _ := after.Get("apps/people-directory")
	b.srv.Org().Lock()
	stored := b.srv.Org().Get("appConnectionTokens", "", app.Live.ID)
	b.srv.Org().Unlock()
	if got, _ := stored["token"].(string); got != value {
		t.Fatalf("the target org holds token %q", got)
	}
	var out strings.Builder
	_ = p.Save(&out)
	_ = RenderJSON(&out, rep, RenderOptions{})
	_ = RenderText(&out, rep, RenderOptions{})
	texts := map[string]string{"plan and report": out.String()}
	for f, c := range readFiles(t, dir) {
		texts[f] = c
	}
	_, exported := viaFiles(t, reg, after)
	for f, c := range readFiles(t, exported) {
		texts["export "+f] = c
	}
	for what, text := range texts {
		if strings.Contains(text, "s3cr3t") {
			t.Errorf("%s holds the token", what)
		}
	}
}

// TestProvisioningAnExistingApp: turning provisioning on for an app that
// exists without it. Export did not read the app's connection (its gate,
// features[], was empty), yet Okta keeps one DISABLED for every app: the
// plan sets it and activates it, then creates the group push mapping,
// which Okta takes only once provisioning is on. The org then plans empty.
func TestProvisioningAnExistingApp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 11})
	desired, _ := viaFiles(t, reg, o.snapshot(t))
	const app = "apps/expense-reports"
	if _, ok := desired.Get(app + "/provisioning/default"); ok {
		t.Fatalf("%s is provisioned already", app)
	}
	for _, obj := range []*model.Object{
		{Kind: "app-provisioning-connections", Name: "default", Path: app + "/provisioning/default", Body: map[string]any{
			"baseUrl": "https://expenses.example.com/scim/v2",
			"profile": map[string]any{"authScheme": "TOKEN", "token": model.FormatSecret("EXPENSES_SCIM_TOKEN")},
			"status":  "ENABLED"}},
		{Kind: "group-push-mappings", Name: "engineering", Path: app + "/group-push/engineering", Body: map[string]any{
			"sourceGroupId": model.FormatRef("groups/engineering"), "targetGroupName": "expenses-engineering", "status": "ACTIVE"}},
	} {
		if err := desired.Add(obj); err != nil {
			t.Fatal(err)
		}
	}
	p := computePlan(t, reg, desired, o.snapshot(t), plan.Options{})
	if len(p.Refused) > 0 {
		t.Fatalf("refused: %+v", p.Refused)
	}
	var steps []string
	for _, s := range p.Steps {
		steps = append(steps, s.Action.String()+" "+s.Path)
	}
	want := []string{"update " + app + "/provisioning/default", "toggle " + app + "/provisioning/default", "create " + app + "/group-push/engineering"}
	if diff := cmp.Diff(want, steps); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
	env := append(secretEnv(p), SecretEnvPrefix+"EXPENSES_SCIM_TOKEN=t0ken")
	rep, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{Environ: env}, BackupDir: t.TempDir()})
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	if rep.HasFailures() {
		t.Fatalf("apply failed:%s", failures(rep))
	}
	after := o.snapshot(t)
	for _, path := range []string{app + "/provisioning/default", app + "/group-push/engineering", app + "/features/user-provisioning"} {
		if _, ok := after.Get(path); !ok {
			t.Errorf("%s is not in the org after apply", path)
		}
	}
	// The features Okta made are the org's; the tree above does not name
	// them, so they are left alone.
	if again := computePlan(t, reg, desired, after, plan.Options{}); again.HasChanges() {
		var buf strings.Builder
		_ = plan.RenderText(&buf, again, plan.TextOptions{})
		t.Errorf("the plan after apply is not empty:\n%s", buf.String())
	}
}

// TestProvisioningConsent: an OAuth 2.0 provisioning connection of an app
// that needs an admin's consent (Zoom) cannot be activated through the
// API. Apply sets the connection, does not send the activation, and
// reports where to grant the consent; nothing fails, and the activation
// stays planned until someone grants it.
func TestProvisioningConsent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Seed: 12})
	if _, err := o.client.Do(ctx, okta.Request{Method: http.MethodPost, Path: "/api/v1/apps", Body: map[string]any{
		"name": "zoomus", "label": "Zoom", "signOnMode": "SAML_2_0", "settings": map[string]any{"signOn": map[string]any{
			"ssoAcsUrl": "https://zoom.example.com/acs", "audience": "https://zoom.example.com", "audienceOverride": ""}}}}); err != nil {
		t.Fatal(err)
	}
	desired, _ := viaFiles(t, reg, o.snapshot(t))
	const conn = "apps/zoom/provisioning/default"
	if err := desired.Add(&model.Object{Kind: "app-provisioning-connections", Name: "default", Path: conn, Body: map[string]any{
		"profile": map[string]any{"authScheme": "OAUTH2"}, "status": "ENABLED"}}); err != nil {
		t.Fatal(err)
	}
	p := computePlan(t, reg, desired, o.snapshot(t), plan.Options{})
	before := o.srv.Stats().Endpoints["POST /api/v1/apps/{appId}/connections/default/lifecycle/activate"]
	rep, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read, BackupDir: t.TempDir()})
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	if rep.HasFailures() {
		t.Fatalf("apply failed:%s", failures(rep))
	}
	if n := o.srv.Stats().Endpoints["POST /api/v1/apps/{appId}/connections/default/lifecycle/activate"] - before; n != 0 {
		t.Errorf("apply sent %d activations Okta would refuse", n)
	}
	var warned string
	for _, r := range rep.Steps {
		for _, w := range r.Warnings {
			if strings.Contains(w, "consent") {
				warned = w
			}
		}
	}
	if !strings.Contains(warned, conn) || !strings.Contains(warned, "/oauth2/v1/authorize?") {
		t.Errorf("no warning naming %s and the consent URL; report:\n%+v", conn, rep.Steps)
	}
	after := o.snapshot(t)
	obj, ok := after.Get(conn)
	if !ok {
		// Still unprovisioned, so export does not read it: the plan
		// sets it again, and asks for the activation.
		again := computePlan(t, reg, desired, after, plan.Options{})
		if !again.HasChanges() {
			t.Error("the plan after apply is empty, but the connection is not active")
		}
		return
	}
	if v, _ := model.Lookup(obj.Body, "profile.authScheme"); v != "OAUTH2" {
		t.Errorf("the connection is %v", obj.Body)
	}
}

// TestAppScopeGrantEdits: a grant has no update, so granting one more
// scope is one create and revoking one is one delete; the org then plans
// empty, and the issuer, written ${org:url}, is this org's URL.
func TestAppScopeGrantEdits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 13})
	desired, _ := viaFiles(t, reg, o.snapshot(t))
	const app = "apps/inventory-sync-service/grants/"
	if err := desired.Add(&model.Object{Kind: "app-scope-grants", Name: "okta-apps-read", Path: app + "okta-apps-read",
		Body: map[string]any{"issuer": "${org:url}", "scopeId": "okta.apps.read"}}); err != nil {
		t.Fatal(err)
	}
	if !desired.Remove(app + "okta-groups-read") {
		t.Fatalf("the sample has no %sokta-groups-read", app)
	}
	p := computePlan(t, reg, desired, o.snapshot(t), plan.Options{AllowDelete: true})
	var steps []string
	for _, s := range p.Steps {
		steps = append(steps, s.Action.String()+" "+s.Path)
	}
	sort.Strings(steps)
	if diff := cmp.Diff([]string{"create " + app + "okta-apps-read", "delete " + app + "okta-groups-read"}, steps); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
	rep, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{AllowDelete: true}, BackupDir: t.TempDir()})
	if err != nil || rep.HasFailures() {
		t.Fatalf("apply: %v%s", err, failures(rep))
	}
	after := o.snapshot(t)
	if again := computePlan(t, reg, desired, after, plan.Options{}); again.HasChanges() {
		var buf strings.Builder
		_ = plan.RenderText(&buf, again, plan.TextOptions{})
		t.Errorf("the plan after apply is not empty:\n%s", buf.String())
	}
	g, ok := after.Get(app + "okta-apps-read")
	if !ok {
		t.Fatalf("%sokta-apps-read is not in the org", app)
	}
	if issuer, _ := g.Live.Raw["issuer"].(string); issuer != o.url {
		t.Errorf("the grant's issuer is %q, want the org's URL %q", issuer, o.url)
	}
}
