//go:build unix

package tree

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
)

// dirFS is os.DirFS(dir) with a cheaper read of whole files (readLimited):
// a tree's files are small and many, and os.Open prepares every file for
// the runtime's poller (non-blocking mode, a poller registration), which
// costs more than reading it. Here a file is opened, read and closed with
// three or four system calls; on Linux it is opened relative to its
// directory, which the walk keeps open (walkdir_linux.go), and a small file
// on a local file system takes one read (readLimited).
type dirFS struct {
	fs.FS
	dir string
}

// readBufs are the buffers files are read into; the reader copies what it
// keeps.
var readBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// putReadBuf gives back the buffer of a readLimited (nil for none).
func putReadBuf(bp *[]byte) {
	if bp != nil {
		readBufs.Put(bp)
	}
}

var pageSize = os.Getpagesize()

// readLimited reads at most limit bytes of the file p, whose entry de the
// walk gave (and the caller holds: heldEntry), into a buffer of readBufs:
// the bytes are valid until the caller gives the buffer back (putReadBuf).
func (d dirFS) readLimited(p string, de fs.DirEntry, limit int) ([]byte, *[]byte, error) {
	fd, local, err := d.openFile(p, de)
	if err != nil {
		return nil, nil, &fs.PathError{Op: "open", Path: p, Err: err}
	}
	defer syscall.Close(fd)
	bp := readBufs.Get().(*[]byte)
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
			readBufs.Put(bp)
			return nil, nil, &fs.PathError{Op: "read", Path: filepath.Join(d.dir, filepath.FromSlash(p)), Err: err}
		}
		if n <= 0 {
			break
		}
		first := len(buf) == 0
		buf = buf[:len(buf)+n]
		// A regular file on a local file system (local) that the
		// first read, from offset 0, leaves short of what was asked
		// and of one page has ended: the page cache copies whole
		// pages until the end of the file, so a file of more bytes
		// would have given a whole page at least, even if a later
		// page could not be read (the read then returns the pages
		// before it, and the next read the error). The read that
		// would return 0 is skipped. Elsewhere (NFS, FUSE, a file
		// system not known) a short read proves nothing: read on.
		if local && first && n < end && n < pageSize {
			break
		}
	}
	if cap(buf) > cap(*bp) && cap(buf) <= 1<<20 {
		*bp = buf[:0]
	}
	return buf, bp, nil
}
