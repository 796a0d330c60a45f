package testkinds

import (
	"net/http"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// test-app-connections stands for an app's default provisioning connection
// (coverage.md C4; v6.1.0 spec getDefaultProvisioningConnectionForApplication
// and its update and lifecycle operations): every app has one, DISABLED
// until it is activated; POST …/connections/default updates it partially
// ({baseUrl, profile:{authScheme, token}}) and the token never comes back;
// lifecycle/activate (which needs a token) and /deactivate answer 204.
//
// test-app-features stands for an app's features (C3): they exist once
// provisioning is on. Activating the connection fills the app's
// features[] (read-only on the app) and makes USER_PROVISIONING and
// INBOUND_PROVISIONING; deactivating empties both. Listing the features
// of an app without provisioning answers 400, as Okta does ("returns an
// error if provisioning isn't enabled"), which is why a reader gates the
// list on features[].

const (
	tableTestConnections = "testAppConnections" // per app, id "default"
	tableTestAppFeatures = "testAppFeatures"    // per app, id = name
	tableTestTokens      = "testAppTokens"      // per app, id "default": the write-only token
)

// engbAppFeatureFlags are what an app's features[] holds once provisioning
// is on (values recorded in real app bodies).
var engbAppFeatureFlags = []any{"IMPORT_NEW_USERS", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION"}

func init() {
	const conn = "/api/v1/apps/{appId}/test-connections/default"
	engine.Register(engine.Module{
		Name: "test-app-connections", Phase: 45,
		Routes: func(rt *engine.Router) {
			rt.Handle("GET", conn, engine.ScopeFor("apps", "GET"), getTestConnection)
			rt.Handle("POST", conn, engine.ScopeFor("apps", "POST"), updateTestConnection)
			rt.Handle("POST", conn+"/lifecycle/activate", engine.ScopeFor("apps", "POST"), func(c *engine.Call) engine.Reply { return setTestConnection(c, true) })
			rt.Handle("POST", conn+"/lifecycle/deactivate", engine.ScopeFor("apps", "POST"), func(c *engine.Call) engine.Reply { return setTestConnection(c, false) })
			rt.Handle("GET", "/api/v1/apps/{appId}/test-features", engine.ScopeFor("apps", "GET"), listTestAppFeatures)
			rt.Handle("GET", "/api/v1/apps/{appId}/test-features/{featureName}", engine.ScopeFor("apps", "GET"), getTestAppFeature)
		},
		OnDelete: map[string]engine.DeleteHook{
			engine.TableApps: func(c *engine.Call, _ string, app engine.Obj) {
				id := engine.Str(app, "id")
				for _, t := range []string{tableTestConnections, tableTestAppFeatures, tableTestTokens} {
					c.Org.DropTable(t, id)
				}
			},
		},
	})
}

// testConnection is an app's connection, made on first use (every app has
// one; the store only records what changed).
func testConnection(c *engine.Call) (engine.Obj, *engine.APIError) {
	appID := c.Param("appId")
	if c.Org.Get(engine.TableApps, "", appID) == nil {
		return nil, engine.ErrNotFound(appID, "Application")
	}
	if conn := c.Org.Get(tableTestConnections, appID, "default"); conn != nil {
		return conn, nil
	}
	conn := engine.Obj{"authScheme": "TOKEN", "status": "DISABLED", "profile": engine.Obj{"authScheme": "TOKEN"}}
	c.Org.Put(tableTestConnections, appID, "default", conn)
	return conn, nil
}

func renderTestConnection(c *engine.Call, conn engine.Obj) engine.Obj {
	out := engine.CloneObj(conn)
	if c.Base != "" {
		self := c.Base + "/api/v1/apps/" + c.Param("appId") + "/test-connections/default"
		out["_links"] = engine.Obj{"self": engine.Obj{"href": self, "hints": engine.Obj{"allow": []any{"GET", "POST"}}}}
	}
	return out
}

func getTestConnection(c *engine.Call) engine.Reply {
	conn, err := testConnection(c)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(renderTestConnection(c, conn))
}

func updateTestConnection(c *engine.Call) engine.Reply {
	conn, err := testConnection(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	profile, _ := body["profile"].(map[string]any)
	if profile == nil {
		return engine.Fail(engine.ErrValidation("Api validation failed: profile", "profile: The field cannot be left blank"))
	}
	if s := engine.Str(profile, "authScheme"); s != "TOKEN" && s != "OAUTH2" {
		return engine.Fail(engine.ErrValidation("Api validation failed: profile.authScheme",
			"profile.authScheme: '"+s+"' is not TOKEN or OAUTH2"))
	}
	if tok, ok := profile["token"].(string); ok {
		c.Org.Put(tableTestTokens, c.Param("appId"), "default", engine.Obj{"token": tok})
	}
	conn["authScheme"] = profile["authScheme"]
	conn["profile"] = engine.Obj{"authScheme": profile["authScheme"]}
	if u, ok := body["baseUrl"].(string); ok {
		conn["baseUrl"] = u
	}
	if c.Query().Get("activate") == "true" {
		if err := switchTestConnection(c, conn, true); err != nil {
			return engine.Fail(err)
		}
	}
	return engine.OK(renderTestConnection(c, conn))
}

func setTestConnection(c *engine.Call, on bool) engine.Reply {
	conn, err := testConnection(c)
	if err != nil {
		return engine.Fail(err)
	}
	if err := switchTestConnection(c, conn, on); err != nil {
		return engine.Fail(err)
	}
	return engine.NoContent()
}

// switchTestConnection turns provisioning on or off, with what follows
// from it on the app.
func switchTestConnection(c *engine.Call, conn engine.Obj, on bool) *engine.APIError {
	appID := c.Param("appId")
	app := c.Org.Get(engine.TableApps, "", appID)
	if on && engine.Str(conn, "authScheme") == "TOKEN" && c.Org.Get(tableTestTokens, appID, "default") == nil {
		return engine.ErrValidation("Api validation failed: profile.token", "profile.token: A token is required to enable provisioning")
	}
	if !on {
		conn["status"] = "DISABLED"
		app["features"] = []any{}
		c.Org.DropTable(tableTestAppFeatures, appID)
		return nil
	}
	conn["status"] = "ENABLED"
	app["features"] = append([]any(nil), engbAppFeatureFlags...)
	makeTestAppFeatures(c, appID)
	return nil
}

// makeTestAppFeatures makes an app's features once provisioning is on
// (also for an app --generate provisionedApps= turned on).
func makeTestAppFeatures(c *engine.Call, appID string) {
	for _, name := range []string{"USER_PROVISIONING", "INBOUND_PROVISIONING"} {
		if c.Org.Get(tableTestAppFeatures, appID, name) == nil {
			c.Org.Put(tableTestAppFeatures, appID, name, engine.Obj{
				"name": name, "status": "ENABLED", "description": "Settings for " + name,
				"capabilities": engine.Obj{"create": engine.Obj{"lifecycleCreate": engine.Obj{"status": "DISABLED"}}},
			})
		}
	}
}

func provisioningOn(c *engine.Call) (string, *engine.APIError) {
	appID := c.Param("appId")
	app := c.Org.Get(engine.TableApps, "", appID)
	if app == nil {
		return "", engine.ErrNotFound(appID, "Application")
	}
	if len(engine.StringsAt(app, "features")) == 0 {
		return "", engine.NewError(http.StatusBadRequest, "E0000001", "Api validation failed: provisioning",
			"Provisioning is not enabled for this application")
	}
	makeTestAppFeatures(c, appID)
	return appID, nil
}

func renderTestAppFeature(c *engine.Call, appID string, f engine.Obj) engine.Obj {
	out := engine.CloneObj(f)
	if c.Base != "" {
		self := c.Base + "/api/v1/apps/" + appID + "/test-features/" + engine.Str(f, "name")
		out["_links"] = engine.Obj{"self": engine.Obj{"href": self, "hints": engine.Obj{"allow": []any{"GET", "PUT"}}}}
	}
	return out
}

func listTestAppFeatures(c *engine.Call) engine.Reply {
	appID, err := provisioningOn(c)
	if err != nil {
		return engine.Fail(err)
	}
	items := c.Org.List(tableTestAppFeatures, appID)
	out := make([]any, len(items))
	for i, f := range items {
		out[i] = renderTestAppFeature(c, appID, f)
	}
	return engine.OK(out)
}

func getTestAppFeature(c *engine.Call) engine.Reply {
	appID, err := provisioningOn(c)
	if err != nil {
		return engine.Fail(err)
	}
	f := c.Org.Get(tableTestAppFeatures, appID, c.Param("featureName"))
	if f == nil {
		return engine.Fail(engine.ErrNotFound(c.Param("featureName"), "AppFeature"))
	}
	return engine.OK(renderTestAppFeature(c, appID, f))
}
