package tree

import (
	"sync"

	"github.com/oktasync/oktasync/internal/model"
)

// Memo holds the problems of the checks that depend only on a file's
// bytes (schema, spec types, text, placeholder placement, reserved
// identities), by kind and content (model.Object.Content), for
// ValidateMemo. Equal bytes of one kind are the same document (its kind,
// name, role, relations and body are in the bytes) with the same lines, so
// their problems are the same but for the file they are reported in.
// Only objects as a reader made them carry a content (a clone has none),
// so a changed object is never answered from the memo. Safe for
// concurrent use.
type Memo struct {
	mu sync.RWMutex
	m  map[memoKey]*memoEntry
	// cache answers for the files found clean by an earlier run, and
	// learns those this run finds clean; nil for none.
	cache *Cache
}

// NewMemo returns an empty memo.
func NewMemo() *Memo { return &Memo{m: map[memoKey]*memoEntry{}} }

// NewCachedMemo returns an empty memo backed by a cache across runs: a file
// the cache knows clean (Cache) skips the memoized checks, and a file found
// clean is added to it. A nil cache is NewMemo's.
func NewCachedMemo(c *Cache) *Memo { return &Memo{m: map[memoKey]*memoEntry{}, cache: c} }

// memoGroups is the number of memoized groups of checks validator.object
// runs (calls to own), each replayed empty for a file the cache knows.
const memoGroups = 2

// memoEntry is what the checks of a file need of its kind and content:
// the problems of each memoized group of checks, in order, and what to
// check against the rest of the tree. An entry in the memo is never
// changed.
type memoEntry struct {
	groups [][]model.Problem
	// cross are the checks against the rest of the tree (crossChecks).
	cross *crossChecks
	// ident is the identity part of the object's identity group (see
	// identityKey).
	ident string
}

// memoKey is an entry's key: the kind and content (model.Object.Content)
// of a file.
type memoKey struct{ kind, content string }

func keyOf(o *model.Object) memoKey { return memoKey{o.Kind, o.Content()} }

// get returns the entry for o: the recorded one when hit (to replay, not
// to change), or a new one to record into; nil when o cannot be memoized.
// An entry it makes has been given to fill first, which records what does
// not depend on running the own checks, from the cache's form of the
// entry (encodeEntry) when the cache has one, else nil.
func (m *Memo) get(o *model.Object, fill func(e *memoEntry, cached []byte)) (*memoEntry, bool) {
	if m == nil || o.Content() == "" {
		return nil, false
	}
	key := keyOf(o)
	m.mu.RLock()
	e, ok := m.m[key]
	m.mu.RUnlock()
	if ok {
		return e, true
	}
	if cached, ok := m.cache.clean(o); ok {
		// Recorded here too, so that Clean answers without the cache.
		e := &memoEntry{groups: make([][]model.Problem, memoGroups)}
		fill(e, cached)
		m.mu.Lock()
		m.m[key] = e
		m.mu.Unlock()
		return e, true
	}
	e = &memoEntry{}
	fill(e, nil)
	return e, false
}

// put records a new entry of o, of kind k (a second object of equal
// content checked at the same time records the same problems).
func (m *Memo) put(o *model.Object, k *model.Kind, e *memoEntry, hit bool) {
	if e == nil || hit {
		return
	}
	m.mu.Lock()
	m.m[keyOf(o)] = e
	m.mu.Unlock()
	if len(e.groups) != memoGroups {
		return
	}
	for _, g := range e.groups {
		if len(g) > 0 {
			return // only a file with no problem at all is cached
		}
	}
	if m.cache != nil {
		m.cache.remember(o, encodeEntry(e, k))
	}
}

// own runs the group-th group of checks of the file alone: replayed from
// the memo entry (re-labelled with o's file) when hit, else run and
// recorded.
func (v *validator) own(o *model.Object, e *memoEntry, hit bool, group int, checks func()) {
	if e == nil {
		checks()
		return
	}
	if hit {
		for _, p := range e.groups[group] {
			p.File = o.File()
			v.problems = append(v.problems, p)
		}
		return
	}
	start := len(v.problems)
	checks()
	e.groups = append(e.groups, append([]model.Problem(nil), v.problems[start:]...))
}

// Clean reports whether the checks of o's file alone (schema, spec types,
// text, placeholder placement, reserved identities) found no problem, not
// even a warning, in this run or, through the cache, an earlier one; false
// when they have not run or o has no content identity.
func (m *Memo) Clean(o *model.Object) bool {
	if m == nil || o.Content() == "" {
		return false
	}
	m.mu.RLock()
	e, ok := m.m[keyOf(o)]
	m.mu.RUnlock()
	if !ok {
		return m.cache.knows(o)
	}
	if len(e.groups) != memoGroups {
		return false
	}
	for _, g := range e.groups {
		if len(g) > 0 {
			return false
		}
	}
	return true
}
