package apps

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// appBuiltIns are the first-party apps every org has (api-facts §1.2
// "System/built-in apps"; bodies from TestAccResourceOktaAppSignOnPolicyRule_AUTH_METHOD_CHAIN),
// each bound to the ACCESS_POLICY of the same name.
var appBuiltIns = []struct {
	name, label, emOptIn string
	links                engine.Obj
}{
	{"saasure", "Okta Admin Console", "ENABLED", engine.Obj{"admin": true}},
	{"okta_enduser", "Okta Dashboard", "NONE", engine.Obj{}},
	{"okta_browser_plugin", "Okta Browser Plugin", "NONE", engine.Obj{}},
}

// seedApps creates the first-party apps and binds each to the
// ACCESS_POLICY of the same name that the policies module seeds.
func seedApps(c *engine.Call) error {
	now := c.Org.Timestamp()
	for _, b := range appBuiltIns {
		id := c.Org.NewID(appsRes.Prefix)
		c.Org.Put(engine.TableApps, "", id, engine.Obj{
			"id": id, "orn": "orn:okta:idp:" + c.Org.OrgID + ":apps:" + b.name + ":" + id,
			"name": b.name, "label": b.label, "status": "ACTIVE", "created": now, "lastUpdated": now,
			"accessibility": engine.Obj{"selfService": false, "errorRedirectUrl": nil, "loginRedirectUrl": nil},
			"visibility": engine.Obj{"autoSubmitToolbar": false, "hide": engine.Obj{"iOS": false, "web": false},
				"appLinks": engine.CloneObj(b.links)},
			"features":   []any{},
			"signOnMode": "OPENID_CONNECT",
			"credentials": engine.Obj{
				"userNameTemplate": engine.Obj{"template": "${source.login}", "type": "BUILT_IN"},
				"signing":          engine.Obj{"kid": appOrgKid(c)},
			},
			"universalLogout": engine.Obj{"status": "UNSUPPORTED"},
			"settings": engine.Obj{
				"app":                engine.Obj{},
				"notifications":      engine.Obj{"vpn": engine.Obj{"network": engine.Obj{"connection": "DISABLED"}, "message": nil, "helpUrl": nil}},
				"manualProvisioning": false,
				"implicitAssignment": false,
				"emOptInStatus":      b.emOptIn,
			},
		})
		// The policies module seeds these ACCESS_POLICYs (phase 30); an
		// org without them keeps the system policy.
		if p := appPolicyByName(c, b.label); p != nil {
			c.Org.Put(engine.TableAppAccessPolicy, "", id, engine.Obj{"id": id, "policyId": engine.Str(p, "id")})
		}
	}
	return nil
}

func appPolicyByName(c *engine.Call, name string) engine.Obj {
	return c.Org.Find(engine.TablePolicies, "", func(o engine.Obj) bool {
		return engine.Str(o, "type") == "ACCESS_POLICY" && engine.Str(o, "name") == name
	})
}
