package apply

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/oktasync/oktasync/internal/okta"
)

// fakeClient is a Client whose answers come from functions, and which
// records every request. It is for tests of the executor's own logic; the
// sandbox tests cover the real API.
type fakeClient struct {
	mu       sync.Mutex
	requests []string // "METHOD /path?query"
	bodies   []string
	do       func(req okta.Request) (*okta.Response, error)
	list     func(path string) ([]map[string]any, error)
}

func (f *fakeClient) Do(_ context.Context, req okta.Request) (*okta.Response, error) {
	line := req.Method + " " + req.Path
	if len(req.Query) > 0 {
		line += "?" + req.Query.Encode()
	}
	body := ""
	if req.Body != nil {
		b, _ := json.Marshal(req.Body)
		body = string(b)
	}
	f.mu.Lock()
	f.requests = append(f.requests, line)
	f.bodies = append(f.bodies, body)
	f.mu.Unlock()
	if f.do == nil {
		return jsonResponse(200, map[string]any{})
	}
	return f.do(req)
}

func (f *fakeClient) List(_ context.Context, path string, _ url.Values, _ int, fn func(page []json.RawMessage) error) error {
	f.mu.Lock()
	f.requests = append(f.requests, "LIST "+path)
	f.bodies = append(f.bodies, "")
	f.mu.Unlock()
	if f.list == nil {
		return fn(nil)
	}
	objs, err := f.list(path)
	if err != nil {
		return err
	}
	page := make([]json.RawMessage, len(objs))
	for i, o := range objs {
		page[i], _ = json.Marshal(o)
	}
	return fn(page)
}

func (f *fakeClient) sent(prefix string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, r := range f.requests {
		if strings.HasPrefix(r, prefix) {
			out = append(out, r)
		}
	}
	return out
}

func jsonResponse(status int, body any) (*okta.Response, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	return &okta.Response{Status: status, Body: b}, nil
}

// apiError is what the client returns for a non-2xx answer.
func apiError(method, path string, status int, code string) error {
	return &okta.APIError{Method: method, Path: path, Status: status, ErrorCode: code,
		ErrorSummary: fmt.Sprintf("fake %d", status)}
}
