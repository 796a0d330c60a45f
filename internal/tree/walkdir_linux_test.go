package tree

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWalkDirMatchesFSWalkDir walks directories with dirFS.walkDir and
// with fs.WalkDir and requires the same calls: paths in the same order,
// the same entry types, the same errors, and SkipDir honoured the same.
func TestWalkDirMatchesFSWalkDir(t *testing.T) {
	mk := func(t *testing.T) string {
		dir := t.TempDir()
		for _, p := range []string{"groups/a.yaml", "groups/B.yaml", "groups/a-b.yaml", "groups/a.b.yaml", "groups/é.yaml",
			"groups/.hidden/x.yaml", "groups/.DS_Store", "groups/a/roles/r.yaml", "groups/empty/", "groups/z/deep/er/f.yaml"} {
			full := filepath.Join(dir, p)
			if strings.HasSuffix(p, "/") {
				if err := os.MkdirAll(full, 0o755); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Symlink("a.yaml", filepath.Join(dir, "groups/link.yaml")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("a", filepath.Join(dir, "groups/dirlink")); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(filepath.Join(dir, "groups/fifo"), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	example, err := filepath.Abs("../../examples/org-snapshot")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		dir  func(t *testing.T) string
		root string
		// skip is the walk function's answer for a path (nil for none).
		skip func(p string, d fs.DirEntry) error
	}{
		{name: "made tree", dir: mk, root: "groups"},
		{name: "skip hidden and a", dir: mk, root: "groups", skip: func(p string, d fs.DirEntry) error {
			if strings.HasPrefix(d.Name(), ".") || p == "groups/a" {
				return fs.SkipDir
			}
			return nil
		}},
		{name: "skip the rest after a file", dir: mk, root: "groups", skip: func(p string, d fs.DirEntry) error {
			if p == "groups/a-b.yaml" {
				return fs.SkipDir
			}
			return nil
		}},
		{name: "missing root", dir: mk, root: "nowhere"},
		{name: "example apps", dir: func(*testing.T) string { return example }, root: "apps"},
		{name: "example policies", dir: func(*testing.T) string { return example }, root: "policies"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.dir(t)
			d := dirFS{os.DirFS(dir), dir}
			record := func(calls *[]string) fs.WalkDirFunc {
				return func(p string, de fs.DirEntry, err error) error {
					typ := "nil"
					if de != nil {
						typ = fmt.Sprintf("%v %v", de.IsDir(), de.Type())
					}
					*calls = append(*calls, fmt.Sprintf("%s %s %v", p, typ, err))
					if tt.skip != nil && de != nil {
						return tt.skip(p, de)
					}
					return nil
				}
			}
			var want, got []string
			wantErr := fs.WalkDir(d, tt.root, record(&want))
			gotErr := d.walkDir(tt.root, record(&got))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("walk calls (-fs.WalkDir +walkDir):\n%s", diff)
			}
			if fmt.Sprint(wantErr) != fmt.Sprint(gotErr) {
				t.Fatalf("error %v, fs.WalkDir's %v", gotErr, wantErr)
			}
			if len(want) < 2 && tt.root != "nowhere" {
				t.Fatalf("the walk saw too little: %v", want)
			}
		})
	}
}
