package tree

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/oktasync/oktasync/internal/model"
)

// WriteResult lists what Write did, by file path relative to the tree
// root, each list sorted.
type WriteResult struct {
	// Written are files created or whose bytes changed.
	Written []string
	// Unchanged are files whose bytes were already right; they keep their
	// modification time.
	Unchanged []string
	// Removed are files that were in an owned directory and are gone now:
	// objects that vanished, and stray files.
	Removed []string
}

// writeHooks lets tests inject failures; production passes none.
type writeHooks struct {
	afterStage func(file string) error // after each file is staged
	beforeSwap func(kindDir string) error
}

// Write writes the snapshot as a tree under dir (created if needed).
//
// The tree owns the top-level directories named after the registry's
// top-level kinds; after Write each holds exactly the snapshot's files of
// that kind (and its children). Everything else in dir (README.md, .git,
// okta.yaml, vars/, any other file or directory) is left untouched.
//
// The write is atomic per kind directory and all-or-nothing in practice:
// every file is first rendered in memory, then every changed kind directory
// is built complete in a staging directory inside dir, and only then swapped
// in by renames; if any step fails, the renames done so far are undone and
// the previous tree is left as it was. (A crash during the few renames can
// leave a mix; the previous directories then remain under
// ".oktasync-old-*", which ReadFS reports.) Files whose bytes are unchanged
// are hard-linked (or copied with their times) from the old tree, so they
// keep their modification time; a kind directory with no change at all is
// not touched.
func Write(dir string, s *model.Snapshot) (WriteResult, error) {
	return write(dir, s, writeHooks{})
}

// write runs the four stages of Write, each a function of its own: render
// (memory only), compare (reads the disk), stage (writes only inside a new
// staging directory) and swap (the renames, undone on failure).
func write(dir string, s *model.Snapshot, hooks writeHooks) (WriteResult, error) {
	reg := s.Registry()
	if reg == nil {
		return WriteResult{}, errors.New("write tree: the snapshot has no registry")
	}
	// Render everything first: a bad value fails before the disk is touched.
	files, err := render(s)
	if err != nil {
		return WriteResult{}, fmt.Errorf("write tree: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return WriteResult{}, fmt.Errorf("write tree: %w", err)
	}
	changes, res, err := compare(dir, reg.TopLevel(), files)
	if err != nil {
		return WriteResult{}, fmt.Errorf("write tree: %w", err)
	}
	if len(changes) == 0 {
		return res, nil
	}
	// Before the swap, a failure leaves the previous tree as it was.
	staging, err := stage(dir, changes, files, hooks.afterStage)
	if err != nil {
		return WriteResult{}, untouched(err)
	}
	defer os.RemoveAll(staging)
	backup, err := swap(dir, staging, changes, hooks.beforeSwap)
	if err != nil {
		return WriteResult{}, err
	}
	if err := os.RemoveAll(backup); err != nil {
		return res, fmt.Errorf("write tree: new tree written, but removing %s failed: %w", backup, err)
	}
	return res, nil
}

// untouched wraps an error of a stage that leaves the previous tree as it
// was.
func untouched(err error) error {
	return fmt.Errorf("write tree: %w (the previous tree is unchanged)", err)
}

// render encodes every object of the snapshot, keyed by its file's slash
// path. It touches no disk. Encoding is pure CPU and objects are encoded
// independently, so it runs on every processor: it is most of the time an
// export spends after its last request. The error is the first object's
// in snapshot order, as if encoded one by one.
func render(s *model.Snapshot) (map[string][]byte, error) {
	return renderObjects(s.Registry(), s.Objects())
}

// renderObjects is render for a list of objects.
func renderObjects(reg *model.Registry, objs []*model.Object) (map[string][]byte, error) {
	data := make([][]byte, len(objs))
	errs := make([]error, len(objs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(objs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < len(objs); i = int(next.Add(1) - 1) {
				o := objs[i]
				k, ok := reg.Kind(o.Kind)
				if !ok {
					errs[i] = fmt.Errorf("%s: unknown kind %q", o.Path, o.Kind)
					continue
				}
				data[i], errs[i] = Encode(o, k)
			}
		}()
	}
	wg.Wait()
	files := make(map[string][]byte, len(objs))
	for i, o := range objs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		files[o.Path+".yaml"] = data[i]
	}
	return files, nil
}

// dirChange is one owned top-level directory whose content changes.
type dirChange struct {
	// dir is the kind's directory, e.g. "groups".
	dir string
	// files are the rendered files under dir, sorted; none means that the
	// directory goes.
	files []string
}

// compare holds the rendered files against what is under dir, one owned
// directory (a top-level kind, in the order given) at a time. A directory
// changes when one of its files is new or has other bytes, or when it holds
// a file that is not rendered (an object that vanished, a stray file). It
// reads the disk and writes nothing.
func compare(dir string, top []*model.Kind, files map[string][]byte) ([]dirChange, WriteResult, error) {
	var res WriteResult
	byDir := map[string][]string{}
	for f := range files {
		d, _, _ := strings.Cut(f, "/")
		byDir[d] = append(byDir[d], f)
	}
	var changes []dirChange
	for _, k := range top {
		dc := dirChange{dir: k.Name, files: byDir[k.Name]}
		sort.Strings(dc.files)
		changed := false
		for _, f := range dc.files {
			prev, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
			if err == nil && bytes.Equal(prev, files[f]) {
				res.Unchanged = append(res.Unchanged, f)
			} else {
				res.Written = append(res.Written, f)
				changed = true
			}
		}
		old, err := listFiles(filepath.Join(dir, k.Name))
		if err != nil {
			return nil, WriteResult{}, err
		}
		for _, f := range old {
			f = k.Name + "/" + f
			if _, keep := files[f]; !keep {
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

// listFiles returns every non-directory under root, relative, with forward
// slashes; a missing root has none.
func listFiles(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == root {
				return filepath.SkipAll
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	return out, err
}
