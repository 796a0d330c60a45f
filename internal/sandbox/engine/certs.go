package engine

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
)

// Signing certificates as Okta makes them for apps and for the org's
// SAML service provider: a 2048-bit RSA key with a self-signed
// certificate whose subject names Okta's SSO provider and the org
// (recorded x5c of TestAccDataSourceOktaAppFederatedClaim_read#6 and of
// IdP metadata: C=US, ST=California, L=San Francisco, O=Okta,
// OU=SSOProvider, CN=<org>, emailAddress=info@okta.com). The sandbox makes
// real ones, so that a client can parse and check them, and keeps only
// the certificate: nothing in the sandbox signs with the key. A key costs
// tens of milliseconds, so families make them when a client first asks.

// oidEmailAddress is PKCS #9 emailAddress, which Okta puts in the subject.
var oidEmailAddress = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}

// SigningKeyBits is the size of the keys Okta generates.
const SigningKeyBits = 2048

// NewSigningCert makes a key pair and its self-signed certificate (DER),
// valid for years from now, for the org named org.
func NewSigningCert(org string, now time.Time, years int) ([]byte, error) {
	key, err := rsa.GenerateKey(rand.Reader, SigningKeyBits)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 48))
	if err != nil {
		return nil, err
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
	return x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
}

// CertJWK is a key credential as Okta lists it (SPEC JsonWebKey; the
// recorded shape): the certificate, its SHA-256 thumbprint, the RSA
// public key, and expiresAt from the certificate.
func CertJWK(kid string, der []byte, now string) (Obj, *APIError) {
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, ErrValidation("certificate", "certificate: The certificate could not be parsed")
	}
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok {
		return nil, ErrValidation("certificate", "certificate: Only RSA keys are supported")
	}
	sum := sha256.Sum256(der)
	return Obj{
		"kty": "RSA", "created": now, "lastUpdated": now,
		"expiresAt": cert.NotAfter.UTC().Format("2006-01-02T15:04:05.000Z"),
		"kid":       kid, "use": "sig",
		"x5c":      []any{base64.StdEncoding.EncodeToString(der)},
		"x5t#S256": base64.RawURLEncoding.EncodeToString(sum[:]),
		"e":        base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
		"n":        base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
	}, nil
}

// PEMBody is a certificate as Okta writes it into SAML metadata: the
// base64 DER in lines of 76 characters.
func PEMBody(b64 string) string {
	var out []byte
	for len(b64) > 76 {
		out = append(out, b64[:76]...)
		out = append(out, '\n')
		b64 = b64[76:]
	}
	return string(append(out, b64...))
}
