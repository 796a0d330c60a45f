package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/okta"
)

// TestProgressStatus: the status line names each wait in progress by its
// bucket and end (a reset, or the end of a 429's pause), and forgets waits
// that are over.
func TestProgressStatus(t *testing.T) {
	start := time.Date(2026, 12, 2, 12, 0, 0, 0, time.Local)
	now := start.Add(90 * time.Second)
	for _, tc := range []struct {
		name  string
		setup func(p *progress)
		want  string
	}{
		{"starting", func(p *progress) {}, "1m30s starting"},
		{"reading", func(p *progress) {
			p.Kinds(23)
			p.KindDone("groups", 3)
			p.Objects("groups", 3)
			p.calls = func() int { return 7 }
		}, "1m30s reading the org: 1/23 kinds, 3 objects, 7 API calls"},
		{"a reset and a 429", func(p *progress) {
			p.applying(278)
			p.OnWait(okta.WaitEvent{Bucket: "/api/v1/apps", Until: start.Add(4 * time.Minute), Cause: okta.WaitReset})
			p.OnWait(okta.WaitEvent{Bucket: "/api/v1/groups", Until: start.Add(2 * time.Minute), Cause: okta.WaitTooManyRequests})
		}, "1m30s applying: 0/278 steps done, 2 rate-limit waits; waiting for /api/v1/apps to reset at 12:04:00; waiting after a 429 on /api/v1/groups until 12:02:00"},
		{"a wait that is over", func(p *progress) {
			p.applying(2)
			p.OnWait(okta.WaitEvent{Bucket: "/api/v1/apps", Until: start.Add(time.Minute), Cause: okta.WaitReset})
		}, "1m30s applying: 0/2 steps done, 1 rate-limit wait"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &progress{start: start, waits: map[string]okta.WaitEvent{}}
			tc.setup(p)
			if got := p.status(now); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestProgressPhaseLine: without a terminal, a run shorter than the
// interval prints nothing; once a run has printed progress, the start of
// the next phase is printed at once, not at the next interval, so a CI log
// shows when the apply began even when it is shorter than the interval;
// while the display is paused (apply showing the plan), the line waits for
// it to resume.
func TestProgressPhaseLine(t *testing.T) {
	var buf syncBuffer
	p := startProgress(&buf, time.Hour)
	defer p.finish()
	p.Kinds(23)
	if got := buf.String(); got != "" {
		t.Fatalf("a phase start before any progress line was printed:\n%s", got)
	}
	p.Objects("groups", 3)
	p.tick(p.start) // the interval's line
	p.pause()
	p.applying(30)
	afterPause := buf.String()
	p.resume()
	p.applying(30) // the same phase again: no second line
	p.finish()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want the interval's and the apply's:\n%s", len(lines), buf.String())
	}
	for i, want := range []*regexp.Regexp{
		regexp.MustCompile(`^progress: 0s reading the org: 0/23 kinds, 3 objects$`),
		regexp.MustCompile(`^progress: \d+s applying: 0/30 steps done$`),
	} {
		if !want.MatchString(lines[i]) {
			t.Errorf("line %d = %q, want %s", i, lines[i], want)
		}
	}
	if strings.Contains(afterPause, "applying") {
		t.Errorf("a line was printed while paused:\n%s", afterPause)
	}
}
