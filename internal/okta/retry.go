package okta

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// retryPolicy decides whether a failed attempt is tried again, and when.
//
// What is safe to repeat:
//   - 429: Okta refused the request before doing anything, so it is always
//     safe, for every method.
//   - 5xx (not 501) and transport errors: the server may have done the work
//     and failed to tell us. Repeating a GET, PUT or DELETE gives the same
//     end state; repeating a POST may create a duplicate. So these are
//     retried only for idempotent requests. The apply engine handles a POST
//     whose outcome is unknown by looking the object up (see IsTransient).
type retryPolicy struct {
	max  int           // retries after the first attempt
	base time.Duration // first back-off
	cap  time.Duration // longest back-off
}

// delay returns how long to wait before retrying the attempt'th attempt
// (0-based) that ended with resp or err, and false if it must not be retried.
// err is the *APIError or *TransportError the attempt produced.
func (p retryPolicy) delay(attempt int, idempotent bool, resp *Response, err error) (time.Duration, bool) {
	if attempt >= p.max {
		return 0, false
	}
	if resp != nil {
		switch {
		case resp.Status == http.StatusTooManyRequests:
			if d, ok := rateLimitDelay(resp.Header); ok {
				return d, true
			}
			if d, ok := retryAfter(resp.Header); ok {
				return d, true
			}
			// No usable headers: back off exponentially rather than give
			// up, since the request was certainly not processed.
			return p.backoff(attempt), true
		case retryableStatus(resp.Status) && idempotent:
			if d, ok := retryAfter(resp.Header); ok {
				return d, true
			}
			return p.backoff(attempt), true
		}
		return 0, false
	}
	var te *TransportError
	if idempotent && errors.As(err, &te) && te.transient() {
		return p.backoff(attempt), true
	}
	return 0, false
}

// backoff is exponential with "equal jitter": half the step is fixed so waits
// really grow, half is random so parallel workers that failed together do not
// retry together.
func (p retryPolicy) backoff(attempt int) time.Duration {
	d := p.base
	for i := 0; i < attempt && d < p.cap; i++ {
		d *= 2 // doubling stops at the cap, long before it could overflow
	}
	d = min(d, p.cap)
	if d <= 0 {
		return 0
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// rateLimitDelay is the wait after a 429: until X-Rate-Limit-Reset, measured
// against the response's Date header (the server's clock, not ours), plus a
// little jitter so that the workers that were refused together do not all
// come back in the same millisecond. ok is false when either header is
// missing or unreadable.
func rateLimitDelay(h http.Header) (time.Duration, bool) {
	reset, err := strconv.ParseInt(h.Get("X-Rate-Limit-Reset"), 10, 64)
	if err != nil {
		return 0, false
	}
	date, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		return 0, false
	}
	d := min(max(time.Duration(reset-date.Unix())*time.Second, 0), maxRateLimitWait)
	return d + jitter(d), true
}

// jitter is up to 10% of d, at least 100ms and at most 500ms of spread.
func jitter(d time.Duration) time.Duration {
	spread := min(max(d/10, 100*time.Millisecond), 500*time.Millisecond)
	return rand.N(spread)
}

// retryAfter reads a Retry-After header given in seconds.
func retryAfter(h http.Header) (time.Duration, bool) {
	s, err := strconv.Atoi(h.Get("Retry-After"))
	if err != nil || s < 0 {
		return 0, false
	}
	d := min(time.Duration(s)*time.Second, maxRateLimitWait)
	return d + jitter(d), true
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	return waitFor(ctx, d, nil)
}
