package tree

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
)

// treeState is every file under dir with its bytes and whether it kept an
// old modification time (the tests date the previous trees two days back).
func treeState(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		st, err := os.Stat(p)
		if err != nil {
			return err
		}
		age := " (new)"
		if time.Since(st.ModTime()) > time.Hour {
			age = " (kept its time)"
		}
		out[filepath.ToSlash(rel)] = string(data) + age
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// copyTree copies src's files into a new directory, keeping their times.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		st, _ := os.Stat(p)
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(out, data, 0o644); err != nil {
			return err
		}
		return os.Chtimes(out, st.ModTime(), st.ModTime())
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// changedSample is the sample with one object changed, one gone and one
// new.
func changedSample(t testing.TB) *model.Snapshot {
	s := model.NewSnapshot(testRegistry(t))
	for _, o := range sampleSnapshot(t).Objects() {
		c := o.Clone()
		switch o.Path {
		case "network-zones/office":
			c.Body["usage"] = "BLOCKLIST"
		case "trusted-origins/portal":
			continue
		}
		if err := s.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Add(&model.Object{Kind: "groups", Path: "groups/sales", Body: mustJSON(t.(*testing.T), `{"profile":{"name":"Sales"}}`)}); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestStagerEqualsWrite: a tree staged in parts, in any order, is the tree
// Write makes of the whole snapshot (bytes, modification times, result),
// into an empty directory and over a previous tree with user files, stray
// files, and unchanged, changed, vanished and new objects.
func TestStagerEqualsWrite(t *testing.T) {
	old := time.Now().Add(-48 * time.Hour).Truncate(time.Second)
	previous := func(t *testing.T) string {
		dir := t.TempDir()
		if _, err := Write(dir, sampleSnapshot(t)); err != nil {
			t.Fatal(err)
		}
		for f, c := range map[string]string{"README.md": "# org\n", "groups/notes.txt": "stray\n"} {
			if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(f)), []byte(c), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			return os.Chtimes(p, old, old)
		})
		if err != nil {
			t.Fatal(err)
		}
		return dir
	}
	tests := []struct {
		name  string
		prev  func(t *testing.T) string // "" for a directory that does not exist
		snap  func(t testing.TB) *model.Snapshot
		parts int
	}{
		{"new tree, one part", nil, sampleSnapshot, 1},
		{"new tree, one part per object", nil, sampleSnapshot, 1000},
		{"unchanged tree", previous, sampleSnapshot, 3},
		{"changed tree", previous, changedSample, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := filepath.Join(t.TempDir(), "tree")
			if tt.prev != nil {
				base = tt.prev(t)
			}
			var viaWrite string
			if tt.prev != nil {
				viaWrite = copyTree(t, base)
			} else {
				viaWrite = filepath.Join(t.TempDir(), "tree")
			}
			want, err := Write(viaWrite, tt.snap(t))
			if err != nil {
				t.Fatal(err)
			}
			st, err := NewStager(base, testRegistry(t))
			if err != nil {
				t.Fatal(err)
			}
			objs := tt.snap(t).Objects()
			// Parts in reverse order: a child may come before its parent.
			size := max(1, len(objs)/tt.parts)
			for end := len(objs); end > 0; end -= size {
				if err := st.Add(objs[max(0, end-size):end]); err != nil {
					t.Fatal(err)
				}
			}
			got, err := st.Commit()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("result (-Write +Stager):\n%s", diff)
			}
			if diff := cmp.Diff(treeState(t, viaWrite), treeState(t, base)); diff != "" {
				t.Errorf("tree (-Write +Stager):\n%s", diff)
			}
		})
	}
}

// TestStagerLeavesTreeOnFailure: Abort, a failed Add and a failed Commit
// leave the previous tree as it was and nothing staged behind; a directory
// the Stager created goes again.
func TestStagerLeavesTreeOnFailure(t *testing.T) {
	boom := errors.New("disk full")
	tests := []struct {
		name  string
		hooks writeHooks
		abort bool
	}{
		{name: "abort", abort: true},
		{name: "staging fails", hooks: writeHooks{afterStage: func(f string) error {
			if f == "groups/sales.yaml" {
				return boom
			}
			return nil
		}}},
		{name: "swap fails", hooks: writeHooks{beforeSwap: func(d string) error {
			if d == "network-zones" {
				return boom
			}
			return nil
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := Write(dir, sampleSnapshot(t)); err != nil {
				t.Fatal(err)
			}
			before := treeState(t, dir)
			st, err := NewStager(dir, testRegistry(t))
			if err != nil {
				t.Fatal(err)
			}
			st.hooks = tt.hooks
			err = st.Add(changedSample(t).Objects())
			switch {
			case tt.abort:
				if err != nil {
					t.Fatal(err)
				}
				st.Abort()
			case err == nil:
				_, err = st.Commit()
			default:
				st.Abort()
			}
			if !tt.abort && !errors.Is(err, boom) {
				t.Fatalf("err = %v, want %v", err, boom)
			}
			if diff := cmp.Diff(before, treeState(t, dir)); diff != "" {
				t.Errorf("the previous tree changed:\n%s", diff)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".oktasync-") {
					t.Errorf("left behind: %s", e.Name())
				}
			}
		})
	}
	t.Run("new directory", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "tree")
		st, err := NewStager(dir, testRegistry(t))
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Add(sampleSnapshot(t).Objects()); err != nil {
			t.Fatal(err)
		}
		st.Abort()
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("the directory the Stager made is still there: %v", err)
		}
	})
}

// TestStagerOldFileEditedAfterStaging: an unchanged file is linked when
// staged; if the old file is then edited in place (the link shares it),
// Commit writes the rendered bytes, not the edit.
func TestStagerOldFileEditedAfterStaging(t *testing.T) {
	dir := t.TempDir()
	s := sampleSnapshot(t)
	if _, err := Write(dir, s); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "groups", "engineering.yaml")
	want, _ := os.ReadFile(p)
	st, err := NewStager(dir, testRegistry(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Add(s.Objects()); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("# edited\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	res, err := st.Commit()
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	if string(got) != string(want) {
		t.Errorf("file = %q, want the rendered %q", got, want)
	}
	if diff := cmp.Diff([]string{"groups/engineering.yaml"}, res.Written); diff != "" {
		t.Errorf("written: %s", diff)
	}
}

// TestStagerTwice: a path staged twice is an error.
func TestStagerTwice(t *testing.T) {
	st, err := NewStager(t.TempDir(), testRegistry(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Abort()
	objs := sampleSnapshot(t).Objects()
	if err := st.Add(objs[:2]); err != nil {
		t.Fatal(err)
	}
	if err := st.Add(objs[1:3]); err == nil || !strings.Contains(err.Error(), "written twice") {
		t.Errorf("err = %v, want a path written twice", err)
	}
}
