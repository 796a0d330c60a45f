package okta

import (
	"container/heap"
	"context"
	"math"
	"sync"
)

// slotQueue is the global cap on requests in flight (MaxInFlight), handed
// out scarcest bucket first. A request reaches it only once its bucket has
// admitted it, so every waiter has room in its bucket's window; what the
// order decides is which bucket's room is used first. The smallest bucket
// (the fewest requests per window: /api/v1/apps at 100 a minute on
// Enterprise, against 600 for /api/v1) is the one that sets a large run's
// pace, and any of its window's room left unused when the window ends is
// lost for good, while the large buckets have room to spare in the
// windows the small one spends waiting for its reset. So a free slot goes
// to the waiter whose bucket has the smallest known limit, in arrival
// order among equals; a bucket whose limit is not known yet ranks last.
// No bucket starves: a small bucket is admitted at most its limit per
// window, so it can hold the others back by at most that many requests.
type slotQueue struct {
	mu      sync.Mutex
	free    int
	seq     uint64
	waiters slotWaiters
}

type slotWaiter struct {
	rank    int    // the bucket's limit per window; smaller goes first
	seq     uint64 // arrival order among equal ranks
	index   int    // in the heap; -1 once granted
	granted chan struct{}
}

func newSlotQueue(n int) *slotQueue { return &slotQueue{free: n} }

// unknownRank ranks a bucket whose limit no response has reported yet.
const unknownRank = math.MaxInt

// acquire waits for a slot, ranked by rank, or until ctx ends.
func (q *slotQueue) acquire(ctx context.Context, rank int) error {
	q.mu.Lock()
	if q.free > 0 && len(q.waiters) == 0 {
		q.free--
		q.mu.Unlock()
		return nil
	}
	w := &slotWaiter{rank: rank, seq: q.seq, granted: make(chan struct{})}
	q.seq++
	heap.Push(&q.waiters, w)
	q.mu.Unlock()
	select {
	case <-w.granted:
		return nil
	case <-ctx.Done():
		q.mu.Lock()
		if w.index < 0 {
			// Granted just as ctx ended: pass the slot on.
			q.mu.Unlock()
			q.release()
			return ctx.Err()
		}
		heap.Remove(&q.waiters, w.index)
		q.mu.Unlock()
		return ctx.Err()
	}
}

// release frees a slot: to the best waiter, if any.
func (q *slotQueue) release() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.waiters) == 0 {
		q.free++
		return
	}
	w := heap.Pop(&q.waiters).(*slotWaiter)
	close(w.granted)
}

// slotWaiters is a min-heap by (rank, seq).
type slotWaiters []*slotWaiter

func (h slotWaiters) Len() int { return len(h) }
func (h slotWaiters) Less(i, j int) bool {
	if h[i].rank != h[j].rank {
		return h[i].rank < h[j].rank
	}
	return h[i].seq < h[j].seq
}
func (h slotWaiters) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *slotWaiters) Push(x any) {
	w := x.(*slotWaiter)
	w.index = len(*h)
	*h = append(*h, w)
}
func (h *slotWaiters) Pop() any {
	old := *h
	w := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	w.index = -1
	return w
}
