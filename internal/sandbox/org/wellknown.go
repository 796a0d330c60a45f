package org

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// GET /.well-known/okta-organization tells clients the org's id and
// pipeline; "idx" is an Identity Engine org, which is what every wave-1 kind
// (ACCESS_POLICY, authenticators) needs. It needs no token.
func init() {
	engine.Register(engine.Module{
		Name: "well-known", Phase: 0,
		Routes: func(rt *engine.Router) {
			rt.Handle("GET", "/.well-known/okta-organization", "", func(c *engine.Call) engine.Reply {
				return engine.OK(engine.Obj{
					"id":       c.Org.OrgID,
					"pipeline": "idx",
					"settings": engine.Obj{"analyticsCollectionEnabled": false, "bugReportingEnabled": true, "omEnabled": false},
					"_links": engine.Obj{
						"organization": engine.Obj{"href": c.Base},
						"alternate":    engine.Obj{"href": c.Base},
					},
				})
			}).Public = true
		},
	})
}
