package conformance

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Helpers shared by the tests of several families: a raw client without
// spec checks (rawDo, newTestServer, fakeClock), the ahb* helpers over a
// conformanceOrg (authenticators, hooks, brands), and zoneTestOrg
// (zones, trusted origins, IdPs). A helper one family's tests use stays in
// that family's file.

// fakeClock is a settable clock for deterministic rate-limit windows.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *fakeClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

type rawResp struct {
	status int
	hdr    http.Header
	body   map[string]any
	raw    []byte
}

func rawDo(t *testing.T, base, token, method, path, body string) rawResp {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "SSWS "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	out := rawResp{status: resp.StatusCode, hdr: resp.Header, raw: data}
	_ = json.Unmarshal(data, &out.body)
	return out
}

func newTestServer(t *testing.T, opts sandbox.Options) (*sandbox.Server, string) {
	t.Helper()
	if opts.Token == "" {
		opts.Token = "t"
	}
	srv, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return srv, hs.URL
}

// ahbCall sends a request through the conformance client (the response is
// checked against the official spec) and decodes the JSON answer.
func ahbCall(t *testing.T, o *conformanceOrg, method, path string, body any) (int, http.Header, any) {
	t.Helper()
	if body == nil && (method == http.MethodPost || method == http.MethodPut) {
		body = []byte{}
	}
	st, hdr, data := o.do(t, method, path, body)
	return st, hdr, ahbDecode(t, data)
}

// ahbRaw sends a request without spec checking, for the answers real Okta
// gives that the spec does not document (recorded 400s, custom_otp, 405).
func ahbRaw(t *testing.T, o *conformanceOrg, method, path string, body any) (int, any) {
	t.Helper()
	var rd io.Reader = http.NoBody
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, o.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "SSWS "+o.Token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	if body == nil {
		req.ContentLength = 0
		req.Header.Set("Content-Length", "0")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, ahbDecode(t, data)
}

func ahbDecode(t *testing.T, data []byte) any {
	t.Helper()
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("response is not JSON: %v: %s", err, data)
	}
	return v
}

func ahbObj(t *testing.T, v any) engine.Obj {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("want a JSON object, got %T %v", v, v)
	}
	return m
}

func ahbList(t *testing.T, v any) []engine.Obj {
	t.Helper()
	arr, ok := v.([]any)
	if !ok {
		t.Fatalf("want a JSON array, got %T %v", v, v)
	}
	out := make([]engine.Obj, len(arr))
	for i, x := range arr {
		out[i] = ahbObj(t, x)
	}
	return out
}

// ahbWantError checks an Okta error answer.
func ahbWantError(t *testing.T, what string, st int, v any, wantStatus int, wantCode string) engine.Obj {
	t.Helper()
	if st != wantStatus {
		t.Fatalf("%s: status %d, want %d (%v)", what, st, wantStatus, v)
	}
	e := ahbObj(t, v)
	if engine.Str(e, "errorCode") != wantCode {
		t.Fatalf("%s: errorCode %q, want %q (%v)", what, engine.Str(e, "errorCode"), wantCode, e)
	}
	return e
}

// ahbCauses joins an error's errorCauses summaries.
func ahbCauses(e engine.Obj) string {
	arr, _ := e["errorCauses"].([]any)
	var out []string
	for _, c := range arr {
		if m, ok := c.(map[string]any); ok {
			out = append(out, engine.Str(m, "errorSummary"))
		}
	}
	return strings.Join(out, "; ")
}

// ahbAllow returns the hints.allow of a link.
func ahbAllow(o engine.Obj, rel string) []string {
	return engine.StringsAt(o, "_links."+rel+".hints.allow")
}

// zoneTestOrg is a conformance org with JSON helpers, shared by the tests of
// zones, trusted origins, IdP keys and IdPs. call checks every response
// against the official spec; callUnchecked is for the few answers real Okta
// gives that the spec does not document (each use says which).
type zoneTestOrg struct {
	*conformanceOrg
	t *testing.T
}

func newZoneTestOrg(t *testing.T, opts sandbox.Options) zoneTestOrg {
	t.Helper()
	return zoneTestOrg{newConformanceOrg(t, opts), t}
}

// offSpec returns a view of the org whose answers are not spec-checked,
// for the few places where real Okta departs from its spec.
func (o zoneTestOrg) offSpec() *conformanceOrg {
	c := *o.conformanceOrg
	c.HTTP = http.DefaultClient
	return &c
}

func (o zoneTestOrg) call(method, path string, body any) (int, http.Header, any) {
	o.t.Helper()
	status, hdr, data := o.do(o.t, method, path, body)
	return status, hdr, zoneTestDecode(o.t, data)
}

func (o zoneTestOrg) callUnchecked(method, path string, body any) (int, any) {
	o.t.Helper()
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = strings.NewReader(string(data))
	}
	req, err := http.NewRequest(method, o.URL+path, rd)
	if err != nil {
		o.t.Fatal(err)
	}
	req.Header.Set("Authorization", "SSWS "+o.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		o.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, zoneTestDecode(o.t, data)
}

// must sends a spec-checked request and fails unless the status is want.
func (o zoneTestOrg) must(want int, method, path string, body any) any {
	o.t.Helper()
	status, _, v := o.call(method, path, body)
	if status != want {
		o.t.Fatalf("%s %s: status %d, want %d: %v", method, path, status, want, v)
	}
	return v
}

// mustObj is must for an answer that is one JSON object.
func (o zoneTestOrg) mustObj(want int, method, path string, body any) engine.Obj {
	o.t.Helper()
	v := o.must(want, method, path, body)
	m, isObj := v.(map[string]any)
	if !isObj {
		o.t.Fatalf("%s %s: answer is %T, want an object", method, path, v)
	}
	return m
}

// fail sends a spec-checked request that must be refused with status and
// errorCode.
func (o zoneTestOrg) fail(status int, code, method, path string, body any) engine.Obj {
	o.t.Helper()
	got, _, v := o.call(method, path, body)
	m, _ := v.(map[string]any)
	if got != status || engine.Str(m, "errorCode") != code {
		o.t.Fatalf("%s %s: got %d %v, want %d %s", method, path, got, v, status, code)
	}
	return m
}

// pages lists a collection with a small limit, following rel="next" links
// verbatim, and returns every item and the number of pages.
func (o zoneTestOrg) pages(path string) ([]engine.Obj, int) {
	o.t.Helper()
	var all []engine.Obj
	n := 0
	for path != "" {
		status, hdr, v := o.call("GET", path, nil)
		if status != http.StatusOK {
			o.t.Fatalf("GET %s: %d %v", path, status, v)
		}
		n++
		for _, x := range v.([]any) {
			all = append(all, x.(map[string]any))
		}
		path = ""
		for _, l := range hdr.Values("Link") {
			if m := zoneTestNextLink.FindStringSubmatch(l); m != nil {
				path = strings.TrimPrefix(m[1], o.URL)
			}
		}
		if n > 100 {
			o.t.Fatal("paging does not end")
		}
	}
	return all, n
}

var zoneTestNextLink = regexp.MustCompile(`^<([^>]+)>; rel="next"$`)

func zoneTestDecode(t *testing.T, data []byte) any {
	t.Helper()
	if len(data) == 0 {
		return nil
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("answer is not JSON: %v: %.200s", err, data)
	}
	return v
}

func zoneTestNames(items []engine.Obj) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = engine.Str(it, "name")
	}
	return out
}

func zoneTestEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func zoneTestQuery(s string) string {
	r := strings.NewReplacer(" ", "+", `"`, "%22", "(", "%28", ")", "%29")
	return r.Replace(s)
}
