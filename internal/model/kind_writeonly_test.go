package model

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"
)

// TestCertFingerprint: the fingerprint of a PEM certificate is Okta's
// form (SHA-256 of the DER, upper-case hex pairs joined by colons), and
// compares with any spelling of the same digest; PEM texts that are not
// certificates are refused with the reason.
func TestCertFingerprint(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "x.example.com"},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	certPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	sum := sha256.Sum256(der)
	want := strings.ToUpper(hex.EncodeToString(sum[:]))
	got, err := CertFingerprint(certPEM + certPEM) // a chain: the first one counts
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 32*3-1 || strings.ReplaceAll(got, ":", "") != want {
		t.Errorf("fingerprint %s, want %s as colon pairs", got, want)
	}
	if !SameDigest(got, strings.ToLower(want)) || SameDigest(got, "") || SameDigest("", "") {
		t.Error("SameDigest: case and colons must not matter, an empty digest matches nothing")
	}
	for _, tt := range []struct{ name, text, want string }{
		{"no PEM", "hello", "no -----BEGIN CERTIFICATE----- block"},
		{"a key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "is a PRIVATE KEY, not a CERTIFICATE"},
		{"garbage after", certPEM + "trailing", "text after PEM block 1"},
		{"bad DER", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "PEM block 1 is not a valid certificate"},
	} {
		if _, err := CertFingerprint(tt.text); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.name, err, tt.want)
		}
	}
}
