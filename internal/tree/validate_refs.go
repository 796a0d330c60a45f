package tree

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// The checks of a file against the rest of the tree (references,
// relations, joined items) are found from its content alone, recorded as
// crossChecks (see validate_cross.go), and run against the snapshot; the
// record is kept in the memo, so that a file of known content only looks
// its targets up.

// placeholders records the checks of every string of the body:
// placeholders well-formed, refs resolvable.
func (r *crossRecorder) placeholders(o *model.Object) {
	check := func(ptr, s string) {
		ps, err := model.ScanPlaceholders(s)
		if err != nil {
			r.problem(ptr, model.SeverityError, err.Error(),
				"write ${ref:<path>}, ${var:NAME} or ${secret:NAME}; write $${ for a literal ${")
			return
		}
		for _, p := range ps {
			if p.Type != model.PlaceholderRef {
				continue
			}
			r.add(crossCheck{op: crossDangling, ptr: ptr, target: p.Value})
		}
	}
	// Only a string with "${" can hold a placeholder, or a malformed one.
	walkStringValues(o.Body, &valuePath{}, func(s string, p *valuePath) {
		if strings.Contains(s, "${") {
			check(p.pointer("/body"), s)
		}
	})
	for _, n := range relationNames(o) {
		check("/relations/"+model.EscapePointer(n), o.Relations[n])
	}
}

func relationNames(o *model.Object) []string {
	if len(o.Relations) == 0 {
		return nil
	}
	names := make([]string, 0, len(o.Relations))
	for n := range o.Relations {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// refFields records the checks of the declared reference fields: target
// kinds, scope, and IDs pointing outside the export.
func (r *crossRecorder) refFields(o *model.Object, k *model.Kind) {
	for i := range k.Refs {
		rf := &k.Refs[i]
		if len(rf.Patterns) > 0 {
			r.patternField(o, rf)
			continue
		}
		var prefixes []string
		for _, name := range rf.Targets() {
			if t, ok := r.reg.Kind(name); ok {
				prefixes = append(prefixes, t.IDPrefixes...)
			}
		}
		for _, m := range model.Find(o.Body, rf.Path) {
			s, ok := m.Value.(string)
			if !ok {
				continue
			}
			// The line is looked up only for a problem: finding lines
			// can mean parsing the file again (model.Object.SetLineSource).
			ptr := "/body" + m.Pointer
			if rf.Expression {
				ps, err := model.ScanPlaceholders(s)
				if err != nil {
					continue // reported by placeholders
				}
				for _, p := range ps {
					if p.Type == model.PlaceholderRef {
						r.add(crossCheck{op: crossTarget, ptr: ptr, target: p.Value, rf: rf})
					}
				}
				literal, _ := model.ExpandPlaceholders(s, func(model.Placeholder) (string, error) { return " ", nil })
				for _, id := range model.FindIDs(literal, prefixes...) {
					if len(prefixes) == 0 && !rf.External {
						break
					}
					r.outside(*rf, id.ID, ptr)
				}
				continue
			}
			if slices.Contains(rf.Literals, s) {
				continue
			}
			if p, ok := model.ParsePlaceholder(s); ok {
				switch {
				case p.Type == model.PlaceholderUser && !rf.ByLogin:
					r.problem(ptr, model.SeverityError, fmt.Sprintf("%s does not hold users, so it cannot hold %s", rf.Path, p),
						"a login names a user only in fields that hold users")
				case p.Type == model.PlaceholderRef && rf.ByLogin:
					r.problem(ptr, model.SeverityError, fmt.Sprintf("%s holds users, which are not in the tree, so it cannot hold a reference", rf.Path),
						"write the user's login as ${user:<login>}")
				case p.Type == model.PlaceholderRef && rf.External:
					r.problem(ptr, model.SeverityError, fmt.Sprintf("%s points to %s, which oktasync does not export, so it cannot hold a reference", rf.Path, rf.Target),
						"write the "+rf.Target+" ID (it stays org-specific) or a ${var:NAME}")
				case p.Type == model.PlaceholderRef:
					r.add(crossCheck{op: crossTarget, ptr: ptr, target: p.Value, rf: rf})
				}
				continue
			}
			if ps, err := model.ScanPlaceholders(s); err == nil && len(ps) > 0 {
				r.problem(ptr, model.SeverityError, fmt.Sprintf("%s must hold a single reference, not text around it", rf.Path),
					"write the whole value as ${ref:<path>}")
				continue
			}
			if (len(prefixes) > 0 && model.LooksLikeOktaID(s, prefixes...)) || (rf.External && model.LooksLikeOktaID(s)) {
				r.outside(*rf, s, ptr)
			}
		}
	}
}

// outside records the warning of an ID in a reference field.
func (r *crossRecorder) outside(rf model.RefField, id, ptr string) {
	hint := fmt.Sprintf("replace it with ${ref:<path>} of the %s object if it is in the tree", rf.Target)
	switch {
	case rf.ByLogin:
		hint = "write the user's login as ${user:<login>}; an ID exists only in one org"
	case rf.External:
		hint = fmt.Sprintf("%s are not exported; the ID must exist in every org this tree is applied to, or use a ${var:NAME}", rf.Target)
	}
	r.problem(ptr, model.SeverityWarning, fmt.Sprintf("%s: ID %s points outside the export", rf.Path, id), hint)
}

// checkTarget checks the object a reference field of o names, and looks
// the value's line (at ptr) up only for a problem.
func (v *validator) checkTarget(o *model.Object, rf *model.RefField, target, ptr string) {
	t, ok := v.s.Get(target)
	if !ok {
		return // dangling: reported by placeholders
	}
	if !rf.RefersTo(t.Kind) {
		kinds := rf.Targets()
		hints := make([]string, len(kinds))
		for i, k := range kinds {
			hints[i] = v.kindDirHint(k)
		}
		v.add(o, o.Line(ptr), model.SeverityError, fmt.Sprintf("%s must refer to a %s object, but %s is a %s", rf.Path, strings.Join(kinds, " or "), target, t.Kind),
			fmt.Sprintf("point it at an object under %s", strings.Join(hints, " or ")))
		return
	}
	if rf.Within != "" {
		mine, theirs := v.ancestorOf(o.Path, rf.Within), v.ancestorOf(target, rf.Within)
		if mine != theirs {
			v.add(o, o.Line(ptr), model.SeverityError, fmt.Sprintf("%s must refer to an object under %s, not %s", rf.Path, mine, target),
				fmt.Sprintf("%s values are only valid within the same %s", rf.Path, rf.Within))
		}
	}
}

func (v *validator) kindDirHint(kind string) string {
	k, ok := v.reg.Kind(kind)
	if !ok || k.IsTopLevel() {
		return kind + "/"
	}
	return "a " + k.Parent + " object's " + k.ChildDir + "/"
}

// ancestorOf returns the path of the ancestor (or self) of kind anc.
func (v *validator) ancestorOf(path, anc string) string {
	for p := path; p != ""; {
		info, err := v.reg.ParsePath(p)
		if err != nil {
			return ""
		}
		if info.Kind.Name == anc {
			return p
		}
		p = info.ParentPath
	}
	return ""
}

// relations records the checks of the relations: known names, references,
// and (against the tree) the kind of their targets.
func (r *crossRecorder) relations(o *model.Object, k *model.Kind) {
	for _, n := range relationNames(o) {
		ptr := "/relations/" + model.EscapePointer(n)
		rel, ok := k.Relation(n)
		if !ok {
			var known []string
			for _, kr := range k.Relations {
				known = append(known, kr.Name)
			}
			hint := k.Name + " objects have no relations"
			if len(known) > 0 {
				hint = "known relations: " + strings.Join(known, ", ")
			}
			r.problem(ptr, model.SeverityError, fmt.Sprintf("unknown relation %q", n), hint)
			continue
		}
		target, ok := model.ParseRef(o.Relations[n])
		if !ok {
			r.problem(ptr, model.SeverityError, fmt.Sprintf("relation %q must be a ${ref:<path>}", n),
				fmt.Sprintf("point it at a %s object, e.g. ${ref:%s/…}", rel.Target, rel.Target))
			continue
		}
		r.add(crossCheck{op: crossRelation, ptr: ptr, target: target, name: n, kind: rel.Target})
	}
}

// role records the error of a role on a kind without system objects.
func (r *crossRecorder) role(o *model.Object, k *model.Kind) {
	if o.Role != "" && k.System == nil {
		r.problem("/role", model.SeverityError, fmt.Sprintf("%s objects have no system objects, so they take no role", k.Name),
			"remove the role line")
	}
}
