package model

import (
	"sync"
	"sync/atomic"
	"testing"
)

// TestLineSource: lines from a SetLineSource are found on the first Line
// call and only then, once however many goroutines ask, are shared by
// clones, and give what SetLines with the same map gives.
func TestLineSource(t *testing.T) {
	lines := map[string]int{"/kind": 1, "/body": 3, "/body/profile": 4, "/body/profile/name": 5}
	var loads atomic.Int32
	o := &Object{Kind: "groups", Name: "g", Path: "groups/g", Source: Position{File: "groups/g.yaml", Line: 1}}
	o.SetLineSource(func() map[string]int {
		loads.Add(1)
		return lines
	})
	c := o.Clone()
	if n := loads.Load(); n != 0 {
		t.Fatalf("lines loaded %d times before any Line call", n)
	}
	ref := &Object{Source: Position{File: "groups/g.yaml", Line: 1}}
	ref.SetLines(lines)
	var wg sync.WaitGroup
	for _, ptr := range []string{"/body/profile/name", "/body/profile/name/x", "/body/members/0", "/name", ""} {
		for _, obj := range []*Object{o, c} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if got, want := obj.Line(ptr), ref.Line(ptr); got != want {
					t.Errorf("Line(%q) = %d, want %d", ptr, got, want)
				}
			}()
		}
	}
	wg.Wait()
	if n := loads.Load(); n != 1 {
		t.Errorf("lines loaded %d times, want once", n)
	}
	o.SetLines(map[string]int{"/name": 9})
	if got := o.Line("/name"); got != 9 {
		t.Errorf("after SetLines, Line(/name) = %d, want 9", got)
	}
}
