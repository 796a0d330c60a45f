package apps

import (
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
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
	defaults func(c *engine.Call, body, cur engine.Obj, custom bool) *engine.APIError
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
func appOrgKid(c *engine.Call) string { return appKid("org:" + c.Org.OrgID) }

// appDefaultLinkName is the visibility.appLinks key Okta gives a new app:
// oidc_client_link for custom OIDC apps, <name>_link for generated-name
// apps and OIN OIDC apps (strongdm_link), the catalog's own link for the
// apps that have one (aws_console_login), login for templates and other
// catalog apps (recorded bodies).
func appDefaultLinkName(name, mode string, generated bool) string {
	switch {
	case name == "oidc_client":
		return "oidc_client_link"
	case generated, mode == "OPENID_CONNECT":
		return name + "_link"
	case len(appCatalog[name].links) == 1:
		return appCatalog[name].links[0]
	}
	return "login"
}

// appCommonDefaults fills what every app carries (all recorded bodies).
func appCommonDefaults(c *engine.Call, body engine.Obj, mode appMode, generated bool) {
	engine.SetDefault(body, "accessibility.selfService", false)
	engine.SetDefault(body, "accessibility.errorRedirectUrl", nil)
	engine.SetDefault(body, "accessibility.loginRedirectUrl", nil)
	engine.SetDefault(body, "visibility.autoLaunch", false)
	engine.SetDefault(body, "visibility.autoSubmitToolbar", false)
	engine.SetDefault(body, "visibility.hide.iOS", false)
	engine.SetDefault(body, "visibility.hide.web", false)
	if engine.At(body, "visibility.appLinks") == nil {
		engine.Set(body, "visibility.appLinks", engine.Obj{appDefaultLinkName(engine.Str(body, "name"), engine.Str(body, "signOnMode"), generated): true})
	}
	body["features"] = []any{}
	if mode.globalLogout && (generated || slices.Contains(mode.templates, engine.Str(body, "name"))) {
		body["universalLogout"] = engine.Obj{"status": "DISABLED", "supportType": "FULL",
			"identityStack": "NOT_SHARED", "protocol": "GLOBAL_TOKEN_REVOCATION"}
	} else {
		body["universalLogout"] = engine.Obj{"status": "UNSUPPORTED"}
	}
	engine.SetDefault(body, "credentials.userNameTemplate.template", "${source.login}")
	engine.SetDefault(body, "credentials.userNameTemplate.type", "BUILT_IN")
	engine.SetDefault(body, "settings.app", engine.Obj{})
	engine.SetDefault(body, "settings.notifications.vpn.network.connection", "DISABLED")
	engine.SetDefault(body, "settings.notifications.vpn.message", nil)
	engine.SetDefault(body, "settings.notifications.vpn.helpUrl", nil)
	engine.SetDefault(body, "settings.manualProvisioning", false)
	engine.SetDefault(body, "settings.implicitAssignment", false)
	engine.SetDefault(body, "settings.notes.admin", nil)
	engine.SetDefault(body, "settings.notes.enduser", nil)
	if mode.emOptIn {
		engine.Set(body, "settings.emOptInStatus", "NONE")
	}
	switch mode.signing {
	case "org":
		engine.Set(body, "credentials.signing", engine.Obj{"kid": appOrgKid(c)})
	case "app":
		// Each SAML app gets its own signing key (api-facts §6.3 c); the
		// id is assigned before the defaults run. An update keeps the kid
		// prepareApp chose.
		kid := engine.Str(body, "credentials.signing.kid")
		if kid == "" {
			kid = appKid("app:" + engine.Str(body, "id"))
		}
		engine.Set(body, "credentials.signing", engine.Obj{"kid": kid})
	default:
		engine.Set(body, "credentials.signing", engine.Obj{})
	}
	if mode.scheme {
		engine.SetDefault(body, "credentials.scheme", "EDIT_USERNAME_AND_PASSWORD")
		engine.SetDefault(body, "credentials.revealPassword", false)
		if engine.Str(body, "credentials.userNameTemplate.type") == "CUSTOM" {
			engine.SetDefault(body, "credentials.userNameTemplate.pushStatus", "DONT_PUSH")
		}
		// Passwords are write-only: a shared one shows as {} (recorded
		// TestAccResourceOktaAppSharedCredentials_crud); an empty userName
		// is dropped.
		engine.Del(body, "credentials.password")
		if engine.Str(body, "credentials.scheme") == "SHARED_USERNAME_AND_PASSWORD" {
			engine.Set(body, "credentials.password", engine.Obj{})
		}
		if engine.Str(body, "credentials.userName") == "" {
			engine.Del(body, "credentials.userName")
		}
	}
}

// appRequire answers E0000001 naming the first missing field.
func appRequire(body engine.Obj, paths ...string) *engine.APIError {
	for _, p := range paths {
		if v, ok := engine.At(body, p).(string); !ok || strings.TrimSpace(v) == "" {
			return engine.ErrValidation(p, p+": The field cannot be left blank")
		}
	}
	return nil
}

// appNullIfEmpty turns optional settings sent as "" into null, as Okta
// answers them (recorded template_swa and template_basic_auth bodies).
func appNullIfEmpty(body engine.Obj, paths ...string) {
	for _, p := range paths {
		if s, ok := engine.At(body, p).(string); !ok || s == "" {
			engine.Set(body, p, nil)
		}
	}
}

func appBookmarkDefaults(c *engine.Call, body, cur engine.Obj, custom bool) *engine.APIError {
	if !custom {
		return nil
	}
	if err := appRequire(body, "settings.app.url"); err != nil {
		return err
	}
	engine.SetDefault(body, "settings.app.requestIntegration", false)
	return nil
}

func appBasicAuthDefaults(c *engine.Call, body, cur engine.Obj, custom bool) *engine.APIError {
	if !custom {
		return nil
	}
	if err := appRequire(body, "settings.app.url", "settings.app.authURL"); err != nil {
		return err
	}
	appNullIfEmpty(body, "settings.app.loginUrlRegex")
	return nil
}

func appSWADefaults(c *engine.Call, body, cur engine.Obj, custom bool) *engine.APIError {
	if !custom {
		return nil
	}
	if engine.Str(body, "name") == "template_swa3field" {
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

func appSPSDefaults(c *engine.Call, body, cur engine.Obj, custom bool) *engine.APIError {
	if !custom {
		return nil
	}
	if err := appRequire(body, "settings.app.url", "settings.app.usernameField", "settings.app.passwordField"); err != nil {
		return err
	}
	for i := 1; i <= 3; i++ {
		n := strconv.Itoa(i)
		engine.SetDefault(body, "settings.app.optionalField"+n, nil)
		engine.SetDefault(body, "settings.app.optionalField"+n+"Value", nil)
	}
	return nil
}

func appAutoLoginDefaults(c *engine.Call, body, cur engine.Obj, custom bool) *engine.APIError {
	if !custom {
		return nil
	}
	if err := appRequire(body, "settings.signOn.loginUrl"); err != nil {
		return err
	}
	appNullIfEmpty(body, "settings.signOn.redirectUrl")
	return nil
}

// appGeneratedName returns <subdomain>_<label lowercased, non-alnum
// stripped>_<n>, with n counting every app ever created from that base
// (real names such as oie-00_testacc987182423_40 show a counter that
// survives deletes). The counter lives in the org's appNameSeq table.
func appGeneratedName(c *engine.Call, label string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(label) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	base := c.Org.Sub + "_" + b.String()
	seq := c.Org.Get("appNameSeq", "", base)
	n := 0
	if seq != nil {
		n, _ = engine.IntAt(seq, "n")
	}
	for {
		n++
		name := base + "_" + strconv.Itoa(n)
		if c.Org.Find(engine.TableApps, "", func(o engine.Obj) bool { return engine.Str(o, "name") == name }) == nil {
			c.Org.Put("appNameSeq", "", base, engine.Obj{"id": base, "n": engine.JSONInt(n)})
			return name
		}
	}
}
