package apply

import (
	"fmt"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
)

// staleIDs finds what fingerprints cannot: IDs the plan will write or
// address that no longer name the objects the plan read.
//
//   - A step addresses its object by the IDs in its LiveRef (its own, its
//     parent's, its grandparent's): they must still be the IDs of the
//     object at the step's current path, or the step would write to
//     another object.
//   - Every target (an existing object a step refers to, or the parent of
//     an object it creates) must still exist with the ID the plan holds for
//     it, since apply writes that ID into bodies and paths: a referenced
//     group deleted since the plan was made is reported here, before any
//     write, and not found as a 400 in the middle of the run. A target may
//     have been renamed or edited meanwhile; only its ID matters to the
//     steps that merely refer to it.
func staleIDs(p *plan.Plan, current *model.Snapshot, reg *model.Registry) []StaleObject {
	idx := newCurrentIndex(current)
	var out []StaleObject
	seen := map[string]bool{}
	flag := func(path, id, problem string) {
		if seen[path] {
			return
		}
		seen[path] = true
		out = append(out, StaleObject{Path: path, ID: id, Problem: problem})
	}
	for _, s := range p.Steps {
		if s.Live == nil || s.Live.ID == "" {
			continue
		}
		k, ok := reg.Kind(s.Kind)
		if !ok || k.Singleton != "" {
			continue // a singleton's "ID" is its parent's; nothing to mix up
		}
		cp := s.CurrentPath
		if cp == "" {
			cp = s.Path
		}
		o, ok := current.Get(cp)
		if !ok || o.Live == nil {
			continue // reported by the fingerprint check
		}
		want := *s.Live
		got := plan.LiveRef{ID: o.Live.ID, ParentID: o.Live.ParentID, GrandparentID: o.Live.GrandparentID}
		switch {
		case got.ID != want.ID:
			flag(cp, o.Live.ID, fmt.Sprintf("the plan addresses it as id %s, but the object at this path is id %s", want.ID, got.ID))
		case want.ParentID != "" && got.ParentID != want.ParentID:
			flag(cp, o.Live.ID, fmt.Sprintf("the plan addresses its parent as %s, but its parent is %s", want.ParentID, got.ParentID))
		case want.GrandparentID != "" && got.GrandparentID != want.GrandparentID:
			flag(cp, o.Live.ID, fmt.Sprintf("the plan addresses its grandparent as %s, but it is %s", want.GrandparentID, got.GrandparentID))
		}
	}
	for _, desired := range sortedTargetKeys(p.Targets) {
		t := p.Targets[desired]
		if t.ID == "" || t.CurrentPath == "" {
			continue
		}
		info, err := reg.ParsePath(t.CurrentPath)
		if err != nil || info.Kind.Singleton != "" {
			continue
		}
		if idx.get(info.Kind.Name, t.ID) != nil {
			continue
		}
		problem := fmt.Sprintf("the plan refers to it (as %s, id %s), but no %s has this id any more", desired, t.ID, info.Kind.Name)
		if o, ok := current.Get(t.CurrentPath); ok && o.Live != nil {
			problem += fmt.Sprintf("; the object now at this path is id %s", o.Live.ID)
		}
		flag(t.CurrentPath, t.ID, problem)
	}
	return out
}

func sortedTargetKeys(m map[string]plan.Target) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return keys
}
