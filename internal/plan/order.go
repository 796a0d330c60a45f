package plan

import (
	"container/heap"
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// refOcc is one reference in a current body: from which node, at which
// pointer (or through which relation).
type refOcc struct {
	from     *node
	ptr      string
	relation string
	// soft is set for two-pass fields and relations.
	soft bool
}

// link adds the dependencies between steps. All of them come from data:
//
//   - a node's own chain (deactivate → update → activate, create → second
//     pass, …);
//   - a child waits for its parent's create or update;
//   - a create or update waits for the create or update of every object its
//     body (or relation) refers to. Two-pass fields are not in the first
//     body, which is what breaks declared cycles;
//   - a create waits for whatever frees its identity: the delete of the
//     object it replaces, or the rename of a sibling that had it;
//   - a delete waits until every object that referred to it (or to one of
//     its children) has been updated away from it or deleted: deletes run
//     in reverse;
//   - siblings' priorities are set in ascending order.
func (e *engine) link() {
	for _, s := range e.steps {
		n := s.n
		if s.seq > 0 && !s.itemStep {
			s.dep(n.chain[s.seq-1], "the same object's previous step")
		}
		if n.d == nil {
			continue
		}
		if s.seq == 0 && n.dParent != "" {
			if p := e.dNodes[n.dParent]; p != nil {
				s.dep(p.ready, "its parent")
			}
			for _, sib := range e.afterSiblings(n) {
				s.dep(sib.chain[len(sib.chain)-1], fmt.Sprintf("%s must be in place first (%s comes after %s)", sib.path(), n.ki.k.Name, sib.ki.k.Name))
			}
		}
		soft := twoPassPointers(n.ki.k, s.Body)
		for _, r := range s.Refs() {
			tn := e.dNodes[r.Target]
			switch {
			case tn == nil:
			case r.Relation != "":
				s.depSoft(tn.ready, fmt.Sprintf("its relation %s points to %s", r.Relation, r.Target))
			case tn == n:
			case soft[r.Pointer]:
				s.depSoft(tn.ready, "it refers to "+r.Target+" (two-pass)")
			default:
				s.dep(tn.ready, "it refers to "+r.Target)
			}
		}
		if s.Action == ActionCreate {
			e.linkIdentity(s)
		}
	}
	e.linkDeletes()
	e.linkOrder()
	e.linkSiblingDeletes()
	e.linkDefaultFlag()
}

// linkIdentity makes a create wait for the current object that holds its
// identity to give it up: deleted (a replace) or renamed.
func (e *engine) linkIdentity(s *step) {
	n := s.n
	parent, ok := e.currentParent(n)
	if !ok {
		return
	}
	ident, ok := n.ki.k.IdentityOf(e.identityBody(n))
	if !ok || len(n.ki.k.Identity) == 0 {
		return
	}
	for _, c := range e.identIndex[sibKey(n.ki.k.Name, parent, ident)] {
		owner := e.cNodes[c.c.Path]
		switch {
		case owner == nil || owner == n:
		case owner.d == nil && owner.del != nil:
			s.dep(owner.del, fmt.Sprintf("%s must be deleted first: it has the same identity", owner.c.Path))
			if owner == n.replaceOf {
				n.identityFreed = true
			}
		case owner.d != nil && owner.ready != nil:
			s.dep(owner.ready, fmt.Sprintf("%s gives up this identity first", owner.path()))
		}
	}
}

// linkDeletes makes each delete wait for what still refers to the deleted
// object (or to what its delete implies) to let go of it first.
func (e *engine) linkDeletes() {
	// The deletes to link, in kind and path order; nothing below changes
	// which they are (linkDeleteRef only adds dependencies and warnings).
	var dels []*node
	for _, ki := range e.byOrder {
		for _, c := range e.cByKind[ki.k.Name] {
			n := e.cNodes[c.c.Path]
			if n.d != nil || n.delFirst == nil {
				continue
			}
			if r := n.replacedBy; r != nil && r.identityFreed {
				// The new object takes the old one's identity, so the old
				// one goes first; what refers to it moves to the new one
				// after its create (its update waits for the create).
				// Waiting for those updates here would be a cycle.
				continue
			}
			dels = append(dels, n)
		}
	}
	if len(dels) == 0 {
		// A plan without deletes (most plans of a large tree) need not
		// index the references of every current object.
		return
	}
	// Only references to a deleted object, or to one its delete implies,
	// are ever looked up.
	wanted := map[string]bool{}
	for _, n := range dels {
		wanted[n.c.Path] = true
		for _, p := range n.implied {
			wanted[p] = true
		}
	}
	refs := map[string][]refOcc{}
	for _, ki := range e.byOrder {
		for _, c := range e.cByKind[ki.k.Name] {
			owner := e.cNodes[c.c.Path]
			soft := twoPassPointers(ki.k, c.cBody)
			dropped := droppedPointers(ki.k, c.cBody)
			model.WalkStrings(c.cBody, func(ptr, str string) {
				if dropped[ptr] {
					return // Okta drops it with its target: no order
				}
				for _, t := range model.RefsIn(str) {
					if wanted[t] {
						refs[t] = append(refs[t], refOcc{from: owner, ptr: ptr, soft: soft[ptr]})
					}
				}
			})
			for _, name := range sortedKeys(c.c.Relations) {
				if t, ok := model.ParseRef(c.c.Relations[name]); ok && wanted[t] {
					refs[t] = append(refs[t], refOcc{from: owner, relation: name, soft: true})
				}
			}
		}
	}
	for _, n := range dels {
		root := n.c.Path
		for _, target := range append([]string{root}, n.implied...) {
			for _, occ := range refs[target] {
				fp := occ.from.c.Path
				if fp == root || strings.HasPrefix(fp, root+"/") {
					continue
				}
				e.linkDeleteRef(n, target, occ)
			}
		}
	}
}

func (e *engine) linkDeleteRef(n *node, target string, occ refOcc) {
	from := occ.from
	dep := n.delFirst.dep
	if occ.soft {
		dep = n.delFirst.depSoft
	}
	where := "at " + strings.TrimPrefix(occ.ptr, "/")
	if occ.relation != "" {
		where = "through its relation " + occ.relation
	}
	if from.d == nil {
		root := from
		if from.deleteRoot != nil {
			root = from.deleteRoot
		}
		if root.del != nil {
			dep(root.del, fmt.Sprintf("%s refers to %s and is deleted first", from.c.Path, target))
			return
		}
		e.warn(from.c.File(), 0, fmt.Sprintf("%s refers to %s (%s) and is not deleted, so deleting %s may fail", from.c.Path, target, where, n.c.Path),
			"see the refused list")
		return
	}
	for _, s := range from.chain {
		if occ.relation != "" {
			if s.Relation != nil && s.Relation.Name == occ.relation {
				dep(s, fmt.Sprintf("%s stops pointing to %s first", from.path(), target))
				return
			}
			continue
		}
		for _, ch := range s.Changes {
			if occ.ptr == ch.Path || strings.HasPrefix(occ.ptr, ch.Path+"/") {
				dep(s, fmt.Sprintf("%s stops referring to %s first", from.path(), target))
				return
			}
		}
		if (s.Action == ActionRemoveItem || s.Action == ActionUpdateItem) && itemsReferTo(s.Items, target) {
			dep(s, fmt.Sprintf("%s stops referring to %s first", from.path(), target))
			return
		}
	}
	hint := fmt.Sprintf("remove the reference in %s (the field is absent there, so oktasync leaves it as it is), or keep %s", from.d.File(), n.c.Path)
	if occ.relation != "" {
		if rel, ok := from.ki.k.Relation(occ.relation); ok && rel.Clear != "" {
			hint = fmt.Sprintf("set relations.%s in %s; %s", occ.relation, from.d.File(), rel.Clear)
		}
	}
	e.warn(from.d.File(), 0, fmt.Sprintf("%s still refers to %s (%s), which this plan deletes; the delete may fail", from.path(), target, where), hint)
}

// itemsReferTo reports whether one of the items, as the current state has
// them (Before), refers to the current path target.
func itemsReferTo(items []ItemChange, target string) bool {
	found := false
	for _, it := range items {
		model.WalkStrings(it.Before, func(_, str string) {
			for _, t := range model.RefsIn(str) {
				found = found || t == target
			}
		})
	}
	return found
}

// linkOrder sequences the steps that set a sibling order field (creates
// carrying it, reorders) in ascending order per parent: Okta shifts
// siblings' priorities on every insert, so setting them from the top down
// is the only way the final order is the desired one.
func (e *engine) linkOrder() {
	type item struct {
		s   *step
		val *big.Float
		raw string
	}
	sets := map[string][]item{}
	var keys []string
	for _, s := range e.steps {
		ki := s.n.ki
		if ki.order == "" || s.n.d == nil || (s.Action != ActionCreate && s.Action != ActionReorder) {
			continue
		}
		v, ok := model.Lookup(s.Body, ki.order)
		if !ok {
			continue
		}
		txt, _ := scalarText(v)
		f, ok := new(big.Float).SetPrec(256).SetString(txt)
		if !ok {
			continue
		}
		k := ki.k.Name + "\x00" + s.n.dParent
		if _, seen := sets[k]; !seen {
			keys = append(keys, k)
		}
		sets[k] = append(sets[k], item{s: s, val: f, raw: txt})
	}
	for _, k := range keys {
		items := sets[k]
		sort.SliceStable(items, func(i, j int) bool {
			if c := items[i].val.Cmp(items[j].val); c != 0 {
				return c < 0
			}
			return items[i].s.Path < items[j].s.Path
		})
		for i := 1; i < len(items); i++ {
			items[i].s.dep(items[i-1].s, fmt.Sprintf("%s %s is set before %s", items[i-1].s.n.ki.order, items[i-1].raw, items[i].raw))
		}
	}
}

// checkDeletes enforces --max-deletes.
func (e *engine) checkDeletes() {
	max := e.opts.maxDeletes()
	if max < 0 {
		return
	}
	var paths []string
	for _, s := range e.steps {
		switch {
		case s.Action == ActionDelete:
			paths = append(paths, s.Path)
		case s.Action == ActionRemoveItem && s.Destructive:
			for _, it := range s.Items {
				paths = append(paths, s.Path+" "+it.Set+" item "+it.Key)
			}
		}
	}
	if len(paths) <= max {
		return
	}
	sort.Strings(paths)
	shown := paths
	if len(shown) > 20 {
		shown = shown[:20]
	}
	list := strings.Join(shown, ", ")
	if len(paths) > len(shown) {
		list += fmt.Sprintf(" and %d more", len(paths)-len(shown))
	}
	e.ps.add(ProblemTooManyDeletes, "", 0, fmt.Sprintf("the plan deletes %d objects, more than --max-deletes %d: %s", len(paths), max, list),
		fmt.Sprintf("check that the tree is complete; if these deletes are intended, run with --max-deletes %d", len(paths)))
}

// stepHeap orders ready steps: creates and updates in kind order, then
// deletes in reverse kind order; then by path and place in the chain. Any
// order that respects the dependencies would do; this one reads well and is
// deterministic.
type stepHeap []*step

func (h stepHeap) Len() int      { return len(h) }
func (h stepHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h stepHeap) Less(i, j int) bool {
	a, b := h[i], h[j]
	if a.deletePhase != b.deletePhase {
		return !a.deletePhase
	}
	if a.n.ki.idx != b.n.ki.idx {
		if a.deletePhase {
			return a.n.ki.idx > b.n.ki.idx
		}
		return a.n.ki.idx < b.n.ki.idx
	}
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	if a.seq != b.seq {
		return a.seq < b.seq
	}
	return a.ID < b.ID
}
func (h *stepHeap) Push(x any) { *h = append(*h, x.(*step)) }
func (h *stepHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// order sorts the steps topologically (Kahn's algorithm). When the sort
// stalls, the steps left hold a cycle: if it goes through a dependency that
// a two-pass reference or a relation implies, that dependency is dropped
// (the design lets exactly those edges be broken) with a warning, and the
// sort goes on; otherwise the cycle is an error that names its objects.
func (e *engine) order() {
	indeg := make(map[*step]int, len(e.steps))
	dependents := make(map[*step][]*step, len(e.steps))
	for _, s := range e.steps {
		indeg[s] += 0
		for d := range s.deps {
			indeg[s]++
			dependents[d] = append(dependents[d], s)
		}
	}
	h := &stepHeap{}
	for _, s := range e.steps {
		if indeg[s] == 0 {
			*h = append(*h, s)
		}
	}
	heap.Init(h)
	for {
		for h.Len() > 0 {
			s := heap.Pop(h).(*step)
			e.ordered = append(e.ordered, s)
			for _, d := range dependents[s] {
				if _, still := d.deps[s]; !still {
					continue // dropped to break a cycle
				}
				indeg[d]--
				if indeg[d] == 0 {
					heap.Push(h, d)
				}
			}
		}
		if len(e.ordered) == len(e.steps) {
			return
		}
		cycle := findCycle(e.steps, indeg)
		broken := false
		for i, s := range cycle {
			next := cycle[(i+1)%len(cycle)]
			if !s.soft[next] {
				continue
			}
			e.warn(s.n.file(), 0, fmt.Sprintf("dependency cycle broken: %s runs without waiting for %s (%s), a two-pass dependency", s.ID, next.ID, s.deps[next]),
				"if Okta refuses the step, split the change into two plans")
			delete(s.deps, next)
			delete(s.soft, next)
			indeg[s]--
			if indeg[s] == 0 {
				heap.Push(h, s)
			}
			broken = true
			break
		}
		if !broken {
			e.reportCycle(cycle)
			return
		}
	}
}

// findCycle returns one cycle among the steps left (indeg > 0), starting at
// its smallest ID so that messages are the same every run.
func findCycle(steps []*step, indeg map[*step]int) []*step {
	var left []*step
	for _, s := range steps {
		if indeg[s] > 0 {
			left = append(left, s)
		}
	}
	sort.Slice(left, func(i, j int) bool { return left[i].ID < left[j].ID })
	waiting := func(s *step) *step {
		var best *step
		for d := range s.deps {
			if indeg[d] > 0 && (best == nil || d.ID < best.ID) {
				best = d
			}
		}
		return best
	}
	// Every step left waits for another step left, so walking "waits for"
	// from any of them must come back to a step already seen.
	seen := map[*step]int{}
	var walk []*step
	for s := left[0]; s != nil; s = waiting(s) {
		if i, ok := seen[s]; ok {
			walk = walk[i:]
			break
		}
		seen[s] = len(walk)
		walk = append(walk, s)
	}
	start := 0
	for i, s := range walk {
		if s.ID < walk[start].ID {
			start = i
		}
	}
	return append(walk[start:], walk[:start]...)
}

// reportCycle names a cycle of hard dependencies.
func (e *engine) reportCycle(walk []*step) {
	var parts []string
	objects := map[string]bool{}
	var names []string
	for i, s := range walk {
		next := walk[(i+1)%len(walk)]
		parts = append(parts, fmt.Sprintf("%s waits for %s (%s)", s.ID, next.ID, s.deps[next]))
		if !objects[s.Path] {
			objects[s.Path] = true
			names = append(names, s.Path)
		}
	}
	first := walk[0].n
	line := 0
	if first.d != nil {
		line = first.d.Source.Line
	}
	e.ps.add(ProblemCycle, first.file(), line,
		fmt.Sprintf("dependency cycle between %s: %s", strings.Join(names, ", "), strings.Join(parts, "; ")),
		"no order of these steps works; split the change into two plans (for example, first move the references away, then replace the object), or give the new object another identity")
}

// afterSiblings are the objects under n's parent whose kind n's kind comes
// After (an app's features after its provisioning connection, whose
// activation makes them): n's first step waits for the last of theirs.
func (e *engine) afterSiblings(n *node) []*node {
	var out []*node
	for _, a := range n.ki.k.After {
		for _, sib := range e.dByKind[a] {
			if sib.dParent == n.dParent && sib != n && len(sib.chain) > 0 {
				out = append(out, sib)
			}
		}
	}
	return out
}
