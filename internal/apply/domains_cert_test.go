package apply

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/export"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// testCert is a self-signed certificate for host and its private key, PEM.
func testCert(t *testing.T, host string) (certPEM, keyPEM string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: host}, DNSNames: []string{host},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pk}))
}

// secretsFile writes a secrets file holding PEM values as block scalars.
func secretsFile(t *testing.T, values map[string]string) string {
	t.Helper()
	var b strings.Builder
	for name, v := range values {
		b.WriteString(name + ": |\n  " + strings.ReplaceAll(strings.TrimSuffix(v, "\n"), "\n", "\n  ") + "\n")
	}
	f := filepath.Join(t.TempDir(), "secrets.yaml")
	if err := os.WriteFile(f, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// keyLines are the base64 lines of a PEM key, none of which may show up
// in a plan, a report or a file.
func keyLines(keyPEM string) []string {
	var out []string
	for _, l := range strings.Split(keyPEM, "\n") {
		if l != "" && !strings.HasPrefix(l, "-----") {
			out = append(out, l)
		}
	}
	return out
}

func leaks(t *testing.T, what, text string, keys ...string) {
	t.Helper()
	for _, k := range keys {
		for _, l := range keyLines(k) {
			if strings.Contains(text, l) {
				t.Errorf("%s holds the private key", what)
				return
			}
		}
	}
}

// TestDomainsManualCertificate: a MANUAL custom domain's certificate
// (Kind.WriteOnly) from a tree with the private key behind a
// ${secret:} that a secrets file fills. The plan writes it by fingerprint
// and never holds the key; apply sends it by PUT …/certificate after the
// create; Okta then shows the fingerprint the file's PEM has, so the next
// plan is empty; a re-export keeps the PEM and the placeholder from the
// previous tree. A new certificate is one update; a new key alone is none;
// a missing secret stops the step; a certificate changed in the org but
// not in the file is left out of the re-export with a warning.
func TestDomainsManualCertificate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := registry(t)
	o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 21})
	cert, key := testCert(t, "id.example.org")
	chain, _ := testCert(t, "ca.example.org")
	start := o.snapshot(t)
	if err := start.Add(&model.Object{Kind: "custom-domains", Path: "custom-domains/id-example-org", Body: map[string]any{
		"domain": "id.example.org", "certificateSourceType": "MANUAL", "brandId": "${ref:brands/contractor-access}",
		"certificate": cert, "certificateChain": chain, "privateKey": "${secret:ID_CERT_KEY}"}}); err != nil {
		t.Fatal(err)
	}
	desired, dir := viaFiles(t, reg, start)
	kind, _ := reg.Kind("custom-domains")
	fp, err := model.CertFingerprint(cert)
	if err != nil {
		t.Fatal(err)
	}

	p := computePlan(t, reg, desired, o.snapshot(t), plan.Options{})
	var pj strings.Builder
	if err := plan.RenderJSON(&pj, p); err != nil {
		t.Fatal(err)
	}
	leaks(t, "the plan", pj.String(), key)
	if !strings.Contains(pj.String(), "SHA-256 "+fp) || !strings.Contains(pj.String(), "${secret:ID_CERT_KEY}") {
		t.Errorf("the plan names neither the certificate's fingerprint nor its secret:\n%s", pj.String())
	}
	rep, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{SecretsFile: secretsFile(t, map[string]string{"ID_CERT_KEY": key})}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.HasFailures() {
		t.Fatalf("apply failed:%s", failures(rep))
	}
	rj, _ := json.Marshal(rep)
	leaks(t, "the report", string(rj), key)
	if !strings.Contains(string(rj), "certificate written") {
		t.Errorf("no step says it wrote the certificate: %s", rj)
	}
	after := o.snapshot(t)
	live, ok := after.Get("custom-domains/id-example-org")
	if !ok || !model.SameDigest(kind.LivePartDigest(live.Live.Raw), fp) {
		t.Fatalf("the org's certificate is not the file's (want SHA-256 %s): %v", fp, live)
	}
	if again := computePlan(t, reg, desired, after, plan.Options{}); !again.Empty() {
		var buf strings.Builder
		_ = plan.RenderText(&buf, again, plan.TextOptions{})
		t.Errorf("the plan after applying is not empty:\n%s", buf.String())
	}

	// Re-export over the tree: Okta never returns the PEM, so it comes from
	// the previous file, whose fingerprint is the org's.
	res, err := export.Export(ctx, o.client, reg, dir, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range res.Warnings {
		if strings.HasPrefix(w.Path, "custom-domains/") {
			t.Errorf("export warns: %s", w)
		}
	}
	file, err := os.ReadFile(filepath.Join(dir, "custom-domains", "id-example-org.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	leaks(t, "the exported file", string(file), key)
	reread := readTree(t, reg, dir)
	got, _ := reread.Get("custom-domains/id-example-org")
	if got == nil || got.Body["certificate"] != cert || got.Body["certificateChain"] != chain || got.Body["privateKey"] != "${secret:ID_CERT_KEY}" {
		t.Fatalf("the re-export did not keep the certificate:\n%s", file)
	}

	t.Run("a new key alone is no change", func(t *testing.T) {
		d := readTree(t, reg, dir)
		obj, _ := d.Get("custom-domains/id-example-org")
		obj.Body["privateKey"] = "${secret:ANOTHER_KEY}"
		if p := computePlan(t, reg, d, after, plan.Options{}); !p.Empty() {
			t.Errorf("a new private key alone makes a plan: %v", p.Steps)
		}
	})

	cert2, key2 := testCert(t, "id.example.org")
	fp2, _ := model.CertFingerprint(cert2)
	d := readTree(t, reg, dir)
	obj, _ := d.Get("custom-domains/id-example-org")
	obj.Body["certificate"] = cert2
	p2 := computePlan(t, reg, d, after, plan.Options{})
	pj.Reset()
	_ = plan.RenderJSON(&pj, p2)
	leaks(t, "the plan of a new certificate", pj.String(), key, key2)
	if len(p2.Steps) != 1 || p2.Steps[0].Action != plan.ActionUpdate || len(p2.Steps[0].Changes) != 1 ||
		p2.Steps[0].Changes[0].Before != "SHA-256 "+fp || p2.Steps[0].Changes[0].After != "SHA-256 "+fp2 {
		t.Fatalf("a new certificate: want one update from SHA-256 %s to %s, got\n%s", fp, fp2, pj.String())
	}

	t.Run("a missing secret stops the step", func(t *testing.T) {
		rep, err := Run(ctx, RunOptions{Plan: p2, Client: o.client, Registry: reg, Read: o.read})
		if err == nil && !rep.HasFailures() {
			t.Fatal("apply wrote a certificate without its private key")
		}
		msg := failures(rep)
		if err != nil {
			msg += err.Error()
		}
		if !strings.Contains(msg, "ID_CERT_KEY") {
			t.Errorf("the failure does not name the secret: %s", msg)
		}
		if now := o.snapshot(t); !model.SameDigest(kind.LivePartDigest(mustGet(t, now, "custom-domains/id-example-org").Live.Raw), fp) {
			t.Error("the org's certificate changed")
		}
	})

	rep, err = Run(ctx, RunOptions{Plan: p2, Client: o.client, Registry: reg, Read: o.read,
		Options: Options{SecretsFile: secretsFile(t, map[string]string{"ID_CERT_KEY": key2})}})
	if err != nil || rep.HasFailures() {
		t.Fatalf("apply of a new certificate: %v%s", err, failures(rep))
	}
	if again := computePlan(t, reg, d, o.snapshot(t), plan.Options{}); !again.Empty() {
		t.Errorf("the plan after the new certificate is not empty: %v", again.Steps)
	}

	// The tree still holds the first certificate: a re-export cannot keep
	// it (the org's is another) and says so.
	res, err = export.Export(ctx, o.client, reg, dir, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	warned := false
	for _, w := range res.Warnings {
		warned = warned || (w.Path == "custom-domains/id-example-org" && strings.Contains(w.Message, fp2))
	}
	file, _ = os.ReadFile(filepath.Join(dir, "custom-domains", "id-example-org.yaml"))
	if !warned || strings.Contains(string(file), "BEGIN CERTIFICATE") || !strings.Contains(string(file), "${secret:ID_CERT_KEY}") {
		t.Errorf("a certificate the file does not hold: want a warning, no PEM and the placeholder; warnings %v, file:\n%s", res.Warnings, file)
	}
}

func mustGet(t *testing.T, s *model.Snapshot, path string) *model.Object {
	t.Helper()
	o, ok := s.Get(path)
	if !ok {
		t.Fatalf("%s is not in the snapshot", path)
	}
	return o
}
