package tree

import (
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
)

// walkDir is fs.WalkDir(d, root, fn), with each directory read by
// open/getdents/close system calls: os.Open makes a directory ready for
// the runtime's poller (several fcntl calls and a failed epoll_ctl), which
// for a tree of thousands of small directories (an app's children) costs
// more than reading them. Entries come in the same (lexical) order, with
// the same types (Lstat for a file system that does not give one), and the
// same errors reach fn.
//
// A directory below root is opened relative to its parent's descriptor
// (openat), one path component for the kernel to resolve instead of the
// whole path, and a file entry carries its directory's descriptor
// (dirHandle) so that it can be read the same way (readLimited); a caller
// that reads a file after fn returns must hold the entry first (see
// dirent.hold).
func (d dirFS) walkDir(root string, fn fs.WalkDirFunc) error {
	info, err := fs.Stat(d, root)
	if err != nil {
		err = fn(root, nil, err)
	} else {
		err = d.walk(root, fs.FileInfoToDirEntry(info), nil, fn)
	}
	if errors.Is(err, fs.SkipDir) || errors.Is(err, fs.SkipAll) {
		return nil
	}
	return err
}

// walk is fs.WalkDir's walk; parent is the directory holding name (nil
// for the root, which is opened by its full path).
func (d dirFS) walk(name string, de fs.DirEntry, parent *dirHandle, fn fs.WalkDirFunc) error {
	if err := fn(name, de, nil); err != nil || !de.IsDir() {
		if errors.Is(err, fs.SkipDir) && de.IsDir() {
			err = nil
		}
		return err
	}
	entries, h, err := d.readDir(name, de.Name(), parent)
	if err != nil {
		// As fs.WalkDir: a second call for the directory, with the error.
		if err = fn(name, de, err); err != nil {
			if errors.Is(err, fs.SkipDir) && de.IsDir() {
				err = nil
			}
			return err
		}
	}
	if h != nil {
		// The walk's own hold, for opening subdirectories; each file
		// handed to a reader holds it too (dirent.hold).
		defer h.release()
	}
	prefix := name + "/"
	if name == "." {
		prefix = ""
	}
	for _, e := range entries {
		if err := d.walk(prefix+e.name, e, h, fn); err != nil {
			if errors.Is(err, fs.SkipDir) {
				break
			}
			return err
		}
	}
	return nil
}

// dirHandle is an open directory of a walk, closed when the last of its
// holders (the walk, readers of its files) releases it.
type dirHandle struct {
	fd   int
	refs atomic.Int32
	// local: a short read of a small regular file here is its end
	// (shortReadIsEOF).
	local bool
	// lend: the directory's files may hold it (dirent.hold); not when
	// too many directories are open already (heldDirs).
	lend bool
}

// heldDirs counts the directories held open for their files' readers.
// Readers take a batch of files at a time and the walk runs ahead of them,
// so more than a thousand directories can have unread files; past
// maxHeldDirs a directory's files are opened by their full path instead
// (and its descriptor is closed once its entries are walked), so that a
// low limit on open files does not turn into errors.
var heldDirs atomic.Int32

var maxHeldDirs = func() int32 {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return 0
	}
	// Half the limit, less a margin, for the rest of the process.
	return int32(max(0, min(int64(rl.Cur)/2-64, 4096)))
}()

func (h *dirHandle) release() {
	if h.refs.Add(-1) == 0 {
		syscall.Close(h.fd)
		if h.lend {
			heldDirs.Add(-1)
		}
	}
}

// direntBufs are the buffers directories are read into.
var direntBufs = sync.Pool{New: func() any { b := make([]byte, 16<<10); return &b }}

// openDir opens the directory full, or base relative to parent when there
// is one.
func openDir(full, base string, parent *dirHandle) (int, error) {
	for {
		var fd int
		var err error
		if parent != nil {
			fd, err = syscall.Openat(parent.fd, base, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		} else {
			fd, err = syscall.Open(full, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		}
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// readDir returns the entries of the directory name (base in parent),
// sorted by name, and the directory, open and held once by the caller; or
// the error that stopped reading them (and no directory).
func (d dirFS) readDir(name, base string, parent *dirHandle) ([]*dirent, *dirHandle, error) {
	full := filepath.Join(d.dir, filepath.FromSlash(name))
	fd, err := openDir(full, base, parent)
	if err != nil {
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	bp := direntBufs.Get().(*[]byte)
	defer direntBufs.Put(bp)
	buf := *bp
	var recs direntRecords
	for {
		n, err := syscall.Getdents(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			// As os.DirFS: nothing of a directory that failed.
			return nil, nil, &fs.PathError{Op: "readdirent", Path: name, Err: err}
		}
		if n <= 0 {
			break
		}
		recs.parse(buf[:n])
	}
	h := &dirHandle{fd: fd}
	h.refs.Store(1)
	out := recs.entries(full)
	if hasFile(out) {
		if heldDirs.Add(1) <= maxHeldDirs {
			h.lend = true
			h.local = shortReadIsEOF(fd)
			for _, e := range out {
				e.h = h
			}
		} else {
			heldDirs.Add(-1)
		}
	}
	return out, h, nil
}

func hasFile(es []*dirent) bool {
	for _, e := range es {
		if !e.typ.IsDir() {
			return true
		}
	}
	return false
}

// direntRecords are a directory's entries as getdents gives them: names
// (all in one), where each ends, and types.
type direntRecords struct {
	names []byte
	ends  []int
	types []byte
}

// parse parses linux_dirent64 records: inode (8 bytes), offset (8),
// record length (2), type (1), then the NUL-terminated name.
func (r *direntRecords) parse(buf []byte) {
	for len(buf) >= 19 {
		reclen := int(binary.NativeEndian.Uint16(buf[16:18]))
		if reclen < 19 || reclen > len(buf) {
			break
		}
		rec := buf[:reclen]
		buf = buf[reclen:]
		nameBytes := rec[19:]
		for i, c := range nameBytes {
			if c == 0 {
				nameBytes = nameBytes[:i]
				break
			}
		}
		if string(nameBytes) == "." || string(nameBytes) == ".." {
			continue
		}
		r.names = append(r.names, nameBytes...)
		r.ends = append(r.ends, len(r.names))
		r.types = append(r.types, rec[18])
	}
}

// entries are the records as entries sorted by name, all in one
// allocation, with one string for all names; dir is the directory's path.
func (r *direntRecords) entries(dir string) []*dirent {
	names, ends, types := r.names, r.ends, r.types
	all := string(names)
	es := make([]dirent, 0, len(ends))
	start := 0
	for i, end := range ends {
		e := dirent{name: all[start:end], dir: dir}
		start = end
		switch types[i] {
		case syscall.DT_DIR:
			e.typ = fs.ModeDir
		case syscall.DT_REG:
			e.typ = 0
		case syscall.DT_LNK:
			e.typ = fs.ModeSymlink
		case syscall.DT_FIFO:
			e.typ = fs.ModeNamedPipe
		case syscall.DT_SOCK:
			e.typ = fs.ModeSocket
		case syscall.DT_CHR:
			e.typ = fs.ModeDevice | fs.ModeCharDevice
		case syscall.DT_BLK:
			e.typ = fs.ModeDevice
		default:
			// No type from the file system: as os.ReadDir, ask Lstat;
			// an entry gone meanwhile is left out.
			fi, err := os.Lstat(filepath.Join(dir, e.name))
			if err != nil {
				continue
			}
			e.typ = fi.Mode().Type()
		}
		es = append(es, e)
	}
	out := make([]*dirent, len(es))
	for i := range es {
		out[i] = &es[i]
	}
	slices.SortFunc(out, func(a, b *dirent) int { return strings.Compare(a.name, b.name) })
	return out
}

// dirent is a directory entry read by readDir.
type dirent struct {
	name string
	typ  fs.FileMode
	// dir is the directory's path on disk, for Info.
	dir string
	// h is the open directory, for reading the file relative to it; nil
	// when it is not lent to its files.
	h *dirHandle
}

func (e *dirent) Name() string               { return e.name }
func (e *dirent) IsDir() bool                { return e.typ.IsDir() }
func (e *dirent) Type() fs.FileMode          { return e.typ }
func (e *dirent) Info() (fs.FileInfo, error) { return os.Lstat(filepath.Join(e.dir, e.name)) }
func (e *dirent) String() string             { return fs.FormatDirEntry(e) }

// hold keeps the entry's directory open for a read of the file after the
// walk has called fn for it (readLimited), until release. It must be
// called during that call of fn, while the walk still holds the directory.
func (e *dirent) hold() {
	if e.h != nil {
		e.h.refs.Add(1)
	}
}

func (e *dirent) release() {
	if e.h != nil {
		e.h.release()
	}
}
