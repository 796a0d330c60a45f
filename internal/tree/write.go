package tree

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

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
	return writeTree(dir, s, writeHooks{})
}

func writeTree(dir string, s *model.Snapshot, hooks writeHooks) (WriteResult, error) {
	var res WriteResult
	if s.Registry() == nil {
		return res, errors.New("write tree: the snapshot has no registry")
	}
	// Render everything first: a bad value fails before the disk is touched.
	files := map[string][]byte{} // slash path -> bytes
	for _, o := range s.Objects() {
		k, ok := s.Registry().Kind(o.Kind)
		if !ok {
			return res, fmt.Errorf("write tree: %s: unknown kind %q", o.Path, o.Kind)
		}
		data, err := Encode(o, k)
		if err != nil {
			return res, fmt.Errorf("write tree: %w", err)
		}
		files[o.Path+".yaml"] = data
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return res, fmt.Errorf("write tree: %w", err)
	}

	type kindPlan struct {
		dir     string
		newer   []string // files under this dir in the snapshot
		changed bool
	}
	var plans []*kindPlan
	for _, k := range s.Registry().TopLevel() {
		kp := &kindPlan{dir: k.Name}
		for f := range files {
			if strings.HasPrefix(f, k.Name+"/") {
				kp.newer = append(kp.newer, f)
			}
		}
		sort.Strings(kp.newer)
		old, err := listFiles(filepath.Join(dir, k.Name))
		if err != nil {
			return res, fmt.Errorf("write tree: %w", err)
		}
		for _, f := range kp.newer {
			prev, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
			if err == nil && bytes.Equal(prev, files[f]) {
				res.Unchanged = append(res.Unchanged, f)
			} else {
				res.Written = append(res.Written, f)
				kp.changed = true
			}
		}
		for _, f := range old {
			f = k.Name + "/" + f
			if _, keep := files[f]; !keep {
				res.Removed = append(res.Removed, f)
				kp.changed = true
			}
		}
		if kp.changed {
			plans = append(plans, kp)
		}
	}
	sort.Strings(res.Written)
	sort.Strings(res.Unchanged)
	sort.Strings(res.Removed)
	if len(plans) == 0 {
		return res, nil
	}

	// Before the swap, a failure leaves the previous tree as it was.
	untouched := func(err error) error { return fmt.Errorf("write tree: %w (the previous tree is unchanged)", err) }
	staging, err := os.MkdirTemp(dir, stagingPrefix)
	if err != nil {
		return WriteResult{}, untouched(err)
	}
	defer os.RemoveAll(staging)
	for _, kp := range plans {
		if err := os.MkdirAll(filepath.Join(staging, kp.dir), 0o755); err != nil {
			return WriteResult{}, untouched(err)
		}
		for _, f := range kp.newer {
			if err := stageFile(dir, staging, f, files[f]); err != nil {
				return WriteResult{}, untouched(err)
			}
			if hooks.afterStage != nil {
				if err := hooks.afterStage(f); err != nil {
					return WriteResult{}, untouched(err)
				}
			}
		}
	}

	backup, err := os.MkdirTemp(dir, backupPrefix)
	if err != nil {
		return WriteResult{}, untouched(err)
	}
	type swapped struct {
		dir       string
		hadOld    bool
		movedInto bool
	}
	var done []swapped
	rollback := func() error {
		var errs []error
		for i := len(done) - 1; i >= 0; i-- {
			sw := done[i]
			target := filepath.Join(dir, sw.dir)
			if sw.movedInto {
				if err := os.RemoveAll(target); err != nil {
					errs = append(errs, err)
				}
			}
			if sw.hadOld {
				if err := os.Rename(filepath.Join(backup, sw.dir), target); err != nil {
					errs = append(errs, err)
				}
			}
		}
		if len(errs) == 0 {
			os.RemoveAll(backup)
		}
		return errors.Join(errs...)
	}
	for _, kp := range plans {
		sw := swapped{dir: kp.dir}
		target := filepath.Join(dir, kp.dir)
		err := func() error {
			if hooks.beforeSwap != nil {
				if err := hooks.beforeSwap(kp.dir); err != nil {
					return err
				}
			}
			if _, err := os.Lstat(target); err == nil {
				if err := os.Rename(target, filepath.Join(backup, kp.dir)); err != nil {
					return err
				}
				sw.hadOld = true
			} else if !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			if len(kp.newer) > 0 {
				if err := os.Rename(filepath.Join(staging, kp.dir), target); err != nil {
					return err
				}
				sw.movedInto = true
			}
			return nil
		}()
		done = append(done, sw)
		if err != nil {
			if rerr := rollback(); rerr != nil {
				return WriteResult{}, fmt.Errorf("write tree: %w; and restoring the previous tree failed (it is under %s): %v", err, backup, rerr)
			}
			return WriteResult{}, fmt.Errorf("write tree: %w (the previous tree is unchanged)", err)
		}
	}
	if err := os.RemoveAll(backup); err != nil {
		return res, fmt.Errorf("write tree: new tree written, but removing %s failed: %w", backup, err)
	}
	return res, nil
}

// stageFile writes f into the staging tree, reusing the old file (hard link,
// or copy with times) when its bytes are unchanged so that its modification
// time is preserved.
func stageFile(dir, staging, f string, data []byte) error {
	rel := filepath.FromSlash(f)
	dst := filepath.Join(staging, rel)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	src := filepath.Join(dir, rel)
	if prev, err := os.ReadFile(src); err == nil && bytes.Equal(prev, data) {
		if err := os.Link(src, dst); err == nil {
			return nil
		}
		st, err := os.Stat(src)
		if err != nil {
			return err
		}
		if err := writeFileSync(dst, data); err != nil {
			return err
		}
		return os.Chtimes(dst, st.ModTime(), st.ModTime())
	}
	return writeFileSync(dst, data)
}

// writeFileSync writes a staged file. It does not fsync: the swap protects
// against failures of this process, and syncing every file of a large tree
// costs more than it buys for a tree that is also in git.
func writeFileSync(p string, data []byte) error { return os.WriteFile(p, data, 0o644) }

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
