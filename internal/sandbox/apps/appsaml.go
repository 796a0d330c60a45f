package apps

import (
	"encoding/xml"
	"net/http"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// The SAML IdP metadata of an app (SPEC previewSAMLmetadataForApplication;
// recorded TestAccDataSourceOktaAppFederatedClaim_read#5): an XML
// EntityDescriptor whose entityID is http://www.okta.com/<external key>,
// with the app's signing certificate (the key ?kid= names, else the key in
// use), the app's name-id format, and its SSO and SLO endpoints under
// https://<org>/app/<app name>/<external key>/. The external key is the
// `exk…` id Okta gives each SAML app (${org.externalKey} in idpIssuer);
// the sandbox derives it from the app id, as it derives schema ids from
// user type ids.

func init() {
	engine.Register(engine.Module{
		Name: "app-saml-metadata", Phase: 42,
		Routes: func(rt *engine.Router) {
			rt.Handle("GET", "/api/v1/apps/{appId}/sso/saml/metadata", engine.ScopeFor("apps", "GET"), appSAMLMetadata)
		},
	})
}

// appExternalKey is the app's `exk…` id.
func appExternalKey(appID string) string {
	if len(appID) < 3 {
		return "exk" + appID
	}
	return "exk" + appID[3:]
}

const (
	samlPOST     = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
	samlRedirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
)

func appSAMLMetadata(c *engine.Call) engine.Reply {
	app, err := appKeysApp(c, "appId")
	if err != nil {
		return engine.Fail(err)
	}
	if mode := engine.Str(app, "signOnMode"); mode != "SAML_2_0" && mode != "SAML_1_1" {
		return engine.Fail(engine.ErrNotFound(engine.Str(app, "id"), "SAML metadata"))
	}
	id := engine.Str(app, "id")
	kid := c.Query().Get("kid")
	if kid == "" {
		kid = engine.Str(app, "credentials.signing.kid")
	}
	key := c.Org.Get(tableAppKeys, id, kid)
	if key == nil {
		return engine.Fail(engine.ErrNotFound(kid, "AppInstanceKey"))
	}
	exk := appExternalKey(id)
	base := c.Base + "/app/" + engine.Str(app, "name") + "/" + exk
	format := engine.Str(app, "settings.signOn.subjectNameIdFormat")
	if format == "" {
		format = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
	}
	// Written by hand rather than with encoding/xml, which would escape
	// the certificate's line breaks: Okta writes them as they are.
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>`)
	b.WriteString(`<md:EntityDescriptor entityID="` + xmlAttr("http://www.okta.com/"+exk) + `" xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">`)
	b.WriteString(`<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">`)
	b.WriteString(`<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>`)
	b.WriteString(engine.PEMBody(strings.Join(engine.StringsAt(key, "x5c"), "")))
	b.WriteString(`</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`)
	endpoints := func(elem, path string) {
		for _, binding := range []string{samlPOST, samlRedirect} {
			b.WriteString(`<md:` + elem + ` Binding="` + binding + `" Location="` + xmlAttr(base+path) + `"/>`)
		}
	}
	if engine.BoolAt(app, "settings.signOn.slo.enabled") {
		endpoints("SingleLogoutService", "/slo/saml")
	}
	b.WriteString(`<md:NameIDFormat>` + xmlAttr(format) + `</md:NameIDFormat>`)
	endpoints("SingleSignOnService", "/sso/saml")
	b.WriteString(`</md:IDPSSODescriptor></md:EntityDescriptor>`)
	raw := []byte(b.String())
	// Okta answers application/xml to a client that asks for it (the
	// recordings); the spec documents text/xml, which every other client
	// gets.
	ct := "text/xml"
	if strings.Contains(c.Request().Header.Get("Accept"), "application/xml") {
		ct = "application/xml"
	}
	return engine.Reply{Status: http.StatusOK, Raw: raw, Header: http.Header{"Content-Type": {ct + ";charset=UTF-8"}}}
}

// appPEMBody is a certificate as Okta writes it into metadata: the base64
// DER in lines of 76 characters.
// xmlAttr escapes a value for an XML attribute or text.
func xmlAttr(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
