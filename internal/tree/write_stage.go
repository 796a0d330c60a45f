package tree

import (
	"bytes"
	"os"
	"path/filepath"
)

// stage builds every changed directory complete in a new staging directory
// inside dir: on the same file system, so that swap is a rename. afterStage
// (tests only; may be nil) runs after each file. On failure the staging
// directory is removed and dir is as it was; on success the caller removes
// it once the swap is done.
func stage(dir string, changes []dirChange, files map[string][]byte, afterStage func(file string) error) (string, error) {
	staging, err := os.MkdirTemp(dir, stagingPrefix)
	if err != nil {
		return "", err
	}
	if err := stageDirs(dir, staging, changes, files, afterStage); err != nil {
		os.RemoveAll(staging)
		return "", err
	}
	return staging, nil
}

func stageDirs(dir, staging string, changes []dirChange, files map[string][]byte, afterStage func(string) error) error {
	for _, dc := range changes {
		if err := os.MkdirAll(filepath.Join(staging, dc.dir), 0o755); err != nil {
			return err
		}
		for _, f := range dc.files {
			if _, err := stageFile(dir, staging, f, files[f]); err != nil {
				return err
			}
			if afterStage != nil {
				if err := afterStage(f); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// stageFile writes f into the staging tree, reusing the old file (hard link,
// or copy with times) when its bytes are unchanged so that its modification
// time is preserved. The bytes are compared again here rather than trusted
// from compare: a file edited in between must not be linked in. It returns
// the old file's information when it reused it, nil when it wrote data.
func stageFile(dir, staging, f string, data []byte) (os.FileInfo, error) {
	rel := filepath.FromSlash(f)
	dst := filepath.Join(staging, rel)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return nil, err
	}
	src := filepath.Join(dir, rel)
	if prev, err := os.ReadFile(src); err == nil && bytes.Equal(prev, data) {
		st, err := os.Stat(src)
		if err != nil {
			return nil, err
		}
		if err := os.Link(src, dst); err == nil {
			return st, nil
		}
		if err := writeFileSync(dst, data); err != nil {
			return nil, err
		}
		return st, os.Chtimes(dst, st.ModTime(), st.ModTime())
	}
	return nil, writeFileSync(dst, data)
}

// writeFileSync writes a staged file. It does not fsync: the swap protects
// against failures of this process, and syncing every file of a large tree
// costs more than it buys for a tree that is also in git.
func writeFileSync(p string, data []byte) error { return os.WriteFile(p, data, 0o644) }
