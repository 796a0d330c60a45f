package directory

import (
	"net/http"
	"slices"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Group membership (SPEC assignUserToGroup, unassignUserFromGroup,
// listGroupUsers, listUserGroups). It is stored in both directions so
// that either side lists in O(its size): groupMembers (parent = group
// id, one {id: userId} per member, in join order) and userGroups (parent
// = user id, one {id: groupId} per group). Every user is a member of
// Everyone from creation on, which is why Everyone comes first in a
// user's groups (TestAccDataSourceOktaGroup_read#8); the members of the
// BUILT_IN groups are Okta's to manage, and changing them is refused with
// 403 E0000006. A user's groups show the full group with its _links; a
// group's users only a self link (TestAccDataSourceOktaGroup_read#10).
const (
	tableGroupMembers = engine.TableGroupMembers
	tableUserGroups   = "userGroups"
	// tableBuiltInGroups maps a BUILT_IN group's name to its id, so that
	// every new user joins Everyone without a scan of the groups table.
	tableBuiltInGroups = "builtInGroups"
)

func userGroupRoutes(rt *engine.Router) {
	read, manage := engine.ScopeFor("users", "GET"), engine.ScopeFor("groups", "PUT")
	rt.Handle("GET", "/api/v1/users/{userId}/groups", read, func(c *engine.Call) engine.Reply {
		u, err := userLookup(c, c.Param("userId"))
		if err != nil {
			return engine.Fail(err)
		}
		out := []any{}
		for _, gid := range userGroupIDsOf(c, engine.Str(u, "id")) {
			if g := c.Org.Get(engine.TableGroups, "", gid); g != nil {
				out = append(out, groupsRes.Render(c, "", g))
			}
		}
		return engine.OK(out)
	})
	rt.Handle("GET", "/api/v1/groups/{groupId}/users", engine.ScopeFor("groups", "GET"), listGroupUsers)
	rt.Handle("PUT", "/api/v1/groups/{groupId}/users/{userId}", manage, func(c *engine.Call) engine.Reply {
		g, u, err := membershipLookup(c)
		if err != nil {
			return engine.Fail(err)
		}
		groupAddMember(c, engine.Str(g, "id"), engine.Str(u, "id"))
		c.Emit("group.user_membership.add", usersRes.TargetOf(u), groupsRes.TargetOf(g))
		return engine.NoContent()
	})
	rt.Handle("DELETE", "/api/v1/groups/{groupId}/users/{userId}", engine.ScopeFor("groups", "DELETE"), func(c *engine.Call) engine.Reply {
		g, u, err := membershipLookup(c)
		if err != nil {
			return engine.Fail(err)
		}
		groupRemoveMember(c, engine.Str(g, "id"), engine.Str(u, "id"))
		c.Emit("group.user_membership.remove", usersRes.TargetOf(u), groupsRes.TargetOf(g))
		return engine.NoContent()
	})
}

// groupUsersPage is SPEC listGroupUsers: limit default 1000.
var groupUsersPage = engine.PageSpec{Def: 1000, Max: 1000, Cursor: true}

func listGroupUsers(c *engine.Call) engine.Reply {
	gid := c.Param("groupId")
	if c.Org.Get(engine.TableGroups, "", gid) == nil {
		return engine.Fail(engine.ErrNotFound(gid, groupsRes.TypeName))
	}
	members := c.Org.List(tableGroupMembers, gid)
	members, hdr := engine.Page(c, groupUsersPage, members, func(o engine.Obj) string { return engine.Str(o, "id") })
	out := make([]any, 0, len(members))
	for _, m := range members {
		if u := c.Org.Get(engine.TableUsers, "", engine.Str(m, "id")); u != nil {
			out = append(out, userRenderInList(c, u))
		}
	}
	return engine.Reply{Status: http.StatusOK, Body: out, Header: hdr}
}

// membershipLookup resolves {groupId} and {userId} of a membership change
// and refuses changes to BUILT_IN groups.
func membershipLookup(c *engine.Call) (engine.Obj, engine.Obj, *engine.APIError) {
	gid := c.Param("groupId")
	g := c.Org.Get(engine.TableGroups, "", gid)
	if g == nil {
		return nil, nil, engine.ErrNotFound(gid, groupsRes.TypeName)
	}
	u, err := userLookup(c, c.Param("userId"))
	if err != nil {
		return nil, nil, err
	}
	if engine.Str(g, "type") != "OKTA_GROUP" {
		return nil, nil, engine.NewError(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action",
			"The members of "+engine.Str(g, "profile.name")+" are managed by Okta")
	}
	return g, u, nil
}

// userGroupIDsOf lists the groups a user is in, in join order.
func userGroupIDsOf(c *engine.Call, uid string) []string {
	return engine.StringsAt(c.Org.Get(tableUserGroups, "", uid), "groupIds")
}

// setUserGroupIDs stores a user's groups (none: the row goes).
func setUserGroupIDs(c *engine.Call, uid string, ids []string) {
	if len(ids) == 0 {
		c.Org.Remove(tableUserGroups, "", uid)
		return
	}
	c.Org.Put(tableUserGroups, "", uid, engine.Obj{"id": uid, "groupIds": engine.AnyStrings(ids)})
}

// groupAddMember adds a user to a group (idempotent).
func groupAddMember(c *engine.Call, gid, uid string) {
	if c.Org.Get(tableGroupMembers, gid, uid) != nil {
		return
	}
	c.Org.Put(tableGroupMembers, gid, uid, engine.Obj{"id": uid})
	if row := c.Org.Get(tableUserGroups, "", uid); row != nil {
		row["groupIds"] = append(row["groupIds"].([]any), gid)
	} else {
		c.Org.Put(tableUserGroups, "", uid, engine.Obj{"id": uid, "groupIds": []any{gid}})
	}
	if g := c.Org.Get(engine.TableGroups, "", gid); g != nil {
		g["lastMembershipUpdated"] = c.Org.Timestamp()
	}
}

// groupRemoveMember removes a user from a group; a non-member is no error.
func groupRemoveMember(c *engine.Call, gid, uid string) {
	if c.Org.Get(tableGroupMembers, gid, uid) == nil {
		return
	}
	c.Org.Remove(tableGroupMembers, gid, uid)
	setUserGroupIDs(c, uid, slices.DeleteFunc(userGroupIDsOf(c, uid), func(x string) bool { return x == gid }))
	if g := c.Org.Get(engine.TableGroups, "", gid); g != nil {
		g["lastMembershipUpdated"] = c.Org.Timestamp()
	}
}

// groupDropMembers forgets a deleted group's memberships.
func groupDropMembers(c *engine.Call, gid string) {
	for _, m := range c.Org.List(tableGroupMembers, gid) {
		uid := engine.Str(m, "id")
		setUserGroupIDs(c, uid, slices.DeleteFunc(userGroupIDsOf(c, uid), func(x string) bool { return x == gid }))
	}
	c.Org.DropTable(tableGroupMembers, gid)
}

// userJoinDefaultGroups puts a new user in Everyone.
func userJoinDefaultGroups(c *engine.Call, uid string) {
	if gid := builtInGroupID(c, "Everyone"); gid != "" {
		groupAddMember(c, gid, uid)
	}
}

// builtInGroupID is the id of a BUILT_IN group (Everyone, Okta
// Administrators), from the index seedGroups writes; a state saved before
// the index existed gets it on first use.
func builtInGroupID(c *engine.Call, name string) string {
	if e := c.Org.Get(tableBuiltInGroups, "", name); e != nil {
		return engine.Str(e, "groupId")
	}
	g := c.Org.Find(engine.TableGroups, "", func(o engine.Obj) bool {
		return engine.Str(o, "type") == "BUILT_IN" && engine.Str(o, "profile.name") == name
	})
	if g == nil {
		return ""
	}
	c.Org.Put(tableBuiltInGroups, "", name, engine.Obj{"id": name, "groupId": engine.Str(g, "id")})
	return engine.Str(g, "id")
}
