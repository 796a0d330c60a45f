package plan

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// step is a Step while the plan is built: with its node, its place in the
// node's chain, and its dependencies with the reason for each (used in
// cycle messages).
type step struct {
	Step
	n           *node
	seq         int
	deletePhase bool
	deps        map[*step]string
	// soft are the dependencies that come from two-pass references and
	// relations: the only ones that may be dropped to break a cycle.
	soft map[*step]bool
	// itemStep marks the steps of item sets: they wait for their object's
	// write (set when built), not for the chain's previous step, so that
	// the items of one object are written in parallel.
	itemStep bool
}

func (s *step) dep(on *step, why string) {
	if on == nil || on == s {
		return
	}
	if _, ok := s.deps[on]; !ok {
		s.deps[on] = why
	}
	delete(s.soft, on) // a hard reason wins over a soft one
}

// depSoft adds a dependency that a declared two-pass edge implies.
func (s *step) depSoft(on *step, why string) {
	if on == nil || on == s {
		return
	}
	if _, ok := s.deps[on]; ok {
		return
	}
	s.deps[on] = why
	if s.soft == nil {
		s.soft = map[*step]bool{}
	}
	s.soft[on] = true
}

// newStep makes a step for n with a readable, deterministic ID. IDs are
// unique; a clash (the old and the new object of a replace in the same file)
// gets a "~2" suffix, in build order, which is deterministic.
func (e *engine) newStep(n *node, a Action, qualifier string) *step {
	path, parent := n.path(), n.dParent
	if n.d == nil {
		parent = n.cParent
	}
	id := path + ":" + a.String()
	if qualifier != "" {
		id += ":" + qualifier
	}
	for i := 2; e.stepIDs[id]; i++ {
		id = strings.TrimSuffix(id, "~"+strconv.Itoa(i-1)) + "~" + strconv.Itoa(i)
	}
	e.stepIDs[id] = true
	s := &step{
		Step: Step{ID: id, Action: a, Kind: n.ki.k.Name, Path: path, ParentPath: parent, Live: liveRef(n.c)},
		n:    n, seq: len(n.chain), deletePhase: n.d == nil, deps: map[*step]string{},
	}
	if n.d != nil && n.c != nil && n.c.Path != n.d.Path {
		s.CurrentPath = n.c.Path
	}
	n.chain = append(n.chain, s)
	e.steps = append(e.steps, s)
	return s
}

// build turns every node into its chain of steps, kinds in registry order so
// that a reference target's changes are known before its referrers' (see
// forced).
func (e *engine) build() {
	e.rankOrders()
	defer e.placeCreates()
	for _, ki := range e.byOrder {
		for _, n := range e.dByKind[ki.k.Name] {
			if n.dup {
				continue
			}
			if n.matched() {
				e.buildUpdate(n)
			} else {
				e.buildCreate(n)
			}
		}
	}
	for _, ki := range e.byOrder {
		for _, c := range e.cByKind[ki.k.Name] {
			n := e.cNodes[c.c.Path]
			if n.d != nil {
				continue
			}
			// A parent that is never deleted (Kind.Existing: an admin
			// user) implies no child's delete: each is deleted alone.
			if p := e.cNodes[n.cParent]; p != nil && p.d == nil && !ki.k.DeleteBeforeParent && !p.ki.k.Existing {
				n.deleteRoot = p
				if p.deleteRoot != nil {
					n.deleteRoot = p.deleteRoot
				}
				n.deleteRoot.implied = append(n.deleteRoot.implied, n.c.Path)
				continue
			}
		}
	}
	e.keepGuards()
	for _, ki := range e.byOrder {
		for _, c := range e.cByKind[ki.k.Name] {
			if n := e.cNodes[c.c.Path]; n.d == nil && n.deleteRoot == nil {
				e.buildDelete(n)
			}
		}
	}
	e.linkChildDeletes()
}

// linkChildDeletes makes the delete of a parent wait for the deletes of
// its children that Okta wants gone first (Kind.DeleteBeforeParent).
func (e *engine) linkChildDeletes() {
	for _, ki := range e.byOrder {
		if !ki.k.DeleteBeforeParent {
			continue
		}
		for _, c := range e.cByKind[ki.k.Name] {
			n := e.cNodes[c.c.Path]
			p := e.cNodes[n.cParent]
			if n.del == nil || p == nil {
				continue
			}
			if p.deleteRoot != nil {
				p = p.deleteRoot
			}
			if p.delFirst != nil {
				p.delFirst.dep(n.del, fmt.Sprintf("Okta deletes %s only once %s is gone", p.path(), n.path()))
			}
		}
	}
}

// refuse records something the plan will not do.
func (e *engine) refuse(n *node, a Action, reason RefusalReason, msg string, changes []Change) {
	e.refused = append(e.refused, Refusal{Kind: n.ki.k.Name, Path: n.path(), Action: a, Reason: reason, Message: msg,
		Live: liveRef(n.c), Changes: changes, Implied: n.implied, Replace: n.replacedBy != nil})
}

// buildUpdate plans a matched pair: field changes (split into a first and a
// second pass), a reorder, lifecycle steps and relations, or a refusal when
// the object is a read-only system object.
func (e *engine) buildUpdate(n *node) {
	k := n.ki.k
	defer e.checkVerified(n) // after the object's other steps
	df := &differ{ki: n.ki, skip: n.skip, forced: e.forced(n), second: e.secondPass(n), partLive: livePartDigest(n)}
	var patch, patch2 map[string]any
	if !e.sameBodies(n, df) || !df.sameWalk(n.dBody, "", "", n.dFacts.known && !n.dFacts.odd) {
		df.ignoredSeen = nil
		patch, patch2 = df.diff(n.dCmp, n.dBody, n.cBody)
	}
	e.warnIgnored(n, df.ignoredSeen)
	e.noteReplaced(df.changes)
	e.noteReplaced(df.changes2)
	n.changedPtrs = map[string]bool{}
	for _, ch := range append(append([]Change(nil), df.changes...), df.changes2...) {
		n.changedPtrs[ch.Path] = true
	}

	cs, _ := statusOf(n.cBody, n.ki)
	ds, dsOK := statusOf(n.dBody, n.ki)
	var statusChange *Change
	if dsOK && ds != cs {
		statusChange = &Change{Path: dottedPointer(n.ki.status), Op: OpModify, Before: cs, After: ds}
		if cs == "" {
			statusChange.Op, statusChange.Before = OpAdd, nil
		}
	}
	var reorder *Change
	var orderVal any
	if n.ki.order != "" {
		if dv, ok := model.Lookup(n.dBody, n.ki.order); ok && dv != nil {
			cv, _ := model.Lookup(n.cBody, n.ki.order)
			moved := !equalValue(dv, cv, n.ki.order, n.ki)
			if n.orderRanked {
				// The order is managed, not the numbers (rankOrders).
				moved = n.orderSet
			}
			if moved {
				reorder = &Change{Path: dottedPointer(n.ki.order), Op: OpModify, Before: cv, After: dv}
				if cv == nil {
					reorder.Op = OpAdd
				}
				orderVal = dv
				if n.orderRanked {
					orderVal = json.Number(strconv.Itoa(n.orderPos))
					reorder.After = orderVal
					if !equalValue(dv, orderVal, n.ki.order, n.ki) {
						reorder.Note = fmt.Sprintf("position %d among the siblings that remain (the file says %v)", n.orderPos, dv)
					}
				}
			}
		}
	}
	var rels []RelationChange
	for _, name := range sortedKeys(n.d.Relations) {
		target, ok := model.ParseRef(n.d.Relations[name])
		if !ok {
			continue
		}
		before := n.c.Relations[name]
		if model.FormatRef(e.cmpPath(target)) == before {
			continue
		}
		rels = append(rels, RelationChange{Name: name, Target: model.FormatRef(target), Before: before})
	}
	toggles := e.toggleChanges(n, n.cBody, false)
	if patch == nil && patch2 == nil && reorder == nil && statusChange == nil && len(rels) == 0 && len(toggles) == 0 {
		e.itemSteps(n, nil, nil, nil)
		return
	}

	if n.system() && k.System != nil && k.System.Allowed == model.SystemReadOnly {
		all := append(append([]Change(nil), df.changes...), df.changes2...)
		for _, c := range []*Change{statusChange, reorder} {
			if c != nil {
				all = append(all, *c)
			}
		}
		for _, r := range rels {
			all = append(all, Change{Path: "relations/" + r.Name, Op: OpModify, Before: r.Before, After: r.Target})
		}
		for _, tc := range toggles {
			all = append(all, tc.change)
		}
		e.refuse(n, ActionUpdate, RefusedProtected,
			fmt.Sprintf("system object (role %s), which oktasync never writes; the desired changes are not applied", n.cRole), all)
		e.itemSteps(n, nil, nil, nil) // refused as well
		return
	}
	if k.Update == nil && (patch != nil || patch2 != nil || reorder != nil) {
		if !n.replaceRefused { // else listed as a refused replace already
			e.refuse(n, ActionUpdate, RefusedNoEndpoint, fmt.Sprintf("Okta has no update endpoint for %s", k.Name),
				append(append([]Change(nil), df.changes...), df.changes2...))
		}
		patch, patch2, reorder = nil, nil, nil
	}

	var writes []*step
	if patch != nil {
		u := e.newStep(n, ActionUpdate, "")
		u.Body, u.Changes = patch, df.changes
		u.Secrets = secretNames(patch)
		n.ready = u
		writes = append(writes, u)
	}
	writes = append(writes, e.secondPassStep(n, patch2, df.changes2)...)
	if reorder != nil {
		r := e.newStep(n, ActionReorder, "")
		r.Body = map[string]any{}
		_ = model.SetField(r.Body, n.ki.order, orderVal)
		r.Changes = []Change{*reorder}
		writes = append(writes, r)
	}
	final := cs
	if dsOK {
		final = ds
	}
	e.lifecycle(n, cs, writes, final, statusChange)
	e.toggleSteps(n, toggles)
	e.relationSteps(n, rels)
	e.itemSteps(n, lastStep(n.chain), nil, nil)
}

// lastStep is the last step of a chain, or nil.
func lastStep(chain []*step) *step {
	if len(chain) == 0 {
		return nil
	}
	return chain[len(chain)-1]
}

// noteReplaced explains a change that reads the same before and after: its
// references name objects this plan replaces, so the same path stands for
// a new object.
func (e *engine) noteReplaced(changes []Change) {
	for i := range changes {
		ch := &changes[i]
		if ch.Note != "" || ch.Op != OpModify || string(model.CanonicalJSON(ch.Before)) != string(model.CanonicalJSON(ch.After)) {
			continue
		}
		var replaced []string
		seen := map[string]bool{}
		model.WalkStrings(ch.After, func(_, str string) {
			for _, t := range model.RefsIn(str) {
				if tn := e.dNodes[t]; tn != nil && tn.replaceOf != nil && !seen[t] {
					seen[t] = true
					replaced = append(replaced, t)
				}
			}
		})
		if len(replaced) > 0 {
			ch.Note = fmt.Sprintf("%s %s replaced: this points to the new %s", strings.Join(replaced, ", "),
				plural(len(replaced), "is", "are"), plural(len(replaced), "object", "objects"))
		}
	}
}

// secondPassStep makes the update that sets two-pass references once their
// targets exist.
func (e *engine) secondPassStep(n *node, patch map[string]any, changes []Change) []*step {
	if patch == nil {
		return nil
	}
	u := e.newStep(n, ActionUpdate, "refs")
	u.Body, u.Changes = patch, changes
	u.Reason = "second pass: sets references to objects this plan creates, once they exist"
	return []*step{u}
}

// relationSteps adds a set-relation step per changed relation.
func (e *engine) relationSteps(n *node, rels []RelationChange) {
	for _, r := range rels {
		rc := r
		s := e.newStep(n, ActionSetRelation, r.Name)
		s.Relation = &rc
		if n.relSteps == nil {
			n.relSteps = map[string]*step{}
		}
		n.relSteps[r.Name] = s
	}
}

// forced finds n's references that stand for a target's field other than
// its ID (a scope's name) when this plan changes that field: the reference
// compares equal, yet the value Okta holds must change.
func (e *engine) forced(n *node) map[string]string {
	var out map[string]string
	for _, rf := range n.ki.k.Refs {
		if rf.TargetField == "" || rf.External {
			continue
		}
		tp := dottedPointer(rf.TargetField)
		for _, m := range model.Find(n.dBody, rf.Path) {
			s, ok := m.Value.(string)
			if !ok {
				continue
			}
			for _, t := range model.RefsIn(s) {
				if tn := e.dNodes[t]; tn != nil && tn.c != nil && tn.changedPtrs[tp] {
					if out == nil {
						out = map[string]string{}
					}
					out[m.Pointer] = fmt.Sprintf("%s changes its %s", t, rf.TargetField)
				}
			}
		}
	}
	return out
}

// warnIgnored warns about server-owned fields written in a desired file.
func (e *engine) warnIgnored(n *node, ptrs []string) {
	for _, p := range ptrs {
		e.warn(n.d.File(), n.d.BodyLine(p), fmt.Sprintf("%s is set by Okta (read-only), so its value here is ignored", strings.TrimPrefix(p, "/")),
			"remove it from the file")
	}
}

// secretNames lists the ${secret:NAME} placeholders in a body.
func secretNames(body map[string]any) []string {
	set := map[string]bool{}
	model.WalkStrings(body, func(_, s string) {
		if !strings.Contains(s, "${secret:") {
			return
		}
		phs, err := model.ScanPlaceholders(s)
		if err != nil {
			return
		}
		for _, p := range phs {
			if p.Type == model.PlaceholderSecret {
				set[p.Value] = true
			}
		}
	})
	if len(set) == 0 {
		return nil
	}
	return sortedKeys(set)
}

// aTitle is the kind's title with an indefinite article, for messages: "an
// application", "a group rule".
func aTitle(k *model.Kind) string {
	t := strings.ToLower(k.Title)
	if t == "" {
		t = k.Name
	}
	if strings.ContainsRune("aeiou", rune(t[0])) {
		return "an " + t
	}
	return "a " + t
}

// placeCreates sets the position rankOrders chose on creates of ordered
// kinds (it differs from the file's number when siblings were removed).
// It also shows each create and reorder of an ordered kind where it goes
// among its siblings.
func (e *engine) placeCreates() {
	for _, s := range e.steps {
		if s.Action == ActionCreate && s.n.orderSet && s.Body != nil {
			_ = model.SetField(s.Body, s.n.ki.order, json.Number(strconv.Itoa(s.n.orderPos)))
		}
		if (s.Action == ActionCreate || s.Action == ActionReorder) && s.n.position != nil {
			pos := *s.n.position
			s.Position = &pos
		}
	}
}

// livePartDigest is Okta's digest of the current object's write-only part
// (model.WriteOnlyPart): from the live body read with it, else from the
// current body.
func livePartDigest(n *node) string {
	if n.c == nil {
		return ""
	}
	if n.c.Live != nil && n.c.Live.Raw != nil {
		return n.ki.k.LivePartDigest(n.c.Live.Raw)
	}
	return n.ki.k.LivePartDigest(n.cBody)
}
