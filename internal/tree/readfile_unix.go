//go:build unix

package tree

import (
	"io/fs"
	"path/filepath"
	"sync"
	"syscall"
)

// dirFS is os.DirFS(dir) with a cheaper read of whole files (readLimited):
// a tree's files are small and many, and os.Open prepares every file for
// the runtime's poller (non-blocking mode, a poller registration), which
// costs more than reading it. Here a file is opened, read and closed with
// three or four system calls.
type dirFS struct {
	fs.FS
	dir string
}

// readBufs are the buffers files are read into before they are copied to
// their exact size.
var readBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// readLimited reads at most limit bytes of the file p.
func (d dirFS) readLimited(p string, limit int) ([]byte, error) {
	name := filepath.Join(d.dir, filepath.FromSlash(p))
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: p, Err: err}
	}
	defer syscall.Close(fd)
	bp := readBufs.Get().(*[]byte)
	defer readBufs.Put(bp)
	buf := (*bp)[:0]
	for len(buf) < limit {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		end := min(cap(buf), limit)
		n, err := syscall.Read(fd, buf[len(buf):end])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n <= 0 {
			break
		}
		buf = buf[:len(buf)+n]
	}
	if cap(buf) > cap(*bp) && cap(buf) <= 1<<20 {
		*bp = buf[:0]
	}
	return append([]byte(nil), buf...), nil
}
