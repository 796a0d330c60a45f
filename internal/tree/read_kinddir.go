package tree

import (
	"io/fs"
	"runtime"
	"strings"
	"sync"

	"github.com/oktasync/oktasync/internal/model"
)

// heldEntry is an entry of a walk whose directory it keeps open for the
// read of its file until release (walkdir_linux.go): hold it while the
// walk calls for it, and release it once read.
type heldEntry interface {
	hold()
	release()
}

// readKindDir reads every file under a kind's directory into the snapshot.
func (r *treeReader) readKindDir(dir string) {
	// Files are independent: parse them on every core (YAML parsing is
	// most of the cost of reading a large tree), each into its own slot,
	// while the walk goes on finding more, then merge in walk order so
	// the result does not depend on timing.
	type entry struct {
		p        string
		d        fs.DirEntry
		problems []model.Problem
		parsed   *model.Object
	}
	var files []*entry
	var wg sync.WaitGroup
	// Files go to the workers in batches: a hand-over per file kept the
	// scheduler busy waking workers (tens of thousands of futex and
	// nanosleep calls for a large tree).
	const batchSize = 16
	next := make(chan []*entry, 64)
	var batch []*entry
	// More workers than cores: much of reading a file is waiting in
	// syscalls, during which a core would otherwise idle.
	for w := 0; w < 4*runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// One per-file reader per worker, emptied after each file.
			sub := &treeReader{fsys: r.fsys, reg: r.reg, libraryOnly: r.libraryOnly, prev: r.prev}
			for b := range next {
				for _, e := range b {
					sub.readFile(e.p, e.d)
					if h, ok := e.d.(heldEntry); ok {
						h.release()
					}
					e.problems, e.parsed = sub.problems, sub.parsed
					sub.problems, sub.parsed = nil, nil
				}
			}
		}()
	}
	walk := func(root string, fn fs.WalkDirFunc) error { return fs.WalkDir(r.fsys, root, fn) }
	if d, ok := r.fsys.(dirFS); ok {
		walk = d.walkDir
	}
	err := walk(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			r.add(p, 0, model.SeverityError, err.Error(), "check file permissions")
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") && p != dir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if h, ok := d.(heldEntry); ok {
			h.hold()
		}
		e := &entry{p: p, d: d}
		files = append(files, e)
		if batch = append(batch, e); len(batch) == batchSize {
			next <- batch
			batch = nil
		}
		return nil
	})
	if len(batch) > 0 {
		next <- batch
	}
	close(next)
	wg.Wait()
	if err != nil {
		r.add(dir, 0, model.SeverityError, err.Error(), "check file permissions")
	}
	for _, e := range files {
		r.problems = append(r.problems, e.problems...)
		if e.parsed != nil {
			if err := r.snap.Add(e.parsed); err != nil {
				r.add(e.p, 0, model.SeverityError, err.Error(), "")
			}
		}
	}
}
