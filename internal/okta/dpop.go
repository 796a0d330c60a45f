package okta

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// dpopKeyBits is the size of the ephemeral DPoP key. RS256 with a 2048-bit
// key is what Okta's own SDKs use against real orgs, so it is the choice least
// likely to surprise a production authorization server.
const dpopKeyBits = 2048

// dpopProver makes DPoP proofs (RFC 9449). It holds one ephemeral key pair
// for the life of the client: the access token is bound to that key, so it
// must not change while the token lives. It also remembers the most recent
// nonce each server handed out.
type dpopProver struct {
	keyOnce sync.Once
	signer  jose.Signer
	keyErr  error

	mu     sync.Mutex
	nonces map[string]string // by origin (scheme://host)
}

func newDPoPProver() *dpopProver {
	return &dpopProver{nonces: map[string]string{}}
}

// dpopClaims are the proof's claims (RFC 9449 §4.2).
type dpopClaims struct {
	Method   string           `json:"htm"`
	URI      string           `json:"htu"`
	IssuedAt *jwt.NumericDate `json:"iat"`
	ID       string           `json:"jti"`
	Nonce    string           `json:"nonce,omitempty"`
	ATH      string           `json:"ath,omitempty"` // hash of the access token, resource requests only
}

// key generates the key pair on first use. Most orgs never ask for DPoP, and
// generating an RSA key takes a noticeable moment, so it is done lazily.
func (p *dpopProver) key() (jose.Signer, error) {
	p.keyOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, dpopKeyBits)
		if err != nil {
			p.keyErr = fmt.Errorf("okta: generating DPoP key: %w", err)
			return
		}
		// EmbedJWK puts the *public* key in the "jwk" header, as the spec
		// requires; go-jose never embeds private parts.
		opts := (&jose.SignerOptions{EmbedJWK: true}).WithType("dpop+jwt")
		p.signer, p.keyErr = jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: k}, opts)
	})
	return p.signer, p.keyErr
}

// proof returns a fresh proof for one HTTP attempt: a new jti and iat every
// time, so a retried request never replays a proof. accessToken is empty for
// token requests and set for resource requests (it becomes "ath").
func (p *dpopProver) proof(method string, u *url.URL, accessToken string) (string, error) {
	signer, err := p.key()
	if err != nil {
		return "", err
	}
	claims := dpopClaims{
		Method:   method,
		URI:      htu(u),
		IssuedAt: jwt.NewNumericDate(time.Now()),
		ID:       randomID(),
		Nonce:    p.nonce(u),
	}
	if accessToken != "" {
		sum := sha256.Sum256([]byte(accessToken))
		claims.ATH = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	return jwt.Signed(signer).Claims(claims).Serialize()
}

// htu is the target URI without query and fragment (RFC 9449 §4.2).
func htu(u *url.URL) string {
	return u.Scheme + "://" + u.Host + u.EscapedPath()
}

func origin(u *url.URL) string { return strings.ToLower(u.Scheme + "://" + u.Host) }

func (p *dpopProver) nonce(u *url.URL) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.nonces[origin(u)]
}

// noteNonce records a DPoP-Nonce the server sent. Servers may send a new one
// on any response, successful or not, and expect it on the next proof.
// Nonces are kept per origin: Okta's token endpoint and Management API share
// the org's origin, and so share the nonce, as Okta's SDKs assume.
func (p *dpopProver) noteNonce(u *url.URL, h http.Header) {
	n := h.Get("DPoP-Nonce")
	if n == "" {
		return
	}
	p.mu.Lock()
	p.nonces[origin(u)] = n
	p.mu.Unlock()
}

// isNonceChallenge reports whether a 401 asks us to repeat the request with
// the nonce it carries (RFC 9449 §9).
func isNonceChallenge(resp *Response) bool {
	return resp.Status == http.StatusUnauthorized &&
		resp.Header.Get("DPoP-Nonce") != "" &&
		strings.Contains(resp.Header.Get("WWW-Authenticate"), "use_dpop_nonce")
}

// randomID is a 128-bit random identifier for jti claims.
func randomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b[:])
}
