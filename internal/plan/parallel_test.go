package plan

import (
	"sync/atomic"
	"testing"
)

func TestForEachParallelVisitsEachOnce(t *testing.T) {
	for _, n := range []int{0, 1, 63, 64, 65, 129, 10000} {
		seen := make([]atomic.Int32, n)
		forEachParallel(n, func(i int) { seen[i].Add(1) })
		for i := range seen {
			if got := seen[i].Load(); got != 1 {
				t.Fatalf("n=%d: index %d visited %d times, want once", n, i, got)
			}
		}
	}
}
