package sandbox

// GET /.well-known/okta-organization tells clients the org's id and
// pipeline; "idx" is an Identity Engine org, which is what every wave-1 kind
// (ACCESS_POLICY, authenticators) needs. It needs no token.
func init() {
	register(module{
		name: "well-known", phase: 0,
		routes: func(rt *router) {
			rt.handle("GET", "/.well-known/okta-organization", "", func(c *call) reply {
				return ok(Obj{
					"id":       c.o.OrgID,
					"pipeline": "idx",
					"settings": Obj{"analyticsCollectionEnabled": false, "bugReportingEnabled": true, "omEnabled": false},
					"_links": Obj{
						"organization": Obj{"href": c.base},
						"alternate":    Obj{"href": c.base},
					},
				})
			}).public = true
		},
	})
}
