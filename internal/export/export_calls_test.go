package export

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestExportCallsAndRateLimits: a generated org under compressed
// developer-tier limits exports with no 429 and no per-object GET, in no
// more calls than the list endpoints need.
func TestExportCallsAndRateLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("exports a generated org under rate limits")
	}
	o := newOrg(t, sandbox.Options{Tier: sandbox.TierDeveloper, RateScale: 60,
		Generate: map[string]int{"groups": 400, "apps": 50, "policies": 30, "authServers": 4}})
	reg := registry(t)
	res, err := Read(context.Background(), o.client, reg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := o.srv.Stats()
	if st.RateLimited != 0 || o.client.Stats().TooManyRequests != 0 {
		t.Fatalf("429s during export: server %d, client %d", st.RateLimited, o.client.Stats().TooManyRequests)
	}
	// Per-object reads the descriptors call for: a list of summaries
	// (List.Detail) and IDs written as a field of their object (Lookups).
	allowed := map[string]bool{}
	for _, k := range reg.Kinds() {
		if k.List.Detail {
			allowed[templateShape("GET "+k.Get.Path)] = true
		}
		for _, l := range k.Lookups {
			allowed[templateShape(l.Get.Method+" "+l.Get.Path)] = true
		}
	}
	for ep, n := range st.Endpoints {
		// A GET on an item ("…/{appId}") means a per-object read; only
		// singletons are read that way, because Okta has no list (the
		// schemas; an org contact, /api/v1/org/contacts/billing, served by
		// the route …/{contactType}), and users, looked up once per
		// distinct user to write them by login (counted below).
		if strings.HasPrefix(ep, "GET ") && strings.HasSuffix(ep, "}") && !strings.Contains(ep, "/meta/schemas/") &&
			!singletonRoute(reg, ep) && ep != "GET /api/v1/users/{userId}" && !allowed[templateShape(ep)] {
			t.Errorf("per-object GET: %s ×%d", ep, n)
		}
	}
	// The most a lister needs: one call per (kind, parent, query), plus one
	// per full page.
	need := 0
	perParent := map[string]int{}
	for _, obj := range res.Snapshot.Objects() {
		perParent[obj.Kind+"|"+obj.Live.ParentID]++
	}
	for _, k := range reg.Kinds() {
		queries := max(1, len(k.List.Queries))
		parents := map[string]bool{}
		if k.Parent == "" {
			parents[""] = true
		}
		for _, obj := range res.Snapshot.ByKind(k.Parent) {
			if k.Parent != "" {
				parents[obj.Live.ID] = true
			}
		}
		for p := range parents {
			key := p
			if k.ParentKey != "" {
				key = "" // counted below by object
			}
			n := perParent[k.Name+"|"+key]
			need += queries
			if k.List.Limit > 0 {
				need += n / k.List.Limit
			}
		}
		// One read per summary, and at most one per looked-up ID.
		if k.List.Detail {
			need += len(res.Snapshot.ByKind(k.Name))
		}
		if len(k.Lookups) > 0 {
			need += len(res.Snapshot.ByKind(k.Name)) * len(k.Lookups)
		}
	}
	need += len(loginsIn(res.Snapshot)) // one lookup per distinct user
	if st.Requests > need {
		t.Fatalf("export made %d requests; the list endpoints need at most %d", st.Requests, need)
	}
	t.Logf("requests %d (bound %d), buckets %v", st.Requests, need, st.Buckets)
}

// TestExportReadError: an unreachable org or a bad token is an error, and
// the previous tree is left alone.
func TestExportReadError(t *testing.T) {
	o := newOrg(t, sandbox.Options{Sample: true})
	reg := registry(t)
	dir := t.TempDir()
	if _, err := Export(context.Background(), o.client, reg, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	before := readFiles(t, dir)
	bad, err := okta.New(okta.Config{OrgURL: o.url, Token: "wrong-token"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Export(context.Background(), bad, reg, dir, Options{})
	if err == nil || okta.ErrorCode(err) != "E0000011" {
		t.Fatalf("bad token: %v", err)
	}
	if strings.Contains(err.Error(), "wrong-token") {
		t.Fatal("the token is in the error")
	}
	if diff := cmp.Diff(before, readFiles(t, dir)); diff != "" {
		t.Fatalf("a failed export changed the tree:\n%s", diff)
	}
}

var _ = sort.Strings
var _ = bytes.Equal
var _ = io.EOF
var _ = http.MethodGet

// noAPIAccessManagement answers E0000015 for authorization servers, as an
// org without the API Access Management SKU does.
type noAPIAccessManagement struct{ *okta.Client }

func (c noAPIAccessManagement) List(ctx context.Context, path string, q url.Values, limit int, fn func([]json.RawMessage) error) error {
	if strings.HasPrefix(path, "/api/v1/authorizationServers") {
		return &okta.APIError{Method: "GET", Path: path, Status: 401, ErrorCode: "E0000015",
			ErrorSummary: "You do not have permission to access the feature you are requesting"}
	}
	return c.Client.List(ctx, path, q, limit, fn)
}

// TestKindNotAvailable: a kind the org's SKU lacks is skipped with a
// warning, not a failed export.
func TestKindNotAvailable(t *testing.T) {
	o := newOrg(t, sandbox.Options{Sample: true})
	res, err := Read(context.Background(), noAPIAccessManagement{o.client}, registry(t), Options{})
	if err != nil {
		t.Fatalf("an org without API Access Management could not be read: %v", err)
	}
	if res.Counts["authorization-servers"] != 0 || res.Counts["groups"] == 0 {
		t.Fatalf("counts %v", res.Counts)
	}
	found := false
	for _, w := range res.Warnings {
		found = found || (w.Path == "authorization-servers" && strings.Contains(w.Message, "not available in this org"))
	}
	if !found {
		t.Fatalf("no warning for the unavailable kind: %v", res.Warnings)
	}
}

// templateShape blanks the parameter names of an endpoint template, so
// that the sandbox's spec names ({mappingId}) match a descriptor's ({id}).
func templateShape(ep string) string {
	return regexp.MustCompile(`\{[^}]*\}`).ReplaceAllString(ep, "{}")
}

// singletonRoute reports whether a sandbox route ("GET /a/{x}") serves the
// list path of a singleton kind, a literal where the route has a
// placeholder.
func singletonRoute(reg *model.Registry, ep string) bool {
	method, pattern, _ := strings.Cut(ep, " ")
	rsegs := strings.Split(pattern, "/")
	for _, k := range reg.Kinds() {
		segs := strings.Split(k.List.Path, "/")
		if !k.List.Singleton || method != "GET" || len(segs) != len(rsegs) {
			continue
		}
		match := true
		for i := range segs {
			if segs[i] != rsegs[i] && !strings.HasPrefix(rsegs[i], "{") {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// loginsIn lists the distinct users an export wrote by login.
func loginsIn(s *model.Snapshot) map[string]bool {
	out := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch t := v.(type) {
		case string:
			for _, m := range userPlaceholder.FindAllString(t, -1) {
				out[m] = true
			}
		case map[string]any:
			for _, e := range t {
				walk(e)
			}
		case []any:
			for _, e := range t {
				walk(e)
			}
		}
	}
	for _, o := range s.Objects() {
		walk(o.Body)
	}
	return out
}

var userPlaceholder = regexp.MustCompile(`\$\{user:[^}]+\}`)
