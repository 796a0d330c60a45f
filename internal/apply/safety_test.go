package apply

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// writes counts the mutating requests the sandbox received, by method.
func writes(srv *sandbox.Server) map[string]int {
	out := map[string]int{}
	for k, n := range srv.Stats().Endpoints {
		if m, _, _ := strings.Cut(k, " "); m != "GET" {
			out[m] += n
		}
	}
	return out
}

// saved passes a plan through its saved JSON form, as `apply plan.json`
// gets it.
func saved(t *testing.T, p *plan.Plan) *plan.Plan {
	t.Helper()
	var buf bytes.Buffer
	if err := p.Save(&buf); err != nil {
		t.Fatal(err)
	}
	out, err := plan.Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestStalePlan: a plan is saved; then someone edits a group the plan
// updates, deletes another, and creates a group with the name of one the
// plan creates. Apply refuses, names all three, and sends nothing.
func TestStalePlan(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 31})
	cur := o.snapshot(t)
	desired, _ := viaFiles(t, reg, cur)
	for _, path := range []string{"groups/engineering", "groups/finance"} {
		g, ok := desired.Get(path)
		if !ok {
			t.Fatalf("the sample has no %s", path)
		}
		_ = model.SetField(g.Body, "profile.description", "Changed by the reviewed plan")
	}
	if err := desired.Add(&model.Object{Kind: "groups", Path: "groups/platform", Body: map[string]any{
		"profile": map[string]any{"name": "Platform", "description": "New team"}}}); err != nil {
		t.Fatal(err)
	}
	p := saved(t, computePlan(t, reg, desired, cur, plan.Options{}))

	eng, _ := cur.Get("groups/engineering")
	fin, _ := cur.Get("groups/finance")
	do := func(method, path string, body any) {
		t.Helper()
		if _, err := o.client.Do(ctx, okta.Request{Method: method, Path: path, Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	do("PUT", "/api/v1/groups/"+eng.Live.ID, map[string]any{"profile": map[string]any{"name": "Engineering", "description": "Edited in the admin console"}})
	do("DELETE", "/api/v1/groups/"+fin.Live.ID, nil)
	do("POST", "/api/v1/groups", map[string]any{"profile": map[string]any{"name": "Platform"}})
	before := writes(o.srv)

	_, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read, BackupDir: t.TempDir()})
	var se *StaleError
	if !errors.As(err, &se) {
		t.Fatalf("Run: want a stale plan error, got %v", err)
	}
	msg := err.Error()
	t.Log(msg)
	for _, want := range []string{"groups/engineering (id " + eng.Live.ID + "): it was changed", "groups/finance (id " + fin.Live.ID + "): it no longer exists",
		"groups/platform (id ", "now has the identity of groups/platform", "run `oktasync plan` again"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the error does not say %q:\n%s", want, msg)
		}
	}
	if after := writes(o.srv); after["PUT"] != before["PUT"] || after["POST"] != before["POST"] || after["DELETE"] != before["DELETE"] {
		t.Errorf("a stale plan sent writes: before %v, after %v", before, after)
	}
}

// TestDeletesNeedAllowDelete: a plan with deletes is refused unless both
// the plan and the run allow deletes, by Run and by Execute alike, and
// nothing is deleted until they do.
func TestDeletesNeedAllowDelete(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 32})
	cur := o.snapshot(t)
	desired, _ := viaFiles(t, reg, cur)
	for _, path := range []string{"trusted-origins/corporate-website", "trusted-origins/support-center"} {
		if !desired.Remove(path) {
			t.Fatalf("the sample has no %s", path)
		}
	}
	p := computePlan(t, reg, desired, cur, plan.Options{AllowDelete: true})
	if p.Summary.Actions[plan.ActionDelete] != 2 {
		t.Fatalf("the plan has %d deletes, want 2", p.Summary.Actions[plan.ActionDelete])
	}
	notAllowed := *p
	notAllowed.AllowDelete = false
	// Sealed again, as a hand-edit that also recomputed the digest would
	// be: the deletes check must hold on its own.
	if err := notAllowed.Seal(nil); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name  string
		p     *plan.Plan
		allow bool
	}{
		{"run without --allow-delete", p, false},
		{"plan made without --allow-delete", &notAllowed, true},
	} {
		if _, err := Run(ctx, RunOptions{Plan: tc.p, Client: o.client, Registry: reg, Read: o.read,
			Options: Options{AllowDelete: tc.allow}}); err == nil || !strings.Contains(err.Error(), "deletes 2 object(s)") {
			t.Errorf("%s: want a refusal naming the deletes, got %v", tc.name, err)
		}
	}
	rep := Execute(ctx, p, o.client, reg, Options{})
	if rep.Error == "" || rep.Counts.Skipped != len(p.Steps) {
		t.Errorf("Execute without AllowDelete: want every step skipped and an error, got %s %q", rep.summary(), rep.Error)
	}
	// Execute runs the same preflight as Run: the plan must allow deletes too.
	rep = Execute(ctx, &notAllowed, o.client, reg, Options{AllowDelete: true})
	if !strings.Contains(rep.Error, "the plan was not made with --allow-delete") || rep.Counts.Skipped != len(p.Steps) {
		t.Errorf("Execute of a plan made without --allow-delete: want every step skipped and an error, got %s %q", rep.summary(), rep.Error)
	}
	if n := writes(o.srv)["DELETE"]; n != 0 {
		t.Fatalf("%d deletes were sent without --allow-delete", n)
	}
	rep, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read, Options: Options{AllowDelete: true}})
	if err != nil || rep.HasFailures() {
		t.Fatalf("with deletes allowed: %v%s", err, failures(rep))
	}
	if n := writes(o.srv)["DELETE"]; n != 2 {
		t.Errorf("%d deletes were sent, want 2", n)
	}
}

// TestSystemObjectsAreNeverDeleted: a hand-edited plan that deletes a
// system object (the Everyone group) is refused by Run, and Execute (which
// has no current state to look at) checks the live object and refuses the
// step, as it does from the current state when it has one: no delete
// reaches the org.
func TestSystemObjectsAreNeverDeleted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Seed: 33})
	cur := o.snapshot(t)
	var everyone *model.Object
	for _, g := range cur.ByKind("groups") {
		if g.Role == "Everyone" {
			everyone = g
		}
	}
	if everyone == nil {
		t.Fatal("no Everyone group")
	}
	p := &plan.Plan{FormatVersion: plan.FormatVersion, AllowDelete: true, Steps: []plan.Step{{
		ID: everyone.Path + ":delete", Action: plan.ActionDelete, Kind: "groups", Path: everyone.Path,
		Live: &plan.LiveRef{ID: everyone.Live.ID}, Destructive: true, DependsOn: []string{},
	}}, Fingerprints: map[string]string{everyone.Path: everyone.Live.Fingerprint}}
	if err := p.Seal(nil); err != nil { // a hand-made plan with a valid digest
		t.Fatal(err)
	}
	_, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read, Options: Options{AllowDelete: true}})
	if err == nil || !strings.Contains(err.Error(), "system objects") {
		t.Errorf("Run: want a refusal, got %v", err)
	}
	rep := Execute(ctx, p, o.client, reg, Options{AllowDelete: true})
	if r := rep.Steps[0]; r.Status != StatusFailed || r.Error == nil || !strings.Contains(r.Error.Message, "system object") {
		t.Errorf("Execute: want the delete refused, got %+v", r)
	}
	// With the state read before the run, the step refuses from it.
	rep = Execute(ctx, p, o.client, reg, Options{AllowDelete: true, Current: cur})
	if r := rep.Steps[0]; r.Status != StatusFailed || r.Error == nil || !strings.Contains(r.Error.Message, "system object (role Everyone)") {
		t.Errorf("Execute with the current state: want the delete refused, got %+v", r)
	}
	if n := writes(o.srv)["DELETE"]; n != 0 {
		t.Errorf("%d deletes reached the org", n)
	}
}
