package doctor

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// --- the scopes -------------------------------------------------------------------

// TestNeededScopes: the doctor asks for one scope per scope area of the
// registry's kinds (each descriptor's ScopeArea; the registry refuses a
// kind without one), read scopes for a read-only run, manage otherwise,
// and, since kinds name users by login, the users' read scope in both
// (users are looked up, never changed).
func TestNeededScopes(t *testing.T) {
	reg := testRegistry(t)
	users := reg.Users().ReadScope()
	for _, tc := range []struct {
		readOnly bool
		suffix   string
	}{{true, ".read"}, {false, ".manage"}} {
		got := NeededScopes(reg, tc.readOnly)
		var want []string
		for _, a := range reg.ScopeAreas() {
			want = append(want, "okta."+a+tc.suffix)
		}
		want = append(want, users)
		sort.Strings(want)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("readOnly=%v needs %v, want %v", tc.readOnly, got, want)
		}
	}
}

var placeholder = regexp.MustCompile(`\{[^}]*\}`)

// normalize turns "/api/v1/groups/{id}?x=y" and the sandbox's
// "/api/v1/groups/{groupId}" into the same key.
func normalize(method, path string) string {
	path, _, _ = strings.Cut(path, "?")
	return method + " " + placeholder.ReplaceAllString(path, "{}")
}

// TestScopeAreasMatchSandbox checks every endpoint of every kind against
// the scope the sandbox (which carries its own knowledge of Okta) requires
// for it: the descriptor's scope area must be the endpoint's.
func TestScopeAreasMatchSandbox(t *testing.T) {
	reg := testRegistry(t)
	srv, _ := newSandbox(t, sandbox.Options{})
	scopes := map[string]string{}
	var wild []string // route keys with a placeholder segment
	for _, key := range srv.Routes() {
		method, pattern, _ := strings.Cut(key, " ")
		scopes[normalize(method, pattern)] = srv.RouteScope(key)
		if placeholder.MatchString(pattern) {
			wild = append(wild, key)
		}
	}
	// scopeOf finds the route an endpoint reaches: the same placeholders,
	// or else a route with a placeholder where the descriptor has a
	// literal (an org contact's /api/v1/org/contacts/billing is served by
	// /api/v1/org/contacts/{contactType}).
	scopeOf := func(e *model.Endpoint) (string, bool) {
		if scope, ok := scopes[normalize(e.Method, e.Path)]; ok {
			return scope, true
		}
		path, _, _ := strings.Cut(e.Path, "?")
		segs := strings.Split(path, "/")
		for _, key := range wild {
			method, pattern, _ := strings.Cut(key, " ")
			rsegs := strings.Split(pattern, "/")
			if method != e.Method || len(rsegs) != len(segs) {
				continue
			}
			ok := true
			for i := range segs {
				if rsegs[i] != segs[i] && !placeholder.MatchString(rsegs[i]) {
					ok = false
					break
				}
			}
			if ok {
				return srv.RouteScope(key), true
			}
		}
		return "", false
	}
	for _, k := range reg.Kinds() {
		endpoints := []*model.Endpoint{{Method: "GET", Path: k.List.Path}, k.Get, k.Create, k.Update, k.Delete}
		if k.Lifecycle != nil {
			endpoints = append(endpoints, k.Lifecycle.Activate, k.Lifecycle.Deactivate)
		}
		for _, rel := range k.Relations {
			endpoints = append(endpoints, &rel.Write)
		}
		for _, t := range k.Toggles {
			for _, a := range t.Actions {
				endpoints = append(endpoints, &a.Endpoint)
			}
		}
		matched := 0
		for _, e := range endpoints {
			if e == nil || e.Path == "" {
				continue
			}
			scope, ok := scopeOf(e)
			if !ok {
				continue // an endpoint the sandbox does not serve
			}
			matched++
			if k.APITokenOnly {
				// Only an API token reaches it: the sandbox grants its
				// route to no OAuth scope.
				if strings.HasPrefix(scope, "okta.") {
					t.Errorf("%s: %s %s takes %s in the sandbox, but the kind says only an API token reaches it", k.Name, e.Method, e.Path, scope)
				}
				continue
			}
			want := k.ManageScope()
			if e.Method == "GET" {
				want = k.ReadScope()
			}
			if scope != want {
				t.Errorf("%s: %s %s needs %s in the sandbox, the descriptor's ScopeArea %q says %s", k.Name, e.Method, e.Path, scope, k.ScopeArea, want)
			}
		}
		if matched == 0 {
			t.Errorf("%s: no endpoint found in the sandbox to check its scope area against", k.Name)
		}
	}
}

// TestProbesMatchTheirArea: the probes derived from the registry cover
// every scope area, those in the shared /api/v1 bucket come first, and
// every probe the doctor may send answers 200 to a token holding only its
// area's read scope, so a probe never fails for a reason that is not the
// credentials'.
func TestProbesMatchTheirArea(t *testing.T) {
	reg := testRegistry(t)
	ps := probes(reg)
	areas := map[string]bool{}
	for i, p := range ps {
		areas[p.area] = true
		if p.shared != (okta.BucketFor("GET", p.path) == okta.SharedBucket) {
			t.Errorf("probe %s: shared=%v, but its bucket is %s", p.path, p.shared, okta.BucketFor("GET", p.path))
		}
		if i > 0 && p.shared && !ps[i-1].shared {
			t.Errorf("probe %s in the shared bucket comes after %s, which is not", p.path, ps[i-1].path)
		}
	}
	// An area of child kinds only (app grants) has nothing to list
	// without a parent, so it has no probe.
	topLevel := map[string]bool{}
	for _, k := range reg.TopLevel() {
		topLevel[k.ScopeArea] = true
	}
	for _, a := range reg.ScopeAreas() {
		if !areas[a] && topLevel[a] {
			t.Errorf("no probe for scope area %s", a)
		}
	}
	if !ps[0].shared {
		t.Errorf("the first probe %s is not in the shared bucket", ps[0].path)
	}
	_, base := newSandbox(t, sandbox.Options{})
	var all []string
	for _, p := range ps {
		all = append(all, "okta."+p.area+".read")
	}
	app := newServiceApp(t, base, false, all...)
	for _, p := range ps {
		t.Run(p.area, func(t *testing.T) {
			cfg := okta.Config{OrgURL: base, AuthMode: okta.AuthModePrivateKey, ClientID: app.clientID,
				Scopes: []string{"okta." + p.area + ".read"}, PrivateKey: app.pem, MaxRetries: -1}
			c, err := okta.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Do(context.Background(), okta.Request{Path: p.path}); err != nil {
				t.Fatalf("GET %s with okta.%s.read: %v", p.path, p.area, err)
			}
		})
	}
}

// TestDoctorFeatureNotEnabled: an org without the area of the first probe
// (Okta answers 401 E0000015, as for authorization servers without API
// Access Management) does not fail the credentials or the rate-limit
// check: the doctor reads with the next probe.
func TestDoctorFeatureNotEnabled(t *testing.T) {
	reg := testRegistry(t)
	first := probes(reg)[0].path
	srv, err := sandbox.New(sandbox.Options{Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	var refused atomic.Int32
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == pathOnly(first) {
			refused.Add(1)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"errorCode":"E0000015","errorSummary":"You do not have permission to access the feature you are requesting","errorLink":"E0000015","errorId":"x","errorCauses":[]}`))
			return
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	manage := NeededScopes(reg, false)
	app := newServiceApp(t, hs.URL, false, manage...)
	for _, tc := range []struct {
		name string
		vars map[string]string
	}{
		{"service app", app.env(hs.URL, manage)},
		{"API token", map[string]string{okta.EnvOrgURL: hs.URL, okta.EnvToken: testToken}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			refused.Store(0)
			rep, out := run(t, tc.vars, false)
			wantStatuses(t, rep, map[string]Status{CheckCredentials: Pass, CheckScopes: Pass, CheckRateLimit: Pass})
			if refused.Load() == 0 {
				t.Fatalf("the doctor never read %s, so the test shows nothing", first)
			}
			if !strings.Contains(out, "PASS  rate limit: the /api/v1 bucket: ") {
				t.Errorf("the rate limit was not read from the shared bucket:\n%s", out)
			}
		})
	}
}
