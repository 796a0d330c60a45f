package org

import (
	"time"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// The org singletons switched through action endpoints, not a PUT (SPEC;
// no recording):
//
//   - Okta communication emails, /api/v1/org/privacy/oktaCommunication:
//     {optOutEmailUsers}, POST …/optIn and …/optOut;
//   - end-user dashboard preferences, /api/v1/org/preferences:
//     {showEndUserFooter}, POST …/hideEndUserFooter and …/showEndUserFooter;
//   - Okta Support access, /api/v1/org/privacy/oktaSupport:
//     {support, expiration}, POST …/grant (8 hours), …/extend (24 more
//     hours) and …/revoke. Access is a grant that expires, not a setting:
//     the v6 spec moves these endpoints to support cases (301).
//
// Each action answers the setting with the links of the actions that
// apply. A new org sends communication emails, shows the footer and has
// no support access granted (unverified defaults).
const tableOrgToggles = "orgToggles" // ids: communication, preferences, support

func seedOrgToggles(c *engine.Call) {
	c.Org.Put(tableOrgToggles, "", "communication", engine.Obj{"id": "communication", "optOutEmailUsers": false})
	c.Org.Put(tableOrgToggles, "", "preferences", engine.Obj{"id": "preferences", "showEndUserFooter": true})
	c.Org.Put(tableOrgToggles, "", "support", engine.Obj{"id": "support", "support": "DISABLED", "expiration": nil})
}

// orgToggle is one toggled singleton: where it lives, its actions (the
// path suffix and the change each makes), the System Log event of each
// action (events.go), and its links.
type orgToggle struct {
	id, path string
	actions  map[string]func(c *engine.Call, o engine.Obj)
	events   map[string]string
	links    func(o engine.Obj) []string // the actions that apply now
}

var orgToggles = []orgToggle{
	{id: "communication", path: "/api/v1/org/privacy/oktaCommunication",
		actions: map[string]func(*engine.Call, engine.Obj){
			"optIn":  func(_ *engine.Call, o engine.Obj) { o["optOutEmailUsers"] = false },
			"optOut": func(_ *engine.Call, o engine.Obj) { o["optOutEmailUsers"] = true },
		},
		events: map[string]string{"optIn": evCommOptIn, "optOut": evCommOptOut},
		links: func(o engine.Obj) []string {
			if engine.BoolAt(o, "optOutEmailUsers") {
				return []string{"optIn"}
			}
			return []string{"optOut"}
		}},
	{id: "preferences", path: "/api/v1/org/preferences",
		actions: map[string]func(*engine.Call, engine.Obj){
			"hideEndUserFooter": func(_ *engine.Call, o engine.Obj) { o["showEndUserFooter"] = false },
			"showEndUserFooter": func(_ *engine.Call, o engine.Obj) { o["showEndUserFooter"] = true },
		},
		events: map[string]string{"hideEndUserFooter": evFooterHide, "showEndUserFooter": evFooterShow},
		links: func(o engine.Obj) []string {
			if engine.BoolAt(o, "showEndUserFooter") {
				return []string{"hideEndUserFooter"}
			}
			return []string{"showEndUserFooter"}
		}},
	{id: "support", path: "/api/v1/org/privacy/oktaSupport",
		actions: map[string]func(*engine.Call, engine.Obj){
			"grant": func(c *engine.Call, o engine.Obj) {
				o["support"], o["expiration"] = "ENABLED", supportExpiry(c, "", 8*time.Hour)
			},
			"extend": func(c *engine.Call, o engine.Obj) {
				if engine.Str(o, "support") == "ENABLED" {
					o["expiration"] = supportExpiry(c, engine.Str(o, "expiration"), 24*time.Hour)
				}
			},
			"revoke": func(_ *engine.Call, o engine.Obj) { o["support"], o["expiration"] = "DISABLED", nil },
		},
		events: map[string]string{"grant": evSupportGrant, "extend": evSupportExtend, "revoke": evSupportRevoke},
		links: func(o engine.Obj) []string {
			if engine.Str(o, "support") == "ENABLED" {
				return []string{"extend", "revoke"}
			}
			return []string{"grant"}
		}},
}

func init() {
	engine.Register(engine.Module{
		Name: "org-toggles", Phase: 16,
		Routes: func(rt *engine.Router) {
			read, manage := engine.ScopeFor("orgs", "GET"), engine.ScopeFor("orgs", "POST")
			for _, t := range orgToggles {
				rt.Handle("GET", t.path, read, func(c *engine.Call) engine.Reply { return engine.OK(renderOrgToggle(c, t)) })
				for name, act := range t.actions {
					rt.Handle("POST", t.path+"/"+name, manage, func(c *engine.Call) engine.Reply {
						orgSettings(c)
						act(c, c.Org.Get(tableOrgToggles, "", t.id))
						// Okta logs the action even when it changes
						// nothing (unverified; a repeated action is
						// harmless to an incremental plan).
						c.Emit(t.events[name], orgTarget(c))
						return engine.OK(renderOrgToggle(c, t))
					})
				}
			}
		},
	})
}

func renderOrgToggle(c *engine.Call, t orgToggle) engine.Obj {
	orgSettings(c)
	o := c.Org.Get(tableOrgToggles, "", t.id)
	if t.id == "support" && engine.Str(o, "support") == "ENABLED" && supportExpired(c, engine.Str(o, "expiration")) {
		o["support"], o["expiration"] = "DISABLED", nil
	}
	out := engine.CloneObj(o)
	delete(out, "id")
	links := engine.Obj{}
	for _, name := range t.links(o) {
		links[name] = engine.Obj{"href": c.Base + t.path + "/" + name, "hints": engine.Obj{"allow": []any{"POST"}}}
	}
	out["_links"] = links
	return out
}

// supportExpiry is from (or now, when from is empty or past) plus d, in
// Okta's date format.
func supportExpiry(c *engine.Call, from string, d time.Duration) string {
	now, _ := time.Parse("2006-01-02T15:04:05.000Z", c.Org.Timestamp())
	start := now
	if t, err := time.Parse("2006-01-02T15:04:05.000Z", from); err == nil && t.After(now) {
		start = t
	}
	return start.Add(d).Format("2006-01-02T15:04:05.000Z")
}

func supportExpired(c *engine.Call, exp string) bool {
	t, err := time.Parse("2006-01-02T15:04:05.000Z", exp)
	return err == nil && t.Format("2006-01-02T15:04:05.000Z") <= c.Org.Timestamp()
}
