package model

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// MaxSlugLen is the longest slug (one path segment), suffix included.
const MaxSlugLen = 80

// Slug turns a display value into a path segment: lower-case ASCII letters,
// digits and '-'; every run of other characters becomes one '-'; leading and
// trailing '-' are trimmed; at most MaxSlugLen characters; "unnamed" if
// nothing is left.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + ('a' - 'A'))
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = true
		}
	}
	return trimSlug(b.String(), MaxSlugLen)
}

func trimSlug(s string, max int) string {
	if len(s) > max {
		s = s[:max]
	}
	s = strings.Trim(s, "-")
	if s == "" {
		return "unnamed"
	}
	return s
}

// SlugSegments returns the local-name segments of an object of kind k: the
// singleton name, or one slug per slug field. A field holding "${ref:p}"
// contributes the last segment of p; a missing field gives "unnamed".
func (k *Kind) SlugSegments(body map[string]any) []string {
	if k.Singleton != "" {
		return []string{k.Singleton}
	}
	if k.NamedBy != nil {
		// The name comes from the referrer, which export knows; the body
		// alone does not say it.
		return []string{"unnamed"}
	}
	segs := make([]string, len(k.SlugFields))
	for i, f := range k.SlugFields {
		v, _ := Lookup(body, f)
		s := scalarString(v)
		if p, ok := ParseRef(s); ok {
			s = p[strings.LastIndexByte(p, '/')+1:]
		} else if ls := LoginsIn(s); len(ls) == 1 && s == FormatUser(ls[0]) {
			s = ls[0] // a user by login: the login's slug
		}
		segs[i] = Slug(s)
	}
	if len(segs) == 1 && segs[0] == "unnamed" && k.System != nil && k.System.Role != "" {
		// A system object of a constant role whose slug field is not
		// written (the default custom domain's host, which differs per
		// org) is named by its role.
		return []string{k.System.Role}
	}
	return segs
}

// PathInfo is a ref path taken apart.
type PathInfo struct {
	Kind *Kind
	// ParentPath is the parent object's path; empty for top-level kinds.
	ParentPath string
	// Name is the local name (the segments after the kind's directory).
	Name string
}

// ParsePath finds the kind, parent and local name of a ref path. Paths are
// positional: the first segment is a top-level kind, followed by as many
// segments as the kind's local name has; then optionally a child directory
// of that kind, and so on.
func (r *Registry) ParsePath(path string) (PathInfo, error) {
	if !ValidRefPath(path) {
		return PathInfo{}, fmt.Errorf("%q is not a valid path (lower-case slugs joined by \"/\")", path)
	}
	// ends[j] is where segment j ends in path (its '/' or len(path)): the
	// segments stay substrings of path, so a path is taken apart without
	// allocating (ParsePath runs several times per object of a tree).
	var buf [16]int
	ends := buf[:0]
	for i := 0; i < len(path); i++ {
		if path[i] == '/' {
			ends = append(ends, i)
		}
	}
	ends = append(ends, len(path))
	seg := func(j int) string {
		if j == 0 {
			return path[:ends[0]]
		}
		return path[ends[j-1]+1 : ends[j]]
	}
	// upTo is segments [0, j) joined by "/".
	upTo := func(j int) string { return path[:ends[j-1]] }
	first := seg(0)
	k, ok := r.byName[first]
	if !ok || k.Parent != "" {
		return PathInfo{}, fmt.Errorf("%q: %q is not a top-level kind", path, first)
	}
	i := 1
	parent := ""
	for {
		n := k.Segments()
		if len(ends) < i+n {
			return PathInfo{}, fmt.Errorf("%q: a %s path needs %d name segment(s) after %q", path, k.Name, n, upTo(i))
		}
		end := i + n
		if end == len(ends) {
			name := ""
			if n > 0 {
				name = path[ends[i-1]+1 : ends[end-1]]
			}
			return PathInfo{Kind: k, ParentPath: parent, Name: name}, nil
		}
		parent = upTo(end)
		dir := seg(end)
		var child *Kind
		for _, c := range r.children[k.Name] {
			if c.ChildDir != dir {
				continue
			}
			// Singletons sharing a directory are told apart by their
			// name; a name none of them has goes to the first, whose
			// name check reports it.
			if child == nil || (c.Singleton != "" && end+1 < len(ends) && seg(end+1) == c.Singleton) {
				child = c
			}
		}
		if child == nil {
			return PathInfo{}, fmt.Errorf("%q: %s objects have no child directory %q", path, k.Name, dir)
		}
		k = child
		i = end + 1
	}
}

// PathFor builds the ref path of an object of kind k under parentPath (empty
// for top-level kinds) with the given local-name segments.
func PathFor(k *Kind, parentPath string, segs []string) string {
	name := strings.Join(segs, "/")
	if k.Parent == "" {
		return k.Name + "/" + name
	}
	return parentPath + "/" + k.ChildDir + "/" + name
}

// BasePath is the path an object would get before collisions are resolved.
func BasePath(k *Kind, parentPath string, body map[string]any) string {
	return PathFor(k, parentPath, k.SlugSegments(body))
}

// PathCandidate is an object waiting for its final path.
type PathCandidate struct {
	// Base is the path from BasePath.
	Base string
	// Key orders objects that share a base: normally CanonicalJSON of the
	// body (plus role and relations when they matter).
	Key []byte
}

// AssignPaths resolves collisions deterministically. Every distinct base is
// reserved first. Among candidates sharing a base, sorted by Key, the first
// keeps the base and the others get "-2", "-3", … on the last segment,
// skipping any path already taken. The result is indexed like cands and
// does not depend on their order (up to candidates with equal keys, which are
// interchangeable).
func AssignPaths(cands []PathCandidate) []string {
	out := make([]string, len(cands))
	used := map[string]bool{}
	groups := map[string][]int{}
	for i, c := range cands {
		used[c.Base] = true
		groups[c.Base] = append(groups[c.Base], i)
	}
	bases := make([]string, 0, len(groups))
	for b := range groups {
		bases = append(bases, b)
	}
	sort.Strings(bases)
	for _, base := range bases {
		idx := groups[base]
		sort.SliceStable(idx, func(a, b int) bool { return bytes.Compare(cands[idx[a]].Key, cands[idx[b]].Key) < 0 })
		out[idx[0]] = base
		n := 2
		for _, i := range idx[1:] {
			for {
				p := withSuffix(base, n)
				n++
				if !used[p] {
					used[p] = true
					out[i] = p
					break
				}
			}
		}
	}
	return out
}

func withSuffix(path string, n int) string {
	cut := strings.LastIndexByte(path, '/') + 1
	suffix := "-" + strconv.Itoa(n)
	last := path[cut:]
	if len(last)+len(suffix) > MaxSlugLen {
		last = strings.TrimRight(last[:MaxSlugLen-len(suffix)], "-")
	}
	return path[:cut] + last + suffix
}
