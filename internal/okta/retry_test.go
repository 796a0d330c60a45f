package okta

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// flakyServer fails the first `failures` requests with fail, then answers 200.
func flakyServer(t *testing.T, failures int32, fail func(w http.ResponseWriter)) (*Client, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= failures {
			fail(w)
			return
		}
		_, _ = w.Write([]byte(`{"id":"x"}`))
	})
	return newTestClient(t, srv.URL), &calls
}

func status(code int) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) { writeOktaError(w, code, "E0000009", "Internal Server Error") }
}

// reset closes the connection without answering, as a crashed proxy would.
func reset(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

// tooMany answers 429 with no rate-limit headers, so the client falls back to
// exponential back-off (kept tiny in tests).
func tooMany(w http.ResponseWriter) {
	writeOktaError(w, http.StatusTooManyRequests, CodeRateLimitExceeded, "API call exceeded rate limit due to too many requests.")
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name      string
		req       Request
		failures  int32
		fail      func(http.ResponseWriter)
		wantCalls int32
		wantOK    bool
	}{
		{"GET retried on 500", Request{Path: "/api/v1/groups"}, 2, status(500), 3, true},
		{"GET retried on 503", Request{Path: "/api/v1/groups"}, 1, status(503), 2, true},
		{"GET not retried on 501", Request{Path: "/api/v1/groups"}, 1, status(501), 1, false},
		{"GET not retried on 400", Request{Path: "/api/v1/groups"}, 1, status(400), 1, false},
		{"GET retried on reset", Request{Path: "/api/v1/groups"}, 2, reset, 3, true},
		{"PUT retried on 502", Request{Method: "PUT", Path: "/api/v1/groups/00g1b2c3d4e5f6g7h8i9", Body: raw(`{}`)}, 1, status(502), 2, true},
		{"DELETE retried on reset", Request{Method: "DELETE", Path: "/api/v1/groups/00g1b2c3d4e5f6g7h8i9"}, 1, reset, 2, true},
		{"POST not retried on 500", Request{Method: "POST", Path: "/api/v1/groups", Body: raw(`{}`)}, 1, status(500), 1, false},
		{"POST not retried on reset", Request{Method: "POST", Path: "/api/v1/groups", Body: raw(`{}`)}, 1, reset, 1, false},
		{"POST marked idempotent retried on 500", Request{Method: "POST", Path: "/api/v1/groups/00g1b2c3d4e5f6g7h8i9/lifecycle/activate", Idempotent: ptr(true)}, 1, status(500), 2, true},
		{"GET marked not idempotent", Request{Path: "/api/v1/groups", Idempotent: ptr(false)}, 1, status(500), 1, false},
		{"POST retried on 429", Request{Method: "POST", Path: "/api/v1/groups", Body: raw(`{}`)}, 2, tooMany, 3, true},
		{"gives up after MaxRetries", Request{Path: "/api/v1/groups"}, 100, status(503), 1 + DefaultMaxRetries, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, calls := flakyServer(t, tt.failures, tt.fail)
			_, err := c.Do(testCtx(t), tt.req)
			if (err == nil) != tt.wantOK {
				t.Errorf("Do error = %v, want success %v", err, tt.wantOK)
			}
			if got := calls.Load(); got != tt.wantCalls {
				t.Errorf("server saw %d calls, want %d", got, tt.wantCalls)
			}
			if st := c.Stats(); st.Retries != int(tt.wantCalls-1) {
				t.Errorf("Stats.Retries = %d, want %d", st.Retries, tt.wantCalls-1)
			}
			if err != nil && !tt.wantOK && tt.failures > 1 && !IsTransient(err) {
				t.Errorf("exhausted retries should leave a transient error, got %v", err)
			}
		})
	}
}

func raw(s string) []byte { return []byte(s) }

func TestRetryRespectsContext(t *testing.T) {
	var calls atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeOktaError(w, 503, "E0000009", "down")
	})
	// Back-off far longer than the context allows.
	c := newTestClient(t, srv.URL, func(c *Config) { c.RetryBaseDelay, c.RetryMaxDelay = time.Hour, time.Hour })
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Do(ctx, Request{Path: "/api/v1/groups"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("want the context's error, got %v", err)
	}
	if IsTransient(err) {
		t.Error("a cancelled request must not look transient")
	}
	if calls.Load() != 1 {
		t.Errorf("server saw %d calls, want 1", calls.Load())
	}
}

func TestNoRetriesWhenDisabled(t *testing.T) {
	var calls atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeOktaError(w, 503, "E0000009", "down")
	})
	c := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = -1 })
	if _, err := c.Do(testCtx(t), Request{Path: "/api/v1/groups"}); err == nil {
		t.Fatal("want an error")
	}
	if calls.Load() != 1 {
		t.Errorf("server saw %d calls, want 1", calls.Load())
	}
}

func TestBackoff(t *testing.T) {
	p := retryPolicy{max: 10, base: 200 * time.Millisecond, cap: 10 * time.Second}
	for attempt := range 70 {
		step := p.base
		for i := 0; i < attempt && step < p.cap; i++ {
			step *= 2
		}
		step = min(step, p.cap)
		for range 20 {
			d := p.backoff(attempt)
			if d < step/2 || d > step {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", attempt, d, step/2, step)
			}
		}
	}
}

func TestRateLimitDelay(t *testing.T) {
	date := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	h := http.Header{}
	h.Set("Date", date.Format(http.TimeFormat))
	h.Set("X-Rate-Limit-Reset", strconv.FormatInt(date.Unix()+7, 10))
	for range 20 {
		d, ok := rateLimitDelay(h)
		if !ok || d < 7*time.Second || d > 7*time.Second+500*time.Millisecond {
			t.Fatalf("rateLimitDelay = %v, %v; want 7s plus at most 500ms jitter, whatever our own clock says", d, ok)
		}
	}
	h.Del("Date")
	if _, ok := rateLimitDelay(h); ok {
		t.Error("without Date the reset cannot be trusted")
	}
}
