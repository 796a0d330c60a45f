package okta

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

const (
	tokenPath           = "/oauth2/v1/token"
	clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
	// assertionLifetime is how long a client assertion is valid. Okta
	// accepts at most an hour; a short life limits the harm of a leaked one.
	assertionLifetime = 5 * time.Minute
	// maxTokenRefreshMargin is how long before expiry a token is replaced,
	// so that a request never leaves with a token that dies on the way.
	maxTokenRefreshMargin = 5 * time.Minute
	// maxDPoPRounds bounds the DPoP negotiation on the token endpoint: "proof
	// missing", then "nonce missing", then success. Past that something is
	// wrong and looping would not help.
	maxDPoPRounds = 3
)

// oauthAuth implements Okta's "PrivateKey" mode: OAuth 2.0 client
// credentials, authenticated with a JWT signed by the service app's private
// key (RFC 7523), with DPoP (RFC 9449) when the app requires it.
type oauthAuth struct {
	c        *Client
	tokenURL *url.URL
	clientID string
	scopes   []string
	signer   jose.Signer

	// useDPoP is set once the server has shown it wants DPoP; from then on
	// every token request carries a proof.
	useDPoP atomic.Bool

	// fetching serialises token requests: when the token expires, one
	// request fetches a new one and the others wait for it. A channel
	// rather than a mutex so that waiting respects ctx.
	fetching chan struct{}

	mu        sync.Mutex
	token     credential
	refreshAt time.Time
}

func newOAuthAuth(c *Client, cfg Config) (*oauthAuth, error) {
	key, err := parseSigningKey(cfg.PrivateKey, cfg.PrivateKeyID)
	if err != nil {
		return nil, err
	}
	signer, err := jose.NewSigner(key, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return nil, fmt.Errorf("okta: private key cannot sign: %w", err)
	}
	tokenURL := *c.org
	tokenURL.Path = tokenPath
	return &oauthAuth{
		c:        c,
		tokenURL: &tokenURL,
		clientID: cfg.ClientID,
		scopes:   append([]string(nil), cfg.Scopes...),
		signer:   signer,
		fetching: make(chan struct{}, 1),
	}, nil
}

func (a *oauthAuth) cached() (credential, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.token.secret == "" || !time.Now().Before(a.refreshAt) {
		return credential{}, false
	}
	return a.token, true
}

func (a *oauthAuth) credential(ctx context.Context) (credential, error) {
	if cred, ok := a.cached(); ok {
		return cred, nil
	}
	select {
	case a.fetching <- struct{}{}:
	case <-ctx.Done():
		return credential{}, ctx.Err()
	}
	defer func() { <-a.fetching }()
	// Another request may have fetched a token while we waited.
	if cred, ok := a.cached(); ok {
		return cred, nil
	}
	cred, lifetime, err := a.fetch(ctx)
	if err != nil {
		return credential{}, err
	}
	margin := min(lifetime/4, maxTokenRefreshMargin)
	a.mu.Lock()
	a.token, a.refreshAt = cred, time.Now().Add(lifetime-margin)
	a.mu.Unlock()
	return cred, nil
}

func (a *oauthAuth) rejected(cred credential) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.token.secret == cred.secret {
		a.token = credential{} // revoked or expired early: fetch a new one
	}
	return true
}

// tokenResponse is the token endpoint's success body (RFC 6749 §5.1).
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

// fetch runs the client-credentials grant, negotiating DPoP if the server
// asks for it, and retrying 429s, 5xx and transport errors (minting a token
// changes nothing on the server, so every failure here is safe to repeat).
func (a *oauthAuth) fetch(ctx context.Context) (credential, time.Duration, error) {
	bucket := BucketFor(http.MethodPost, tokenPath)
	dpopRounds := 0
	for attempt := 0; ; {
		resp, err := a.c.send(ctx, http.MethodPost, a.tokenURL, bucket, func() (*http.Request, error) {
			return a.newTokenRequest(ctx)
		})
		if err == nil && resp.Status == http.StatusOK {
			return a.parseToken(resp.Body)
		}
		if err == nil {
			apiErr := newAPIError(http.MethodPost, tokenPath, resp.Status, resp.Header, resp.Body)
			// "invalid_dpop_proof": the app requires DPoP and we sent no (or
			// a bad) proof. "use_dpop_nonce": send the proof again with the
			// DPoP-Nonce the server just gave us (send recorded it).
			dpopChallenge := apiErr.ErrorCode == "invalid_dpop_proof" || apiErr.ErrorCode == "use_dpop_nonce"
			if resp.Status == http.StatusBadRequest && dpopChallenge && dpopRounds < maxDPoPRounds {
				dpopRounds++
				a.useDPoP.Store(true)
				continue
			}
			err = apiErr
		}
		d, retry := a.c.retry.delay(attempt, true, resp, err)
		if !retry {
			return credential{}, 0, fmt.Errorf("okta: getting an OAuth access token: %w", err)
		}
		if err := a.c.pause(ctx, bucket, resp, d); err != nil {
			return credential{}, 0, err
		}
		attempt++
	}
}

// newTokenRequest builds one token request. Each attempt gets a new client
// assertion (Okta rejects a reused jti) and, under DPoP, a new proof. The
// parameters go in the form body, never the query string, so the assertion
// cannot end up in a proxy's access log or an error message quoting the URL.
func (a *oauthAuth) newTokenRequest(ctx context.Context) (*http.Request, error) {
	now := time.Now()
	assertion, err := jwt.Signed(a.signer).Claims(jwt.Claims{
		Issuer:   a.clientID,
		Subject:  a.clientID,
		Audience: jwt.Audience{a.tokenURL.String()},
		IssuedAt: jwt.NewNumericDate(now),
		Expiry:   jwt.NewNumericDate(now.Add(assertionLifetime)),
		ID:       randomID(),
	}).Serialize()
	if err != nil {
		return nil, fmt.Errorf("okta: signing the client assertion: %w", err)
	}
	form := url.Values{
		"grant_type":            {"client_credentials"},
		"scope":                 {strings.Join(a.scopes, " ")},
		"client_assertion_type": {clientAssertionType},
		"client_assertion":      {assertion},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.tokenURL.String(), strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", a.c.userAgent)
	if a.useDPoP.Load() {
		proof, err := a.c.dpop.proof(http.MethodPost, a.tokenURL, "")
		if err != nil {
			return nil, err
		}
		req.Header.Set("DPoP", proof)
	}
	return req, nil
}

func (a *oauthAuth) parseToken(body []byte) (credential, time.Duration, error) {
	var tr tokenResponse
	if err := json.Unmarshal(body, &tr); err != nil || tr.AccessToken == "" {
		return credential{}, 0, errors.New("okta: token endpoint answered 200 without an access token")
	}
	var scheme string
	switch {
	case strings.EqualFold(tr.TokenType, "DPoP"):
		scheme = "DPoP"
		a.useDPoP.Store(true)
	case strings.EqualFold(tr.TokenType, "Bearer"), tr.TokenType == "":
		scheme = "Bearer"
	default:
		return credential{}, 0, fmt.Errorf("okta: token endpoint returned unsupported token type %q", tr.TokenType)
	}
	lifetime := time.Duration(tr.ExpiresIn) * time.Second
	if lifetime <= 0 {
		lifetime = time.Minute // not said: use it briefly, then ask again
	}
	return credential{scheme: scheme, secret: tr.AccessToken}, lifetime, nil
}

// parseSigningKey reads the service app's private key: PEM (PKCS#1 or
// PKCS#8 RSA, SEC 1 or PKCS#8 EC) or a private JWK as the Okta admin console
// generates it. It picks the JWS algorithm from the key: RS256 for RSA, and
// ES256/ES384/ES512 by curve for EC. The kid is keyID, or else the JWK's own.
//
// Error messages never quote the key.
func parseSigningKey(s, keyID string) (jose.SigningKey, error) {
	s = strings.TrimSpace(s)
	var (
		key any
		kid = keyID
	)
	if strings.HasPrefix(s, "{") {
		var jwk jose.JSONWebKey
		if err := jwk.UnmarshalJSON([]byte(s)); err != nil {
			return jose.SigningKey{}, errors.New("okta: private key looks like a JWK but does not parse as one")
		}
		if jwk.IsPublic() {
			return jose.SigningKey{}, errors.New("okta: private key JWK holds only a public key: use the private JWK the admin console generated")
		}
		key = jwk.Key
		if kid == "" {
			kid = jwk.KeyID
		}
	} else {
		block, _ := pem.Decode([]byte(s))
		if block == nil {
			return jose.SigningKey{}, errors.New("okta: private key is neither PEM nor a JWK")
		}
		var err error
		switch block.Type {
		case "RSA PRIVATE KEY":
			key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		case "EC PRIVATE KEY":
			key, err = x509.ParseECPrivateKey(block.Bytes)
		case "PRIVATE KEY":
			key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		default:
			return jose.SigningKey{}, fmt.Errorf("okta: private key PEM block %q is not supported: use an unencrypted RSA or EC private key (PKCS#1, SEC 1 or PKCS#8)", block.Type)
		}
		if err != nil {
			return jose.SigningKey{}, fmt.Errorf("okta: private key PEM block %q does not parse", block.Type)
		}
	}

	var alg jose.SignatureAlgorithm
	switch k := key.(type) {
	case *rsa.PrivateKey:
		if k.N.BitLen() < 2048 {
			return jose.SigningKey{}, fmt.Errorf("okta: RSA private key has %d bits: Okta requires at least 2048", k.N.BitLen())
		}
		alg = jose.RS256
	case *ecdsa.PrivateKey:
		switch k.Curve {
		case elliptic.P256():
			alg = jose.ES256
		case elliptic.P384():
			alg = jose.ES384
		case elliptic.P521():
			alg = jose.ES512
		default:
			return jose.SigningKey{}, errors.New("okta: EC private key must be on P-256, P-384 or P-521")
		}
	default:
		return jose.SigningKey{}, fmt.Errorf("okta: private key type %T is not supported: use RSA or EC", key)
	}
	return jose.SigningKey{Algorithm: alg, Key: jose.JSONWebKey{Key: key, KeyID: kid, Algorithm: string(alg)}}, nil
}
