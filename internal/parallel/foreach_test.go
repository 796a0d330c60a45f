package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// TestForEachVisitsEachOnce: every index once, whatever n, the chunk and
// the number of cores (one core runs inline).
func TestForEachVisitsEachOnce(t *testing.T) {
	for _, procs := range []int{1, 4} {
		for _, chunk := range []int{0, 1, 32, 64} {
			for _, n := range []int{0, 1, 31, 32, 33, 63, 64, 65, 129, 10000} {
				func() {
					defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
					seen := make([]atomic.Int32, n)
					ForEach(n, chunk, func(i int) { seen[i].Add(1) })
					for i := range seen {
						if got := seen[i].Load(); got != 1 {
							t.Fatalf("procs=%d chunk=%d n=%d: index %d visited %d times, want once", procs, chunk, n, i, got)
						}
					}
				}()
			}
		}
	}
}
