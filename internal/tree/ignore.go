package tree

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// IgnoreFile is the file at a tree's root that lists the objects a team
// leaves unmanaged on purpose: one ref-path pattern per line (see
// model.PathPatterns), "#" starting a comment. An object in the org that
// the tree lacks and that a pattern matches is left alone by plan: not
// reported as drift, not deleted even with --allow-delete.
const IgnoreFile = ".oktasyncignore"

// ReadIgnore reads the tree's ignore file. A tree without one ignores
// nothing (nil patterns, no error); a bad pattern is an error with its line.
func ReadIgnore(dir string) (*model.PathPatterns, error) {
	data, err := os.ReadFile(filepath.Join(dir, IgnoreFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var patterns []string
	for i, line := range strings.Split(string(data), "\n") {
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line = line[:j]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if _, err := model.ParsePathPatterns([]string{line}); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", IgnoreFile, i+1, err)
		}
		patterns = append(patterns, line)
	}
	return model.ParsePathPatterns(patterns)
}
