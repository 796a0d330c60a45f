package tree

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/oktasync/oktasync/internal/model"
)

// A Stager writes a tree in parts, for a caller that has the objects a few
// at a time (an export whose last kinds wait on rate limits): Add renders
// objects and stages their files at once, and Commit then puts in place
// every owned directory whose content changed, as Write does for the whole
// snapshot. The result is Write's: the same files, the same WriteResult,
// unchanged files keeping their modification time, and the previous tree
// untouched until Commit swaps (and restored if the swap fails). Abort,
// or a failed Add or Commit, leaves the previous tree as it was.
//
// What differs is when the disk is read: an unchanged file is compared with
// the old one, and hard-linked, when it is staged. Commit looks at every
// linked file again and writes the rendered bytes instead if the old file
// was modified since, since a link shares the edited file.
type Stager struct {
	dir, staging string
	reg          *model.Registry
	createdDir   bool
	staged       map[string]*stagedFile // by slash path
	dirs         map[string]bool        // staging directories made
	hooks        writeHooks
	done         bool
}

// stagedFile is one staged file; data and old are kept only for a file
// reused from the old tree.
type stagedFile struct {
	old  os.FileInfo // the old file when it was reused
	data []byte
}

// NewStager starts a write of the tree under dir (created if needed, and
// removed again by Abort if it was created and is still empty).
func NewStager(dir string, reg *model.Registry) (*Stager, error) {
	if reg == nil {
		return nil, errors.New("write tree: no registry")
	}
	_, err := os.Stat(dir)
	created := errors.Is(err, fs.ErrNotExist)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("write tree: %w", err)
	}
	staging, err := os.MkdirTemp(dir, stagingPrefix)
	if err != nil {
		if created {
			os.Remove(dir)
		}
		return nil, fmt.Errorf("write tree: %w", err)
	}
	return &Stager{dir: dir, staging: staging, reg: reg, createdDir: created, staged: map[string]*stagedFile{}, dirs: map[string]bool{}}, nil
}

// Add renders objs and stages their files. An object whose path an earlier
// Add staged is an error.
func (s *Stager) Add(objs []*model.Object) error {
	if s.done {
		return errors.New("write tree: Add after Commit or Abort")
	}
	files, err := renderObjects(s.reg, objs)
	if err != nil {
		return fmt.Errorf("write tree: %w", err)
	}
	paths := make([]string, 0, len(files))
	for f := range files {
		if _, dup := s.staged[f]; dup {
			return fmt.Errorf("write tree: %s is written twice", f)
		}
		paths = append(paths, f)
	}
	sort.Strings(paths)
	// The directories first, each once; then the files, several at a
	// time: most of the time goes to system calls.
	for _, f := range paths {
		d := filepath.Dir(filepath.Join(s.staging, filepath.FromSlash(f)))
		if !s.dirs[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return untouched(err)
			}
			s.dirs[d] = true
		}
	}
	staged := make([]*stagedFile, len(paths))
	errs := make([]error, len(paths))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(stageWorkers, len(paths)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < len(paths); i = int(next.Add(1) - 1) {
				f := paths[i]
				old, err := stageFile(s.dir, s.staging, f, files[f])
				if err == nil && s.hooks.afterStage != nil {
					err = s.hooks.afterStage(f)
				}
				if err != nil {
					errs[i] = err
					continue
				}
				staged[i] = &stagedFile{}
				if old != nil {
					staged[i].old, staged[i].data = old, files[f]
				}
			}
		}()
	}
	wg.Wait()
	for i, f := range paths {
		if errs[i] != nil {
			return untouched(errs[i])
		}
		s.staged[f] = staged[i]
	}
	return nil
}

// stageWorkers is how many files Add stages at once.
const stageWorkers = 4

// Commit puts the staged tree in place: every owned directory whose files
// changed (a file new or with other bytes, or a file gone) is swapped for
// its staged version; the others are not touched. The staging directory is
// removed either way.
func (s *Stager) Commit() (WriteResult, error) {
	if s.done {
		return WriteResult{}, errors.New("write tree: Commit after Commit or Abort")
	}
	s.done = true
	defer os.RemoveAll(s.staging)
	if err := s.recheck(); err != nil {
		return WriteResult{}, untouched(err)
	}
	changes, res, err := s.changes()
	if err != nil {
		return WriteResult{}, fmt.Errorf("write tree: %w", err)
	}
	if len(changes) == 0 {
		return res, nil
	}
	backup, err := swap(s.dir, s.staging, changes, s.hooks.beforeSwap)
	if err != nil {
		return WriteResult{}, err
	}
	if err := os.RemoveAll(backup); err != nil {
		return res, fmt.Errorf("write tree: new tree written, but removing %s failed: %w", backup, err)
	}
	return res, nil
}

// Abort removes what was staged; the tree is as it was.
func (s *Stager) Abort() {
	if s.done {
		return
	}
	s.done = true
	os.RemoveAll(s.staging)
	if s.createdDir {
		os.Remove(s.dir) // only if still empty
	}
}

// recheck replaces each reused file whose old file changed since it was
// staged by the rendered bytes.
func (s *Stager) recheck() error {
	for f, sf := range s.staged {
		if sf.old == nil {
			continue
		}
		rel := filepath.FromSlash(f)
		st, err := os.Stat(filepath.Join(s.dir, rel))
		if err == nil && st.Size() == sf.old.Size() && st.ModTime().Equal(sf.old.ModTime()) && os.SameFile(st, sf.old) {
			continue
		}
		dst := filepath.Join(s.staging, rel)
		if err := os.Remove(dst); err != nil {
			return err
		}
		if err := writeFileSync(dst, sf.data); err != nil {
			return err
		}
		sf.old, sf.data = nil, nil
	}
	return nil
}

// changes is compare for the staged files: per owned directory, the files
// written (not reused), unchanged (reused) and removed (in the old
// directory, not staged).
func (s *Stager) changes() ([]dirChange, WriteResult, error) {
	var res WriteResult
	byDir := map[string][]string{}
	for f := range s.staged {
		d, _, _ := strings.Cut(f, "/")
		byDir[d] = append(byDir[d], f)
	}
	var changes []dirChange
	for _, k := range s.reg.TopLevel() {
		dc := dirChange{dir: k.Name, files: byDir[k.Name]}
		sort.Strings(dc.files)
		changed := false
		for _, f := range dc.files {
			if s.staged[f].old != nil {
				res.Unchanged = append(res.Unchanged, f)
			} else {
				res.Written = append(res.Written, f)
				changed = true
			}
		}
		old, err := listFiles(filepath.Join(s.dir, k.Name))
		if err != nil {
			return nil, WriteResult{}, err
		}
		for _, f := range old {
			f = k.Name + "/" + f
			if _, keep := s.staged[f]; !keep {
				res.Removed = append(res.Removed, f)
				changed = true
			}
		}
		if changed {
			changes = append(changes, dc)
		}
	}
	sort.Strings(res.Written)
	sort.Strings(res.Unchanged)
	sort.Strings(res.Removed)
	return changes, res, nil
}
