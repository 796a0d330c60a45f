package idps

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Identity providers (api-facts §1.5). The server fills in a good deal, and
// the shape depends on the type; everything below is as the recordings show
// (VCR TestAccResourceOktaIdpSaml_crud, _minimal_example, IdpOidc_crud,
// IdpOidc_pkce_required, IdpOidc_algorithm, IdpSocial_crud):
//   - policy: provisioning {action AUTO, profileMaster false, groups
//     {action NONE}, conditions {deprovisioned, suspended: {action NONE}}},
//     accountLink {action AUTO, filter null}, subject {userNameTemplate
//     idpuser.email, filter null, matchType USERNAME, matchAttribute null},
//     maxClockSkew 0, transformedUsernameMatchingEnabled false, and for SAML2
//     and OIDC trustClaims false;
//   - SAML2: the trust key must be in the IdP key store; the SP audience
//     (https://www.okta.com/saml2/service-provider/sp…) is generated; trust
//     gets revocation null and revocationCacheLifetime 0; signing.kid is the
//     org's IdP signing key (the same for every SAML IdP of an org); no
//     issuerMode is returned;
//   - OIDC: endpoints get their bindings, settings becomes {nameFormat:
//     null} (+ participateSlo), request algorithms that are not JWS ones are
//     dropped;
//   - social types (GOOGLE, FACEBOOK, MICROSOFT, LINKEDIN) get the
//     provider's fixed endpoints;
//   - client secrets are returned in clear, pkce_required: null is dropped;
//   - _links have no self: SAML2 IdPs link metadata, acs, users and the
//     lifecycle; the others only authorize and clientRedirectUri;
//   - the PUT answer carries created: null (the GET after it does not).
var idpsRes = &engine.Resource{
	Name: engine.TableIdPs, TypeName: "IdentityProvider", Prefix: "0oa", Area: "idps",
	Events: &engine.Events{Type: "IdentityProvider", Create: "system.idp.lifecycle.create", Update: "system.idp.lifecycle.update", Delete: "system.idp.lifecycle.delete", Activate: "system.idp.lifecycle.activate", Deactivate: "system.idp.lifecycle.deactivate"},
	Coll:   "/api/v1/idps", IDParam: "idpId",
	Page:         engine.PageSpec{Def: 20, Max: 200, Cursor: true},
	CreateStatus: http.StatusOK, DeleteStatus: http.StatusNoContent, UpdateMethod: http.MethodPut,
	Life: engine.Lifecycle{Enabled: true, Reply: engine.ReplyObject},
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "type", Type: engine.TString, Required: true},
		{Path: "issuerMode", Type: engine.TString, Enum: []string{"ORG_URL", "CUSTOM_URL", "DYNAMIC"}},
		{Path: "protocol", Type: engine.TObject, Required: true},
		{Path: "protocol.type", Type: engine.TString},
		{Path: "protocol.scopes", Type: engine.TArray},
		{Path: "protocol.endpoints", Type: engine.TObject},
		{Path: "protocol.settings", Type: engine.TObject},
		{Path: "protocol.algorithms", Type: engine.TObject},
		{Path: "protocol.issuer", Type: engine.TObject},
		{Path: "protocol.credentials", Type: engine.TObject},
		{Path: "protocol.credentials.client", Type: engine.TObject},
		{Path: "protocol.credentials.client.client_id", Type: engine.TString},
		{Path: "protocol.credentials.client.client_secret", Type: engine.TString},
		{Path: "protocol.credentials.client.pkce_required", Type: engine.TBool},
		{Path: "protocol.credentials.trust", Type: engine.TObject},
		{Path: "protocol.credentials.trust.kid", Type: engine.TString},
		{Path: "protocol.credentials.trust.additionalKids", Type: engine.TArray},
		{Path: "protocol.credentials.signing", Type: engine.TObject},
		{Path: "policy", Type: engine.TObject},
		{Path: "policy.provisioning", Type: engine.TObject},
		{Path: "policy.provisioning.action", Type: engine.TString, Enum: []string{"AUTO", "CALLOUT", "DISABLED"}},
		{Path: "policy.provisioning.profileMaster", Type: engine.TBool},
		{Path: "policy.provisioning.conditions", Type: engine.TObject},
		{Path: "policy.provisioning.groups", Type: engine.TObject},
		{Path: "policy.provisioning.groups.action", Type: engine.TString, Enum: []string{"NONE", "APPEND", "ASSIGN", "SYNC"}},
		{Path: "policy.provisioning.groups.assignments", Type: engine.TArray},
		{Path: "policy.provisioning.groups.filter", Type: engine.TArray},
		{Path: "policy.accountLink", Type: engine.TObject},
		{Path: "policy.accountLink.action", Type: engine.TString, Enum: []string{"AUTO", "DISABLED"}},
		{Path: "policy.accountLink.filter", Type: engine.TObject},
		{Path: "policy.subject", Type: engine.TObject},
		{Path: "policy.subject.userNameTemplate", Type: engine.TObject},
		{Path: "policy.subject.matchType", Type: engine.TString, Enum: []string{"USERNAME", "EMAIL", "USERNAME_OR_EMAIL", "CUSTOM_ATTRIBUTE"}},
		{Path: "policy.maxClockSkew", Type: engine.TNumber},
		{Path: "policy.trustClaims", Type: engine.TBool},
	},
}

// idpTypes are the IdP types Okta knows (SPEC IdentityProviderType, v5.0.2
// and v5.1.0 together).
var idpTypes = []string{
	"SAML2", "OIDC", "X509", "GOOGLE", "FACEBOOK", "MICROSOFT", "APPLE", "LINKEDIN", "GITHUB", "GITLAB",
	"AMAZON", "DISCORD", "PAYPAL", "PAYPAL_SANDBOX", "SALESFORCE", "SPOTIFY", "XERO", "YAHOO", "YAHOOJP",
	"LOGINGOV", "LOGINGOV_SANDBOX", "OKTA_INTEGRATION", "IDV_PERSONA", "IDV_CLEAR", "IDV_INCODE",
	"IDV_STANDARD", "AgentlessDSSO", "IWA", "OKTA",
}

// idpSocial holds the fixed protocol of the social providers the sandbox
// models: protocol type and authorization/token endpoints (VCR
// TestAccResourceOktaIdpSocial_crud).
var idpSocial = map[string]struct{ protocol, authorize, token string }{
	"GOOGLE":    {"OIDC", "https://accounts.google.com/o/oauth2/auth", "https://www.googleapis.com/oauth2/v3/token"},
	"FACEBOOK":  {"OAUTH2", "https://www.facebook.com/dialog/oauth", "https://graph.facebook.com/v2.8/oauth/access_token"},
	"MICROSOFT": {"OIDC", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize", "https://login.microsoftonline.com/common/oauth2/v2.0/token"},
	"LINKEDIN":  {"OAUTH2", "https://www.linkedin.com/oauth/v2/authorization", "https://www.linkedin.com/oauth/v2/accessToken"},
}

// idpJWSAlgorithms are the request-signature algorithms an OIDC IdP keeps;
// anything else (a SAML "SHA-256") is silently dropped (VCR
// TestAccResourceOktaIdpOidc_algorithm).
var idpJWSAlgorithms = []string{"HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512"}

func init() {
	idpsRes.Prepare = prepareIdP
	idpsRes.Filter = filterIdPs
	idpsRes.Links = idpLinks
	engine.Register(engine.Module{
		Name: "idps", Phase: 25,
		Routes: func(rt *engine.Router) { idpsRes.InstallWithPut(rt, idpHandleReplace) },
		Sample: sampleIdPs,
		Generate: func(c *engine.Call, n int) error {
			for i := 1; i <= n; i++ {
				host := fmt.Sprintf("https://login%05d.example.com", i)
				if _, err := idpsRes.Insert(c, "", OIDCBody(fmt.Sprintf("gen-idp-%05d", i), host,
					fmt.Sprintf("gen-client-%05d", i), c.Org.Secret(40)), nil); err != nil {
					return err
				}
			}
			return nil
		},
	})
}

// idpHandleReplace is PUT /api/v1/idps/{idpId}. Okta's answer to it carries
// created: null; a GET afterwards has the real value.
func idpHandleReplace(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	obj, err := idpsRes.Replace(c, "", c.Param("idpId"), body)
	if err != nil {
		return engine.Fail(err)
	}
	out := idpsRes.Render(c, "", obj)
	out["created"] = nil
	return engine.OK(out)
}

func prepareIdP(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	typ := engine.Str(body, "type")
	if !slices.Contains(idpTypes, typ) {
		return engine.ErrValidation("type", fmt.Sprintf("type: '%s' is not a valid identity provider type", typ))
	}
	if cur != nil && typ != engine.Str(cur, "type") {
		return engine.ErrValidation("type", "type: The type of an identity provider can't be changed")
	}
	name := strings.TrimSpace(engine.Str(body, "name"))
	if name == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	if len([]rune(name)) > 100 {
		return engine.ErrValidation("name", "name: The field cannot exceed 100 characters")
	}
	dup := c.Org.Find(engine.TableIdPs, "", func(o engine.Obj) bool {
		return strings.EqualFold(engine.Str(o, "name"), name) && (cur == nil || engine.Str(o, "id") != engine.Str(cur, "id"))
	})
	if dup != nil {
		return engine.ErrValidation("name", "name: An identity provider with this name already exists")
	}
	if err := idpPreparePolicy(c, body); err != nil {
		return err
	}
	if engine.At(body, "protocol.credentials.client.pkce_required") == nil {
		engine.Del(body, "protocol.credentials.client.pkce_required")
	}
	ptype := engine.Str(body, "protocol.type")
	social, isSocial := idpSocial[typ]
	switch {
	case typ == "SAML2" || typ == "OIDC":
		if ptype == "" {
			engine.Set(body, "protocol.type", typ)
		} else if ptype != typ {
			return engine.ErrValidation("protocol.type", fmt.Sprintf("protocol.type: '%s' is not a valid protocol for a %s identity provider", ptype, typ))
		}
	case isSocial:
		if ptype == "" {
			engine.Set(body, "protocol.type", social.protocol)
		}
	case ptype == "":
		return engine.ErrValidation("protocol.type", "protocol.type: The field cannot be left blank")
	}
	switch {
	case typ == "SAML2":
		return idpPrepareSAML(c, body, cur)
	case typ == "OIDC":
		return idpPrepareOIDC(body)
	case isSocial:
		return idpPrepareSocial(body, social.authorize, social.token)
	}
	engine.SetDefault(body, "issuerMode", "ORG_URL")
	return nil
}

func idpPreparePolicy(c *engine.Call, body engine.Obj) *engine.APIError {
	if body["policy"] == nil {
		body["policy"] = engine.Obj{}
	}
	engine.SetDefault(body, "policy.provisioning.action", "AUTO")
	engine.SetDefault(body, "policy.provisioning.profileMaster", false)
	engine.SetDefault(body, "policy.provisioning.groups.action", "NONE")
	engine.SetDefault(body, "policy.provisioning.conditions.deprovisioned.action", "NONE")
	engine.SetDefault(body, "policy.provisioning.conditions.suspended.action", "NONE")
	engine.SetDefault(body, "policy.accountLink.action", "AUTO")
	engine.SetDefault(body, "policy.accountLink.filter", nil)
	engine.SetDefault(body, "policy.subject.userNameTemplate.template", "idpuser.email")
	engine.SetDefault(body, "policy.subject.filter", nil)
	engine.SetDefault(body, "policy.subject.matchType", "USERNAME")
	engine.SetDefault(body, "policy.subject.matchAttribute", nil)
	engine.SetDefault(body, "policy.maxClockSkew", engine.JSONInt(0))
	engine.SetDefault(body, "policy.transformedUsernameMatchingEnabled", false)
	if t := engine.Str(body, "type"); t == "SAML2" || t == "OIDC" {
		engine.SetDefault(body, "policy.trustClaims", false)
	}
	if engine.Str(body, "policy.subject.matchType") == "CUSTOM_ATTRIBUTE" && engine.Str(body, "policy.subject.matchAttribute") == "" {
		return engine.ErrValidation("policy.subject.matchAttribute",
			"policy.subject.matchAttribute: A match attribute is required when matchType is CUSTOM_ATTRIBUTE")
	}
	if engine.Str(body, "policy.provisioning.groups.action") == "ASSIGN" && len(engine.StringsAt(body, "policy.provisioning.groups.assignments")) == 0 {
		return engine.ErrValidation("policy.provisioning.groups.assignments",
			"policy.provisioning.groups.assignments: At least one group is required for the ASSIGN action")
	}
	for _, path := range []string{
		"policy.provisioning.groups.assignments",
		"policy.provisioning.groups.filter",
		"policy.accountLink.filter.groups.include",
	} {
		for _, id := range engine.StringsAt(body, path) {
			if c.Org.Get(engine.TableGroups, "", id) == nil {
				return engine.ErrValidation(path, fmt.Sprintf("%s: Group %s does not exist", path, id))
			}
		}
	}
	return nil
}

func idpRequire(body engine.Obj, paths ...string) *engine.APIError {
	for _, p := range paths {
		if strings.TrimSpace(engine.Str(body, p)) == "" {
			return engine.ErrValidation(p, p+": The field cannot be left blank")
		}
	}
	return nil
}

func idpPrepareSAML(c *engine.Call, body, cur engine.Obj) *engine.APIError {
	if err := idpRequire(body, "protocol.credentials.trust.kid", "protocol.credentials.trust.issuer", "protocol.endpoints.sso.url"); err != nil {
		return err
	}
	kids := append([]string{engine.Str(body, "protocol.credentials.trust.kid")}, engine.StringsAt(body, "protocol.credentials.trust.additionalKids")...)
	for _, kid := range kids {
		if c.Org.Get("idpKeys", "", kid) == nil {
			return engine.ErrValidation("protocol.credentials.trust.kid",
				"protocol.credentials.trust.kid: The key "+kid+" is not in the IdP key store")
		}
	}
	delete(body, "issuerMode") // not part of a SAML IdP (VCR TestAccResourceOktaIdpSaml_crud)
	if engine.Str(body, "protocol.credentials.trust.audience") == "" {
		aud := engine.Str(cur, "protocol.credentials.trust.audience")
		if aud == "" {
			aud = idpNewAudience(c.Org)
		}
		engine.Set(body, "protocol.credentials.trust.audience", aud)
	}
	engine.SetDefault(body, "protocol.credentials.trust.revocation", nil)
	engine.SetDefault(body, "protocol.credentials.trust.revocationCacheLifetime", engine.JSONInt(0))
	engine.SetDefault(body, "protocol.credentials.signing.kid", idpSigningKid(c.Org))
	engine.SetDefault(body, "protocol.endpoints.sso.binding", "HTTP-POST")
	engine.SetDefault(body, "protocol.endpoints.acs.binding", "HTTP-POST")
	engine.SetDefault(body, "protocol.endpoints.acs.type", "INSTANCE")
	engine.SetDefault(body, "protocol.algorithms.request.signature.algorithm", "SHA-256")
	engine.SetDefault(body, "protocol.algorithms.request.signature.scope", "REQUEST")
	engine.SetDefault(body, "protocol.algorithms.response.signature.algorithm", "SHA-256")
	engine.SetDefault(body, "protocol.algorithms.response.signature.scope", "ANY")
	// The digest of signed requests (recorded from 2026-05 on,
	// TestAccResourceOktaIdpSaml_account_link_auto#9).
	engine.SetDefault(body, "protocol.algorithms.request.digest", "SHA-1")
	engine.SetDefault(body, "protocol.settings.nameFormat", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified")
	return nil
}

func idpPrepareOIDC(body engine.Obj) *engine.APIError {
	if err := idpRequire(body, "protocol.endpoints.authorization.url", "protocol.endpoints.token.url",
		"protocol.issuer.url", "protocol.credentials.client.client_id"); err != nil {
		return err
	}
	if err := idpRequireScopes(body); err != nil {
		return err
	}
	engine.SetDefault(body, "issuerMode", "ORG_URL")
	for ep, binding := range map[string]string{
		"authorization": "HTTP-REDIRECT", "token": "HTTP-POST", "userInfo": "HTTP-REDIRECT",
		"jwks": "HTTP-REDIRECT", "slo": "HTTP-REDIRECT",
	} {
		if engine.At(body, "protocol.endpoints."+ep) != nil {
			engine.SetDefault(body, "protocol.endpoints."+ep+".binding", binding)
		}
	}
	if engine.At(body, "protocol.settings") == nil {
		engine.Set(body, "protocol.settings", engine.Obj{})
	}
	engine.Del(body, "protocol.settings.honorPersistentNameId")
	engine.SetDefault(body, "protocol.settings.nameFormat", nil)
	if alg := engine.Str(body, "protocol.algorithms.request.signature.algorithm"); alg != "" && !slices.Contains(idpJWSAlgorithms, alg) {
		delete(body["protocol"].(map[string]any), "algorithms")
	}
	return nil
}

func idpPrepareSocial(body engine.Obj, authorize, token string) *engine.APIError {
	if err := idpRequire(body, "protocol.credentials.client.client_id"); err != nil {
		return err
	}
	if err := idpRequireScopes(body); err != nil {
		return err
	}
	engine.SetDefault(body, "issuerMode", "ORG_URL")
	engine.Set(body, "protocol.endpoints", engine.Obj{
		"authorization": engine.Obj{"url": authorize, "binding": "HTTP-REDIRECT"},
		"token":         engine.Obj{"url": token, "binding": "HTTP-POST"},
	})
	return nil
}

func idpRequireScopes(body engine.Obj) *engine.APIError {
	if len(engine.StringsAt(body, "protocol.scopes")) == 0 {
		return engine.ErrValidation("protocol.scopes", "protocol.scopes: At least one scope is required")
	}
	return nil
}

// idpNewAudience draws the SP entity id Okta generates for a SAML IdP.
func idpNewAudience(o *engine.Org) string {
	b := make([]byte, 18)
	for i := range b {
		b[i] = byte('a' + o.RandIntn(26))
	}
	return "https://www.okta.com/saml2/service-provider/sp" + string(b)
}

// idpSigningKid is the kid of the org's IdP signing key, which every SAML
// IdP of an org shares unless told otherwise (two IdPs created months apart
// in the same org carry the same one in the recordings).
func idpSigningKid(o *engine.Org) string {
	sum := sha256.Sum256([]byte("idp-signing-key:" + o.OrgID))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func filterIdPs(c *engine.Call, _ string, items []engine.Obj) ([]engine.Obj, *engine.APIError) {
	q := c.Query()
	needle := strings.ToLower(q.Get("q"))
	typ := q.Get("type")
	out := items[:0:0]
	for _, o := range items {
		if needle != "" && !strings.Contains(strings.ToLower(engine.Str(o, "name")), needle) {
			continue
		}
		if typ != "" && engine.Str(o, "type") != typ {
			continue
		}
		out = append(out, o)
	}
	return out, nil
}

func idpLinks(c *engine.Call, _ string, o engine.Obj, l engine.Obj) {
	delete(l, "self")
	id := engine.Str(o, "id")
	hint := func(m string) engine.Obj { return engine.Obj{"allow": []any{m}} }
	if engine.Str(o, "type") == "SAML2" {
		l["metadata"] = engine.Obj{"href": c.Base + "/api/v1/idps/" + id + "/metadata.xml", "type": "application/xml", "hints": hint("GET")}
		l["acs"] = engine.Obj{"href": c.Base + "/sso/saml2/" + id, "type": "application/xml", "hints": hint("POST")}
		l["users"] = engine.Obj{"href": c.Base + "/api/v1/idps/" + id + "/users", "hints": hint("GET")}
		return
	}
	delete(l, "activate")
	delete(l, "deactivate")
	l["authorize"] = engine.Obj{
		"href": c.Base + "/oauth2/v1/authorize?idp=" + id +
			"&client_id={clientId}&response_type={responseType}&response_mode={responseMode}" +
			"&scope={scopes}&redirect_uri={redirectUri}&state={state}&nonce={nonce}",
		"templated": true, "hints": hint("GET"),
	}
	l["clientRedirectUri"] = engine.Obj{"href": c.Base + "/oauth2/v1/authorize/callback", "hints": hint("POST")}
}
