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
	"github.com/schollz/progressbar/v3"
)

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

// exportProgress shows, on a terminal, objects read per kind and the
// rate-limit waits. It implements export.Observer and okta.Observer.
type exportProgress struct {
	mu     sync.Mutex
	bar    *progressbar.ProgressBar
	counts map[string]int
	active map[string]bool
	waits  int
	bucket string // the bucket of the latest wait
}

func newExportProgress(w io.Writer) *exportProgress {
	if !isTerminal(w) {
		return nil
	}
	return &exportProgress{
		counts: map[string]int{}, active: map[string]bool{},
		bar: progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSpinnerType(14),
			progressbar.OptionSetItsString("objects"),
			progressbar.OptionShowCount(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		),
	}
}

func (p *exportProgress) KindStarted(kind string) {
	p.mu.Lock()
	p.active[kind] = true
	p.describe()
	p.mu.Unlock()
}

func (p *exportProgress) Objects(kind string, n int) {
	p.mu.Lock()
	p.counts[kind] += n
	p.describe()
	p.mu.Unlock()
	_ = p.bar.Add(n)
}

func (p *exportProgress) KindDone(kind string, _ int) {
	p.mu.Lock()
	delete(p.active, kind)
	p.describe()
	p.mu.Unlock()
}

func (p *exportProgress) OnWait(bucket string, d time.Duration) {
	p.mu.Lock()
	p.waits++
	p.bucket = bucket
	p.describe()
	p.mu.Unlock()
}

// describe must be called with p.mu held.
func (p *exportProgress) describe() {
	var kinds []string
	for k := range p.active {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, p.counts[k]))
	}
	sort.Strings(kinds)
	desc := "reading " + strings.Join(kinds, ", ")
	if p.waits > 0 {
		// Concurrent requests wait together, so summed wait time would
		// exceed the elapsed time; the count and the bucket say more.
		desc += fmt.Sprintf(" · rate-limit waits %d (latest: %s)", p.waits, p.bucket)
	}
	p.bar.Describe(desc)
}

func (p *exportProgress) finish() { _ = p.bar.Finish() }

// applyProgress shows, on a terminal, steps done out of the total.
type applyProgress struct {
	bar *progressbar.ProgressBar
}

func newApplyProgress(w io.Writer, total int) *applyProgress {
	if !isTerminal(w) || total == 0 {
		return nil
	}
	return &applyProgress{bar: progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("applying"),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)}
}

func (p *applyProgress) step(done, total int, r apply.StepResult) { _ = p.bar.Set(done) }

func (p *applyProgress) finish() { _ = p.bar.Finish() }
