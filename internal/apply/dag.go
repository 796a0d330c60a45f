package apply

import (
	"container/heap"
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
)

// walk runs every unsettled step once all its dependencies are applied.
//
// One coordinator goroutine (this one) owns the scheduling state: how many
// dependencies each step still waits for, the ready queue, and which steps
// are settled. Workers run under an errgroup limited to Parallelism; each
// writes only its own step's pre-sized result slot and then reports its
// index on a channel buffered for every step, so a worker never blocks and
// the coordinator, which blocks in g.Go while all workers are busy, can
// never deadlock against them. The coordinator reads a result only after
// receiving its index, which orders the worker's write before the read.
//
// Steps are also capped per rate-limit bucket (stepBucket: the bucket the
// client's governor charges the endpoint a step writes, /api/v1/groups,
// /api/v1/groups/{id}, /api/v1 for policies, zones and most other kinds) at
// half the workers: when one bucket is spent and its steps wait for the
// reset, the other half of the workers keep the other buckets busy.
//
// A step that fails (or is skipped) settles all its transitive dependents
// as skipped at once, naming the root cause; independent branches go on.
// Among the ready steps the earliest in the plan starts first (see
// readyQueue), so runs are reproducible.
func (e *executor) walk(ctx context.Context) {
	steps := e.p.Steps
	n := len(steps)
	index := make(map[string]int, n)
	for i, s := range steps {
		index[s.ID] = i
	}
	deps := make([][]int, n)
	for i, s := range steps {
		for _, d := range s.DependsOn {
			j, ok := index[d]
			if !ok {
				if !e.settled[i] {
					e.settle(i, StatusFailed, fmt.Sprintf("depends on %q, which is not a step of this plan", d), "")
				}
				continue
			}
			deps[i] = append(deps[i], j)
		}
	}
	for _, edge := range e.impliedOrder(deps) {
		deps[edge[1]] = append(deps[edge[1]], edge[0])
	}
	dependents := make([][]int, n)
	waiting := make([]int, n)
	for i := range steps {
		for _, j := range deps[i] {
			dependents[j] = append(dependents[j], i)
			if !e.settled[j] {
				waiting[i]++
			}
		}
	}
	remaining := 0
	for i := range steps {
		if !e.settled[i] {
			remaining++
		}
	}
	// Steps settled before the walk (failed in preflight, or applied by
	// an earlier run) release or skip their dependents like any other.
	for i := range steps {
		if e.settled[i] {
			e.progress(i)
		}
	}
	for i := range steps {
		if e.settled[i] && e.results[i].Status != StatusApplied {
			remaining -= e.skipDependents(i, dependents)
		}
	}
	ready := readyQueue{cap: max(1, e.opts.Parallelism/2), heaps: map[string]*indexHeap{}, running: map[string]int{}}
	for i := range steps {
		if !e.settled[i] && waiting[i] == 0 {
			ready.push(i, e.buckets[i])
		}
	}

	done := make(chan int, n)
	var g errgroup.Group
	g.SetLimit(e.opts.Parallelism)
	running := 0
	for remaining > 0 {
		for {
			i, ok := ready.next()
			if !ok {
				break
			}
			running++
			g.Go(func() error {
				e.run(ctx, i)
				done <- i
				return nil
			})
		}
		if running == 0 {
			break // what is left waits on steps that can never finish
		}
		i := <-done
		running--
		ready.finished(e.buckets[i])
		remaining--
		e.settled[i] = true
		e.progress(i)
		if e.results[i].Status != StatusApplied {
			remaining -= e.skipDependents(i, dependents)
			continue
		}
		for _, d := range dependents[i] {
			waiting[d]--
			if waiting[d] == 0 && !e.settled[d] {
				ready.push(d, e.buckets[d])
			}
		}
	}
	_ = g.Wait() // workers never return errors: a step's failure is its result
	for i := range steps {
		if !e.settled[i] {
			// Only a plan whose dependencies form a cycle gets here;
			// plan.Load refuses those, so this guards hand-built plans.
			e.settle(i, StatusSkipped, "not sent: it waits on steps that never ran (the plan's dependencies form a cycle)", "")
			e.progress(i)
		}
	}
}

// skipDependents settles every unsettled transitive dependent of step i
// as skipped and returns how many it settled.
func (e *executor) skipDependents(i int, dependents [][]int) int {
	cause := e.results[i].ID
	if e.results[i].Status == StatusSkipped {
		cause = e.results[i].Cause
	}
	count := 0
	queue := []int{i}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, d := range dependents[cur] {
			if e.settled[d] {
				continue
			}
			why := "failed"
			if e.results[cur].Status == StatusSkipped {
				why = "was not sent"
			}
			e.settle(d, StatusSkipped, fmt.Sprintf("not sent: it depends on %s, which %s", e.results[cur].ID, why), cause)
			e.progress(d)
			count++
			queue = append(queue, d)
		}
	}
	return count
}

// settle records a final status decided by the coordinator.
func (e *executor) settle(i int, st Status, reason, cause string) {
	e.settled[i] = true
	e.results[i].Status = st
	e.results[i].Reason = reason
	e.results[i].Cause = cause
}

func (e *executor) progress(i int) {
	e.finished++
	if e.opts.Progress != nil {
		e.opts.Progress(e.finished, len(e.results), e.results[i])
	}
}

// readyQueue holds the steps whose dependencies are all applied, one
// min-heap of plan positions per rate-limit bucket. next returns the
// earliest ready step among the buckets that are under their cap.
type readyQueue struct {
	cap     int
	heaps   map[string]*indexHeap
	running map[string]int
}

func (q *readyQueue) push(i int, bucket string) {
	h := q.heaps[bucket]
	if h == nil {
		h = &indexHeap{}
		q.heaps[bucket] = h
	}
	heap.Push(h, i)
}

func (q *readyQueue) next() (int, bool) {
	best, bestBucket := -1, ""
	for b, h := range q.heaps {
		if h.Len() == 0 || q.running[b] >= q.cap {
			continue
		}
		if head := (*h)[0]; best < 0 || head < best {
			best, bestBucket = head, b
		}
	}
	if best < 0 {
		return 0, false
	}
	heap.Pop(q.heaps[bestBucket])
	q.running[bestBucket]++
	return best, true
}

func (q *readyQueue) finished(bucket string) { q.running[bucket]-- }

// indexHeap is a min-heap of step positions.
type indexHeap []int

func (h indexHeap) Len() int           { return len(h) }
func (h indexHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h indexHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *indexHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *indexHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// impliedOrder returns extra edges (before, after) the executor adds to
// the plan's: Okta makes some singletons with their parent (a user type's
// profile schema) as a copy of a sibling's current state (the default
// type's schema), so creating the parent after the sibling was updated
// would copy the update into it. Updates of existing singletons of such a
// kind therefore wait for the creates of new parents of that kind. The
// rule reads descriptors only (a child kind that is a singleton without a
// create endpoint); an edge that would close a cycle is left out.
func (e *executor) impliedOrder(deps [][]int) [][2]int {
	var edges [][2]int
	for _, child := range e.reg.Kinds() {
		if child.Singleton == "" || child.Create != nil || child.Parent == "" {
			continue
		}
		var creates, updates []int
		for i, s := range e.p.Steps {
			switch {
			case s.Kind == child.Parent && s.Action == plan.ActionCreate:
				creates = append(creates, i)
			case s.Kind == child.Name && (s.Action == plan.ActionUpdate || s.Action == plan.ActionReorder) && s.Live != nil && s.Live.ID != "":
				updates = append(updates, i)
			}
		}
		for _, u := range updates {
			for _, c := range creates {
				if !dependsOn(deps, c, u) {
					edges = append(edges, [2]int{c, u})
				}
			}
		}
	}
	return edges
}

// dependsOn reports whether step a depends, transitively, on step b.
func dependsOn(deps [][]int, a, b int) bool {
	seen := map[int]bool{}
	stack := []int{a}
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if cur == b {
			return true
		}
		for _, d := range deps[cur] {
			if !seen[d] {
				seen[d] = true
				stack = append(stack, d)
			}
		}
	}
	return false
}

// stepBucket is the rate-limit bucket of the endpoint a step writes, as
// the client's governor will charge it (okta.BucketFor): the scheduler caps
// the steps in flight per bucket, so it must draw buckets where Okta does.
// A step that makes more than one request (a create followed by an update,
// a deactivate around an update) is counted in the bucket of its main one.
// "" when the step has no endpoint (an unknown kind or relation).
func stepBucket(s *plan.Step, k *model.Kind) string {
	ep := stepEndpoint(s, k)
	if ep == nil || ep.Path == "" {
		return ""
	}
	return okta.BucketFor(ep.Method, ep.Path)
}

// stepEndpoint is the endpoint a step's action writes to.
func stepEndpoint(s *plan.Step, k *model.Kind) *model.Endpoint {
	switch s.Action {
	case plan.ActionCreate:
		return k.Create
	case plan.ActionUpdate, plan.ActionReorder:
		return k.Update
	case plan.ActionDelete:
		return k.Delete
	case plan.ActionActivate:
		if k.Lifecycle != nil {
			return k.Lifecycle.Activate
		}
	case plan.ActionDeactivate:
		if k.Lifecycle != nil {
			return k.Lifecycle.Deactivate
		}
	case plan.ActionSetRelation:
		if s.Relation != nil {
			if rel, ok := k.Relation(s.Relation.Name); ok {
				return &rel.Write
			}
		}
	case plan.ActionToggle:
		if s.Toggle != nil {
			if t, ok := k.ToggleOf(s.Toggle.Field); ok {
				if a, ok := t.Action(s.Toggle.Value); ok {
					return &a.Endpoint
				}
			}
		}
	case plan.ActionVerify:
		if k.Verify != nil {
			return &k.Verify.Endpoint
		}
	case plan.ActionAddItem, plan.ActionUpdateItem, plan.ActionRemoveItem:
		if len(s.Items) == 0 {
			return nil
		}
		set, ok := k.ItemSet(s.Items[0].Set)
		if !ok {
			return nil
		}
		switch {
		case s.Action == plan.ActionAddItem && set.AddBatch != nil:
			return &set.AddBatch.Endpoint
		case s.Action == plan.ActionAddItem:
			return set.Add
		case s.Action == plan.ActionUpdateItem:
			return set.Update
		}
		return set.Remove
	}
	return nil
}
