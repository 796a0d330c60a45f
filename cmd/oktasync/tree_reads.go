package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/tree"
)

// treeReads are the trees of one diff, read ahead: the current tree first,
// then the desired one sharing the parse of every file whose bytes are
// equal (tree.ReadSharing), and both validated with one memo
// (tree.ValidateMemo), so that the files the two trees have in common,
// most of them, are parsed and checked once. Each tree is still refused
// in the same order, with the same problems, as when read on its own.
type treeReads struct {
	memo *tree.Memo
	read map[string]treeRead
	// cache is the validation cache behind memo (nil for none).
	cache *tree.Cache
}

type treeRead struct {
	snap     *model.Snapshot
	problems []model.Problem
}

// newTreeReads returns the reads of one run, validated with one memo
// backed by cache (nil for none).
func newTreeReads(cache *tree.Cache) *treeReads {
	return &treeReads{memo: tree.NewCachedMemo(cache), read: map[string]treeRead{}, cache: cache}
}

// readTreePair reads the trees of `diff current desired`; a path that is
// not a directory is left to valid, which refuses it.
func readTreePair(reg *model.Registry, current, desired string, cache *tree.Cache) *treeReads {
	t := newTreeReads(cache)
	if !isDir(current) || !isDir(desired) {
		return t
	}
	cs, cp := tree.Read(current, reg)
	ds, dp := tree.ReadSharing(desired, reg, cs)
	t.read[current] = treeRead{cs, cp}
	t.read[desired] = treeRead{ds, dp}
	return t
}

// saveCache writes what this run added to the validation cache; a cache
// that cannot be written only makes the next run slower.
func (t *treeReads) saveCache() {
	if t != nil {
		_ = t.cache.Save()
	}
}

func isDir(dir string) bool {
	st, err := os.Stat(dir)
	return err == nil && st.IsDir()
}

// valid returns the tree at dir, or refuses it, listing every problem with
// its file and line, if it does not validate: nothing is planned from bad
// input. A nil t reads the tree now, with a memo of its own.
func (t *treeReads) valid(w io.Writer, reg *model.Registry, dir string) (*model.Snapshot, error) {
	if !isDir(dir) {
		return nil, fmt.Errorf("%s is not a directory: give the tree written by `oktasync export`", dir)
	}
	memo := tree.NewMemo()
	var snap *model.Snapshot
	var problems []model.Problem
	if t != nil {
		memo = t.memo
		if r, ok := t.read[dir]; ok {
			snap, problems = r.snap, append([]model.Problem(nil), r.problems...)
		}
	}
	if snap == nil {
		snap, problems = tree.Read(dir, reg)
	}
	if snap != nil {
		problems = append(problems, tree.ValidateMemo(snap, reg, memo)...)
	}
	if model.HasErrors(problems) {
		model.SortProblems(problems)
		for _, p := range problems {
			fmt.Fprintln(w, p.String())
		}
		return nil, fmt.Errorf("%s does not validate; fix the problems above (run `oktasync validate %s`)", dir, dir)
	}
	return snap, nil
}

// diffGC collects garbage less often during a diff, under a soft memory
// limit: a diff is short-lived, and most of its heap is the two trees,
// alive to its end, which the collector would otherwise mark again and
// again (a sixth of a large diff's CPU). A GOGC or GOMEMLIMIT in the
// environment is left to rule.
func diffGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(diffGCPercent)
	debug.SetMemoryLimit(diffMemoryLimit)
}

// The diff's collector settings: the heap may grow to two and a half
// times what is live, up to 800 MiB, past which the collector works harder
// to stay under it. GOGC=400 was better while reading and validating
// allocated more; since (fewer copies, the validation cache), a smaller
// heap costs less in page faults and zeroing than the collector's extra
// marking: on the bench's 65k-object trees, warm, wall 0.93 and peak 584
// against 704 MiB with 150 instead of 400 (whole process, medians of 4).
const (
	diffGCPercent   = 150
	diffMemoryLimit = 800 << 20
)
