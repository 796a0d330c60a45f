package apps

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"math/big"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Key material for the apps' signing credentials. Okta gives every SAML
// and WS-Federation app its own 2048-bit RSA key with a self-signed
// certificate whose subject names Okta's SSO provider and the org
// (recorded x5c of TestAccDataSourceOktaAppFederatedClaim_read#6: C=US,
// ST=California, L=San Francisco, O=Okta, OU=SSOProvider, CN=<org>,
// emailAddress=info@okta.com, valid ten years). The sandbox makes real
// keys and certificates, so that a client can parse and check them, but
// keeps only the public half: nothing in the sandbox signs with them.

// oidEmailAddress is PKCS #9 emailAddress, which Okta puts in the subject.
var oidEmailAddress = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}

// appKeyBits is the size of the keys Okta generates.
const appKeyBits = 2048

// appNewKeyCert makes a key pair and its self-signed certificate, valid
// for years from now.
func appNewKeyCert(org string, now time.Time, years int) (*rsa.PrivateKey, []byte, error) {
	key, err := rsa.GenerateKey(rand.Reader, appKeyBits)
	if err != nil {
		return nil, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 48))
	if err != nil {
		return nil, nil, err
	}
	name := pkix.Name{
		Country: []string{"US"}, Province: []string{"California"}, Locality: []string{"San Francisco"},
		Organization: []string{"Okta"}, OrganizationalUnit: []string{"SSOProvider"}, CommonName: org,
		ExtraNames: []pkix.AttributeTypeAndValue{{Type: oidEmailAddress, Value: "info@okta.com"}},
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial, Subject: name, Issuer: name,
		NotBefore: now.Add(-time.Minute).UTC(), NotAfter: now.AddDate(years, 0, 0).UTC(),
		SignatureAlgorithm: x509.SHA256WithRSA,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	return key, der, nil
}

// appKeyJWK is a key credential as Okta lists it (SPEC JsonWebKey; the
// recorded shape): the certificate, its SHA-256 thumbprint, the RSA
// public key, and expiresAt from the certificate.
func appKeyJWK(kid string, der []byte, now string) (engine.Obj, *engine.APIError) {
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, engine.ErrValidation("certificate", "certificate: The certificate could not be parsed")
	}
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok {
		return nil, engine.ErrValidation("certificate", "certificate: Only RSA keys are supported")
	}
	sum := sha256.Sum256(der)
	return engine.Obj{
		"kty": "RSA", "created": now, "lastUpdated": now,
		"expiresAt": cert.NotAfter.UTC().Format("2006-01-02T15:04:05.000Z"),
		"kid":       kid, "use": "sig",
		"x5c":      []any{base64.StdEncoding.EncodeToString(der)},
		"x5t#S256": base64.RawURLEncoding.EncodeToString(sum[:]),
		"e":        base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
		"n":        base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
	}, nil
}
