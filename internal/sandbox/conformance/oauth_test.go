package conformance

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// The token endpoint's contract, pinned here apart from the engine's own
// constants so that a change to either shows: the path, RFC 7523's
// assertion type, Okta's generic invalid_client description, the token
// lifetime, and the engine's OAuth tables (read through Server.Objects).
const (
	testTokenPath          = "/oauth2/v1/token"
	testAssertionType      = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
	testGenericClientError = "Client authentication failed. Either the client or the client credentials are invalid."
	testTokenLifetime      = time.Hour
	testTokensTable        = "oauthTokens"
	testDPoPProofJTIs      = "oauthDPoPProofJTIs"
)

// testRandom returns n random bytes, base64url-encoded (jti values).
func testRandom(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// oauthTestApp is a service app registered with one public key, and the
// private half to sign its client assertions.
type oauthTestApp struct {
	id, clientID, kid string
	key               crypto.Signer
}

// newOAuthTestApp creates a private_key_jwt service app through the API
// with the SSWS token, and grants it scopes.
func newOAuthTestApp(t *testing.T, base string, dpop bool, scopes ...string) oauthTestApp {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return registerOAuthTestApp(t, base, key, "key-1", dpop, scopes...)
}

func registerOAuthTestApp(t *testing.T, base string, key crypto.Signer, kid string, dpop bool, scopes ...string) oauthTestApp {
	t.Helper()
	pub, err := jose.JSONWebKey{Key: key.Public(), KeyID: kid, Use: "sig"}.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(engine.Obj{
		"name": "oidc_client", "label": "Sync Service " + kid, "signOnMode": "OPENID_CONNECT",
		"credentials": engine.Obj{"oauthClient": engine.Obj{"token_endpoint_auth_method": "private_key_jwt"}},
		"settings": engine.Obj{"oauthClient": engine.Obj{
			"application_type": "service", "grant_types": []any{"client_credentials"},
			"dpop_bound_access_tokens": dpop,
			"jwks":                     engine.Obj{"keys": []any{json.RawMessage(pub)}},
		}},
	})
	r := rawDo(t, base, "t", "POST", "/api/v1/apps", string(body))
	if r.status != http.StatusOK {
		t.Fatalf("create service app: %d %s", r.status, r.raw)
	}
	app := oauthTestApp{id: engine.Str(r.body, "id"), clientID: engine.Str(r.body, "credentials.oauthClient.client_id"), kid: kid, key: key}
	for _, s := range scopes {
		grantTestScope(t, base, app.id, s)
	}
	return app
}

func grantTestScope(t *testing.T, base, appID, scope string) rawResp {
	t.Helper()
	r := rawDo(t, base, "t", "POST", "/api/v1/apps/"+appID+"/grants",
		`{"issuer":"`+base+`","scopeId":"`+scope+`"}`)
	if r.status != http.StatusCreated {
		t.Fatalf("grant %s: %d %s", scope, r.status, r.raw)
	}
	return r
}

// assertion signs a client assertion for base's token endpoint; edit may
// change the claims before signing.
func (a oauthTestApp) assertion(t *testing.T, base string, edit func(*jwt.Claims)) string {
	t.Helper()
	now := time.Now()
	claims := jwt.Claims{
		Issuer: a.clientID, Subject: a.clientID, Audience: jwt.Audience{base + testTokenPath},
		IssuedAt: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(now.Add(5 * time.Minute)),
		ID: testRandom(12),
	}
	if edit != nil {
		edit(&claims)
	}
	return signTestJWT(t, a.key, a.kid, "JWT", claims)
}

func signTestJWT(t *testing.T, key crypto.Signer, kid, typ string, claims any) string {
	t.Helper()
	alg := jose.ES256
	if _, ok := key.(*ecdsa.PrivateKey); !ok {
		alg = jose.RS256
	}
	opts := (&jose.SignerOptions{}).WithType(jose.ContentType(typ))
	sk := jose.SigningKey{Algorithm: alg, Key: key}
	if kid != "" {
		sk.Key = jose.JSONWebKey{Key: key, KeyID: kid}
	}
	signer, err := jose.NewSigner(sk, opts)
	if err != nil {
		t.Fatal(err)
	}
	s, err := jwt.Signed(signer).Claims(claims).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// tokenForm is a client-credentials request for scope with assertion.
func tokenForm(assertion, scope string) url.Values {
	return url.Values{
		"grant_type": {"client_credentials"}, "scope": {scope},
		"client_assertion_type": {testAssertionType}, "client_assertion": {assertion},
	}
}

func tokenPost(t *testing.T, base string, form url.Values, proof string) rawResp {
	t.Helper()
	req, _ := http.NewRequest("POST", base+testTokenPath, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if proof != "" {
		req.Header.Set("DPoP", proof)
	}
	return sendRaw(t, req)
}

func sendRaw(t *testing.T, req *http.Request) rawResp {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out rawResp
	out.status, out.hdr = resp.StatusCode, resp.Header
	dec := json.NewDecoder(resp.Body)
	var v any
	if dec.Decode(&v) == nil {
		out.body, _ = v.(map[string]any)
		out.raw, _ = json.Marshal(v)
	}
	return out
}

// bearerDo sends a Management API request with an Authorization header and
// an optional DPoP proof.
func bearerDo(t *testing.T, base, authz, proof, method, path, body string) rawResp {
	t.Helper()
	req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
	req.Header.Set("Authorization", authz)
	req.Header.Set("Content-Type", "application/json")
	if proof != "" {
		req.Header.Set("DPoP", proof)
	}
	return sendRaw(t, req)
}

// getToken runs the grant and returns the access token.
func (a oauthTestApp) getToken(t *testing.T, base, scope string) string {
	t.Helper()
	r := tokenPost(t, base, tokenForm(a.assertion(t, base, nil), scope), "")
	if r.status != http.StatusOK {
		t.Fatalf("token for %s: %d %s", scope, r.status, r.raw)
	}
	return engine.Str(r.body, "access_token")
}

// TestOAuthTokenEndpoint covers the client-credentials grant: the happy
// path and each way a request is refused, with Okta's OAuth error codes.
func TestOAuthTokenEndpoint(t *testing.T) {
	_, base := newTestServer(t, sandbox.Options{})
	app := newOAuthTestApp(t, base, false, "okta.groups.read", "okta.apps.manage")
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	replayed := app.assertion(t, base, nil)
	if r := tokenPost(t, base, tokenForm(replayed, "okta.groups.read"), ""); r.status != http.StatusOK {
		t.Fatalf("first use of the assertion: %d %s", r.status, r.raw)
	}
	inactive := newOAuthTestApp(t, base, false, "okta.groups.read")
	if r := rawDo(t, base, "t", "POST", "/api/v1/apps/"+inactive.id+"/lifecycle/deactivate", ""); r.status != http.StatusOK {
		t.Fatalf("deactivate: %d %s", r.status, r.raw)
	}

	cases := []struct {
		name       string
		form       func() url.Values
		status     int
		code, desc string
	}{
		{"happy path", func() url.Values {
			return tokenForm(app.assertion(t, base, nil), "okta.groups.read okta.apps.manage")
		}, 200, "", ""},
		{"assertion without jti, as the official SDK sends it", func() url.Values {
			return tokenForm(app.assertion(t, base, func(c *jwt.Claims) { c.ID = "" }), "okta.groups.read")
		}, 200, "", ""},
		{"bad signature", func() url.Values {
			now := time.Now()
			forged := signTestJWT(t, other, app.kid, "JWT", jwt.Claims{Issuer: app.clientID, Subject: app.clientID,
				Audience: jwt.Audience{base + testTokenPath}, Expiry: jwt.NewNumericDate(now.Add(time.Minute)), ID: "x1"})
			return tokenForm(forged, "okta.groups.read")
		}, 401, "invalid_client", "The client_assertion signature is invalid."},
		{"unknown kid", func() url.Values {
			a := app
			a.kid = "nope"
			return tokenForm(a.assertion(t, base, nil), "okta.groups.read")
		}, 401, "invalid_client", "The client_assertion JWT kid is invalid."},
		{"wrong audience", func() url.Values {
			return tokenForm(app.assertion(t, base, func(c *jwt.Claims) {
				c.Audience = jwt.Audience{base + "/oauth2/default/v1/token"}
			}), "okta.groups.read")
		}, 401, "invalid_client", "The audience claim for client_assertion must be the endpoint invoked for the request."},
		{"expired", func() url.Values {
			return tokenForm(app.assertion(t, base, func(c *jwt.Claims) {
				c.Expiry = jwt.NewNumericDate(time.Now().Add(-time.Minute))
			}), "okta.groups.read")
		}, 401, "invalid_client", "The client_assertion token is expired."},
		{"exp too far ahead", func() url.Values {
			return tokenForm(app.assertion(t, base, func(c *jwt.Claims) {
				c.Expiry = jwt.NewNumericDate(time.Now().Add(2 * time.Hour))
			}), "okta.groups.read")
		}, 401, "invalid_client", ""},
		{"unknown client", func() url.Values {
			return tokenForm(app.assertion(t, base, func(c *jwt.Claims) {
				c.Issuer, c.Subject = "0oaUNKNOWNCLIENT0000", "0oaUNKNOWNCLIENT0000"
			}), "okta.groups.read")
		}, 401, "invalid_client", testGenericClientError},
		{"inactive app", func() url.Values {
			return tokenForm(inactive.assertion(t, base, nil), "okta.groups.read")
		}, 401, "invalid_client", testGenericClientError},
		{"issuer is not subject", func() url.Values {
			return tokenForm(app.assertion(t, base, func(c *jwt.Claims) { c.Subject = "someone" }), "okta.groups.read")
		}, 401, "invalid_client", ""},
		{"replayed jti", func() url.Values { return tokenForm(replayed, "okta.groups.read") },
			401, "invalid_client", "The client_assertion token has already been used (jti)."},
		{"no client assertion", func() url.Values {
			f := tokenForm("", "okta.groups.read")
			f.Del("client_assertion")
			return f
		}, 401, "invalid_client", testGenericClientError},
		{"not a JWT", func() url.Values { return tokenForm("not.a.jwt", "okta.groups.read") }, 401, "invalid_client", ""},
		{"ungranted scope", func() url.Values {
			return tokenForm(app.assertion(t, base, nil), "okta.groups.read okta.policies.manage")
		}, 400, "invalid_scope", ""},
		{"manage granted does not grant a read request", func() url.Values {
			return tokenForm(app.assertion(t, base, nil), "okta.apps.read")
		}, 400, "invalid_scope", ""},
		{"no scope", func() url.Values { return tokenForm(app.assertion(t, base, nil), "") }, 400, "invalid_scope", ""},
		{"wrong grant type", func() url.Values {
			f := tokenForm(app.assertion(t, base, nil), "okta.groups.read")
			f.Set("grant_type", "password")
			return f
		}, 400, "unsupported_grant_type", ""},
		{"no grant type", func() url.Values {
			f := tokenForm(app.assertion(t, base, nil), "okta.groups.read")
			f.Del("grant_type")
			return f
		}, 400, "invalid_request", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := tokenPost(t, base, tc.form(), "")
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.raw)
			}
			if got := r.hdr.Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", got)
			}
			if tc.status == http.StatusOK {
				if engine.Str(r.body, "token_type") != "Bearer" || r.body["expires_in"] != 3600.0 || engine.Str(r.body, "access_token") == "" {
					t.Fatalf("token response %s", r.raw)
				}
				return
			}
			if engine.Str(r.body, "error") != tc.code || (tc.desc != "" && engine.Str(r.body, "error_description") != tc.desc) {
				t.Fatalf("error %s, want %s %q", r.raw, tc.code, tc.desc)
			}
			if r.body["errorCode"] != nil {
				t.Errorf("token endpoint errors are OAuth errors, not Okta error objects: %s", r.raw)
			}
		})
	}

	t.Run("granted scopes are echoed", func(t *testing.T) {
		r := tokenPost(t, base, tokenForm(app.assertion(t, base, nil), "okta.apps.manage okta.groups.read okta.apps.manage"), "")
		if got := engine.Str(r.body, "scope"); got != "okta.apps.manage okta.groups.read" {
			t.Fatalf("scope %q", got)
		}
	})
	t.Run("not form-encoded", func(t *testing.T) {
		r := rawDo(t, base, "", "POST", testTokenPath, `{"grant_type":"client_credentials"}`)
		if r.status != 400 || engine.Str(r.body, "error") != "invalid_request" {
			t.Fatalf("%d %s", r.status, r.raw)
		}
	})
	t.Run("parameters in the query string", func(t *testing.T) {
		form := tokenForm(app.assertion(t, base, nil), "okta.groups.read")
		req, _ := http.NewRequest("POST", base+testTokenPath+"?"+form.Encode(), nil)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.ContentLength = 0
		req.Header.Set("Content-Length", "0")
		if r := sendRaw(t, req); r.status != 200 {
			t.Fatalf("%d %s", r.status, r.raw)
		}
	})
	t.Run("revoked grant", func(t *testing.T) {
		g := grantTestScope(t, base, app.id, "okta.policies.read")
		if r := tokenPost(t, base, tokenForm(app.assertion(t, base, nil), "okta.policies.read"), ""); r.status != 200 {
			t.Fatalf("granted: %d %s", r.status, r.raw)
		}
		if r := rawDo(t, base, "t", "DELETE", "/api/v1/apps/"+app.id+"/grants/"+engine.Str(g.body, "id"), ""); r.status != 204 {
			t.Fatalf("revoke: %d %s", r.status, r.raw)
		}
		if r := tokenPost(t, base, tokenForm(app.assertion(t, base, nil), "okta.policies.read"), ""); r.status != 400 || engine.Str(r.body, "error") != "invalid_scope" {
			t.Fatalf("after revoke: %d %s", r.status, r.raw)
		}
	})
}

// TestOAuthScopeEnforcement checks the gate with access tokens: a read
// scope reads, a write needs manage (403 E0000006 with Okta's
// insufficient_scope challenge), manage implies read, and unknown or
// expired tokens are 401 E0000011. The SSWS token still has every scope.
func TestOAuthScopeEnforcement(t *testing.T) {
	clock := &fakeClock{t: time.Now()}
	_, base := newTestServer(t, sandbox.Options{Now: clock.Now})
	app := newOAuthTestApp(t, base, false, "okta.groups.read", "okta.groups.manage", "okta.policies.manage")
	read := "Bearer " + app.getToken(t, base, "okta.groups.read")
	manage := "Bearer " + app.getToken(t, base, "okta.groups.manage")
	policies := "Bearer " + app.getToken(t, base, "okta.policies.manage")

	cases := []struct {
		name, authz, method, path, body string
		status                          int
		code, scope                     string
	}{
		{"read scope reads", read, "GET", "/api/v1/groups", "", 200, "", ""},
		{"read scope reads one", read, "GET", "/api/v1/groups?limit=1", "", 200, "", ""},
		{"read scope cannot write", read, "POST", "/api/v1/groups", `{"profile":{"name":"x"}}`, 403, "E0000006", "okta.groups.manage"},
		{"other area refused", read, "GET", "/api/v1/apps", "", 403, "E0000006", "okta.apps.read"},
		{"manage implies read", manage, "GET", "/api/v1/groups", "", 200, "", ""},
		{"manage writes", manage, "POST", "/api/v1/groups", `{"profile":{"name":"Made with OAuth"}}`, 200, "", ""},
		{"policies manage reads policies", policies, "GET", "/api/v1/policies?type=OKTA_SIGN_ON", "", 200, "", ""},
		{"unknown token", "Bearer not-a-token", "GET", "/api/v1/groups", "", 401, "E0000011", ""},
		{"bearer token with the DPoP scheme", strings.Replace(read, "Bearer", "DPoP", 1), "GET", "/api/v1/groups", "", 401, "E0000011", ""},
		{"SSWS still has every scope", "SSWS t", "GET", "/api/v1/apps", "", 200, "", ""},
		{"wrong SSWS token", "SSWS nope", "GET", "/api/v1/apps", "", 401, "E0000011", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := bearerDo(t, base, tc.authz, "", tc.method, tc.path, tc.body)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.raw)
			}
			if tc.code != "" && engine.Str(r.body, "errorCode") != tc.code {
				t.Fatalf("errorCode %s, want %s", r.raw, tc.code)
			}
			if tc.scope != "" {
				want := `Bearer authorization_uri="` + base + `/oauth2/v1/authorize", realm="` + base + `", scope="` + tc.scope +
					`", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="` +
					strings.Split(tc.path, "?")[0] + `"`
				if got := r.hdr.Get("WWW-Authenticate"); got != want {
					t.Fatalf("WWW-Authenticate\n got %s\nwant %s", got, want)
				}
			}
		})
	}

	t.Run("expired token", func(t *testing.T) {
		tok := app.getToken(t, base, "okta.groups.read")
		clock.Add(testTokenLifetime)
		r := bearerDo(t, base, "Bearer "+tok, "", "GET", "/api/v1/groups", "")
		if r.status != 401 || engine.Str(r.body, "errorCode") != "E0000011" ||
			!strings.Contains(r.hdr.Get("WWW-Authenticate"), `error="invalid_token"`) {
			t.Fatalf("%d %s %v", r.status, r.raw, r.hdr)
		}
	})
}
