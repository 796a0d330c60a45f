package tree

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/oktasync/oktasync/internal/model"
)

var testVersion = [32]byte{7}

// validateCached reads fsys and validates it with a memo backed by the
// cache file at path, saves the cache and returns the problems and the
// cache's hits.
func validateCached(t *testing.T, fsys fstest.MapFS, path string, version [32]byte) ([]model.Problem, int) {
	t.Helper()
	reg := testRegistry(t)
	snap, read := ReadFS(fsys, reg)
	c := OpenCache(path, version)
	problems := append(read, ValidateMemo(snap, reg, NewCachedMemo(c))...)
	model.SortProblems(problems)
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	hits, _ := c.Stats()
	return problems, hits
}

// validatePlain is validateCached without a cache.
func validatePlain(t *testing.T, fsys fstest.MapFS) []model.Problem {
	t.Helper()
	reg := testRegistry(t)
	snap, read := ReadFS(fsys, reg)
	problems := append(read, Validate(snap, reg)...)
	model.SortProblems(problems)
	return problems
}

func withFiles(base fstest.MapFS, files map[string]string) fstest.MapFS {
	out := fstest.MapFS{}
	for p, f := range base {
		out[p] = f
	}
	for p, data := range files {
		out[p] = &fstest.MapFile{Data: []byte(data)}
	}
	return out
}

// TestCacheGivesTheProblemsOfAColdRun validates a tree twice with one cache
// file, the second time after edits, and requires the second run's
// problems, file and line included, to be those of a run without a cache:
// a file changed since the first run is checked again (an invalid edit is
// reported at its line), and a file with a problem (an error or a warning)
// is never taken from the cache.
func TestCacheGivesTheProblemsOfAColdRun(t *testing.T) {
	const group = "groups/engineering.yaml"
	base := exampleFS(t)
	if _, ok := base[group]; !ok {
		t.Fatalf("the example has no %s", group)
	}
	badSchema := "kind: groups\nname: engineering\nbody:\n  profile:\n    description: x\n    name:\n      - not a string\n"
	warned := "kind: groups\nname: warned\nbody:\n  profile:\n    name: \"x\\u200by\"\n"
	tests := []struct {
		name string
		// before and after are files written over the example in the
		// first (cache-filling) and second run.
		before, after map[string]string
		// wantError is a file:line the second run must report.
		wantError string
	}{
		{name: "unchanged"},
		{name: "valid edit", after: map[string]string{group: "kind: groups\nname: engineering\nbody:\n  profile:\n    name: Engineering\n    description: changed\n"}},
		{name: "invalid edit", after: map[string]string{group: badSchema}, wantError: group + ":6"},
		{name: "invalid in both runs", before: map[string]string{group: badSchema}, after: map[string]string{group: badSchema}, wantError: group + ":6"},
		{name: "warning in both runs", before: map[string]string{"groups/warned.yaml": warned}, after: map[string]string{"groups/warned.yaml": warned}},
		{name: "four-byte character added", after: map[string]string{"groups/rocket.yaml": "kind: groups\nname: rocket\nbody:\n  profile:\n    name: \"rocket \U0001F680\"\n"},
			wantError: "groups/rocket.yaml:5"},
		{name: "file removed", after: map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "cache")
			first := withFiles(base, tt.before)
			if _, hits := validateCached(t, first, path, testVersion); hits != 0 {
				t.Fatalf("an empty cache had %d hits", hits)
			}
			second := withFiles(base, tt.after)
			if tt.name == "file removed" {
				delete(second, group)
			}
			got, hits := validateCached(t, second, path, testVersion)
			if hits == 0 {
				t.Fatal("the second run found nothing in the cache")
			}
			want := validatePlain(t, second)
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("problems with the cache differ from a run without (-want +got):\n%s", diff)
			}
			if tt.wantError != "" && !hasProblemAt(got, tt.wantError, model.SeverityError) {
				t.Fatalf("no error at %s in %v", tt.wantError, got)
			}
			if tt.name == "warning in both runs" && !hasProblemAt(got, "groups/warned.yaml:5", model.SeverityWarning) {
				t.Fatalf("the warning of groups/warned.yaml was lost: %v", got)
			}
		})
	}
}

func hasProblemAt(ps []model.Problem, fileLine string, sev model.Severity) bool {
	for _, p := range ps {
		if p.Severity == sev && p.File+":"+itoa(p.Line) == fileLine {
			return true
		}
	}
	return false
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestCacheNeverRemembersProblems: a file with an error or a warning is
// not in the saved cache, a clean one is.
func TestCacheNeverRemembersProblems(t *testing.T) {
	reg := testRegistry(t)
	fsys := withFiles(exampleFS(t), map[string]string{
		"groups/bad.yaml":    "kind: groups\nname: bad\nbody:\n  profile:\n    name: 7\n",
		"groups/warned.yaml": "kind: groups\nname: warned\nbody:\n  profile:\n    name: \"x\\u200by\"\n",
		"groups/fine.yaml":   "kind: groups\nname: fine\nbody:\n  profile:\n    name: Fine\n",
	})
	path := filepath.Join(t.TempDir(), "cache")
	validateCached(t, fsys, path, testVersion)
	c := OpenCache(path, testVersion)
	snap, _ := ReadFS(fsys, reg)
	for _, tt := range []struct {
		path  string
		known bool
	}{{"groups/bad", false}, {"groups/warned", false}, {"groups/fine", true}} {
		o, ok := snap.Get(tt.path)
		if !ok {
			t.Fatalf("%s not read", tt.path)
		}
		if got := c.knows(o); got != tt.known {
			t.Errorf("%s: in the cache %v, want %v", tt.path, got, tt.known)
		}
	}
}

// TestCacheCorruptFileIgnored: a cache file damaged in any way, or written
// by another program version, is ignored whole (no hits, the problems of a
// cold run), and the run writes a sound one in its place.
func TestCacheCorruptFileIgnored(t *testing.T) {
	fsys := withFiles(exampleFS(t), map[string]string{
		"groups/bad.yaml": "kind: groups\nname: bad\nbody:\n  profile:\n    name: 7\n",
	})
	want := validatePlain(t, fsys)
	flip := func(i int) func([]byte) []byte {
		return func(b []byte) []byte {
			if i < 0 {
				i += len(b)
			}
			b[i] ^= 0xff
			return b
		}
	}
	tests := []struct {
		name    string
		damage  func([]byte) []byte
		version [32]byte
	}{
		{name: "entry altered", damage: flip(len(cacheMagic) + 32 + 8 + 5)},
		{name: "checksum altered", damage: flip(-1)},
		{name: "magic altered", damage: flip(0)},
		{name: "truncated", damage: func(b []byte) []byte { return b[:len(b)-40] }},
		{name: "empty", damage: func([]byte) []byte { return nil }},
		{name: "not a cache", damage: func([]byte) []byte { return []byte("kind: groups\n") }},
		{name: "other program version", damage: func(b []byte) []byte { return b }, version: [32]byte{8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "cache")
			validateCached(t, fsys, path, testVersion)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, tt.damage(data), 0o600); err != nil {
				t.Fatal(err)
			}
			version := testVersion
			if tt.version != ([32]byte{}) {
				version = tt.version
			}
			got, hits := validateCached(t, fsys, path, version)
			if hits != 0 {
				t.Fatalf("%d hits from a damaged cache", hits)
			}
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("problems differ from a run without a cache (-want +got):\n%s", diff)
			}
			if _, hits := validateCached(t, fsys, path, version); hits == 0 {
				t.Fatal("the run did not write a sound cache in place of the damaged one")
			}
		})
	}
}

// TestCacheDisabled: a memo without a cache (nil) validates as Validate
// does, and a nil cache saves nothing.
func TestCacheDisabled(t *testing.T) {
	reg := testRegistry(t)
	fsys := withFiles(exampleFS(t), map[string]string{
		"groups/bad.yaml": "kind: groups\nname: bad\nbody:\n  profile:\n    name: 7\n",
	})
	snap, read := ReadFS(fsys, reg)
	memo := NewCachedMemo(nil)
	got := append(read, ValidateMemo(snap, reg, memo)...)
	model.SortProblems(got)
	if diff := cmp.Diff(validatePlain(t, fsys), got, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	var c *Cache
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if hits, misses := c.Stats(); hits != 0 || misses != 0 {
		t.Fatalf("a nil cache counted %d hits, %d misses", hits, misses)
	}
	bad, _ := snap.Get("groups/bad")
	fine, _ := snap.Get("groups/engineering")
	if memo.Clean(bad) || !memo.Clean(fine) {
		t.Fatalf("Clean: bad %v (want false), engineering %v (want true)", memo.Clean(bad), memo.Clean(fine))
	}
}

// TestCacheSaveKeepsThisRunFirst: Save writes this run's entries, then at
// most as many earlier ones.
func TestCacheSaveKeepsThisRunFirst(t *testing.T) {
	key := func(i int) [32]byte { return [32]byte{byte(i >> 8), byte(i)} }
	tests := []struct {
		name             string
		earlier, thisRun int
		want             int
	}{
		{name: "few earlier", earlier: 3, thisRun: 10, want: 13},
		{name: "many earlier", earlier: 50, thisRun: 10, want: 20},
		{name: "nothing earlier", earlier: 0, thisRun: 4, want: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "cache")
			var old []cacheEntry
			for i := 0; i < tt.earlier; i++ {
				old = append(old, cacheEntry{key: key(1000 + i), val: []byte{byte(i)}})
			}
			if err := os.WriteFile(path, encodeCache(old, testVersion), 0o600); err != nil {
				t.Fatal(err)
			}
			c := OpenCache(path, testVersion)
			if len(c.known) != tt.earlier {
				t.Fatalf("read %d entries, wrote %d", len(c.known), tt.earlier)
			}
			for i := 0; i < tt.thisRun; i++ {
				c.used[key(i)] = []byte{byte(i), 1}
			}
			c.added = tt.thisRun
			if err := c.Save(); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			entries, ok := decodeCache(data, testVersion)
			if !ok || len(entries) != tt.want {
				t.Fatalf("saved %d entries (sound: %v), want %d", len(entries), ok, tt.want)
			}
			saved := OpenCache(path, testVersion).known
			for i := 0; i < tt.thisRun; i++ {
				if val, ok := saved[key(i)]; !ok || !bytes.Equal(val, []byte{byte(i), 1}) {
					t.Fatalf("this run's entry %d was not kept as it was: %v", i, val)
				}
			}
			for _, e := range entries[tt.thisRun:] {
				if i := int(e.key[0])<<8 | int(e.key[1]) - 1000; !bytes.Equal(e.val, []byte{byte(i)}) {
					t.Fatalf("an earlier entry %d was saved as %v", i, e.val)
				}
			}
		})
	}
}
