package apply

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
)

// update rewrites the golden files: go test ./internal/apply -run TestReportGolden -update
var update = flag.Bool("update", false, "rewrite golden files")

func step(id string, a plan.Action, kind, path string, body map[string]any, deps ...string) plan.Step {
	if deps == nil {
		deps = []string{}
	}
	return plan.Step{ID: id, Action: a, Kind: kind, Path: path, Body: body, DependsOn: deps}
}

// branchPlan has two independent branches, each a group and a group rule
// (create, then activate) that names it.
func branchPlan() *plan.Plan {
	rule := func(name, group string) map[string]any {
		return map[string]any{"name": name, "type": "group_rule",
			"conditions": map[string]any{"expression": map[string]any{"value": `isMemberOfAnyGroup("${ref:` + group + `}")`}},
			"actions":    map[string]any{"assignUserToGroups": map[string]any{"groupIds": []any{"${ref:" + group + "}"}}}}
	}
	return &plan.Plan{FormatVersion: plan.FormatVersion, Steps: []plan.Step{
		step("groups/a:create", plan.ActionCreate, "groups", "groups/a", map[string]any{"profile": map[string]any{"name": "A"}}),
		step("groups/b:create", plan.ActionCreate, "groups", "groups/b", map[string]any{"profile": map[string]any{"name": "B"}}),
		step("group-rules/ra:create", plan.ActionCreate, "group-rules", "group-rules/ra", rule("ra", "groups/a"), "groups/a:create"),
		step("group-rules/ra:activate", plan.ActionActivate, "group-rules", "group-rules/ra", nil, "group-rules/ra:create"),
		step("group-rules/rb:create", plan.ActionCreate, "group-rules", "group-rules/rb", rule("rb", "groups/b"), "groups/b:create"),
		step("group-rules/rb:activate", plan.ActionActivate, "group-rules", "group-rules/rb", nil, "group-rules/rb:create"),
	}}
}

// groupsFake answers group and rule creates with IDs derived from the
// names, and refuses the group named A with a validation error.
func groupsFake() *fakeClient {
	return &fakeClient{do: func(req okta.Request) (*okta.Response, error) {
		body, _ := req.Body.(map[string]any)
		switch {
		case req.Method == "POST" && req.Path == "/api/v1/groups":
			name, _ := model.Lookup(body, "profile.name")
			if name == "A" {
				return nil, apiError("POST", req.Path, 400, "E0000001")
			}
			return jsonResponse(200, map[string]any{"id": "00g" + strings.Repeat(name.(string), 17), "profile": body["profile"]})
		case req.Method == "POST" && req.Path == "/api/v1/groups/rules":
			return jsonResponse(200, map[string]any{"id": "0pr" + strings.Repeat("r", 15) + body["name"].(string), "status": "INACTIVE"})
		case strings.HasSuffix(req.Path, "/lifecycle/activate"):
			return &okta.Response{Status: 204}, nil
		}
		return nil, apiError(req.Method, req.Path, 404, okta.CodeNotFound)
	}}
}

// TestFailureSkipsOnlyDependents: a failed create skips the steps that
// depend on it (naming it as the cause), and the other branch is applied.
func TestFailureSkipsOnlyDependents(t *testing.T) {
	reg := registry(t)
	c := groupsFake()
	rep := Execute(context.Background(), branchPlan(), c, reg, Options{})
	want := map[string]Status{
		"groups/a:create": StatusFailed, "groups/b:create": StatusApplied,
		"group-rules/ra:create": StatusSkipped, "group-rules/ra:activate": StatusSkipped,
		"group-rules/rb:create": StatusApplied, "group-rules/rb:activate": StatusApplied,
	}
	for _, r := range rep.Steps {
		if r.Status != want[r.ID] {
			t.Errorf("%s: %s, want %s (%s)", r.ID, r.Status, want[r.ID], r.Reason)
		}
		if r.Status == StatusSkipped && r.Cause != "groups/a:create" {
			t.Errorf("%s: cause %q, want groups/a:create", r.ID, r.Cause)
		}
	}
	if rc := rep.RootCauses(); len(rc) != 1 || rc[0].ID != "groups/a:create" || rc[0].Error.ErrorCode != "E0000001" || rc[0].Error.Status != 400 {
		t.Errorf("root causes: %+v", rc)
	}
	if !rep.HasFailures() {
		t.Error("HasFailures is false")
	}
	// The rule of the applied branch was sent with the group's ID, in the
	// expression and in the actions.
	for i, r := range c.requests {
		if r == "POST /api/v1/groups/rules" {
			if !strings.Contains(c.bodies[i], `isMemberOfAnyGroup(\"00gBBBBBBBBBBBBBBBBB\")`) || !strings.Contains(c.bodies[i], `"groupIds":["00gBBBBBBBBBBBBBBBBB"]`) {
				t.Errorf("the rule was sent as %s", c.bodies[i])
			}
		}
	}
	if n := len(c.sent("POST /api/v1/groups/rules")) - len(c.sent("POST /api/v1/groups/rules/")); n != 1 {
		t.Errorf("%d rule creates sent, want 1", n)
	}
}

// TestReportGolden renders the report of TestFailureSkipsOnlyDependents's
// run in every format: what a person reads is checked in golden files.
func TestReportGolden(t *testing.T) {
	reg := registry(t)
	rep := Execute(context.Background(), branchPlan(), groupsFake(), reg, Options{Parallelism: 1})
	for name, render := range map[string]func(*bytes.Buffer) error{
		"report.txt":  func(b *bytes.Buffer) error { return RenderText(b, rep, RenderOptions{}) },
		"report.md":   func(b *bytes.Buffer) error { return RenderMarkdown(b, rep, RenderOptions{}) },
		"report.json": func(b *bytes.Buffer) error { return RenderJSON(b, rep, RenderOptions{}) },
	} {
		var buf bytes.Buffer
		if err := render(&buf); err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "report", name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if diff := cmp.Diff(string(want), buf.String()); diff != "" {
			t.Errorf("%s differs (-golden +got):\n%s", name, diff)
		}
	}
	var txt bytes.Buffer
	_ = RenderText(&txt, rep, RenderOptions{})
	if i, j := strings.Index(txt.String(), "Failed (root causes)"), strings.Index(txt.String(), "Applied:"); i < 0 || j < i {
		t.Errorf("the text report does not lead with the root causes:\n%s", txt.String())
	}
}

// TestSiblingWritesAreSerialised: reorders of siblings with an order field
// never overlap, though nothing in the plan orders them.
func TestSiblingWritesAreSerialised(t *testing.T) {
	reg := registry(t)
	var inFlight, peak atomic.Int32
	c := &fakeClient{do: func(req okta.Request) (*okta.Response, error) {
		if req.Method == "PUT" {
			n := inFlight.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(2 * time.Millisecond) // widen the window an overlap would need
			inFlight.Add(-1)
		}
		return jsonResponse(200, map[string]any{"id": "x", "priority": 0})
	}}
	p := &plan.Plan{FormatVersion: plan.FormatVersion}
	for i := 0; i < 12; i++ {
		id := string(rune('a' + i))
		s := step("policies/okta-sign-on/"+id+":reorder", plan.ActionReorder, "policies", "policies/okta-sign-on/"+id,
			map[string]any{"priority": json.Number(strconv.Itoa(i + 1))})
		s.Live = &plan.LiveRef{ID: "00p" + strings.Repeat(id, 17)}
		p.Steps = append(p.Steps, s)
	}
	rep := Execute(context.Background(), p, c, reg, Options{Parallelism: 8})
	if rep.HasFailures() {
		t.Fatalf("failures:%s", failures(rep))
	}
	if peak.Load() != 1 {
		t.Errorf("%d sibling writes overlapped", peak.Load())
	}
	// Each reorder read the live policy and wrote it back, merged.
	if g, p := len(c.sent("GET /api/v1/policies/")), len(c.sent("PUT /api/v1/policies/")); g != 12 || p != 12 {
		t.Errorf("%d GETs and %d PUTs, want 12 of each", g, p)
	}
}

// TestUnknownDependency: a hand-edited plan that names a step it does not
// have fails that step, not the run.
func TestUnknownDependency(t *testing.T) {
	reg := registry(t)
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Steps: []plan.Step{
		step("groups/b:create", plan.ActionCreate, "groups", "groups/b", map[string]any{"profile": map[string]any{"name": "B"}}, "groups/zzz:create"),
		step("groups/c:create", plan.ActionCreate, "groups", "groups/c", map[string]any{"profile": map[string]any{"name": "C"}}),
	}}
	rep := Execute(context.Background(), p, groupsFake(), reg, Options{})
	if rep.Steps[0].Status != StatusFailed || rep.Steps[1].Status != StatusApplied {
		t.Errorf("got %s and %s", rep.Steps[0].Status, rep.Steps[1].Status)
	}
}
