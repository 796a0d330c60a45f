package apps

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// An app's default provisioning connection (coverage.md C4; v6.1.0 spec
// getDefaultProvisioningConnectionForApplication, its update, lifecycle
// and the OAuth 2.0 consent callback; VCR TestAccResourceOktaAppConnection_cru,
// TestAccDataSourceOktaAppConnection_read):
//   - every app has one, DISABLED until activated; GET answers {authScheme,
//     status, baseUrl, profile: {authScheme}, _links} with _links.activate
//     while DISABLED and _links.deactivate while ENABLED;
//   - POST …/connections/default ({baseUrl, profile: {authScheme: TOKEN,
//     token}} or {profile: {authScheme: OAUTH2, clientId, settings,
//     signing}}) updates it and answers it; the token is write-only and
//     never returned; ?activate=true also activates it;
//   - lifecycle/activate and /deactivate answer 204. A token connection
//     needs a token to be activated. An OAuth 2.0 connection of an app
//     that needs the admin's consent (office365, google, zoomus, slack:
//     the spec's OAuthProvisioningEnabledApp) answers _links.authorize
//     with the consent URL, and cannot be activated through the API: the
//     consent flow ends with POST /api/v1/apps/{appName}/{appId}/oauth2/callback,
//     which enables it. Other OAuth connections (Org2Org) need a clientId.
//
// Turning provisioning on fills the app's features[] (read-only on the
// app) with the values a SCIM app with group push shows in the recordings,
// and makes its features (features.go); turning it off empties features[].
// That is what lets an exporter skip the provisioning lists of the other
// ~98% of apps.
//
// Tables: appConnections (id = app id), appConnectionTokens (id = app id:
// the write-only token, an OAuth connection's clientId and settings, never
// rendered), appConnectionConsent (id = app
// id: the consent flow ran).
const (
	tableAppConnections   = "appConnections"
	tableAppConnTokens    = "appConnectionTokens"
	tableAppConnConsented = "appConnectionConsent"
)

// appProvisionedFeatures is what features[] holds once provisioning is on:
// a SCIM app with group push (recorded: TestAccResourceOktaAppSignOnPolicyRule_*).
var appProvisionedFeatures = []string{"IMPORT_PROFILE_UPDATES", "PUSH_NEW_USERS", "PUSH_USER_DEACTIVATION",
	"SCIM_PROVISIONING", "GROUP_PUSH", "REACTIVATE_USERS", "IMPORT_NEW_USERS", "PUSH_PROFILE_UPDATES"}

// appConsentApps need the admin's interactive consent for an OAuth 2.0
// connection (v6.1.0 OAuthProvisioningEnabledApp).
var appConsentApps = []string{"office365", "google", "zoomus", "slack"}

func init() {
	const conn = "/api/v1/apps/{appId}/connections/default"
	engine.Register(engine.Module{
		Name: "app-connections", Phase: 41,
		Routes: func(rt *engine.Router) {
			rt.Handle("GET", conn, engine.ScopeFor("apps", "GET"), appConnGet)
			rt.Handle("POST", conn, engine.ScopeFor("apps", "POST"), appConnUpdate)
			rt.Handle("POST", conn+"/lifecycle/activate", engine.ScopeFor("apps", "POST"), func(c *engine.Call) engine.Reply { return appConnLifecycle(c, true) })
			rt.Handle("POST", conn+"/lifecycle/deactivate", engine.ScopeFor("apps", "POST"), func(c *engine.Call) engine.Reply { return appConnLifecycle(c, false) })
			rt.Handle("POST", "/api/v1/apps/{appName}/{appId}/oauth2/callback", engine.ScopeFor("apps", "POST"), appConnCallback)
		},
		OnDelete: map[string]engine.DeleteHook{engine.TableApps: func(c *engine.Call, _ string, app engine.Obj) {
			id := engine.Str(app, "id")
			for _, t := range []string{tableAppConnections, tableAppConnTokens, tableAppConnConsented} {
				c.Org.Remove(t, "", id)
			}
		}},
	})
}

// appConnection returns the app and its connection, made on first use.
func appConnection(c *engine.Call, appID string) (engine.Obj, engine.Obj, *engine.APIError) {
	app := c.Org.Get(engine.TableApps, "", appID)
	if app == nil {
		return nil, nil, engine.ErrNotFound(appID, appsRes.TypeName)
	}
	if conn := c.Org.Get(tableAppConnections, "", appID); conn != nil {
		return app, conn, nil
	}
	conn := engine.Obj{"authScheme": "TOKEN", "status": "DISABLED", "profile": engine.Obj{"authScheme": "TOKEN"}}
	c.Org.Put(tableAppConnections, "", appID, conn)
	return app, conn, nil
}

func appConnNeedsConsent(c *engine.Call, app, conn engine.Obj) bool {
	return engine.Str(conn, "profile.authScheme") == "OAUTH2" && slices.Contains(appConsentApps, engine.Str(app, "name")) &&
		c.Org.Get(tableAppConnConsented, "", engine.Str(app, "id")) == nil
}

func appConnRender(c *engine.Call, app, conn engine.Obj) engine.Obj {
	out := engine.CloneObj(conn)
	if engine.Str(conn, "profile.authScheme") != "TOKEN" {
		// SPEC: authScheme is only returned for the TOKEN scheme.
		delete(out, "authScheme")
	}
	if c.Base == "" {
		return out
	}
	self := c.Base + "/api/v1/apps/" + engine.Str(app, "id") + "/connections/default"
	post := engine.Obj{"allow": []any{"POST"}}
	l := engine.Obj{"self": engine.Obj{"href": self, "hints": engine.Obj{"allow": []any{"POST", "GET"}}}}
	if engine.Str(conn, "status") == "ENABLED" {
		l["deactivate"] = engine.Obj{"href": self + "/lifecycle/deactivate", "hints": post}
	} else {
		l["activate"] = engine.Obj{"href": self + "/lifecycle/activate", "hints": post}
	}
	if appConnNeedsConsent(c, app, conn) {
		callback := c.Base + "/api/v1/apps/" + engine.Str(app, "name") + "/" + engine.Str(app, "id") + "/oauth2/callback"
		q := url.Values{"response_type": {"code"}, "client_id": {engine.Str(app, "id")}, "redirect_uri": {callback}}
		l["authorize"] = engine.Obj{"href": c.Base + "/oauth2/v1/authorize?" + q.Encode(),
			"hints": engine.Obj{"allow": []any{"GET"}, "guidance": []any{callback}}}
	}
	out["_links"] = l
	return out
}

func appConnGet(c *engine.Call) engine.Reply {
	app, conn, err := appConnection(c, c.Param("appId"))
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(appConnRender(c, app, conn))
}

func appConnUpdate(c *engine.Call) engine.Reply {
	app, conn, err := appConnection(c, c.Param("appId"))
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if e := engine.CheckShape(body, []engine.Field{
		{Path: "profile", Type: engine.TObject, Required: true},
		{Path: "profile.authScheme", Type: engine.TString, Required: true, Enum: []string{"TOKEN", "OAUTH2"}},
		{Path: "profile.token", Type: engine.TString},
		{Path: "profile.clientId", Type: engine.TString},
		{Path: "profile.settings", Type: engine.TObject},
		{Path: "profile.signing", Type: engine.TObject},
		{Path: "profile.signing.rotationMode", Type: engine.TString, Enum: []string{"AUTO", "MANUAL"}},
		{Path: "baseUrl", Type: engine.TString},
	}); e != nil {
		return engine.Fail(e)
	}
	appID := engine.Str(app, "id")
	scheme := engine.Str(body, "profile.authScheme")
	profile := engine.Obj{"authScheme": scheme}
	// What the answer never shows (the token; an OAuth connection's
	// client and settings) is kept apart from the connection.
	secrets := c.Org.Get(tableAppConnTokens, "", appID)
	if secrets == nil {
		secrets = engine.Obj{}
	}
	switch scheme {
	case "TOKEN":
		if tok := engine.Str(body, "profile.token"); tok != "" {
			secrets["token"] = tok
		}
	case "OAUTH2":
		if s, ok := engine.At(body, "profile.signing").(map[string]any); ok {
			profile["signing"] = engine.Clone(s)
		}
		for _, k := range []string{"clientId", "settings"} {
			if v := engine.At(body, "profile."+k); v != nil {
				secrets[k] = engine.Clone(v)
			}
		}
	}
	c.Org.Put(tableAppConnTokens, "", appID, secrets)
	conn["profile"] = profile
	conn["authScheme"] = scheme
	if u, ok := body["baseUrl"].(string); ok {
		conn["baseUrl"] = u
	}
	if c.Query().Get("activate") == "true" {
		if err := appConnSwitch(c, app, conn, true); err != nil {
			return engine.Fail(err)
		}
	}
	emitApp(c, evConfig, engine.Str(app, "id"), child(targetConnection, engine.Str(app, "id"), "default"))
	return engine.OK(appConnRender(c, app, conn))
}

func appConnLifecycle(c *engine.Call, on bool) engine.Reply {
	app, conn, err := appConnection(c, c.Param("appId"))
	if err != nil {
		return engine.Fail(err)
	}
	if err := appConnSwitch(c, app, conn, on); err != nil {
		return engine.Fail(err)
	}
	emitApp(c, evConfig, engine.Str(app, "id"), child(targetConnection, engine.Str(app, "id"), "default"))
	return engine.NoContent()
}

// appConnSwitch turns provisioning on or off, with what follows on the app.
func appConnSwitch(c *engine.Call, app, conn engine.Obj, on bool) *engine.APIError {
	appID := engine.Str(app, "id")
	if !on {
		conn["status"] = "DISABLED"
		app["features"] = []any{}
		appFeaturesFollow(c, appID, false)
		return nil
	}
	switch {
	case engine.Str(conn, "profile.authScheme") == "TOKEN" && engine.Str(c.Org.Get(tableAppConnTokens, "", appID), "token") == "":
		return engine.ErrValidation("Api validation failed: profile.token", "profile.token: A token is required to enable provisioning")
	case appConnNeedsConsent(c, app, conn):
		return engine.NewError(http.StatusBadRequest, "E0000001", "Api validation failed: connection",
			"The OAuth 2.0 connection needs the admin's consent: follow _links.authorize to grant it")
	case engine.Str(conn, "profile.authScheme") == "OAUTH2" && !slices.Contains(appConsentApps, engine.Str(app, "name")) && engine.Str(c.Org.Get(tableAppConnTokens, "", appID), "clientId") == "":
		return engine.ErrValidation("Api validation failed: profile.clientId", "profile.clientId: The client ID of the target org's service app is required")
	}
	appProvisioningOn(c, app, conn)
	return nil
}

// appProvisioningOn enables the connection and what follows (also used by
// --generate provisionedApps).
func appProvisioningOn(c *engine.Call, app, conn engine.Obj) {
	conn["status"] = "ENABLED"
	app["features"] = engine.AnyStrings(appProvisionedFeatures)
	appFeaturesFollow(c, engine.Str(app, "id"), true)
}

// appConnCallback ends the OAuth 2.0 consent flow: the connection is
// verified and enabled (v6.1.0 verifyProvisioningConnectionForApplication).
func appConnCallback(c *engine.Call) engine.Reply {
	app, conn, err := appConnection(c, c.Param("appId"))
	if err != nil {
		return engine.Fail(err)
	}
	if engine.Str(app, "name") != c.Param("appName") || !slices.Contains(appConsentApps, c.Param("appName")) {
		return engine.Fail(engine.ErrNotFound(c.Param("appId"), appsRes.TypeName))
	}
	if engine.Str(conn, "profile.authScheme") != "OAUTH2" {
		return engine.Fail(engine.ErrValidation("Api validation failed: connection", "The app's connection is not an OAuth 2.0 connection"))
	}
	c.Org.Put(tableAppConnConsented, "", engine.Str(app, "id"), engine.Obj{"at": c.Org.Timestamp()})
	appProvisioningOn(c, app, conn)
	return engine.NoContent()
}
