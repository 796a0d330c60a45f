package okta

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// maxRateLimitWait caps any single wait derived from rate-limit headers.
// Okta's windows are one minute long; a reset further away than this means a
// clock or header we should not trust with our time.
const maxRateLimitWait = 2 * time.Minute

// WaitCause says why a request waits.
type WaitCause int

const (
	// WaitReset: the client's share of the bucket is spent for this
	// window; the request waits for the window to reset.
	WaitReset WaitCause = iota + 1
	// WaitTooManyRequests: Okta answered 429; the request waits as long
	// as the answer says before it is sent again.
	WaitTooManyRequests
)

func (c WaitCause) String() string {
	switch c {
	case WaitReset:
		return "bucket spent"
	case WaitTooManyRequests:
		return "429"
	}
	return fmt.Sprintf("WaitCause(%d)", int(c))
}

// WaitEvent is one rate-limit wait, as a progress display shows it:
// "waiting for /api/v1/apps to reset at 12:04:00".
type WaitEvent struct {
	// Bucket is the rate-limit bucket (BucketFor), e.g. "/api/v1/apps".
	Bucket string
	// Until is when the wait ends at the latest, on the local clock: the
	// window's reset, or the end of a 429's pause. A wait for a reset can
	// end sooner when a newer window is seen.
	Until time.Time
	Cause WaitCause
}

// Observer hears about rate-limit waits, so a progress display can say why
// nothing is moving. OnWait is called from the goroutine that is about to
// wait, before it waits, once per request per wait; it must return
// quickly. Concurrent requests waiting for the same window each report it.
type Observer interface {
	OnWait(WaitEvent)
}

// ObserverFunc adapts a function to Observer.
type ObserverFunc func(WaitEvent)

// OnWait calls f.
func (f ObserverFunc) OnWait(e WaitEvent) { f(e) }

// Stats counts what the client did, for reports and benchmarks.
type Stats struct {
	Buckets         map[string]BucketStats
	Calls           int           // HTTP requests sent, retries included
	TooManyRequests int           // 429 answers
	Retries         int           // re-sends after a 429, 5xx or transport error (not auth challenges)
	Waits           int           // rate-limit waits: before sending, or after a 429
	WaitTime        time.Duration // total time spent in those waits
}

// BucketStats is Stats for one rate-limit bucket, plus its last known state.
type BucketStats struct {
	Calls           int
	TooManyRequests int
	Waits           int
	WaitTime        time.Duration
	Limit           int // from the last X-Rate-Limit-Limit seen; 0 if none
	Remaining       int
}

// governor keeps the client inside Okta's rate limits (see doc.go).
type governor struct {
	capacity int        // percent of each bucket we allow ourselves
	slots    *slotQueue // global cap on requests in flight, scarcest bucket first
	observer Observer

	mu      sync.Mutex
	buckets map[string]*bucketState
	clock   serverClock // the server clock's offset, from Date headers
	retries int
}

// bucketState is what we know about one bucket. All fields are guarded by
// governor.mu.
type bucketState struct {
	// probed is set once any response for the bucket came back. Until then
	// only one request is let through, so that a burst at start-up cannot
	// overrun a small bucket whose limit we have not yet read.
	probed bool

	// From the X-Rate-Limit-* headers of the newest window seen.
	known     bool
	limit     int
	remaining int
	reset     int64     // epoch seconds, server clock; identifies the window
	resetAt   time.Time // the same instant on our monotonic clock

	inflight int

	// changed is closed (and replaced) whenever the state above changes, to
	// wake requests waiting for room.
	changed chan struct{}

	stats BucketStats
}

func newGovernor(capacity, maxInFlight int, obs Observer) *governor {
	return &governor{
		capacity: capacity,
		slots:    newSlotQueue(maxInFlight),
		observer: obs,
		buckets:  map[string]*bucketState{},
	}
}

// bucket returns the state for name, creating it. Caller holds g.mu.
func (g *governor) bucket(name string) *bucketState {
	b := g.buckets[name]
	if b == nil {
		b = &bucketState{changed: make(chan struct{})}
		g.buckets[name] = b
	}
	return b
}

func (b *bucketState) notify() {
	close(b.changed)
	b.changed = make(chan struct{})
}

// budget is how many requests per window we allow ourselves in this bucket.
func (b *bucketState) budget(capacityPct int) int {
	return max(1, b.limit*capacityPct/100)
}

// admit decides whether one more request may go now. If so it counts the
// request as in flight. If not, it returns how long until the window resets
// (0 when the request only waits for in-flight requests to come back).
// Caller holds g.mu.
func (b *bucketState) admit(now time.Time, capacityPct int) (untilReset time.Duration, ok bool) {
	if !b.probed {
		if b.inflight > 0 {
			return 0, false
		}
		b.inflight++
		return 0, true
	}
	if b.known {
		used := 0
		if now.Before(b.resetAt) {
			used = b.limit - b.remaining
		} // else the window we know about is over: the bucket is fresh
		budget := b.budget(capacityPct)
		if used+b.inflight+1 > budget {
			if used >= budget {
				return b.resetAt.Sub(now), false
			}
			// What is left is spoken for by requests in flight; their
			// responses will say how much really remains.
			return 0, false
		}
	}
	b.inflight++
	return 0, true
}

// acquire waits until the bucket has room under the capacity and a global
// slot is free. Every successful acquire must be paired with done.
func (g *governor) acquire(ctx context.Context, bucket string) error {
	var (
		waiting   bool // waiting for a reset (as opposed to a probe or in-flight peers)
		waitStart time.Time
	)
	for {
		g.mu.Lock()
		b := g.bucket(bucket)
		now := time.Now()
		untilReset, ok := b.admit(now, g.capacity)
		changed := b.changed
		announce := !ok && untilReset > 0 && !waiting
		if announce {
			waiting, waitStart = true, now
			b.stats.Waits++
		}
		g.mu.Unlock()
		if ok {
			break
		}
		if announce && g.observer != nil {
			g.observer.OnWait(WaitEvent{Bucket: bucket, Until: now.Add(min(untilReset, maxRateLimitWait)), Cause: WaitReset})
		}
		if err := waitFor(ctx, min(untilReset, maxRateLimitWait), changed); err != nil {
			g.recordWait(bucket, waiting, waitStart)
			return err
		}
	}
	g.recordWait(bucket, waiting, waitStart)

	g.mu.Lock()
	rank := unknownRank
	if b := g.bucket(bucket); b.known {
		rank = b.limit
	}
	g.mu.Unlock()
	if err := g.slots.acquire(ctx, rank); err != nil {
		g.mu.Lock()
		b := g.bucket(bucket)
		b.inflight--
		b.notify()
		g.mu.Unlock()
		return err
	}
	return nil
}

func (g *governor) recordWait(bucket string, waited bool, start time.Time) {
	if !waited {
		return
	}
	g.mu.Lock()
	g.bucket(bucket).stats.WaitTime += time.Since(start)
	g.mu.Unlock()
}

// waitFor blocks until d passes (if d > 0), changed is closed, or ctx ends.
// It is the only way the governor waits: a timer and a select, never a
// polling sleep.
func waitFor(ctx context.Context, d time.Duration, changed <-chan struct{}) error {
	if d <= 0 && changed == nil {
		return ctx.Err()
	}
	var timeout <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timeout:
	case <-changed:
	}
	return nil
}

// abandon releases what acquire took for a request that was never sent.
func (g *governor) abandon(bucket string) {
	g.slots.release()
	g.mu.Lock()
	defer g.mu.Unlock()
	b := g.bucket(bucket)
	b.inflight--
	b.notify()
}

// done releases what acquire took for a request that was sent, and learns
// from the response headers. h is nil when no response arrived (transport
// error). sent and received are when the request went and its headers came.
func (g *governor) done(bucket string, status int, h http.Header, sent, received time.Time) {
	g.slots.release()
	g.mu.Lock()
	defer g.mu.Unlock()
	b := g.bucket(bucket)
	b.inflight--
	b.stats.Calls++
	if h != nil {
		b.probed = true
		if status == http.StatusTooManyRequests {
			b.stats.TooManyRequests++
		}
		if date, err := http.ParseTime(h.Get("Date")); err == nil {
			g.clock.observe(sent, received, date)
		}
		b.observe(status, h, received, &g.clock)
	}
	b.notify()
}

// observe folds one response's rate-limit headers into the bucket, the way
// the Terraform provider does: a later reset means a new window and replaces
// everything; an earlier reset is a straggler from the previous window and is
// ignored; within a window the lowest remaining wins, because responses to
// parallel requests arrive in any order. Each response of the current window
// also re-aims its reset with clk's latest estimate.
func (b *bucketState) observe(status int, h http.Header, received time.Time, clk *serverClock) {
	limit, err1 := strconv.Atoi(h.Get("X-Rate-Limit-Limit"))
	remaining, err2 := strconv.Atoi(h.Get("X-Rate-Limit-Remaining"))
	reset, err3 := strconv.ParseInt(h.Get("X-Rate-Limit-Reset"), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || limit <= 0 {
		return
	}
	if status == http.StatusTooManyRequests {
		// Whatever the numbers say, the server refused us: nothing is left
		// until the reset. For a concurrency 429 the reset is Okta's
		// estimate of when in-flight requests will have drained.
		remaining = 0
	}
	switch {
	case !b.known || reset > b.reset:
		b.known = true
		b.limit, b.remaining, b.reset = limit, remaining, reset
		b.resetAt = resetInstant(reset, received, clk)
	case reset == b.reset:
		b.remaining = min(b.remaining, remaining)
		b.resetAt = resetInstant(reset, received, clk)
	}
	b.stats.Limit, b.stats.Remaining = b.limit, b.remaining
}

// resetInstant converts the epoch reset into an instant on our monotonic
// clock: where the server clock's estimated offset (serverclock.go) says
// the server's clock reads reset, at the latest. Without any Date header
// seen it falls back to our own clock, truncated to the second so that it
// errs on the late side. Either way it is at most maxRateLimitWait away.
func resetInstant(reset int64, received time.Time, clk *serverClock) time.Time {
	at, ok := clk.localTime(time.Unix(reset, 0), received)
	if !ok {
		at = received.Add(time.Duration(reset-received.Unix()) * time.Second)
	}
	return received.Add(min(max(at.Sub(received), 0), maxRateLimitWait))
}

// pause waits d after a 429 on bucket, telling the observer and counting it
// as a rate-limit wait. It waits at least until the bucket's reset as the
// governor aims at it (a few milliseconds after the Date-based d can end),
// so that the retry is admitted at once rather than waiting a second time.
func (g *governor) pause(ctx context.Context, bucket string, d time.Duration) error {
	start := time.Now()
	g.mu.Lock()
	b := g.bucket(bucket)
	b.stats.Waits++
	if b.known && b.remaining == 0 {
		d = max(d, min(b.resetAt.Sub(start), maxRateLimitWait))
	}
	g.mu.Unlock()
	if g.observer != nil {
		g.observer.OnWait(WaitEvent{Bucket: bucket, Until: start.Add(d), Cause: WaitTooManyRequests})
	}
	err := waitFor(ctx, d, nil)
	g.recordWait(bucket, true, start)
	return err
}

func (g *governor) countRetry() {
	g.mu.Lock()
	g.retries++
	g.mu.Unlock()
}

func (g *governor) stats() Stats {
	g.mu.Lock()
	defer g.mu.Unlock()
	s := Stats{Buckets: make(map[string]BucketStats, len(g.buckets)), Retries: g.retries}
	for name, b := range g.buckets {
		s.Buckets[name] = b.stats
		s.Calls += b.stats.Calls
		s.TooManyRequests += b.stats.TooManyRequests
		s.Waits += b.stats.Waits
		s.WaitTime += b.stats.WaitTime
	}
	return s
}
