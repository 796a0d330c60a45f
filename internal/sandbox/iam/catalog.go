package iam

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// An OIN app target is listed as the app's catalog entry (SPEC
// CatalogApplication; VCR TestAccResourceOktaAdminRoleTargets_crud#49). The
// sandbox knows the entries the recordings show; any other app key gets a
// plain entry named after itself, since Okta's catalog has thousands of
// apps and an app target may name any of them.
type catalogApp struct {
	displayName, description, category, website, lastUpdated string
	signOnModes, features                                    []string
}

var catalog = map[string]catalogApp{
	"facebook": {"Facebook", "Giving people the power to share and make the world more open and connected.", "SOCIAL",
		"https://www.facebook.com/", "2021-03-18T17:37:56.000Z", []string{"BROWSER_PLUGIN"}, nil},
	"oidc_client": {"OpenID Connect Client", "OpenID Connect Client", "OAUTH2",
		"http://openid.net/specs/openid-connect-core-1_0.html", "2017-06-20T02:25:02.000Z", []string{"OPENID_CONNECT"}, []string{"DEFAULT_PUSH_STATUS_TO_PUSH"}},
}

func catalogEntry(c *engine.Call, name string) engine.Obj {
	app, ok := catalog[name]
	if !ok {
		app = catalogApp{displayName: name, lastUpdated: "2017-06-20T02:25:02.000Z"}
	}
	out := engine.Obj{
		"name": name, "displayName": app.displayName, "description": app.description, "status": "ACTIVE",
		"lastUpdated": app.lastUpdated, "category": app.category, "verificationStatus": "OKTA_VERIFIED",
		"website": app.website, "signOnModes": engine.AnyStrings(app.signOnModes),
	}
	if app.features != nil {
		out["features"] = engine.AnyStrings(app.features)
	}
	if c.Base != "" {
		out["_links"] = engine.Obj{
			"logo": []any{engine.Obj{"name": "medium", "href": c.Base + "/assets/img/logos/default.png", "type": "image/png"}},
			"self": href(c.Base + "/api/v1/catalog/apps/" + name),
		}
	}
	return out
}
