package apply

import (
	"fmt"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
)

// StaleObject is one object that changed since the plan was made.
type StaleObject struct {
	// Path is the object's path in the current state.
	Path string
	// ID is its Okta ID, when known.
	ID string
	// Problem says what changed.
	Problem string
}

// StaleError is the refusal to apply a plan the org has moved away from.
type StaleError struct {
	Objects []StaleObject
}

func (e *StaleError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "stale plan: %d object(s) changed in the org since the plan was made:", len(e.Objects))
	for _, o := range e.Objects {
		b.WriteString("\n  ")
		b.WriteString(o.Path)
		if o.ID != "" {
			b.WriteString(" (id " + o.ID + ")")
		}
		b.WriteString(": " + o.Problem)
	}
	b.WriteString("\nnothing was changed; run `oktasync plan` again")
	return b.String()
}

// CheckStale compares the plan with the current state and returns a
// *StaleError naming every object that would make the plan wrong:
//
//   - an object a step updates, deletes, activates, deactivates, reorders,
//     toggles, verifies, sets a relation of or writes items of (its
//     fingerprint covers its item sets), or the existing parent of an
//     object the plan creates, whose fingerprint (model.Fingerprint of its
//     live body) is
//     not the one the plan recorded, or which no longer exists;
//   - an object that now holds the identity of an object the plan creates
//     (someone made it since), which the create would duplicate or fail on.
//
// It also checks the IDs the plan writes and addresses (staleIDs): every
// step's own, parent and grandparent IDs, and every object a step merely
// refers to, which must still exist with the ID the plan holds.
//
// Objects the plan itself creates are not checked: they do not exist yet.
func CheckStale(p *plan.Plan, current *model.Snapshot) error {
	if current == nil {
		return fmt.Errorf("stale check: no current state")
	}
	reg := current.Registry()
	if reg == nil {
		return fmt.Errorf("stale check: the current state has no kind registry")
	}
	var stale []StaleObject
	seen := map[string]bool{}
	flag := func(path, id, problem string) {
		if seen[path] {
			return
		}
		seen[path] = true
		stale = append(stale, StaleObject{Path: path, ID: id, Problem: problem})
	}
	check := func(currentPath, id, what string) {
		want, ok := p.Fingerprints[currentPath]
		if !ok {
			return // not read by the plan: an object the plan creates
		}
		o, ok := current.Get(currentPath)
		if !ok || o.Live == nil {
			flag(currentPath, id, what+" no longer exists")
			return
		}
		k, ok := reg.Kind(o.Kind)
		if !ok {
			return
		}
		if got := model.Fingerprint(k, o.Live.Raw); got != want {
			flag(currentPath, o.Live.ID, what+" was changed")
		}
	}
	for _, s := range p.Steps {
		switch s.Action {
		case plan.ActionCreate:
			if t, ok := p.Targets[s.ParentPath]; ok && t.CurrentPath != "" {
				check(t.CurrentPath, t.ID, fmt.Sprintf("the parent of %s (created by the plan)", s.Path))
			}
		case plan.ActionUpdate, plan.ActionDelete, plan.ActionActivate, plan.ActionDeactivate,
			plan.ActionReorder, plan.ActionSetRelation, plan.ActionToggle, plan.ActionVerify,
			plan.ActionAddItem, plan.ActionUpdateItem, plan.ActionRemoveItem:
			if s.Adopt {
				continue // Okta makes it with a parent the plan creates
			}
			id := ""
			if s.Live != nil {
				id = s.Live.ID
			}
			if _, matched := p.Targets[s.Path]; id == "" && !matched {
				// An object the plan creates. (A matched object without
				// an ID, such as a singleton addressed by its parent, is
				// in Targets.)
				continue
			}
			cp := s.CurrentPath
			if cp == "" {
				cp = s.Path
			}
			check(cp, id, "it")
		}
	}
	for _, o := range append(newIdentities(p, current, reg), staleIDs(p, current, reg)...) {
		flag(o.Path, o.ID, o.Problem)
	}
	if len(stale) == 0 {
		return nil
	}
	sort.SliceStable(stale, func(i, j int) bool { return stale[i].Path < stale[j].Path })
	return &StaleError{Objects: stale}
}

// newIdentities finds current objects that hold the identity of an object
// a create step makes and that are not what the plan saw: not read at all
// (made since), or changed since. An object the plan saw unchanged is
// accounted for by the plan (it may be renamed away first).
func newIdentities(p *plan.Plan, current *model.Snapshot, reg *model.Registry) []StaleObject {
	type key struct{ kind, parent, ident string }
	idx := map[key][]*model.Object{}
	indexed := map[string]bool{}
	index := func(kind string) {
		if indexed[kind] {
			return
		}
		indexed[kind] = true
		k, ok := reg.Kind(kind)
		if !ok {
			return
		}
		for _, o := range current.ByKind(kind) {
			info, err := reg.ParsePath(o.Path)
			if err != nil {
				continue
			}
			if ident, ok := k.IdentityOf(o.Body); ok {
				kk := key{kind, info.ParentPath, ident}
				idx[kk] = append(idx[kk], o)
			}
		}
	}
	var out []StaleObject
	for _, s := range p.Steps {
		if s.Action != plan.ActionCreate {
			continue
		}
		k, ok := reg.Kind(s.Kind)
		if !ok || len(k.Identity) == 0 {
			continue
		}
		parent := ""
		if s.ParentPath != "" {
			t, ok := p.Targets[s.ParentPath]
			if !ok || t.CurrentPath == "" {
				continue // the parent is created by the plan: nothing under it yet
			}
			parent = t.CurrentPath
		}
		// Compare in the current state's terms: references to objects the
		// plan matched become their current paths; a reference to an
		// object the plan creates can match nothing that exists.
		cmp, ok := currentForm(p, s.Body).(map[string]any)
		if !ok {
			continue
		}
		ident, ok := k.IdentityOf(cmp)
		if !ok {
			continue
		}
		index(s.Kind)
		for _, o := range idx[key{s.Kind, parent, ident}] {
			want, read := p.Fingerprints[o.Path]
			if read && o.Live != nil && model.Fingerprint(k, o.Live.Raw) == want {
				continue
			}
			id := ""
			if o.Live != nil {
				id = o.Live.ID
			}
			out = append(out, StaleObject{Path: o.Path, ID: id,
				Problem: fmt.Sprintf("now has the identity of %s, which the plan creates", s.Path)})
		}
	}
	return out
}

// currentForm rewrites ${ref:<desired path>} into ${ref:<current path>}
// for matched objects, and into a marker no current body holds otherwise.
func currentForm(p *plan.Plan, v any) any {
	return model.RewriteRefs(v, func(path string) string {
		if t, ok := p.Targets[path]; ok && t.CurrentPath != "" {
			return t.CurrentPath
		}
		return "+" + path
	})
}

func sortStrings(s []string) { sort.Strings(s) }
