package tree

import (
	"fmt"
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
		groups[i] = sub.object(objs[i])
		per[i] = sub.problems
	})
	for _, ps := range per {
		v.problems = append(v.problems, ps...)
	}
	v.identities(objs, groups)
	v.limits(objs)
	v.defaultFlags(objs)
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

// object checks o, and returns its identity group: the key it must not
// share with another object (its kind, parent and role, or else identity;
// see identities), "" for an object without one.
func (v *validator) object(o *model.Object) string {
	k, ok := v.reg.Kind(o.Kind)
	if !ok {
		v.add(o, o.Source.Line, model.SeverityError, fmt.Sprintf("unknown kind %q", o.Kind), "known kinds: "+kindNames(v.reg))
		return ""
	}
	info, err := v.reg.ParsePath(o.Path)
	if err != nil {
		v.add(o, o.Source.Line, model.SeverityError, err.Error(), "move the file to the directory of its kind")
		return ""
	}
	if info.ParentPath != "" {
		if _, ok := v.s.Get(info.ParentPath); !ok {
			v.add(o, o.Source.Line, model.SeverityError, fmt.Sprintf("parent %s is not in the tree", info.ParentPath),
				fmt.Sprintf("add %s.yaml, or move this file under an existing %s", info.ParentPath, k.Parent))
		}
	}
	// Checks of the file alone (memoized) and checks against the rest of
	// the tree (found from the content, memoized too), in the order they
	// always ran.
	entry, hit := v.memo.get(o, func(e *memoEntry, cached []byte) {
		if cross, ident, ok := decodeEntry(cached, k); ok {
			e.cross, e.ident = cross, ident
			return
		}
		e.cross, e.ident = findCrossChecks(v.reg, o, k), identityKey(o, k)
	})
	cross, ident := entry.crossAndIdent(v.reg, o, k)
	v.own(o, entry, hit, 0, func() {
		v.specTypes(o, k, v.schema(o, k))
		if !o.UTF8Checked() {
			v.fourByte(o)
		}
	})
	v.cross(o, cross.pre)
	v.own(o, entry, hit, 1, func() {
		v.orgAndUserTokens(o, k)
		v.text(o, k)
		v.secretPlacement(o, k)
		k.CheckPart(o.Body, func(ptr, msg, hint string) { v.add(o, o.BodyLine(ptr), model.SeverityError, msg, hint) })
		v.reservedIdentity(o, k)
	})
	v.memo.put(o, k, entry, hit)
	v.cross(o, cross.post)
	if ident == "" {
		return ""
	}
	return o.Kind + "\x00" + info.ParentPath + "\x00" + ident
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

// identities reports objects of one kind under one parent that share an
// identity (or, for system objects, a role).
func (v *validator) identities(objs []*model.Object, groups []string) {
	first := make(map[string]*model.Object, len(objs))
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

// identityKey is the part of o's identity group (the key it must not
// share with another object of its kind and parent) that its content
// determines: its role, or else identity; "" for an object without one.
func identityKey(o *model.Object, k *model.Kind) string {
	if o.Role != "" {
		return "role\x00" + o.Role
	}
	id, ok := k.IdentityOf(o.Body)
	if !ok || len(k.Identity) == 0 {
		return ""
	}
	return "id\x00" + id
}

// limits reports the objects of a kind beyond Okta's limit per parent
// (Kind.MaxObjects), each at its file: objs (the snapshot's) come in path
// order, so the ones reported are the last ones by path.
func (v *validator) limits(objs []*model.Object) {
	count := map[string]int{}
	for _, o := range objs {
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
