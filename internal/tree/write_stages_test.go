package tree

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/oktasync/oktasync/internal/model"
)

// The tests below take Write apart: each stage alone, on a directory the
// test lays out by hand. TestTreeRoundTrip, TestWriteTreeKeepsUserFilesAndMtimes
// and TestWriteTreeAtomic cover the stages together.

func TestRender(t *testing.T) {
	s := sampleSnapshot(t)
	files, err := render(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != s.Len() {
		t.Errorf("rendered %d files for %d objects", len(files), s.Len())
	}
	for _, o := range s.Objects() {
		k, _ := s.Registry().Kind(o.Kind)
		want, err := Encode(o, k)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := files[o.Path+".yaml"]; !ok || string(got) != string(want) {
			t.Errorf("%s.yaml: rendered %q, want %q", o.Path, got, want)
		}
	}

	bad := model.NewSnapshot(s.Registry())
	if err := bad.Add(&model.Object{Kind: "groups", Path: "groups/x", Body: map[string]any{"profile": map[string]any{"n": func() {}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := render(bad); err == nil || !strings.Contains(err.Error(), "groups/x: /body/profile/n: unsupported value") {
		t.Errorf("unencodable value: err = %v", err)
	}
}

func TestCompare(t *testing.T) {
	reg := testRegistry(t)
	const a, b = "kind: groups\nname: a\n", "kind: groups\nname: b\n"
	tests := []struct {
		name string
		disk map[string]string
		// files are the rendered files.
		files   map[string]string
		changes []dirChange
		res     WriteResult
	}{
		{
			name:  "nothing changed",
			disk:  map[string]string{"groups/a.yaml": a, "groups/b.yaml": b},
			files: map[string]string{"groups/a.yaml": a, "groups/b.yaml": b},
			res:   WriteResult{Unchanged: []string{"groups/a.yaml", "groups/b.yaml"}},
		},
		{
			name:    "one file's bytes differ",
			disk:    map[string]string{"groups/a.yaml": a, "groups/b.yaml": b},
			files:   map[string]string{"groups/a.yaml": a, "groups/b.yaml": b + "body: {}\n"},
			changes: []dirChange{{dir: "groups", files: []string{"groups/a.yaml", "groups/b.yaml"}}},
			res:     WriteResult{Written: []string{"groups/b.yaml"}, Unchanged: []string{"groups/a.yaml"}},
		},
		{
			name:    "a new kind directory",
			disk:    map[string]string{"groups/a.yaml": a},
			files:   map[string]string{"groups/a.yaml": a, "network-zones/office.yaml": "z", "network-zones/lab.yaml": "z"},
			changes: []dirChange{{dir: "network-zones", files: []string{"network-zones/lab.yaml", "network-zones/office.yaml"}}},
			res:     WriteResult{Written: []string{"network-zones/lab.yaml", "network-zones/office.yaml"}, Unchanged: []string{"groups/a.yaml"}},
		},
		{
			name:    "a vanished object and a stray file",
			disk:    map[string]string{"groups/a.yaml": a, "groups/b.yaml": b, "groups/notes.txt": "x", "groups/.DS_Store": "x"},
			files:   map[string]string{"groups/a.yaml": a},
			changes: []dirChange{{dir: "groups", files: []string{"groups/a.yaml"}}},
			res:     WriteResult{Unchanged: []string{"groups/a.yaml"}, Removed: []string{"groups/.DS_Store", "groups/b.yaml", "groups/notes.txt"}},
		},
		{
			name:    "a child's file counts for its top-level directory",
			disk:    map[string]string{"apps/portal.yaml": "p", "apps/portal/groups/a.yaml": "g"},
			files:   map[string]string{"apps/portal.yaml": "p"},
			changes: []dirChange{{dir: "apps", files: []string{"apps/portal.yaml"}}},
			res:     WriteResult{Unchanged: []string{"apps/portal.yaml"}, Removed: []string{"apps/portal/groups/a.yaml"}},
		},
		{
			name:    "a directory left with no objects goes",
			disk:    map[string]string{"groups/a.yaml": a, "trusted-origins/portal.yaml": "t"},
			files:   map[string]string{"groups/a.yaml": a},
			changes: []dirChange{{dir: "trusted-origins"}},
			res:     WriteResult{Unchanged: []string{"groups/a.yaml"}, Removed: []string{"trusted-origins/portal.yaml"}},
		},
		{
			name: "user files are not the tree's",
			disk: map[string]string{"groups/a.yaml": a, "README.md": "x", "okta.yaml": "x", "vars/prod.yaml": "x",
				".git/HEAD": "x", "docs/a.yaml": "kind: groups\n"},
			files: map[string]string{"groups/a.yaml": a},
			res:   WriteResult{Unchanged: []string{"groups/a.yaml"}},
		},
		{
			name:    "changed directories come in the order of the kinds given",
			disk:    map[string]string{},
			files:   map[string]string{"trusted-origins/t.yaml": "t", "apps/p.yaml": "p", "groups/a.yaml": a},
			changes: []dirChange{{dir: "apps", files: []string{"apps/p.yaml"}}, {dir: "groups", files: []string{"groups/a.yaml"}}, {dir: "trusted-origins", files: []string{"trusted-origins/t.yaml"}}},
			res:     WriteResult{Written: []string{"apps/p.yaml", "groups/a.yaml", "trusted-origins/t.yaml"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, tt.disk)
			before := snapshotFiles(t, dir)
			files := map[string][]byte{}
			for f, c := range tt.files {
				files[f] = []byte(c)
			}
			changes, res, err := compare(dir, reg.TopLevel(), files)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.changes, changes, cmp.AllowUnexported(dirChange{}), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.res, res, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("result (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, snapshotFiles(t, dir)); diff != "" {
				t.Errorf("compare changed the directory:\n%s", diff)
			}
		})
	}
}

func TestStage(t *testing.T) {
	dir := writeFiles(t, map[string]string{"groups/a.yaml": "same\n", "groups/b.yaml": "old\n", "README.md": "keep\n"})
	old := time.Now().Add(-48 * time.Hour).Truncate(time.Second)
	for _, f := range []string{"groups/a.yaml", "groups/b.yaml"} {
		if err := os.Chtimes(filepath.Join(dir, filepath.FromSlash(f)), old, old); err != nil {
			t.Fatal(err)
		}
	}
	before := snapshotFiles(t, dir)
	files := map[string][]byte{
		"groups/a.yaml":                   []byte("same\n"),
		"groups/b.yaml":                   []byte("new\n"),
		"apps/portal.yaml":                []byte("portal\n"),
		"apps/portal/groups/a.yaml":       []byte("assignment\n"),
		"network-zones/not-a-change.yaml": []byte("not staged: not in changes\n"),
	}
	changes := []dirChange{
		{dir: "apps", files: []string{"apps/portal.yaml", "apps/portal/groups/a.yaml"}},
		{dir: "groups", files: []string{"groups/a.yaml", "groups/b.yaml"}},
		{dir: "trusted-origins"},
	}
	var seen []string
	staging, err := stage(dir, changes, files, func(f string) error { seen = append(seen, f); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(staging) != dir || !strings.HasPrefix(filepath.Base(staging), stagingPrefix) {
		t.Errorf("staging directory %s is not a %s* directory inside %s", staging, stagingPrefix, dir)
	}
	want := map[string]string{
		"apps/portal.yaml":          "portal\n",
		"apps/portal/groups/a.yaml": "assignment\n",
		"groups/a.yaml":             "same\n",
		"groups/b.yaml":             "new\n",
	}
	if diff := cmp.Diff(want, snapshotFiles(t, staging)); diff != "" {
		t.Errorf("staged files (-want +got):\n%s", diff)
	}
	if st, err := os.Stat(filepath.Join(staging, "trusted-origins")); err != nil || !st.IsDir() {
		t.Errorf("a directory that goes is staged empty: %v", err)
	}
	if diff := cmp.Diff([]string{"apps/portal.yaml", "apps/portal/groups/a.yaml", "groups/a.yaml", "groups/b.yaml"}, seen); diff != "" {
		t.Errorf("afterStage calls: %s", diff)
	}
	if st, _ := os.Stat(filepath.Join(staging, "groups", "a.yaml")); !st.ModTime().Equal(old) {
		t.Errorf("unchanged file staged with mtime %v, want %v", st.ModTime(), old)
	}
	if st, _ := os.Stat(filepath.Join(staging, "groups", "b.yaml")); st.ModTime().Equal(old) {
		t.Error("changed file staged with the old mtime")
	}
	os.RemoveAll(staging)
	if diff := cmp.Diff(before, snapshotFiles(t, dir)); diff != "" {
		t.Errorf("stage changed the tree outside its staging directory:\n%s", diff)
	}

	// A failure removes the staging directory.
	boom := errors.New("disk full")
	_, err = stage(dir, changes, files, func(f string) error {
		if f == "groups/a.yaml" {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if diff := cmp.Diff(before, snapshotFiles(t, dir)); diff != "" {
		t.Errorf("failed stage left something behind:\n%s", diff)
	}
}

func TestSwap(t *testing.T) {
	// setup lays out an old tree and a staging directory holding the new
	// groups/ and network-zones/; trusted-origins/ goes.
	setup := func(t *testing.T) (dir, staging string, changes []dirChange) {
		dir = writeFiles(t, map[string]string{
			"groups/a.yaml":               "old a\n",
			"groups/gone.yaml":            "old gone\n",
			"trusted-origins/portal.yaml": "old portal\n",
			"apps/p.yaml":                 "untouched app\n",
			"README.md":                   "keep\n",
			"vars/prod.yaml":              "X: 1\n",
		})
		staging = filepath.Join(dir, stagingPrefix+"test")
		for f, c := range map[string]string{"groups/a.yaml": "new a\n", "network-zones/office.yaml": "new zone\n"} {
			p := filepath.Join(staging, filepath.FromSlash(f))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.MkdirAll(filepath.Join(staging, "trusted-origins"), 0o755); err != nil {
			t.Fatal(err)
		}
		changes = []dirChange{
			{dir: "groups", files: []string{"groups/a.yaml"}},
			{dir: "network-zones", files: []string{"network-zones/office.yaml"}},
			{dir: "trusted-origins"},
		}
		return dir, staging, changes
	}

	t.Run("swaps every changed directory", func(t *testing.T) {
		dir, staging, changes := setup(t)
		backup, err := swap(dir, staging, changes, nil)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Dir(backup) != dir || !strings.HasPrefix(filepath.Base(backup), backupPrefix) {
			t.Errorf("backup %s is not a %s* directory inside %s", backup, backupPrefix, dir)
		}
		os.RemoveAll(staging)
		wantBackup := map[string]string{
			"groups/a.yaml":               "old a\n",
			"groups/gone.yaml":            "old gone\n",
			"trusted-origins/portal.yaml": "old portal\n",
		}
		if diff := cmp.Diff(wantBackup, snapshotFiles(t, backup)); diff != "" {
			t.Errorf("backup (-want +got):\n%s", diff)
		}
		os.RemoveAll(backup)
		want := map[string]string{
			"groups/a.yaml":             "new a\n",
			"network-zones/office.yaml": "new zone\n",
			"apps/p.yaml":               "untouched app\n",
			"README.md":                 "keep\n",
			"vars/prod.yaml":            "X: 1\n",
		}
		if diff := cmp.Diff(want, snapshotFiles(t, dir)); diff != "" {
			t.Errorf("tree after swap (-want +got):\n%s", diff)
		}
		if _, err := os.Stat(filepath.Join(dir, "trusted-origins")); !os.IsNotExist(err) {
			t.Error("a directory with no objects left must go")
		}
	})

	for _, failAt := range []string{"groups", "network-zones", "trusted-origins"} {
		t.Run("a failure before "+failAt+" restores the tree", func(t *testing.T) {
			dir, staging, changes := setup(t)
			before := snapshotFiles(t, dir)
			boom := errors.New("rename refused")
			_, err := swap(dir, staging, changes, func(d string) error {
				if d == failAt {
					return boom
				}
				return nil
			})
			if !errors.Is(err, boom) || !strings.Contains(err.Error(), "the previous tree is unchanged") {
				t.Fatalf("err = %v", err)
			}
			os.RemoveAll(staging)
			// The staged files are no longer in staging once moved in;
			// compare the tree without the staging directory.
			for f := range before {
				if strings.HasPrefix(f, stagingPrefix) {
					delete(before, f)
				}
			}
			if diff := cmp.Diff(before, snapshotFiles(t, dir)); diff != "" {
				t.Errorf("failed swap changed the tree (-before +after):\n%s", diff)
			}
		})
	}
}
