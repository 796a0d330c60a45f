package testkinds

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Test custom roles stand for custom admin roles (GET|POST
// /api/v1/iam/roles, GET|PUT|DELETE …/{roleIdOrLabel}) and their
// permissions (GET …/permissions → {permissions:[…]}, POST|PUT|DELETE
// …/permissions/{permissionType} with body {conditions}). The create takes
// label, description and the permissions' types, all required; PUT changes
// only label and description; GET of a role does not return its
// permissions, and a permission without conditions lists "conditions":
// null (TestAccResourceOktaAdminRoleCustom_crud).
const (
	tableRoles       = "testRoles"
	tablePermissions = "testRolePermissions" // parent = role id
)

func init() {
	engine.Register(engine.Module{
		Name: "test-roles", Phase: 90,
		Routes: func(rt *engine.Router) {
			coll := base + "/roles"
			item := coll + "/{roleIdOrLabel}"
			perm := item + "/permissions/{permissionType}"
			rt.Handle("GET", coll, scope("GET"), func(c *engine.Call) engine.Reply {
				return wrapped(c, "roles", 20, 100, c.Org.List(tableRoles, ""), func(o engine.Obj) engine.Obj { return renderRole(c, o) })
			})
			rt.Handle("POST", coll, scope("POST"), createRole)
			rt.Handle("GET", item, scope("GET"), func(c *engine.Call) engine.Reply {
				r, err := role(c)
				if err != nil {
					return engine.Fail(err)
				}
				return engine.OK(renderRole(c, r))
			})
			rt.Handle("PUT", item, scope("PUT"), replaceRole)
			rt.Handle("DELETE", item, scope("DELETE"), func(c *engine.Call) engine.Reply {
				r, err := role(c)
				if err != nil {
					return engine.Fail(err)
				}
				c.Org.Remove(tableRoles, "", engine.Str(r, "id"))
				c.Org.DropTable(tablePermissions, engine.Str(r, "id"))
				return engine.NoContent()
			})
			rt.Handle("GET", item+"/permissions", scope("GET"), func(c *engine.Call) engine.Reply {
				r, err := role(c)
				if err != nil {
					return engine.Fail(err)
				}
				return wrapped(c, "permissions", 0, 0, c.Org.List(tablePermissions, engine.Str(r, "id")),
					func(p engine.Obj) engine.Obj { return renderPermission(c, r, p) })
			})
			rt.Handle("POST", perm, scope("POST"), func(c *engine.Call) engine.Reply { return writePermission(c, true) })
			rt.Handle("PUT", perm, scope("PUT"), func(c *engine.Call) engine.Reply { return writePermission(c, false) })
			rt.Handle("DELETE", perm, scope("DELETE"), func(c *engine.Call) engine.Reply {
				r, err := role(c)
				if err != nil {
					return engine.Fail(err)
				}
				t := c.Param("permissionType")
				if c.Org.Get(tablePermissions, engine.Str(r, "id"), t) == nil {
					return engine.Fail(engine.ErrNotFound(t, "Permission"))
				}
				c.Org.Remove(tablePermissions, engine.Str(r, "id"), t)
				return engine.NoContent()
			})
		},
	})
}

func role(c *engine.Call) (engine.Obj, *engine.APIError) {
	key := c.Param("roleIdOrLabel")
	if r := byIDOrLabel(c, tableRoles, key); r != nil {
		return r, nil
	}
	return nil, engine.ErrNotFound(key, "CustomRole")
}

func createRole(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	label, desc := engine.Str(body, "label"), engine.Str(body, "description")
	perms, isList := body["permissions"].([]any)
	switch {
	case label == "" || desc == "" || !isList || len(perms) == 0:
		return engine.Fail(engine.ErrValidation("label, description and permissions are required",
			"label: a value is required", "description: a value is required", "permissions: at least one is required"))
	case byIDOrLabel(c, tableRoles, label) != nil:
		return engine.Fail(engine.ErrValidation("label", "label: a role with this label already exists"))
	}
	id := c.Org.NewID("cr0")
	r := engine.Obj{"id": id, "label": label, "description": desc}
	stamp(c, r)
	for _, p := range perms {
		t, ok := p.(string)
		if !ok || t == "" {
			return engine.Fail(engine.ErrValidation("permissions", "permissions: each is a permission type"))
		}
		pm := engine.Obj{"label": t, "conditions": nil} // as recorded: null when none
		stamp(c, pm)
		c.Org.Put(tablePermissions, id, t, pm)
	}
	c.Org.Put(tableRoles, "", id, r)
	return engine.OK(renderRole(c, r))
}

func replaceRole(c *engine.Call) engine.Reply {
	r, err := role(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	label, desc := engine.Str(body, "label"), engine.Str(body, "description")
	if label == "" || desc == "" {
		return engine.Fail(engine.ErrValidation("label and description are required"))
	}
	if other := byIDOrLabel(c, tableRoles, label); other != nil && engine.Str(other, "id") != engine.Str(r, "id") {
		return engine.Fail(engine.ErrValidation("label", "label: a role with this label already exists"))
	}
	r["label"], r["description"], r["lastUpdated"] = label, desc, c.Org.Timestamp()
	return engine.OK(renderRole(c, r))
}

// writePermission adds (POST, 204) or replaces (PUT, 200) one permission.
func writePermission(c *engine.Call, add bool) engine.Reply {
	r, err := role(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	id, t := engine.Str(r, "id"), c.Param("permissionType")
	cur := c.Org.Get(tablePermissions, id, t)
	switch {
	case add && cur != nil:
		return engine.Fail(engine.ErrValidation("permission", "permissionType: the role already has "+t))
	case !add && cur == nil:
		return engine.Fail(engine.ErrNotFound(t, "Permission"))
	}
	p := engine.Obj{"label": t, "conditions": nil} // as recorded: null when none
	if cond, ok := body["conditions"]; ok && cond != nil {
		p["conditions"] = engine.Clone(cond)
	}
	stamp(c, p)
	if cur != nil {
		p["created"] = cur["created"]
	}
	c.Org.Put(tablePermissions, id, t, p)
	if add {
		return engine.NoContent()
	}
	return engine.OK(renderPermission(c, r, p))
}

func renderRole(c *engine.Call, r engine.Obj) engine.Obj {
	out := engine.CloneObj(r)
	self := c.Base + base + "/roles/" + engine.Str(r, "id")
	out["_links"] = engine.Obj{"self": engine.Obj{"href": self}, "permissions": engine.Obj{"href": self + "/permissions"}}
	return out
}

func renderPermission(c *engine.Call, r, p engine.Obj) engine.Obj {
	out := engine.CloneObj(p)
	role := c.Base + base + "/roles/" + engine.Str(r, "id")
	out["_links"] = engine.Obj{"self": engine.Obj{"href": role + "/permissions/" + engine.Str(p, "label")}, "role": engine.Obj{"href": role}}
	return out
}
