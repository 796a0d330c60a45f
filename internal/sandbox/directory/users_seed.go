package directory

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func seedUsers(c *engine.Call) error {
	now := c.Org.Timestamp()
	id := c.Org.NewID("00u")
	typeID := ""
	if t := c.Org.Find(engine.TableUserTypes, "", func(o engine.Obj) bool { return engine.BoolAt(o, "default") }); t != nil {
		typeID = engine.Str(t, "id")
	}
	admin := engine.Obj{
		"id": id, "status": "ACTIVE", "created": now, "activated": now, "statusChanged": now,
		"lastLogin": nil, "lastUpdated": now, "passwordChanged": now,
		"type":    engine.Obj{"id": typeID},
		"profile": engine.Obj{"firstName": "Sandbox", "lastName": "Administrator", "email": "admin@sandbox.example.com", "login": "admin@sandbox.example.com", "mobilePhone": nil, "secondEmail": nil},
		"credentials": engine.Obj{
			"password": engine.Obj{},
			"provider": engine.Obj{"type": "OKTA", "name": "OKTA"},
		},
	}
	c.Org.Put(engine.TableUsers, "", id, admin)
	c.Org.AdminID = id
	return nil
}
