package plan

import (
	"fmt"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/parallel"
)

// match pairs desired and current objects, kind by kind in registry order,
// so that a child's parent and every reference target are matched before
// the child: their matched current paths are what the child's parent and
// identity are compared by.
//
// Within a kind and a (matched) parent, in three rounds:
//
//  1. by role: a system object is matched by what it is for (the default
//     policy of a type), never by its name, which admins may change. When
//     several current objects share a role, the identity decides; if it
//     cannot, the match is ambiguous;
//  2. by identity (Kind.IdentityOf, with references rewritten to current
//     paths): one candidate is a match, several are ambiguous;
//  3. by path: a desired object whose file is where an unmatched current
//     object is, was renamed in place (its identity was edited). Neither may
//     be a system object.
//
// A match that differs in an Immutable field is a replace; see decideReplace.
func (e *engine) match() {
	for _, ki := range e.byOrder {
		e.matchKind(ki)
	}
	// Comparison forms need every match, including targets of two-pass
	// references in later kinds. Each is made from its own node and the
	// matches, which no longer change: on every core.
	var all []*node
	for _, ki := range e.byOrder {
		all = append(all, e.dByKind[ki.k.Name]...)
	}
	parallel.ForEach(len(all), 64, func(i int) {
		n := all[i]
		if n.dFacts.known && !n.dFacts.refs {
			n.dCmp = n.dBody // nothing to rewrite
			return
		}
		n.dCmp, _ = e.cmpFormShared(n.dBody).(map[string]any)
	})
}

// sibKey keys current objects of one kind under one parent.
func sibKey(kind, parent, key string) string { return kind + "\x00" + parent + "\x00" + key }

func (e *engine) matchKind(ki *kindInfo) {
	kind := ki.k.Name
	cs := e.cByKind[kind]
	byRole := map[string][]*node{}
	byIdent := make(map[string][]*node, len(cs))
	for _, c := range cs {
		if c.cRole != "" {
			byRole[sibKey(kind, c.cParent, c.cRole)] = append(byRole[sibKey(kind, c.cParent, c.cRole)], c)
		}
		if c.cIdentOK {
			k := sibKey(kind, c.cParent, c.cIdent)
			byIdent[k] = append(byIdent[k], c)
			e.identIndex[k] = append(e.identIndex[k], c)
		}
	}
	// A current node is claimed once paired (node.claimed; each is of one
	// kind, matched here only).
	unclaimed := func(cs []*node) []*node {
		var out []*node
		for _, c := range cs {
			if !c.claimed {
				out = append(out, c)
			}
		}
		return out
	}

	// Each candidate's parent and identity read only the matches of
	// earlier kinds, which no longer change: found on every core.
	ds := e.dByKind[kind]
	var todo []*matchCand
	if len(ds) > 0 {
		todo = make([]*matchCand, len(ds))
	}
	parallel.ForEach(len(ds), 64, func(i int) {
		t := &matchCand{n: ds[i]}
		t.parent, t.parentOK = e.currentParent(t.n)
		if !e.plainIdentity(t.n) {
			t.ident, t.identOK = ki.k.IdentityOf(e.identityBody(t.n))
		} else {
			t.ident, t.identOK = t.n.dIdent, t.n.dIdentOK
		}
		todo[i] = t
	})
	e.duplicates(ki, todo, byIdent)

	pair := func(d, c *node) {
		c.claimed = true
		d.c, d.cBody, d.cParent, d.cRole, d.cIdent, d.cIdentOK = c.c, c.cBody, c.cParent, c.cRole, c.cIdent, c.cIdentOK
		e.cNodes[c.c.Path] = d
	}
	// Round 1: roles.
	for _, t := range todo {
		if t.n.dup || !t.parentOK || t.n.dRole == "" {
			continue
		}
		cs := unclaimed(byRole[sibKey(kind, t.parent, t.n.dRole)])
		if len(cs) > 1 && t.identOK {
			var same []*node
			for _, c := range cs {
				if c.cIdentOK && c.cIdent == t.ident {
					same = append(same, c)
				}
			}
			if len(same) == 1 {
				cs = same
			}
		}
		switch {
		case len(cs) == 1:
			pair(t.n, cs[0])
		case len(cs) > 1:
			e.ambiguous(t.n, fmt.Sprintf("role %q", t.n.dRole), cs)
			t.n.dup = true
		}
	}
	// Round 2: identities.
	for _, t := range todo {
		if t.n.dup || !t.parentOK || t.n.c != nil || !t.identOK {
			continue
		}
		cs := unclaimed(byIdent[sibKey(kind, t.parent, t.ident)])
		switch {
		case len(cs) == 1:
			pair(t.n, cs[0])
		case len(cs) > 1:
			e.ambiguous(t.n, "identity "+describeIdentity(ki.k, e.identityBody(t.n)), cs)
			t.n.dup = true
		}
	}
	// Round 3: renames in place.
	for _, t := range todo {
		if t.n.dup || !t.parentOK || t.n.c != nil || t.n.dRole != "" {
			continue
		}
		c := e.cNodes[t.n.d.Path]
		if c == nil || c.d != nil || c.c.Kind != kind || c.claimed || c.cRole != "" || c.cParent != t.parent {
			continue
		}
		pair(t.n, c)
	}
	for _, t := range todo {
		if t.n.matched() {
			e.decideReplace(t.n)
		}
	}
}

// matchCand is a desired node waiting for a match.
type matchCand struct {
	n *node
	// parent is the matched current parent path; parentOK is false when
	// the parent is created by this plan (so the child is too).
	parent   string
	parentOK bool
	// ident is the identity with references rewritten to current paths.
	ident   string
	identOK bool
}

// currentParent returns the current path of a desired node's parent, and
// false when the parent does not exist in the current state (it is created
// or replaced by this plan, or refused).
func (e *engine) currentParent(n *node) (string, bool) {
	if n.dParent == "" {
		return "", true
	}
	p := e.dNodes[n.dParent]
	if p == nil || p.c == nil {
		return "", false
	}
	return p.c.Path, true
}

// identityBody is a body holding only the identity fields of a desired node,
// with references rewritten to current paths (an app group assignment's
// identity is its group).
func (e *engine) identityBody(n *node) map[string]any {
	b := map[string]any{}
	for _, f := range n.ki.k.Identity {
		if v, ok := model.Lookup(n.dBody, f); ok {
			// A scalar without a reference is its own comparison form
			// (most identities are names); a map or list is copied.
			switch t := v.(type) {
			case map[string]any, []any:
				v = e.cmpForm(v)
			case string:
				if strings.Contains(t, "${ref:") {
					v = e.cmpForm(v)
				}
			}
			_ = model.SetField(b, f, v)
		}
	}
	return b
}

// plainIdentity reports whether n's identity body (identityBody) holds
// just the values of dBody: every identity field is a plain dotted name,
// none within another, and its value (if any) is a scalar without a
// reference. IdentityOf of the identity body then reads what it reads of
// dBody, which prepare found (node.dIdent).
func (e *engine) plainIdentity(n *node) bool {
	if e.opts.noShortcuts || !n.ki.plainIdentFields {
		return false
	}
	for _, f := range n.ki.k.Identity {
		v, _ := model.Lookup(n.dBody, f)
		switch t := v.(type) {
		case map[string]any, []any:
			return false
		case string:
			if strings.Contains(t, "${ref:") {
				return false
			}
		}
	}
	return true
}

// plainIdentFields reports whether identity fields are dotted names
// (letters, digits, _) none of which is, or is within, another: each is
// then set and looked up alone in an identity body.
func plainIdentFields(fields []string) bool {
	for i, f := range fields {
		if f == "" || strings.Trim(f, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.") != "" ||
			strings.HasPrefix(f, ".") || strings.HasSuffix(f, ".") || strings.Contains(f, "..") {
			return false
		}
		for j, g := range fields {
			if i != j && (f == g || strings.HasPrefix(g, f+".")) {
				return false
			}
		}
	}
	return true
}

// duplicates reports desired objects of one kind and parent that share an
// identity or a role: Okta would hold them as one object, so a silent pick
// would be a defect. The message names both files and, when there is one,
// the current object both would match.
func (e *engine) duplicates(ki *kindInfo, todo []*matchCand, byIdent map[string][]*node) {
	first := make(map[string]*node, len(todo))
	for _, t := range todo {
		n := t.n
		var key, cmpKey string
		switch {
		case n.dRole != "":
			key = "role\x00" + n.dRole
		case t.identOK && len(ki.k.Identity) > 0:
			key = "id\x00" + t.ident
			if t.parentOK {
				cmpKey = sibKey(ki.k.Name, t.parent, t.ident)
			}
		default:
			continue
		}
		g := n.dParent + "\x00" + key
		prev, dup := first[g]
		if !dup {
			first[g] = n
			continue
		}
		desc := fmt.Sprintf("role %q", n.dRole)
		if n.dRole == "" {
			desc = "identity " + describeIdentity(ki.k, e.identityBody(n))
		}
		msg := fmt.Sprintf("ambiguous match: %s and %s have the same %s", prev.d.File(), n.d.File(), desc)
		if cs := byIdent[cmpKey]; cmpKey != "" && len(cs) > 0 {
			names := make([]string, len(cs))
			for i, c := range cs {
				names[i] = c.describeCurrent()
			}
			msg += "; both would match " + strings.Join(names, ", ")
		}
		e.ps.add(ProblemDuplicate, n.d.File(), n.d.Source.Line, msg,
			fmt.Sprintf("Okta identifies %s by this key, so the two files would be one object; remove one file or change its key", aTitle(ki.k)))
		prev.dup, n.dup = true, true
	}
}

func (e *engine) ambiguous(n *node, what string, cs []*node) {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.describeCurrent()
	}
	e.ps.add(ProblemAmbiguous, n.d.File(), n.d.Source.Line,
		fmt.Sprintf("ambiguous match: %s matches %d current %s objects by %s: %s", n.d.Path, len(cs), n.ki.k.Name, what, strings.Join(names, ", ")),
		"the current state holds several objects with this key; rename or remove all but one of them in the org, so that exactly one matches")
}

func describeIdentity(k *model.Kind, body map[string]any) string {
	parts := make([]string, len(k.Identity))
	for i, f := range k.Identity {
		v, _ := model.Lookup(body, f)
		parts[i] = fmt.Sprintf("%s=%s", f, model.CanonicalJSON(v))
	}
	return strings.Join(parts, ", ")
}

// dottedPointer turns a dotted field path (no "[]") into a JSON pointer.
func dottedPointer(f string) string {
	parts := strings.Split(f, ".")
	for i, p := range parts {
		parts[i] = model.EscapePointer(p)
	}
	return "/" + strings.Join(parts, "/")
}

func liveRef(o *model.Object) *LiveRef {
	if o == nil || o.Live == nil {
		return nil
	}
	l := &LiveRef{ID: o.Live.ID, ParentID: o.Live.ParentID, GrandparentID: o.Live.GrandparentID}
	if *l == (LiveRef{}) {
		return nil
	}
	return l
}
