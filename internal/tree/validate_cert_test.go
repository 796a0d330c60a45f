package tree

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/model"
)

// testCertPEM makes a self-signed certificate for host, PEM.
func testCertPEM(t *testing.T, host string) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: host}, DNSNames: []string{host},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// block indents a PEM text as a YAML block scalar under a body field.
func block(pemText string) string {
	return "|\n    " + strings.ReplaceAll(strings.TrimSuffix(pemText, "\n"), "\n", "\n    ") + "\n"
}

// TestValidateCertificate: a MANUAL custom domain's certificate
// (Kind.WriteOnly) is checked offline, each problem at its file and line:
// a PEM that is not a certificate, a chain with a key in it, a
// certificate without its private key, and a private key in clear.
func TestValidateCertificate(t *testing.T) {
	reg := testRegistry(t)
	cert := testCertPEM(t, "login.example.com")
	chain := testCertPEM(t, "ca.example.com")
	head := "kind: custom-domains\nname: login\nbody:\n  brandId: ${var:BRAND}\n"
	tests := []struct {
		name string
		body string
		line int
		want string
	}{
		{"a valid certificate", "  certificate: " + block(cert) + "  certificateChain: " + block(chain) +
			"  certificateSourceType: MANUAL\n  domain: login.example.com\n  privateKey: ${secret:LOGIN_KEY}\n", 0, ""},
		{"a certificate that is not PEM", "  certificate: not a certificate\n  certificateChain: " + block(chain) +
			"  certificateSourceType: MANUAL\n  domain: login.example.com\n  privateKey: ${secret:LOGIN_KEY}\n",
			5, "certificate: not a PEM certificate"},
		{"a PEM block that is no certificate", "  certificate: " + block(cert) + "  certificateChain: |\n    -----BEGIN CERTIFICATE-----\n    bm90IGEgY2VydGlmaWNhdGU=\n    -----END CERTIFICATE-----\n" +
			"  certificateSourceType: MANUAL\n  domain: login.example.com\n  privateKey: ${secret:LOGIN_KEY}\n",
			5 + strings.Count(cert, "\n") + 1, "certificateChain: PEM block 1 is not a valid certificate"},
		{"a private key in the chain", "  certificate: " + block(cert) + "  certificateChain: |\n    -----BEGIN PRIVATE KEY-----\n    bm90IGEga2V5\n    -----END PRIVATE KEY-----\n" +
			"  certificateSourceType: MANUAL\n  domain: login.example.com\n  privateKey: ${secret:LOGIN_KEY}\n",
			5 + strings.Count(cert, "\n") + 1, "certificateChain: PEM block 1 is a PRIVATE KEY, not a CERTIFICATE"},
		{"a certificate without its private key", "  certificate: " + block(cert) + "  certificateChain: " + block(chain) +
			"  certificateSourceType: MANUAL\n  domain: login.example.com\n",
			5, "the certificate needs privateKey as well"},
		{"a certificate on an Okta-managed domain", "  certificate: " + block(cert) + "  certificateChain: " + block(chain) +
			"  certificateSourceType: OKTA_MANAGED\n  domain: login.example.com\n  privateKey: ${secret:LOGIN_KEY}\n",
			5, "a certificate is written only where certificateSourceType is MANUAL"},
		{"a private key in clear", "  certificate: " + block(cert) + "  certificateChain: " + block(chain) +
			"  certificateSourceType: MANUAL\n  domain: login.example.com\n  privateKey: |\n    -----BEGIN PRIVATE KEY-----\n    bm90IGEga2V5\n    -----END PRIVATE KEY-----\n",
			5 + strings.Count(cert+chain, "\n") + 4, "schema: at /body/privateKey"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"custom-domains/login.yaml": head + tt.body}
			s, problems := Read(writeFiles(t, files), reg)
			problems = append(problems, Validate(s, reg)...)
			var errs []model.Problem
			for _, p := range problems {
				if p.Severity == model.SeverityError {
					errs = append(errs, p)
				}
			}
			if tt.want == "" {
				if len(errs) > 0 {
					t.Fatalf("want no errors, got %v", errs)
				}
				return
			}
			var hit *model.Problem
			for i, p := range errs {
				if strings.Contains(p.Message, tt.want) {
					hit = &errs[i]
				}
			}
			if hit == nil {
				t.Fatalf("want an error containing %q, got %v", tt.want, errs)
			}
			if hit.File != "custom-domains/login.yaml" || hit.Line != tt.line || hit.Hint == "" {
				t.Errorf("got %s (hint %q), want custom-domains/login.yaml:%d", hit, hit.Hint, tt.line)
			}
			if strings.Contains(hit.String(), "bm90IGEga2V5") {
				t.Errorf("the problem shows the key: %s", hit)
			}
		})
	}
}
