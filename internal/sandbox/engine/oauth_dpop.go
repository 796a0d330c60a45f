package engine

import (
	"crypto"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// oauthTokenDPoP checks a token request's DPoP proof and returns the
// thumbprint of its key, to which the token is bound.
func oauthTokenDPoP(c *Call, now time.Time) (string, *Reply) {
	bad := func(code, desc string) (string, *Reply) {
		r := oauthFail(http.StatusBadRequest, code, desc)
		return "", &r
	}
	proof := c.r.Header.Get("DPoP")
	if proof == "" {
		return bad("invalid_dpop_proof", "The DPoP proof JWT header is missing.")
	}
	p, desc := dpopVerify(c, proof, c.Base+c.r.URL.EscapedPath(), "", now)
	if desc != "" {
		return bad("invalid_dpop_proof", desc)
	}
	if n := c.Org.Get(dpopNonces, "", p.nonce); p.nonce == "" || n == nil || oauthExpired(n, now) {
		nonce := oauthRandom(24)
		c.Org.Put(dpopNonces, "", nonce, Obj{"id": nonce, "expires": JSONInt(int(now.Add(dpopNonceLifetime).Unix()))})
		r := oauthFail(http.StatusBadRequest, "use_dpop_nonce", "Authorization server requires nonce in DPoP proof.")
		r.Header.Set("DPoP-Nonce", nonce)
		return "", &r
	}
	return p.jkt, nil
}

// dpopProof is what a verified proof tells the server.
type dpopProof struct {
	jkt   string // RFC 7638 thumbprint of the proof key, base64url
	nonce string
}

// dpopVerify checks a DPoP proof (RFC 9449 §4.3) for this request: its
// form, its signature by the key it carries, htm and htu, a fresh iat, an
// unused jti and, for resource requests (accessToken set), ath. It returns
// the proof, or a description of what is wrong.
func dpopVerify(c *Call, proof, htu, accessToken string, now time.Time) (dpopProof, string) {
	jws, err := jose.ParseSignedCompact(proof, oauthSigningAlgs)
	if err != nil || len(jws.Signatures) != 1 {
		return dpopProof{}, "The DPoP proof is not a valid JWT signed with an asymmetric algorithm."
	}
	h := jws.Signatures[0].Protected
	if typ, _ := h.ExtraHeaders[jose.HeaderType].(string); typ != "dpop+jwt" {
		return dpopProof{}, "The DPoP proof JWT 'typ' header must be 'dpop+jwt'."
	}
	if h.JSONWebKey == nil || !h.JSONWebKey.IsPublic() || !h.JSONWebKey.Valid() {
		return dpopProof{}, "The DPoP proof JWT 'jwk' header must hold the public key."
	}
	payload, err := jws.Verify(h.JSONWebKey)
	if err != nil {
		return dpopProof{}, "The DPoP proof signature is invalid."
	}
	var claims struct {
		HTM   string           `json:"htm"`
		HTU   string           `json:"htu"`
		IAT   *jwt.NumericDate `json:"iat"`
		JTI   string           `json:"jti"`
		Nonce string           `json:"nonce"`
		ATH   string           `json:"ath"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		return dpopProof{}, "The DPoP proof claims are not valid JSON."
	}
	switch {
	case claims.HTM != c.r.Method:
		return dpopProof{}, "The DPoP proof 'htm' claim does not match the request method."
	case !dpopSameURI(claims.HTU, htu):
		return dpopProof{}, "The DPoP proof 'htu' claim does not match the request URI."
	case claims.IAT == nil:
		return dpopProof{}, "The DPoP proof must have an 'iat' claim."
	case claims.IAT.Time().Before(now.Add(-dpopProofWindow)) || claims.IAT.Time().After(now.Add(dpopProofWindow)):
		return dpopProof{}, "The DPoP proof 'iat' claim is too far from the server's time."
	case claims.JTI == "":
		return dpopProof{}, "The DPoP proof must have a 'jti' claim."
	}
	if accessToken != "" {
		sum := sha256.Sum256([]byte(accessToken))
		if claims.ATH != base64.RawURLEncoding.EncodeToString(sum[:]) {
			return dpopProof{}, "The DPoP proof 'ath' claim does not match the access token."
		}
	}
	thumb, err := h.JSONWebKey.Thumbprint(crypto.SHA256)
	if err != nil {
		return dpopProof{}, "The DPoP proof key has no thumbprint."
	}
	jkt := base64.RawURLEncoding.EncodeToString(thumb)
	// Proofs are unique per key: two clients may pick the same jti.
	seen := jkt + "|" + claims.JTI
	if c.Org.Get(dpopProofJTIs, "", seen) != nil {
		return dpopProof{}, "The DPoP proof 'jti' has already been used."
	}
	c.Org.Put(dpopProofJTIs, "", seen, Obj{"id": seen, "expires": JSONInt(int(now.Add(2 * dpopProofWindow).Unix()))})
	if t := c.Org.Tables[dpopProofJTIs]; len(t.IDs)%dpopPruneEvery == 0 {
		oauthPrune(c.Org, dpopProofJTIs, now)
	}
	return dpopProof{jkt: jkt, nonce: claims.Nonce}, ""
}

// dpopSameURI compares htu with the request URI without query and
// fragment, scheme and host case-insensitively (RFC 9449 §4.3).
func dpopSameURI(claim, want string) bool {
	a, err := url.Parse(claim)
	if err != nil {
		return false
	}
	b, err := url.Parse(want)
	if err != nil {
		return false
	}
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Host, b.Host) &&
		a.EscapedPath() == b.EscapedPath()
}

func dpopAlgNames() string {
	names := make([]string, len(oauthSigningAlgs))
	for i, a := range oauthSigningAlgs {
		names[i] = string(a)
	}
	return strings.Join(names, " ")
}
