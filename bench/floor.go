package main

import (
	"math"
	"time"
)

// The rate-limit floor of a run is the least wall time in which any client
// could have sent the run's requests, given the buckets' limits. The
// sandbox, like Okta, counts each bucket in fixed windows aligned to the
// clock (multiples of the window's length), not in a sliding minute, so
// the floor depends on where in its window the run started:
//
//   - a bucket that needs n requests at L per window needs k = ⌈n/L⌉
//     windows: the rest of the window the run starts in, and k−1 more;
//   - its last request cannot be sent before the k-th of those windows
//     opens, (k−1)·W − offset after the start, where offset is how far into
//     its window the run started (0 when k = 1: one window holds them all);
//   - the run's floor is the largest over its buckets.
//
// The continuous estimate (n/L − 1)·W that the report used before is off
// by up to a window either way: 261 requests at 100 a window need three
// windows, 12 s of 6-second windows from a window's start, not 9.7 s, and
// only 6.5 s from 5.5 s into one.
//
// Two floors are reported: at the published limits (the rate-limit floor
// proper, which no client can beat) and at the budget the client allows
// itself by default (okta.DefaultMaxCapacity percent of each bucket, the
// rest left to the org's other clients), which is the floor oktasync's own
// pacing can reach. Where the run's requests fill their buckets' last
// windows only slightly, the two differ by a whole window.
type floorModel struct {
	window time.Duration
	// offset is how far into its window the run started.
	offset time.Duration
	// capacity is the client's share of each bucket, in percent.
	capacity int
}

// newFloorModel is the floor of a run that started at start, under windows
// of the given length (aligned as the sandbox aligns them) and a client
// that uses capacity percent of each bucket.
func newFloorModel(start time.Time, window time.Duration, capacity int) floorModel {
	return floorModel{window: window, offset: start.Sub(start.Truncate(window)), capacity: capacity}
}

// seconds is the floor of n requests at limit per window.
func (f floorModel) seconds(n, limit int) float64 {
	if n <= 0 || limit <= 0 || f.window <= 0 {
		return 0
	}
	k := (n + limit - 1) / limit
	if k <= 1 {
		return 0
	}
	return math.Max(0, (time.Duration(k-1)*f.window - f.offset).Seconds())
}

// bucket is a bucket's floor at its published limit and at the client's
// budget (capacity percent of it, at least one request, as the client's
// governor computes it).
func (f floorModel) bucket(n, limit int) (atLimit, atBudget float64) {
	budget := max(1, limit*f.capacity/100)
	return round(f.seconds(n, limit)), round(f.seconds(n, budget))
}
