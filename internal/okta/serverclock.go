package okta

import "time"

// The governor must know when, on our clock, a rate-limit window opens. The
// server says so on its own clock (X-Rate-Limit-Reset, epoch seconds), and
// tells its time only in the Date header, which has whole seconds. Taking
// Date as "now" puts each window's opening up to a second late.
//
// serverClock bounds the server clock's offset instead. A response's Date
// was stamped at some server instant s between our sending the request and
// receiving the answer, and s lies in [Date, Date+1s). With offset = server
// time − our time:
//
//	Date ≤ s ≤ received + offset     so  offset ≥ Date − received      (lo)
//	Date + 1s > s ≥ sent + offset    so  offset < Date + 1s − sent     (hi)
//
// The largest lo seen converges on the true offset as responses land at
// every fraction of the second; hi only says how far off lo can still be.
// A request sent when our clock reads reset − lo reaches the server at or
// after reset whatever the true offset within the bounds, so aiming there
// never opens a window early: it is late by (true offset − lo), which is
// under a second for the first response and a few milliseconds after a few
// hundred.

// offsetSampleLife is how long a response's bounds count. Two clocks drift
// apart by tens of parts per million, so bounds from long ago can be off by
// more than the margin; keeping the last one to two of these periods bounds
// that drift to a few milliseconds, while hundreds of responses a minute
// keep the estimate tight.
const offsetSampleLife = 30 * time.Second

// resetMargin is added to the reset instant derived from the bounds. The
// bounds are exact when one clock stamps Date and counts the windows;
// Okta's front ends are many hosts, whose clocks NTP keeps a few
// milliseconds apart, and our clock drifts from the server's by up to a few
// milliseconds over the samples' life (offsetSampleLife). Ten milliseconds
// covers both; it costs about 10 ms per window waited for.
const resetMargin = 10 * time.Millisecond

// offsetBounds is lo ≤ offset < hi over some responses; n counts them.
type offsetBounds struct {
	lo, hi time.Duration
	n      int
}

func (b *offsetBounds) add(lo, hi time.Duration) {
	if b.n == 0 {
		b.lo, b.hi = lo, hi
	} else {
		b.lo, b.hi = max(b.lo, lo), min(b.hi, hi)
	}
	b.n++
}

// contradicts reports whether lo..hi cannot hold together with b: one of
// the clocks was stepped.
func (b offsetBounds) contradicts(lo, hi time.Duration) bool {
	return b.n > 0 && (lo >= b.hi || hi <= b.lo)
}

// serverClock estimates the server clock's offset from Date headers. Its
// zero value knows nothing. It is guarded by the governor's mutex.
type serverClock struct {
	cur, prev offsetBounds
	curStart  time.Time // when (our clock) the first response in cur came
}

// observe folds in one response: sent and received are our clock's times
// of sending the request and receiving the response's headers, date its
// Date header.
func (c *serverClock) observe(sent, received, date time.Time) {
	lo, hi := date.Sub(received), date.Add(time.Second).Sub(sent)
	if lo >= hi {
		return // received before sent: not a real exchange
	}
	if c.cur.n > 0 {
		if age := received.Sub(c.curStart); age >= 2*offsetSampleLife {
			c.prev, c.cur = offsetBounds{}, offsetBounds{}
		} else if age >= offsetSampleLife {
			c.prev, c.cur = c.cur, offsetBounds{}
		}
	}
	if c.cur.contradicts(lo, hi) || c.prev.contradicts(lo, hi) {
		// A clock was stepped: what we knew is void.
		c.prev, c.cur = offsetBounds{}, offsetBounds{}
	}
	if c.cur.n == 0 {
		c.curStart = received
	}
	c.cur.add(lo, hi)
}

// bounds returns what the recent responses say about the offset.
func (c *serverClock) bounds() (offsetBounds, bool) {
	b := c.cur
	if c.prev.n > 0 {
		b.add(c.prev.lo, c.prev.hi)
		b.n += c.prev.n - 1
	}
	return b, b.n > 0
}

// localTime returns the instant on our clock (with now's monotonic reading)
// at which the server's clock reads serverTime at the latest, plus
// resetMargin; ok is false while no Date has been seen.
func (c *serverClock) localTime(serverTime, now time.Time) (t time.Time, ok bool) {
	b, ok := c.bounds()
	if !ok {
		return time.Time{}, false
	}
	// serverTime − lo is a wall-clock reading; now.Add keeps the
	// monotonic clock, which is what the governor's timers run on.
	return now.Add(serverTime.Add(-b.lo).Sub(now) + resetMargin), true
}
