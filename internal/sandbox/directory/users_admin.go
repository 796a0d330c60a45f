package directory

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// AddUser makes an ACTIVE user with login (also the email), as an admin
// would in the Admin Console: stored with its login index and in Everyone,
// like a user POST /api/v1/users?activate=true makes. Tests use it for
// users that configuration names by login (oktasync never creates users).
// It returns the user's ID.
func AddUser(c *engine.Call, login string) string {
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
	c.Org.Put(engine.TableUsers, "", id, engine.Obj{
		"id": id, "status": userActive, "created": now, "activated": now, "statusChanged": now,
		"lastLogin": nil, "lastUpdated": now, "passwordChanged": nil, "realmId": realm,
		"type":    engine.Obj{"id": typeID},
		"profile": engine.Obj{"firstName": "Test", "lastName": "User", "email": login, "login": login, "mobilePhone": nil, "secondEmail": nil},
		"credentials": engine.Obj{
			"provider": engine.Obj{"type": "OKTA", "name": "OKTA"},
		},
	})
	userIndexLogin(c, id, "", login)
	userJoinDefaultGroups(c, id)
	return id
}
