package conformance

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
	"github.com/oktasync/oktasync/internal/sandbox/idps"
)

// A certificate a real org accepted, with the values Okta computed from it
// (VCR TestAccResourceOktaIdpSaml_crud): the fixture checks that the sandbox
// derives e, n, x5t#S256 and expiresAt exactly as Okta does. It is sent with
// the line breaks of a PEM body, as Terraform sends it.
const idpKeyTestRecordedCert = "" +
	"MIIDxDCCAqygAwIBAgIGAZy0m1WlMA0GCSqGSIb3DQEBCwUAMIGiMQswCQYDVQQGEwJVUzETMBEG\n" +
	"A1UECAwKQ2FsaWZvcm5pYTEWMBQGA1UEBwwNU2FuIEZyYW5jaXNjbzENMAsGA1UECgwET2t0YTEU\n" +
	"MBIGA1UECwwLU1NPUHJvdmlkZXIxIzAhBgNVBAMMGmRjcC10ZXN0aW5nLW9pZy0yMDI1LTA2LTI2\n" +
	"MRwwGgYJKoZIhvcNAQkBFg1pbmZvQG9rdGEuY29tMB4XDTI2MDMwMzE2NDkwNFoXDTM2MDMwMzE2\n" +
	"NTAwNFowgaIxCzAJBgNVBAYTAlVTMRMwEQYDVQQIDApDYWxpZm9ybmlhMRYwFAYDVQQHDA1TYW4g\n" +
	"RnJhbmNpc2NvMQ0wCwYDVQQKDARPa3RhMRQwEgYDVQQLDAtTU09Qcm92aWRlcjEjMCEGA1UEAwwa\n" +
	"ZGNwLXRlc3Rpbmctb2lnLTIwMjUtMDYtMjYxHDAaBgkqhkiG9w0BCQEWDWluZm9Ab2t0YS5jb20w\n" +
	"ggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQC4Fq/0YLkmgw8b6EMtxREpiURB1IxXTpCB\n" +
	"jgIDlA3DdplO6HlratwcVHebHil6rNIZqHyv9JwzX9gZMN64bGAzwLz0dCyl3liiGhH456UzEIDM\n" +
	"bZkovGtZ+ndmbO/73y/mltJncKsxPgLm7qunqdionA4P1t4fIDZjFoCYUZ4+fi7XPCns79L4Iacy\n" +
	"rMknPyJADXkRqZ1eGOWMwaRfDGwdtH92CH0LwwPZnPAt3jrZujUESAD84ChO/DeKuDwpS5RSgbxT\n" +
	"9gjHF7WEJk+5EO1md3UkBMpvPRd1RX+Mco0nmL/NT2SAl5iopo0ZUidJ5IwzCXpmk/z4jTufUbda\n" +
	"DaCTAgMBAAEwDQYJKoZIhvcNAQELBQADggEBADlNb3xsXSi71vtM41yf0wyGR5TpT5/wJfVR1237\n" +
	"BVEzxXLdbvHV5Q9KrYtsIILzu5WGA2M/CVCpH/xI/pY+mQBZrkPm6yO1f3DGjHgdjgsMCGOQh8if\n" +
	"AbbXiOcVfv1p2Qzs5V48z7yhjIL+WLJW5zJ7UMDWnZuwYKBxLkH8M/AE8Yxiw5Z+o6SNhiTnJO0x\n" +
	"oSJ+/R6AFBfAnkpkuztDoN5N8v2ZsnNHUViJxdxo/43qhbjhrc2qyAHLMm63cM6iJ8CYkdjh38no\n" +
	"D55oK+hUWBo+zp4grEnyJv69wP8bMKpjuYQV92FmJ2vCVuDRfRPYcJd73b1//Wz9xAK+y1k0IrI="

const idpKeyTestRecordedN = "uBav9GC5JoMPG-hDLcURKYlEQdSMV06QgY4CA5QNw3aZTuh5a2rcHFR3mx4peqzSGah8r_ScM1_YGTDeuGxgM8C89HQspd5YohoR-OelMxCAzG2ZKLxrWfp3Zmzv-98v5pbSZ3CrMT4C5u6rp6nYqJwOD9beHyA2YxaAmFGePn4u1zwp7O_S-CGnMqzJJz8iQA15EamdXhjljMGkXwxsHbR_dgh9C8MD2ZzwLd462bo1BEgA_OAoTvw3irg8KUuUUoG8U_YIxxe1hCZPuRDtZnd1JATKbz0XdUV_jHKNJ5i_zU9kgJeYqKaNGVInSeSMMwl6ZpP8-I07n1G3Wg2gkw"

var idpKeyTestKid = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestIdPKeysCreateFromRecordedCert(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	key := o.mustObj(http.StatusOK, "POST", "/api/v1/idps/credentials/keys", engine.Obj{"x5c": []any{idpKeyTestRecordedCert}})
	for path, want := range map[string]string{
		"kty": "RSA", "alg": "RSA", "use": "sig", "e": "AQAB", "n": idpKeyTestRecordedN,
		"x5t#S256":  "b0aH9LEDU6FqmAibHuSH_DkCQBNPg-g8pVPA2LEUuyk",
		"expiresAt": "2036-03-03T16:50:04.000Z",
	} {
		if got, _ := key[path].(string); got != want {
			t.Errorf("%s = %q, want %q", path, got, want)
		}
	}
	if x5c := engine.StringsAt(key, "x5c"); len(x5c) != 1 || x5c[0] != idpKeyTestRecordedCert {
		t.Errorf("x5c not returned as sent: %v", key["x5c"])
	}
	kid := engine.Str(key, "kid")
	if !idpKeyTestKid.MatchString(kid) {
		t.Errorf("kid %q is not a UUID", kid)
	}
	if key["_links"] != nil || key["status"] != nil || key["id"] != nil {
		t.Errorf("key carries fields Okta's do not: %v", key)
	}
	got := o.mustObj(http.StatusOK, "GET", "/api/v1/idps/credentials/keys/"+kid, nil)
	if !zoneTestEqual(got, key) {
		t.Errorf("GET %v\n!= create answer %v", got, key)
	}
}

func TestIdPKeysLifecycle(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	var kids []string
	for _, cert := range idps.SampleCerts {
		kids = append(kids, engine.Str(o.mustObj(http.StatusOK, "POST", "/api/v1/idps/credentials/keys", engine.Obj{"x5c": []any{cert}}), "kid"))
	}
	all, n := o.pages("/api/v1/idps/credentials/keys?limit=2")
	if len(all) != 3 || n != 2 || engine.Str(all[0], "kid") != kids[0] || engine.Str(all[2], "kid") != kids[2] {
		t.Fatalf("paged keys: %d in %d pages", len(all), n)
	}

	for _, tc := range []struct {
		name string
		body any
		code string
	}{
		{"no x5c", engine.Obj{}, "E0000001"},
		{"empty x5c", engine.Obj{"x5c": []any{}}, "E0000001"},
		{"not base64", engine.Obj{"x5c": []any{"not a certificate!"}}, "E0000001"},
		{"not a certificate", engine.Obj{"x5c": []any{"aGVsbG8gd29ybGQ="}}, "E0000001"},
		{"x5c not an array", engine.Obj{"x5c": idps.CertAcme}, "E0000003"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o.fail(http.StatusBadRequest, tc.code, "POST", "/api/v1/idps/credentials/keys", tc.body)
		})
	}

	// PUT swaps the certificate behind the kid (replaceIdentityProviderKey
	// is in the v5.1 spec only, so this answer is not spec-checked).
	before := all[0]
	status, v := o.callUnchecked("PUT", "/api/v1/idps/credentials/keys/"+kids[0], engine.Obj{"x5c": []any{idps.CertFabrikam}})
	after, _ := v.(map[string]any)
	if status != http.StatusOK || engine.Str(after, "kid") != kids[0] || engine.Str(after, "created") != engine.Str(before, "created") ||
		engine.Str(after, "x5t#S256") != engine.Str(all[2], "x5t#S256") {
		t.Fatalf("replace key: %d %v", status, v)
	}

	// A key an IdP trusts can't be deleted (the spec documents no 400 for
	// this operation; the precondition is SPEC deleteIdentityProviderKey's).
	idp := o.mustObj(http.StatusOK, "POST", "/api/v1/idps", idps.SAMLBody("partner", "https://idp.partner.example", kids[1]))
	status, v = o.callUnchecked("DELETE", "/api/v1/idps/credentials/keys/"+kids[1], nil)
	if m, _ := v.(map[string]any); status != http.StatusBadRequest || engine.Str(m, "errorCode") != "E0000001" {
		t.Fatalf("delete key in use: %d %v", status, v)
	}
	o.mustObj(http.StatusOK, "POST", "/api/v1/idps/"+engine.Str(idp, "id")+"/lifecycle/deactivate", nil)
	status, _ = o.callUnchecked("DELETE", "/api/v1/idps/credentials/keys/"+kids[1], nil)
	if status != http.StatusBadRequest {
		t.Fatalf("delete key used by an INACTIVE IdP: %d", status)
	}
	o.must(http.StatusNoContent, "DELETE", "/api/v1/idps/"+engine.Str(idp, "id"), nil)
	o.must(http.StatusNoContent, "DELETE", "/api/v1/idps/credentials/keys/"+kids[1], nil)
	o.fail(http.StatusNotFound, "E0000007", "GET", "/api/v1/idps/credentials/keys/"+kids[1], nil)
	o.fail(http.StatusNotFound, "E0000007", "DELETE", "/api/v1/idps/credentials/keys/"+kids[1], nil)
}
