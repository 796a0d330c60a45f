package testkinds

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// AddUser puts a user with login into the org, as an admin would make one
// (the sandbox's users have no create endpoint: oktasync never creates
// users), and returns the user's ID. Tests use it for users named by login.
func AddUser(s *engine.Server, login string) string {
	org := s.Org()
	org.Lock()
	defer org.Unlock()
	id := org.NewID("00u")
	now := org.Timestamp()
	org.Put(engine.TableUsers, "", id, engine.Obj{
		"id": id, "status": "ACTIVE", "created": now, "lastUpdated": now,
		"profile": engine.Obj{"login": login, "email": login, "firstName": "Test", "lastName": "User"},
	})
	return id
}
