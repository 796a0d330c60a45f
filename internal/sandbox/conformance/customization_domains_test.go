package conformance

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// testCertificate is a self-signed PEM certificate for host and its key.
func testCertificate(t *testing.T, host string) (certPEM, keyPEM string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: host}, DNSNames: []string{host},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Date(2031, 5, 11, 5, 13, 5, 0, time.UTC)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}))
}

func TestCustomDomains(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	def := ahbDefaultBrand(t, o)
	u, err := url.Parse(o.URL)
	if err != nil {
		t.Fatal(err)
	}
	host := u.Hostname()

	// The system entry (VCR TestAccDataSourceOktaDomain_read#2).
	_, _, v := ahbCall(t, o, "GET", "/api/v1/domains", nil)
	list, _ := ahbObj(t, v)["domains"].([]any)
	if len(list) != 1 {
		t.Fatalf("fresh org domains: %v", v)
	}
	sys := ahbObj(t, list[0])
	if engine.Str(sys, "id") != "default" || engine.Str(sys, "domain") != host || engine.Str(sys, "validationStatus") != "COMPLETED" ||
		engine.Str(sys, "certificateSourceType") != "OKTA_MANAGED" || engine.Str(sys, "brandId") != engine.Str(def, "id") ||
		strings.Join(ahbAllow(sys, "self"), ",") != "GET" {
		t.Errorf("default domain %v", sys)
	}

	// Create (VCR TestAccResourceOktaDomain_crud#0): 201, lower-cased, a new brand.
	st, _, v := ahbCall(t, o, "POST", "/api/v1/domains", engine.Obj{"certificateSourceType": "MANUAL", "domain": "testAcc-3243021488.example.com"})
	d := ahbObj(t, v)
	if st != http.StatusCreated || engine.Str(d, "domain") != "testacc-3243021488.example.com" || !strings.HasPrefix(engine.Str(d, "id"), "OcD") ||
		engine.Str(d, "validationStatus") != "NOT_STARTED" || strings.Join(ahbAllow(d, "self"), ",") != "GET,DELETE,PUT" ||
		engine.Str(d, "_links.verify.href") == "" {
		t.Fatalf("create: %d %v", st, d)
	}
	records, _ := d["dnsRecords"].([]any)
	if len(records) != 2 || engine.Str(ahbObj(t, records[0]), "fqdn") != "_oktaverification.testacc-3243021488.example.com" ||
		engine.Str(ahbObj(t, records[1]), "recordType") != "CNAME" {
		t.Errorf("dnsRecords %v", records)
	}
	path := "/api/v1/domains/" + engine.Str(d, "id")
	_, _, v = ahbCall(t, o, "GET", "/api/v1/brands/"+engine.Str(d, "brandId"), nil)
	made := ahbObj(t, v)
	if engine.Str(made, "name") != "testacc-3243021488.example.com" || engine.Str(made, "defaultApp.appInstanceId") == "" {
		t.Errorf("the brand Okta makes for a domain: %v", made)
	}

	// An unverified domain's GET allows DELETE only and offers verify; verify fails (no DNS).
	_, _, v = ahbCall(t, o, "GET", path, nil)
	if got := ahbObj(t, v); strings.Join(ahbAllow(got, "self"), ",") != "DELETE" || engine.Str(got, "_links.verify.href") == "" {
		t.Errorf("get unverified: %v", got)
	}
	st, _, v = ahbCall(t, o, "POST", path+"/verify", nil)
	if got := ahbObj(t, v); st != http.StatusOK || engine.Str(got, "validationStatus") != "FAILED_TO_VERIFY" || got["_links"].(map[string]any)["verify"] != nil {
		t.Errorf("verify: %d %v", st, got)
	}

	// PUT moves the domain to another brand (#8); the old brand stays.
	_, _, v = ahbCall(t, o, "POST", "/api/v1/brands", engine.Obj{"name": "test"})
	other := engine.Str(ahbObj(t, v), "id")
	if st, _, v := ahbCall(t, o, "PUT", path, engine.Obj{"brandId": other}); st != http.StatusOK || engine.Str(ahbObj(t, v), "brandId") != other {
		t.Fatalf("put brandId: %d %v", st, v)
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/brands/"+other+"?expand=domains", nil)
	if doms, _ := engine.At(ahbObj(t, v), "_embedded.domains").([]any); len(doms) != 1 {
		t.Errorf("brand expand=domains: %v", v)
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/brands/"+other+"/domains", nil)
	if doms, _ := v.([]any); len(doms) != 1 {
		t.Errorf("brand domains: %v", v)
	}
	st, _, v = ahbCall(t, o, "DELETE", "/api/v1/brands/"+other, nil)
	ahbWantError(t, "delete a brand with a domain", st, v, http.StatusConflict, "E0000201")

	// A MANUAL certificate: checked against the key and the host.
	cert, key := testCertificate(t, "testacc-3243021488.example.com")
	_, otherKey := testCertificate(t, "testacc-3243021488.example.com")
	wrongCert, wrongKey := testCertificate(t, "elsewhere.example.com")
	good := engine.Obj{"type": "PEM", "certificate": cert, "certificateChain": cert, "privateKey": key}
	for _, tc := range []struct {
		name string
		body engine.Obj
	}{
		{"key of another certificate", engine.Obj{"type": "PEM", "certificate": cert, "certificateChain": cert, "privateKey": otherKey}},
		{"certificate for another host", engine.Obj{"type": "PEM", "certificate": wrongCert, "certificateChain": wrongCert, "privateKey": wrongKey}},
		{"not PEM", engine.Obj{"type": "PEM", "certificate": "hello", "certificateChain": "", "privateKey": key}},
		{"no private key", engine.Obj{"type": "PEM", "certificate": cert, "certificateChain": cert}},
		{"type not PEM", engine.Obj{"type": "DER", "certificate": cert, "certificateChain": cert, "privateKey": key}},
	} {
		st, _, v := ahbCall(t, o, "PUT", path+"/certificate", tc.body)
		ahbWantError(t, tc.name, st, v, http.StatusBadRequest, "E0000001")
	}
	if st, _, v := ahbCall(t, o, "PUT", path+"/certificate", good); st != http.StatusNoContent {
		t.Fatalf("certificate: %d %v", st, v)
	}
	_, _, v = ahbCall(t, o, "GET", path, nil)
	got := ahbObj(t, v)
	if engine.Str(got, "publicCertificate.subject") != "CN=testacc-3243021488.example.com" ||
		engine.Str(got, "publicCertificate.expiration") != "2031-05-11T05:13:05.000Z" ||
		len(strings.Split(engine.Str(got, "publicCertificate.fingerprint"), ":")) != 32 || strings.Contains(fmt.Sprint(got), "PRIVATE KEY") {
		t.Errorf("after the certificate: %v", got)
	}

	tests := []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"no certificateSourceType", "POST", "/api/v1/domains", engine.Obj{"domain": "a.example.com"}, 400, "E0000001"},
		{"unknown certificateSourceType", "POST", "/api/v1/domains", engine.Obj{"domain": "a.example.com", "certificateSourceType": "SELF"}, 400, "E0000001"},
		{"not a domain", "POST", "/api/v1/domains", engine.Obj{"domain": "localhost", "certificateSourceType": "MANUAL"}, 400, "E0000001"},
		{"duplicate, other case", "POST", "/api/v1/domains", engine.Obj{"domain": "TESTACC-3243021488.example.com", "certificateSourceType": "MANUAL"}, 400, "E0000001"},
		{"put without brandId", "PUT", path, engine.Obj{}, 400, "E0000001"},
		{"put an unknown brand", "PUT", path, engine.Obj{"brandId": "bndNOPE0000000000000"}, 400, "E0000001"},
		{"change the default domain", "PUT", "/api/v1/domains/default", engine.Obj{"brandId": other}, 403, "E0000006"},
		{"delete the default domain", "DELETE", "/api/v1/domains/default", nil, 403, "E0000006"},
		{"unknown domain", "GET", "/api/v1/domains/OcDNOPE0000000000000", nil, 404, "E0000007"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, _, v := ahbCall(t, o, tc.method, tc.path, tc.body)
			ahbWantError(t, tc.name, st, v, tc.status, tc.code)
		})
	}

	// The list holds custom domains without their DNS records, the default last.
	_, _, v = ahbCall(t, o, "GET", "/api/v1/domains", nil)
	list, _ = ahbObj(t, v)["domains"].([]any)
	if len(list) != 2 || engine.Str(ahbObj(t, list[1]), "id") != "default" || ahbObj(t, list[0])["dnsRecords"] != nil {
		t.Errorf("list %v", list)
	}
	if st, _, v := ahbCall(t, o, "DELETE", path, nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d %v", st, v)
	}
	if st, _, v := ahbCall(t, o, "DELETE", "/api/v1/brands/"+other, nil); st != http.StatusNoContent {
		t.Errorf("delete the brand once the domain is gone: %d %v", st, v)
	}
}
