package identitysources

import (
	"net/http"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// The real-time user endpoints (spec v6.1.0 createIdentitySourceUser,
// getIdentitySourceUser, updateIdentitySourceUsers,
// deleteIdentitySourceUser): a user is addressed by its external ID. As
// recorded (VCR TestAccResourceOktaIdentitySourceUser_basic): create
// answers 200 with the user, delete 200 with no body (the spec says 204).
// The System Log events are the catalog's import detail events
// (system.import.user.*), unverified for these endpoints.

func userByExternalID(c *engine.Call, src, ext string) engine.Obj {
	return c.Org.Find(tableUsers, src, func(o engine.Obj) bool { return engine.Str(o, "externalId") == ext })
}

func userTarget(u engine.Obj) engine.Target {
	return engine.Target{ID: engine.Str(u, "id"), Type: "AppUser", DisplayName: engine.Str(u, "profile.userName"), AlternateID: engine.Str(u, "profile.email")}
}

func createUser(c *engine.Call) engine.Reply {
	src := c.Param("identitySourceId")
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	ext := engine.Str(body, "externalId")
	if cause := checkExternalID(ext, 512); cause != "" {
		return engine.Fail(engine.ErrValidation("externalId", cause))
	}
	if cause := checkProfile(body["profile"], "userName", "email"); cause != "" {
		return engine.Fail(engine.ErrValidation("profile", cause))
	}
	if userByExternalID(c, src, ext) != nil {
		// Unverified text.
		return engine.Fail(engine.ErrValidation("externalId", "externalId: A user with this external ID already exists in the identity source"))
	}
	profile, _ := body["profile"].(map[string]any)
	u := newUser(c, ext, profile, c.Org.Timestamp())
	c.Org.Put(tableUsers, src, engine.Str(u, "id"), u)
	c.Emit("system.import.user.create", userTarget(u), sourceTarget(c, src))
	return engine.OK(render(u))
}

func getUser(c *engine.Call) engine.Reply {
	ext := c.Param("externalId")
	u := userByExternalID(c, c.Param("identitySourceId"), ext)
	if u == nil {
		return notFound(ext, "IdentitySourceUser")
	}
	return engine.OK(render(u))
}

// updateUser is PATCH with the whole profile (the spec requires userName
// and email in it); the profile is replaced.
func updateUser(c *engine.Call) engine.Reply {
	src, ext := c.Param("identitySourceId"), c.Param("externalId")
	u := userByExternalID(c, src, ext)
	if u == nil {
		return notFound(ext, "IdentitySourceUser")
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if cause := checkProfile(body["profile"], "userName", "email"); cause != "" {
		return engine.Fail(engine.ErrValidation("profile", cause))
	}
	u["profile"] = engine.Clone(body["profile"])
	u["lastUpdated"] = c.Org.Timestamp()
	c.Emit("system.import.user.update", userTarget(u), sourceTarget(c, src))
	return engine.OK(render(u))
}

// deleteUser removes the user and its group memberships.
func deleteUser(c *engine.Call) engine.Reply {
	src, ext := c.Param("identitySourceId"), c.Param("externalId")
	u := userByExternalID(c, src, ext)
	if u == nil {
		return notFound(ext, "IdentitySourceUser")
	}
	c.Org.Remove(tableUsers, src, engine.Str(u, "id"))
	for _, g := range c.Org.List(tableGroups, src) {
		removeMemberFrom(g, ext)
	}
	c.Emit("system.import.user.delete", userTarget(u), sourceTarget(c, src))
	return engine.Reply{Status: http.StatusOK}
}
