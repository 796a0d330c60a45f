package conformance

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// dpopTestKey signs DPoP proofs with an embedded public JWK.
type dpopTestKey struct {
	signer jose.Signer
	key    *ecdsa.PrivateKey
}

func newDPoPTestKey(t *testing.T) dpopTestKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key},
		(&jose.SignerOptions{EmbedJWK: true}).WithType("dpop+jwt"))
	if err != nil {
		t.Fatal(err)
	}
	return dpopTestKey{signer: s, key: key}
}

type dpopTestClaims struct {
	HTM   string           `json:"htm"`
	HTU   string           `json:"htu"`
	IAT   *jwt.NumericDate `json:"iat"`
	JTI   string           `json:"jti"`
	Nonce string           `json:"nonce,omitempty"`
	ATH   string           `json:"ath,omitempty"`
}

func (k dpopTestKey) proof(t *testing.T, method, htu, nonce, token string, edit func(*dpopTestClaims)) string {
	t.Helper()
	c := dpopTestClaims{HTM: method, HTU: htu, IAT: jwt.NewNumericDate(time.Now()), JTI: testRandom(12), Nonce: nonce}
	if token != "" {
		sum := sha256.Sum256([]byte(token))
		c.ATH = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	if edit != nil {
		edit(&c)
	}
	s, err := jwt.Signed(k.signer).Claims(c).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestOAuthDPoP walks Okta's DPoP flow: the token request needs a proof,
// then a nonce; the token is bound to the proof key; resource requests
// need the DPoP scheme and a fresh proof by that key for that request.
func TestOAuthDPoP(t *testing.T) {
	_, base := newTestServer(t, sandbox.Options{})
	app := newOAuthTestApp(t, base, true, "okta.groups.read")
	key := newDPoPTestKey(t)
	tokenURL := base + testTokenPath

	r := tokenPost(t, base, tokenForm(app.assertion(t, base, nil), "okta.groups.read"), "")
	if r.status != 400 || engine.Str(r.body, "error") != "invalid_dpop_proof" ||
		engine.Str(r.body, "error_description") != "The DPoP proof JWT header is missing." {
		t.Fatalf("without proof: %d %s", r.status, r.raw)
	}
	r = tokenPost(t, base, tokenForm(app.assertion(t, base, nil), "okta.groups.read"), key.proof(t, "POST", tokenURL, "", "", nil))
	nonce := r.hdr.Get("DPoP-Nonce")
	if r.status != 400 || engine.Str(r.body, "error") != "use_dpop_nonce" || nonce == "" {
		t.Fatalf("without nonce: %d %s %v", r.status, r.raw, r.hdr)
	}
	if r := tokenPost(t, base, tokenForm(app.assertion(t, base, nil), "okta.groups.read"),
		key.proof(t, "POST", tokenURL, "made-up", "", nil)); engine.Str(r.body, "error") != "use_dpop_nonce" {
		t.Fatalf("unknown nonce: %d %s", r.status, r.raw)
	}
	if r := tokenPost(t, base, tokenForm(app.assertion(t, base, nil), "okta.groups.read"),
		key.proof(t, "GET", tokenURL, nonce, "", nil)); engine.Str(r.body, "error") != "invalid_dpop_proof" {
		t.Fatalf("wrong htm: %d %s", r.status, r.raw)
	}
	r = tokenPost(t, base, tokenForm(app.assertion(t, base, nil), "okta.groups.read"), key.proof(t, "POST", tokenURL, nonce, "", nil))
	if r.status != 200 || engine.Str(r.body, "token_type") != "DPoP" {
		t.Fatalf("with nonce: %d %s", r.status, r.raw)
	}
	token := engine.Str(r.body, "access_token")
	groups := base + "/api/v1/groups"
	other := newDPoPTestKey(t)
	replay := key.proof(t, "GET", groups, "", token, nil)
	if r := bearerDo(t, base, "DPoP "+token, replay, "GET", "/api/v1/groups", ""); r.status != 200 {
		t.Fatalf("first use of a proof: %d %s", r.status, r.raw)
	}

	cases := []struct {
		name, authz, proof, path string
		status                   int
		challenge                string
	}{
		{"valid proof", "DPoP " + token, key.proof(t, "GET", groups, "", token, nil), "/api/v1/groups", 200, ""},
		{"query strings are not part of htu", "DPoP " + token, key.proof(t, "GET", groups, "", token, nil), "/api/v1/groups?limit=1", 200, ""},
		{"no proof", "DPoP " + token, "", "/api/v1/groups", 401, `DPoP algs="RS256 RS384 RS512 ES256 ES384 ES512", error="invalid_dpop_proof", error_description="The DPoP proof JWT header is missing."`},
		{"bearer scheme", "Bearer " + token, key.proof(t, "GET", groups, "", token, nil), "/api/v1/groups", 401, `error="invalid_token"`},
		{"replayed proof", "DPoP " + token, replay, "/api/v1/groups", 401, `error="invalid_dpop_proof"`},
		{"proof by another key", "DPoP " + token, other.proof(t, "GET", groups, "", token, nil), "/api/v1/groups", 401, "not signed by the key"},
		{"wrong ath", "DPoP " + token, key.proof(t, "GET", groups, "", "other-token", nil), "/api/v1/groups", 401, "'ath'"},
		{"wrong htu", "DPoP " + token, key.proof(t, "GET", base+"/api/v1/apps", "", token, nil), "/api/v1/groups", 401, "'htu'"},
		{"wrong htm", "DPoP " + token, key.proof(t, "DELETE", groups, "", token, nil), "/api/v1/groups", 401, "'htm'"},
		{"stale iat", "DPoP " + token, key.proof(t, "GET", groups, "", token, func(c *dpopTestClaims) {
			c.IAT = jwt.NewNumericDate(time.Now().Add(-time.Hour))
		}), "/api/v1/groups", 401, "'iat'"},
		{"no jti", "DPoP " + token, key.proof(t, "GET", groups, "", token, func(c *dpopTestClaims) { c.JTI = "" }), "/api/v1/groups", 401, "'jti'"},
		{"scope still enforced", "DPoP " + token, key.proof(t, "GET", base+"/api/v1/apps", "", token, nil), "/api/v1/apps", 403, `DPoP authorization_uri=`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := bearerDo(t, base, tc.authz, tc.proof, "GET", tc.path, "")
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s %v", r.status, tc.status, r.raw, r.hdr)
			}
			if tc.challenge != "" && !strings.Contains(r.hdr.Get("WWW-Authenticate"), tc.challenge) {
				t.Fatalf("WWW-Authenticate %q, want it to contain %q", r.hdr.Get("WWW-Authenticate"), tc.challenge)
			}
		})
	}
}

// TestAppGrantsConformance drives the scope consent grant endpoints with
// the official SDK, validating every answer against the official spec,
// and checks the refusals.
func TestAppGrantsConformance(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{Token: "t"})
	app := newOAuthTestApp(t, o.URL, false)
	api := o.sdk(t)
	ctx := context.Background()

	g, resp, err := api.ApplicationGrantsAPI.GrantConsentToScope(ctx, app.id).
		OAuth2ScopeConsentGrant(*okta.NewOAuth2ScopeConsentGrant(o.URL, "okta.groups.read")).Execute()
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("grant: %v %v", resp, err)
	}
	if !strings.HasPrefix(g.GetId(), "oag") || g.GetStatus() != "ACTIVE" || g.GetClientId() != app.clientID ||
		g.GetSource() != "ADMIN" || g.GetScopeId() != "okta.groups.read" {
		t.Fatalf("grant %+v", g)
	}
	list, _, err := api.ApplicationGrantsAPI.ListScopeConsentGrants(ctx, app.id).Execute()
	if err != nil || len(list) != 1 || list[0].GetId() != g.GetId() {
		t.Fatalf("list: %v %v", list, err)
	}
	got, _, err := api.ApplicationGrantsAPI.GetScopeConsentGrant(ctx, app.id, g.GetId()).Execute()
	if err != nil || got.GetScopeId() != "okta.groups.read" {
		t.Fatalf("get: %v %v", got, err)
	}
	st, _, body := o.do(t, "GET", "/api/v1/apps/"+app.id+"/grants/"+g.GetId(), nil)
	var raw engine.Obj
	_ = json.Unmarshal(body, &raw)
	if st != 200 || engine.Str(raw, "_links.self.href") != o.URL+"/api/v1/apps/"+app.id+"/grants/"+g.GetId() ||
		engine.Str(raw, "_embedded.scope.id") != "okta.groups.read" {
		t.Fatalf("raw grant: %d %s", st, body)
	}

	refusals := []struct {
		name, app, body string
		status          int
	}{
		{"duplicate", app.id, `{"issuer":"` + o.URL + `","scopeId":"okta.groups.read"}`, 400},
		{"foreign issuer", app.id, `{"issuer":"https://elsewhere.okta.com","scopeId":"okta.apps.read"}`, 400},
		{"not an Okta scope", app.id, `{"issuer":"` + o.URL + `","scopeId":"groups"}`, 400},
		{"no scopeId", app.id, `{"issuer":"` + o.URL + `"}`, 400},
		{"unknown app", "0oaNOSUCHAPP00000000", `{"issuer":"` + o.URL + `","scopeId":"okta.apps.read"}`, 404},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			if st, _, body := o.do(t, "POST", "/api/v1/apps/"+tc.app+"/grants", tc.body); st != tc.status {
				t.Fatalf("%d %s", st, body)
			}
		})
	}
	if resp, err := api.ApplicationGrantsAPI.RevokeScopeConsentGrant(ctx, app.id, g.GetId()).Execute(); err != nil || resp.StatusCode != 204 {
		t.Fatalf("revoke: %v %v", resp, err)
	}
	if st, _, body := o.do(t, "GET", "/api/v1/apps/"+app.id+"/grants/"+g.GetId(), nil); st != 404 {
		t.Fatalf("after revoke: %d %s", st, body)
	}
}
