package engine

import (
	"net/http"
	"strings"
)

// The route matcher. Okta's paths put a literal where other paths of the
// same collection put an id (/api/v1/groups/rules/{ruleId} beside
// /api/v1/groups/{groupId}/users, /api/v1/meta/schemas/user/linkedObjects
// beside /api/v1/meta/schemas/user/{schemaId}), which net/http's pattern
// mux refuses to register as conflicting. The sandbox matches the way
// Okta's own routing evidently does: segment by segment, a literal before
// a wildcard, backing off to the wildcard when the literal leads nowhere
// for the request's method. Patterns are net/http's: literal segments and
// {name} wildcards, no trailing slash.

type matchNode struct {
	lit    map[string]*matchNode
	wild   *matchNode
	routes map[string]*Route // by method, at the node a pattern ends on
}

// routeParams are a pattern's wildcard names by segment index ("" for a
// literal segment).
func routeParams(pattern string) []string {
	segs := splitPath(pattern)
	out := make([]string, len(segs))
	for i, s := range segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			out[i] = s[1 : len(s)-1]
		}
	}
	return out
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

func (n *matchNode) add(r *Route) {
	cur := n
	for _, s := range splitPath(r.pattern) {
		if strings.HasPrefix(s, "{") {
			if cur.wild == nil {
				cur.wild = &matchNode{}
			}
			cur = cur.wild
			continue
		}
		if cur.lit == nil {
			cur.lit = map[string]*matchNode{}
		}
		next := cur.lit[s]
		if next == nil {
			next = &matchNode{}
			cur.lit[s] = next
		}
		cur = next
	}
	if cur.routes == nil {
		cur.routes = map[string]*Route{}
	}
	cur.routes[r.method] = r
}

// find returns the route for method and the path's segments, and whether
// any route (of any method) matches the path, which tells a 405 from a
// 404.
func (n *matchNode) find(method string, segs []string) (*Route, bool) {
	if len(segs) == 0 {
		if n.routes == nil {
			return nil, false
		}
		return n.routes[method], true
	}
	pathSeen := false
	if next := n.lit[segs[0]]; next != nil {
		r, seen := next.find(method, segs[1:])
		if r != nil {
			return r, true
		}
		pathSeen = seen
	}
	if n.wild != nil && segs[0] != "" {
		r, seen := n.wild.find(method, segs[1:])
		if r != nil {
			return r, true
		}
		pathSeen = pathSeen || seen
	}
	return nil, pathSeen
}

// matchRequest finds a request's route and sets its path values; the
// second result tells whether the path exists for another method.
func (rt *Router) matchRequest(r *http.Request) (*Route, bool) {
	method := r.Method
	if method == http.MethodHead {
		method = http.MethodGet
	}
	segs := splitPath(r.URL.Path)
	if strings.HasSuffix(r.URL.Path, "/") && r.URL.Path != "/" {
		return nil, false
	}
	route, seen := rt.tree.find(method, segs)
	if route == nil {
		return nil, seen
	}
	for i, name := range route.params {
		if name != "" {
			r.SetPathValue(name, segs[i])
		}
	}
	return route, true
}
