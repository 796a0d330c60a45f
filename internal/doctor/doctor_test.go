package doctor

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/schemas"
)

const testToken = "doctor-test-token-0123456789"

func testRegistry(t *testing.T) *model.Registry {
	t.Helper()
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func newSandbox(t *testing.T, opts sandbox.Options) (*sandbox.Server, string) {
	t.Helper()
	if opts.Token == "" {
		opts.Token = testToken
	}
	srv, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return srv, hs.URL
}

// env is a fake environment for okta.LoadConfig.
func env(vars map[string]string) okta.ConfigSources {
	return okta.ConfigSources{Env: func(k string) string { return vars[k] }}
}

func run(t *testing.T, vars map[string]string, readOnly bool) (*Report, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rep := Run(ctx, testRegistry(t), Options{Sources: env(vars), ReadOnly: readOnly})
	var out bytes.Buffer
	if err := rep.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	t.Logf("doctor output:\n%s", out.String())
	return rep, out.String()
}

// result returns the report's line(s) for a check.
func results(rep *Report, check string) []Result {
	var out []Result
	for _, r := range rep.Results {
		if r.Check == check {
			out = append(out, r)
		}
	}
	return out
}

func wantStatuses(t *testing.T, rep *Report, want map[string]Status) {
	t.Helper()
	for check, st := range want {
		rs := results(rep, check)
		if len(rs) == 0 {
			t.Errorf("no %s line", check)
			continue
		}
		for _, r := range rs {
			if r.Status != st {
				t.Errorf("%s: %s %q (fix %q), want %s", check, r.Status, r.Detail, r.Fix, st)
			}
		}
	}
}

// --- service apps in the sandbox ------------------------------------------------

type serviceApp struct {
	id, clientID, pem string
}

// newServiceApp registers a private_key_jwt service app through the API
// and grants it scopes, as an admin would in the console.
func newServiceApp(t *testing.T, base string, dpop bool, grants ...string) serviceApp {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := jose.JSONWebKey{Key: key.Public(), KeyID: "doctor-key", Use: "sig"}.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{
		"name": "oidc_client", "label": "oktasync doctor test", "signOnMode": "OPENID_CONNECT",
		"credentials": map[string]any{"oauthClient": map[string]any{"token_endpoint_auth_method": "private_key_jwt"}},
		"settings": map[string]any{"oauthClient": map[string]any{
			"application_type": "service", "grant_types": []string{"client_credentials"},
			"dpop_bound_access_tokens": dpop,
			"jwks":                     map[string]any{"keys": []json.RawMessage{pub}},
		}},
	})
	var app struct {
		ID          string `json:"id"`
		Credentials struct {
			OAuthClient struct {
				ClientID string `json:"client_id"`
			} `json:"oauthClient"`
		} `json:"credentials"`
	}
	ssws(t, base, "POST", "/api/v1/apps", string(body), &app)
	for _, s := range grants {
		ssws(t, base, "POST", "/api/v1/apps/"+app.ID+"/grants", `{"issuer":"`+base+`","scopeId":"`+s+`"}`, nil)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return serviceApp{id: app.ID, clientID: app.Credentials.OAuthClient.ClientID,
		pem: string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))}
}

func ssws(t *testing.T, base, method, path, body string, out any) {
	t.Helper()
	req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "SSWS "+testToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatal(err)
		}
	}
}

func (a serviceApp) env(base string, scopes []string) map[string]string {
	return map[string]string{
		okta.EnvOrgURL: base, okta.EnvAuthMode: "PrivateKey", okta.EnvClientID: a.clientID,
		okta.EnvScopes: strings.Join(scopes, ","), okta.EnvPrivateKey: a.pem, okta.EnvPrivateKeyID: "doctor-key",
	}
}

func without(list []string, drop string) []string {
	var out []string
	for _, s := range list {
		if s != drop {
			out = append(out, s)
		}
	}
	return out
}

// --- whole runs -------------------------------------------------------------------

// TestDoctorSSWS: against the sandbox with its API token every check
// passes, and the output has the documented shape and no token.
func TestDoctorSSWS(t *testing.T) {
	_, base := newSandbox(t, sandbox.Options{Sample: true})
	rep, out := run(t, map[string]string{okta.EnvOrgURL: base, okta.EnvToken: testToken}, false)
	wantStatuses(t, rep, map[string]Status{
		CheckConfig: Pass, CheckOrg: Pass, CheckCredentials: Pass, CheckScopes: Pass, CheckRateLimit: Pass,
	})
	if rep.Failures() != 0 || len(rep.Results) != 5 {
		t.Fatalf("%d failures in %d lines", rep.Failures(), len(rep.Results))
	}
	for _, want := range []string{
		"PASS  configuration: " + base + " with an API token (SSWS)",
		"PASS  org: reachable; Identity Engine (pipeline idx)",
		"PASS  credentials: the API token is valid; it acts as admin@sandbox.example.com",
		// The sandbox lists the admin's roles: the seeded SUPER_ADMIN and,
		// in the sample, a custom role through a resource-set binding.
		"PASS  scopes: the API token acts with its admin's roles: CUSTOM, SUPER_ADMIN",
		"PASS  rate limit: the /api/v1 bucket: ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, testToken) {
		t.Fatal("the output shows the API token")
	}
}

// TestDoctorOAuth covers service apps: all scopes granted (plain and DPoP)
// pass; a missing okta.policies.manage fails the scopes check with a fix
// that names it, whether it was requested, or not requested at all, or
// granted but not requested; a read-only run needs no manage scope.
func TestDoctorOAuth(t *testing.T) {
	reg := testRegistry(t)
	manage := NeededScopes(reg, false)
	read := NeededScopes(reg, true)
	const missing = "okta.policies.manage"
	cases := []struct {
		name      string
		dpop      bool
		granted   []string
		requested []string
		readOnly  bool
		// wantFail is the scopes FAIL line's detail and fix fragments;
		// empty means every check passes.
		wantDetail, wantFix string
	}{
		{name: "all granted", granted: manage, requested: manage},
		{name: "all granted, DPoP app", dpop: true, granted: manage, requested: manage},
		{name: "read-only with read scopes", granted: read, requested: read, readOnly: true},
		{name: "read-only with manage scopes", granted: manage, requested: manage, readOnly: true},
		{name: "requested, not granted", granted: without(manage, missing), requested: manage,
			wantDetail: missing + ": requested (OKTA_CLIENT_SCOPES) but not granted",
			wantFix:    "grant " + missing + " to the service app: Admin Console → Applications → the app with client ID "},
		{name: "requested, not granted, DPoP app", dpop: true, granted: without(manage, missing), requested: manage,
			wantDetail: missing + ": requested (OKTA_CLIENT_SCOPES) but not granted",
			wantFix:    "grant " + missing + " to the service app"},
		{name: "neither granted nor requested", granted: without(manage, missing), requested: without(manage, missing),
			wantDetail: missing + ": needed for export, plan and apply; not granted to the service app and not requested",
			wantFix:    "grant " + missing + " to the service app: Admin Console → Applications → the app with client ID "},
		{name: "granted, not requested", granted: manage, requested: without(manage, missing),
			wantDetail: missing + ": needed for export, plan and apply; granted to the service app but not requested",
			wantFix:    "add " + missing + " to OKTA_CLIENT_SCOPES"},
		{name: "read-only, a read scope missing", granted: without(read, "okta.groups.read"), requested: without(read, "okta.groups.read"), readOnly: true,
			wantDetail: "okta.groups.read: needed for export and plan; not granted",
			wantFix:    "grant okta.groups.read to the service app"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, base := newSandbox(t, sandbox.Options{})
			app := newServiceApp(t, base, tc.dpop, tc.granted...)
			rep, out := run(t, app.env(base, tc.requested), tc.readOnly)
			if strings.Contains(out, "PRIVATE KEY") || strings.Contains(out, strings.Split(app.pem, "\n")[1]) {
				t.Fatal("the output shows the private key")
			}
			if tc.wantDetail == "" {
				wantStatuses(t, rep, map[string]Status{
					CheckConfig: Pass, CheckOrg: Pass, CheckCredentials: Pass, CheckScopes: Pass, CheckRateLimit: Pass,
				})
				return
			}
			wantStatuses(t, rep, map[string]Status{CheckConfig: Pass, CheckOrg: Pass, CheckCredentials: Pass, CheckScopes: Fail, CheckRateLimit: Pass})
			lines := results(rep, CheckScopes)
			if len(lines) != 1 {
				t.Fatalf("want exactly one scopes line (for %s), got %+v", missing, lines)
			}
			if !strings.Contains(lines[0].Detail, tc.wantDetail) || !strings.Contains(lines[0].Fix, tc.wantFix) {
				t.Fatalf("scopes line %+v\nwant detail ~ %q, fix ~ %q", lines[0], tc.wantDetail, tc.wantFix)
			}
			if !strings.Contains(out, "FAIL  scopes: ") || !strings.Contains(out, "\n      fix: ") {
				t.Fatalf("output shape:\n%s", out)
			}
			if rep.Failures() != 1 {
				t.Fatalf("%d failures, want 1", rep.Failures())
			}
		})
	}
}

// TestDoctorFailures: each broken setup fails the check it concerns, with
// a fix, and skips the checks that depend on it.
func TestDoctorFailures(t *testing.T) {
	_, base := newSandbox(t, sandbox.Options{})
	closed := closedPort(t)
	other := newServiceApp(t, base, false, "okta.groups.manage")
	wrongKey := newServiceApp(t, base, false, "okta.groups.manage")
	wrongKey.pem = other.pem // signs with a key the app did not register

	cases := []struct {
		name  string
		vars  map[string]string
		check string
		fix   string
		want  map[string]Status
	}{
		{"no configuration", map[string]string{}, CheckConfig, "set OKTA_CLIENT_ORGURL",
			map[string]Status{CheckConfig: Fail, CheckOrg: Skip, CheckCredentials: Skip, CheckScopes: Skip, CheckRateLimit: Skip}},
		{"plain http to a remote host", map[string]string{okta.EnvOrgURL: "http://acme.okta.com", okta.EnvToken: testToken}, CheckConfig, "OKTA_CLIENT_ORGURL",
			map[string]Status{CheckConfig: Fail, CheckOrg: Skip}},
		{"unreachable org", map[string]string{okta.EnvOrgURL: closed, okta.EnvToken: testToken}, CheckOrg, "check the org URL",
			map[string]Status{CheckConfig: Pass, CheckOrg: Fail, CheckCredentials: Skip, CheckScopes: Skip, CheckRateLimit: Skip}},
		{"bad API token", map[string]string{okta.EnvOrgURL: base, okta.EnvToken: "not-the-token"}, CheckCredentials, "create a new API token",
			map[string]Status{CheckConfig: Pass, CheckOrg: Pass, CheckCredentials: Fail, CheckScopes: Skip, CheckRateLimit: Skip}},
		{"service app with the wrong key", wrongKey.env(base, []string{"okta.groups.manage"}), CheckCredentials, "Public key / Private key",
			map[string]Status{CheckConfig: Pass, CheckOrg: Pass, CheckCredentials: Fail, CheckScopes: Skip, CheckRateLimit: Skip}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep, out := run(t, tc.vars, false)
			wantStatuses(t, rep, tc.want)
			if rs := results(rep, tc.check); len(rs) != 1 || !strings.Contains(rs[0].Fix, tc.fix) {
				t.Fatalf("%s: %+v, want a fix containing %q", tc.check, rs, tc.fix)
			}
			if rep.Failures() != 1 {
				t.Fatalf("%d failures, want 1", rep.Failures())
			}
			if strings.Contains(out, "not-the-token") || strings.Contains(out, testToken) {
				t.Fatal("the output shows a token")
			}
		})
	}
}

// closedPort returns a loopback URL nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

// TestDoctorClassicOrg: a Classic Engine org (pipeline v1) is a warning
// naming what needs Identity Engine, not a failure.
func TestDoctorClassicOrg(t *testing.T) {
	srv, err := sandbox.New(sandbox.Options{Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == wellKnownPath {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"id":"00oCLASSIC","pipeline":"v1"}`))
			return
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	rep, _ := run(t, map[string]string{okta.EnvOrgURL: hs.URL, okta.EnvToken: testToken}, false)
	wantStatuses(t, rep, map[string]Status{CheckOrg: Warn, CheckCredentials: Pass})
	r := results(rep, CheckOrg)[0]
	if !strings.Contains(r.Detail, "Classic Engine") || !strings.Contains(r.Detail, "authenticators need Identity Engine") || r.Fix == "" {
		t.Fatalf("%+v", r)
	}
	if rep.Failures() != 0 {
		t.Fatalf("a Classic org is not a failure: %d", rep.Failures())
	}
}

// TestDoctorRateLimitHeadroom: with most of the /api/v1 bucket spent by
// someone else, the rate-limit check warns.
func TestDoctorRateLimitHeadroom(t *testing.T) {
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC) // a frozen clock: one window throughout
	_, base := newSandbox(t, sandbox.Options{Tier: sandbox.TierDeveloper, Now: func() time.Time { return now }})
	for range 85 { // of the developer tier's 100
		ssws(t, base, "GET", "/api/v1/meta/types/user", "", nil)
	}
	rep, _ := run(t, map[string]string{okta.EnvOrgURL: base, okta.EnvToken: testToken}, false)
	wantStatuses(t, rep, map[string]Status{CheckCredentials: Pass, CheckRateLimit: Warn})
	r := results(rep, CheckRateLimit)[0]
	if !strings.Contains(r.Detail, "the /api/v1 bucket: 13 of 100 requests left in this window (13%); the window resets in 53s") || r.Fix == "" {
		t.Fatalf("%+v", r)
	}
}
