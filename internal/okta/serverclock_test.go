package okta

import (
	"testing"
	"time"
)

// exchange is one request and response on a fake clock: sent and received
// are our clock's readings, date the Date header the server stamped.
type exchange struct {
	sent, received, date time.Time
}

var clockBase = time.Date(2026, 12, 3, 4, 0, 0, 0, time.UTC)

// at is clockBase plus a number of milliseconds.
func at(ms int) time.Time { return clockBase.Add(time.Duration(ms) * time.Millisecond) }

func TestServerClockBounds(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	tests := []struct {
		name      string
		exchanges []exchange
		wantOK    bool
		wantLo    time.Duration
		wantHi    time.Duration
	}{
		{"nothing seen", nil, false, 0, 0},
		{
			// Sent at .100, answered at .300, Date says :00: the server's
			// clock is at least 300 ms behind and less than 900 ms ahead.
			"one response",
			[]exchange{{at(100), at(300), at(0)}},
			true, ms(-300), ms(900),
		},
		{
			"bounds tighten: largest lo, smallest hi",
			[]exchange{{at(100), at(300), at(0)}, {at(950), at(1010), at(1000)}, {at(1800), at(1850), at(1000)}},
			true, ms(-10), ms(200),
		},
		{
			"received before sent is ignored",
			[]exchange{{at(100), at(300), at(0)}, {at(2000), at(500), at(0)}},
			true, ms(-300), ms(900),
		},
		{
			// The server's clock stepped an hour: the old bounds are void.
			"contradiction starts over",
			[]exchange{{at(100), at(300), at(0)}, {at(1100), at(1200), at(1000).Add(time.Hour)}},
			true, time.Hour - ms(200), time.Hour + ms(900),
		},
		{
			// The first response is a period old: it still counts.
			"previous period kept",
			[]exchange{{at(950), at(1010), at(1000)}, {at(31_100), at(31_300), at(31_000)}},
			true, ms(-10), ms(900),
		},
		{
			// Two periods on, the first response's bounds are dropped.
			"old responses expire",
			[]exchange{{at(950), at(1010), at(1000)}, {at(61_100), at(61_300), at(61_000)}},
			true, ms(-300), ms(900),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c serverClock
			for _, e := range tt.exchanges {
				c.observe(e.sent, e.received, e.date)
			}
			b, ok := c.bounds()
			if ok != tt.wantOK || ok && (b.lo != tt.wantLo || b.hi != tt.wantHi) {
				t.Errorf("bounds = [%v, %v) ok %v, want [%v, %v) ok %v", b.lo, b.hi, ok, tt.wantLo, tt.wantHi, tt.wantOK)
			}
		})
	}
}

// TestServerClockConverges simulates a server whose clock is off by a known
// amount answering a stream of requests on a fake clock. After every
// response the bounds must hold the true offset, and a window aimed at by
// localTime must never open early; after a second of traffic the estimate
// must be within the round trip of the truth.
func TestServerClockConverges(t *testing.T) {
	tests := []struct {
		name     string
		offset   time.Duration // server clock minus ours
		to, from time.Duration // transit to and from the server
		every    time.Duration // time between requests
	}{
		{"same clock, fast network", 0, time.Millisecond, time.Millisecond, 37 * time.Millisecond},
		{"server ahead by a fraction", 750 * time.Millisecond, 20 * time.Millisecond, 5 * time.Millisecond, 23 * time.Millisecond},
		{"server an hour behind", -time.Hour + 333*time.Millisecond, 40 * time.Millisecond, 40 * time.Millisecond, 11 * time.Millisecond},
		{"server behind by a fraction, slow answers", -2400 * time.Millisecond, 80 * time.Millisecond, 120 * time.Millisecond, 17 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c serverClock
			sent := clockBase.Add(123 * time.Millisecond)
			end := sent.Add(time.Second)
			for ; sent.Before(end); sent = sent.Add(tt.every) {
				stamp := sent.Add(tt.to + tt.offset) // the server's clock when it stamps Date
				received := sent.Add(tt.to + tt.from)
				c.observe(sent, received, stamp.Truncate(time.Second))

				b, _ := c.bounds()
				if b.lo > tt.offset || b.hi <= tt.offset {
					t.Fatalf("after a response at %v: bounds [%v, %v) exclude the offset %v", received.Sub(clockBase), b.lo, b.hi, tt.offset)
				}
				// A window opening at the next whole server second.
				reset := stamp.Truncate(time.Second).Add(time.Second)
				local, ok := c.localTime(reset, received)
				if !ok {
					t.Fatal("localTime: no estimate after a response")
				}
				if opens := local.Add(tt.offset); opens.Before(reset.Add(resetMargin)) {
					t.Fatalf("window at %v aimed %v early", reset, reset.Add(resetMargin).Sub(opens))
				}
			}
			b, _ := c.bounds()
			if late := tt.offset - b.lo; late > tt.every+tt.from {
				t.Errorf("after a second of responses lo is %v short of the offset, want at most %v", late, tt.every+tt.from)
			}
		})
	}
}
