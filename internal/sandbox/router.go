package sandbox

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// call is what a handler sees: the org (locked for the duration of the
// call), the request, and the org's base URL for building _links.
type call struct {
	s    *Server
	o    *Org
	r    *http.Request // nil when called from seeding or sample building
	base string
}

// request is the client's request, nil for the sandbox's own calls
// (seeding, sample building, generation, internal()).
func (c *call) request() *http.Request { return c.r }

// internal is a call for objects the server makes itself (system objects,
// catch-all rules): the same org, no request, so kinds' request-only checks
// (reserved names, SYSTEM values, query parameters) do not apply.
func (c *call) internal() *call { return &call{s: c.s, o: c.o, base: c.base} }

func (c *call) param(name string) string {
	if c.r == nil {
		return ""
	}
	return c.r.PathValue(name)
}

func (c *call) query() url.Values {
	if c.r == nil {
		return url.Values{}
	}
	return c.r.URL.Query()
}

// body decodes the request body as a JSON object.
func (c *call) body() (Obj, *apiError) {
	if c.r == nil || c.r.Body == nil {
		return Obj{}, nil
	}
	return decodeObject(c.r.Body)
}

// reply is a handler's answer: a status and a JSON body (nil for none).
type reply struct {
	status int
	body   any
	header http.Header
	err    *apiError
}

func ok(v any) reply         { return reply{status: http.StatusOK, body: v} }
func created(v any) reply    { return reply{status: http.StatusCreated, body: v} }
func noContent() reply       { return reply{status: http.StatusNoContent} }
func fail(e *apiError) reply { return reply{err: e} }

type handlerFunc func(c *call) reply

// route is one registered endpoint. scope is the OAuth 2.0 scope Okta
// requires for it (okta.groups.read, …); the SSWS token carries them all.
type route struct {
	method  string
	pattern string
	scope   string
	h       handlerFunc
	// public routes need no token (/.well-known, /_sandbox).
	public bool
	// unlimited routes are not rate limited (/_sandbox).
	unlimited bool
}

// router collects routes from the kind modules and serves them through
// net/http's pattern mux (method and wildcards).
type router struct {
	routes map[string]*route // "GET /api/v1/groups/{groupId}"
}

func newRouter() *router { return &router{routes: map[string]*route{}} }

// handle registers an endpoint. pattern uses net/http wildcards.
func (rt *router) handle(method, pattern, scope string, h handlerFunc) *route {
	r := &route{method: method, pattern: pattern, scope: scope, h: h}
	key := method + " " + pattern
	if _, dup := rt.routes[key]; dup {
		panic("sandbox: route registered twice: " + key)
	}
	rt.routes[key] = r
	return r
}

// patterns lists the registered endpoints, sorted, for tests and docs.
func (rt *router) patterns() []string {
	out := make([]string, 0, len(rt.routes))
	for k := range rt.routes {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// scopeFor derives the Okta OAuth scope for an area: reads need
// okta.<area>.read, writes okta.<area>.manage.
func scopeFor(area, method string) string {
	if method == http.MethodGet {
		return "okta." + area + ".read"
	}
	return "okta." + area + ".manage"
}

func trimSlash(p string) string { return strings.TrimSuffix(p, "/") }
