//go:build !unix

package tree

import (
	"io"
	"io/fs"
)

// dirFS is os.DirFS(dir); see readfile_unix.go.
type dirFS struct {
	fs.FS
	dir string
}

func (d dirFS) readLimited(p string, limit int) ([]byte, error) {
	f, err := d.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, int64(limit)))
}
