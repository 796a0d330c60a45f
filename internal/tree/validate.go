package tree

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/parallel"
)

// Validate checks a snapshot offline, before anything is sent to an org:
//
//   - every file against its kind's JSON Schema (reported at the line of the
//     offending key);
//   - every placeholder is well-formed and every ${ref:…} resolves to an
//     object of the kind the field expects (within the same ancestor where
//     the descriptor says so);
//   - relations name known relations and point at the right kind;
//   - roles appear only on kinds with system objects;
//   - no two objects of a kind under one parent share an identity (or role),
//     and there are no more of them than Okta allows (Kind.MaxObjects);
//   - a child's parent is in the tree;
//   - an Okta-ID-shaped value in a reference field is a warning: it points
//     outside the export and will not be portable;
//   - 4-byte UTF-8 characters are errors (Okta stores up to 3 bytes), unless
//     Read already reported them for that file.
//
// Every problem carries a hint. Problems are sorted by file and line.
func Validate(s *model.Snapshot, reg *model.Registry) []model.Problem {
	return ValidateMemo(s, reg, nil)
}

// ValidateMemo is Validate, with the checks that depend only on a file's
// bytes (see validator.object) done once per kind and content
// (model.Object.Content) across the calls given the same memo: two trees
// compared by diff hold mostly equal files. A nil memo is Validate's.
func ValidateMemo(s *model.Snapshot, reg *model.Registry, memo *Memo) []model.Problem {
	v := &validator{s: s, reg: reg}
	// Objects are checked independently (schemas are the cost), on every
	// core, each into its own slot; merged in path order.
	objs := s.Objects()
	per := make([][]model.Problem, len(objs))
	// The identity groups (see identities) are found in the same pass.
	groups := make([]string, len(objs))
	parallel.ForEach(len(objs), 32, func(i int) {
		sub := &validator{s: s, reg: reg, memo: memo}
		sub.object(objs[i])
		per[i] = sub.problems
		groups[i] = v.identityGroup(objs[i])
	})
	for _, ps := range per {
		v.problems = append(v.problems, ps...)
	}
	v.identities(objs, groups)
	v.limits()
	v.defaultFlags()
	model.SortProblems(v.problems)
	return v.problems
}

type validator struct {
	s        *model.Snapshot
	reg      *model.Registry
	problems []model.Problem
	memo     *Memo
}

func (v *validator) add(o *model.Object, line int, sev model.Severity, msg, hint string) {
	v.problems = append(v.problems, model.Problem{File: o.File(), Line: line, Severity: sev, Message: msg, Hint: hint})
}

func (v *validator) object(o *model.Object) {
	k, ok := v.reg.Kind(o.Kind)
	if !ok {
		v.add(o, o.Source.Line, model.SeverityError, fmt.Sprintf("unknown kind %q", o.Kind), "known kinds: "+kindNames(v.reg))
		return
	}
	info, err := v.reg.ParsePath(o.Path)
	if err != nil {
		v.add(o, o.Source.Line, model.SeverityError, err.Error(), "move the file to the directory of its kind")
		return
	}
	if info.ParentPath != "" {
		if _, ok := v.s.Get(info.ParentPath); !ok {
			v.add(o, o.Source.Line, model.SeverityError, fmt.Sprintf("parent %s is not in the tree", info.ParentPath),
				fmt.Sprintf("add %s.yaml, or move this file under an existing %s", info.ParentPath, k.Parent))
		}
	}
	// Checks of the file alone (memoized) and checks against the rest of
	// the tree, in the order they always ran.
	entry, hit := v.memo.get(o)
	v.own(o, entry, hit, func() {
		v.specTypes(o, k, v.schema(o, k))
		if !o.UTF8Checked() {
			v.fourByte(o)
		}
	})
	v.placeholders(o)
	v.own(o, entry, hit, func() {
		v.orgAndUserTokens(o, k)
		v.text(o, k)
		v.secretPlacement(o, k)
		k.CheckPart(o.Body, func(ptr, msg, hint string) { v.add(o, o.BodyLine(ptr), model.SeverityError, msg, hint) })
		v.reservedIdentity(o, k)
	})
	v.memo.put(o, entry, hit)
	v.refFields(o, k)
	v.itemSets(o, k)
	v.relations(o, k)
	if o.Role != "" && k.System == nil {
		v.add(o, o.Line("/role"), model.SeverityError, fmt.Sprintf("%s objects have no system objects, so they take no role", k.Name),
			"remove the role line")
	}
}

const fourByteMsg = "4-byte UTF-8 character (such as an emoji): Okta stores only characters of up to 3 bytes"
const fourByteHint = "remove the character or replace it with one from the Basic Multilingual Plane"

func (v *validator) fourByte(o *model.Object) {
	check := func(ptr, s string) {
		for _, r := range s {
			if utf8.RuneLen(r) == 4 {
				v.add(o, o.Line(ptr), model.SeverityError, fourByteMsg, fourByteHint)
				return
			}
		}
	}
	check("/name", o.Name)
	check("/role", o.Role)
	model.WalkKeysAndStrings(o.Body, func(ptr, s string) { check("/body"+ptr, s) })
}

// placeholders checks every string of the body: placeholders well-formed,
// refs resolvable.
func (v *validator) placeholders(o *model.Object) {
	check := func(ptr, s string) {
		ps, err := model.ScanPlaceholders(s)
		if err != nil {
			v.add(o, o.Line(ptr), model.SeverityError, err.Error(),
				"write ${ref:<path>}, ${var:NAME} or ${secret:NAME}; write $${ for a literal ${")
			return
		}
		for _, p := range ps {
			if p.Type != model.PlaceholderRef {
				continue
			}
			if _, ok := v.s.Get(p.Value); !ok {
				v.add(o, o.Line(ptr), model.SeverityError, fmt.Sprintf("dangling reference %s: no object has this path", p),
					"fix the path (a file's path without .yaml), or add the object it names")
			}
		}
	}
	// Only a string with "${" can hold a placeholder, or a malformed one.
	walkStringValues(o.Body, &valuePath{}, func(s string, p *valuePath) {
		if strings.Contains(s, "${") {
			check(p.pointer("/body"), s)
		}
	})
	names := make([]string, 0, len(o.Relations))
	for n := range o.Relations {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		check("/relations/"+model.EscapePointer(n), o.Relations[n])
	}
}

// refFields checks the declared reference fields: target kinds, scope, and
// IDs pointing outside the export.
func (v *validator) refFields(o *model.Object, k *model.Kind) {
	for _, rf := range k.Refs {
		if len(rf.Patterns) > 0 {
			v.patternField(o, k, rf)
			continue
		}
		var prefixes []string
		for _, name := range rf.Targets() {
			if t, ok := v.reg.Kind(name); ok {
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
						v.checkTarget(o, k, rf, p.Value, ptr)
					}
				}
				literal, _ := model.ExpandPlaceholders(s, func(model.Placeholder) (string, error) { return " ", nil })
				for _, id := range model.FindIDs(literal, prefixes...) {
					if len(prefixes) == 0 && !rf.External {
						break
					}
					v.outside(o, rf, id.ID, ptr)
				}
				continue
			}
			if slices.Contains(rf.Literals, s) {
				continue
			}
			if p, ok := model.ParsePlaceholder(s); ok {
				switch {
				case p.Type == model.PlaceholderUser && !rf.ByLogin:
					v.add(o, o.Line(ptr), model.SeverityError, fmt.Sprintf("%s does not hold users, so it cannot hold %s", rf.Path, p),
						"a login names a user only in fields that hold users")
				case p.Type == model.PlaceholderRef && rf.ByLogin:
					v.add(o, o.Line(ptr), model.SeverityError, fmt.Sprintf("%s holds users, which are not in the tree, so it cannot hold a reference", rf.Path),
						"write the user's login as ${user:<login>}")
				case p.Type == model.PlaceholderRef && rf.External:
					v.add(o, o.Line(ptr), model.SeverityError, fmt.Sprintf("%s points to %s, which oktasync does not export, so it cannot hold a reference", rf.Path, rf.Target),
						"write the "+rf.Target+" ID (it stays org-specific) or a ${var:NAME}")
				case p.Type == model.PlaceholderRef:
					v.checkTarget(o, k, rf, p.Value, ptr)
				}
				continue
			}
			if ps, err := model.ScanPlaceholders(s); err == nil && len(ps) > 0 {
				v.add(o, o.Line(ptr), model.SeverityError, fmt.Sprintf("%s must hold a single reference, not text around it", rf.Path),
					"write the whole value as ${ref:<path>}")
				continue
			}
			if (len(prefixes) > 0 && model.LooksLikeOktaID(s, prefixes...)) || (rf.External && model.LooksLikeOktaID(s)) {
				v.outside(o, rf, s, ptr)
			}
		}
	}
}

// outside and checkTarget take the value's pointer, and look its line up
// only for a problem.
func (v *validator) outside(o *model.Object, rf model.RefField, id, ptr string) {
	hint := fmt.Sprintf("replace it with ${ref:<path>} of the %s object if it is in the tree", rf.Target)
	switch {
	case rf.ByLogin:
		hint = "write the user's login as ${user:<login>}; an ID exists only in one org"
	case rf.External:
		hint = fmt.Sprintf("%s are not exported; the ID must exist in every org this tree is applied to, or use a ${var:NAME}", rf.Target)
	}
	v.add(o, o.Line(ptr), model.SeverityWarning, fmt.Sprintf("%s: ID %s points outside the export", rf.Path, id), hint)
}

func (v *validator) checkTarget(o *model.Object, k *model.Kind, rf model.RefField, target, ptr string) {
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

func (v *validator) relations(o *model.Object, k *model.Kind) {
	names := make([]string, 0, len(o.Relations))
	for n := range o.Relations {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		ptr := "/relations/" + model.EscapePointer(n)
		rel, ok := k.Relation(n)
		if !ok {
			var known []string
			for _, r := range k.Relations {
				known = append(known, r.Name)
			}
			hint := k.Name + " objects have no relations"
			if len(known) > 0 {
				hint = "known relations: " + strings.Join(known, ", ")
			}
			v.add(o, o.Line(ptr), model.SeverityError, fmt.Sprintf("unknown relation %q", n), hint)
			continue
		}
		target, ok := model.ParseRef(o.Relations[n])
		if !ok {
			v.add(o, o.Line(ptr), model.SeverityError, fmt.Sprintf("relation %q must be a ${ref:<path>}", n),
				fmt.Sprintf("point it at a %s object, e.g. ${ref:%s/…}", rel.Target, rel.Target))
			continue
		}
		if t, ok := v.s.Get(target); ok && t.Kind != rel.Target {
			v.add(o, o.Line(ptr), model.SeverityError, fmt.Sprintf("relation %q must refer to a %s object, but %s is a %s", n, rel.Target, target, t.Kind),
				fmt.Sprintf("point it at an object under %s", v.kindDirHint(rel.Target)))
		}
	}
}

// identities reports objects of one kind under one parent that share an
// identity (or, for system objects, a role).
func (v *validator) identities(objs []*model.Object, groups []string) {
	first := map[string]*model.Object{}
	for i, o := range objs {
		group := groups[i]
		if group == "" {
			continue
		}
		k, _ := v.reg.Kind(o.Kind)
		if prev, dup := first[group]; dup {
			desc := fmt.Sprintf("role %q", o.Role)
			if o.Role == "" {
				desc = "identity " + describeIdentity(k, o.Body)
			}
			msg := fmt.Sprintf("duplicate %s: %s and %s are the same %s", desc, prev.File(), o.File(), k.Name)
			if o.Role == "" && k.IdentityFoldCase && describeIdentity(k, prev.Body) != describeIdentity(k, o.Body) {
				msg = fmt.Sprintf("%s and %s (%s) differ only by case: Okta compares %s names without regard to case, so it refuses the second",
					describeIdentity(k, o.Body), describeIdentity(k, prev.Body), prev.File(), k.Name)
			}
			v.add(o, o.Source.Line, model.SeverityError, msg,
				"Okta matches objects by this key, so the two would be one object; remove one file or change its key")
			continue
		}
		first[group] = o
	}
}

// identityGroup is the key o must not share with another object: its
// kind, parent and role, or else identity; "" for an object without one.
// It reads only o, so it is found on every core with the object's checks.
func (v *validator) identityGroup(o *model.Object) string {
	k, ok := v.reg.Kind(o.Kind)
	if !ok {
		return ""
	}
	info, err := v.reg.ParsePath(o.Path)
	if err != nil {
		return ""
	}
	var key string
	if o.Role != "" {
		key = "role\x00" + o.Role
	} else {
		id, ok := k.IdentityOf(o.Body)
		if !ok || len(k.Identity) == 0 {
			return ""
		}
		key = "id\x00" + id
	}
	return o.Kind + "\x00" + info.ParentPath + "\x00" + key
}

// limits reports the objects of a kind beyond Okta's limit per parent
// (Kind.MaxObjects), each at its file: objects come in path order, so the
// ones reported are the last ones by path.
func (v *validator) limits() {
	count := map[string]int{}
	for _, o := range v.s.Objects() {
		k, ok := v.reg.Kind(o.Kind)
		if !ok || k.MaxObjects == 0 {
			continue
		}
		info, err := v.reg.ParsePath(o.Path)
		if err != nil {
			continue
		}
		group := o.Kind + "\x00" + info.ParentPath
		count[group]++
		if count[group] > k.MaxObjects {
			v.add(o, o.Source.Line, model.SeverityError,
				fmt.Sprintf("too many %s: Okta allows at most %d %s", k.Name, k.MaxObjects, perWhat(k)),
				fmt.Sprintf("remove files until %d are left; Okta would refuse to create the others", k.MaxObjects))
		}
	}
}

func perWhat(k *model.Kind) string {
	if k.Parent == "" {
		return "per org"
	}
	return "per " + k.Parent + " object"
}

func describeIdentity(k *model.Kind, body map[string]any) string {
	parts := make([]string, len(k.Identity))
	for i, f := range k.Identity {
		val, _ := model.Lookup(body, f)
		parts[i] = fmt.Sprintf("%s=%s", f, model.CanonicalJSON(val))
	}
	return strings.Join(parts, ", ")
}
