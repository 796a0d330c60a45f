package engine

import (
	"net/http"
	"net/url"
	"strings"
)

// routeTree matches a request path to a route segment by segment, trying a
// literal segment before a wildcard and backtracking when a branch ends
// without a route. That is the precedence Okta's own paths need:
// /api/v1/groups/rules/{ruleId} and /api/v1/groups/{groupId}/roles both
// match /api/v1/groups/rules/roles, and net/http's ServeMux refuses to hold
// both (neither pattern is more specific). Wherever ServeMux accepts a set
// of patterns, this order picks the same route it would: the more specific
// pattern has a literal where the other has a wildcard.
type routeTree struct{ root *routeNode }

type routeNode struct {
	lit  map[string]*routeNode
	wild *routeNode
	end  map[string]*Route // by method
}

func newRouteTree() *routeTree { return &routeTree{root: &routeNode{}} }

// patternSegments splits "/api/v1/groups/{groupId}" into its segments.
func patternSegments(p string) []string { return strings.Split(strings.TrimPrefix(p, "/"), "/") }

func isWildcard(seg string) bool { return len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' }

// add places a route; the router has already refused duplicates.
func (t *routeTree) add(rt *Route) {
	n := t.root
	for _, seg := range patternSegments(rt.pattern) {
		if isWildcard(seg) {
			if n.wild == nil {
				n.wild = &routeNode{}
			}
			n = n.wild
			continue
		}
		if n.lit == nil {
			n.lit = map[string]*routeNode{}
		}
		next := n.lit[seg]
		if next == nil {
			next = &routeNode{}
			n.lit[seg] = next
		}
		n = next
	}
	if n.end == nil {
		n.end = map[string]*Route{}
	}
	n.end[rt.method] = rt
}

// find returns the route for method and the path's (unescaped) segments,
// and the wildcard values in path order; nil when no route matches.
func (t *routeTree) find(method string, segs []string) (*Route, []string) {
	if method == http.MethodHead {
		method = http.MethodGet
	}
	var vals []string
	var walk func(n *routeNode, i int) *Route
	walk = func(n *routeNode, i int) *Route {
		if i == len(segs) {
			return n.end[method]
		}
		if next := n.lit[segs[i]]; next != nil {
			if rt := walk(next, i+1); rt != nil {
				return rt
			}
		}
		if n.wild != nil && segs[i] != "" {
			vals = append(vals, segs[i])
			if rt := walk(n.wild, i+1); rt != nil {
				return rt
			}
			vals = vals[:len(vals)-1]
		}
		return nil
	}
	rt := walk(t.root, 0)
	return rt, vals
}

// requestSegments splits the request's escaped path and unescapes each
// segment, so that an escaped slash stays inside its segment (a login or an
// app name in the path), as ServeMux does. ok is false for a path that
// does not decode.
func requestSegments(r *http.Request) ([]string, bool) {
	segs := strings.Split(strings.TrimPrefix(r.URL.EscapedPath(), "/"), "/")
	for i, s := range segs {
		u, err := url.PathUnescape(s)
		if err != nil {
			return nil, false
		}
		segs[i] = u
	}
	return segs, true
}

// wildcardNames lists a pattern's wildcard names in path order.
func wildcardNames(pattern string) []string {
	var out []string
	for _, seg := range patternSegments(pattern) {
		if isWildcard(seg) {
			out = append(out, seg[1:len(seg)-1])
		}
	}
	return out
}
