package testkinds

import (
	"encoding/base32"
	"net/http"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Test group role assignments stand for a group's admin role assignments
// (GET|POST /api/v1/groups/{groupId}/roles, GET|DELETE …/{roleAssignmentId};
// no update) and their group targets (GET …/targets/groups, a Link-paged
// list of the groups, 20 a page at most as recorded; PUT|DELETE
// …/targets/groups/{groupId}, 204). As recorded, a standard role that takes
// targets gets the base32 of its type as its ID, the same for every
// assignee (APP_ADMIN: IFIFAX2BIRGUSTQ); other roles get ordinary IDs. The
// last target cannot be removed: an unscoped role is a new assignment.
const (
	tableAssignments = "testGroupRoles"       // parent = group id
	tableTargets     = "testGroupRoleTargets" // parent = group id + "/" + assignment id
	assignments      = "/api/v1/groups/{groupId}/testkinds/roles"
)

// targetable are the standard roles that take group targets.
var targetable = map[string]bool{"USER_ADMIN": true, "HELP_DESK_ADMIN": true, "GROUP_MEMBERSHIP_ADMIN": true, "APP_ADMIN": true}

// standard are the standard role types and their labels.
var standard = map[string]string{
	"SUPER_ADMIN": "Super Administrator", "ORG_ADMIN": "Organization Administrator", "APP_ADMIN": "Application Administrator",
	"USER_ADMIN": "Group Administrator", "HELP_DESK_ADMIN": "Help Desk Administrator", "READ_ONLY_ADMIN": "Read-only Administrator",
	"GROUP_MEMBERSHIP_ADMIN": "Group Membership Administrator", "REPORT_ADMIN": "Report Administrator",
}

func init() {
	engine.Register(engine.Module{
		Name: "test-role-assignments", Phase: 90,
		Routes: func(rt *engine.Router) {
			item := assignments + "/{roleAssignmentId}"
			rt.Handle("GET", assignments, scope("GET"), func(c *engine.Call) engine.Reply {
				g, err := group(c)
				if err != nil {
					return engine.Fail(err)
				}
				var out []any
				for _, a := range c.Org.List(tableAssignments, g) {
					out = append(out, renderAssignment(c, g, a))
				}
				if out == nil {
					out = []any{}
				}
				return engine.OK(out)
			})
			rt.Handle("POST", assignments, scope("POST"), assign)
			rt.Handle("GET", item, scope("GET"), func(c *engine.Call) engine.Reply {
				g, a, err := assignment(c)
				if err != nil {
					return engine.Fail(err)
				}
				return engine.OK(renderAssignment(c, g, a))
			})
			rt.Handle("DELETE", item, scope("DELETE"), func(c *engine.Call) engine.Reply {
				g, a, err := assignment(c)
				if err != nil {
					return engine.Fail(err)
				}
				c.Org.Remove(tableAssignments, g, engine.Str(a, "id"))
				c.Org.DropTable(tableTargets, g+"/"+engine.Str(a, "id"))
				return engine.NoContent()
			})
			rt.Handle("GET", item+"/targets/groups", scope("GET"), func(c *engine.Call) engine.Reply {
				g, a, err := assignment(c)
				if err != nil {
					return engine.Fail(err)
				}
				var groups []engine.Obj
				for _, t := range c.Org.List(tableTargets, g+"/"+engine.Str(a, "id")) {
					if grp := c.Org.Get(engine.TableGroups, "", engine.Str(t, "id")); grp != nil {
						groups = append(groups, grp)
					}
				}
				page, hdr := engine.Page(c, engine.PageSpec{Def: 20, Max: 20, Cursor: true}, groups, func(o engine.Obj) string { return engine.Str(o, "id") })
				out := make([]any, len(page))
				for i, grp := range page {
					out[i] = renderGroup(c, grp)
				}
				return engine.Reply{Status: http.StatusOK, Body: out, Header: hdr}
			})
			rt.Handle("PUT", item+"/targets/groups/{targetId}", scope("PUT"), func(c *engine.Call) engine.Reply {
				g, a, err := assignment(c)
				if err != nil {
					return engine.Fail(err)
				}
				t := c.Param("targetId")
				switch {
				case !targetable[engine.Str(a, "type")]:
					return engine.Fail(engine.ErrValidation("targets", "the role "+engine.Str(a, "type")+" takes no group targets"))
				case c.Org.Get(engine.TableGroups, "", t) == nil:
					return engine.Fail(engine.ErrNotFound(t, "UserGroup"))
				}
				c.Org.Put(tableTargets, g+"/"+engine.Str(a, "id"), t, engine.Obj{"id": t})
				return engine.NoContent()
			})
			rt.Handle("DELETE", item+"/targets/groups/{targetId}", scope("DELETE"), func(c *engine.Call) engine.Reply {
				g, a, err := assignment(c)
				if err != nil {
					return engine.Fail(err)
				}
				key, t := g+"/"+engine.Str(a, "id"), c.Param("targetId")
				switch {
				case c.Org.Get(tableTargets, key, t) == nil:
					return engine.Fail(engine.ErrNotFound(t, "UserGroup"))
				case len(c.Org.List(tableTargets, key)) == 1:
					return engine.Fail(engine.ErrBadRequest("You can't remove the last group target from a role assignment."))
				}
				c.Org.Remove(tableTargets, key, t)
				return engine.NoContent()
			})
		},
		OnDelete: map[string]engine.DeleteHook{
			// A deleted group takes its role assignments with it, and
			// leaves the assignments it was a target of.
			engine.TableGroups: func(c *engine.Call, _ string, cur engine.Obj) {
				id := engine.Str(cur, "id")
				for _, a := range c.Org.List(tableAssignments, id) {
					c.Org.DropTable(tableTargets, id+"/"+engine.Str(a, "id"))
				}
				c.Org.DropTable(tableAssignments, id)
				for _, key := range c.Org.Parents(tableTargets) {
					c.Org.Remove(tableTargets, key, id)
				}
			},
		},
	})
}

func group(c *engine.Call) (string, *engine.APIError) {
	g := c.Param("groupId")
	if c.Org.Get(engine.TableGroups, "", g) == nil {
		return "", engine.ErrNotFound(g, "UserGroup")
	}
	return g, nil
}

func assignment(c *engine.Call) (string, engine.Obj, *engine.APIError) {
	g, err := group(c)
	if err != nil {
		return "", nil, err
	}
	id := c.Param("roleAssignmentId")
	a := c.Org.Get(tableAssignments, g, id)
	if a == nil {
		return "", nil, engine.ErrNotFound(id, "Role")
	}
	return g, a, nil
}

func assign(c *engine.Call) engine.Reply {
	g, err := group(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	typ := engine.Str(body, "type")
	a := engine.Obj{"type": typ, "status": "ACTIVE", "assignmentType": "GROUP"}
	id := ""
	switch {
	case typ == "CUSTOM":
		r := byIDOrLabel(c, tableRoles, engine.Str(body, "role"))
		s := byIDOrLabel(c, tableResourceSets, engine.Str(body, "resource-set"))
		if r == nil || s == nil {
			return engine.Fail(engine.ErrValidation("role", "a custom role needs an existing role and resource-set"))
		}
		a["role"], a["resource-set"], a["label"] = engine.Str(r, "id"), engine.Str(s, "id"), engine.Str(r, "label")
		id = c.Org.NewID("irb")
	case standard[typ] != "":
		a["label"] = standard[typ]
		if targetable[typ] {
			id = base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte(typ))
		} else {
			id = c.Org.NewID("gra")
		}
	default:
		return engine.Fail(engine.ErrValidation("type", "type: not a role type"))
	}
	if c.Org.Find(tableAssignments, g, func(o engine.Obj) bool { return sameRole(o, a) }) != nil {
		return engine.Fail(engine.NewError(http.StatusConflict, "E0000090", "Duplicate role assignment exception."))
	}
	a["id"] = id
	stamp(c, a)
	c.Org.Put(tableAssignments, g, id, a)
	return engine.Reply{Status: http.StatusCreated, Body: renderAssignment(c, g, a)}
}

func sameRole(a, b engine.Obj) bool {
	return engine.Str(a, "type") == engine.Str(b, "type") && engine.Str(a, "role") == engine.Str(b, "role") &&
		engine.Str(a, "resource-set") == engine.Str(b, "resource-set")
}

func renderAssignment(c *engine.Call, g string, a engine.Obj) engine.Obj {
	out := engine.CloneObj(a)
	out["_links"] = engine.Obj{"assignee": engine.Obj{"href": c.Base + "/api/v1/groups/" + g}}
	return out
}

func renderGroup(c *engine.Call, g engine.Obj) engine.Obj {
	out := engine.CloneObj(g)
	out["_links"] = engine.Obj{"self": engine.Obj{"href": c.Base + "/api/v1/groups/" + engine.Str(g, "id")}}
	return out
}
