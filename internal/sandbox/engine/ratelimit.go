package engine

import (
	"math"
	"strconv"
	"sync"
	"time"
)

// limiter enforces Okta's two independent mechanisms: per-bucket counts in
// fixed windows (a minute, divided by --rate-scale), and an org-wide cap on
// requests in flight. Windows are aligned to multiples of their length since
// the epoch, so X-Rate-Limit-Reset is the same for every client.
type limiter struct {
	mu          sync.Mutex
	window      time.Duration
	limits      map[string]int
	concurrency int
	inflight    int
	peak        int
	buckets     map[string]*bucketState
	now         func() time.Time
}

type bucketState struct {
	windowStart time.Time
	count       int
	// totals for /_sandbox/stats
	requests    int
	rateLimited int
}

// rlHeaders are the three X-Rate-Limit-* values for one response.
type rlHeaders struct {
	limit, remaining int
	reset            int64
}

func newLimiter(tier Tier, scale float64, concurrency int, now func() time.Time) *limiter {
	if scale <= 0 {
		scale = 1
	}
	if concurrency <= 0 {
		concurrency = tierConcurrency[tier]
	}
	return &limiter{
		window:      time.Duration(float64(time.Minute) / scale),
		limits:      tierLimits[tier],
		concurrency: concurrency,
		buckets:     map[string]*bucketState{},
		now:         now,
	}
}

// enter admits a request into the org. It returns the headers to send and
// whether the request may proceed. The caller must call leave() once the
// request is over, whether or not it was admitted.
func (l *limiter) enter(bucket string) (rlHeaders, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inflight++
	if l.inflight > l.peak {
		l.peak = l.inflight
	}
	now := l.now()
	b := l.state(bucket, now)
	limit := l.limits[bucket]
	reset := l.resetAt(b.windowStart)
	if l.inflight > l.concurrency {
		// Over the concurrency cap the headers describe the concurrent
		// limit instead, and the reset is only an estimate (DOCS-RLBP).
		b.rateLimited++
		return rlHeaders{limit: l.concurrency, remaining: 0, reset: now.Add(time.Second).Unix()}, false
	}
	if b.count >= limit {
		b.rateLimited++
		return rlHeaders{limit: limit, remaining: 0, reset: reset}, false
	}
	b.count++
	b.requests++
	return rlHeaders{limit: limit, remaining: limit - b.count, reset: reset}, true
}

func (l *limiter) leave() {
	l.mu.Lock()
	l.inflight--
	l.mu.Unlock()
}

func (l *limiter) state(bucket string, now time.Time) *bucketState {
	start := now.Truncate(l.window)
	b := l.buckets[bucket]
	if b == nil {
		b = &bucketState{windowStart: start}
		l.buckets[bucket] = b
	}
	if b.windowStart.Before(start) {
		b.windowStart = start
		b.count = 0
	}
	return b
}

// resetAt is the epoch second at which the window ends, rounded up so that a
// client waiting until then never wakes inside the old window.
func (l *limiter) resetAt(start time.Time) int64 {
	end := start.Add(l.window)
	return int64(math.Ceil(float64(end.UnixNano()) / 1e9))
}

func (h rlHeaders) set(hdr map[string][]string) {
	hdr["X-Rate-Limit-Limit"] = []string{strconv.Itoa(h.limit)}
	hdr["X-Rate-Limit-Remaining"] = []string{strconv.Itoa(h.remaining)}
	hdr["X-Rate-Limit-Reset"] = []string{strconv.FormatInt(h.reset, 10)}
}
