package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/oktasync/oktasync/internal/apply"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"
)

// defaultProgressInterval is how often a progress line is printed where
// there is no terminal (a CI log): often enough that a long apply never
// looks like a hang, rarely enough to keep the log readable.
const defaultProgressInterval = 10 * time.Second

func progressFlag() cli.Flag {
	return &cli.DurationFlag{Name: "progress-interval", Value: defaultProgressInterval,
		Usage: "without a terminal (CI), print a progress line every `DURATION` (0: none)"}
}

// isTerminal reports whether w is a terminal; progress displays are drawn
// only then, so logs and CI output stay clean.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progress tells the user, on stderr, what a long command is doing: kinds
// read out of the total while reading the org, steps done out of the
// total while applying, API calls so far, and any rate-limit wait with its
// bucket and when it ends. On a terminal it is a live line (a spinner from
// schollz/progressbar whose description is the status, redrawn as events
// come and every half second, so a wait is named while nothing moves).
// Anywhere else it prints the same status as a plain line every interval.
// It implements okta.Observer and export.KindsObserver, and step is
// apply's progress callback. A nil *progress does nothing.
type progress struct {
	w     io.Writer
	start time.Time
	bar   *progressbar.ProgressBar // on a terminal; nil otherwise
	stop  chan struct{}
	done  chan struct{}
	once  sync.Once
	wmu   sync.Mutex // serializes plain lines

	mu                     sync.Mutex
	paused                 bool
	phaseLine              bool       // a phase began and is not yet in the log
	printed                bool       // a plain line was printed
	calls                  func() int // the client's API calls so far
	phase                  string
	kindsTotal, kindsDone  int
	objects                int
	stepsTotal, stepsDone  int
	stepsFailed, waitCount int
	waits                  map[string]okta.WaitEvent // bucket → its latest wait
}

// startProgress starts the display for a command that talks to an org:
// on a terminal always, elsewhere when interval > 0.
func startProgress(w io.Writer, interval time.Duration) *progress {
	tty := isTerminal(w)
	if !tty && interval <= 0 {
		return nil
	}
	p := &progress{w: w, start: time.Now(), stop: make(chan struct{}), done: make(chan struct{}),
		waits: map[string]okta.WaitEvent{}}
	tick := interval
	if tty {
		p.bar = progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSpinnerType(14),
			progressbar.OptionSetElapsedTime(false), // the status starts with it
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		tick = 500 * time.Millisecond
	}
	go p.run(tick)
	return p
}

func (p *progress) run(tick time.Duration) {
	defer close(p.done)
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case now := <-t.C:
			p.tick(now)
		}
	}
}

// tick shows the status: redraws the terminal line, or prints a plain line.
func (p *progress) tick(now time.Time) {
	p.mu.Lock()
	paused := p.paused
	if !paused {
		p.phaseLine = false
	}
	p.mu.Unlock()
	if paused {
		return
	}
	line := p.status(now)
	if p.bar != nil {
		p.bar.Describe(line)
		return
	}
	p.print(line)
}

// print writes one plain progress line (writes come from the ticker and
// from a phase's start, so they are serialized).
func (p *progress) print(line string) {
	p.mu.Lock()
	p.printed = true
	p.mu.Unlock()
	p.wmu.Lock()
	defer p.wmu.Unlock()
	fmt.Fprintf(p.w, "progress: %s\n", line)
}

// phaseStarted prints the status at once, without a terminal, when a phase
// begins (or, if the display is paused, when it resumes) in a run that has
// already printed progress: a CI log that shows a long read of the org then
// also shows when the apply began, even when the apply is shorter than the
// interval. A run shorter than the interval stays quiet.
func (p *progress) phaseStarted() {
	p.mu.Lock()
	due := p.phaseLine && p.printed && !p.paused && p.bar == nil && p.w != nil && p.stop != nil
	if due {
		p.phaseLine = false
	}
	p.mu.Unlock()
	if due {
		p.print(p.status(time.Now()))
	}
}

// finish stops the display (and clears the terminal line). It may be
// called more than once.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.once.Do(func() {
		close(p.stop)
		<-p.done
		if p.bar != nil {
			_ = p.bar.Finish()
		}
	})
}

// pause stops drawing while the command prints something else or asks a
// question (apply --dir shows the plan and asks for yes); resume goes on.
func (p *progress) pause() {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.paused = true
	p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Clear()
	}
}

func (p *progress) resume() {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.paused = false
	p.mu.Unlock()
	p.phaseStarted()
}

// observer is p as an okta.Observer, or nil (a typed nil pointer in an
// interface would not be nil to the client).
func (p *progress) observer() okta.Observer {
	if p == nil {
		return nil
	}
	return p
}

// setClient makes the status count the client's API calls.
func (p *progress) setClient(c *okta.Client) {
	if p == nil || c == nil {
		return
	}
	p.mu.Lock()
	p.calls = func() int { return c.Stats().Calls }
	p.mu.Unlock()
}

func (p *progress) update(f func()) {
	p.mu.Lock()
	f()
	paused := p.paused
	p.mu.Unlock()
	if p.bar != nil && !paused {
		p.bar.Describe(p.status(time.Now()))
	}
}

// Kinds starts a read of the org (export.KindsObserver).
func (p *progress) Kinds(total int) {
	p.update(func() {
		p.phase, p.kindsTotal, p.kindsDone, p.objects = "reading the org", total, 0, 0
		p.phaseLine = true
	})
	p.phaseStarted()
}

// KindStarted is part of export.Observer.
func (p *progress) KindStarted(string) {}

// Objects counts objects read (export.Observer).
func (p *progress) Objects(_ string, n int) { p.update(func() { p.objects += n }) }

// KindDone counts kinds read (export.Observer).
func (p *progress) KindDone(string, int) { p.update(func() { p.kindsDone++ }) }

// OnWait records a rate-limit wait (okta.Observer).
func (p *progress) OnWait(e okta.WaitEvent) {
	p.update(func() {
		p.waitCount++
		if old, ok := p.waits[e.Bucket]; !ok || e.Until.After(old.Until) {
			p.waits[e.Bucket] = e
		}
	})
}

// step is apply's progress callback (apply.Options.Progress).
func (p *progress) step(done, total int, r apply.StepResult) {
	p.update(func() {
		p.phase, p.stepsDone, p.stepsTotal = "applying", done, total
		if r.Status == apply.StatusFailed {
			p.stepsFailed++
		}
	})
}

// applying shows the step count before the first step ends.
func (p *progress) applying(total int) {
	if p == nil {
		return
	}
	p.update(func() {
		p.phaseLine = p.phaseLine || p.phase != "applying"
		p.phase, p.stepsTotal = "applying", total
	})
	p.phaseStarted()
}

// status is one line: the elapsed time, the phase and its counts, the API
// calls, and the waits in progress, e.g. "1m20s applying: 12/278 steps
// done, 312 API calls; waiting for /api/v1/apps to reset at 12:04:00".
func (p *progress) status(now time.Time) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var parts []string
	switch p.phase {
	case "applying":
		s := fmt.Sprintf("applying: %d/%d steps done", p.stepsDone, p.stepsTotal)
		if p.stepsFailed > 0 {
			s += fmt.Sprintf(" (%d failed)", p.stepsFailed)
		}
		parts = append(parts, s)
	case "reading the org":
		parts = append(parts, fmt.Sprintf("reading the org: %d/%d kinds, %d objects", p.kindsDone, p.kindsTotal, p.objects))
	default:
		parts = append(parts, "starting")
	}
	if p.calls != nil {
		parts = append(parts, fmt.Sprintf("%d API calls", p.calls()))
	}
	if p.waitCount > 0 {
		noun := "rate-limit waits"
		if p.waitCount == 1 {
			noun = "rate-limit wait"
		}
		parts = append(parts, fmt.Sprintf("%d %s", p.waitCount, noun))
	}
	line := fmt.Sprintf("%s %s", now.Sub(p.start).Round(time.Second), strings.Join(parts, ", "))
	var waiting []string
	for _, b := range sortedBuckets(p.waits) {
		e := p.waits[b]
		if !e.Until.After(now) {
			delete(p.waits, b)
			continue
		}
		at := e.Until.Format("15:04:05")
		if e.Cause == okta.WaitTooManyRequests {
			waiting = append(waiting, fmt.Sprintf("waiting after a 429 on %s until %s", b, at))
		} else {
			waiting = append(waiting, fmt.Sprintf("waiting for %s to reset at %s", b, at))
		}
	}
	if len(waiting) > 0 {
		line += "; " + strings.Join(waiting, "; ")
	}
	return line
}

func sortedBuckets(m map[string]okta.WaitEvent) []string {
	out := make([]string, 0, len(m))
	for b := range m {
		out = append(out, b)
	}
	sort.Strings(out)
	return out
}
