package apps

import (
	"slices"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// The OIDC app's ID token settings behind Okta's admin UI,
// /api/v1/internal/apps/{appId}/settings/oauth/idToken, which the Okta
// Terraform provider calls for every OIDC app it manages: a POST right
// after creating the app (issuerMode, and the groups claim when one is
// configured) and a GET on every read (220 recorded calls, §8.5 of the
// replay notes). No spec documents it; the shapes are the recorded ones:
//
//   - POST answers {issuer: null, orgUrl: null, customUrl: null, audience:
//     null, issuerMode} plus the claim it set (valueType, name, value,
//     groupFilterType) — TestAccResourceOktaAppOauth_groups_claim#1;
//   - GET answers the issuer (the org URL), the audience (the client id),
//     issuerMode and the claim — TestAccDataSourceOktaAppGroupAssignments_read#15;
//   - an app that isn't a custom OIDC client (an OIN OIDC app such as
//     strongdm) is 404 E0000007 "(OAuth2AppInstance)" —
//     TestAccResourceOktaAppOauth_preconfigured#24.
//
// Table appIdToken (keyed by app id) keeps what POST set.

const tableAppIDToken = "appIdToken"

var (
	idTokenValueTypes   = []string{"GROUPS", "EXPRESSION"}
	idTokenGroupFilters = []string{"STARTS_WITH", "EQUALS", "CONTAINS", "REGEX"}
	idTokenIssuerModes  = []string{"ORG_URL", "CUSTOM_URL", "DYNAMIC"}
	idTokenClaimKeys    = []string{"valueType", "name", "value", "groupFilterType"}
)

func init() {
	engine.Register(engine.Module{
		Name: "app-idtoken", Phase: 42,
		Routes: func(rt *engine.Router) {
			p := "/api/v1/internal/apps/{appId}/settings/oauth/idToken"
			rt.Handle("GET", p, engine.ScopeFor("apps", "GET"), idTokenGet)
			rt.Handle("POST", p, engine.ScopeFor("apps", "POST"), idTokenSet)
		},
	})
}

// idTokenApp is the custom OIDC client the path names.
func idTokenApp(c *engine.Call) (engine.Obj, *engine.APIError) {
	id := c.Param("appId")
	app := c.Org.Get(engine.TableApps, "", id)
	if app == nil || engine.Str(app, "name") != "oidc_client" {
		return nil, engine.ErrNotFound(id, "OAuth2AppInstance")
	}
	return app, nil
}

func idTokenSettings(c *engine.Call, app engine.Obj) engine.Obj {
	if s := c.Org.Get(tableAppIDToken, "", engine.Str(app, "id")); s != nil {
		return s
	}
	mode := engine.Str(app, "settings.oauthClient.issuer_mode")
	if mode == "" {
		mode = "ORG_URL"
	}
	return engine.Obj{"id": engine.Str(app, "id"), "issuerMode": mode}
}

func idTokenRender(s engine.Obj, issuer, audience any) engine.Obj {
	out := engine.Obj{"issuer": issuer, "orgUrl": nil, "customUrl": nil, "audience": audience, "issuerMode": s["issuerMode"]}
	for _, k := range idTokenClaimKeys {
		if v, ok := s[k]; ok {
			out[k] = v
		}
	}
	return out
}

func idTokenGet(c *engine.Call) engine.Reply {
	app, err := idTokenApp(c)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(idTokenRender(idTokenSettings(c, app), c.Base, engine.Str(app, "credentials.oauthClient.client_id")))
}

func idTokenSet(c *engine.Call) engine.Reply {
	app, err := idTokenApp(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	mode := engine.Str(body, "issuerMode")
	if mode == "" {
		mode = engine.Str(idTokenSettings(c, app), "issuerMode")
	}
	if !slices.Contains(idTokenIssuerModes, mode) {
		return engine.Fail(engine.ErrValidation("issuerMode", "issuerMode: '"+mode+"' is not a valid value"))
	}
	s := engine.Obj{"id": engine.Str(app, "id"), "issuerMode": mode}
	if vt := engine.Str(body, "valueType"); vt != "" {
		if !slices.Contains(idTokenValueTypes, vt) {
			return engine.Fail(engine.ErrValidation("valueType", "valueType: '"+vt+"' is not a valid value"))
		}
		if engine.Str(body, "name") == "" {
			return engine.Fail(engine.ErrValidation("name", "name: The field cannot be left blank"))
		}
		if gf := engine.Str(body, "groupFilterType"); vt == "GROUPS" && !slices.Contains(idTokenGroupFilters, gf) {
			return engine.Fail(engine.ErrValidation("groupFilterType", "groupFilterType: '"+gf+"' is not a valid value"))
		}
		for _, k := range idTokenClaimKeys {
			if v, ok := body[k]; ok {
				s[k] = v
			}
		}
	}
	c.Org.Put(tableAppIDToken, "", engine.Str(app, "id"), s)
	emitApp(c, evAppUpdate, engine.Str(app, "id"))
	return engine.OK(idTokenRender(s, nil, nil))
}
