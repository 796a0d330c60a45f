//go:build !linux

package tree

import "io/fs"

// walkDir is fs.WalkDir(d, root, fn); see walkdir_linux.go.
func (d dirFS) walkDir(root string, fn fs.WalkDirFunc) error { return fs.WalkDir(d, root, fn) }
