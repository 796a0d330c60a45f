package directory

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// User types (api-facts §1.1). Every org has the default type `user`
// (`default: true`), which can't be deleted; up to nine more can be added.
// `name` is the identity key: set on create, never changed. PUT replaces
// displayName and description, POST updates them partially. Each type owns
// a user schema (schemas.go) whose id shares the type id's suffix with
// the prefix `osc` (oty5qwjvh0Vy1j8Kd1d7 → osc5qwjvh0Vy1j8Kd1d7, as the
// recordings TestAccResourceOktaUserType_crud and
// TestAccDataSourceOktaUserType_read show); it is created with the type,
// as a snapshot of the default type's schema, and dropped with it.
//
// The list is not paged. `_links` are {rel, href, method} objects without
// hints, exactly as the recordings show them.
var userTypesRes = &engine.Resource{
	Name: engine.TableUserTypes, TypeName: "UserType", Prefix: "oty", Area: "userTypes",
	Events: &engine.Events{Type: "UserType", Create: "user.type.create", Update: "user.type.update", Delete: "user.type.delete"},
	Coll:   "/api/v1/meta/types/user", IDParam: "typeId",
	CreateStatus: http.StatusOK, DeleteStatus: http.StatusNoContent, UpdateMethod: http.MethodPut,
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "displayName", Type: engine.TString, Required: true},
		{Path: "description", Type: engine.TString},
	},
	ReadOnly: []string{"createdBy", "lastUpdatedBy", "default"},
	Keep:     []string{"createdBy", "default", "name"},
	System:   func(o engine.Obj) bool { return engine.BoolAt(o, "default") },
}

// userTypeMax is Okta's limit: the default type plus nine (SPEC createUserType).
const userTypeMax = 10

// userTypeNamePattern is SPEC UserType.name.
var userTypeNamePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

func init() {
	userTypesRes.Prepare = prepareUserType
	userTypesRes.AfterCreate = func(c *engine.Call, _ string, obj engine.Obj) *engine.APIError {
		userSchemaCreateFor(c, engine.Str(obj, "id"))
		return nil
	}
	userTypesRes.BeforeDelete = func(c *engine.Call, _ string, cur engine.Obj) *engine.APIError {
		id := engine.Str(cur, "id")
		if c.Org.Find(engine.TableUsers, "", func(u engine.Obj) bool { return engine.Str(u, "type.id") == id }) != nil {
			return engine.NewError(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action", "Cannot delete a user type that is assigned to users")
		}
		return nil
	}
	userTypesRes.AfterDelete = func(c *engine.Call, _ string, cur engine.Obj) {
		c.Org.Remove("schemas", "", userSchemaIDForType(engine.Str(cur, "id")))
	}
	userTypesRes.Links = func(c *engine.Call, _ string, o engine.Obj, l engine.Obj) {
		id := engine.Str(o, "id")
		l["self"] = userTypeLink("self", c.Base+"/api/v1/meta/types/user/"+id)
		l["schema"] = userTypeLink("schema", c.Base+"/api/v1/meta/schemas/user/"+userSchemaIDForType(id))
	}
	engine.Register(engine.Module{
		Name: "user-types", Phase: 5,
		Routes: userTypeRoutes,
		Seed:   seedUserTypes,
		Sample: sampleUserTypes,
	})
}

// userTypeLink is the link shape Okta uses on user types and schemas.
func userTypeLink(rel, href string) engine.Obj {
	return engine.Obj{"rel": rel, "href": href, "method": "GET"}
}

func userTypeRoutes(rt *engine.Router) {
	res := userTypesRes
	item := res.ItemPattern()
	read, manage := engine.ScopeFor(res.Area, "GET"), engine.ScopeFor(res.Area, "POST")
	rt.Handle("GET", res.Coll, read, res.HandleList)
	rt.Handle("POST", res.Coll, manage, res.HandleCreate)
	rt.Handle("GET", item, read, func(c *engine.Call) engine.Reply {
		obj, err := userTypeLookup(c)
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(res.Render(c, "", obj))
	})
	rt.Handle("PUT", item, manage, func(c *engine.Call) engine.Reply {
		cur, err := userTypeLookup(c)
		if err != nil {
			return engine.Fail(err)
		}
		body, err := c.Body()
		if err != nil {
			return engine.Fail(err)
		}
		obj, err := res.Replace(c, "", engine.Str(cur, "id"), body)
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(res.Render(c, "", obj))
	})
	rt.Handle("POST", item, manage, updateUserType)
	rt.Handle("DELETE", item, manage, func(c *engine.Call) engine.Reply {
		cur, err := userTypeLookup(c)
		if err != nil {
			return engine.Fail(err)
		}
		if err := res.Remove(c, "", engine.Str(cur, "id")); err != nil {
			return engine.Fail(err)
		}
		return engine.NoContent()
	})
}

// userTypeLookup resolves the typeId path parameter; `default` names the
// default type (SPEC getUserType).
func userTypeLookup(c *engine.Call) (engine.Obj, *engine.APIError) {
	id := c.Param("typeId")
	if id == "default" {
		if t := userTypeDefault(c); t != nil {
			return t, nil
		}
	}
	return userTypesRes.Lookup(c, "", id)
}

// userTypeDefault returns the org's default user type.
func userTypeDefault(c *engine.Call) engine.Obj {
	return c.Org.Find(engine.TableUserTypes, "", func(o engine.Obj) bool { return engine.BoolAt(o, "default") })
}

// updateUserType is POST /api/v1/meta/types/user/{typeId}: a partial update
// of displayName and description (SPEC updateUserType). A null removes the
// description; `name` may be sent but not changed.
func updateUserType(c *engine.Call) engine.Reply {
	cur, err := userTypeLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	next := engine.Obj{"name": cur["name"], "displayName": cur["displayName"]}
	if d, ok := cur["description"]; ok {
		next["description"] = d
	}
	for _, k := range []string{"displayName", "description"} {
		v, sent := body[k]
		if !sent {
			continue
		}
		if v == nil && k == "description" {
			delete(next, k)
			continue
		}
		next[k] = v
	}
	if v, sent := body["name"]; sent && v != nil {
		next["name"] = v
	}
	obj, err := userTypesRes.Replace(c, "", engine.Str(cur, "id"), next)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(userTypesRes.Render(c, "", obj))
}

func prepareUserType(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	name := engine.Str(body, "name")
	if cur != nil {
		if name != engine.Str(cur, "name") {
			return engine.ErrValidation("name", "name: The name of an existing user type can't be changed")
		}
	} else {
		if !userTypeNamePattern.MatchString(name) {
			return engine.ErrValidation("name", "name: The name must start with a letter and contain only letters, digits and underscores")
		}
		dup := c.Org.Find(engine.TableUserTypes, "", func(o engine.Obj) bool { return strings.EqualFold(engine.Str(o, "name"), name) })
		if dup != nil {
			return engine.ErrValidation("name", "name: An object with this field already exists in the current organization")
		}
		if len(c.Org.List(engine.TableUserTypes, "")) >= userTypeMax {
			return engine.ErrValidation("userType", "userType: An org can have at most 10 user types, including the default type")
		}
	}
	if strings.TrimSpace(engine.Str(body, "displayName")) == "" {
		return engine.ErrValidation("displayName", "displayName: The field cannot be left blank")
	}
	actor := c.Org.AdminID
	if cur == nil {
		if actor == "" {
			actor = userTypeSystemPrincipal(c)
		}
		body["createdBy"] = actor
		body["default"] = false
	} else if actor == "" {
		actor = engine.Str(cur, "lastUpdatedBy")
	}
	body["lastUpdatedBy"] = actor
	return nil
}

// userTypeSystemPrincipal is the `spr…` principal Okta names as the creator
// of the default type (recording TestAccDataSourceOktaUserType_read). It is
// the default type's createdBy, or a new one while seeding.
func userTypeSystemPrincipal(c *engine.Call) string {
	if t := userTypeDefault(c); t != nil && strings.HasPrefix(engine.Str(t, "createdBy"), "spr") {
		return engine.Str(t, "createdBy")
	}
	return c.Org.NewID("spr")
}

// userTypeByName finds a user type for sample building and cross-kind lookups.
func userTypeByName(c *engine.Call, name string) engine.Obj {
	return c.Org.Find(engine.TableUserTypes, "", func(o engine.Obj) bool { return engine.Str(o, "name") == name })
}
