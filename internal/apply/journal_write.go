package apply

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"
)

// journal appends records to the file. A nil *journal keeps nothing.
//
// Every write returns only once its line is on disk (written and
// fsynced): a "start" line must be durable before its create is sent, and
// a "step" line before the step counts as settled. An fsync costs
// milliseconds, though (about 5 ms on the benchmark machine's disk), and
// with one per line, taken in turn under a lock, a run's workers would
// queue behind the disk: two lines per create made the journal, not the
// org's rate limits, the ceiling of a large apply. So writes are group
// committed: lines that arrive while an fsync is under way wait together
// and are written and fsynced as one batch by a single flusher goroutine.
// The guarantee per line is unchanged; the file holds the lines in the
// order their writes were accepted.
type journal struct {
	f    *os.File
	path string
	now  func() time.Time

	mu      sync.Mutex
	pending *journalBatch // lines not yet handed to the flusher; nil when none

	wake    chan struct{} // buffered: a batch is pending
	stop    chan struct{} // closed by close
	stopped chan struct{} // closed when the flusher has returned
	once    sync.Once
}

// journalBatch is the lines one fsync makes durable.
type journalBatch struct {
	data []byte
	done chan struct{} // closed once data is written and fsynced (or failed)
	err  error         // set before done is closed
}

func newJournal(f *os.File, path string, now func() time.Time) *journal {
	j := &journal{f: f, path: path, now: now, wake: make(chan struct{}, 1), stop: make(chan struct{}), stopped: make(chan struct{})}
	go j.flusher()
	return j
}

// write appends one record and returns once it is fsynced.
func (j *journal) write(r journalRecord) error {
	if j == nil {
		return nil
	}
	r.Time = j.now().UTC().Format("2006-01-02T15:04:05.000Z07:00")
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	j.mu.Lock()
	b := j.pending
	if b == nil {
		b = &journalBatch{done: make(chan struct{})}
		j.pending = b
	}
	b.data = append(append(b.data, line...), '\n')
	j.mu.Unlock()
	select {
	case j.wake <- struct{}{}:
	default: // the flusher is already told; it takes every pending line
	}
	select {
	case <-b.done:
		return b.err
	case <-j.stopped:
		// The flusher is gone (a write racing close): flush what is
		// pending here, if its last flush did not take this line.
		j.flushPending()
		<-b.done
		return b.err
	}
}

// flusher writes and fsyncs the pending lines, one batch at a time, until
// close.
func (j *journal) flusher() {
	defer close(j.stopped)
	for {
		select {
		case <-j.wake:
			j.flushPending()
		case <-j.stop:
			j.flushPending()
			return
		}
	}
}

func (j *journal) flushPending() {
	j.mu.Lock()
	b := j.pending
	j.pending = nil
	j.mu.Unlock()
	if b == nil {
		return
	}
	if _, err := j.f.Write(b.data); err != nil {
		b.err = fmt.Errorf("journal %s: %w", j.path, err)
	} else if err := j.f.Sync(); err != nil {
		b.err = fmt.Errorf("journal %s: %w", j.path, err)
	}
	close(b.done)
}

// close flushes what is pending, stops the flusher and closes the file.
func (j *journal) close() error {
	if j == nil {
		return nil
	}
	var err error
	j.once.Do(func() {
		close(j.stop)
		<-j.stopped
		err = j.f.Close()
	})
	return err
}
