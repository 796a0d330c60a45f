package export

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRawProjectionWriteOnly: the marker keeps Okta's digest of a
// write-only part (a custom domain's certificate fingerprint), so that an
// incremental plan, which takes unchanged objects from the marker, sees the
// org's certificate is the file's; the rest of publicCertificate is not
// kept.
func TestRawProjectionWriteOnly(t *testing.T) {
	reg := registry(t)
	k, _ := reg.Kind("custom-domains")
	raw := map[string]any{"id": "OcD1", "domain": "login.example.com", "validationStatus": "VERIFIED",
		"dnsRecords":        []any{},
		"publicCertificate": map[string]any{"fingerprint": "AB:CD", "subject": "CN=login.example.com", "expiration": "2030-01-01T00:00:00.000Z"}}
	want := map[string]any{"validationStatus": "VERIFIED", "dnsRecords": []any{}, "publicCertificate": map[string]any{"fingerprint": "AB:CD"}}
	if d := cmp.Diff(want, rawProjection(reg, k, raw)); d != "" {
		t.Errorf("marker raw (-want +got):\n%s", d)
	}
}
