package okta

import (
	"context"
	"testing"
	"time"
)

// TestSlotQueueScarcestFirst: when a slot frees, the waiter of the bucket
// with the smallest limit gets it, equal limits in arrival order, unknown
// limits last.
func TestSlotQueueScarcestFirst(t *testing.T) {
	t.Parallel()
	q := newSlotQueue(1)
	ctx := context.Background()
	if err := q.acquire(ctx, 600); err != nil {
		t.Fatal(err)
	}
	order := make(chan string, 5)
	queued := 0
	start := func(name string, rank int) {
		go func() {
			if err := q.acquire(ctx, rank); err != nil {
				t.Error(err)
				return
			}
			order <- name
		}()
		// Arrival order is what ties are broken by: wait until queued.
		queued++
		eventually(t, func() bool { q.mu.Lock(); defer q.mu.Unlock(); return q.waiters.Len() == queued })
	}
	start("unknown", unknownRank)
	start("shared-1", 600)
	start("apps-1", 100)
	start("shared-2", 600)
	start("apps-2", 100)
	var got []string
	for range 5 {
		q.release()
		got = append(got, <-order)
	}
	want := []string{"apps-1", "apps-2", "shared-1", "shared-2", "unknown"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("slots went to %v, want %v", got, want)
		}
	}
}

// TestSlotQueueCancel: a waiter whose context ends leaves the queue, and a
// slot is never lost, whether or not it was granted as the context ended.
func TestSlotQueueCancel(t *testing.T) {
	t.Parallel()
	q := newSlotQueue(1)
	if err := q.acquire(context.Background(), 100); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := q.acquire(ctx, 100); err == nil {
		t.Fatal("acquire with every slot taken returned before its context ended")
	}
	q.mu.Lock()
	left := q.waiters.Len()
	q.mu.Unlock()
	if left != 0 {
		t.Errorf("%d waiters left after the cancelled one", left)
	}
	q.release()
	for range 50 {
		// Grant and cancel race: the slot count must come back to 1.
		ctx, cancel := context.WithCancel(context.Background())
		if err := q.acquire(context.Background(), 100); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- q.acquire(ctx, 100) }()
		eventually(t, func() bool { q.mu.Lock(); defer q.mu.Unlock(); return q.waiters.Len() == 1 })
		released := make(chan struct{})
		go func() { q.release(); close(released) }()
		cancel()
		if err := <-done; err == nil {
			q.release()
		}
		<-released
	}
	q.mu.Lock()
	free := q.free
	q.mu.Unlock()
	if free != 1 {
		t.Errorf("%d free slots after the races, want 1", free)
	}
}

func eventually(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 5 s")
		}
		time.Sleep(time.Millisecond)
	}
}
