package idps

import (
	"encoding/xml"
	"net/http"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// GET /api/v1/idps/{idpId}/metadata.xml: the metadata of Okta as the SAML
// service provider of a SAML 2.0 IdP, which the IdP's _links.metadata
// names (recorded TestAccDataSourceOktaIdpMetadataSaml_read#13): the SP
// entity id (the IdP's trust audience), the org's SP signing certificate
// (for encryption and signing), the name-id formats, the IdP's ACS
// endpoint, the attributes Okta asks for, and the org. The certificate is
// made on first use under the IdP's signing kid (table idpSPKeys, keyed
// by kid: the org's one SP key). Okta answers application/octet-stream,
// as recorded.

const tableIdPSPKeys = "idpSPKeys"

func init() {
	engine.Register(engine.Module{
		Name: "idp-metadata", Phase: 26,
		Routes: func(rt *engine.Router) {
			rt.Handle("GET", "/api/v1/idps/{idpId}/metadata.xml", engine.ScopeFor("idps", "GET"), idpMetadata)
		},
	})
}

func idpSPCert(c *engine.Call, kid string) (string, *engine.APIError) {
	if k := c.Org.Get(tableIdPSPKeys, "", kid); k != nil {
		return engine.Str(k, "x5c"), nil
	}
	der, err := engine.NewSigningCert(c.Org.Sub, c.Org.Now(), 10)
	if err != nil {
		return "", engine.NewError(http.StatusInternalServerError, "E0000009", "Internal Server Error")
	}
	key, apiErr := engine.CertJWK(kid, der, c.Org.Timestamp())
	if apiErr != nil {
		return "", apiErr
	}
	x5c := engine.StringsAt(key, "x5c")[0]
	c.Org.Put(tableIdPSPKeys, "", kid, engine.Obj{"id": kid, "x5c": x5c})
	return x5c, nil
}

func idpMetadata(c *engine.Call) engine.Reply {
	id := c.Param("idpId")
	idp := c.Org.Get(engine.TableIdPs, "", id)
	if idp == nil {
		return engine.Fail(engine.ErrNotFound(id, "IdentityProvider"))
	}
	if engine.Str(idp, "type") != "SAML2" {
		return engine.Fail(engine.ErrNotFound(id, "SAML IdP metadata"))
	}
	x5c, err := idpSPCert(c, engine.Str(idp, "protocol.credentials.signing.kid"))
	if err != nil {
		return engine.Fail(err)
	}
	esc := func(s string) string {
		var b strings.Builder
		_ = xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	cert := `<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>` +
		engine.PEMBody(x5c) + `</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	b.WriteString(`<md:EntityDescriptor entityID="` + esc(engine.Str(idp, "protocol.credentials.trust.audience")) + `" xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">`)
	b.WriteString(`<md:SPSSODescriptor AuthnRequestsSigned="true" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">`)
	b.WriteString(`<md:KeyDescriptor use="encryption">` + cert)
	for _, alg := range []string{"http://www.w3.org/2001/04/xmlenc#aes128-cbc", "http://www.w3.org/2001/04/xmlenc#aes192-cbc",
		"http://www.w3.org/2001/04/xmlenc#aes256-cbc", "http://www.w3.org/2009/xmlenc11#aes128-gcm",
		"http://www.w3.org/2009/xmlenc11#aes256-gcm", "http://www.w3.org/2001/04/xmlenc#tripledes-cbc"} {
		b.WriteString(`<md:EncryptionMethod Algorithm="` + alg + `"/>`)
	}
	b.WriteString(`</md:KeyDescriptor><md:KeyDescriptor use="signing">` + cert + `</md:KeyDescriptor>`)
	for _, f := range []string{"urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
		"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"} {
		b.WriteString(`<md:NameIDFormat>` + f + `</md:NameIDFormat>`)
	}
	b.WriteString(`<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="` +
		esc(c.Base+"/sso/saml2/"+id) + `" index="0" isDefault="true"/>`)
	b.WriteString(`<md:AttributeConsumingService index="0"><md:ServiceName xml:lang="en">` + esc(engine.Str(idp, "name")) + `</md:ServiceName>`)
	for _, a := range [][3]string{{"First Name", "firstName", "true"}, {"Last Name", "lastName", "true"}, {"Email", "email", "true"}, {"Mobile Phone", "mobilePhone", "false"}} {
		b.WriteString(`<md:RequestedAttribute FriendlyName="` + a[0] + `" Name="` + a[1] +
			`" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri" isRequired="` + a[2] + `"/>`)
	}
	b.WriteString(`</md:AttributeConsumingService></md:SPSSODescriptor>`)
	b.WriteString(`<md:Organization><md:OrganizationName xml:lang="en">` + esc(c.Org.Sub) + `</md:OrganizationName>` +
		`<md:OrganizationDisplayName xml:lang="en">okta-` + esc(c.Org.Sub) + `</md:OrganizationDisplayName>` +
		`<md:OrganizationURL xml:lang="en">https://okta.com</md:OrganizationURL></md:Organization></md:EntityDescriptor>`)
	return engine.Reply{Status: http.StatusOK, Raw: []byte(b.String()), Header: http.Header{"Content-Type": {"application/octet-stream"}}}
}
