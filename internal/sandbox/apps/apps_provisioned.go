package apps

import (
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// --generate provisionedApps=N turns provisioning on for N of the generated
// apps: their features[] holds what Okta lists once provisioning is enabled
// (recorded values). Most real apps have none: features[] was empty in
// 1,039 of 1,061 recorded app responses (about 2%), which is what lets an
// exporter skip the features, connection and group-push lists of the
// others (coverage.md §3.2 item 8). The kinds that read those lists gate
// them on features[]; `make bench` generates 2% of its apps provisioned
// and reports the app sub-resource calls against their minimum.
func init() {
	engine.Register(engine.Module{
		Name: "provisionedApps", Phase: 42, // after the apps are generated
		Generate: func(c *engine.Call, n int) error {
			for _, app := range c.Org.List(engine.TableApps, "") {
				if n == 0 {
					break
				}
				if !strings.HasPrefix(engine.Str(app, "label"), "gen-app-") {
					continue
				}
				app["features"] = []any{"IMPORT_NEW_USERS", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION", "GROUP_PUSH"}
				n--
			}
			return nil
		},
	})
}
