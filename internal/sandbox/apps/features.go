package apps

import (
	"fmt"
	"maps"
	"net/http"
	"slices"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// App features (coverage.md C3; SPEC listFeaturesForApplication,
// getFeatureForApplication, updateFeatureForApplication; VCR
// TestAccOktaAppFeatures_basic, TestAccDataSourceOktaAppFeatures_read):
// a fixed set per app, USER_PROVISIONING (Okta to the app) and
// INBOUND_PROVISIONING (the app to Okta), that exists once provisioning is
// on (connections.go). Listing or reading them while it is off answers 400
// ("returns an error if provisioning isn't enabled").
//
// PUT …/features/{name} takes the capabilities object itself, not the
// feature, merges it into the stored capabilities (the recorded PUTs send
// every part, and a partial body changes only what it names), and answers
// the feature {name, status, description, capabilities, _links}. name,
// status and description are Okta's: status is ENABLED while the
// connection is.
//
// Table appFeatures: per app (parent = app id), id = the feature name. The
// rows stay when provisioning is turned off, so the settings come back with
// it.
const tableAppFeatures = "appFeatures"

// appFeatureDefaults are a new feature's description and capabilities: the
// recorded USER_PROVISIONING before the test enabled its parts, and the
// recorded INBOUND_PROVISIONING.
var appFeatureDefaults = []struct {
	name, description string
	capabilities      func() engine.Obj
}{
	{"INBOUND_PROVISIONING", "In-bound provisioning settings for provisioning users from an application to Okta", func() engine.Obj {
		return engine.Obj{
			"importSettings": engine.Obj{
				"username": engine.Obj{"userNameFormat": "EMAIL"},
				"schedule": engine.Obj{"status": "DISABLED", "fullImport": nil, "incrementalImport": nil},
			},
			"importRules": engine.Obj{"userCreateAndMatch": engine.Obj{
				"exactMatchCriteria": "USERNAME", "allowPartialMatch": true, "autoConfirmPartialMatch": false,
				"autoConfirmExactMatch": false, "autoConfirmNewUsers": false, "autoActivateNewUsers": false,
			}},
		}
	}},
	{"USER_PROVISIONING", "User provisioning settings from Okta to a downstream application", func() engine.Obj {
		return engine.Obj{
			"create": engine.Obj{"lifecycleCreate": engine.Obj{"status": "DISABLED"}},
			"update": engine.Obj{
				"profile":             engine.Obj{"status": "DISABLED"},
				"lifecycleDeactivate": engine.Obj{"status": "DISABLED"},
				"password":            engine.Obj{"status": "DISABLED", "seed": "RANDOM", "change": "KEEP_EXISTING"},
			},
		}
	}},
}

// appFeatureEnums are the values the spec allows for the capability
// options a PUT may set.
var appFeatureEnums = map[string][]string{
	"create.lifecycleCreate.status":                     {"ENABLED", "DISABLED"},
	"update.profile.status":                             {"ENABLED", "DISABLED"},
	"update.lifecycleDeactivate.status":                 {"ENABLED", "DISABLED"},
	"update.password.status":                            {"ENABLED", "DISABLED"},
	"update.password.seed":                              {"OKTA", "RANDOM"},
	"update.password.change":                            {"CHANGE", "KEEP_EXISTING"},
	"importSettings.username.userNameFormat":            {"EMAIL", "CUSTOM", "EMAIL_PREFIX", "AD_SAM_ACCOUNT_NAME", "AD_UPN", "CUSTOM_SCRIPT"},
	"importSettings.schedule.status":                    {"ENABLED", "DISABLED"},
	"importRules.userCreateAndMatch.exactMatchCriteria": {"USERNAME", "EMAIL"},
}

func init() {
	engine.Register(engine.Module{
		Name: "app-features", Phase: 41,
		Routes: func(rt *engine.Router) {
			coll := "/api/v1/apps/{appId}/features"
			rt.Handle("GET", coll, engine.ScopeFor("apps", "GET"), appFeaturesList)
			rt.Handle("GET", coll+"/{featureName}", engine.ScopeFor("apps", "GET"), appFeatureGet)
			rt.Handle("PUT", coll+"/{featureName}", engine.ScopeFor("apps", "PUT"), appFeatureUpdate)
		},
		OnDelete: map[string]engine.DeleteHook{engine.TableApps: func(c *engine.Call, _ string, app engine.Obj) {
			c.Org.DropTable(tableAppFeatures, engine.Str(app, "id"))
		}},
	})
}

// appFeaturesFollow makes an app's features when provisioning turns on,
// and sets their status to the connection's.
func appFeaturesFollow(c *engine.Call, appID string, on bool) {
	status := "DISABLED"
	if on {
		status = "ENABLED"
	}
	for _, d := range appFeatureDefaults {
		f := c.Org.Get(tableAppFeatures, appID, d.name)
		if f == nil {
			if !on {
				continue
			}
			f = engine.Obj{"name": d.name, "description": d.description, "capabilities": d.capabilities()}
			c.Org.Put(tableAppFeatures, appID, d.name, f)
		}
		f["status"] = status
	}
}

// appFeaturesApp returns the app, or the 400 Okta answers while its
// provisioning is off.
func appFeaturesApp(c *engine.Call) (engine.Obj, *engine.APIError) {
	appID := c.Param("appId")
	app := c.Org.Get(engine.TableApps, "", appID)
	if app == nil {
		return nil, engine.ErrNotFound(appID, appsRes.TypeName)
	}
	if len(engine.StringsAt(app, "features")) == 0 {
		return nil, engine.NewError(http.StatusBadRequest, "E0000001", "Api validation failed: provisioning",
			"Provisioning is not enabled for this application")
	}
	return app, nil
}

func appFeatureRender(c *engine.Call, appID string, f engine.Obj) engine.Obj {
	out := engine.CloneObj(f)
	if c.Base != "" {
		out["_links"] = engine.Obj{"self": engine.Obj{"href": c.Base + "/api/v1/apps/" + appID + "/features/" + engine.Str(f, "name"),
			"hints": engine.Obj{"allow": []any{"GET", "PUT"}}}}
	}
	return out
}

func appFeaturesList(c *engine.Call) engine.Reply {
	app, err := appFeaturesApp(c)
	if err != nil {
		return engine.Fail(err)
	}
	appID := engine.Str(app, "id")
	out := []any{}
	for _, f := range c.Org.List(tableAppFeatures, appID) {
		out = append(out, appFeatureRender(c, appID, f))
	}
	return engine.OK(out)
}

func appFeatureLookup(c *engine.Call) (string, engine.Obj, *engine.APIError) {
	app, err := appFeaturesApp(c)
	if err != nil {
		return "", nil, err
	}
	appID := engine.Str(app, "id")
	f := c.Org.Get(tableAppFeatures, appID, c.Param("featureName"))
	if f == nil {
		return "", nil, engine.ErrNotFound(c.Param("featureName"), "ApplicationFeature")
	}
	return appID, f, nil
}

func appFeatureGet(c *engine.Call) engine.Reply {
	appID, f, err := appFeatureLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(appFeatureRender(c, appID, f))
}

// appFeatureUpdate is PUT with the capabilities object as its body.
func appFeatureUpdate(c *engine.Call) engine.Reply {
	appID, f, err := appFeatureLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	for _, k := range []string{"name", "status", "description", "capabilities"} {
		if _, ok := body[k]; ok {
			// The feature wrapper, not its capabilities: the spec's body
			// is CapabilitiesObject.
			return engine.Fail(engine.ErrValidation("Api validation failed: capabilities",
				fmt.Sprintf("%s: The request body is the feature's capabilities object, not the feature", k)))
		}
	}
	next := engine.CloneObj(f["capabilities"].(map[string]any))
	engine.Merge(next, body)
	for _, path := range slices.Sorted(maps.Keys(appFeatureEnums)) {
		v := engine.At(next, path)
		if v == nil {
			continue
		}
		s, ok := v.(string)
		if !ok {
			return engine.Fail(engine.ErrMalformed())
		}
		if !slices.Contains(appFeatureEnums[path], s) {
			return engine.Fail(engine.ErrValidation("Api validation failed: "+path,
				fmt.Sprintf("%s: '%s' is not one of %v", path, s, appFeatureEnums[path])))
		}
	}
	f["capabilities"] = next
	emitApp(c, evConfig, appID, child(targetFeature, engine.Str(f, "name"), engine.Str(f, "name")))
	return engine.OK(appFeatureRender(c, appID, f))
}
