package conformance

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestAuthenticatorCustomAAGUIDs drives the webauthn authenticator's custom
// AAGUIDs (SPEC v6 createCustomAAGUID … deleteCustomAAGUID, not in the v5
// spec the harness validates against: raw calls) with the shapes recorded
// (VCR TestAccDataSourceOktaAuthenticatorWebauthnCustomAAGUIDs_read).
func TestAuthenticatorCustomAAGUIDs(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	webauthn := ahbAuthenticatorID(t, o.conformanceOrg, "webauthn")
	coll := "/api/v1/authenticators/" + webauthn + "/aaguids"
	const id = "00000000-0000-0000-0000-000000000001"
	item := coll + "/" + id
	obj := func(want int, method, path string, body any) engine.Obj {
		t.Helper()
		st, _, v := o.raw(method, path, body)
		m, _ := v.(map[string]any)
		if st != want {
			t.Fatalf("%s %s: %d %v, want %d", method, path, st, v, want)
		}
		return m
	}
	if st, _, v := o.raw("GET", coll, nil); st != http.StatusOK || len(v.([]any)) != 0 {
		t.Fatalf("a new org's list: %d %v", st, v)
	}
	certPEM, _ := testCertificate(t, "Test Root")
	block, _ := pem.Decode([]byte(certPEM))
	x5c := base64.StdEncoding.EncodeToString(block.Bytes)
	sum := sha256.Sum256(block.Bytes)

	created := obj(http.StatusOK, "POST", coll, engine.Obj{"aaguid": id, "name": "Test Key 1",
		"authenticatorCharacteristics": engine.Obj{"hardwareProtected": true},
		"attestationRootCertificates":  []any{engine.Obj{"x5c": x5c}}})
	cert, _ := engine.At(created, "attestationRootCertificates").([]any)
	if engine.Str(created, "aaguid") != id || engine.Str(created, "name") != "Test Key 1" ||
		!engine.BoolAt(created, "authenticatorCharacteristics.hardwareProtected") ||
		engine.Str(created, "_links.self.href") != o.URL+item || len(cert) != 1 ||
		engine.Str(cert[0].(map[string]any), "x5t#S256") != base64.RawURLEncoding.EncodeToString(sum[:]) ||
		engine.Str(cert[0].(map[string]any), "iss") != "CN=Test Root" || engine.Str(cert[0].(map[string]any), "exp") != "2031-05-11T05:13:05Z" {
		t.Fatalf("create: %v", created)
	}
	if got := obj(http.StatusOK, "GET", item, nil); engine.Str(got, "name") != "Test Key 1" {
		t.Errorf("get: %v", got)
	}
	if st, _, v := o.raw("GET", coll, nil); st != http.StatusOK || len(v.([]any)) != 1 {
		t.Errorf("list: %d %v", st, v)
	}
	if got := obj(http.StatusOK, "PATCH", item, engine.Obj{"name": "Renamed"}); engine.Str(got, "name") != "Renamed" ||
		engine.At(got, "attestationRootCertificates") == nil || !engine.BoolAt(got, "authenticatorCharacteristics.hardwareProtected") {
		t.Errorf("patch keeps what it does not send: %v", got)
	}
	if got := obj(http.StatusOK, "PUT", item, engine.Obj{"name": "Replaced"}); engine.Str(got, "name") != "Replaced" ||
		engine.At(got, "attestationRootCertificates") != nil || engine.At(got, "authenticatorCharacteristics") != nil {
		t.Errorf("put replaces: %v", got)
	}
	for _, tc := range []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"duplicate", "POST", coll, engine.Obj{"aaguid": id}, 400, "E0000001"},
		{"not a uuid", "POST", coll, engine.Obj{"aaguid": "abc"}, 400, "E0000001"},
		{"bad certificate", "POST", coll, engine.Obj{"aaguid": "00000000-0000-0000-0000-000000000002",
			"attestationRootCertificates": []any{engine.Obj{"x5c": "bm90IGEgY2VydA=="}}}, 400, "E0000001"},
		{"aaguid can't change", "PUT", item, engine.Obj{"aaguid": "00000000-0000-0000-0000-000000000003"}, 400, "E0000001"},
		{"another authenticator", "GET", "/api/v1/authenticators/" + ahbAuthenticatorID(t, o.conformanceOrg, "okta_email") + "/aaguids", nil, 404, "E0000007"},
		{"unknown aaguid", "GET", coll + "/00000000-0000-0000-0000-000000000009", nil, 404, "E0000007"},
	} {
		st, _, v := o.raw(tc.method, tc.path, tc.body)
		if m, _ := v.(map[string]any); st != tc.status || engine.Str(m, "errorCode") != tc.code {
			t.Errorf("%s: %d %v, want %d %s", tc.name, st, v, tc.status, tc.code)
		}
	}
	if st, _, _ := o.raw("DELETE", item, nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d", st)
	}
	if st, _, _ := o.raw("GET", item, nil); st != http.StatusNotFound {
		t.Errorf("get after delete: %d", st)
	}
}
