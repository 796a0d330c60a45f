package engine

import (
	"net/http"
	"net/url"
	"strconv"
)

// PageSpec is an endpoint's paging contract (api-facts §5): the default and
// maximum `limit`, and whether it takes an `after` cursor. A zero PageSpec
// means the endpoint returns everything and ignores both.
type PageSpec struct {
	Def, Max int
	Cursor   bool
	// Min is a floor some endpoints apply (app group assignments: 20).
	Min int
}

func (p PageSpec) paged() bool { return p.Cursor || p.Max > 0 || p.Def > 0 }

// Page slices items by the request's after/limit and sets the Link header
// the way Okta does: a rel="self" link always, a rel="next" link (with the
// id of the last item as the cursor) only when more items remain.
func Page(c *Call, p PageSpec, items []Obj, idOf func(Obj) string) ([]Obj, http.Header) {
	hdr := http.Header{}
	if c.r == nil || !p.paged() {
		return items, hdr
	}
	q := c.r.URL.Query()
	limit := p.Def
	if s := q.Get("limit"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			limit = n
		}
	}
	if p.Max > 0 && limit > p.Max {
		limit = p.Max
	}
	if p.Min > 0 && limit > 0 && limit < p.Min {
		limit = p.Min
	}
	start := 0
	if after := q.Get("after"); after != "" && p.Cursor {
		start = len(items)
		for i, it := range items {
			if idOf(it) == after {
				start = i + 1
				break
			}
		}
	}
	end := len(items)
	if limit > 0 && start+limit < end {
		end = start + limit
	}
	selfQ := cloneValues(q)
	if limit > 0 {
		selfQ.Set("limit", strconv.Itoa(limit))
	}
	link := func(q url.Values) string {
		u := c.Base + c.r.URL.Path
		if e := q.Encode(); e != "" {
			u += "?" + e
		}
		return u
	}
	hdr.Add("Link", "<"+link(selfQ)+`>; rel="self"`)
	if end < len(items) && p.Cursor {
		nextQ := cloneValues(selfQ)
		nextQ.Set("after", idOf(items[end-1]))
		hdr.Add("Link", "<"+link(nextQ)+`>; rel="next"`)
	}
	return items[start:end], hdr
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
