package plan

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/parallel"
)

// prepare builds the nodes and checks the desired side.
func (e *engine) prepare(desired, current *model.Snapshot) {
	dObjs := desired.Objects()
	cObjs := current.Objects()
	// Sized once: a large tree's nodes otherwise grow the maps many times.
	if len(e.dNodes) == 0 && len(e.cNodes) == 0 {
		e.dNodes = make(map[string]*node, len(dObjs))
		e.cNodes = make(map[string]*node, len(cObjs))
		e.identIndex = make(map[string][]*node, len(cObjs))
	}
	dRes := e.resolveAll(dObjs, nil)
	for i, o := range dObjs {
		r := &dRes[i]
		if r.ki == nil {
			e.ps.add(ProblemInput, o.File(), o.Source.Line, fmt.Sprintf("unknown kind %q", o.Kind), "run oktasync kinds for the list")
			continue
		}
		if r.err != nil {
			e.ps.add(ProblemInput, o.File(), o.Source.Line, r.err.Error(), "move the file to the directory of its kind")
			continue
		}
		e.ps.list = append(e.ps.list, r.ps.list...)
		n := &node{ki: r.ki, d: o, dParent: r.info.ParentPath, dBody: r.body, res: r, dIdent: r.ident, dIdentOK: r.identOK, dFacts: r.facts}
		n.dRole = o.Role
		if n.dRole == "" {
			n.dRole = r.ki.k.RoleOf(n.dBody)
		}
		e.dNodes[o.Path] = n
		e.dByKind[o.Kind] = append(e.dByKind[o.Kind], n)
		e.checkSecrets(n)
		// Validation checked the text of the file; a body variables
		// changed has text of theirs to check.
		if !e.opts.Validated || e.opts.Clean == nil || !e.opts.Clean(o) || !sameMap(n.dBody, o.Body) {
			e.checkText(n)
		}
	}
	// The current side may be a second tree, which can hold variables too.
	cps := &problems{}
	cRes := e.resolveAll(cObjs, e.twinOf)
	for _, ns := range e.dByKind {
		for _, n := range ns {
			n.res = nil
		}
	}
	for i, o := range cObjs {
		r := &cRes[i]
		if r.ki == nil {
			e.warn(o.File(), o.Source.Line, fmt.Sprintf("current object of unknown kind %q is ignored", o.Kind), "")
			continue
		}
		if r.err != nil {
			e.warn(o.File(), o.Source.Line, "current object is ignored: "+r.err.Error(), "")
			continue
		}
		cps.list = append(cps.list, r.ps.list...)
		ki, info := r.ki, r.info
		n := &node{ki: ki, c: o, cParent: info.ParentPath, cBody: r.body}
		n.cRole = o.Role
		if n.cRole == "" && o.Live != nil && o.Live.Raw != nil {
			n.cRole = ki.k.RoleOf(o.Live.Raw)
		}
		if n.cRole == "" {
			if t := r.twin; t != nil && t.d.Role == "" && o.Role == "" {
				n.cRole = t.dRole // RoleOf of the same body
			} else {
				n.cRole = ki.k.RoleOf(n.cBody)
			}
		}
		n.cIdent, n.cIdentOK = r.ident, r.identOK
		e.cNodes[o.Path] = n
		e.cByKind[o.Kind] = append(e.cByKind[o.Kind], n)
		if info.ParentPath != "" {
			e.cChildren[info.ParentPath] = append(e.cChildren[info.ParentPath], n)
		}
	}
	for _, p := range cps.list {
		p.Message = "in the current state: " + p.Message
		e.ps.list = append(e.ps.list, p)
	}
	if e.opts.Validated {
		// Validation found every reference, relation and parent in the
		// tree (a variable's value is escaped, never a reference).
		return
	}
	for _, ki := range e.byOrder {
		for _, n := range e.dByKind[ki.k.Name] {
			e.checkRefs(n)
		}
	}
}

// resolved is what prepare finds of one object before it makes its node:
// its kind (nil for an unknown one), its path, its body with variables
// resolved and the problems of resolving them, and its identity.
type resolved struct {
	ki      *kindInfo
	info    model.PathInfo
	err     error
	body    map[string]any
	ps      problems
	ident   string
	identOK bool
	facts   bodyFacts
	// twin is the desired node whose resolution this is (twinOf).
	twin *node
}

// resolveAll resolves objects on every core, each into its own slot (the
// work is per object; prepare then takes the results in order, so the
// plan and its problems do not depend on timing). Large trees spent a
// second here on one core.
//
// twin, when set, returns the desired node with o's kind, path and body map
// (the twin files of two trees), whose resolution o then shares.
func (e *engine) resolveAll(objs []*model.Object, twin func(*model.Object) *node) []resolved {
	out := make([]resolved, len(objs))
	parallel.ForEach(len(objs), 64, func(i int) {
		o, r := objs[i], &out[i]
		if twin != nil {
			if t := twin(o); t != nil {
				*r = *t.res
				r.twin = t
				return
			}
		}
		ki, ok := e.kinds[o.Kind]
		if !ok {
			return
		}
		r.ki = ki
		if r.info, r.err = e.reg.ParsePath(o.Path); r.err != nil {
			return
		}
		if !e.opts.noShortcuts {
			factsOf(o.Body, &r.facts)
		}
		if e.opts.noShortcuts || r.facts.vars {
			vr := &varResolver{vars: e.opts.Vars, ps: &r.ps}
			r.body = vr.body(o)
		} else {
			// varResolver would find nothing to change or report.
			r.body, r.facts.known = o.Body, true
		}
		r.ident, r.identOK = ki.k.IdentityOf(r.body)
	})
	return out
}

// twinOf returns the desired node at o's path, whose resolution o shares, when
// it is of o's kind, has o's very body and resolved without a problem:
// resolving o, with the same variables, gives the same body, identity and
// path (problems would name the other file, so those are found again).
func (e *engine) twinOf(o *model.Object) *node {
	if e.opts.noShortcuts {
		return nil
	}
	n := e.dNodes[o.Path]
	if n == nil || n.res == nil || n.d.Kind != o.Kind || !sameMap(n.d.Body, o.Body) || len(n.res.ps.list) > 0 {
		return nil
	}
	return n
}

// sameMap reports whether a and b are the same map (not equal ones).
func sameMap(a, b map[string]any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// checkRefs reports desired references, relations and parents that name no
// desired object.
func (e *engine) checkRefs(n *node) {
	o := n.d
	if n.dParent != "" {
		if _, ok := e.dNodes[n.dParent]; !ok {
			e.ps.add(ProblemDanglingRef, o.File(), o.Source.Line, fmt.Sprintf("parent %s is not in the tree", n.dParent),
				fmt.Sprintf("add %s.yaml, or move this file under an existing %s", n.dParent, n.ki.k.Parent))
		}
	}
	model.WalkStrings(n.dBody, func(ptr, s string) {
		for _, target := range model.RefsIn(s) {
			if _, ok := e.dNodes[target]; !ok {
				e.ps.add(ProblemDanglingRef, o.File(), o.BodyLine(ptr), fmt.Sprintf("dangling reference %s: no object has this path", model.FormatRef(target)),
					"fix the path (a file's path without .yaml), or add the object it names")
			}
		}
	})
	for _, name := range sortedKeys(o.Relations) {
		// A line only for a problem: finding lines can mean parsing the
		// file again (model.Object.SetLineSource).
		line := func() int { return o.Line("/relations/" + model.EscapePointer(name)) }
		if _, ok := n.ki.k.Relation(name); !ok {
			e.ps.add(ProblemInput, o.File(), line(), fmt.Sprintf("unknown relation %q", name), fmt.Sprintf("%s objects have relations: %s", n.ki.k.Name, relationNames(n.ki.k)))
			continue
		}
		target, ok := model.ParseRef(o.Relations[name])
		if !ok {
			e.ps.add(ProblemInput, o.File(), line(), fmt.Sprintf("relation %q must be a ${ref:<path>}", name), "")
			continue
		}
		if _, ok := e.dNodes[target]; !ok {
			e.ps.add(ProblemDanglingRef, o.File(), line(), fmt.Sprintf("dangling reference %s: no object has this path", model.FormatRef(target)),
				"fix the path (a file's path without .yaml), or add the object it names")
		}
	}
}

// checkSecrets refuses secret values written into a desired file: the plan
// would carry them into plan.json and the PR comment.
func (e *engine) checkSecrets(n *node) {
	for _, s := range n.ki.k.Secrets {
		if s.When != nil && !model.Matches(n.dBody, s.When) {
			continue
		}
		for _, m := range model.Find(n.dBody, s.Path) {
			if m.Value == nil {
				continue
			}
			if str, ok := m.Value.(string); ok && (str == "" || hasSecretPlaceholder(str)) {
				continue
			}
			e.ps.add(ProblemSecret, n.d.File(), n.d.BodyLine(m.Pointer), fmt.Sprintf("%s holds a secret value in clear", s.Path),
				"write ${secret:NAME} and give apply the value from the environment or a secrets file")
		}
	}
}

// checkText refuses control characters in what reaches Okta and warns
// about invisible characters and look-alike letters (model.CheckText), so
// that the plan a reviewer reads says so next to the escaped value.
func (e *engine) checkText(n *node) {
	n.ki.k.CheckBodyText(n.dBody, func(ptr string, is model.TextIssue) {
		if is.Error {
			e.ps.add(ProblemInput, n.d.File(), n.d.BodyLine(ptr), is.Message, "remove the character; Okta does not store it as written")
			return
		}
		e.warn(n.d.File(), n.d.BodyLine(ptr), is.Message, "check that the text is what you mean; the plan shows such characters escaped")
	})
}

// cmpPath is the current path a desired path stands for when comparing:
// the matched object's path, or a marker that equals no current path for
// an object this plan creates.
func (e *engine) cmpPath(desiredPath string) string {
	if n := e.dNodes[desiredPath]; n != nil && n.c != nil {
		return n.c.Path
	}
	return "+" + desiredPath
}

// cmpForm returns a copy of v with every ${ref:} rewritten by cmpPath.
func (e *engine) cmpForm(v any) any { return model.RewriteRefs(v, e.cmpPath) }

// cmpFormShared is cmpForm sharing the parts of v that hold no reference
// with v (most of a body): only for a form that is read, never written
// (a node's dCmp).
func (e *engine) cmpFormShared(v any) any {
	out, _ := rewriteShared(v, e.cmpPath)
	return out
}

// rewriteShared is model.RewriteRefs copying only what it changes, and
// reports whether it changed anything.
func rewriteShared(v any, fn func(string) string) (any, bool) {
	switch t := v.(type) {
	case map[string]any:
		var m map[string]any
		for k, x := range t {
			nx, changed := rewriteShared(x, fn)
			if !changed {
				continue
			}
			if m == nil {
				m = make(map[string]any, len(t))
				for k2, x2 := range t {
					m[k2] = x2
				}
			}
			m[k] = nx
		}
		if m == nil {
			return v, false
		}
		return m, true
	case []any:
		var a []any
		for i, x := range t {
			nx, changed := rewriteShared(x, fn)
			if !changed {
				continue
			}
			if a == nil {
				a = append([]any(nil), t...)
			}
			a[i] = nx
		}
		if a == nil {
			return v, false
		}
		return a, true
	case string:
		if !strings.Contains(t, "${ref:") {
			return v, false
		}
		ns := model.RewriteRefs(t, fn).(string)
		return ns, ns != t
	}
	return v, false
}

func relationNames(k *model.Kind) string {
	if len(k.Relations) == 0 {
		return "none"
	}
	names := make([]string, len(k.Relations))
	for i, r := range k.Relations {
		names[i] = r.Name
	}
	return strings.Join(names, ", ")
}
