package apps

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// appSAMLDefaults fills a custom SAML 2.0 app's signOn block the way the
// recorded responses show it.
func appSAMLDefaults(c *engine.Call, body, cur engine.Obj, custom bool) *engine.APIError {
	if !custom {
		return nil
	}
	if _, ok := engine.At(body, "settings.signOn").(map[string]any); !ok {
		return engine.ErrValidation("settings.signOn", "settings.signOn: The field cannot be left blank")
	}
	if engine.Str(body, "settings.signOn.destinationOverride") == "" {
		if err := appRequire(body, "settings.signOn.ssoAcsUrl"); err != nil {
			return err
		}
	}
	if err := appRequire(body, "settings.signOn.audience"); err != nil {
		return err
	}
	so := engine.At(body, "settings.signOn").(map[string]any)
	for _, k := range []string{"ssoAcsUrlOverride", "audienceOverride", "recipientOverride", "destinationOverride"} {
		if s, _ := so[k].(string); s == "" {
			delete(so, k)
		}
	}
	// Newer orgs answer an empty defaultRelayState as null; spIssuer is
	// the SLO issuer when single logout is configured (recorded bodies).
	if s, _ := so["defaultRelayState"].(string); s == "" {
		so["defaultRelayState"] = nil
	}
	if iss := engine.Str(body, "settings.signOn.slo.issuer"); iss != "" && engine.BoolAt(body, "settings.signOn.slo.enabled") {
		engine.SetDefault(body, "settings.signOn.spIssuer", iss)
	}
	acs := engine.Str(body, "settings.signOn.ssoAcsUrl")
	for _, d := range []struct {
		k string
		v any
	}{
		{"defaultRelayState", nil},
		{"idpIssuer", "http://www.okta.com/${org.externalKey}"},
		{"recipient", acs},
		{"destination", acs},
		{"subjectNameIdTemplate", "${user.userName}"},
		{"subjectNameIdFormat", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"},
		{"responseSigned", true},
		{"assertionSigned", true},
		{"signatureAlgorithm", "RSA_SHA256"},
		{"digestAlgorithm", "SHA256"},
		{"honorForceAuthn", true},
		{"authnContextClassRef", "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"},
		{"spIssuer", nil},
		{"requestCompressed", false},
		{"attributeStatements", []any{}},
		{"inlineHooks", []any{}},
		{"assertionEncryption", engine.Obj{"enabled": false}},
		{"allowMultipleAcsEndpoints", false},
		{"acsEndpoints", []any{}},
		{"samlSignedRequestEnabled", false},
		{"slo", engine.Obj{"enabled": false}},
	} {
		if _, has := so[d.k]; !has || so[d.k] == nil {
			so[d.k] = d.v
		}
	}
	if stmts, ok := so["attributeStatements"].([]any); ok {
		for _, s := range stmts {
			if m, ok := s.(map[string]any); ok {
				engine.SetDefault(m, "namespace", "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified")
			}
		}
	}
	if hooks, ok := so["inlineHooks"].([]any); ok {
		for _, h := range hooks {
			m, _ := h.(map[string]any)
			delete(m, "_links") // rendered, not stored (samlInlineHookLinks)
			id, _ := m["id"].(string)
			if id == "" || c.Org.Get(engine.TableInlineHooks, "", id) == nil {
				return engine.ErrValidation("settings.signOn.inlineHooks", "settings.signOn.inlineHooks: Inline hook "+id+" does not exist")
			}
		}
	}
	return nil
}

// samlInlineHookLinks gives each of a SAML app's inline hooks its
// _links.self, as Okta renders settings.signOn.inlineHooks[] (VCR
// TestAccResourceOktaAppSaml_inlineHook); the stored app keeps the ids only.
func samlInlineHookLinks(c *engine.Call, _ string, out engine.Obj) {
	hooks, _ := engine.At(out, "settings.signOn.inlineHooks").([]any)
	for _, h := range hooks {
		if m, ok := h.(map[string]any); ok && engine.Str(m, "id") != "" {
			m["_links"] = engine.Obj{"self": engine.Obj{"href": c.Base + "/api/v1/inlineHooks/" + engine.Str(m, "id"),
				"hints": engine.Obj{"allow": []any{"GET", "PUT", "DELETE"}}}}
		}
	}
}
