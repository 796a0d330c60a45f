package model

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Snapshot is an ordered set of objects keyed by ref path: a whole tree, as
// read from disk or exported from an org. Iteration is in path order.
type Snapshot struct {
	reg   *Registry
	byKey map[string]*Object
	// paths is sorted lazily: Add appends, and the first read after an
	// out-of-order Add sorts. Inserting in place made building a large
	// snapshot quadratic. mu makes the lazy sort safe for concurrent
	// readers.
	mu       sync.Mutex
	paths    []string
	unsorted bool
	// unavailable are the parts of the org an export found missing
	// (MarkUnavailable).
	unavailable []Unavailable
}

// sortedPaths returns the paths in order (the slice must not be modified).
func (s *Snapshot) sortedPaths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unsorted {
		sort.Strings(s.paths)
		s.unsorted = false
	}
	return s.paths
}

// NewSnapshot returns an empty snapshot whose objects are described by reg.
func NewSnapshot(reg *Registry) *Snapshot {
	return &Snapshot{reg: reg, byKey: map[string]*Object{}}
}

// Registry returns the registry the snapshot was made with.
func (s *Snapshot) Registry() *Registry { return s.reg }

// Add inserts an object. The path must be new, well-formed, and of the
// object's kind.
func (s *Snapshot) Add(o *Object) error {
	if o == nil {
		return fmt.Errorf("add: nil object")
	}
	if _, dup := s.byKey[o.Path]; dup {
		return fmt.Errorf("add %s: an object with this path already exists", o.Path)
	}
	if !ValidRefPath(o.Path) {
		return fmt.Errorf("add %s: malformed path", o.Path)
	}
	if s.reg != nil {
		info, err := s.reg.ParsePath(o.Path)
		if err != nil {
			return fmt.Errorf("add: %w", err)
		}
		if info.Kind.Name != o.Kind {
			return fmt.Errorf("add %s: path is of kind %s, object says %s", o.Path, info.Kind.Name, o.Kind)
		}
		if o.Name == "" {
			o.Name = info.Name
		} else if o.Name != info.Name {
			return fmt.Errorf("add %s: name %q does not match the path (want %q)", o.Path, o.Name, info.Name)
		}
	}
	s.byKey[o.Path] = o
	s.mu.Lock()
	if n := len(s.paths); n > 0 && s.paths[n-1] > o.Path {
		s.unsorted = true
	}
	s.paths = append(s.paths, o.Path)
	s.mu.Unlock()
	return nil
}

// Remove deletes the object at path and reports whether it was there.
func (s *Snapshot) Remove(path string) bool {
	if _, ok := s.byKey[path]; !ok {
		return false
	}
	delete(s.byKey, path)
	paths := s.sortedPaths()
	i := sort.SearchStrings(paths, path)
	s.mu.Lock()
	s.paths = append(s.paths[:i], s.paths[i+1:]...)
	s.mu.Unlock()
	return true
}

// Get returns the object at path.
func (s *Snapshot) Get(path string) (*Object, bool) {
	o, ok := s.byKey[path]
	return o, ok
}

// Len is the number of objects.
func (s *Snapshot) Len() int { return len(s.byKey) }

// Objects returns all objects in path order.
func (s *Snapshot) Objects() []*Object {
	paths := s.sortedPaths()
	out := make([]*Object, len(paths))
	for i, p := range paths {
		out[i] = s.byKey[p]
	}
	return out
}

// ByKind returns the objects of one kind in path order.
func (s *Snapshot) ByKind(kind string) []*Object {
	var out []*Object
	for _, p := range s.sortedPaths() {
		if o := s.byKey[p]; o.Kind == kind {
			out = append(out, o)
		}
	}
	return out
}

// Children returns the direct children of the object at parentPath (of any
// child kind), in path order. Grandchildren are not included.
func (s *Snapshot) Children(parentPath string) []*Object {
	prefix := parentPath + "/"
	paths := s.sortedPaths()
	i := sort.SearchStrings(paths, prefix)
	var out []*Object
	for ; i < len(paths) && strings.HasPrefix(paths[i], prefix); i++ {
		o := s.byKey[paths[i]]
		if s.reg != nil {
			if info, err := s.reg.ParsePath(o.Path); err != nil || info.ParentPath != parentPath {
				continue
			}
		}
		out = append(out, o)
	}
	return out
}

// ChildrenOf returns the direct children of parentPath of one kind.
func (s *Snapshot) ChildrenOf(parentPath, kind string) []*Object {
	var out []*Object
	for _, o := range s.Children(parentPath) {
		if o.Kind == kind {
			out = append(out, o)
		}
	}
	return out
}

// Parent returns the parent object of o, if o's kind has a parent and the
// parent is in the snapshot.
func (s *Snapshot) Parent(o *Object) (*Object, bool) {
	if s.reg == nil {
		return nil, false
	}
	info, err := s.reg.ParsePath(o.Path)
	if err != nil || info.ParentPath == "" {
		return nil, false
	}
	return s.Get(info.ParentPath)
}
