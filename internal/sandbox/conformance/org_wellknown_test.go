package conformance

import (
	"net/http"
	"slices"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestOrgWellKnown: /.well-known/okta-organization has the recorded shape
// (cell, pipeline, the feature settings, the organization link, no token
// needed), checked against the spec.
func TestOrgWellKnown(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	o.Token = "" // no token needed
	st, _, body := o.do(t, "GET", "/.well-known/okta-organization", nil)
	if st != http.StatusOK {
		t.Fatalf("status %d: %s", st, body)
	}
	v := ahbObj(t, ahbDecode(t, body))
	if engine.Str(v, "pipeline") != "idx" || engine.Str(v, "cell") == "" || engine.Str(v, "_links.organization.href") != o.URL {
		t.Errorf("okta-organization: %v", v)
	}
	for _, k := range []string{"analyticsCollectionEnabled", "bugReportingEnabled", "omEnabled", "pssoEnabled", "desktopMFAEnabled", "itpEnabled", "op4wEnabled"} {
		if _, ok := engine.At(v, "settings."+k).(bool); !ok {
			t.Errorf("settings.%s missing: %v", k, v["settings"])
		}
	}
}

// TestOrgAuthServerMetadata: the org authorization server's metadata
// names the token endpoint the sandbox serves and the scopes its routes
// require. No spec of the Management API documents it (RFC 8414 does).
func TestOrgAuthServerMetadata(t *testing.T) {
	_, base := newTestServer(t, sandbox.Options{})
	r := rawDo(t, base, "", "GET", "/.well-known/oauth-authorization-server", "")
	if r.status != http.StatusOK || r.body["issuer"] != base || r.body["token_endpoint"] != base+"/oauth2/v1/token" {
		t.Fatalf("metadata: %d %v", r.status, r.body)
	}
	var scopes []string
	for _, s := range r.body["scopes_supported"].([]any) {
		scopes = append(scopes, s.(string))
	}
	for _, want := range []string{"okta.groups.read", "okta.users.manage", "okta.apps.read", "openid"} {
		if !slices.Contains(scopes, want) {
			t.Errorf("scopes_supported lacks %s", want)
		}
	}
	if !slices.Contains(r.body["grant_types_supported"].([]any), any("client_credentials")) {
		t.Errorf("grant types %v", r.body["grant_types_supported"])
	}
}

// TestAppsOrgName: the org's name (--org-name) is what generated app
// names and their link keys start with.
func TestAppsOrgName(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{Subdomain: "oie-00"})
	app := o.obj(http.StatusOK, "POST", "/api/v1/apps", map[string]any{"label": "My App!", "signOnMode": "AUTO_LOGIN",
		"settings": map[string]any{"signOn": map[string]any{"loginUrl": "https://login.example.com"}}})
	if engine.Str(app, "name") != "oie-00_myapp_1" || engine.At(app, "visibility.appLinks.oie-00_myapp_1_link") != true {
		t.Fatalf("name %q, links %v", engine.Str(app, "name"), engine.At(app, "visibility.appLinks"))
	}
}
