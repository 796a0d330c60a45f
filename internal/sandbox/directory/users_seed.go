package directory

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// seedUsers makes the super administrator who owns the API token: ACTIVE,
// with a password nobody knows, in Everyone and Okta Administrators.
func seedUsers(c *engine.Call) error {
	now := c.Org.Timestamp()
	id := c.Org.NewID("00u")
	typeID := ""
	if t := userTypeDefault(c); t != nil {
		typeID = engine.Str(t, "id")
	}
	var realm any
	if r := defaultRealm(c); r != nil {
		realm = engine.Str(r, "id")
	}
	login := "admin@sandbox.example.com"
	admin := engine.Obj{
		"id": id, "status": userActive, "created": now, "activated": now, "statusChanged": now,
		"lastLogin": nil, "lastUpdated": now, "passwordChanged": now, "realmId": realm,
		"type":    engine.Obj{"id": typeID},
		"profile": engine.Obj{"firstName": "Sandbox", "lastName": "Administrator", "email": login, "login": login, "mobilePhone": nil, "secondEmail": nil},
		"credentials": engine.Obj{
			"password": engine.Obj{},
			"provider": engine.Obj{"type": "OKTA", "name": "OKTA"},
		},
	}
	c.Org.Put(engine.TableUsers, "", id, admin)
	userIndexLogin(c, id, "", login)
	c.Org.AdminID = id
	userJoinDefaultGroups(c, id)
	if gid := builtInGroupID(c, "Okta Administrators"); gid != "" {
		groupAddMember(c, gid, id)
	}
	return nil
}
