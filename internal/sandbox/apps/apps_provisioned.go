package apps

import (
	"fmt"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// --generate provisionedApps=N turns provisioning on for N of the generated
// apps, through the same path as the API (a token, then activation): their
// connection is ENABLED, their features[] holds what Okta lists once
// provisioning is on, their features exist, and every other one of them
// pushes a generated group. Most real apps have none: features[] was empty
// in 1,039 of 1,061 recorded app responses (about 2%), which is what lets
// an exporter skip the features, connection and group-push lists of the
// others (coverage.md §3.2 item 8). The kinds that read those lists gate
// them on features[]; `make bench` generates 2% of its apps provisioned
// and reports the app sub-resource calls against their minimum.
func init() {
	engine.Register(engine.Module{
		Name: "provisionedApps", Phase: 42, // after the apps are generated
		Generate: func(c *engine.Call, n int) error {
			var groups []engine.Obj
			for _, g := range c.Org.List(engine.TableGroups, "") {
				if engine.Str(g, "type") == "OKTA_GROUP" {
					groups = append(groups, g)
				}
			}
			done := 0
			for _, app := range c.Org.List(engine.TableApps, "") {
				if done == n {
					break
				}
				if !strings.HasPrefix(engine.Str(app, "label"), "gen-app-") {
					continue
				}
				appID := engine.Str(app, "id")
				_, conn, err := appConnection(c, appID)
				if err != nil {
					return err
				}
				c.Org.Put(tableAppConnTokens, "", appID, engine.Obj{"token": c.Org.Secret(32)})
				conn["baseUrl"] = fmt.Sprintf("https://scim.example.com/%s/scim/v2", engine.Str(app, "label"))
				appProvisioningOn(c, app, conn)
				if done%2 == 0 && len(groups) > 0 {
					src := groups[done%len(groups)]
					target, terr := groupPushTarget(c, appID, "", engine.Str(src, "profile.name"))
					if terr != nil {
						return terr
					}
					now := c.Org.Timestamp()
					m := engine.Obj{"id": c.Org.NewID("gPm"), "sourceGroupId": engine.Str(src, "id"), "targetGroupId": engine.Str(target, "id"),
						"status": "ACTIVE", "created": now, "lastUpdated": now, "lastPush": now}
					c.Org.Put(tableAppGroupPush, appID, engine.Str(m, "id"), m)
				}
				done++
			}
			return nil
		},
	})
}
