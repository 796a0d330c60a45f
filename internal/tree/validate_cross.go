package tree

import (
	"fmt"

	"github.com/oktasync/oktasync/internal/model"
)

// crossOp is what a recorded check of a file against the rest of the tree
// does with the snapshot.
type crossOp uint8

const (
	// crossProblem is a problem of the file's content alone, found while
	// looking for what to check: reported as recorded.
	crossProblem crossOp = iota
	// crossDangling reports a dangling reference when no object has the
	// path target.
	crossDangling
	// crossTarget checks the object target against the reference field rf
	// (validator.checkTarget).
	crossTarget
	// crossJoin checks the joined item name (of the item set set, with the
	// named object's ID id) against what the join makes of target.
	crossJoin
	// crossRelation checks that target, when in the tree, is of kind kind
	// (relation name).
	crossRelation
)

// crossCheck is one check of a file against the rest of the tree, as its
// content alone determines it: what to look up (target) and what to
// report, at the line of ptr, which is looked up only for a problem.
type crossCheck struct {
	op        crossOp
	sev       model.Severity
	ptr       string
	target    string
	msg, hint string
	rf        *model.RefField
	set       *model.ItemSet
	name, id  string
	kind      string
}

// crossChecks are the checks of a file against the rest of the tree, in
// the order they report: pre (placeholders) run before the second
// memoized group of own checks, post (reference fields, item sets,
// relations, role) after it.
type crossChecks struct {
	pre, post []crossCheck
}

// crossRecorder finds the crossChecks of a file.
type crossRecorder struct {
	reg  *model.Registry
	list []crossCheck
}

func (r *crossRecorder) add(c crossCheck) { r.list = append(r.list, c) }

func (r *crossRecorder) problem(ptr string, sev model.Severity, msg, hint string) {
	r.add(crossCheck{op: crossProblem, ptr: ptr, sev: sev, msg: msg, hint: hint})
}

// findCrossChecks records the checks of o (of kind k) against the rest of
// the tree; they depend only on its kind and content.
func findCrossChecks(reg *model.Registry, o *model.Object, k *model.Kind) *crossChecks {
	r := &crossRecorder{reg: reg}
	r.placeholders(o)
	c := &crossChecks{pre: r.list}
	r.list = nil
	r.refFields(o, k)
	r.itemSets(o, k)
	r.relations(o, k)
	r.role(o, k)
	c.post = r.list
	return c
}

// cross runs recorded checks of o against the snapshot.
func (v *validator) cross(o *model.Object, checks []crossCheck) {
	for i := range checks {
		c := &checks[i]
		switch c.op {
		case crossProblem:
			v.add(o, o.Line(c.ptr), c.sev, c.msg, c.hint)
		case crossDangling:
			if _, ok := v.s.Get(c.target); !ok {
				ref := model.Placeholder{Type: model.PlaceholderRef, Value: c.target}
				v.add(o, o.Line(c.ptr), model.SeverityError, fmt.Sprintf("dangling reference %s: no object has this path", ref),
					"fix the path (a file's path without .yaml), or add the object it names")
			}
		case crossTarget:
			v.checkTarget(o, c.rf, c.target, c.ptr)
		case crossJoin:
			t, found := v.s.Get(c.target)
			if !found || t.Kind != c.set.Join.Target {
				continue // reported by the reference checks
			}
			if want, ok := c.set.Join.Value(c.id, t.Body); ok && want != c.name {
				v.add(o, o.Line(c.ptr), model.SeverityError,
					fmt.Sprintf("%s: %q does not match %s, whose item is %q", c.set.Field, c.name, c.target, want),
					"write "+want)
			}
		case crossRelation:
			if t, ok := v.s.Get(c.target); ok && t.Kind != c.kind {
				v.add(o, o.Line(c.ptr), model.SeverityError, fmt.Sprintf("relation %q must refer to a %s object, but %s is a %s", c.name, c.kind, c.target, t.Kind),
					fmt.Sprintf("point it at an object under %s", v.kindDirHint(c.kind)))
			}
		}
	}
}

// crossAndIdent returns the entry's cross checks and identity key, or
// finds them for an object without an entry.
func (e *memoEntry) crossAndIdent(reg *model.Registry, o *model.Object, k *model.Kind) (*crossChecks, string) {
	if e != nil {
		return e.cross, e.ident
	}
	return findCrossChecks(reg, o, k), identityKey(o, k)
}
