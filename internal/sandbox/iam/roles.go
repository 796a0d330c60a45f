package iam

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Custom admin roles (SPEC IamRole, CreateIamRoleRequest; VCR
// TestAccResourceOktaAdminRoleCustom_crud): POST {label, description,
// permissions[]} answers 200 with the role and no permissions; PUT changes
// label and description only; the permissions are their own endpoints
// (permissions.go). The path takes the role's id or its label.
const roleType = "Role"

// permissionName is the shape of an Okta permission (okta.users.read,
// okta.apps.assignment.manage). Okta keeps adding permissions, so the
// sandbox checks the shape rather than a list that would go stale.
var permissionName = regexp.MustCompile(`^okta(\.[A-Za-z]+){2,}$`)

func init() {
	engine.Register(engine.Module{
		Name: "custom-admin-roles", Phase: 70,
		Routes: func(rt *engine.Router) {
			coll := "/api/v1/iam/roles"
			item := coll + "/{roleIdOrLabel}"
			rt.Handle("GET", coll, engine.ScopeFor(scopeArea, "GET"), listRoles)
			rt.Handle("POST", coll, engine.ScopeFor(scopeArea, "POST"), createRole)
			rt.Handle("GET", item, engine.ScopeFor(scopeArea, "GET"), getRole)
			rt.Handle("PUT", item, engine.ScopeFor(scopeArea, "PUT"), replaceRole)
			rt.Handle("DELETE", item, engine.ScopeFor(scopeArea, "DELETE"), deleteRole)
			permissionRoutes(rt, item)
		},
		Sample:   sampleRoles,
		Generate: generateRoles,
	})
}

func roleHref(c *engine.Call, id string) string {
	return adminBase(c.Base) + "/api/v1/iam/roles/" + id
}

func renderRole(c *engine.Call, r engine.Obj) engine.Obj {
	out := render(r)
	if c.Base != "" {
		self := roleHref(c, engine.Str(r, "id"))
		out["_links"] = engine.Obj{"permissions": href(self + "/permissions"), "self": href(self)}
	}
	return out
}

func lookupRole(c *engine.Call) (engine.Obj, *engine.APIError) {
	key := c.Param("roleIdOrLabel")
	r := byIDOrLabel(c, tblRoles, key)
	if r == nil {
		return nil, engine.ErrNotFound(key, roleType)
	}
	return r, nil
}

func listRoles(c *engine.Call) engine.Reply {
	page, links := bodyPage(c, c.Org.List(tblRoles, ""), func(o engine.Obj) string { return engine.Str(o, "id") }, nil)
	out := make([]any, len(page))
	for i, r := range page {
		out[i] = renderRole(c, r)
	}
	return engine.OK(engine.Obj{"roles": out, "_links": links})
}

// roleFields are what create and replace require (SPEC
// CreateIamRoleRequest, UpdateIamRoleRequest).
var roleFields = []engine.Field{
	{Path: "label", Type: engine.TString, Required: true},
	{Path: "description", Type: engine.TString, Required: true},
}

// checkLabel refuses an empty label and one another object of the table
// already has (labels are unique, SPEC "Unique label for the role").
func checkLabel(c *engine.Call, table, label, selfID string) *engine.APIError {
	if strings.TrimSpace(label) == "" {
		return engine.ErrValidation("label", "label: The field cannot be left blank")
	}
	if o := c.Org.Find(table, "", func(o engine.Obj) bool { return strings.EqualFold(engine.Str(o, "label"), label) }); o != nil && engine.Str(o, "id") != selfID {
		return engine.ErrValidation("label", "label: An object with this field already exists in the current organization")
	}
	return nil
}

func createRole(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, append(roleFields, engine.Field{Path: "permissions", Type: engine.TArray, Required: true})); err != nil {
		return engine.Fail(err)
	}
	r, err := insertRole(c, engine.Str(body, "label"), engine.Str(body, "description"), body["permissions"].([]any))
	if err != nil {
		return engine.Fail(err)
	}
	c.Emit(evRoleCreate, roleTarget(r))
	return engine.Reply{Status: http.StatusOK, Body: renderRole(c, r), Header: selfLink(roleHref(c, engine.Str(r, "id")))}
}

// insertRole makes a role with its permissions: the path of the API and
// of --sample.
func insertRole(c *engine.Call, label, description string, perms []any) (engine.Obj, *engine.APIError) {
	if err := checkLabel(c, tblRoles, label, ""); err != nil {
		return nil, err
	}
	if len(perms) == 0 {
		return nil, engine.ErrValidation("permissions", "permissions: The field cannot be left blank")
	}
	var names []string
	for _, p := range perms {
		s, ok := p.(string)
		if !ok {
			return nil, engine.ErrMalformed()
		}
		if !permissionName.MatchString(s) {
			return nil, engine.ErrValidation("permissions", "permissions: '"+s+"' is not a permission")
		}
		names = append(names, s)
	}
	now := c.Org.Timestamp()
	r := engine.Obj{
		"id": c.Org.NewID("cr0"), "label": label, "description": description,
		"isCloneable": false, "created": now, "lastUpdated": now,
	}
	id := engine.Str(r, "id")
	c.Org.Put(tblRoles, "", id, r)
	for _, n := range names {
		if c.Org.Get(tblPermissions, id, n) == nil {
			c.Org.Put(tblPermissions, id, n, engine.Obj{"label": n, "conditions": nil, "created": now, "lastUpdated": now})
		}
	}
	return r, nil
}

func getRole(c *engine.Call) engine.Reply {
	r, err := lookupRole(c)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.Reply{Status: http.StatusOK, Body: renderRole(c, r), Header: selfLink(roleHref(c, engine.Str(r, "id")))}
}

// replaceRole is PUT {label, description}; permissions in the body are
// ignored, as Okta changes them only through their own endpoints.
func replaceRole(c *engine.Call) engine.Reply {
	r, err := lookupRole(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, roleFields); err != nil {
		return engine.Fail(err)
	}
	if err := checkLabel(c, tblRoles, engine.Str(body, "label"), engine.Str(r, "id")); err != nil {
		return engine.Fail(err)
	}
	r["label"], r["description"] = engine.Str(body, "label"), engine.Str(body, "description")
	r["lastUpdated"] = c.Org.Timestamp()
	c.Emit(evRoleUpdate, roleTarget(r))
	return engine.Reply{Status: http.StatusOK, Body: renderRole(c, r), Header: selfLink(roleHref(c, engine.Str(r, "id")))}
}

// deleteRole refuses a role that a resource set still binds: the bindings
// (and with them the admins' access) go first. Okta's answer for this case
// is not recorded; refusing makes a client that deletes in dependency
// order right against both.
func deleteRole(c *engine.Call) engine.Reply {
	r, err := lookupRole(c)
	if err != nil {
		return engine.Fail(err)
	}
	id := engine.Str(r, "id")
	for _, set := range c.Org.List(tblSets, "") {
		if c.Org.Get(tblBindings, engine.Str(set, "id"), id) != nil {
			return engine.Fail(engine.ErrValidation("role",
				"role: The role is bound to the resource set "+engine.Str(set, "label")+"; delete the binding first"))
		}
	}
	c.Org.Remove(tblRoles, "", id)
	c.Org.DropTable(tblPermissions, id)
	c.Emit(evRoleDelete, roleTarget(r))
	return engine.NoContent()
}
