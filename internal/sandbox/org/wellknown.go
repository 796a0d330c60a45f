package org

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// GET /.well-known/okta-organization tells clients the org's id, cell and
// pipeline; "idx" is an Identity Engine org, which is what every wave-1 kind
// (ACCESS_POLICY, authenticators) needs. It needs no token. The shape is
// the recorded one (94 recorded answers, 10 variants): the cell the org
// runs in, the organization link (no `alternate` without a custom
// domain), and the feature settings, all off but bug reporting.
func init() {
	engine.Register(engine.Module{
		Name: "well-known", Phase: 0,
		Routes: func(rt *engine.Router) {
			rt.Handle("GET", "/.well-known/okta-organization", "", func(c *engine.Call) engine.Reply {
				return engine.OK(engine.Obj{
					"id":       c.Org.OrgID,
					"cell":     orgCell,
					"pipeline": "idx",
					"settings": engine.Obj{
						"analyticsCollectionEnabled": false, "bugReportingEnabled": true, "omEnabled": false,
						"pssoEnabled": false, "desktopMFAEnabled": false, "itpEnabled": false, "op4wEnabled": false,
					},
					"_links": engine.Obj{"organization": engine.Obj{"href": c.Base}},
				})
			}).Public = true
		},
	})
}

// orgCell is the Okta cell a sandbox org says it runs in: a real cell name
// (the recordings show op1, op3 and ok14), so that clients which parse it
// see what they would see at Okta.
const orgCell = "op1"
