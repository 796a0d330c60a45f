package engine

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Okta's org authorization server, as far as a Management API client needs
// it: POST /oauth2/v1/token with the client-credentials grant, the client
// authenticated by a JWT signed with a key the service app registered
// (private_key_jwt, RFC 7523), and DPoP-bound tokens (RFC 9449) for apps
// with settings.oauthClient.dpop_bound_access_tokens. The gate
// (Server.authorized) then accepts the access token in place of the
// SSWS token, for the routes whose scope the token carries.
//
// What the sandbox checks, in Okta's order as far as it is known:
//
//   - the request is form-encoded and grant_type is client_credentials;
//   - client authentication: client_assertion_type is the JWT-bearer type;
//     the assertion's iss and sub are the client id of an ACTIVE app that
//     uses private_key_jwt; it is signed by one of the app's ACTIVE JWKS keys
//     (by kid, or the only key when it has no kid); aud is the token URL;
//     exp is in the future and at most an hour away; its jti, when it has
//     one, was not used before. Failures are 401 invalid_client.
//   - the app is a service app allowed the client_credentials grant, else
//     400 unauthorized_client;
//   - DPoP, for apps that require it: a proof (typ dpop+jwt, public jwk,
//     htm, htu, iat, jti) is required (400 invalid_dpop_proof), and it must
//     carry a nonce the server handed out (400 use_dpop_nonce with a
//     DPoP-Nonce header). The token is bound to the proof key's thumbprint;
//   - every requested scope must be granted to the app by an ACTIVE scope
//     consent grant (the apps family's appGrants table), else 400 invalid_scope.
//
// Error bodies are OAuth's {error, error_description}. The descriptions are
// Okta's where Okta's support articles quote them ("The client_assertion
// signature is invalid.", "The client_assertion JWT kid is invalid.", "The
// DPoP proof JWT header is missing.", "Authorization server requires nonce
// in DPoP proof."); the others are ours. Clients branch on `error` only.
//
// Access tokens are opaque random strings, kept server-side in the table
// oauthTokens under their SHA-256 (so a saved state file holds no usable
// token) with the client, scopes, expiry and DPoP thumbprint. The replay
// sets (assertion and proof jti) and the DPoP nonces are tables too; all
// four are pruned of expired rows as tokens are issued. Random values come
// from crypto/rand, never from the org's seeded source, so that issuing
// tokens does not change the ids a seeded org hands out.

const (
	oauthTokenPath = "/oauth2/v1/token"
	// oauthAssertionType is RFC 7523's client assertion type.
	oauthAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
	// oauthTokenLifetime is Okta's for org authorization server access
	// tokens (expires_in 3600).
	oauthTokenLifetime = time.Hour
	// oauthMaxAssertionLife is how far in the future Okta accepts a client
	// assertion's exp.
	oauthMaxAssertionLife = time.Hour
	// dpopProofWindow is how far a proof's iat may be from the server's
	// clock; a proof's jti is remembered for twice that, after which the
	// iat check alone refuses a replay.
	dpopProofWindow = 5 * time.Minute
	// dpopNonceLifetime is how long a DPoP-Nonce stays acceptable.
	dpopNonceLifetime = 10 * time.Minute
	// dpopPruneEvery bounds the proof-jti table under a long DPoP session:
	// it is pruned every time it grows by this many rows.
	dpopPruneEvery = 512

	oauthTokensTable    = "oauthTokens"
	oauthAssertionsJTIs = "oauthAssertionJTIs"
	dpopProofJTIs       = "oauthDPoPProofJTIs"
	dpopNonces          = "oauthDPoPNonces"

	oauthGenericClientError = "Client authentication failed. Either the client or the client credentials are invalid."
)

// oauthSigningAlgs are the JWS algorithms accepted for client assertions
// and DPoP proofs: the asymmetric ones Okta lists for private_key_jwt.
var oauthSigningAlgs = []jose.SignatureAlgorithm{
	jose.RS256, jose.RS384, jose.RS512, jose.ES256, jose.ES384, jose.ES512,
}

func init() {
	Register(Module{
		Name: "oauth", Phase: 90,
		Routes: func(rt *Router) {
			// The token endpoint authenticates the client itself: no SSWS.
			rt.Handle("POST", oauthTokenPath, "", oauthToken).Public = true
		},
	})
}

// oauthFail is an OAuth error answer (RFC 6749 §5.2).
func oauthFail(status int, code, desc string) Reply {
	return Reply{Status: status, Body: Obj{"error": code, "error_description": desc}, Header: oauthNoStore()}
}

// oauthNoStore is what every token endpoint answer carries (RFC 6749 §5.1).
func oauthNoStore() http.Header {
	return http.Header{"Cache-Control": {"no-store"}, "Pragma": {"no-cache"}}
}

func oauthBadClient(desc string) Reply {
	return oauthFail(http.StatusUnauthorized, "invalid_client", desc)
}

// oauthToken is POST /oauth2/v1/token.
func oauthToken(c *Call) Reply {
	if ct, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type")); ct != "application/x-www-form-urlencoded" {
		return oauthFail(http.StatusBadRequest, "invalid_request",
			"The token request must be form-encoded (Content-Type: application/x-www-form-urlencoded).")
	}
	c.r.Body = http.MaxBytesReader(nil, c.r.Body, MaxBody)
	if err := c.r.ParseForm(); err != nil {
		return oauthFail(http.StatusBadRequest, "invalid_request", "The token request body is not well-formed.")
	}
	// r.Form: the body, then the query string. Okta's own Go SDK (v5)
	// sends the token parameters in the query string.
	form := c.r.Form
	switch form.Get("grant_type") {
	case "client_credentials":
	case "":
		return oauthFail(http.StatusBadRequest, "invalid_request", "The token request must specify a 'grant_type'.")
	default:
		return oauthFail(http.StatusBadRequest, "unsupported_grant_type",
			"The authorization grant type is not supported by the authorization server. Supported grant types: [client_credentials].")
	}
	now := c.Org.now()
	oauthPruneAll(c.Org, now)
	app, fail := oauthAuthenticateClient(c, form, now)
	if fail != nil {
		return *fail
	}
	if grants := StringsAt(app, "settings.oauthClient.grant_types"); !slices.Contains(grants, "client_credentials") ||
		Str(app, "settings.oauthClient.application_type") != "service" {
		return oauthFail(http.StatusBadRequest, "unauthorized_client",
			fmt.Sprintf("The client is not authorized to use the provided grant type. Configured grant types: %v.", grants))
	}
	var jkt string
	if BoolAt(app, "settings.oauthClient.dpop_bound_access_tokens") {
		// An app that does not require DPoP gets a Bearer token even if
		// the client sends a proof: the client asked for nothing else.
		if jkt, fail = oauthTokenDPoP(c, now); fail != nil {
			return *fail
		}
	}
	scopes, fail := oauthGrantScopes(c, app, form.Get("scope"))
	if fail != nil {
		return *fail
	}
	token := oauthRandom(32)
	tokenType := "Bearer"
	if jkt != "" {
		tokenType = "DPoP"
	}
	c.Org.Put(oauthTokensTable, "", oauthTokenKey(token), Obj{
		"id":       oauthTokenKey(token),
		"clientId": Str(app, "credentials.oauthClient.client_id"),
		"scopes":   AnyStrings(scopes),
		"expires":  JSONInt(int(now.Add(oauthTokenLifetime).Unix())),
		"jkt":      jkt,
	})
	return Reply{Status: http.StatusOK, Header: oauthNoStore(), Body: Obj{
		"token_type":   tokenType,
		"expires_in":   JSONInt(int(oauthTokenLifetime / time.Second)),
		"access_token": token,
		"scope":        strings.Join(scopes, " "),
	}}
}

// oauthAuthenticateClient checks the client assertion and returns the app
// it authenticates.
func oauthAuthenticateClient(c *Call, form url.Values, now time.Time) (Obj, *Reply) {
	bad := func(desc string) (Obj, *Reply) { r := oauthBadClient(desc); return nil, &r }
	assertion := form.Get("client_assertion")
	if form.Get("client_assertion_type") != oauthAssertionType || assertion == "" {
		// A client secret, or nothing: service apps in the sandbox use
		// private_key_jwt only.
		return bad(oauthGenericClientError)
	}
	tok, err := jwt.ParseSigned(assertion, oauthSigningAlgs)
	if err != nil || len(tok.Headers) != 1 {
		return bad("The client_assertion token is not a valid JWT.")
	}
	var claims jwt.Claims
	if err := tok.UnsafeClaimsWithoutVerification(&claims); err != nil {
		return bad("The client_assertion token is not a valid JWT.")
	}
	if claims.Issuer == "" || claims.Issuer != claims.Subject {
		return bad("The issuer and subject claims of the client_assertion must both be the client_id.")
	}
	if id := form.Get("client_id"); id != "" && id != claims.Issuer {
		return bad("The client_id parameter does not match the client_assertion's issuer.")
	}
	app := c.Org.Find(TableApps, "", func(o Obj) bool {
		return Str(o, "signOnMode") == "OPENID_CONNECT" && Str(o, "credentials.oauthClient.client_id") == claims.Issuer
	})
	if app == nil || Str(app, "status") != "ACTIVE" ||
		Str(app, "credentials.oauthClient.token_endpoint_auth_method") != "private_key_jwt" {
		return bad(oauthGenericClientError)
	}
	key := oauthAssertionKey(app, tok.Headers[0].KeyID)
	if key == nil {
		return bad("The client_assertion JWT kid is invalid.")
	}
	if err := tok.Claims(key, &claims); err != nil {
		return bad("The client_assertion signature is invalid.")
	}
	if !claims.Audience.Contains(c.Base + oauthTokenPath) {
		return bad("The audience claim for client_assertion must be the endpoint invoked for the request.")
	}
	switch {
	case claims.Expiry == nil:
		return bad("The client_assertion token must have an expiration (exp) claim.")
	case !now.Before(claims.Expiry.Time()):
		return bad("The client_assertion token is expired.")
	case claims.Expiry.Time().After(now.Add(oauthMaxAssertionLife)):
		return bad("The client_assertion token has an expiration too far into the future.")
	case claims.NotBefore != nil && now.Before(claims.NotBefore.Time()):
		return bad("The client_assertion token is not valid yet (nbf).")
	}
	// jti is optional in Okta's client assertions (the official Go SDK
	// sends none), but one that was seen before is a replay.
	if claims.ID != "" {
		jti := claims.Issuer + "|" + claims.ID
		if c.Org.Get(oauthAssertionsJTIs, "", jti) != nil {
			return bad("The client_assertion token has already been used (jti).")
		}
		c.Org.Put(oauthAssertionsJTIs, "", jti, Obj{"id": jti, "expires": JSONInt(int(claims.Expiry.Time().Unix()))})
	}
	return app, nil
}

// oauthAssertionKey picks the app's ACTIVE public key named by kid, or its
// only key when the assertion names none; nil when there is no such key.
// Okta refuses an assertion without kid when the app has several keys.
func oauthAssertionKey(app Obj, kid string) *jose.JSONWebKey {
	raw, _ := At(app, "settings.oauthClient.jwks.keys").([]any)
	var keys []jose.JSONWebKey
	for _, k := range raw {
		m, ok := k.(map[string]any)
		if !ok {
			continue
		}
		if s, _ := m["status"].(string); s != "" && s != "ACTIVE" {
			continue
		}
		data, err := json.Marshal(m)
		if err != nil {
			continue
		}
		var jwk jose.JSONWebKey
		if jwk.UnmarshalJSON(data) != nil {
			continue
		}
		// Only the public half verifies, even if an admin pasted more.
		keys = append(keys, jwk.Public())
	}
	for i := range keys {
		if kid != "" && keys[i].KeyID == kid {
			return &keys[i]
		}
	}
	if kid == "" && len(keys) == 1 {
		return &keys[0]
	}
	return nil
}

// oauthGrantScopes checks the requested scopes against the app's grants
// and returns them, de-duplicated, in the order asked for. Okta issues
// nothing when any requested scope is not granted; its exact description
// for that case is not recorded, so this one names the missing scopes.
func oauthGrantScopes(c *Call, app Obj, requested string) ([]string, *Reply) {
	var scopes, missing []string
	seen := map[string]bool{}
	granted := oauthGrantedScopes(c, Str(app, "id"))
	for _, s := range strings.Fields(requested) {
		if seen[s] {
			continue
		}
		seen[s] = true
		scopes = append(scopes, s)
		if !granted[s] {
			missing = append(missing, s)
		}
	}
	if len(scopes) == 0 {
		r := oauthFail(http.StatusBadRequest, "invalid_scope",
			"The authorization server resource does not have any configured default scopes, 'scope' must be provided.")
		return nil, &r
	}
	if len(missing) > 0 {
		r := oauthFail(http.StatusBadRequest, "invalid_scope",
			"The following scopes are not granted to the client: "+strings.Join(missing, " ")+
				". Grant them on the app's Okta API Scopes tab.")
		return nil, &r
	}
	return scopes, nil
}

// authorizeAccessToken is the gate's check of an OAuth access token
// (Server.authorized): the token must be one the token endpoint issued
// and not expired (else 401 E0000011); a DPoP-bound token must come with
// the DPoP scheme and a valid proof signed by the bound key (else 401 with
// a DPoP challenge); and it must carry the route's scope, where
// okta.X.manage includes okta.X.read (else 403 E0000006 with Okta's
// insufficient_scope challenge naming the scope). Challenges go into hdr.
func (s *Server) authorizeAccessToken(r *http.Request, scope string, hdr http.Header) *APIError {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	scheme, token = strings.ToLower(scheme), strings.TrimSpace(token)
	if (scheme != "bearer" && scheme != "dpop") || token == "" {
		return errInvalidToken()
	}
	s.org.mu.Lock()
	defer s.org.mu.Unlock()
	c := &Call{s: s, Org: s.org, r: r, Base: baseURL(r)}
	now := c.Org.now()
	challenge := "Bearer"
	if scheme == "dpop" {
		challenge = "DPoP"
	}
	t := c.Org.Get(oauthTokensTable, "", oauthTokenKey(token))
	if t == nil || oauthExpired(t, now) {
		hdr.Set("WWW-Authenticate", fmt.Sprintf(`%s authorization_uri="%s/oauth2/v1/authorize", realm="%s", error="invalid_token", error_description="The access token is invalid.", resource="%s"`,
			challenge, c.Base, c.Base, r.URL.Path))
		return errInvalidToken()
	}
	dpopFail := func(code, desc string) *APIError {
		hdr.Set("WWW-Authenticate", fmt.Sprintf(`DPoP algs="%s", error="%s", error_description="%s"`, dpopAlgNames(), code, desc))
		return errInvalidToken()
	}
	switch jkt := Str(t, "jkt"); {
	case jkt != "" && scheme != "dpop":
		return dpopFail("invalid_token", "The access token is DPoP-bound: send it with the DPoP scheme and a DPoP proof.")
	case jkt != "":
		proof := r.Header.Get("DPoP")
		if proof == "" {
			return dpopFail("invalid_dpop_proof", "The DPoP proof JWT header is missing.")
		}
		p, desc := dpopVerify(c, proof, c.Base+r.URL.EscapedPath(), token, now)
		if desc != "" {
			return dpopFail("invalid_dpop_proof", desc)
		}
		if p.jkt != jkt {
			return dpopFail("invalid_dpop_proof", "The DPoP proof is not signed by the key the access token is bound to.")
		}
	case scheme == "dpop":
		return dpopFail("invalid_token", "The access token is not DPoP-bound: send it with the Bearer scheme.")
	}
	if scope != "" && !oauthScopesCover(StringsAt(t, "scopes"), scope) {
		hdr.Set("WWW-Authenticate", fmt.Sprintf(`%s authorization_uri="%s/oauth2/v1/authorize", realm="%s", scope="%s", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="%s"`,
			challenge, c.Base, c.Base, scope, r.URL.Path))
		return errForbidden()
	}
	return nil
}

// oauthScopesCover reports whether granted scopes allow need: the scope
// itself, or for okta.X.read, okta.X.manage (Okta's manage scopes include
// reading, as its support article on insufficient_scope says for groups).
func oauthScopesCover(granted []string, need string) bool {
	for _, g := range granted {
		if g == need {
			return true
		}
		if area, ok := strings.CutSuffix(need, ".read"); ok && g == area+".manage" {
			return true
		}
	}
	return false
}

// oauthTokenKey is how a token is stored: its SHA-256, so that neither
// the table nor a saved state file holds the bearer secret itself.
func oauthTokenKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// oauthRandom returns n random bytes, base64url-encoded.
func oauthRandom(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

func oauthExpired(o Obj, now time.Time) bool {
	exp, _ := IntAt(o, "expires")
	return int64(exp) <= now.Unix()
}

// oauthPruneAll drops the expired rows of every OAuth table.
func oauthPruneAll(o *Org, now time.Time) {
	for _, t := range []string{oauthTokensTable, oauthAssertionsJTIs, dpopProofJTIs, dpopNonces} {
		oauthPrune(o, t, now)
	}
}

// oauthPrune drops a table's expired rows in one pass.
func oauthPrune(o *Org, table string, now time.Time) {
	t := o.Tables[table]
	if t == nil {
		return
	}
	keep := t.IDs[:0:0]
	for _, id := range t.IDs {
		if oauthExpired(t.Items[id], now) {
			delete(t.Items, id)
			continue
		}
		keep = append(keep, id)
	}
	if len(keep) != len(t.IDs) {
		t.IDs, t.index = keep, nil
	}
}

// oauthGrantedScopes returns the scopes an app holds ACTIVE scope consent
// grants for, read from the apps family's appGrants table.
func oauthGrantedScopes(c *Call, appID string) map[string]bool {
	out := map[string]bool{}
	for _, g := range c.Org.List(TableAppGrants, appID) {
		if Str(g, "status") == "ACTIVE" {
			out[Str(g, "scopeId")] = true
		}
	}
	return out
}
