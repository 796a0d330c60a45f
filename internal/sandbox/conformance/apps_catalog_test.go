package conformance

import (
	"net/http"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestAppsCatalog: the OIN apps whose answers are recorded get what Okta
// gives them (office365 and aws_console are BROWSER_PLUGIN apps whatever
// mode a client asks for; office365's licensing, logout and link set;
// the catalog settings shown as null), and the refusals recorded for them.
func TestAppsCatalog(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	links := engine.Obj{"login": true, "mail": false, "video": false}
	office := o.obj(http.StatusOK, "POST", "/api/v1/apps", engine.Obj{"name": "office365", "label": "O365", "signOnMode": "AUTO_LOGIN",
		"settings":   engine.Obj{"app": engine.Obj{"domain": "example.com", "msftTenant": "example", "wsFedConfigureType": "AUTO"}},
		"visibility": engine.Obj{"appLinks": links}})
	for path, want := range map[string]any{
		"signOnMode": "BROWSER_PLUGIN", "licensing.seatCount": "0", "universalLogout.protocol": "PROPRIETARY",
		"settings.emOptInStatus": "NONE", "settings.app.tenantType": nil, "visibility.appLinks.video": nil,
		"visibility.appLinks.login": true,
	} {
		got := engine.At(office, path)
		if n, ok := got.(interface{ String() string }); ok {
			got = n.String()
		}
		if got != want {
			t.Errorf("office365 %s = %v, want %v", path, got, want)
		}
	}
	// A PUT with the mode the client knows keeps the app as it is.
	body := engine.CloneObj(office)
	body["signOnMode"] = "AUTO_LOGIN"
	if upd := o.obj(http.StatusOK, "PUT", "/api/v1/apps/"+engine.Str(office, "id"), body); engine.Str(upd, "signOnMode") != "BROWSER_PLUGIN" {
		t.Errorf("after PUT: %s", engine.Str(upd, "signOnMode"))
	}
	aws := o.obj(http.StatusOK, "POST", "/api/v1/apps", engine.Obj{"name": "aws_console", "label": "AWS", "signOnMode": "AUTO_LOGIN"})
	if engine.At(aws, "visibility.appLinks.aws_console_login") != true || engine.Str(aws, "signOnMode") != "BROWSER_PLUGIN" {
		t.Errorf("aws_console: %v %s", engine.At(aws, "visibility.appLinks"), engine.Str(aws, "signOnMode"))
	}
	pd := o.obj(http.StatusOK, "POST", "/api/v1/apps", engine.Obj{"name": "pagerduty", "label": "PD", "signOnMode": "SAML_2_0",
		"settings": engine.Obj{"app": engine.Obj{"subdomain": "acme"}}})
	if v, ok := engine.At(pd, "settings.app").(map[string]any)["adminUserId"]; !ok || v != nil {
		t.Errorf("pagerduty settings.app %v", engine.At(pd, "settings.app"))
	}
	// WS-Fed auto-configuration needs admin consent
	// (TestAccResourceOktaAppSaml_preconfigured#0).
	e := o.fails(false, http.StatusBadRequest, "E0000001", "POST", "/api/v1/apps", engine.Obj{"name": "office365", "label": "O365 SAML", "signOnMode": "SAML_1_1",
		"settings": engine.Obj{"app": engine.Obj{"domain": "example.com", "msftTenant": "example", "wsFedConfigureType": "AUTO", "requireAdminConsent": false}}})
	if ahbCauses(e) != "In order to continue using WS-FED Auto for SSO, you must grant admin consent." {
		t.Errorf("consent refusal: %v", e)
	}
}

// TestAppsAutoLoginInactiveUpdate: a custom AUTO_LOGIN app can't be
// changed while it is INACTIVE (400 E0000024, recorded in
// TestAccResourceOktaAppAutoLoginApplication_crud#5); a template app can.
func TestAppsAutoLoginInactiveUpdate(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	app := o.obj(http.StatusOK, "POST", "/api/v1/apps?activate=false", engine.Obj{"label": "Auto", "signOnMode": "AUTO_LOGIN",
		"settings": engine.Obj{"signOn": engine.Obj{"loginUrl": "https://login.example.com"}}})
	body := engine.CloneObj(app)
	body["label"] = "Auto renamed"
	// The spec lists no 400 for replaceApplication's E0000024 answer
	// beyond the generic 400 Error, which the check accepts.
	o.fails(false, http.StatusBadRequest, "E0000024", "PUT", "/api/v1/apps/"+engine.Str(app, "id"), body)
	o.obj(http.StatusOK, "POST", "/api/v1/apps/"+engine.Str(app, "id")+"/lifecycle/activate", nil)
	if upd := o.obj(http.StatusOK, "PUT", "/api/v1/apps/"+engine.Str(app, "id"), body); engine.Str(upd, "label") != "Auto renamed" {
		t.Fatalf("PUT of the active app: %v", upd["label"])
	}
	swa := o.obj(http.StatusOK, "POST", "/api/v1/apps?activate=false", engine.Obj{"name": "template_swa", "label": "SWA", "signOnMode": "BROWSER_PLUGIN",
		"settings": engine.Obj{"app": engine.Obj{"url": "https://x.example.com", "usernameField": "u", "passwordField": "p", "buttonField": "b"}}})
	swaBody := engine.CloneObj(swa)
	swaBody["label"] = "SWA renamed"
	o.obj(http.StatusOK, "PUT", "/api/v1/apps/"+engine.Str(swa, "id"), swaBody)
}
