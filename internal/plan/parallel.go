package plan

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// forEachParallel calls fn(i) for every i in [0, n) on every core, in
// chunks. fn must write only what belongs to i, and read nothing another
// call writes, so the result does not depend on timing.
func forEachParallel(n int, fn func(i int)) {
	const chunk = 64
	workers := min(runtime.GOMAXPROCS(0), (n+chunk-1)/chunk)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	var taken atomic.Int64
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				start := int(taken.Add(chunk)) - chunk
				if start >= n {
					return
				}
				for i := start; i < min(start+chunk, n); i++ {
					fn(i)
				}
			}
		}()
	}
	wg.Wait()
}
