package plan

import (
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
)

// TestCycles: a cycle of hard dependencies stops the plan with an error
// that names the objects and the reason of every edge; a cycle through a
// soft (two-pass) dependency is broken there, with a warning. Replaces no
// longer make such cycles (see the replace-dependents scenario), so the
// steps are built by hand.
func TestCycles(t *testing.T) {
	reg := newRegistry(t)
	build := func(soft bool) *engine {
		e := newEngine(reg, Options{})
		ki := e.kinds["groups"]
		var steps []*step
		for _, p := range []string{"groups/a", "groups/b", "groups/c"} {
			n := &node{ki: ki, d: &model.Object{Kind: ki.k.Name, Path: p, Source: model.Position{File: p + ".yaml", Line: 1}}}
			steps = append(steps, e.newStep(n, ActionUpdate, ""))
		}
		steps[0].dep(steps[1], "a waits for b")
		steps[1].dep(steps[2], "b waits for c")
		if soft {
			steps[2].depSoft(steps[0], "c waits for a, two-pass")
		} else {
			steps[2].dep(steps[0], "c waits for a")
		}
		e.order()
		return e
	}

	err := build(false).ps.err()
	if err == nil {
		t.Fatal("a hard cycle planned")
	}
	for _, want := range []string{
		"groups/a.yaml:1: dependency cycle between groups/a, groups/b, groups/c",
		"groups/a:update waits for groups/b:update (a waits for b)",
		"groups/c:update waits for groups/a:update (c waits for a)",
		"split the change into two plans",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q:\n%v", want, err)
		}
	}

	e := build(true)
	if err := e.ps.err(); err != nil {
		t.Fatalf("a cycle through a two-pass dependency is an error: %v", err)
	}
	if len(e.ordered) != 3 || e.ordered[0].Path != "groups/c" {
		t.Errorf("order %v, want c first (its two-pass wait dropped)", e.ordered)
	}
	if len(e.warnings) != 1 || !strings.Contains(e.warnings[0].Message, "dependency cycle broken: groups/c:update runs without waiting for groups/a:update") {
		t.Errorf("warnings %v", e.warnings)
	}
}
