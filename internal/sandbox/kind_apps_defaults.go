package sandbox

import (
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Per-signOnMode server defaults for applications, written from the
// recorded create/get bodies of real Okta (api-facts §1.2, §6.3 b/c):
// TestAccResourceOktaAppBookmarkApplication_crud (bookmark),
// TestAccResourceOktaAppBasicAuthApplication_crud (template_basic_auth),
// TestAccResourceOktaAdminRoleTargets_crud (template_swa),
// TestAccResourceOktaAppThreeFieldApplication_crud (template_swa3field),
// TestAccResourceOktaAppSecurePasswordStoreApplication_credsSchemes (template_sps),
// TestAccResourceOktaAppAutoLoginApplication_crud (AUTO_LOGIN),
// TestAccDataSourceOktaAppFederatedClaim_read, TestAccDataSourceOktaIdpMetadataSaml_read (SAML_2_0),
// TestAccDataSourceOktaAppOauth_read, TestAccResourceOktaAppOauth_basic,
// TestAccResourceOktaAppOauth_pkce_required, TestAccResourceOktaAppOAuthRoleAssignment_basic,
// TestAccResourceOktaAppOauth_serviceWithJWKS (OPENID_CONNECT web/browser/native/service).

// appMode is what the sandbox knows about one signOnMode.
type appMode struct {
	// templates are the custom-app key names of the mode (SPEC enum on
	// `name`); other names are accepted as OIN catalog apps.
	templates []string
	// generatedName: a custom app of this mode omits `name` and the
	// server generates <subdomain>_<label alnum lowercased>_<n>.
	generatedName bool
	// scheme: credentials carry scheme/revealPassword (SWA family).
	scheme bool
	// signing: "org" (the org's OIDC key), "app" (a per-app key), "" ({}).
	signing string
	// emOptIn: the response carries settings.emOptInStatus.
	emOptIn bool
	// globalLogout: universalLogout is the token-revocation object newer
	// orgs show for OIDC and custom SAML apps; other apps show
	// {"status": "UNSUPPORTED"} (recordings from 2026-04 on).
	globalLogout bool
	// defaults fills the mode's settings (custom reports whether the app
	// is the mode's custom template rather than an OIN catalog app).
	defaults func(c *call, body, cur Obj, custom bool) *apiError
}

var appModes = map[string]appMode{
	"OPENID_CONNECT":        {templates: []string{"oidc_client"}, signing: "org", emOptIn: true, globalLogout: true, defaults: appOIDCDefaults},
	"SAML_2_0":              {generatedName: true, signing: "app", emOptIn: true, globalLogout: true, defaults: appSAMLDefaults},
	"SAML_1_1":              {signing: "app", emOptIn: true},
	"WS_FEDERATION":         {templates: []string{"template_wsfed"}, signing: "app"},
	"BOOKMARK":              {templates: []string{"bookmark"}, defaults: appBookmarkDefaults},
	"BASIC_AUTH":            {templates: []string{"template_basic_auth"}, scheme: true, defaults: appBasicAuthDefaults},
	"BROWSER_PLUGIN":        {templates: []string{"template_swa", "template_swa3field"}, scheme: true, defaults: appSWADefaults},
	"AUTO_LOGIN":            {generatedName: true, scheme: true, defaults: appAutoLoginDefaults},
	"SECURE_PASSWORD_STORE": {templates: []string{"template_sps"}, scheme: true, defaults: appSPSDefaults},
}

// appTemplateMode is the signOnMode of a custom-app template name, or "".
func appTemplateMode(name string) string {
	for mode, m := range appModes {
		if slices.Contains(m.templates, name) {
			return mode
		}
	}
	return ""
}

func appModeNames() []string {
	out := make([]string, 0, len(appModes))
	for k := range appModes {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// appTemplateLinkIDs are the per-definition ids Okta puts at the end of a
// template app's appLinks href (the same for every instance of the
// template; recorded values). Generated-name apps get a per-app "aln" id.
var appTemplateLinkIDs = map[string]string{
	"oidc_client":         "aln177a159h7Zf52X0g8",
	"bookmark":            "2557",
	"template_swa":        "2357",
	"template_swa3field":  "3287",
	"template_basic_auth": "2873",
	"template_sps":        "2355",
	"saasure":             "2",
}

// appCatalogName is the shape of an OIN catalog key (pagerduty, office365).
var appCatalogName = regexp.MustCompile(`^[a-z0-9_]+$`)

// appKid is a JWK thumbprint-shaped key id (43 base64url characters),
// derived from a seed so that it is stable for an org or an app.
func appKid(seed string) string {
	sum := sha256.Sum256([]byte("sandbox-kid:" + seed))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// appOrgKid is the org's OIDC signing key: every OIDC app in an org shows
// the same credentials.signing.kid (recordings).
func appOrgKid(c *call) string { return appKid("org:" + c.o.OrgID) }

// appDefaultLinkName is the visibility.appLinks key Okta gives a new app:
// oidc_client_link for OIDC apps, <name>_link for generated-name apps,
// login for templates and catalog apps (recorded bodies).
func appDefaultLinkName(name string, generated bool) string {
	switch {
	case name == "oidc_client":
		return "oidc_client_link"
	case generated:
		return name + "_link"
	}
	return "login"
}

// appCommonDefaults fills what every app carries (all recorded bodies).
func appCommonDefaults(c *call, body Obj, mode appMode, generated bool) {
	setDefault(body, "accessibility.selfService", false)
	setDefault(body, "accessibility.errorRedirectUrl", nil)
	setDefault(body, "accessibility.loginRedirectUrl", nil)
	setDefault(body, "visibility.autoLaunch", false)
	setDefault(body, "visibility.autoSubmitToolbar", false)
	setDefault(body, "visibility.hide.iOS", false)
	setDefault(body, "visibility.hide.web", false)
	if at(body, "visibility.appLinks") == nil {
		set(body, "visibility.appLinks", Obj{appDefaultLinkName(str(body, "name"), generated): true})
	}
	body["features"] = []any{}
	if mode.globalLogout && (generated || slices.Contains(mode.templates, str(body, "name"))) {
		body["universalLogout"] = Obj{"status": "DISABLED", "supportType": "FULL",
			"identityStack": "NOT_SHARED", "protocol": "GLOBAL_TOKEN_REVOCATION"}
	} else {
		body["universalLogout"] = Obj{"status": "UNSUPPORTED"}
	}
	setDefault(body, "credentials.userNameTemplate.template", "${source.login}")
	setDefault(body, "credentials.userNameTemplate.type", "BUILT_IN")
	setDefault(body, "settings.app", Obj{})
	setDefault(body, "settings.notifications.vpn.network.connection", "DISABLED")
	setDefault(body, "settings.notifications.vpn.message", nil)
	setDefault(body, "settings.notifications.vpn.helpUrl", nil)
	setDefault(body, "settings.manualProvisioning", false)
	setDefault(body, "settings.implicitAssignment", false)
	setDefault(body, "settings.notes.admin", nil)
	setDefault(body, "settings.notes.enduser", nil)
	if mode.emOptIn {
		set(body, "settings.emOptInStatus", "NONE")
	}
	switch mode.signing {
	case "org":
		set(body, "credentials.signing", Obj{"kid": appOrgKid(c)})
	case "app":
		// Each SAML app gets its own signing key (api-facts §6.3 c); the
		// id is assigned before the defaults run.
		set(body, "credentials.signing", Obj{"kid": appKid("app:" + str(body, "id"))})
	default:
		set(body, "credentials.signing", Obj{})
	}
	if mode.scheme {
		setDefault(body, "credentials.scheme", "EDIT_USERNAME_AND_PASSWORD")
		setDefault(body, "credentials.revealPassword", false)
		if str(body, "credentials.userNameTemplate.type") == "CUSTOM" {
			setDefault(body, "credentials.userNameTemplate.pushStatus", "DONT_PUSH")
		}
		// Passwords are write-only: a shared one shows as {} (recorded
		// TestAccResourceOktaAppSharedCredentials_crud); an empty userName
		// is dropped.
		del(body, "credentials.password")
		if str(body, "credentials.scheme") == "SHARED_USERNAME_AND_PASSWORD" {
			set(body, "credentials.password", Obj{})
		}
		if str(body, "credentials.userName") == "" {
			del(body, "credentials.userName")
		}
	}
}

// appRequire answers E0000001 naming the first missing field.
func appRequire(body Obj, paths ...string) *apiError {
	for _, p := range paths {
		if v, ok := at(body, p).(string); !ok || strings.TrimSpace(v) == "" {
			return errValidation(p, p+": The field cannot be left blank")
		}
	}
	return nil
}

// appNullIfEmpty turns optional settings sent as "" into null, as Okta
// answers them (recorded template_swa and template_basic_auth bodies).
func appNullIfEmpty(body Obj, paths ...string) {
	for _, p := range paths {
		if s, ok := at(body, p).(string); !ok || s == "" {
			set(body, p, nil)
		}
	}
}

func appBookmarkDefaults(c *call, body, cur Obj, custom bool) *apiError {
	if !custom {
		return nil
	}
	if err := appRequire(body, "settings.app.url"); err != nil {
		return err
	}
	setDefault(body, "settings.app.requestIntegration", false)
	return nil
}

func appBasicAuthDefaults(c *call, body, cur Obj, custom bool) *apiError {
	if !custom {
		return nil
	}
	if err := appRequire(body, "settings.app.url", "settings.app.authURL"); err != nil {
		return err
	}
	appNullIfEmpty(body, "settings.app.loginUrlRegex")
	return nil
}

func appSWADefaults(c *call, body, cur Obj, custom bool) *apiError {
	if !custom {
		return nil
	}
	if str(body, "name") == "template_swa3field" {
		if err := appRequire(body, "settings.app.targetURL", "settings.app.userNameSelector",
			"settings.app.passwordSelector", "settings.app.buttonSelector"); err != nil {
			return err
		}
		appNullIfEmpty(body, "settings.app.loginUrlRegex", "settings.app.redirectUrl")
		return nil
	}
	if err := appRequire(body, "settings.app.url", "settings.app.usernameField",
		"settings.app.passwordField", "settings.app.buttonField"); err != nil {
		return err
	}
	appNullIfEmpty(body, "settings.app.loginUrlRegex", "settings.app.redirectUrl", "settings.app.checkbox")
	return nil
}

func appSPSDefaults(c *call, body, cur Obj, custom bool) *apiError {
	if !custom {
		return nil
	}
	if err := appRequire(body, "settings.app.url", "settings.app.usernameField", "settings.app.passwordField"); err != nil {
		return err
	}
	for i := 1; i <= 3; i++ {
		n := strconv.Itoa(i)
		setDefault(body, "settings.app.optionalField"+n, nil)
		setDefault(body, "settings.app.optionalField"+n+"Value", nil)
	}
	return nil
}

func appAutoLoginDefaults(c *call, body, cur Obj, custom bool) *apiError {
	if !custom {
		return nil
	}
	if err := appRequire(body, "settings.signOn.loginUrl"); err != nil {
		return err
	}
	appNullIfEmpty(body, "settings.signOn.redirectUrl")
	return nil
}

// appSAMLDefaults fills a custom SAML 2.0 app's signOn block the way the
// recorded responses show it.
func appSAMLDefaults(c *call, body, cur Obj, custom bool) *apiError {
	if !custom {
		return nil
	}
	if _, ok := at(body, "settings.signOn").(map[string]any); !ok {
		return errValidation("settings.signOn", "settings.signOn: The field cannot be left blank")
	}
	if str(body, "settings.signOn.destinationOverride") == "" {
		if err := appRequire(body, "settings.signOn.ssoAcsUrl"); err != nil {
			return err
		}
	}
	if err := appRequire(body, "settings.signOn.audience"); err != nil {
		return err
	}
	so := at(body, "settings.signOn").(map[string]any)
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
	if iss := str(body, "settings.signOn.slo.issuer"); iss != "" && boolAt(body, "settings.signOn.slo.enabled") {
		setDefault(body, "settings.signOn.spIssuer", iss)
	}
	acs := str(body, "settings.signOn.ssoAcsUrl")
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
		{"assertionEncryption", Obj{"enabled": false}},
		{"allowMultipleAcsEndpoints", false},
		{"acsEndpoints", []any{}},
		{"samlSignedRequestEnabled", false},
		{"slo", Obj{"enabled": false}},
	} {
		if _, has := so[d.k]; !has || so[d.k] == nil {
			so[d.k] = d.v
		}
	}
	if stmts, ok := so["attributeStatements"].([]any); ok {
		for _, s := range stmts {
			if m, ok := s.(map[string]any); ok {
				setDefault(m, "namespace", "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified")
			}
		}
	}
	if hooks, ok := so["inlineHooks"].([]any); ok {
		for _, h := range hooks {
			m, _ := h.(map[string]any)
			id, _ := m["id"].(string)
			if id == "" || c.o.get("inlineHooks", "", id) == nil {
				return errValidation("settings.signOn.inlineHooks", "settings.signOn.inlineHooks: Inline hook "+id+" does not exist")
			}
		}
	}
	return nil
}

var appOIDCTypes = []string{"browser", "native", "service", "web"}

// appOIDCDefaults fills settings.oauthClient and credentials.oauthClient.
func appOIDCDefaults(c *call, body, cur Obj, custom bool) *apiError {
	if _, ok := at(body, "settings.oauthClient").(map[string]any); !ok {
		if !custom {
			return nil
		}
		return errValidation("settings.oauthClient", "settings.oauthClient: The field cannot be left blank")
	}
	typ := str(body, "settings.oauthClient.application_type")
	if !slices.Contains(appOIDCTypes, typ) {
		return errValidation("settings.oauthClient.application_type",
			"settings.oauthClient.application_type: '"+typ+"' is not a valid value; allowed: browser, native, service, web")
	}
	if at(body, "settings.oauthClient.grant_types") == nil {
		if typ == "service" {
			set(body, "settings.oauthClient.grant_types", []any{"client_credentials"})
		} else {
			set(body, "settings.oauthClient.grant_types", []any{"authorization_code"})
		}
	}
	grants := stringsAt(body, "settings.oauthClient.grant_types")
	if at(body, "settings.oauthClient.response_types") == nil {
		var rt []string
		if slices.Contains(grants, "authorization_code") {
			rt = append(rt, "code")
		}
		if slices.Contains(grants, "implicit") {
			rt = append(rt, "token", "id_token")
		}
		if slices.Contains(grants, "client_credentials") && !slices.Contains(rt, "token") {
			rt = append(rt, "token")
		}
		set(body, "settings.oauthClient.response_types", anyStrings(rt))
	}
	setDefault(body, "settings.oauthClient.redirect_uris", []any{})
	if typ != "service" && (slices.Contains(grants, "authorization_code") || slices.Contains(grants, "implicit")) &&
		len(stringsAt(body, "settings.oauthClient.redirect_uris")) == 0 {
		return errValidation("settings.oauthClient.redirect_uris",
			"settings.oauthClient.redirect_uris: At least one redirect URI is required for the authorization_code and implicit grant types")
	}
	setDefault(body, "settings.oauthClient.client_uri", nil)
	setDefault(body, "settings.oauthClient.logo_uri", nil)
	setDefault(body, "settings.oauthClient.consent_method", "TRUSTED")
	setDefault(body, "settings.oauthClient.issuer_mode", "ORG_URL")
	setDefault(body, "settings.oauthClient.idp_initiated_login.mode", "DISABLED")
	setDefault(body, "settings.oauthClient.idp_initiated_login.default_scope", []any{})
	setDefault(body, "settings.oauthClient.wildcard_redirect", "DISABLED")
	setDefault(body, "settings.oauthClient.dpop_bound_access_tokens", false)
	setDefault(body, "settings.oauthClient.participate_slo", false)
	if slices.Contains(grants, "refresh_token") {
		// SPEC OpenIdConnectApplicationSettingsRefreshToken: ROTATE is the
		// default for SPAs, STATIC for every other client; recorded ROTATE
		// settings carry leeway 30.
		if typ == "browser" {
			setDefault(body, "settings.oauthClient.refresh_token.rotation_type", "ROTATE")
		} else {
			setDefault(body, "settings.oauthClient.refresh_token.rotation_type", "STATIC")
		}
		if str(body, "settings.oauthClient.refresh_token.rotation_type") == "ROTATE" {
			setDefault(body, "settings.oauthClient.refresh_token.leeway", jsonInt(30))
		} else {
			del(body, "settings.oauthClient.refresh_token.leeway")
		}
	}
	if str(body, "settings.oauthClient.frontchannel_logout_uri") != "" {
		setDefault(body, "settings.oauthClient.frontchannel_logout_session_required", false)
	}
	if slices.Contains(grants, "urn:openid:params:grant-type:ciba") {
		setDefault(body, "settings.oauthClient.backchannel_token_delivery_mode", "poll")
	}
	// Registered public keys get an id (pks…) and use: null, as recorded.
	if keys, ok := at(body, "settings.oauthClient.jwks.keys").([]any); ok {
		prev := map[string]string{}
		if cur != nil {
			if ck, ok := at(cur, "settings.oauthClient.jwks.keys").([]any); ok {
				for _, k := range ck {
					if m, ok := k.(map[string]any); ok {
						kid, _ := m["kid"].(string)
						id, _ := m["id"].(string)
						prev[kid] = id
					}
				}
			}
		}
		for _, k := range keys {
			m, ok := k.(map[string]any)
			if !ok {
				return errMalformed()
			}
			kid, _ := m["kid"].(string)
			if id, _ := m["id"].(string); id == "" {
				if p := prev[kid]; p != "" {
					m["id"] = p
				} else {
					m["id"] = c.o.newID("pks")
				}
			}
			setDefault(m, "status", "ACTIVE")
			if _, has := m["use"]; !has {
				m["use"] = nil
			}
		}
	}

	method := str(body, "credentials.oauthClient.token_endpoint_auth_method")
	if method == "" {
		method = "client_secret_basic"
		set(body, "credentials.oauthClient.token_endpoint_auth_method", method)
	}
	known := []string{"client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none"}
	if !slices.Contains(known, method) {
		return errValidation("credentials.oauthClient.token_endpoint_auth_method",
			"credentials.oauthClient.token_endpoint_auth_method: '"+method+"' is not a valid value")
	}
	if method == "private_key_jwt" && at(body, "settings.oauthClient.jwks") == nil && str(body, "settings.oauthClient.jwks_uri") == "" {
		return errValidation("settings.oauthClient.jwks",
			"settings.oauthClient.jwks: A JWKS or a JWKS URI is required for the private_key_jwt client authentication method")
	}
	setDefault(body, "credentials.oauthClient.autoKeyRotation", true)
	setDefault(body, "credentials.oauthClient.pkce_required", method == "none")
	return nil
}

// appNeedsSecret reports the client authentication methods that use a
// client secret (api-facts §1.2; recorded clientCredentials links).
func appNeedsSecret(o Obj) bool {
	switch str(o, "credentials.oauthClient.token_endpoint_auth_method") {
	case "client_secret_basic", "client_secret_post", "client_secret_jwt":
		return true
	}
	return false
}

// appGeneratedName returns <subdomain>_<label lowercased, non-alnum
// stripped>_<n>, with n counting every app ever created from that base
// (real names such as oie-00_testacc987182423_40 show a counter that
// survives deletes). The counter lives in the org's appNameSeq table.
func appGeneratedName(c *call, label string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(label) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	base := c.o.Sub + "_" + b.String()
	seq := c.o.get("appNameSeq", "", base)
	n := 0
	if seq != nil {
		n, _ = intAt(seq, "n")
	}
	for {
		n++
		name := base + "_" + strconv.Itoa(n)
		if c.o.find("apps", "", func(o Obj) bool { return str(o, "name") == name }) == nil {
			c.o.put("appNameSeq", "", base, Obj{"id": base, "n": jsonInt(n)})
			return name
		}
	}
}
