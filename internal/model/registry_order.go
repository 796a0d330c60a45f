package model

import (
	"container/heap"
	"fmt"
	"sort"
	"strings"
)

func (r *Registry) buildEdges() []Edge {
	var es []Edge
	seen := map[string]bool{}
	add := func(e Edge) {
		key := e.From + "\x00" + e.To + "\x00" + e.Reason
		if seen[key] {
			return
		}
		seen[key] = true
		es = append(es, e)
	}
	for _, k := range r.kinds {
		if k.Parent != "" {
			add(Edge{From: k.Parent, To: k.Name, Reason: "parent"})
		}
		for _, ref := range k.Refs {
			for _, t := range ref.Targets() {
				add(Edge{From: t, To: k.Name, Reason: "ref " + ref.Path, TwoPass: ref.TwoPass})
			}
		}
		for _, rel := range k.Relations {
			add(Edge{From: rel.Target, To: k.Name, Reason: "relation " + rel.Name, TwoPass: true})
		}
		for _, a := range k.After {
			add(Edge{From: a, To: k.Name, Reason: "after"})
		}
		if k.NamedBy != nil {
			// Export names these objects after their referrers'
			// top-level ancestors, whose paths must be known first.
			if top := r.topAncestor(k.NamedBy.Kind); top != "" {
				add(Edge{From: top, To: k.Name, Reason: "named by " + k.NamedBy.Kind})
			}
		}
	}
	sort.Slice(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.From != b.From {
			return a.From < b.From
		}
		if a.To != b.To {
			return a.To < b.To
		}
		return a.Reason < b.Reason
	})
	return es
}

type nameHeap []string

func (h nameHeap) Len() int           { return len(h) }
func (h nameHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h nameHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *nameHeap) Push(x any)        { *h = append(*h, x.(string)) }
func (h *nameHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// topoSort orders kinds by Kahn's algorithm over the non-two-pass edges,
// breaking ties by name. A remaining node means a cycle, which it reports.
func (r *Registry) topoSort() ([]*Kind, error) {
	indeg := map[string]int{}
	out := map[string][]string{}
	for _, k := range r.kinds {
		indeg[k.Name] = 0
	}
	for _, e := range r.edges {
		if e.TwoPass {
			continue
		}
		if _, ok := indeg[e.From]; !ok {
			continue // unknown kind: reported by checkKind
		}
		if _, ok := indeg[e.To]; !ok {
			continue
		}
		indeg[e.To]++
		out[e.From] = append(out[e.From], e.To)
	}
	h := &nameHeap{}
	for _, k := range r.kinds {
		if indeg[k.Name] == 0 {
			heap.Push(h, k.Name)
		}
	}
	var order []*Kind
	for h.Len() > 0 {
		n := heap.Pop(h).(string)
		order = append(order, r.byName[n])
		for _, m := range out[n] {
			indeg[m]--
			if indeg[m] == 0 {
				heap.Push(h, m)
			}
		}
	}
	if len(order) == len(r.kinds) {
		return order, nil
	}
	return order, fmt.Errorf("the kind graph has a cycle not declared two-pass: %s", r.findCycle(indeg))
}

// findCycle returns one cycle among the nodes left with in-degree > 0.
func (r *Registry) findCycle(indeg map[string]int) string {
	next := map[string][]Edge{}
	for _, e := range r.edges {
		if !e.TwoPass && indeg[e.From] > 0 && indeg[e.To] > 0 {
			next[e.From] = append(next[e.From], e)
		}
	}
	var start string
	for _, k := range r.kinds {
		if indeg[k.Name] > 0 {
			start = k.Name
			break
		}
	}
	// Every remaining node has a remaining predecessor, so walking
	// predecessors must revisit a node; walk successors instead from a node
	// on a cycle found by repeated stepping.
	pred := map[string]Edge{}
	for _, es := range next {
		for _, e := range es {
			if _, ok := pred[e.To]; !ok {
				pred[e.To] = e
			}
		}
	}
	visited := map[string]bool{}
	n := start
	for !visited[n] {
		visited[n] = true
		n = pred[n].From
	}
	var parts []string
	cur := n
	for {
		e := pred[cur]
		parts = append(parts, fmt.Sprintf("%s -> %s (%s)", e.From, e.To, e.Reason))
		cur = e.From
		if cur == n {
			break
		}
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, ", ")
}
