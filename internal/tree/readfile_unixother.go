//go:build unix && !linux

package tree

import (
	"io/fs"
	"path/filepath"
	"syscall"
)

// openFile opens the file p for reading by its full path; a short read of
// it proves nothing (see readfile_linux.go).
func (d dirFS) openFile(p string, _ fs.DirEntry) (fd int, local bool, err error) {
	for {
		fd, err = syscall.Open(filepath.Join(d.dir, filepath.FromSlash(p)), syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			return fd, false, err
		}
	}
}
