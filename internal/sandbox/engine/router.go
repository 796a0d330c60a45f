package engine

import (
	"net/http"
	"net/url"
	"sort"
)

// Call is what a handler sees: the org (locked for the duration of the
// call), the request, and the org's base URL for building _links.
type Call struct {
	s *Server
	// Org is the org, locked for the call.
	Org *Org
	r   *http.Request // nil when called from seeding or sample building
	// Base is the org's URL as the client reached it ("" without a
	// request), for _links.
	Base string
	// events are the System Log events of this call's changes, recorded
	// when it succeeds (syslog.go).
	events []pendingEvent
}

// Request is the client's request, nil for the sandbox's own calls
// (seeding, sample building, generation, Internal).
func (c *Call) Request() *http.Request { return c.r }

// Internal is a call for objects the server makes itself (system objects,
// catch-all rules): the same org, no request, so kinds' request-only checks
// (reserved names, SYSTEM values, query parameters) do not apply.
func (c *Call) Internal() *Call { return &Call{s: c.s, Org: c.Org, Base: c.Base} }

// Param is a path wildcard's value ("" without a request).
func (c *Call) Param(name string) string {
	if c.r == nil {
		return ""
	}
	return c.r.PathValue(name)
}

// Query is the request's query (empty without a request).
func (c *Call) Query() url.Values {
	if c.r == nil {
		return url.Values{}
	}
	return c.r.URL.Query()
}

// Body decodes the request body as a JSON object.
func (c *Call) Body() (Obj, *APIError) {
	if c.r == nil || c.r.Body == nil {
		return Obj{}, nil
	}
	return decodeObject(c.r.Body)
}

// Reply is a handler's answer: a status and a JSON body (nil for none),
// or Raw bytes of the type Header's Content-Type names (SAML metadata is
// XML).
type Reply struct {
	Status int
	Body   any
	Raw    []byte
	Header http.Header
	Err    *APIError
}

// OK, Created, NoContent and Fail build the common answers.
func OK(v any) Reply         { return Reply{Status: http.StatusOK, Body: v} }
func Created(v any) Reply    { return Reply{Status: http.StatusCreated, Body: v} }
func NoContent() Reply       { return Reply{Status: http.StatusNoContent} }
func Fail(e *APIError) Reply { return Reply{Err: e} }

// HandlerFunc serves one endpoint.
type HandlerFunc func(c *Call) Reply

// Route is one registered endpoint (Router.Handle returns it, so that a
// kind can mark it Public). scope is the OAuth 2.0 scope Okta
// requires for it (okta.groups.read, …); the SSWS token carries them all.
type Route struct {
	method  string
	pattern string
	scope   string
	h       HandlerFunc
	// Public routes need no token (/.well-known, /_sandbox).
	Public bool
	// unlimited routes are not rate limited (/_sandbox).
	unlimited bool
}

// Router collects routes from the kind modules. The server matches
// requests against them segment by segment, a literal before a wildcard
// (match.go), with net/http wildcard syntax in the patterns.
type Router struct {
	routes map[string]*Route // "GET /api/v1/groups/{groupId}"
}

func newRouter() *Router { return &Router{routes: map[string]*Route{}} }

// Handle registers an endpoint. pattern uses net/http wildcards.
func (rt *Router) Handle(method, pattern, scope string, h HandlerFunc) *Route {
	r := &Route{method: method, pattern: pattern, scope: scope, h: h}
	key := method + " " + pattern
	if _, dup := rt.routes[key]; dup {
		panic("sandbox: route registered twice: " + key)
	}
	rt.routes[key] = r
	return r
}

// patterns lists the registered endpoints, sorted, for tests and docs.
func (rt *Router) patterns() []string {
	out := make([]string, 0, len(rt.routes))
	for k := range rt.routes {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ScopeFor derives the Okta OAuth scope for an area: reads need
// okta.<area>.read, writes okta.<area>.manage.
func ScopeFor(area, method string) string {
	if method == http.MethodGet {
		return "okta." + area + ".read"
	}
	return "okta." + area + ".manage"
}
