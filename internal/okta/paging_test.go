package okta

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestListFollowsLinkExactly(t *testing.T) {
	var (
		mu   sync.Mutex
		uris []string
	)
	var srvURL string
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		uris = append(uris, r.RequestURI)
		mu.Unlock()
		switch r.URL.Query().Get("after") {
		case "":
			// Separate Link lines, self first, as Okta sends them. The next
			// URL carries an opaque cursor with escapes and a parameter we
			// never sent; both must come back untouched.
			w.Header().Add("Link", `<`+srvURL+`/api/v1/groups?limit=2>; rel="self"`)
			w.Header().Add("Link", `<`+srvURL+`/api/v1/groups?after=Zm9v%2Fbar%3D%3D&limit=2&expand=stats>; rel="next"`)
			_, _ = w.Write([]byte(`[{"id":"1"},{"id":"2"}]`))
		case "Zm9v/bar==":
			// One comma-separated line, next first, bare rel, and a
			// relative URL.
			w.Header().Set("Link", `</api/v1/groups?after=cursor,with,commas&limit=2>; rel=next, <`+srvURL+`/api/v1/groups?after=Zm9v%2Fbar%3D%3D&limit=2&expand=stats>; rel="self"`)
			_, _ = w.Write([]byte(`[{"id":"3"},{"id":"4"}]`))
		case "cursor,with,commas":
			w.Header().Set("Link", `<`+srvURL+`/api/v1/groups?after=cursor,with,commas&limit=2>; rel="self"`)
			_, _ = w.Write([]byte(`[{"id":"5"}]`))
		default:
			t.Errorf("unexpected request %s", r.RequestURI)
			w.WriteHeader(500)
		}
	})
	srvURL = srv.URL
	c := newTestClient(t, srv.URL)

	var ids []string
	var pages int
	err := c.List(testCtx(t), "/api/v1/groups", map[string][]string{"filter": {`type eq "OKTA_GROUP"`}}, 2, func(page []json.RawMessage) error {
		pages++
		for _, raw := range page {
			var o struct{ ID string }
			if err := json.Unmarshal(raw, &o); err != nil {
				return err
			}
			ids = append(ids, o.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	if diff := cmp.Diff([]string{"1", "2", "3", "4", "5"}, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	if pages != 3 {
		t.Errorf("fn called %d times, want 3", pages)
	}
	wantURIs := []string{
		"/api/v1/groups?filter=type+eq+%22OKTA_GROUP%22&limit=2", // limit set by us, first request only
		"/api/v1/groups?after=Zm9v%2Fbar%3D%3D&limit=2&expand=stats",
		"/api/v1/groups?after=cursor,with,commas&limit=2",
	}
	if diff := cmp.Diff(wantURIs, uris); diff != "" {
		t.Errorf("request URIs (-want +got):\n%s", diff)
	}
}

func TestListStops(t *testing.T) {
	var srvURL string
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/loop":
			w.Header().Set("Link", `<`+srvURL+`/api/v1/loop?after=same>; rel="next"`)
		case "/api/v1/foreign":
			w.Header().Set("Link", `<https://evil.example.com/api/v1/groups?after=x>; rel="next"`)
		case "/api/v1/object":
			_, _ = w.Write([]byte(`{"roles":[]}`))
			return
		}
		_, _ = w.Write([]byte(`[{}]`))
	})
	srvURL = srv.URL
	c := newTestClient(t, srv.URL)
	ctx := testCtx(t)
	noop := func([]json.RawMessage) error { return nil }

	if err := c.List(ctx, "/api/v1/loop", nil, 0, noop); err == nil || !strings.Contains(err.Error(), "already read") {
		t.Errorf("a next link that loops must stop the listing, got %v", err)
	}
	if err := c.List(ctx, "/api/v1/foreign", nil, 0, noop); err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Errorf("a next link to another host must be refused, got %v", err)
	}
	if err := c.List(ctx, "/api/v1/object", nil, 0, noop); err == nil || !strings.Contains(err.Error(), "JSON array") {
		t.Errorf("a non-array body must be an error, got %v", err)
	}
	stop := errors.New("stop")
	calls := 0
	err := c.List(ctx, "/api/v1/loop", nil, 0, func([]json.RawMessage) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("fn's error must end the listing: err %v after %d calls", err, calls)
	}
}

func TestNextLink(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"none", nil, ""},
		{"self only", []string{`<https://a/x?limit=2>; rel="self"`}, ""},
		{"separate lines", []string{`<https://a/x>; rel="self"`, `<https://a/x?after=1>; rel="next"`}, "https://a/x?after=1"},
		{"one line", []string{`<https://a/x>; rel="self", <https://a/x?after=2>; rel="next"`}, "https://a/x?after=2"},
		{"bare rel", []string{`<https://a/x?after=3>; rel=next`}, "https://a/x?after=3"},
		{"several rel types", []string{`<https://a/x?after=4>; rel="last next"`}, "https://a/x?after=4"},
		{"other params first", []string{`<https://a/x?after=5>; title="a, b; c"; rel="next"`}, "https://a/x?after=5"},
		{"comma in target", []string{`<https://a/x?after=a,b>; rel="next"`}, "https://a/x?after=a,b"},
		{"case", []string{`<https://a/x?after=6>; REL="Next"`}, "https://a/x?after=6"},
		{"garbage then link", []string{`garbage, <https://a/x?after=7>; rel="next"`}, ""},
		{"prev is not next", []string{`<https://a/x?before=8>; rel="prev"`}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for _, l := range tt.lines {
				h.Add("Link", l)
			}
			if got := nextLink(h); got != tt.want {
				t.Errorf("nextLink = %q, want %q", got, tt.want)
			}
		})
	}
}
