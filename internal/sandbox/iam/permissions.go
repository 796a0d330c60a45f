package iam

import (
	"bytes"
	"io"
	"net/http"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// A custom role's permissions (SPEC Permission, Permissions): GET …/permissions
// → {permissions:[{label, conditions, created, lastUpdated, _links}]}, most
// recent first (VCR TestAccResourceOktaAdminRoleCustom_crud#8); POST
// …/permissions/{permissionType} {conditions?} → 204; PUT {conditions} →
// 200 with the permission; DELETE → 204. Table iamPermissions, parent =
// role id, keyed by the permission's name.
const permissionType = "Permission"

func permissionRoutes(rt *engine.Router, roleItem string) {
	coll := roleItem + "/permissions"
	item := coll + "/{permissionType}"
	rt.Handle("GET", coll, engine.ScopeFor(scopeArea, "GET"), listPermissions)
	rt.Handle("GET", item, engine.ScopeFor(scopeArea, "GET"), getPermission)
	rt.Handle("POST", item, engine.ScopeFor(scopeArea, "POST"), createPermission)
	rt.Handle("PUT", item, engine.ScopeFor(scopeArea, "PUT"), replacePermission)
	rt.Handle("DELETE", item, engine.ScopeFor(scopeArea, "DELETE"), deletePermission)
}

func renderPermission(c *engine.Call, roleID string, p engine.Obj) engine.Obj {
	out := render(p)
	if _, ok := out["conditions"]; !ok {
		out["conditions"] = nil
	}
	if c.Base != "" {
		role := roleHref(c, roleID)
		out["_links"] = engine.Obj{"role": href(role), "self": href(role + "/permissions/" + engine.Str(p, "label"))}
	}
	return out
}

func listPermissions(c *engine.Call) engine.Reply {
	r, err := lookupRole(c)
	if err != nil {
		return engine.Fail(err)
	}
	id := engine.Str(r, "id")
	var out []any
	for _, p := range newestFirst(c.Org.List(tblPermissions, id)) {
		out = append(out, renderPermission(c, id, p))
	}
	if out == nil {
		out = []any{}
	}
	return engine.OK(engine.Obj{"permissions": out})
}

func lookupPermission(c *engine.Call) (string, engine.Obj, *engine.APIError) {
	r, err := lookupRole(c)
	if err != nil {
		return "", nil, err
	}
	id, name := engine.Str(r, "id"), c.Param("permissionType")
	p := c.Org.Get(tblPermissions, id, name)
	if p == nil {
		return id, nil, engine.ErrNotFound(name, permissionType)
	}
	return id, p, nil
}

func getPermission(c *engine.Call) engine.Reply {
	roleID, p, err := lookupPermission(c)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(renderPermission(c, roleID, p))
}

// permissionBody reads {conditions}: an object or null (SPEC
// CreateUpdateIamRolePermissionRequest). The body is optional, and a JSON
// null stands for none: that is what the official SDK sends when the
// caller gives no conditions.
func permissionBody(c *engine.Call) (any, *engine.APIError) {
	if r := c.Request(); r != nil && r.Body != nil {
		data, err := io.ReadAll(io.LimitReader(r.Body, engine.MaxBody+1))
		if err != nil {
			return nil, engine.ErrMalformed()
		}
		if string(bytes.TrimSpace(data)) == "null" {
			return nil, nil
		}
		r.Body = io.NopCloser(bytes.NewReader(data))
	}
	body, err := c.Body()
	if err != nil {
		return nil, err
	}
	if err := engine.CheckShape(body, []engine.Field{{Path: "conditions", Type: engine.TObject}}); err != nil {
		return nil, err
	}
	return engine.Clone(body["conditions"]), nil
}

func createPermission(c *engine.Call) engine.Reply {
	r, err := lookupRole(c)
	if err != nil {
		return engine.Fail(err)
	}
	name := c.Param("permissionType")
	if !permissionName.MatchString(name) {
		return engine.Fail(engine.ErrValidation("permissionType", "permissionType: '"+name+"' is not a permission"))
	}
	cond, err := permissionBody(c)
	if err != nil {
		return engine.Fail(err)
	}
	id := engine.Str(r, "id")
	if c.Org.Get(tblPermissions, id, name) != nil {
		return engine.Fail(engine.ErrValidation("permissionType", "permissionType: The role already has the permission "+name))
	}
	now := c.Org.Timestamp()
	c.Org.Put(tblPermissions, id, name, engine.Obj{"label": name, "conditions": cond, "created": now, "lastUpdated": now})
	r["lastUpdated"] = now
	c.Emit(evPermissionAdd, roleTarget(r))
	return engine.Reply{Status: http.StatusNoContent}
}

func replacePermission(c *engine.Call) engine.Reply {
	roleID, p, err := lookupPermission(c)
	if err != nil {
		return engine.Fail(err)
	}
	cond, err := permissionBody(c)
	if err != nil {
		return engine.Fail(err)
	}
	p["conditions"] = cond
	p["lastUpdated"] = c.Org.Timestamp()
	emitRole(c, evPermissionSet, roleID)
	return engine.OK(renderPermission(c, roleID, p))
}

func deletePermission(c *engine.Call) engine.Reply {
	roleID, p, err := lookupPermission(c)
	if err != nil {
		return engine.Fail(err)
	}
	c.Org.Remove(tblPermissions, roleID, engine.Str(p, "label"))
	emitRole(c, evPermissionDel, roleID)
	return engine.NoContent()
}
