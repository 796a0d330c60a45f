package apply

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// addObject puts a new object into a desired snapshot, from JSON.
func addObject(t *testing.T, s *model.Snapshot, kind, path, body string) {
	t.Helper()
	v, err := model.ParseJSON([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Add(&model.Object{Kind: kind, Path: path, Body: v.(map[string]any)}); err != nil {
		t.Fatal(err)
	}
}

// TestStaleCoversReferencedObjects: a group that a new group rule only
// refers to, deleted after planning, is reported by the stale check before
// any write, not found as a 400 in the middle of the run.
func TestStaleCoversReferencedObjects(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 81})
	cur := o.snapshot(t)
	desired, _ := viaFiles(t, reg, cur)
	addObject(t, desired, "group-rules", "group-rules/finance-auditors", `{"name": "Finance auditors", "type": "group_rule", "status": "INACTIVE",
		"conditions": {"expression": {"type": "urn:okta:expression:1.0", "value": "user.title==\"Auditor\""}},
		"actions": {"assignUserToGroups": {"groupIds": ["${ref:groups/finance}"]}}}`)
	p := saved(t, computePlan(t, reg, desired, cur, plan.Options{}))
	finance, ok := cur.Get("groups/finance")
	if !ok {
		t.Fatal("the sample has no finance group")
	}
	if _, err := o.client.Do(ctx, okta.Request{Method: http.MethodDelete, Path: "/api/v1/groups/" + finance.Live.ID}); err != nil {
		t.Fatal(err)
	}
	before := writes(o.srv)
	_, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read})
	var se *StaleError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "groups/finance (id "+finance.Live.ID+"): the plan refers to it") {
		t.Fatalf("Run: %v, want a stale plan naming groups/finance", err)
	}
	if after := writes(o.srv); after["POST"] != before["POST"] || after["PUT"] != before["PUT"] {
		t.Errorf("writes before %v, after %v", before, after)
	}
}

// TestStaleCoversIDs: a plan whose step addresses another object's ID (an
// edit sealed again, so that the digest alone would not stop it) is stale.
func TestStaleCoversIDs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 82})
	cur := o.snapshot(t)
	desired, _ := viaFiles(t, reg, cur)
	eng, _ := desired.Get("groups/engineering")
	eng.Body["profile"].(map[string]any)["description"] = "Edited"
	p := saved(t, computePlan(t, reg, desired, cur, plan.Options{}))
	sales, _ := cur.Get("groups/sales")
	p.Steps[0].Live.ID = sales.Live.ID
	if err := p.Seal(nil); err != nil {
		t.Fatal(err)
	}
	_, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read})
	if err == nil || !strings.Contains(err.Error(), "the plan addresses it as id "+sales.Live.ID) {
		t.Fatalf("Run: %v", err)
	}
	if n := writes(o.srv)["PUT"]; n != 0 {
		t.Errorf("%d PUTs reached the org", n)
	}
}

// TestAlreadyApplied: a plan run twice is recognised, from its journal and
// without one.
func TestAlreadyApplied(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 83})
	cur := o.snapshot(t)
	desired, _ := viaFiles(t, reg, cur)
	eng, _ := desired.Get("groups/engineering")
	eng.Body["profile"].(map[string]any)["description"] = "Edited"
	addObject(t, desired, "groups", "groups/platform", `{"profile": {"name": "Platform", "description": "Platform team"}}`)
	addObject(t, desired, "group-rules", "group-rules/platform", `{"name": "Platform", "type": "group_rule", "status": "ACTIVE",
		"conditions": {"expression": {"type": "urn:okta:expression:1.0", "value": "user.department==\"Platform\""}},
		"actions": {"assignUserToGroups": {"groupIds": ["${ref:groups/platform}"]}}}`)
	desired.Remove("trusted-origins/support-center")
	p := saved(t, computePlan(t, reg, desired, cur, plan.Options{AllowDelete: true}))
	journal := filepath.Join(t.TempDir(), "plan.journal")
	opts := RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{Journal: journal, AllowDelete: true, Environ: secretEnv(p)}}
	rep, err := Run(ctx, opts)
	if err != nil || rep.HasFailures() {
		t.Fatalf("first run: %v%s", err, failures(rep))
	}
	_, err = Run(ctx, opts)
	var done *AlreadyAppliedError
	if !errors.As(err, &done) || !strings.Contains(err.Error(), "this plan was already applied on ") {
		t.Fatalf("with its journal: %v", err)
	}
	opts.Journal = ""
	_, err = Run(ctx, opts)
	if !errors.As(err, &done) || !strings.Contains(err.Error(), "the org now holds the plan's own result") {
		t.Fatalf("without a journal: %v", err)
	}
	// Someone else's change on top is a stale plan again.
	platform := o.snapshot(t)
	g, _ := platform.Get("groups/platform")
	if _, err := o.client.Do(ctx, okta.Request{Method: http.MethodPut, Path: "/api/v1/groups/" + g.Live.ID,
		Body: map[string]any{"profile": map[string]any{"name": "Platform", "description": "changed by hand"}}}); err != nil {
		t.Fatal(err)
	}
	_, err = Run(ctx, opts)
	var se *StaleError
	if !errors.As(err, &se) || errors.As(err, &done) {
		t.Fatalf("after a change by hand: %v", err)
	}
}

// TestIdentityAppearsDuringTheRun: an event hook with the name of one the
// plan creates, made after the state was read (the window the stale check
// cannot see), is not duplicated: the create fails without being sent.
func TestIdentityAppearsDuringTheRun(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 84})
	cur := o.snapshot(t)
	desired, _ := viaFiles(t, reg, cur)
	hook := `{"name": "Audit export", "status": "ACTIVE",
		"events": {"type": "EVENT_TYPE", "items": ["user.lifecycle.create"]},
		"channel": {"type": "HTTP", "version": "1.0.0", "config": {"uri": "https://audit.example.com/okta", "headers": []}}}`
	addObject(t, desired, "event-hooks", "event-hooks/audit-export", hook)
	addObject(t, desired, "groups", "groups/platform", `{"profile": {"name": "Platform"}}`)
	p := saved(t, computePlan(t, reg, desired, cur, plan.Options{}))
	v, _ := model.ParseJSON([]byte(hook))
	if _, err := o.client.Do(ctx, okta.Request{Method: http.MethodPost, Path: "/api/v1/eventHooks", Body: v}); err != nil {
		t.Fatal(err)
	}
	rep := Execute(ctx, p, o.client, reg, Options{Current: cur})
	var hookStep, groupStep *StepResult
	for i := range rep.Steps {
		switch rep.Steps[i].Path {
		case "event-hooks/audit-export":
			hookStep = &rep.Steps[i]
		case "groups/platform":
			groupStep = &rep.Steps[i]
		}
	}
	if hookStep == nil || hookStep.Status != StatusFailed || !strings.Contains(hookStep.Error.Message, "appeared in the org after the plan was made") {
		t.Fatalf("the hook's create: %+v", hookStep)
	}
	if groupStep == nil || groupStep.Status != StatusApplied {
		t.Fatalf("an independent create must go on: %+v", groupStep)
	}
	n := 0
	for _, h := range o.snapshot(t).ByKind("event-hooks") {
		if h.Body["name"] == "Audit export" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d event hooks named Audit export, want 1", n)
	}
}

// TestRunRefusesAnotherOrg: a plan made for one org is refused in another
// before anything is written, and so is a plan that names no org.
func TestRunRefusesAnotherOrg(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	a := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 85})
	b := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 86})
	orgA, err := ReadOrg(ctx, a.client, a.url)
	if err != nil {
		t.Fatal(err)
	}
	cur := a.snapshot(t)
	desired, _ := viaFiles(t, reg, cur)
	addObject(t, desired, "groups", "groups/platform", `{"profile": {"name": "Platform"}}`)
	identifyB := func(ctx context.Context) (*plan.OrgBinding, error) { return ReadOrg(ctx, b.client, b.url) }
	for _, tc := range []struct {
		name string
		org  *plan.OrgBinding
		want string
	}{
		{"made for org A", orgA, "the plan was made for org " + orgA.ID},
		{"made for no org", nil, "does not name the org it was made for"},
	} {
		p := saved(t, computePlan(t, reg, desired, cur, plan.Options{Org: tc.org}))
		_, err := Run(ctx, RunOptions{Plan: p, Client: b.client, Registry: reg, Read: b.read, Identify: identifyB,
			Lock: &LockOptions{Holder: "test"}})
		var me *OrgMismatchError
		if !errors.As(err, &me) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "nothing was changed") {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if w := writes(b.srv); len(w) != 0 {
		t.Errorf("org B saw writes: %v", w)
	}
}

// TestHeaderSecretsInUpdates: custom header values are secrets; an update
// that sends the header list needs every value in it, since leaving one out
// of a list sent whole would clear it in Okta.
func TestHeaderSecretsInUpdates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 87})
	cur := o.snapshot(t)
	desired, _ := viaFiles(t, reg, cur)
	hook, ok := desired.Get("event-hooks/siem-user-lifecycle-export")
	if !ok {
		t.Fatal("the sample has no siem-user-lifecycle-export hook")
	}
	cfg := hook.Body["channel"].(map[string]any)["config"].(map[string]any)
	headers := cfg["headers"].([]any)
	const secret = "EVENT_HOOKS_SIEM_USER_LIFECYCLE_EXPORT_X_SOURCE"
	if v := headers[0].(map[string]any)["value"]; v != "${secret:"+secret+"}" {
		t.Fatalf("export wrote the header value as %v, want a placeholder", v)
	}
	cfg["headers"] = append(headers, map[string]any{"key": "X-Region", "value": "${secret:SIEM_REGION}"})
	p := saved(t, computePlan(t, reg, desired, cur, plan.Options{}))
	rep, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{Environ: []string{SecretEnvPrefix + "SIEM_REGION=eu"}}})
	if err != nil {
		t.Fatal(err)
	}
	if r := rep.Steps[0]; r.Status != StatusFailed || !strings.Contains(r.Error.Message, "sits in a list that this update sends whole") {
		t.Fatalf("update without the header's secret: %+v", r)
	}
	if n := writes(o.srv)["PUT"]; n != 0 {
		t.Fatalf("%d PUTs sent", n)
	}
	rep, err = Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{Environ: []string{SecretEnvPrefix + "SIEM_REGION=eu", SecretEnvPrefix + secret + "=okta-sandbox"}}})
	if err != nil || rep.HasFailures() {
		t.Fatalf("with both secrets: %v%s", err, failures(rep))
	}
	live, _ := o.snapshot(t).Get("event-hooks/siem-user-lifecycle-export")
	got, _ := model.Lookup(live.Live.Raw, "channel.config.headers")
	if string(model.CanonicalJSON(got)) != `[{"key":"X-Source","value":"okta-sandbox"},{"key":"X-Region","value":"eu"}]` {
		t.Errorf("headers in the org: %s", model.CanonicalJSON(got))
	}
}
