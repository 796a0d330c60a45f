package conformance

import (
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestIdPSPMetadata: a SAML 2.0 IdP's _links.metadata serves Okta's SP
// metadata for it: the IdP's audience as entity id, the org's SP signing
// certificate, the IdP's ACS endpoint, as recorded
// (TestAccDataSourceOktaIdpMetadataSaml_read#13). No spec documents it.
func TestIdPSPMetadata(t *testing.T) {
	o, kid, _ := idpTestSetup(t)
	saml := o.mustObj(http.StatusOK, "POST", "/api/v1/idps", engine.Obj{
		"type": "SAML2", "name": "Metadata <SAML>", "protocol": engine.Obj{"type": "SAML2",
			"endpoints":   engine.Obj{"sso": engine.Obj{"url": "https://idp.example.com"}},
			"credentials": engine.Obj{"trust": engine.Obj{"issuer": "https://idp.example.com", "kid": kid}}},
	})
	if engine.Str(saml, "protocol.algorithms.request.digest") != "SHA-1" {
		t.Errorf("request digest %v", engine.At(saml, "protocol.algorithms"))
	}
	href := engine.Str(saml, "_links.metadata.href")
	req, _ := http.NewRequest("GET", href, nil)
	req.Header.Set("Authorization", "SSWS "+o.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var md struct {
		EntityID string `xml:"entityID,attr"`
		SP       struct {
			Keys []struct {
				Use  string `xml:"use,attr"`
				Cert string `xml:"KeyInfo>X509Data>X509Certificate"`
			} `xml:"KeyDescriptor"`
			ACS struct {
				Location string `xml:"Location,attr"`
			} `xml:"AssertionConsumerService"`
			Service string `xml:"AttributeConsumingService>ServiceName"`
		} `xml:"SPSSODescriptor"`
	}
	if err := xml.Unmarshal(data, &md); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("metadata: %d %v: %s", resp.StatusCode, err, data)
	}
	if md.EntityID != engine.Str(saml, "protocol.credentials.trust.audience") || md.SP.ACS.Location != engine.Str(saml, "_links.acs.href") ||
		md.SP.Service != "Metadata <SAML>" || len(md.SP.Keys) != 2 || md.SP.Keys[0].Cert != md.SP.Keys[1].Cert {
		t.Fatalf("metadata %+v", md)
	}
	keysParseCert(t, strings.Join(strings.Fields(md.SP.Keys[1].Cert), ""))
	if st, v := o.callUnchecked("GET", "/api/v1/idps/0oanotthere123456789/metadata.xml", nil); st != http.StatusNotFound || engine.Str(v.(map[string]any), "errorCode") != "E0000007" {
		t.Fatalf("metadata of an unknown IdP: %d %v", st, v)
	}
}
