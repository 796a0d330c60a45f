package plan

import (
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// rankOrders decides, per sibling set of a kind with an order field
// (priority), which objects need their position set, and to what.
//
// Comparing the raw numbers would never converge: Okta keeps priorities
// dense (1..n, system objects last, a catch-all rule at 99) and renumbers
// siblings whenever one is inserted, moved or removed, so a tree written
// before a delete still holds numbers the org no longer has. What the user
// manages is the order. So the plan simulates what Okta does: it walks the
// desired order from the top, inserting creates at their position and
// moving an existing object only when the object at that position is not
// already it. Objects that fall into place as others move need no step,
// and the steps send the position (1..n among the siblings that remain),
// set from the top down (linkOrder), after the deletes of siblings
// (linkSiblingDeletes), which is what makes the positions right.
func (e *engine) rankOrders() {
	for _, ki := range e.byOrder {
		if ki.order == "" {
			continue
		}
		type entry struct {
			n   *node
			val *big.Float
			key string
		}
		sets := map[string][]entry{}
		var keys []string
		for _, n := range e.dByKind[ki.k.Name] {
			if n.dup || n.d == nil {
				continue
			}
			v, ok := orderNumber(n.dBody, ki.order)
			if !ok {
				continue
			}
			if n.matched() {
				if _, ok := orderNumber(n.cBody, ki.order); !ok {
					continue
				}
			}
			k := siblingSet(n.d.Path)
			if _, seen := sets[k]; !seen {
				keys = append(keys, k)
			}
			sets[k] = append(sets[k], entry{n, v, n.d.Path})
		}
		byValue := func(es []entry) {
			sort.SliceStable(es, func(i, j int) bool {
				if c := es[i].val.Cmp(es[j].val); c != 0 {
					return c < 0
				}
				return es[i].key < es[j].key
			})
		}
		for _, k := range keys {
			desired := sets[k]
			byValue(desired)
			var live []entry // the matched siblings in the org's order
			for _, x := range desired {
				if x.n.matched() {
					cv, _ := orderNumber(x.n.cBody, ki.order)
					live = append(live, entry{x.n, cv, x.n.c.Path})
				}
			}
			byValue(live)
			sorted := make([]*node, len(desired))
			for i, x := range desired {
				sorted[i] = x.n
			}
			// Siblings that share a number in the org are not ordered by
			// it there (every app sign-on policy is at priority 1):
			// positions and colliding numbers mean nothing in that set.
			shared := false
			for i := 1; i < len(live); i++ {
				shared = shared || live[i].val.Cmp(live[i-1].val) == 0
			}
			if !shared {
				e.positions(sorted, ki)
			}
			list := make([]*node, len(live))
			for i, x := range live {
				list[i] = x.n
			}
			// Most sequences start at 1 (policies, rules); some at 0 (app
			// group assignments): the set's own numbers say which.
			base := 1
			if len(desired) > 0 && desired[0].val.Sign() <= 0 {
				base = 0
			}
			for pos, x := range desired {
				x.n.orderRanked = true
				if !x.n.matched() {
					list = append(list[:pos], append([]*node{x.n}, list[pos:]...)...)
					x.n.orderPos = pos + base
					x.n.orderSet = true
					continue
				}
				if pos < len(list) && list[pos] == x.n {
					continue
				}
				for i, y := range list {
					if y == x.n {
						list = append(list[:i], list[i+1:]...)
						break
					}
				}
				list = append(list[:pos], append([]*node{x.n}, list[pos:]...)...)
				x.n.orderPos = pos + base
				x.n.orderSet = true
			}
		}
	}
}

// linkSiblingDeletes makes the steps that set a position wait for the
// deletes of siblings in the same set, so that positions count only the
// siblings that remain. The edges are soft: if one closes a cycle (a
// policy deleted only after apps are re-pointed to a new sibling), the
// cycle breaker drops it with a warning, and the next plan converges.
func (e *engine) linkSiblingDeletes() {
	deletes := map[string][]*step{}
	for _, s := range e.steps {
		if s.Action == ActionDelete && s.n.c != nil && s.n.d == nil && s.n.ki.order != "" {
			k := s.n.ki.k.Name + "\x00" + siblingSet(s.n.c.Path)
			deletes[k] = append(deletes[k], s)
		}
	}
	if len(deletes) == 0 {
		return
	}
	for _, s := range e.steps {
		n := s.n
		if !n.orderSet || (s.Action != ActionCreate && s.Action != ActionReorder) {
			continue
		}
		set := siblingSet(n.d.Path)
		if n.c != nil {
			set = siblingSet(n.c.Path)
		}
		for _, d := range deletes[n.ki.k.Name+"\x00"+set] {
			s.depSoft(d, "a sibling is deleted first, so that positions count the siblings that remain")
		}
	}
}

// siblingSet is the set an object's order is relative to: its path without
// the last segment (the parent's children of its kind, and for policies
// the type folder, since each policy type is its own sequence).
func siblingSet(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[:i]
	}
	return ""
}

func orderNumber(body map[string]any, field string) (*big.Float, bool) {
	v, ok := model.Lookup(body, field)
	if !ok || v == nil {
		return nil, false
	}
	txt, ok := scalarText(v)
	if !ok {
		return nil, false
	}
	f, ok := new(big.Float).SetPrec(256).SetString(txt)
	return f, ok
}

// positions records each object's place among its desired siblings (for
// people: "position 1 of 4, before …") and warns about siblings whose files
// give the same order number: Okta keeps one object per position, so the
// file's numbers do not say which comes first, and the plan falls back to
// the order of their paths.
func (e *engine) positions(sorted []*node, ki *kindInfo) {
	for i, n := range sorted {
		if len(sorted) == 1 {
			break // alone: its place says nothing
		}
		pos := &Position{Index: i + 1, Of: len(sorted)}
		if i > 0 {
			pos.After = sorted[i-1].d.Path
		}
		if i+1 < len(sorted) {
			pos.Before = sorted[i+1].d.Path
		}
		n.position = pos
		if i == 0 {
			continue
		}
		prev := sorted[i-1]
		pv, _ := model.Lookup(prev.dBody, ki.order)
		v, _ := model.Lookup(n.dBody, ki.order)
		if equalValue(pv, v, ki.order, ki) {
			ptr := dottedPointer(ki.order)
			e.warn(n.d.File(), n.d.BodyLine(ptr),
				fmt.Sprintf("%s %v is also the %s of %s (%s:%d): the two files do not say which comes first, so %s goes first (by path)",
					ki.order, v, ki.order, prev.d.Path, prev.d.File(), prev.d.BodyLine(ptr), prev.d.Path),
				fmt.Sprintf("give each sibling its own %s", ki.order))
		}
	}
}
