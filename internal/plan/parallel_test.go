package plan

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
)

// TestComputeSameOnOneCore plans a tree large enough for the parallel
// stages to split it (thousands of objects, references between kinds,
// children) on one core and on several: the plans must be the same, byte
// for byte.
func TestComputeSameOnOneCore(t *testing.T) {
	reg := newRegistry(t)
	desired, current := largeOrg(t, reg, 3000, 300)
	render := func(procs int) string {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		p, err := Compute(desired, current, Options{Registry: reg})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := RenderJSON(&b, p); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	one, many := render(1), render(4)
	if one != many {
		t.Errorf("the plan on 4 cores differs from the plan on one (%d and %d bytes)", len(many), len(one))
	}
	if !strings.Contains(one, `"update"`) {
		t.Errorf("the plan has no updates; the test tree should change 300 objects")
	}
}
