package tree

import (
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"sync"
	"syscall"
)

// walkDir is fs.WalkDir(d, root, fn), with each directory read by
// open/getdents/close system calls: os.Open makes a directory ready for
// the runtime's poller (several fcntl calls and a failed epoll_ctl), which
// for a tree of thousands of small directories (an app's children) costs
// more than reading them. Entries come in the same (lexical) order, with
// the same types (Lstat for a file system that does not give one), and the
// same errors reach fn.
func (d dirFS) walkDir(root string, fn fs.WalkDirFunc) error {
	info, err := fs.Stat(d, root)
	if err != nil {
		err = fn(root, nil, err)
	} else {
		err = d.walk(root, fs.FileInfoToDirEntry(info), fn)
	}
	if errors.Is(err, fs.SkipDir) || errors.Is(err, fs.SkipAll) {
		return nil
	}
	return err
}

func (d dirFS) walk(name string, de fs.DirEntry, fn fs.WalkDirFunc) error {
	if err := fn(name, de, nil); err != nil || !de.IsDir() {
		if errors.Is(err, fs.SkipDir) && de.IsDir() {
			err = nil
		}
		return err
	}
	entries, err := d.readDir(name)
	if err != nil {
		// As fs.WalkDir: a second call for the directory, with the error.
		if err = fn(name, de, err); err != nil {
			if errors.Is(err, fs.SkipDir) && de.IsDir() {
				err = nil
			}
			return err
		}
	}
	for _, e := range entries {
		if err := d.walk(path.Join(name, e.name), e, fn); err != nil {
			if errors.Is(err, fs.SkipDir) {
				break
			}
			return err
		}
	}
	return nil
}

// direntBufs are the buffers directories are read into.
var direntBufs = sync.Pool{New: func() any { b := make([]byte, 16<<10); return &b }}

// readDir returns the entries of the directory name, sorted by name, or
// the error that stopped reading them.
func (d dirFS) readDir(name string) ([]*dirent, error) {
	full := filepath.Join(d.dir, filepath.FromSlash(name))
	var fd int
	var err error
	for {
		fd, err = syscall.Open(full, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	bp := direntBufs.Get().(*[]byte)
	defer direntBufs.Put(bp)
	buf := *bp
	var out []*dirent
	for {
		n, err := syscall.Getdents(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			// As os.DirFS: nothing of a directory that failed.
			return nil, &fs.PathError{Op: "readdirent", Path: name, Err: err}
		}
		if n <= 0 {
			break
		}
		out = appendDirents(out, buf[:n], full)
	}
	sortDirents(out)
	return out, nil
}

func sortDirents(es []*dirent) {
	sort.Slice(es, func(i, j int) bool { return es[i].name < es[j].name })
}

// appendDirents parses linux_dirent64 records: inode (8 bytes), offset (8),
// record length (2), type (1), then the NUL-terminated name.
func appendDirents(out []*dirent, buf []byte, dir string) []*dirent {
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
		name := string(nameBytes)
		if name == "." || name == ".." {
			continue
		}
		e := &dirent{name: name, dir: dir}
		switch rec[18] {
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
			fi, err := os.Lstat(filepath.Join(dir, name))
			if err != nil {
				continue
			}
			e.typ = fi.Mode().Type()
		}
		out = append(out, e)
	}
	return out
}

// dirent is a directory entry read by readDir.
type dirent struct {
	name string
	typ  fs.FileMode
	// dir is the directory's path on disk, for Info.
	dir string
}

func (e *dirent) Name() string               { return e.name }
func (e *dirent) IsDir() bool                { return e.typ.IsDir() }
func (e *dirent) Type() fs.FileMode          { return e.typ }
func (e *dirent) Info() (fs.FileInfo, error) { return os.Lstat(filepath.Join(e.dir, e.name)) }
func (e *dirent) String() string             { return fs.FormatDirEntry(e) }
