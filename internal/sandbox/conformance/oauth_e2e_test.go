package conformance

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	oktasdk "github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// These tests drive real clients through the sandbox's OAuth paths: the
// oktasync client (internal/okta, AuthModePrivateKey) with a plain and a
// DPoP service app, and the official Okta Go SDK in its PrivateKey mode,
// so that the token endpoint is not only checked against our own client.

func pemPKCS8(t *testing.T, key crypto.Signer) string {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

func e2eClient(t *testing.T, base string, app oauthTestApp, scopes ...string) *okta.Client {
	t.Helper()
	c, err := okta.New(okta.Config{
		OrgURL: base, AuthMode: okta.AuthModePrivateKey,
		ClientID: app.clientID, Scopes: scopes,
		PrivateKey: pemPKCS8(t, app.key), PrivateKeyID: app.kid,
		MaxRetries: -1, // every answer here is deterministic
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestOAuthClientEndToEnd: the oktasync client lists groups with a read
// scope, is refused a write with Okta's E0000006, and, for a DPoP app,
// negotiates the proof and nonce and sends DPoP-bound requests.
func TestOAuthClientEndToEnd(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		key       crypto.Signer
		dpop      bool
		tokenType string
		// token requests the client needs: 1, or 3 under DPoP (no
		// proof, then no nonce, then success).
		tokenCalls int
	}{
		{"plain app, RS256", rsaKey, false, "Bearer", 1},
		{"DPoP app, ES256", ecKey, true, "DPoP", 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, base := newTestServer(t, sandbox.Options{Sample: true})
			app := registerOAuthTestApp(t, base, tc.key, "sync-key", tc.dpop, "okta.groups.read", "okta.apps.read")
			c := e2eClient(t, base, app, "okta.groups.read", "okta.apps.read")
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()

			var groups int
			err := c.List(ctx, "/api/v1/groups", nil, 2, func(page []json.RawMessage) error {
				groups += len(page)
				return nil
			})
			if err != nil || groups < 3 {
				t.Fatalf("listing groups: %d groups, %v", groups, err)
			}
			if _, err := c.Do(ctx, okta.Request{Path: "/api/v1/apps", Query: url.Values{"limit": {"1"}}}); err != nil {
				t.Fatalf("listing apps: %v", err)
			}
			_, err = c.Do(ctx, okta.Request{Method: "POST", Path: "/api/v1/groups", Body: map[string]any{"profile": map[string]any{"name": "Not allowed"}}})
			if okta.ErrorCode(err) != "E0000006" || okta.StatusCode(err) != http.StatusForbidden {
				t.Fatalf("write without okta.groups.manage: %v", err)
			}
			if strings.Contains(err.Error(), "Bearer ") || strings.Contains(err.Error(), "DPoP ey") {
				t.Fatalf("the error shows a credential: %v", err)
			}

			// The server's side: how many token requests, and what was issued.
			st := srv.Stats()
			if got := st.Endpoints["POST "+testTokenPath]; got != tc.tokenCalls {
				t.Errorf("token endpoint called %d times, want %d", got, tc.tokenCalls)
			}
			tokens := srv.Objects(testTokensTable, "")
			if len(tokens) != 1 {
				t.Fatalf("%d tokens issued, want 1 reused for every request", len(tokens))
			}
			if bound := engine.Str(tokens[0], "jkt") != ""; bound != tc.dpop {
				t.Errorf("token bound to a key: %v, want %v", bound, tc.dpop)
			}
			if tc.dpop && len(srv.Objects(testDPoPProofJTIs, "")) < 4 {
				t.Errorf("resource requests carried no DPoP proofs")
			}
		})
	}
}

// TestOAuthClientUngrantedScope: a client configured with a scope the app
// was not granted gets Okta's invalid_scope from the token endpoint, and
// never reaches the resource.
func TestOAuthClientUngrantedScope(t *testing.T) {
	srv, base := newTestServer(t, sandbox.Options{})
	app := newOAuthTestApp(t, base, false, "okta.groups.read")
	c := e2eClient(t, base, app, "okta.groups.read", "okta.policies.manage")
	_, err := c.Do(context.Background(), okta.Request{Path: "/api/v1/groups"})
	if okta.ErrorCode(err) != "invalid_scope" || okta.StatusCode(err) != http.StatusBadRequest {
		t.Fatalf("want invalid_scope, got %v", err)
	}
	if n := srv.Stats().Endpoints["GET /api/v1/groups"]; n != 0 {
		t.Fatalf("resource reached %d times without a token", n)
	}
}

// sdkPrivateKeyClient is the official SDK in PrivateKey mode against base,
// on a plain HTTP client: the token endpoint belongs to the OAuth spec, not
// the Management spec the conformance transport checks against.
func sdkPrivateKeyClient(t *testing.T, base string, app oauthTestApp, scopes ...string) *oktasdk.APIClient {
	t.Helper()
	rsaKey, ok := app.key.(*rsa.PrivateKey)
	if !ok {
		t.Fatal("the SDK signs RS256 assertions from a PKCS#1 RSA key")
	}
	pk := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)}))
	cfg, err := oktasdk.NewConfiguration(
		oktasdk.WithOrgUrl(base),
		oktasdk.WithAuthorizationMode("PrivateKey"),
		oktasdk.WithClientId(app.clientID),
		oktasdk.WithScopes(scopes),
		oktasdk.WithPrivateKey(pk),
		oktasdk.WithTestingDisableHttpsCheck(true),
		oktasdk.WithHttpClientPtr(&http.Client{Timeout: 30 * time.Second}),
		oktasdk.WithCache(false),
	)
	if err != nil {
		t.Fatalf("okta.NewConfiguration: %v", err)
	}
	u, _ := url.Parse(base)
	cfg.Host = u.Host // SDK v5.0.2 drops the port (see conformanceOrg.sdk)
	return oktasdk.NewAPIClient(cfg)
}

// TestOAuthOfficialSDK: the official SDK gets a token (its assertions carry
// no jti and its parameters travel in the query string) and lists groups,
// with a plain and a DPoP app.
func TestOAuthOfficialSDK(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	for _, dpop := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "DPoP"}[dpop], func(t *testing.T) {
			srv, base := newTestServer(t, sandbox.Options{Sample: true})
			// The SDK sends no kid: the app's only key is used.
			app := registerOAuthTestApp(t, base, key, "", dpop, "okta.groups.read")
			api := sdkPrivateKeyClient(t, base, app, "okta.groups.read")
			groups, resp, err := api.GroupAPI.ListGroups(context.Background()).Execute()
			if err != nil || len(groups) == 0 {
				t.Fatalf("ListGroups: %v %v", resp, err)
			}
			tokens := srv.Objects(testTokensTable, "")
			if len(tokens) != 1 || (engine.Str(tokens[0], "jkt") != "") != dpop {
				t.Fatalf("tokens issued: %v", tokens)
			}
		})
	}
}
