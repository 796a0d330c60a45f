package security

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// User lockout settings (coverage §3.4 B5): one object per org at
// /attack-protection/api/v1/user-lockout-settings, outside /api/v1, read
// with GET and replaced with PUT, under the okta.orgs scopes. No
// recording; from the spec: the only field is
// preventBruteForceLockoutFromUnknownDevices (default false). The v5.0.2
// spec says GET answers an array; v6.1.0 says one object, which the
// sandbox answers. A PUT without the field sets it back to false (a
// replace).
const tableLockout = "userLockoutSettings"

const lockoutPath = "/attack-protection/api/v1/user-lockout-settings"

func init() {
	engine.Register(engine.Module{
		Name: "user-lockout-settings", Phase: 22,
		Routes: func(rt *engine.Router) {
			rt.Handle("GET", lockoutPath, engine.ScopeFor("orgs", "GET"), func(c *engine.Call) engine.Reply {
				return engine.OK(engine.CloneObj(singleton(c, tableLockout)))
			})
			rt.Handle("PUT", lockoutPath, engine.ScopeFor("orgs", "PUT"), func(c *engine.Call) engine.Reply {
				body, err := c.Body()
				if err != nil {
					return engine.Fail(err)
				}
				if err := engine.CheckShape(body, []engine.Field{{Path: "preventBruteForceLockoutFromUnknownDevices", Type: engine.TBool}}); err != nil {
					return engine.Fail(err)
				}
				putSingleton(c, tableLockout, engine.Obj{"preventBruteForceLockoutFromUnknownDevices": engine.BoolAt(body, "preventBruteForceLockoutFromUnknownDevices")})
				// The user lockout settings are part of Okta's attack protection.
				c.Emit("security.attack_protection.settings.update", orgTarget(c))
				return engine.OK(engine.CloneObj(singleton(c, tableLockout)))
			})
		},
		Seed: func(c *engine.Call) error {
			putSingleton(c, tableLockout, engine.Obj{"preventBruteForceLockoutFromUnknownDevices": false})
			return nil
		},
		Sample: func(c *engine.Call) error {
			singleton(c, tableLockout)["preventBruteForceLockoutFromUnknownDevices"] = true
			return nil
		},
	})
}
