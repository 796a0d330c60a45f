package apps

import (
	"maps"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// What the sandbox knows about particular OIN catalog apps, from their
// recorded create answers. Any other catalog name is accepted with the
// common defaults.
type catalogApp struct {
	// modes maps the signOnMode a client asks for to the one Okta
	// answers: the plugin-based SWA apps are BROWSER_PLUGIN whatever the
	// client says (office365, aws_console requested as AUTO_LOGIN).
	modes map[string]string
	// links are the app's visibility.appLinks keys; a requested key the
	// app doesn't have is dropped (office365 has no `video`). nil: the
	// default link.
	links []string
	// appSettings are settings.app properties the app always shows,
	// null when the client leaves them out.
	appSettings []string
	// extras are set on every answer (licensing, Okta-managed logout).
	extras engine.Obj
	// check refuses configurations Okta refuses.
	check func(body engine.Obj) *engine.APIError
}

var appCatalog = map[string]catalogApp{
	// TestAccResourceOktaAppSwaApplication_appSettingsJSON#0,
	// TestAccResourceOktaAppSaml_preconfigured#0.
	"office365": {
		modes: map[string]string{"AUTO_LOGIN": "BROWSER_PLUGIN"},
		links: []string{"calendar", "crm", "delve", "excel", "forms", "login", "mail", "newsfeed", "onedrive", "people",
			"planner", "powerbi", "powerpoint", "sites", "sway", "tasks", "teams", "word", "yammer"},
		appSettings: []string{"tenantType", "occSettings", "office365ProvisioningType", "office365FlexibleProvisioningMode"},
		extras: engine.Obj{
			"licensing":              engine.Obj{"seatCount": engine.JSONInt(0)},
			"universalLogout":        engine.Obj{"status": "DISABLED", "supportType": "PARTIAL", "identityStack": "SHARED", "protocol": "PROPRIETARY"},
			"settings.emOptInStatus": "NONE",
		},
		check: func(body engine.Obj) *engine.APIError {
			if engine.Str(body, "signOnMode") == "SAML_1_1" && engine.Str(body, "settings.app.wsFedConfigureType") == "AUTO" &&
				!engine.BoolAt(body, "settings.app.requireAdminConsent") {
				return engine.ErrValidation("settings", "In order to continue using WS-FED Auto for SSO, you must grant admin consent.")
			}
			return nil
		},
	},
	// TestAccResourceOktaAppSwaApplication_preconfig#0.
	"aws_console": {modes: map[string]string{"AUTO_LOGIN": "BROWSER_PLUGIN"}, links: []string{"aws_console_login"}},
	// TestAccResourceOktaAppSaml_crud#26, #43.
	"pagerduty":            {appSettings: []string{"adminUserId"}},
	"sharepoint_onpremise": {appSettings: []string{"attributeStatements"}},
	// TestAccResourceOktaAppOauth_preconfigured#0.
	"strongdm": {appSettings: []string{"base_url"}},
}

// catalogMode is the signOnMode Okta gives a catalog app the client asked
// for with mode.
func catalogMode(name, mode string) string {
	if m := appCatalog[name].modes[mode]; m != "" {
		return m
	}
	return mode
}

// catalogDefaults applies a catalog app's own answers to the body.
func catalogDefaults(body engine.Obj) *engine.APIError {
	cat, ok := appCatalog[engine.Str(body, "name")]
	if !ok {
		return nil
	}
	if cat.check != nil {
		if err := cat.check(body); err != nil {
			return err
		}
	}
	for _, k := range cat.appSettings {
		engine.SetDefault(body, "settings.app."+k, nil)
	}
	for k, v := range cat.extras {
		engine.Set(body, k, engine.Clone(v))
	}
	if cat.links != nil {
		if vis, ok := engine.At(body, "visibility.appLinks").(map[string]any); ok {
			known := map[string]bool{}
			for _, l := range cat.links {
				known[l] = true
			}
			maps.DeleteFunc(vis, func(k string, _ any) bool { return !known[k] })
		}
	}
	return nil
}
