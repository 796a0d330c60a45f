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

func (d dirFS) readLimited(p string, _ fs.DirEntry, limit int) ([]byte, *[]byte, error) {
	f, err := d.Open(p)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(limit)))
	return data, nil, err
}

func putReadBuf(*[]byte) {}
