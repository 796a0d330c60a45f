package model

import (
	"fmt"
	"slices"
)

// MadeObject is an object Okta makes, unasked, along with a create of the
// kind, and names in the create's answer: a custom domain's create makes
// a brand named after the domain and answers its ID at brandId. The tree
// does not hold that object; the file names another one at Field, which
// the create's follow-up update sets (Field is outside CreateFields). Once
// that update has moved Field away from the made object, apply deletes the
// made object (Kind's Delete, {id}), so the next plan has nothing to
// delete. An interrupted run can leave it behind: the next plan then shows
// it as an ordinary delete.
type MadeObject struct {
	// Field is the create answer's field that holds the made object's ID.
	Field string
	// Kind is the made object's kind: top-level, with a Delete endpoint.
	Kind string
}

// MadeBy returns, for each of the kind's made objects, the ID a create's
// answer names, by field; objects the answer does not name are left out.
func (k *Kind) MadeBy(created map[string]any) map[string]string {
	out := map[string]string{}
	for _, m := range k.Makes {
		if v, ok := Lookup(created, m.Field); ok {
			if s, ok := v.(string); ok && s != "" {
				out[m.Field] = s
			}
		}
	}
	return out
}

// checkMakes checks a descriptor's made objects: a known top-level kind
// that can be deleted, and a field the create does not send, declared as
// a reference to that kind (the file names the object it wants there).
func (r *Registry) checkMakes(k *Kind) []string {
	var out []string
	for _, m := range k.Makes {
		t := r.byName[m.Kind]
		switch {
		case t == nil:
			out = append(out, fmt.Sprintf("made object %s: unknown kind %q", m.Field, m.Kind))
			continue
		case t.Parent != "" || t.Delete == nil:
			out = append(out, fmt.Sprintf("made object %s: kind %s must be top-level with a delete endpoint", m.Field, m.Kind))
		case len(k.CreateFields) == 0 || slices.Contains(k.CreateFields, m.Field):
			out = append(out, fmt.Sprintf("made object %s: the field must be set by the update after the create (left out of CreateFields)", m.Field))
		}
		if !slices.ContainsFunc(k.Refs, func(rf RefField) bool { return rf.Path == m.Field && rf.Target == m.Kind && !rf.External }) {
			out = append(out, fmt.Sprintf("made object %s: the field must be a reference to %s", m.Field, m.Kind))
		}
	}
	return out
}
