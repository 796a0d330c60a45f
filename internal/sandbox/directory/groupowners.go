package directory

import (
	"net/http"
	"strings"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Group owners (v6 spec listGroupOwners, assignGroupOwner,
// deleteGroupOwner; recorded TestAccResourceOktaGroupOwners_*): the users
// and groups who own a group. Table groupOwners (parent = group id) keeps
// {id, type, resolved, originId, originType, lastUpdated}; displayName is
// the owner's current name. Recorded refusals: an owner assigned twice is
// 400 E0000001 "Api validation failed: owner"; an owner of the wrong type
// (a group id as a USER) is 404 E0000007 naming the expected type;
// removing someone who isn't an owner is 404 E0000007 "(LinkedObject)".
//
// lastUpdated is the one timestamp Okta does not write as ISO 8601: the
// assign answer has Java's Date form ("Thu Mar 05 08:36:28 UTC 2026") and
// the list the SQL one ("2026-03-05 08:36:29.0"), as recorded; the sandbox
// answers the same way (docs/sandbox.md).
const tableGroupOwners = "groupOwners"

var groupOwnersPage = engine.PageSpec{Def: 1000, Max: 1000, Cursor: true}

func groupOwnerRoutes(rt *engine.Router) {
	read, manage := engine.ScopeFor("groups", "GET"), engine.ScopeFor("groups", "POST")
	coll := "/api/v1/groups/{groupId}/owners"
	rt.Handle("GET", coll, read, listGroupOwners)
	rt.Handle("POST", coll, manage, assignGroupOwner)
	rt.Handle("DELETE", coll+"/{ownerId}", engine.ScopeFor("groups", "DELETE"), deleteGroupOwner)
}

func groupOwnerGroup(c *engine.Call) (engine.Obj, *engine.APIError) {
	gid := c.Param("groupId")
	g := c.Org.Get(engine.TableGroups, "", gid)
	if g == nil {
		return nil, engine.ErrNotFound(gid, groupsRes.TypeName)
	}
	return g, nil
}

// groupOwnerName is the owner's display name: a user's first and last
// name, a group's name.
func groupOwnerName(c *engine.Call, o engine.Obj) string {
	if engine.Str(o, "type") == "GROUP" {
		return engine.Str(c.Org.Get(engine.TableGroups, "", engine.Str(o, "id")), "profile.name")
	}
	u := c.Org.Get(engine.TableUsers, "", engine.Str(o, "id"))
	return strings.TrimSpace(engine.Str(u, "profile.firstName") + " " + engine.Str(u, "profile.lastName"))
}

// groupOwnerRender shows an owner, with lastUpdated in layout.
func groupOwnerRender(c *engine.Call, o engine.Obj, layout string) engine.Obj {
	out := engine.CloneObj(o)
	out["displayName"] = groupOwnerName(c, o)
	if t, err := time.Parse(time.RFC3339Nano, engine.Str(o, "lastUpdated")); err == nil {
		out["lastUpdated"] = t.UTC().Format(layout)
	}
	return out
}

const (
	ownerDateLayout = "Mon Jan 02 15:04:05 MST 2006" // java.util.Date.toString
	ownerListLayout = "2006-01-02 15:04:05.0"        // java.sql.Timestamp.toString
)

func listGroupOwners(c *engine.Call) engine.Reply {
	g, err := groupOwnerGroup(c)
	if err != nil {
		return engine.Fail(err)
	}
	items := c.Org.List(tableGroupOwners, engine.Str(g, "id"))
	if expr := strings.TrimSpace(c.Query().Get("search")); expr != "" {
		n, err := parseSearch(expr, nil)
		if err != nil {
			return engine.Fail(err)
		}
		kept := items[:0:0]
		for _, o := range items {
			if n.eval(groupOwnerRender(c, o, time.RFC3339)) {
				kept = append(kept, o)
			}
		}
		items = kept
	}
	items, hdr := engine.Page(c, groupOwnersPage, items, func(o engine.Obj) string { return engine.Str(o, "id") })
	out := make([]any, len(items))
	for i, o := range items {
		out[i] = groupOwnerRender(c, o, ownerListLayout)
	}
	return engine.Reply{Status: http.StatusOK, Body: out, Header: hdr}
}

func assignGroupOwner(c *engine.Call) engine.Reply {
	g, err := groupOwnerGroup(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	id, typ := engine.Str(body, "id"), engine.Str(body, "type")
	switch typ {
	case "USER":
		if c.Org.Get(engine.TableUsers, "", id) == nil {
			return engine.Fail(engine.ErrNotFound(id, "User"))
		}
	case "GROUP":
		if c.Org.Get(engine.TableGroups, "", id) == nil {
			return engine.Fail(engine.ErrNotFound(id, groupsRes.TypeName))
		}
	default:
		return engine.Fail(engine.ErrValidation("type", "type: '"+typ+"' is not a valid owner type; allowed: USER, GROUP"))
	}
	gid := engine.Str(g, "id")
	if c.Org.Get(tableGroupOwners, gid, id) != nil {
		return engine.Fail(engine.ErrValidation("owner", "Provided owner is already assigned to this group"))
	}
	o := engine.Obj{"id": id, "type": typ, "resolved": true, "originId": nil, "originType": "OKTA_DIRECTORY", "lastUpdated": c.Org.Timestamp()}
	c.Org.Put(tableGroupOwners, gid, id, o)
	return engine.Created(groupOwnerRender(c, o, ownerDateLayout))
}

func deleteGroupOwner(c *engine.Call) engine.Reply {
	g, err := groupOwnerGroup(c)
	if err != nil {
		return engine.Fail(err)
	}
	gid, id := engine.Str(g, "id"), c.Param("ownerId")
	if c.Org.Get(tableGroupOwners, gid, id) == nil {
		return engine.Fail(engine.ErrNotFound(id, "LinkedObject"))
	}
	c.Org.Remove(tableGroupOwners, gid, id)
	return engine.NoContent()
}

// dropOwner removes a deleted user or group from the groups it owned.
func dropOwner(c *engine.Call, id string) {
	for _, gid := range c.Org.Parents(tableGroupOwners) {
		c.Org.Remove(tableGroupOwners, gid, id)
	}
}
