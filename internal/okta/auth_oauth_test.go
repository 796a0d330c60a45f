package okta

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"golang.org/x/sync/errgroup"
)

var assertionAlgs = []jose.SignatureAlgorithm{jose.RS256, jose.ES256, jose.ES384, jose.ES512}

// tokenEndpoint checks a client-credentials request the way Okta does and
// hands out tokens. It is shared by the OAuth tests.
type tokenEndpoint struct {
	t        *testing.T
	pub      crypto.PublicKey
	clientID string
	scope    string
	wantKID  string

	mu         sync.Mutex
	jtis       map[string]bool
	assertions []string

	calls  atomic.Int32
	tokens func(n int32) string // the access token for the nth call
}

func (e *tokenEndpoint) handle(w http.ResponseWriter, r *http.Request, tokenURL string) {
	t := e.t
	n := e.calls.Add(1)
	if r.Method != http.MethodPost || r.URL.RawQuery != "" {
		t.Errorf("token request %s ?%s: want a POST with parameters in the body only", r.Method, r.URL.RawQuery)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		t.Errorf("token request Content-Type %q", ct)
	}
	if err := r.ParseForm(); err != nil {
		t.Errorf("token request form: %v", err)
		w.WriteHeader(400)
		return
	}
	for k, want := range map[string]string{
		"grant_type":            "client_credentials",
		"scope":                 e.scope,
		"client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
	} {
		if got := r.PostForm.Get(k); got != want {
			t.Errorf("token request %s = %q, want %q", k, got, want)
		}
	}
	assertion := r.PostForm.Get("client_assertion")
	tok, err := jwt.ParseSigned(assertion, assertionAlgs)
	if err != nil {
		t.Errorf("client_assertion does not parse: %v", err)
		w.WriteHeader(400)
		return
	}
	if kid := tok.Headers[0].KeyID; kid != e.wantKID {
		t.Errorf("assertion kid = %q, want %q", kid, e.wantKID)
	}
	var claims jwt.Claims
	if err := tok.Claims(e.pub, &claims); err != nil {
		t.Errorf("client_assertion signature does not verify with the app's public key: %v", err)
		w.WriteHeader(401)
		return
	}
	if err := claims.ValidateWithLeeway(jwt.Expected{
		Issuer:      e.clientID,
		Subject:     e.clientID,
		AnyAudience: jwt.Audience{tokenURL},
		Time:        time.Now(),
	}, time.Minute); err != nil {
		t.Errorf("assertion claims: %v", err)
	}
	if claims.IssuedAt == nil || claims.Expiry == nil || claims.Expiry.Time().Sub(claims.IssuedAt.Time()) != 5*time.Minute {
		t.Errorf("assertion iat %v exp %v: want a five-minute life", claims.IssuedAt, claims.Expiry)
	}
	e.mu.Lock()
	if claims.ID == "" || e.jtis[claims.ID] {
		t.Errorf("assertion jti %q is empty or reused", claims.ID)
	}
	e.jtis[claims.ID] = true
	e.assertions = append(e.assertions, assertion)
	e.mu.Unlock()

	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"token_type":"Bearer","expires_in":3600,"access_token":%q,"scope":%q}`, e.tokens(n), e.scope)
}

type keyCase struct {
	name    string
	pem     string // Config.PrivateKey
	keyID   string // Config.PrivateKeyID
	pub     crypto.PublicKey
	wantKID string
}

func keyCases(t *testing.T) []keyCase {
	t.Helper()
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	pkcs8 := func(k any) string {
		der, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	}
	sec1, _ := x509.MarshalECPrivateKey(p256)
	jwk, err := jose.JSONWebKey{Key: rsaKey, KeyID: "kid-from-jwk", Algorithm: "RS256", Use: "sig"}.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return []keyCase{
		{"RSA PKCS#1 PEM", string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)})), "kid1", &rsaKey.PublicKey, "kid1"},
		{"RSA PKCS#8 PEM", pkcs8(rsaKey), "", &rsaKey.PublicKey, ""},
		{"EC P-256 SEC 1 PEM", string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1})), "kid2", &p256.PublicKey, "kid2"},
		{"EC P-384 PKCS#8 PEM", pkcs8(p384), "", &p384.PublicKey, ""},
		{"RSA private JWK", string(jwk), "", &rsaKey.PublicKey, "kid-from-jwk"},
	}
}

func oauthConfig(k keyCase) func(*Config) {
	return func(c *Config) {
		c.AuthMode = AuthModePrivateKey
		c.Token = ""
		c.ClientID = "0oaSERVICEAPP"
		c.Scopes = []string{"okta.groups.read", "okta.apps.read"}
		c.PrivateKey = k.pem
		c.PrivateKeyID = k.keyID
	}
}

func TestOAuthClientCredentials(t *testing.T) {
	for _, k := range keyCases(t) {
		t.Run(k.name, func(t *testing.T) {
			te := &tokenEndpoint{t: t, pub: k.pub, clientID: "0oaSERVICEAPP", scope: "okta.groups.read okta.apps.read", wantKID: k.wantKID,
				jtis: map[string]bool{}, tokens: func(int32) string { return "access-token-secret-1" }}
			var resourceCalls atomic.Int32
			var srvURL string
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == tokenPath {
					te.handle(w, r, srvURL+tokenPath)
					return
				}
				resourceCalls.Add(1)
				if got := r.Header.Get("Authorization"); got != "Bearer access-token-secret-1" {
					t.Errorf("resource Authorization = %q", got)
					w.WriteHeader(401)
					return
				}
				if r.Header.Get("DPoP") != "" {
					t.Error("a Bearer token needs no DPoP proof")
				}
				_, _ = w.Write([]byte(`[]`))
			})
			srvURL = srv.URL
			c := newTestClient(t, srv.URL, oauthConfig(k))

			ctx := testCtx(t)
			var g errgroup.Group
			for range 4 {
				g.Go(func() error { _, err := c.Do(ctx, Request{Path: "/api/v1/groups"}); return err })
			}
			if err := g.Wait(); err != nil {
				t.Fatalf("Do: %v", err)
			}
			if te.calls.Load() != 1 || resourceCalls.Load() != 4 {
				t.Errorf("token calls %d, resource calls %d: want the token fetched once and reused", te.calls.Load(), resourceCalls.Load())
			}
			if b := c.Stats().Buckets["/oauth2/v1"]; b.Calls != 1 {
				t.Errorf("token request not counted in the /oauth2/v1 bucket: %+v", c.Stats())
			}
		})
	}
}

func TestOAuthNewTokenAfter401(t *testing.T) {
	k := keyCases(t)[2]
	te := &tokenEndpoint{t: t, pub: k.pub, clientID: "0oaSERVICEAPP", scope: "okta.groups.read okta.apps.read", wantKID: k.wantKID,
		jtis: map[string]bool{}, tokens: func(n int32) string { return fmt.Sprintf("token-%d", n) }}
	var srvURL string
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == tokenPath {
			te.handle(w, r, srvURL+tokenPath)
			return
		}
		if r.Header.Get("Authorization") != "Bearer token-2" {
			writeOktaError(w, 401, "E0000011", "Invalid token provided") // token-1 was revoked
			return
		}
		_, _ = w.Write([]byte(`{}`))
	})
	srvURL = srv.URL
	c := newTestClient(t, srv.URL, oauthConfig(k))
	// A POST: a 401 means nothing was done, so repeating it is safe.
	if _, err := c.Do(testCtx(t), Request{Method: "POST", Path: "/api/v1/groups", Body: raw(`{}`)}); err != nil {
		t.Fatalf("Do: %v", err)
	}
	if te.calls.Load() != 2 {
		t.Errorf("token calls = %d, want 2", te.calls.Load())
	}
}

func TestOAuthErrorsHideSecrets(t *testing.T) {
	k := keyCases(t)[0]
	var assertion atomic.Value
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		assertion.Store(r.PostForm.Get("client_assertion"))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"The client_assertion signature is invalid."}`))
	})
	c := newTestClient(t, srv.URL, oauthConfig(k))
	_, err := c.Do(testCtx(t), Request{Path: "/api/v1/groups"})
	if ErrorCode(err) != "invalid_client" || StatusCode(err) != 401 {
		t.Fatalf("want the token endpoint's invalid_client, got %v", err)
	}
	a, _ := assertion.Load().(string)
	if a == "" {
		t.Fatal("no assertion was sent")
	}
	keyLine := strings.Split(k.pem, "\n")[1]
	assertNoSecret(t, "token error", fmt.Sprintf("%v %+v %#v", err, err, err), a, keyLine)
}

// dpopServer plays an org that requires DPoP: its token endpoint demands a
// proof and then a nonce; its resource server demands its own nonce and
// checks every proof.
type dpopServer struct {
	t   *testing.T
	url string

	mu       sync.Mutex
	jtis     map[string]bool
	boundJKT string // thumbprint of the key the token was bound to

	tokenCalls, resourceCalls, nonceChallenges atomic.Int32
}

const (
	dpopAccessToken = "dpop-bound-access-token-secret"
	asNonce         = "as-nonce-1"
	rsNonce         = "rs-nonce-2"
)

func (s *dpopServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == tokenPath {
		s.token(w, r)
		return
	}
	s.resource(w, r)
}

func (s *dpopServer) token(w http.ResponseWriter, r *http.Request) {
	s.tokenCalls.Add(1)
	proof := r.Header.Get("DPoP")
	if proof == "" {
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"error":"invalid_dpop_proof","error_description":"The DPoP proof JWT header is missing."}`))
		return
	}
	claims, jkt := s.verifyProof(proof, http.MethodPost, s.url+tokenPath)
	if claims.ATH != "" {
		s.t.Error("a token request proof has no access token to hash")
	}
	if claims.Nonce != asNonce {
		w.Header().Set("DPoP-Nonce", asNonce)
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"error":"use_dpop_nonce","error_description":"Authorization server requires nonce in DPoP proof."}`))
		return
	}
	s.mu.Lock()
	s.boundJKT = jkt
	s.mu.Unlock()
	fmt.Fprintf(w, `{"token_type":"DPoP","expires_in":3600,"access_token":%q,"scope":"okta.groups.read"}`, dpopAccessToken)
}

func (s *dpopServer) resource(w http.ResponseWriter, r *http.Request) {
	s.resourceCalls.Add(1)
	if got := r.Header.Get("Authorization"); got != "DPoP "+dpopAccessToken {
		s.t.Errorf("resource Authorization = %q", got)
	}
	claims, jkt := s.verifyProof(r.Header.Get("DPoP"), r.Method, s.url+r.URL.Path)
	sum := sha256.Sum256([]byte(dpopAccessToken))
	if want := base64.RawURLEncoding.EncodeToString(sum[:]); claims.ATH != want {
		s.t.Errorf("ath = %q, want %q", claims.ATH, want)
	}
	s.mu.Lock()
	bound := s.boundJKT
	s.mu.Unlock()
	if jkt != bound {
		s.t.Error("resource proof signed with a different key than the token is bound to")
	}
	if claims.Nonce != rsNonce {
		s.nonceChallenges.Add(1)
		w.Header().Set("DPoP-Nonce", rsNonce)
		w.Header().Set("WWW-Authenticate", `DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"`)
		w.WriteHeader(401)
		return
	}
	_, _ = w.Write([]byte(`[]`))
}

// verifyProof checks a DPoP proof as RFC 9449 §4.3 says a server must, and
// returns its claims and the thumbprint of its key.
func (s *dpopServer) verifyProof(proof, method, url string) (dpopClaims, string) {
	t := s.t
	var claims dpopClaims
	jws, err := jose.ParseSignedCompact(proof, []jose.SignatureAlgorithm{jose.RS256, jose.ES256})
	if err != nil {
		t.Errorf("DPoP proof does not parse: %v", err)
		return claims, ""
	}
	h := jws.Signatures[0].Protected
	if typ, _ := h.ExtraHeaders[jose.HeaderType].(string); typ != "dpop+jwt" {
		t.Errorf("proof typ = %q, want dpop+jwt", typ)
	}
	if h.JSONWebKey == nil || !h.JSONWebKey.IsPublic() {
		t.Error("proof must embed a public jwk")
		return claims, ""
	}
	payload, err := jws.Verify(h.JSONWebKey)
	if err != nil {
		t.Errorf("proof signature does not verify with its jwk: %v", err)
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Errorf("proof claims: %v", err)
	}
	if claims.Method != method || claims.URI != url {
		t.Errorf("proof htm/htu = %s %s, want %s %s", claims.Method, claims.URI, method, url)
	}
	if claims.IssuedAt == nil || time.Since(claims.IssuedAt.Time()).Abs() > time.Minute {
		t.Errorf("proof iat %v is not now", claims.IssuedAt)
	}
	s.mu.Lock()
	if claims.ID == "" || s.jtis[claims.ID] {
		t.Errorf("proof jti %q empty or replayed", claims.ID)
	}
	s.jtis[claims.ID] = true
	s.mu.Unlock()
	jkt, err := h.JSONWebKey.Thumbprint(crypto.SHA256)
	if err != nil {
		t.Errorf("jwk thumbprint: %v", err)
	}
	return claims, string(jkt)
}

func TestDPoP(t *testing.T) {
	k := keyCases(t)[2]
	s := &dpopServer{t: t, jtis: map[string]bool{}}
	srv := newServer(t, s.ServeHTTP)
	s.url = srv.URL
	c := newTestClient(t, srv.URL, oauthConfig(k))
	ctx := testCtx(t)

	// The query must not reach htu, and a body-less POST is proved like any other.
	if _, err := c.Do(ctx, Request{Path: "/api/v1/groups", Query: map[string][]string{"limit": {"200"}}}); err != nil {
		t.Fatalf("GET: %v", err)
	}
	if _, err := c.Do(ctx, Request{Method: "POST", Path: "/api/v1/groups/00g1b2c3d4e5f6g7h8i9/lifecycle/activate"}); err != nil {
		t.Fatalf("POST: %v", err)
	}
	var g errgroup.Group
	for range 5 {
		g.Go(func() error { _, err := c.Do(ctx, Request{Path: "/api/v1/apps"}); return err })
	}
	if err := g.Wait(); err != nil {
		t.Fatalf("parallel GETs: %v", err)
	}

	// Token: no proof → proof without nonce → proof with nonce.
	if got := s.tokenCalls.Load(); got != 3 {
		t.Errorf("token calls = %d, want 3", got)
	}
	// Resource: the first request is challenged for the resource nonce,
	// then every request succeeds first time with a fresh proof.
	if got, challenges := s.resourceCalls.Load(), s.nonceChallenges.Load(); got != 8 || challenges != 1 {
		t.Errorf("resource calls = %d with %d nonce challenges, want 8 and 1", got, challenges)
	}
}
