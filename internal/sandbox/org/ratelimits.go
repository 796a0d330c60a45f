package org

import (
	"slices"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// The org's rate-limit settings (SPEC RateLimitSettingsAPI; recorded
// TestAccResourceOktaRateLimiting_crud, …AdminNotificationSettings, …
// WarningThreshold): three singletons, read with GET and replaced with
// PUT, which answers the stored object. Defaults are the recorded values:
// admin notifications on, a warning at 90%, per-client limits enforced
// with no use-case overrides. Table rateLimitSettings keeps one row per
// singleton, keyed by its path segment.
const tableRateLimitSettings = "rateLimitSettings"

var (
	rateLimitModes    = []string{"DISABLE", "ENFORCE", "PREVIEW"}
	rateLimitUseCases = []string{"LOGIN_PAGE", "OAUTH2_AUTHORIZE", "OIE_APP_INTENT"}
)

type rateLimitSetting struct {
	name  string
	def   func() engine.Obj
	check func(body engine.Obj) *engine.APIError
}

var rateLimitSettings = []rateLimitSetting{
	{"admin-notifications", func() engine.Obj { return engine.Obj{"notificationsEnabled": true} },
		func(b engine.Obj) *engine.APIError {
			if _, ok := b["notificationsEnabled"].(bool); !ok {
				return engine.ErrValidation("notificationsEnabled", "notificationsEnabled: The field cannot be left blank")
			}
			return nil
		}},
	{"warning-threshold", func() engine.Obj { return engine.Obj{"warningThreshold": engine.JSONInt(90)} },
		func(b engine.Obj) *engine.APIError {
			if n, ok := engine.IntAt(b, "warningThreshold"); !ok || n < 30 || n > 90 {
				return engine.ErrValidation("warningThreshold", "warningThreshold: must be a whole number between 30 and 90")
			}
			return nil
		}},
	{"per-client", func() engine.Obj { return engine.Obj{"defaultMode": "ENFORCE", "useCaseModeOverrides": engine.Obj{}} },
		func(b engine.Obj) *engine.APIError {
			if !slices.Contains(rateLimitModes, engine.Str(b, "defaultMode")) {
				return engine.ErrValidation("defaultMode", "defaultMode: must be one of DISABLE, ENFORCE, PREVIEW")
			}
			over, isObj := b["useCaseModeOverrides"].(map[string]any)
			if b["useCaseModeOverrides"] != nil && !isObj {
				return engine.ErrMalformed()
			}
			for k, v := range over {
				if s, _ := v.(string); !slices.Contains(rateLimitUseCases, k) || !slices.Contains(rateLimitModes, s) {
					return engine.ErrValidation("useCaseModeOverrides", "useCaseModeOverrides: '"+k+"' must be a use case (LOGIN_PAGE, OAUTH2_AUTHORIZE, OIE_APP_INTENT) with a mode")
				}
			}
			if over == nil {
				b["useCaseModeOverrides"] = engine.Obj{}
			}
			return nil
		}},
}

func init() {
	engine.Register(engine.Module{
		Name: "rate-limit-settings", Phase: 0,
		Routes: func(rt *engine.Router) {
			for _, s := range rateLimitSettings {
				s := s
				p := "/api/v1/rate-limit-settings/" + s.name
				rt.Handle("GET", p, engine.ScopeFor("rateLimits", "GET"), func(c *engine.Call) engine.Reply {
					return engine.OK(rateLimitGet(c, s))
				})
				rt.Handle("PUT", p, engine.ScopeFor("rateLimits", "PUT"), func(c *engine.Call) engine.Reply {
					body, err := c.Body()
					if err != nil {
						return engine.Fail(err)
					}
					if err := s.check(body); err != nil {
						return engine.Fail(err)
					}
					stored := engine.CloneObj(body)
					stored["id"] = s.name
					c.Org.Put(tableRateLimitSettings, "", s.name, stored)
					c.Emit("system.rate_limit.configuration.update", engine.Target{ID: s.name, Type: "RateLimitSetting", DisplayName: s.name})
					return engine.OK(rateLimitGet(c, s))
				})
			}
		},
	})
}

// rateLimitGet is a setting as the API shows it (the stored row without
// its key, or the default).
func rateLimitGet(c *engine.Call, s rateLimitSetting) engine.Obj {
	stored := c.Org.Get(tableRateLimitSettings, "", s.name)
	if stored == nil {
		return s.def()
	}
	out := engine.CloneObj(stored)
	delete(out, "id")
	return out
}
