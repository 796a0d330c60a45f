package model

import (
	"fmt"
	"strings"
	"testing"
)

// splitValidRefPath and splitParsePath are ValidRefPath and ParsePath as
// they were written before they stopped allocating (strings.Split and
// strings.Join): the reference the faster versions must agree with.
func splitValidRefPath(p string) bool {
	if p == "" {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" {
			return false
		}
		for i := 0; i < len(seg); i++ {
			c := seg[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

func splitParsePath(r *Registry, path string) (PathInfo, error) {
	if !splitValidRefPath(path) {
		return PathInfo{}, fmt.Errorf("%q is not a valid path (lower-case slugs joined by \"/\")", path)
	}
	segs := strings.Split(path, "/")
	k, ok := r.byName[segs[0]]
	if !ok || k.Parent != "" {
		return PathInfo{}, fmt.Errorf("%q: %q is not a top-level kind", path, segs[0])
	}
	i := 1
	parent := ""
	for {
		n := k.Segments()
		if len(segs) < i+n {
			return PathInfo{}, fmt.Errorf("%q: a %s path needs %d name segment(s) after %q", path, k.Name, n, strings.Join(segs[:i], "/"))
		}
		end := i + n
		if end == len(segs) {
			return PathInfo{Kind: k, ParentPath: parent, Name: strings.Join(segs[i:end], "/")}, nil
		}
		parent = strings.Join(segs[:end], "/")
		dir := segs[end]
		var child *Kind
		for _, c := range r.children[k.Name] {
			if c.ChildDir != dir {
				continue
			}
			if child == nil || (c.Singleton != "" && end+1 < len(segs) && segs[end+1] == c.Singleton) {
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

// parsePathCases are paths of every kind of the registry (its directory
// followed by name segments, nested three deep), cut short, grown and
// broken in the ways a tree or a reference can be.
func parsePathCases(reg *Registry) []string {
	paths := []string{"", "/", "//", "a", "a/", "/a", "a//b", "groups", "groups/", "groups/x", "groups/x/", "groups/X",
		"groups/a b", "groups/a_b", "groups/../etc", "brands/acme/sign-in-page/customized", "brands/acme/sign-in-page/preview",
		"brands/acme/sign-in-page/other", "brands/acme/error-page", "policies/okta-sign-on/p/rules/r/extra",
		"user-types/user/schema/default", "apps/portal/groups/engineering", "apps/portal/groups"}
	var grow func(prefix string, k *Kind, depth int)
	grow = func(prefix string, k *Kind, depth int) {
		p := prefix + k.Dir()
		for n := 0; n <= k.Segments()+1; n++ {
			q := p
			for j := 0; j < n; j++ {
				q += fmt.Sprintf("/s%d", j)
			}
			paths = append(paths, q, q+"/", q+"/zz", q+"//x")
			if n == k.Segments() && k.Singleton != "" {
				paths = append(paths, p+"/"+k.Singleton)
			}
			if n == k.Segments() && depth < 3 {
				for _, c := range reg.children[k.Name] {
					grow(q+"/", c, depth+1)
				}
			}
		}
	}
	for _, k := range reg.byName {
		if k.Parent == "" {
			grow("", k, 0)
		}
	}
	return paths
}

func TestParsePathSameAsSplit(t *testing.T) {
	reg := testRegistry(t)
	cases := parsePathCases(reg)
	ok := 0
	for _, p := range cases {
		if got, want := ValidRefPath(p), splitValidRefPath(p); got != want {
			t.Errorf("ValidRefPath(%q) = %v, want %v", p, got, want)
		}
		got, gerr := reg.ParsePath(p)
		want, werr := splitParsePath(reg, p)
		if fmt.Sprint(gerr) != fmt.Sprint(werr) || got != want {
			t.Errorf("ParsePath(%q) = %+v, %v; want %+v, %v", p, got, gerr, want, werr)
		}
		if werr == nil {
			ok++
		}
	}
	// The cases must reach both the parsed and the refused paths of many kinds.
	if ok < 100 || len(cases)-ok < 100 {
		t.Errorf("%d of %d cases parse; want at least 100 of each", ok, len(cases))
	}
}

func BenchmarkParsePath(b *testing.B) {
	reg := testRegistry(b)
	paths := []string{"groups/engineering", "policies/okta-sign-on/default-policy/rules/default-rule",
		"authorization-servers/default/claims/identity/groups", "apps/portal/groups/engineering"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := reg.ParsePath(paths[i%len(paths)]); err != nil {
			b.Fatal(err)
		}
	}
}
