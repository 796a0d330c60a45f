package okta

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// Doer sends one request; *Client is one, and so are the narrower clients
// export and apply take.
type Doer interface {
	Do(ctx context.Context, req Request) (*Response, error)
}

// ListWrapped reads every page of a collection that answers with an object
// rather than an array, as the IAM endpoints do: the page is the object's
// key field, and the next page is the body's _links.next.href (not a Link
// header). The first request is path with query and, if limit > 0,
// limit=<limit>; every later one is the next href exactly as the server
// wrote it (on the org's host, or its -admin host, which the client
// accepts). fn is called once per page, in order.
func ListWrapped(ctx context.Context, c Doer, path string, query url.Values, limit int, key string, fn func(page []json.RawMessage) error) error {
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
		var body struct {
			Links struct {
				Next struct {
					Href string `json:"href"`
				} `json:"next"`
			} `json:"_links"`
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(resp.Body, &fields); err != nil {
			return fmt.Errorf("GET %s: expected a JSON object: %w", path, err)
		}
		var page []json.RawMessage
		if raw, ok := fields[key]; ok && string(raw) != "null" {
			if err := json.Unmarshal(raw, &page); err != nil {
				return fmt.Errorf("GET %s: %q is not an array: %w", path, key, err)
			}
		}
		if err := fn(page); err != nil {
			return err
		}
		_ = json.Unmarshal(resp.Body, &body)
		next := body.Links.Next.Href
		if next == "" {
			return nil
		}
		if seen[next] {
			return fmt.Errorf("GET %s: _links.next points back to a page already read", path)
		}
		seen[next] = true
		req = Request{Method: http.MethodGet, Path: next}
	}
}
