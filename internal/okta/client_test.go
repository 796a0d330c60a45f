package okta

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// captured is what a test server saw of one request.
type captured struct {
	body             string
	header           http.Header
	transferEncoding []string
}

func captureServer(t *testing.T, status int, respBody string) (*Client, func() []captured) {
	t.Helper()
	var (
		mu   sync.Mutex
		seen []captured
	)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, captured{string(b), r.Header.Clone(), r.TransferEncoding})
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, respBody)
	})
	return newTestClient(t, srv.URL), func() []captured {
		mu.Lock()
		defer mu.Unlock()
		return append([]captured(nil), seen...)
	}
}

func TestRequestHeaders(t *testing.T) {
	tests := []struct {
		name              string
		req               Request
		wantBody          string
		wantContentLength string // the header as received; "" means absent
	}{
		{"GET", Request{Path: "/api/v1/groups"}, "", ""},
		{"empty POST", Request{Method: "POST", Path: "/api/v1/apps/0oa1b2c3d4e5f6g7h8i9/lifecycle/activate"}, "", "0"},
		{"empty PUT", Request{Method: "PUT", Path: "/api/v1/apps/0oa1b2c3d4e5f6g7h8i9/policies/rst1b2c3d4e5f6g7h8i9"}, "", "0"},
		{"POST value", Request{Method: "POST", Path: "/api/v1/groups", Body: map[string]any{"profile": map[string]string{"name": "a&b<c>"}}}, `{"profile":{"name":"a&b<c>"}}`, "29"},
		{"PUT raw", Request{Method: "PUT", Path: "/api/v1/groups/00g1b2c3d4e5f6g7h8i9", Body: json.RawMessage(`{"x":1}`)}, `{"x":1}`, "7"},
		{"POST bytes", Request{Method: "post", Path: "/api/v1/groups", Body: []byte(`{}`)}, `{}`, "2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, seen := captureServer(t, 200, `{}`)
			if _, err := c.Do(testCtx(t), tt.req); err != nil {
				t.Fatalf("Do: %v", err)
			}
			got := seen()
			if len(got) != 1 {
				t.Fatalf("server saw %d requests", len(got))
			}
			r := got[0]
			want := map[string]string{
				"Accept":         "application/json",
				"Content-Type":   "application/json",
				"User-Agent":     "oktasync/" + Version,
				"Authorization":  "SSWS " + testToken,
				"Content-Length": tt.wantContentLength,
			}
			for h, v := range want {
				if g := r.header.Get(h); g != v {
					t.Errorf("%s = %q, want %q", h, g, v)
				}
			}
			if len(r.transferEncoding) != 0 {
				t.Errorf("Transfer-Encoding %v: Okta wants a Content-Length", r.transferEncoding)
			}
			if r.body != tt.wantBody {
				t.Errorf("body = %q, want %q", r.body, tt.wantBody)
			}
		})
	}
}

func TestUserAgentExtra(t *testing.T) {
	var ua string
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) { ua = r.UserAgent() })
	c := newTestClient(t, srv.URL, func(c *Config) { c.UserAgent = "ci/42" })
	if _, err := c.Do(testCtx(t), Request{Path: "/api/v1/users/me"}); err != nil {
		t.Fatal(err)
	}
	if want := "oktasync/" + Version + " ci/42"; ua != want {
		t.Errorf("User-Agent = %q, want %q", ua, want)
	}
}

func TestResolve(t *testing.T) {
	c, err := New(Config{OrgURL: "https://acme.okta.com", Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path    string
		query   map[string][]string
		want    string
		wantErr string
	}{
		{path: "/api/v1/groups", want: "https://acme.okta.com/api/v1/groups"},
		{path: "/api/v1/groups", query: map[string][]string{"q": {"a b"}, "limit": {"200"}}, want: "https://acme.okta.com/api/v1/groups?limit=200&q=a+b"},
		{path: "/api/v1/groups?search=profile.name+sw+%22x%22", query: map[string][]string{"limit": {"2"}}, want: "https://acme.okta.com/api/v1/groups?search=profile.name+sw+%22x%22&limit=2"},
		{path: "/api/v1/users/a%2Fb", want: "https://acme.okta.com/api/v1/users/a%2Fb"},
		{path: "https://acme.okta.com/api/v1/groups?after=OPAQUE%3D%3D&limit=2", want: "https://acme.okta.com/api/v1/groups?after=OPAQUE%3D%3D&limit=2"},
		{path: "https://ACME.okta.com/api/v1/groups", want: "https://ACME.okta.com/api/v1/groups"},
		{path: "https://acme-admin.okta.com/api/v1/iam/roles?after=x", want: "https://acme-admin.okta.com/api/v1/iam/roles?after=x"},
		{path: "https://evil.example.com/api/v1/groups", wantErr: "refusing"},
		{path: "https://acme.okta.com.evil.com/api/v1/groups", wantErr: "refusing"},
		{path: "http://acme.okta.com/api/v1/groups", wantErr: "refusing"},
		{path: "https://acme.okta.com:8443/api/v1/groups", wantErr: "refusing"},
		{path: "https://user@acme.okta.com/api/v1/groups", wantErr: "refusing"},
		{path: "//evil.example.com/api/v1/groups", wantErr: "must start with /"},
		{path: "api/v1/groups", wantErr: "must start with /"},
	}
	for _, tt := range tests {
		u, err := c.resolve(tt.path, tt.query)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("resolve(%q) = %v, %v; want error %q", tt.path, u, err, tt.wantErr)
			}
			continue
		}
		if err != nil || u.String() != tt.want {
			t.Errorf("resolve(%q) = %v, %v; want %s", tt.path, u, err, tt.want)
		}
	}
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	var hits sync.Map
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Store(r.URL.Path, true)
		if r.URL.Path == "/api/v1/groups" {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
		}
	})
	c := newTestClient(t, srv.URL)
	_, err := c.Do(testCtx(t), Request{Path: "/api/v1/groups"})
	if StatusCode(err) != http.StatusFound {
		t.Errorf("want the 302 as an error, got %v", err)
	}
	if _, followed := hits.Load("/elsewhere"); followed {
		t.Error("the client followed a redirect")
	}
}

func TestDoJSON(t *testing.T) {
	c, _ := captureServer(t, 200, `{"id":"00g1","profile":{"name":"Everyone"},"extra":{"kept":true}}`)
	var out map[string]any
	if err := c.DoJSON(testCtx(t), Request{Path: "/api/v1/groups/00g1"}, &out); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"id": "00g1", "profile": map[string]any{"name": "Everyone"}, "extra": map[string]any{"kept": true}}
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("decoded (-want +got):\n%s", diff)
	}

	c204, _ := captureServer(t, 204, "")
	if err := c204.DoJSON(testCtx(t), Request{Method: "DELETE", Path: "/api/v1/groups/00g1"}, &out); err != nil {
		t.Errorf("204 with no body: %v", err)
	}
}
