package testkinds

import (
	"github.com/oktasync/oktasync/internal/sandbox/directory"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// AddUser puts a user with login into the org, as an admin would make one
// (oktasync never creates users), and returns the user's ID. Tests use it
// for users named by login.
func AddUser(s *engine.Server, login string) string {
	var id string
	s.Run(func(c *engine.Call) { id = directory.AddUser(c, login) })
	return id
}
