package sandbox

import (
	"net/http"
	"net/url"
	"strconv"
)

// pageSpec is an endpoint's paging contract (api-facts §5): the default and
// maximum `limit`, and whether it takes an `after` cursor. A zero pageSpec
// means the endpoint returns everything and ignores both.
type pageSpec struct {
	def, max int
	cursor   bool
	// min is a floor some endpoints apply (app group assignments: 20).
	min int
}

func (p pageSpec) paged() bool { return p.cursor || p.max > 0 || p.def > 0 }

// page slices items by the request's after/limit and sets the Link header
// the way Okta does: a rel="self" link always, a rel="next" link (with the
// id of the last item as the cursor) only when more items remain.
func page(c *call, p pageSpec, items []Obj, idOf func(Obj) string) ([]Obj, http.Header) {
	hdr := http.Header{}
	if c.r == nil || !p.paged() {
		return items, hdr
	}
	q := c.r.URL.Query()
	limit := p.def
	if s := q.Get("limit"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			limit = n
		}
	}
	if p.max > 0 && limit > p.max {
		limit = p.max
	}
	if p.min > 0 && limit > 0 && limit < p.min {
		limit = p.min
	}
	start := 0
	if after := q.Get("after"); after != "" && p.cursor {
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
		u := c.base + c.r.URL.Path
		if e := q.Encode(); e != "" {
			u += "?" + e
		}
		return u
	}
	hdr.Add("Link", "<"+link(selfQ)+`>; rel="self"`)
	if end < len(items) && p.cursor {
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
