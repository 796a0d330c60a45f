package tree

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// heldEntries walks root of d as readKindDir does, holding every file's
// entry; the caller releases them.
func heldEntries(t *testing.T, d dirFS, root string) map[string]fs.DirEntry {
	t.Helper()
	got := map[string]fs.DirEntry{}
	err := d.walkDir(root, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if !de.IsDir() {
			de.(heldEntry).hold()
			got[p] = de
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestReadLimitedRelative: a file read relative to its directory's
// descriptor, as the walk left it, gives what reading its full path gives
// (os.DirFS, up to the limit), bytes or error, for sizes around the
// buffer, the page and the limit, and for files changed after the walk
// (removed, emptied, grown, made a directory or a link).
func TestReadLimitedRelative(t *testing.T) {
	const limit = MaxFileSize + 1
	tests := []struct {
		name string
		size int
		// after changes the file (full path) once the walk has seen it.
		after func(full string) error
	}{
		{name: "empty", size: 0},
		{name: "one byte", size: 1},
		{name: "a page less one", size: pageSize - 1},
		{name: "a page", size: pageSize},
		{name: "a page and one", size: pageSize + 1},
		{name: "the buffer", size: 32 << 10},
		{name: "the buffer and one", size: 32<<10 + 1},
		{name: "the limit", size: MaxFileSize},
		{name: "the limit and one", size: MaxFileSize + 1},
		{name: "over the limit", size: MaxFileSize + 5000},
		{name: "removed after the walk", size: 10, after: os.Remove},
		{name: "emptied after the walk", size: 10, after: func(f string) error { return os.Truncate(f, 0) }},
		{name: "grown after the walk", size: 10, after: func(f string) error { return os.WriteFile(f, make([]byte, 40<<10), 0o644) }},
		{name: "a directory after the walk", size: 10, after: func(f string) error {
			if err := os.Remove(f); err != nil {
				return err
			}
			return os.Mkdir(f, 0o755)
		}},
		{name: "a link after the walk", size: 10, after: func(f string) error {
			if err := os.Remove(f); err != nil {
				return err
			}
			return os.Symlink("/nowhere/at/all", f)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			full := filepath.Join(dir, "groups", "sub", "f.yaml")
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			data := []byte(strings.Repeat("abcdefg\n", tt.size/8+1)[:tt.size])
			if err := os.WriteFile(full, data, 0o644); err != nil {
				t.Fatal(err)
			}
			d := dirFS{os.DirFS(dir), dir}
			held := heldEntries(t, d, "groups")
			de := held["groups/sub/f.yaml"]
			defer de.(heldEntry).release()
			e := de.(*dirent)
			if e.h == nil {
				t.Fatalf("the entry holds no directory: %+v", e)
			}
			if !e.h.local {
				t.Logf("%s is not a known local file system: only reads to 0 are tested", dir)
			}
			if tt.after != nil {
				if err := tt.after(full); err != nil {
					t.Fatal(err)
				}
			}
			want, wantErr := readFullPath(d, "groups/sub/f.yaml", limit)
			// Once as the file system is, once as one where a short
			// read proves nothing.
			for _, local := range []bool{e.h.local, false} {
				e.h.local = local
				got, bp, gotErr := d.readLimited("groups/sub/f.yaml", de, limit)
				if errText(gotErr) != errText(wantErr) {
					t.Fatalf("local %v: error %q, by full path %q", local, errText(gotErr), errText(wantErr))
				}
				if len(got) != len(want) || string(got) != string(want) {
					t.Fatalf("local %v: read %d bytes, by full path %d", local, len(got), len(want))
				}
				putReadBuf(bp)
			}
		})
	}
}

// readFullPath is readLimited as it was: the file's full path opened, read
// until a read returns 0 (by os.File), with the same errors.
func readFullPath(d dirFS, p string, limit int) ([]byte, error) {
	f, err := os.Open(filepath.Join(d.dir, p))
	if err != nil {
		var pe *fs.PathError
		if !errors.As(err, &pe) {
			return nil, err
		}
		return nil, &fs.PathError{Op: "open", Path: p, Err: pe.Err}
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, int64(limit)))
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestReadRelativeMatchesFS: Read (directories and files opened relative
// to their parent) finds what ReadFS through os.DirFS finds, problems and
// objects, in trees with links, stray and odd files, hidden directories,
// and with no directory lent to its files (too many open already); and it
// leaves no descriptor open.
func TestReadRelativeMatchesFS(t *testing.T) {
	group := func(name string, pad int) string {
		return "kind: groups\nname: " + name + "\nbody:\n  profile:\n    description: " + strings.Repeat("d", pad) + "\n    name: " + name + "\n"
	}
	base := map[string]string{
		"groups/a.yaml":             group("a", 10),
		"groups/page.yaml":          group("page", pageSize-len(group("page", 0))),
		"groups/empty.yaml":         "",
		"groups/big.yaml":           group("big", MaxFileSize),
		"groups/stray.txt":          "x",
		"groups/.hidden/x.yaml":     group("x", 1),
		"groups/nested/deep/y.yaml": group("y", 1),
		"groups/emoji.yaml":         group("emoji", 1) + "# \U0001F600\n",
	}
	tests := []struct {
		name string
		// setup changes the tree written from base.
		setup func(t *testing.T, dir string)
		// held is maxHeldDirs for the test (-1: as it is).
		held int32
	}{
		{name: "plain", held: -1},
		{name: "links", held: -1, setup: func(t *testing.T, dir string) {
			must(t, os.Symlink(filepath.Join(dir, "groups/nested"), filepath.Join(dir, "groups/dirlink")))
			must(t, os.Symlink("a.yaml", filepath.Join(dir, "groups/link.yaml")))
		}},
		{name: "unreadable file and directory", held: -1, setup: func(t *testing.T, dir string) {
			// Root reads them all the same; the two reads must agree.
			must(t, os.Chmod(filepath.Join(dir, "groups/a.yaml"), 0))
			must(t, os.Chmod(filepath.Join(dir, "groups/nested/deep"), 0))
		}},
		{name: "fifo", held: -1, setup: func(t *testing.T, dir string) {
			must(t, syscall.Mkfifo(filepath.Join(dir, "groups/pipe.yaml"), 0o644))
		}},
		{name: "no directory lent", held: 0},
	}
	reg := testRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, base)
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			t.Cleanup(func() { _ = os.Chmod(filepath.Join(dir, "groups/nested/deep"), 0o755) })
			if tt.held >= 0 {
				old := maxHeldDirs
				maxHeldDirs = tt.held
				defer func() { maxHeldDirs = old }()
			}
			fds := openFDs(t)
			got, gotProblems := Read(dir, reg)
			if after := openFDs(t); after != fds {
				t.Errorf("%d descriptors open after Read, %d before", after, fds)
			}
			if n := heldDirs.Load(); n != 0 {
				t.Errorf("%d directories still counted as held", n)
			}
			sameAsDirFS(t, reg, dir, got, gotProblems)
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func openFDs(t *testing.T) int {
	t.Helper()
	es, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	return len(es)
}

// TestShortReadIsEOFOnlyLocal: file systems whose short reads prove
// nothing (proc, sysfs: a read there returns what one call produced) are
// not taken for local ones, nor is a descriptor that is not open.
func TestShortReadIsEOFOnlyLocal(t *testing.T) {
	for _, dir := range []string{"/proc", "/sys"} {
		fd, err := syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		if err != nil {
			t.Logf("%s: %v", dir, err)
			continue
		}
		if shortReadIsEOF(fd) {
			t.Errorf("%s taken for a local file system", dir)
		}
		syscall.Close(fd)
	}
	if shortReadIsEOF(-1) {
		t.Error("a closed descriptor taken for a local file system")
	}
}
