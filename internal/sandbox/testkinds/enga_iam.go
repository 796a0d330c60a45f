package testkinds

import (
	"net/http"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// base is the prefix of the test kinds' IAM endpoints (IAMBase).
const base = IAMBase

// area is the scope area of every IAM endpoint: okta.roles.read|manage.
const area = "roles"

// wrapped answers an IAM list as Okta does: an object whose key holds the
// page, paged by after/limit with the next page in the body's
// _links.next.href (not a Link header).
func wrapped(c *engine.Call, key string, def, max int, items []engine.Obj, render func(engine.Obj) engine.Obj) engine.Reply {
	page, hdr := engine.Page(c, engine.PageSpec{Def: def, Max: max, Cursor: true}, items, func(o engine.Obj) string { return engine.Str(o, "id") })
	out := make([]any, len(page))
	for i, o := range page {
		out[i] = render(o)
	}
	links := engine.Obj{}
	for _, l := range hdr.Values("Link") {
		href, rel, _ := strings.Cut(l, ">; rel=")
		links[strings.Trim(rel, `"`)] = engine.Obj{"href": strings.TrimPrefix(href, "<")}
	}
	return engine.Reply{Status: http.StatusOK, Body: engine.Obj{key: out, "_links": links}}
}

// byIDOrLabel finds an object by its id or its label (IAM paths take
// either).
func byIDOrLabel(c *engine.Call, table, key string) engine.Obj {
	if o := c.Org.Get(table, "", key); o != nil {
		return o
	}
	return c.Org.Find(table, "", func(o engine.Obj) bool { return engine.Str(o, "label") == key })
}

// stamp sets created and lastUpdated on a new object.
func stamp(c *engine.Call, o engine.Obj) {
	now := c.Org.Timestamp()
	o["created"], o["lastUpdated"] = now, now
}

func scope(method string) string { return engine.ScopeFor(area, method) }
