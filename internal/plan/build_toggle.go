package plan

import (
	"fmt"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// toggleChange is one toggle field whose desired value differs from the
// value the object has (or will have once created).
type toggleChange struct {
	t *model.Toggle
	// value is the desired value as the toggle names it (ToggleValue).
	value  string
	change Change
	// created is set when the value before is the one Okta gives a new
	// object (Toggle.Created), not one read from the current state.
	created bool
}

// toggleChanges compares the toggle fields of n's desired body with cur
// (the current body), or, when fresh is set, with the value Okta gives a
// new object. A desired value the toggle cannot set is warned about and
// left alone, as an unknown status is.
func (e *engine) toggleChanges(n *node, cur map[string]any, fresh bool) []toggleChange {
	var out []toggleChange
	for i := range n.ki.k.Toggles {
		t := &n.ki.k.Toggles[i]
		dv, ok := model.Lookup(n.dBody, t.Field)
		want, isValue := model.ToggleValue(dv)
		if !ok || !isValue {
			continue
		}
		before, cv := "", any(nil)
		if fresh {
			if t.Created == "" {
				continue // the create body sets it
			}
			before, cv = t.Created, typedLike(dv, t.Created)
		} else {
			cv, _ = model.Lookup(cur, t.Field)
			before, _ = model.ToggleValue(cv)
		}
		if want == before {
			continue
		}
		if _, ok := t.Action(want); !ok {
			e.warn(n.file(), n.d.BodyLine(dottedPointer(t.Field)),
				fmt.Sprintf("%s %q is not a value oktasync can set (%s); it is left as it is", t.Field, want, strings.Join(t.Values(), " or ")), "")
			continue
		}
		ch := Change{Path: dottedPointer(t.Field), Op: OpModify, Before: cv, After: dv}
		if before == "" {
			ch.Op, ch.Before = OpAdd, nil
		}
		out = append(out, toggleChange{t: t, value: want, change: ch, created: fresh})
	}
	return out
}

// toggleSteps adds a toggle step per change, after the object's other
// writes: a toggle often switches on what the update configured (a
// provisioning connection is enabled once its token is set).
func (e *engine) toggleSteps(n *node, changes []toggleChange) {
	for _, tc := range changes {
		value := tc.value
		s := e.newStep(n, ActionToggle, tc.t.Field)
		a, _ := tc.t.Action(value)
		s.Toggle = &ToggleChange{Field: tc.t.Field, Value: value, Verb: a.Verb}
		s.Changes = []Change{tc.change}
		if tc.created {
			s.Reason = fmt.Sprintf("Okta makes %s with %s %s", aTitle(n.ki.k), tc.t.Field, tc.t.Created)
		}
		if a.Guard != "" {
			s.Note = fmt.Sprintf("%s: apply sends it only with --allow %s", a.GuardNote, a.Guard)
		}
	}
}

// typedLike is the toggle value s in the type of like: a boolean when the
// file holds one, so that a change shows true → false, not "true".
func typedLike(like any, s string) any {
	if _, isBool := like.(bool); isBool {
		return s == "true"
	}
	return s
}

// dropCreatedToggles removes from a create body the toggle fields whose
// initial value Okta decides (Toggle.Created): a toggle step sets them.
func dropCreatedToggles(k *model.Kind, body map[string]any) {
	for _, t := range k.Toggles {
		if t.Created != "" {
			model.DeleteField(body, t.Field)
		}
	}
}

// verifyStep follows the create of a DNS-bound object: Okta checks the DNS
// records it asks for, which the customer may not have published yet, so
// apply reports "not yet verified" as a warning, with the records.
func (e *engine) verifyStep(n *node) {
	if n.ki.k.Verify == nil {
		return
	}
	s := e.newStep(n, ActionVerify, "")
	s.Reason = "Okta checks the DNS records it asks for; until they are published the object stays unverified (apply warns and lists them)"
}

// checkVerified handles a matched DNS-bound object: a warning with its
// records while the live object is not verified, and, with
// Options.Verify, a verify step.
func (e *engine) checkVerified(n *node) {
	v := n.ki.k.Verify
	if v == nil || n.c == nil || n.c.Live == nil || n.c.Live.Raw == nil || v.IsVerified(n.c.Live.Raw) {
		return
	}
	var recs []string
	for _, r := range v.RecordsOf(n.c.Live.Raw) {
		recs = append(recs, r.String())
	}
	msg := fmt.Sprintf("not verified yet (%s %s)", v.StatusField, orNone(v.Status(n.c.Live.Raw)))
	if len(recs) > 0 {
		msg += "; publish these DNS records: " + strings.Join(recs, "; ")
	}
	hint := "once the records are published, plan with --verify to have Okta check them"
	if e.opts.Verify {
		s := e.newStep(n, ActionVerify, "")
		s.Reason = "asked by --verify: Okta has not verified it yet"
		hint = "this plan asks Okta to check them again"
	}
	e.warn(n.file(), 0, msg, hint)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
