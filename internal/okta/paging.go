package okta

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// List reads every page of a collection. The first request is path with
// query and, if limit > 0, limit=<limit> (the largest page the endpoint
// allows is the cheapest way through the rate limits). Every later request is
// the Link header's rel="next" URL exactly as the server wrote it: Okta's
// cursors are opaque and some next URLs carry parameters we never sent, so
// building a page URL ourselves would be wrong. The list ends when a page
// has no next link.
//
// fn is called once per page, in order, with the page's array elements; an
// error from fn stops the listing and is returned.
//
// List is for endpoints that answer with a JSON array. Do not use it to poll
// the System Log, whose next link never runs out.
func (c *Client) List(ctx context.Context, path string, query url.Values, limit int, fn func(page []json.RawMessage) error) error {
	q := url.Values{}
	for k, v := range query {
		q[k] = append([]string(nil), v...)
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	req := Request{Method: http.MethodGet, Path: path, Query: q}
	seen := map[string]bool{}
	for {
		resp, err := c.Do(ctx, req)
		if err != nil {
			return err
		}
		var page []json.RawMessage
		if err := json.Unmarshal(resp.Body, &page); err != nil {
			return fmt.Errorf("GET %s: expected a JSON array: %w", resp.url.Path, err)
		}
		if err := fn(page); err != nil {
			return err
		}
		next := nextLink(resp.Header)
		if next == "" {
			return nil
		}
		nu, err := resp.url.Parse(next) // relative links resolve against the page's URL
		if err != nil {
			return fmt.Errorf("GET %s: unreadable Link rel=\"next\": %w", resp.url.Path, err)
		}
		seen[resp.url.String()] = true
		if seen[nu.String()] {
			return fmt.Errorf("GET %s: Link rel=\"next\" points back to a page already read", resp.url.Path)
		}
		req = Request{Method: http.MethodGet, Path: nu.String()}
	}
}

// nextLink returns the target of the rel="next" link in h, or "". Okta sends
// links both as separate Link header lines and as one comma-separated line;
// rel may be quoted or bare and may list several relation types.
func nextLink(h http.Header) string {
	for _, line := range h.Values("Link") {
		for _, l := range parseLinks(line) {
			for _, rel := range strings.Fields(l.rel) {
				if strings.EqualFold(rel, "next") {
					return l.target
				}
			}
		}
	}
	return ""
}

type link struct{ target, rel string }

// parseLinks splits one Link header value (RFC 8288) into its links. Commas
// inside <...> or quoted strings do not separate links.
func parseLinks(s string) []link {
	var links []link
	for {
		s = strings.TrimLeft(s, " \t,")
		if !strings.HasPrefix(s, "<") {
			return links
		}
		end := strings.IndexByte(s, '>')
		if end < 0 {
			return links
		}
		l := link{target: s[1:end]}
		s = s[end+1:]
		// Parameters run to the next comma outside quotes.
		for {
			s = strings.TrimLeft(s, " \t")
			if !strings.HasPrefix(s, ";") {
				break
			}
			s = strings.TrimLeft(s[1:], " \t")
			name, value, rest := parseParam(s)
			s = rest
			if strings.EqualFold(name, "rel") {
				l.rel = value
			}
		}
		links = append(links, l)
		// Normally s now starts with the comma before the next link; skip
		// anything malformed up to it.
		if i := strings.IndexByte(s, ','); i >= 0 {
			s = s[i:]
		} else {
			s = ""
		}
	}
}

// parseParam reads `name=value` or `name="quoted value"` from the start of s
// and returns the rest.
func parseParam(s string) (name, value, rest string) {
	i := strings.IndexAny(s, "=;,")
	if i < 0 {
		return strings.TrimSpace(s), "", ""
	}
	name = strings.TrimSpace(s[:i])
	if s[i] != '=' {
		return name, "", s[i:]
	}
	s = strings.TrimLeft(s[i+1:], " \t")
	if strings.HasPrefix(s, `"`) {
		var b strings.Builder
		for j := 1; j < len(s); j++ {
			switch s[j] {
			case '\\':
				if j+1 < len(s) {
					j++
					b.WriteByte(s[j])
				}
			case '"':
				return name, b.String(), s[j+1:]
			default:
				b.WriteByte(s[j])
			}
		}
		return name, b.String(), ""
	}
	j := strings.IndexAny(s, ";,")
	if j < 0 {
		return name, strings.TrimSpace(s), ""
	}
	return name, strings.TrimSpace(s[:j]), s[j:]
}
