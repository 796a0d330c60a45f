package main

import (
	"testing"
	"time"
)

func TestFloorModel(t *testing.T) {
	t.Parallel()
	const w = 6 * time.Second
	cases := []struct {
		name              string
		offset            time.Duration
		n, limit          int
		atLimit, atBudget float64
	}{
		{name: "one window holds them all", n: 90, limit: 100},
		{name: "the budget needs a second window", n: 95, limit: 100, atBudget: 6},
		{name: "three windows from a window's start", n: 261, limit: 100, atLimit: 12, atBudget: 12},
		{name: "three windows from late in one", offset: 5500 * time.Millisecond, n: 261, limit: 100, atLimit: 6.5, atBudget: 6.5},
		{name: "271 at 90 a window need four", offset: time.Second, n: 271, limit: 100, atLimit: 11, atBudget: 17},
		{name: "the export's apps bucket", offset: 1490 * time.Millisecond, n: 1242, limit: 100, atLimit: 70.51, atBudget: 76.51},
		{name: "no requests", n: 0, limit: 100},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := floorModel{window: w, offset: c.offset, capacity: 90}
			atLimit, atBudget := f.bucket(c.n, c.limit)
			if atLimit != c.atLimit || atBudget != c.atBudget {
				t.Errorf("bucket(%d, %d) from %s into the window = %.2f s at the limit, %.2f s at the budget; want %.2f, %.2f",
					c.n, c.limit, c.offset, atLimit, atBudget, c.atLimit, c.atBudget)
			}
		})
	}
}

func TestFloorModelOffset(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 12, 2, 17, 0, 4, 250_000_000, time.UTC)
	if got := newFloorModel(start, 6*time.Second, 90).offset; got != 4250*time.Millisecond {
		t.Errorf("offset of %s in 6 s windows = %s, want 4.25s (windows are aligned to multiples of their length)", start, got)
	}
}

func TestFloors(t *testing.T) {
	t.Parallel()
	buckets := map[string]BucketResult{
		"/api/v1/apps":   {Limit: 100, Requests: 261},
		"/api/v1/groups": {Limit: 600, Requests: 826},
		"/api/v1":        {Limit: 600, Requests: 157},
	}
	got := floors(floorModel{window: 6 * time.Second, capacity: 90}, 13.2, buckets)
	want := Floors{FloorSeconds: 12, FloorRatio: 1.1, BudgetFloorSeconds: 12, BudgetFloorRatio: 1.1, CapacityPercent: 90}
	if got != want {
		t.Errorf("floors = %+v, want %+v", got, want)
	}
	if b := buckets["/api/v1/groups"]; b.FloorSecs != 6 || b.BudgetFloorSecs != 6 {
		t.Errorf("groups bucket floors = %.2f, %.2f; want 6, 6", b.FloorSecs, b.BudgetFloorSecs)
	}
}
