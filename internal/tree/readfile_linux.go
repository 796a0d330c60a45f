package tree

import (
	"io/fs"
	"path/filepath"
	"syscall"
)

// openFile opens the file p for reading: relative to its directory when
// the walk lent it (dirent.h), else by its full path. local tells whether
// a short read of it is its end (readLimited).
func (d dirFS) openFile(p string, de fs.DirEntry) (fd int, local bool, err error) {
	e, ok := de.(*dirent)
	for {
		if ok && e.h != nil {
			fd, err = syscall.Openat(e.h.fd, e.name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
			local = e.h.local && e.typ.IsRegular()
		} else {
			fd, err = syscall.Open(filepath.Join(d.dir, filepath.FromSlash(p)), syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		}
		if err != syscall.EINTR {
			return fd, local, err
		}
	}
}

// Magic numbers of local file systems (statfs f_type; linux/magic.h)
// whose reads of a regular file go through the page cache, filling the
// buffer up to the end of the file: a short read there is the end of the
// file (readLimited). NFS, FUSE (which may return short reads anywhere),
// and any file system not listed are read until a read returns 0.
var localFSMagic = map[uint32]bool{
	0xEF53:     true, // ext2, ext3, ext4
	0x58465342: true, // xfs
	0x9123683E: true, // btrfs
	0x01021994: true, // tmpfs
	0x858458F6: true, // ramfs
	0x794C7630: true, // overlayfs (reads pass to the layers' files)
	0xF2F52010: true, // f2fs
}

// shortReadIsEOF tells whether the directory fd is on a local file system
// (localFSMagic). It is asked for every directory whose files are read:
// a tree can hold a mount point, and fstatfs costs far less than the read
// it saves for each file.
func shortReadIsEOF(fd int) bool {
	var st syscall.Statfs_t
	for {
		err := syscall.Fstatfs(fd, &st)
		if err == syscall.EINTR {
			continue
		}
		return err == nil && localFSMagic[uint32(st.Type)]
	}
}
