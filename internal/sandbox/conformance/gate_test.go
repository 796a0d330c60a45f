package conformance

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// groupsBucket is the rate-limit bucket of /api/v1/groups, under the name
// Okta's dashboard (and Stats.Buckets) gives it.
const groupsBucket = "/api/v1/groups"

// TestBucketWindow bursts past the developer tier's /api/v1/groups limit
// (100 per window): exactly 100 requests are admitted, the rest get 429
// E0000047 with the bucket's headers, and the next window admits again.
func TestBucketWindow(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC)}
	srv, base := newTestServer(t, sandbox.Options{Tier: sandbox.TierDeveloper, RateScale: 6, Now: clock.Now}) // 10 s windows
	admitted, limited := 0, 0
	var last rawResp
	for i := 0; i < 130; i++ {
		r := rawDo(t, base, "t", "GET", "/api/v1/groups", "")
		switch r.status {
		case 200:
			admitted++
			if got, want := r.hdr.Get("X-Rate-Limit-Remaining"), strconv.Itoa(100-admitted); got != want {
				t.Fatalf("request %d: remaining %s, want %s", i, got, want)
			}
		case 429:
			limited++
			last = r
		default:
			t.Fatalf("unexpected status %d", r.status)
		}
	}
	if admitted != 100 || limited != 30 {
		t.Fatalf("admitted %d limited %d, want 100 and 30", admitted, limited)
	}
	if last.body["errorCode"] != "E0000047" {
		t.Fatalf("429 body %s", last.raw)
	}
	wantReset := strconv.FormatInt(clock.Now().Truncate(10*time.Second).Add(10*time.Second).Unix(), 10)
	for k, want := range map[string]string{"X-Rate-Limit-Limit": "100", "X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Reset": wantReset} {
		if got := last.hdr.Get(k); got != want {
			t.Errorf("429 %s = %q, want %q", k, got, want)
		}
	}
	// Another bucket is independent.
	if r := rawDo(t, base, "t", "GET", "/api/v1/users/me", ""); r.status != 200 {
		t.Fatalf("other bucket: %d", r.status)
	}
	clock.Add(10 * time.Second)
	r := rawDo(t, base, "t", "GET", "/api/v1/groups", "")
	if r.status != 200 || r.hdr.Get("X-Rate-Limit-Remaining") != "99" {
		t.Fatalf("after reset: %d remaining %s", r.status, r.hdr.Get("X-Rate-Limit-Remaining"))
	}
	st := srv.Stats()
	if b := st.Buckets[groupsBucket]; b.Requests != 101 || b.RateLimited != 30 || b.Limit != 100 {
		t.Fatalf("stats for groups bucket: %+v", b)
	}
	if st.WindowSeconds != 10 {
		t.Fatalf("window %v", st.WindowSeconds)
	}
}

// TestConcurrencyCapEndToEnd: requests held in flight by latency exceed a
// cap of 2.
func TestConcurrencyCapEndToEnd(t *testing.T) {
	srv, base := newTestServer(t, sandbox.Options{Concurrency: 2, Latency: 300 * time.Millisecond})
	var wg sync.WaitGroup
	codes := make([]int, 6)
	for i := range codes {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			codes[i] = rawDo(t, base, "t", "GET", "/api/v1/users/me", "").status
		}(i)
	}
	wg.Wait()
	n429 := 0
	for _, c := range codes {
		if c == 429 {
			n429++
		}
	}
	if n429 == 0 || srv.Stats().PeakConcurrency < 3 {
		t.Fatalf("codes %v peak %d: expected concurrency 429s", codes, srv.Stats().PeakConcurrency)
	}
}

func TestHeadersAndErrors(t *testing.T) {
	_, base := newTestServer(t, sandbox.Options{})
	for _, tc := range []struct {
		name, method, path, token, body string
		status                          int
		code                            string
	}{
		{"bad token", "GET", "/api/v1/groups", "nope", "", 401, "E0000011"},
		{"no token", "GET", "/api/v1/groups", "", "", 401, "E0000011"},
		{"unknown path", "GET", "/api/v1/nothing-here", "t", "", 404, "E0000008"},
		{"wrong method", "PATCH", "/api/v1/groups", "t", "{}", 405, "E0000022"},
		{"not found", "GET", "/api/v1/groups/00gXXXXXXXXXXXXXXXXX", "t", "", 404, "E0000007"},
		{"malformed json", "POST", "/api/v1/groups", "t", `{"profile":`, 400, "E0000003"},
		{"not an object", "POST", "/api/v1/groups", "t", `[1,2]`, 400, "E0000003"},
		{"wrong type", "POST", "/api/v1/groups", "t", `{"profile":"x"}`, 400, "E0000003"},
		{"missing field", "POST", "/api/v1/groups", "t", `{"profile":{}}`, 400, "E0000001"},
		{"duplicate name", "POST", "/api/v1/groups", "t", `{"profile":{"name":"Everyone"}}`, 400, "E0000001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rawDo(t, base, tc.token, tc.method, tc.path, tc.body)
			if r.status != tc.status || r.body["errorCode"] != tc.code {
				t.Fatalf("got %d %s", r.status, r.raw)
			}
			for _, k := range []string{"errorSummary", "errorLink", "errorId", "errorCauses"} {
				if _, ok := r.body[k]; !ok {
					t.Errorf("error body lacks %s: %s", k, r.raw)
				}
			}
			for _, h := range []string{"Date", "X-Okta-Request-Id", "X-Rate-Limit-Limit", "X-Rate-Limit-Remaining", "X-Rate-Limit-Reset"} {
				if r.hdr.Get(h) == "" {
					t.Errorf("missing header %s", h)
				}
			}
		})
	}
}

// TestContentLengthRequired: a body-less POST without Content-Length: 0
// gets 411, as Okta answers.
func TestContentLengthRequired(t *testing.T) {
	_, base := newTestServer(t, sandbox.Options{})
	addr := strings.TrimPrefix(base, "http://")
	send := func(extra string) string {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /api/v1/groups/rules/0prXXXXXXXXXXXXXXXXX/lifecycle/activate HTTP/1.1\r\nHost: %s\r\nAuthorization: SSWS t\r\n%sConnection: close\r\n\r\n", addr, extra)
		line, err := bufio.NewReader(conn).ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(line)
	}
	if got := send(""); !strings.Contains(got, "411") {
		t.Fatalf("without Content-Length: %q, want 411", got)
	}
	if got := send("Content-Length: 0\r\n"); !strings.Contains(got, "404") {
		t.Fatalf("with Content-Length: 0: %q, want 404 (no such rule)", got)
	}
}

func TestPagingFollowsLink(t *testing.T) {
	_, base := newTestServer(t, sandbox.Options{Generate: map[string]int{"groups": 23}})
	next := "/api/v1/groups?limit=5"
	var names []string
	pages := 0
	for next != "" {
		r := rawDo(t, base, "t", "GET", next, "")
		var items []map[string]any
		if err := json.Unmarshal(r.raw, &items); err != nil {
			t.Fatal(err)
		}
		if len(items) > 5 {
			t.Fatalf("page of %d", len(items))
		}
		for _, it := range items {
			names = append(names, it["profile"].(map[string]any)["name"].(string))
		}
		pages++
		next = ""
		for _, l := range r.hdr.Values("Link") {
			if strings.HasSuffix(l, `rel="next"`) {
				next = strings.TrimPrefix(strings.SplitN(l, ">", 2)[0], "<"+base)
			}
		}
	}
	if len(names) != 25 || pages != 5 {
		t.Fatalf("got %d groups in %d pages, want 25 in 5", len(names), pages)
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Fatalf("group %s listed twice", n)
		}
		seen[n] = true
	}
}

func TestFaults(t *testing.T) {
	for _, tc := range []struct {
		spec   string
		status int
		code   string
	}{
		{"500=1", 500, "E0000009"},
		{"503=1", 503, "E0000010"},
		{"429=1", 429, "E0000047"},
	} {
		f, err := sandbox.ParseFaults(tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		srv, base := newTestServer(t, sandbox.Options{Faults: f})
		r := rawDo(t, base, "t", "POST", "/api/v1/groups", `{"profile":{"name":"x"}}`)
		if r.status != tc.status || r.body["errorCode"] != tc.code {
			t.Fatalf("%s: %d %s", tc.spec, r.status, r.raw)
		}
		if srv.Stats().Faults[strings.Split(tc.spec, "=")[0]] != 1 {
			t.Fatalf("%s: fault not counted: %+v", tc.spec, srv.Stats().Faults)
		}
		if g := findLocked(srv, "groups", func(o engine.Obj) bool { return engine.Str(o, "profile.name") == "x" }); g != nil {
			t.Fatalf("%s: the request was carried out despite the fault", tc.spec)
		}
	}
	f, _ := sandbox.ParseFaults("reset=1")
	srv, base := newTestServer(t, sandbox.Options{Faults: f})
	for i := 0; i < 10; i++ {
		req, _ := http.NewRequest("POST", base+"/api/v1/groups", strings.NewReader(fmt.Sprintf(`{"profile":{"name":"r%d"}}`, i)))
		req.Header.Set("Authorization", "SSWS t")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			t.Fatalf("reset fault: got an answer %d", resp.StatusCode)
		}
	}
	// Some resets come after the change was made: the object exists even
	// though the client never heard back. This is what apply must survive.
	made := 0
	for i := 0; i < 10; i++ {
		if findLocked(srv, "groups", func(o engine.Obj) bool { return engine.Str(o, "profile.name") == fmt.Sprintf("r%d", i) }) != nil {
			made++
		}
	}
	if made == 0 || made == 10 {
		t.Fatalf("%d of 10 reset requests were carried out; expected some but not all", made)
	}
	for _, bad := range []string{"500", "500=2", "boom=0.1", "500=0.6,503=0.6"} {
		if _, err := sandbox.ParseFaults(bad); err == nil {
			t.Errorf("ParseFaults(%q) accepted", bad)
		}
	}
}

func TestStatePersists(t *testing.T) {
	state := filepath.Join(t.TempDir(), "org.json")
	srv, base := newTestServer(t, sandbox.Options{StateFile: state})
	r := rawDo(t, base, "t", "POST", "/api/v1/groups", `{"profile":{"name":"kept"}}`)
	if r.status != 200 {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	id := r.body["id"].(string)
	if err := srv.Save(); err != nil {
		t.Fatal(err)
	}
	srv2, base2 := newTestServer(t, sandbox.Options{StateFile: state})
	if got := rawDo(t, base2, "t", "GET", "/api/v1/groups/"+id, ""); got.status != 200 {
		t.Fatalf("after reload: %d", got.status)
	}
	r2 := rawDo(t, base2, "t", "POST", "/api/v1/groups", `{"profile":{"name":"new"}}`)
	if r2.status != 200 || r2.body["id"] == id {
		t.Fatalf("new id after reload: %v", r2.body["id"])
	}
	if srv2.Org().OrgID != srv.Org().OrgID {
		t.Fatal("org id changed across reload")
	}
}

func TestStatsEndpoint(t *testing.T) {
	_, base := newTestServer(t, sandbox.Options{})
	rawDo(t, base, "t", "GET", "/api/v1/groups", "")
	r := rawDo(t, base, "", "GET", "/_sandbox/stats", "")
	if r.status != 200 {
		t.Fatalf("stats: %d", r.status)
	}
	var st sandbox.Stats
	if err := json.Unmarshal(r.raw, &st); err != nil {
		t.Fatal(err)
	}
	if st.Endpoints["GET /api/v1/groups"] != 1 || st.Buckets[groupsBucket].Requests != 1 || st.ConcurrencyLimit != 75 {
		t.Fatalf("stats %+v", st)
	}
}

// findLocked reads the org under its lock: a test reading state that a
// server goroutine wrote has no other happens-before edge with it.
func findLocked(srv *sandbox.Server, table string, match func(engine.Obj) bool) engine.Obj {
	srv.Org().Lock()
	defer srv.Org().Unlock()
	return srv.Org().Find(table, "", match)
}
