package apply

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestJournalGroupCommit: lines written at the same time by many workers
// (which share fsyncs) all reach the file, each writer's in its order, and
// each is in the file by the time its write returns.
func TestJournalGroupCommit(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "journal")
	j, err := openJournal(path, "sha256:aaa", 0, false, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	const writers, lines = 16, 40
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range lines {
				step := fmt.Sprintf("w%02d/%03d", w, i)
				if err := j.write(journalRecord{Type: recordStart, Step: step}); err != nil {
					errs <- err
					return
				}
				// Written means in the file, not in a buffer of ours.
				if !strings.Contains(readString(t, path), `"step":"`+step+`"`) {
					errs <- fmt.Errorf("%s is not in the file after its write returned", step)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := j.close(); err != nil {
		t.Fatal(err)
	}
	next := map[string]int{}
	got := strings.Split(strings.TrimSpace(readString(t, path)), "\n")
	if len(got) != 1+writers*lines {
		t.Fatalf("%d lines, want %d", len(got), 1+writers*lines)
	}
	for _, l := range got[1:] {
		var r journalRecord
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		w, i, _ := strings.Cut(r.Step, "/")
		if want := fmt.Sprintf("%03d", next[w]); i != want {
			t.Errorf("writer %s: line %s, want %s (out of order)", w, i, want)
		}
		next[w]++
	}
}

// TestJournalCloseTwice: close is idempotent, and a nil journal keeps
// nothing.
func TestJournalCloseTwice(t *testing.T) {
	t.Parallel()
	j, err := openJournal(filepath.Join(t.TempDir(), "journal"), "sha256:aaa", 1, false, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.close(); err != nil {
		t.Fatal(err)
	}
	if err := j.close(); err != nil {
		t.Errorf("second close: %v", err)
	}
	var none *journal
	if err := none.write(journalRecord{Type: recordStart}); err != nil || none.close() != nil {
		t.Error("a nil journal is not a no-op")
	}
}

// BenchmarkJournalWrite is 16 workers journaling at once, as a run's
// workers do: `go test -bench JournalWrite ./internal/apply`.
func BenchmarkJournalWrite(b *testing.B) {
	j, err := openJournal(filepath.Join(b.TempDir(), "journal"), "sha256:aaa", 0, false, time.Now)
	if err != nil {
		b.Fatal(err)
	}
	defer j.close()
	b.SetParallelism(16)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := j.write(journalRecord{Type: recordStart, Step: "groups/a:create"}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
