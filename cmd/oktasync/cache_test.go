package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// copyTree copies the tree at src to a new directory and returns it.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "tree")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// planBody is a JSON plan without what differs between two runs of the
// same plan (its time, and the digest over it).
func planBody(t *testing.T, out string) map[string]any {
	t.Helper()
	var p map[string]any
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("not a JSON plan: %v\n%.300s", err, out)
	}
	delete(p, "created_at")
	delete(p, "digest")
	return p
}

// TestDiffWithValidationCache runs the same diffs without the cache, with
// an empty one (cold) and with the one the cold run filled (warm), and
// requires the same plan, and for a tree made invalid after the cache was
// filled the same refusal, file and line included; with the cache turned
// off (flag or environment) no cache file is written.
func TestDiffWithValidationCache(t *testing.T) {
	a := copyTree(t, "../../examples/org-snapshot")
	b := copyTree(t, "../../examples/org-snapshot")
	group := filepath.Join(b, "groups", "engineering.yaml")
	data, err := os.ReadFile(group)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(data), "Software engineers", "Engineers", 1)
	if changed == string(data) {
		t.Fatal("the test's edit did not apply")
	}
	if err := os.WriteFile(group, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(noCacheEnv, "")
	plain := func(t *testing.T) (int, string, string) {
		t.Helper()
		return runCLI(t, "diff", a, b, "--format", "json", "--no-cache")
	}
	wantCode, wantOut, _ := plain(t)
	if wantCode != 0 || !strings.Contains(wantOut, "groups/engineering") {
		t.Fatalf("diff without the cache: exit %d\n%.500s", wantCode, wantOut)
	}
	tests := []struct {
		name string
		env  string // OKTASYNC_NO_CACHE
		args []string
		// runs is how many times the diff runs with one cache directory.
		runs      int
		wantCache bool
	}{
		{name: "cold then warm", runs: 2, wantCache: true},
		{name: "no-cache flag", args: []string{"--no-cache"}, runs: 2},
		{name: "no-cache environment", env: "1", runs: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv(cacheDirEnv, dir)
			t.Setenv(noCacheEnv, tt.env)
			for i := 0; i < tt.runs; i++ {
				code, out, stderr := runCLI(t, append([]string{"diff", a, b, "--format", "json"}, tt.args...)...)
				if code != wantCode {
					t.Fatalf("run %d: exit %d, want %d\n%s", i+1, code, wantCode, stderr)
				}
				if got, want := planBody(t, out), planBody(t, wantOut); !jsonEqual(got, want) {
					t.Fatalf("run %d: the plan differs from the one without the cache\n%.800s", i+1, out)
				}
			}
			_, err := os.Stat(filepath.Join(dir, cacheFile))
			if got := err == nil; got != tt.wantCache {
				t.Fatalf("cache file written: %v, want %v", got, tt.wantCache)
			}
		})
	}
	// An invalid edit after the cache was filled: the same refusal as
	// without a cache.
	dir := t.TempDir()
	t.Setenv(cacheDirEnv, dir)
	if code, _, stderr := runCLI(t, "diff", a, b, "--format", "json"); code != 0 {
		t.Fatalf("filling the cache: exit %d\n%s", code, stderr)
	}
	bad := strings.Replace(changed, "name: Engineering", "name:\n      - not a string", 1)
	if err := os.WriteFile(group, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	wantCode, wantOut, wantErr := plain(t)
	code, out, errOut := runCLI(t, "diff", a, b, "--format", "json")
	if wantCode != 1 || !strings.Contains(wantOut, "groups/engineering.yaml:") {
		t.Fatalf("invalid tree without the cache: exit %d\n%s%s", wantCode, wantOut, wantErr)
	}
	if code != wantCode || out != wantOut || errOut != wantErr {
		t.Fatalf("invalid tree with the cache: exit %d\n%s%s\nwant exit %d\n%s%s", code, out, errOut, wantCode, wantOut, wantErr)
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// TestProgramVersion: the program identifies itself (on Linux by its Go
// build ID), the same way each time, so that a cache written by one run is
// read by the next.
func TestProgramVersion(t *testing.T) {
	v1, ok := readProgramVersion()
	v2, ok2 := readProgramVersion()
	if !ok || !ok2 || v1 != v2 || v1 == ([32]byte{}) {
		t.Fatalf("program version: %x %v, again %x %v", v1, ok, v2, ok2)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if id, ok := goBuildID(exe); runtime.GOOS == "linux" && (!ok || len(id) < 40) {
		t.Fatalf("no Go build ID in %s: %q", exe, id)
	}
}
