package identitysources

import (
	"net/http"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// The real-time group and membership endpoints (spec v6.1.0
// *IdentitySourceGroup*). A group is addressed by its Okta id or its
// external ID. As recorded (VCR TestAccResourceOktaIdentitySourceGroup_basic,
// _GroupMembership_basic, TestAccDataSourceOktaIdentitySourceGroupMemberships_read):
// create answers 200 with {id, externalId, profile: {displayName,
// description}} (the spec nests a second `profile`; Okta does not),
// delete 200 with no body (the spec says 204), a membership add or
// removal 204, and the membership list {memberExternalIds: […]} paged by
// `after` and `limit` with Link headers.

// membersPage: the spec caps limit at 1000; the default is unverified
// (the provider always sends limit=200).
var membersPage = engine.PageSpec{Def: 200, Max: 1000, Cursor: true}

func group(c *engine.Call) (engine.Obj, engine.Reply, bool) {
	src, key := c.Param("identitySourceId"), c.Param("groupOrExternalId")
	if g := c.Org.Get(tableGroups, src, key); g != nil {
		return g, engine.Reply{}, true
	}
	g := c.Org.Find(tableGroups, src, func(o engine.Obj) bool { return engine.Str(o, "externalId") == key })
	if g == nil {
		return nil, notFound(key, "IdentitySourceGroup"), false
	}
	return g, engine.Reply{}, true
}

func groupTarget(g engine.Obj) engine.Target {
	return engine.Target{ID: engine.Str(g, "id"), Type: "UserGroup", DisplayName: engine.Str(g, "profile.displayName"), AlternateID: engine.Str(g, "externalId")}
}

// groupBody validates a GroupsRequestSchema body.
func groupBody(c *engine.Call) (engine.Obj, *engine.APIError) {
	body, err := c.Body()
	if err != nil {
		return nil, err
	}
	if cause := checkProfile(body["profile"], "displayName"); cause != "" {
		return nil, engine.ErrValidation("profile", cause)
	}
	return body, nil
}

func createGroup(c *engine.Call) engine.Reply {
	src := c.Param("identitySourceId")
	body, err := groupBody(c)
	if err != nil {
		return engine.Fail(err)
	}
	ext := engine.Str(body, "externalId")
	if cause := checkExternalID(ext, 255); cause != "" {
		return engine.Fail(engine.ErrValidation("externalId", cause))
	}
	if c.Org.Find(tableGroups, src, func(o engine.Obj) bool { return engine.Str(o, "externalId") == ext }) != nil {
		// Unverified text.
		return engine.Fail(engine.ErrValidation("externalId", "externalId: A group with this external ID already exists in the identity source"))
	}
	profile, _ := body["profile"].(map[string]any)
	g := newGroup(c, ext, profile)
	c.Org.Put(tableGroups, src, engine.Str(g, "id"), g)
	c.Emit("system.import.group.create", groupTarget(g), sourceTarget(c, src))
	return engine.OK(render(g))
}

func getGroup(c *engine.Call) engine.Reply {
	g, fail, ok := group(c)
	if !ok {
		return fail
	}
	return engine.OK(render(g))
}

// updateGroup is POST with the group's profile, which replaces the stored
// one; the external ID cannot change.
func updateGroup(c *engine.Call) engine.Reply {
	g, fail, ok := group(c)
	if !ok {
		return fail
	}
	body, err := groupBody(c)
	if err != nil {
		return engine.Fail(err)
	}
	if ext := engine.Str(body, "externalId"); ext != "" && ext != engine.Str(g, "externalId") {
		return engine.Fail(engine.ErrValidation("externalId", "externalId: The external ID of a group can't be changed"))
	}
	profile, _ := body["profile"].(map[string]any)
	g["profile"] = groupProfile(profile)
	c.Emit("system.import.group.update", groupTarget(g), sourceTarget(c, c.Param("identitySourceId")))
	return engine.OK(render(g))
}

func deleteGroup(c *engine.Call) engine.Reply {
	g, fail, ok := group(c)
	if !ok {
		return fail
	}
	src := c.Param("identitySourceId")
	c.Org.Remove(tableGroups, src, engine.Str(g, "id"))
	c.Emit("system.import.group.delete", groupTarget(g), sourceTarget(c, src))
	return engine.Reply{Status: http.StatusOK}
}

func listMembers(c *engine.Call) engine.Reply {
	g, fail, ok := group(c)
	if !ok {
		return fail
	}
	items := make([]engine.Obj, 0)
	for _, m := range members(g) {
		items = append(items, engine.Obj{"id": m})
	}
	page, hdr := engine.Page(c, membersPage, items, func(o engine.Obj) string { return engine.Str(o, "id") })
	ids := make([]any, 0, len(page))
	for _, o := range page {
		ids = append(ids, o["id"])
	}
	return engine.Reply{Status: http.StatusOK, Body: engine.Obj{"memberExternalIds": ids}, Header: hdr}
}

// addMember adds an existing identity source user to the group; adding a
// member twice is not an error (unverified).
func addMember(c *engine.Call) engine.Reply {
	g, fail, ok := group(c)
	if !ok {
		return fail
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	ext := engine.Str(body, "memberExternalId")
	if ext == "" {
		return engine.Fail(engine.ErrValidation("memberExternalId", "memberExternalId: The field cannot be left blank"))
	}
	if userByExternalID(c, c.Param("identitySourceId"), ext) == nil {
		// Unverified: the spec lists 400 and 404.
		return notFound(ext, "IdentitySourceUser")
	}
	addMemberTo(g, ext)
	return engine.NoContent()
}

// removeMember is idempotent (unverified).
func removeMember(c *engine.Call) engine.Reply {
	g, fail, ok := group(c)
	if !ok {
		return fail
	}
	removeMemberFrom(g, c.Param("memberExternalId"))
	return engine.NoContent()
}
