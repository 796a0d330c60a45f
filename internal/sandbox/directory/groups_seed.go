package directory

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func seedGroups(c *engine.Call) error {
	for _, g := range []struct{ name, desc string }{
		{"Everyone", "All users in your organization"},
		{"Okta Administrators", "Okta manages this group, which contains all administrators in your organization."},
	} {
		obj, err := groupsRes.Insert(c, "", engine.Obj{"profile": engine.Obj{"name": g.name, "description": g.desc}}, nil)
		if err != nil {
			return err
		}
		obj["type"] = "BUILT_IN"
		c.Org.Put(tableBuiltInGroups, "", g.name, engine.Obj{"id": g.name, "groupId": engine.Str(obj, "id")})
	}
	return nil
}
