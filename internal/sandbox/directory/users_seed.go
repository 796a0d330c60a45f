package directory

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// seedUsers makes the super administrator who owns the API token: ACTIVE,
// with a password nobody knows, in Everyone and Okta Administrators.
func seedUsers(c *engine.Call) error {
	login := "admin@sandbox.example.com"
	id := AddUser(c, login)
	admin := c.Org.Get(engine.TableUsers, "", id)
	admin["passwordChanged"] = admin["created"]
	admin["profile"].(engine.Obj)["firstName"] = "Sandbox"
	admin["profile"].(engine.Obj)["lastName"] = "Administrator"
	admin["credentials"].(engine.Obj)["password"] = engine.Obj{}
	c.Org.AdminID = id
	if gid := builtInGroupID(c, "Okta Administrators"); gid != "" {
		groupAddMember(c, gid, id)
	}
	return nil
}
