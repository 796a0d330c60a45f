package okta

import (
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"
)

// windowServer is a miniature Okta rate limiter: each bucket allows `limit`
// requests per one-second window (windows start on whole seconds, like
// Okta's minutes), answers with real X-Rate-Limit-* and Date headers, and
// refuses the excess with 429 E0000047.
type windowServer struct {
	limit int

	mu       sync.Mutex
	counts   map[string]int // bucket + window start → requests
	inflight int
	maxSeen  int

	ok, rejected atomic.Int32
	delay        time.Duration
}

func (s *windowServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.inflight++
	s.maxSeen = max(s.maxSeen, s.inflight)
	now := time.Now()
	window := now.Unix()
	key := r.URL.Path + "@" + strconv.FormatInt(window, 10)
	s.counts[key]++
	n := s.counts[key]
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inflight--
		s.mu.Unlock()
	}()
	time.Sleep(s.delay) // server work, so that requests overlap

	h := w.Header()
	h.Set("Date", now.UTC().Format(http.TimeFormat))
	h.Set("X-Rate-Limit-Limit", strconv.Itoa(s.limit))
	h.Set("X-Rate-Limit-Remaining", strconv.Itoa(max(s.limit-n, 0)))
	h.Set("X-Rate-Limit-Reset", strconv.FormatInt(window+1, 10))
	if n > s.limit {
		s.rejected.Add(1)
		writeOktaError(w, http.StatusTooManyRequests, CodeRateLimitExceeded, "API call exceeded rate limit due to too many requests.")
		return
	}
	s.ok.Add(1)
	_, _ = w.Write([]byte(`{}`))
}

func newWindowServer(t *testing.T, limit int) (*windowServer, string) {
	s := &windowServer{limit: limit, counts: map[string]int{}, delay: 5 * time.Millisecond}
	srv := newServer(t, s.ServeHTTP)
	return s, srv.URL
}

// TestGovernorStaysUnderLimit does more requests than one window allows,
// from many goroutines. At 100% capacity the client must wait for the reset
// instead of running into the limit.
func TestGovernorStaysUnderLimit(t *testing.T) {
	const limit, requests = 5, 13
	s, url := newWindowServer(t, limit)
	var observed atomic.Int32
	c := newTestClient(t, url, func(c *Config) {
		c.MaxCapacity = 100
		c.MaxInFlight = 8
		c.Observer = ObserverFunc(func(e WaitEvent) {
			if d := time.Until(e.Until); e.Bucket != "/api/v1/groups" || e.Cause != WaitReset || d <= 0 || d > 2*time.Second {
				t.Errorf("OnWait(%+v): want the groups bucket's reset, at most one window ahead", e)
			}
			observed.Add(1)
		})
	})

	ctx := testCtx(t)
	var g errgroup.Group
	for range requests {
		g.Go(func() error {
			_, err := c.Do(ctx, Request{Path: "/api/v1/groups"})
			return err
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatalf("Do: %v", err)
	}
	if got := s.rejected.Load(); got != 0 {
		t.Errorf("server refused %d requests with 429; the governor should have waited", got)
	}
	if got := s.ok.Load(); got != requests {
		t.Errorf("server served %d, want %d", got, requests)
	}
	st := c.Stats()
	b := st.Buckets["/api/v1/groups"]
	if b.Calls != requests || b.TooManyRequests != 0 || st.Retries != 0 {
		t.Errorf("stats %+v: want %d calls, no 429, no retries", st, requests)
	}
	if b.Waits == 0 || st.Waits == 0 || st.WaitTime <= 0 || observed.Load() == 0 {
		t.Errorf("stats %+v, observer %d: want recorded and observed waits", st, observed.Load())
	}
	if b.Limit != limit {
		t.Errorf("bucket limit = %d, want %d from the headers", b.Limit, limit)
	}
}

// TestGovernorCapacity checks that a lower capacity leaves room: with 60%
// of 5, only 3 requests per window are ours.
func TestGovernorCapacity(t *testing.T) {
	s, url := newWindowServer(t, 5)
	c := newTestClient(t, url, func(c *Config) { c.MaxCapacity = 60 })
	ctx := testCtx(t)
	// The server's windows are real seconds. Start just after one begins,
	// so the first three requests share it and the fourth must wait;
	// started near a boundary, the fourth could land in a fresh window and
	// rightly not wait, and the test would fail by chance.
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 20*time.Millisecond)))
	for range 4 {
		if _, err := c.Do(ctx, Request{Path: "/api/v1/apps"}); err != nil {
			t.Fatal(err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for key, n := range s.counts {
		if n > 3 {
			t.Errorf("window %s got %d requests, want at most 3 (60%% of 5)", key, n)
		}
	}
	if c.Stats().Waits == 0 {
		t.Error("the fourth request should have waited for a new window")
	}
}

// TestGovernorWaitsAfter429 injects one 429 (as another client sharing the
// org would cause) and checks the client waits for the reset and retries.
func TestGovernorWaitsAfter429(t *testing.T) {
	tests := []struct {
		name    string
		headers bool // with Date and X-Rate-Limit-Reset, or none (exponential back-off)
	}{
		{"with reset and date", true},
		{"without headers", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			var first, retry atomic.Int64 // server times, UnixNano
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				now := time.Now()
				if calls.Add(1) == 1 {
					first.Store(now.UnixNano())
					if tt.headers {
						w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
						w.Header().Set("X-Rate-Limit-Limit", "75") // a concurrency 429 looks like this
						w.Header().Set("X-Rate-Limit-Remaining", "0")
						w.Header().Set("X-Rate-Limit-Reset", strconv.FormatInt(now.Unix()+1, 10))
					}
					tooMany(w)
					return
				}
				retry.Store(now.UnixNano())
				_, _ = w.Write([]byte(`{}`))
			})
			var waits []time.Duration
			var mu sync.Mutex
			c := newTestClient(t, srv.URL, func(c *Config) {
				c.Observer = ObserverFunc(func(e WaitEvent) {
					if e.Cause != WaitTooManyRequests {
						t.Errorf("OnWait(%+v): want a 429 pause", e)
					}
					mu.Lock()
					waits = append(waits, time.Until(e.Until))
					mu.Unlock()
				})
			})
			// A POST: 429 means Okta did nothing, so even a create is retried.
			if _, err := c.Do(testCtx(t), Request{Method: "POST", Path: "/api/v1/groups", Body: raw(`{}`)}); err != nil {
				t.Fatalf("Do: %v", err)
			}
			st := c.Stats()
			if calls.Load() != 2 || st.TooManyRequests != 1 || st.Retries != 1 || st.Buckets["/api/v1/groups"].TooManyRequests != 1 {
				t.Errorf("calls %d, stats %+v: want one 429 then one success", calls.Load(), st)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(waits) != 1 || st.Waits != 1 {
				t.Errorf("observer saw waits %v, stats %d: want exactly one", waits, st.Waits)
			}
			// The reset is the next whole second: the retry must not come
			// before it.
			if resetAt := time.Unix(0, first.Load()).Unix() + 1; tt.headers && time.Unix(0, retry.Load()).Unix() < resetAt {
				t.Errorf("retried at %v, before the reset at %d", time.Unix(0, retry.Load()), resetAt)
			}
		})
	}
}

func TestGovernorCapsInFlight(t *testing.T) {
	s, url := newWindowServer(t, 1000)
	s.delay = 20 * time.Millisecond
	c := newTestClient(t, url, func(c *Config) { c.MaxInFlight = 3 })
	ctx := testCtx(t)
	var g errgroup.Group
	for i := range 12 {
		path := []string{"/api/v1/groups", "/api/v1/apps", "/api/v1/policies"}[i%3]
		g.Go(func() error {
			_, err := c.Do(ctx, Request{Path: path})
			return err
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.maxSeen > 3 {
		t.Errorf("server saw %d requests at once, want at most MaxInFlight=3", s.maxSeen)
	}
}

func TestBucketObserve(t *testing.T) {
	recv := time.Now()
	date := recv.UTC().Format(http.TimeFormat)
	hdr := func(limit, remaining int, reset int64) http.Header {
		h := http.Header{}
		h.Set("Date", date)
		h.Set("X-Rate-Limit-Limit", strconv.Itoa(limit))
		h.Set("X-Rate-Limit-Remaining", strconv.Itoa(remaining))
		h.Set("X-Rate-Limit-Reset", strconv.FormatInt(reset, 10))
		return h
	}
	base := recv.Unix() + 30
	type step struct {
		status int
		h      http.Header
	}
	tests := []struct {
		name          string
		steps         []step
		wantLimit     int
		wantRemaining int
		wantReset     int64
	}{
		{"first response", []step{{200, hdr(100, 90, base)}}, 100, 90, base},
		{"lowest remaining wins in a window", []step{{200, hdr(100, 80, base)}, {200, hdr(100, 85, base)}}, 100, 80, base},
		{"newer window replaces", []step{{200, hdr(100, 3, base)}, {200, hdr(100, 99, base+60)}}, 100, 99, base + 60},
		{"straggler from old window ignored", []step{{200, hdr(100, 99, base+60)}, {200, hdr(100, 2, base)}}, 100, 99, base + 60},
		{"429 means nothing left", []step{{200, hdr(100, 50, base)}, {429, hdr(100, 7, base)}}, 100, 0, base},
		{"no headers keeps state", []step{{200, hdr(100, 50, base)}, {200, http.Header{}}}, 100, 50, base},
		{"garbage ignored", []step{{200, hdr(100, 50, base)}, {200, http.Header{"X-Rate-Limit-Limit": {"x"}}}}, 100, 50, base},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bucketState
			for _, s := range tt.steps {
				b.observe(s.status, s.h, recv, &serverClock{})
			}
			if b.limit != tt.wantLimit || b.remaining != tt.wantRemaining || b.reset != tt.wantReset {
				t.Errorf("state limit %d remaining %d reset %d, want %d %d %d", b.limit, b.remaining, b.reset, tt.wantLimit, tt.wantRemaining, tt.wantReset)
			}
		})
	}
}

func TestResetUsesServerClock(t *testing.T) {
	// The server's clock is an hour behind ours; the reset is 10 s after the
	// server's Date. Only the difference counts: the window opens between
	// 9 and 10 s after the response (Date is truncated), plus the margin.
	recv := time.Now()
	serverNow := recv.Add(-time.Hour)
	h := http.Header{}
	h.Set("Date", serverNow.UTC().Format(http.TimeFormat))
	h.Set("X-Rate-Limit-Limit", "100")
	h.Set("X-Rate-Limit-Remaining", "0")
	h.Set("X-Rate-Limit-Reset", strconv.FormatInt(serverNow.Unix()+10, 10))
	var clk serverClock
	date, _ := http.ParseTime(h.Get("Date"))
	clk.observe(recv.Add(-50*time.Millisecond), recv, date)
	var b bucketState
	b.observe(200, h, recv, &clk)
	if got := b.resetAt.Sub(recv); got < 9*time.Second || got > 10*time.Second+resetMargin {
		t.Errorf("reset in %v, want 9–10 s", got)
	}
}

func TestBucketAdmit(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name      string
		b         bucketState
		capacity  int
		wantOK    bool
		wantReset bool // blocked until the reset (rather than for peers)
	}{
		{"unprobed, nothing in flight: probe", bucketState{}, 90, true, false},
		{"unprobed, probe in flight: wait", bucketState{inflight: 1}, 90, false, false},
		{"probed without headers: unlimited", bucketState{probed: true, inflight: 50}, 90, true, false},
		{"room left", bucketState{probed: true, known: true, limit: 100, remaining: 50, resetAt: now.Add(time.Minute)}, 90, true, false},
		{"at capacity: wait for reset", bucketState{probed: true, known: true, limit: 100, remaining: 10, resetAt: now.Add(time.Minute)}, 90, false, true},
		{"in flight fills the budget: wait for peers", bucketState{probed: true, known: true, limit: 100, remaining: 20, inflight: 10, resetAt: now.Add(time.Minute)}, 90, false, false},
		{"window over: fresh", bucketState{probed: true, known: true, limit: 100, remaining: 0, resetAt: now.Add(-time.Second)}, 90, true, false},
		{"tiny bucket still admits one", bucketState{probed: true, known: true, limit: 1, remaining: 1, resetAt: now.Add(time.Minute)}, 10, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.b
			d, ok := b.admit(now, tt.capacity)
			if ok != tt.wantOK || (d > 0) != tt.wantReset {
				t.Errorf("admit = %v, %v; want ok %v, reset wait %v", d, ok, tt.wantOK, tt.wantReset)
			}
			if ok && b.inflight != tt.b.inflight+1 {
				t.Errorf("admitted request not counted in flight")
			}
		})
	}
}
