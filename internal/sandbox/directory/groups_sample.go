package directory

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// groupByName finds a group for sample building and cross-kind lookups.
func groupByName(c *engine.Call, name string) engine.Obj {
	return c.Org.Find(engine.TableGroups, "", func(o engine.Obj) bool { return engine.Str(o, "profile.name") == name })
}

func sampleGroups(c *engine.Call) error {
	for _, g := range [][2]string{
		{"Engineering", "Software engineers"},
		{"Engineering Managers", "People managers in engineering"},
		{"Sales", "Account executives and sales engineers"},
		{"Support", "Customer support"},
		{"Finance", "Finance and accounting"},
		{"Contractors", "External contractors with limited access"},
		{"Admins - Break Glass", "Emergency administrators"},
		{"VPN Users", "Users allowed on the corporate VPN"},
		{"Portal Users", "Users of the customer portal"},
		{"All Employees", "Every full-time employee"},
	} {
		if _, err := groupsRes.Insert(c, "", engine.Obj{"profile": engine.Obj{"name": g[0], "description": g[1]}}, nil); err != nil {
			return err
		}
	}
	return nil
}
