package tree

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// swap puts the staged directories in place, in the order of changes: each
// old directory is renamed into a new backup directory inside dir, then its
// staged version (if it has files) is renamed into place. beforeSwap (tests
// only; may be nil) runs before each directory. If a step fails, the swaps
// done so far are undone in reverse and the backup is removed, so dir is as
// it was; the error says whether that worked. On success it returns the
// backup directory, holding the previous directories, for the caller to
// remove.
func swap(dir, staging string, changes []dirChange, beforeSwap func(kindDir string) error) (string, error) {
	backup, err := os.MkdirTemp(dir, backupPrefix)
	if err != nil {
		return "", untouched(err)
	}
	var done []swapped
	for _, dc := range changes {
		sw, err := swapDir(dir, staging, backup, dc, beforeSwap)
		done = append(done, sw)
		if err != nil {
			if rerr := rollback(dir, backup, done); rerr != nil {
				return "", fmt.Errorf("write tree: %w; and restoring the previous tree failed (it is under %s): %w", err, backup, rerr)
			}
			return "", untouched(err)
		}
	}
	return backup, nil
}

// swapped records what swapDir did to one directory, for rollback.
type swapped struct {
	dir       string
	hadOld    bool // the old directory was moved into the backup
	movedInto bool // the staged directory was moved into place
}

func swapDir(dir, staging, backup string, dc dirChange, beforeSwap func(string) error) (swapped, error) {
	sw := swapped{dir: dc.dir}
	target := filepath.Join(dir, dc.dir)
	if beforeSwap != nil {
		if err := beforeSwap(dc.dir); err != nil {
			return sw, err
		}
	}
	if _, err := os.Lstat(target); err == nil {
		if err := os.Rename(target, filepath.Join(backup, dc.dir)); err != nil {
			return sw, err
		}
		sw.hadOld = true
	} else if !errors.Is(err, fs.ErrNotExist) {
		return sw, err
	}
	if len(dc.files) > 0 {
		if err := os.Rename(filepath.Join(staging, dc.dir), target); err != nil {
			return sw, err
		}
		sw.movedInto = true
	}
	return sw, nil
}

// rollback undoes done in reverse: a staged directory moved in is removed
// and the old one moved back. The backup directory is removed only when
// everything was restored; otherwise it still holds what was not.
func rollback(dir, backup string, done []swapped) error {
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
