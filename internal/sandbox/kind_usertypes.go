package sandbox

import (
	"net/http"
	"regexp"
	"strings"
)

// User types (api-facts §1.1). Every org has the default type `user`
// (`default: true`), which can't be deleted; up to nine more can be added.
// `name` is the identity key: set on create, never changed. PUT replaces
// displayName and description, POST updates them partially. Each type owns
// a user schema (kind_schemas.go) whose id shares the type id's suffix with
// the prefix `osc` (oty5qwjvh0Vy1j8Kd1d7 → osc5qwjvh0Vy1j8Kd1d7, as the
// recordings TestAccResourceOktaUserType_crud and
// TestAccDataSourceOktaUserType_read show); it is created with the type,
// as a snapshot of the default type's schema, and dropped with it.
//
// The list is not paged. `_links` are {rel, href, method} objects without
// hints, exactly as the recordings show them.
var userTypesRes = &resource{
	name: "userTypes", typeName: "UserType", prefix: "oty", area: "userTypes",
	coll: "/api/v1/meta/types/user", idParam: "typeId",
	createStatus: http.StatusOK, deleteStatus: http.StatusNoContent, updateMethod: http.MethodPut,
	fields: []field{
		{path: "name", typ: tString, required: true},
		{path: "displayName", typ: tString, required: true},
		{path: "description", typ: tString},
	},
	readOnly: []string{"createdBy", "lastUpdatedBy", "default"},
	keep:     []string{"createdBy", "default", "name"},
	system:   func(o Obj) bool { return boolAt(o, "default") },
}

// userTypeMax is Okta's limit: the default type plus nine (SPEC createUserType).
const userTypeMax = 10

// userTypeNamePattern is SPEC UserType.name.
var userTypeNamePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

func init() {
	userTypesRes.prepare = prepareUserType
	userTypesRes.afterCreate = func(c *call, _ string, obj Obj) *apiError {
		userSchemaCreateFor(c, str(obj, "id"))
		return nil
	}
	userTypesRes.beforeDelete = func(c *call, _ string, cur Obj) *apiError {
		id := str(cur, "id")
		if c.o.find("users", "", func(u Obj) bool { return str(u, "type.id") == id }) != nil {
			return newError(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action", "Cannot delete a user type that is assigned to users")
		}
		return nil
	}
	userTypesRes.afterDelete = func(c *call, _ string, cur Obj) {
		c.o.remove("schemas", "", userSchemaIDForType(str(cur, "id")))
	}
	userTypesRes.links = func(c *call, _ string, o Obj, l Obj) {
		id := str(o, "id")
		l["self"] = userTypeLink("self", c.base+"/api/v1/meta/types/user/"+id)
		l["schema"] = userTypeLink("schema", c.base+"/api/v1/meta/schemas/user/"+userSchemaIDForType(id))
	}
	register(module{
		name: "user-types", phase: 5,
		routes: userTypeRoutes,
		seed:   seedUserTypes,
		sample: sampleUserTypes,
	})
}

// userTypeLink is the link shape Okta uses on user types and schemas.
func userTypeLink(rel, href string) Obj {
	return Obj{"rel": rel, "href": href, "method": "GET"}
}

func userTypeRoutes(rt *router) {
	res := userTypesRes
	item := res.itemPattern()
	read, manage := scopeFor(res.area, "GET"), scopeFor(res.area, "POST")
	rt.handle("GET", res.coll, read, res.handleList)
	rt.handle("POST", res.coll, manage, res.handleCreate)
	rt.handle("GET", item, read, func(c *call) reply {
		obj, err := userTypeLookup(c)
		if err != nil {
			return fail(err)
		}
		return ok(res.render(c, "", obj))
	})
	rt.handle("PUT", item, manage, func(c *call) reply {
		cur, err := userTypeLookup(c)
		if err != nil {
			return fail(err)
		}
		body, err := c.body()
		if err != nil {
			return fail(err)
		}
		obj, err := res.replace(c, "", str(cur, "id"), body)
		if err != nil {
			return fail(err)
		}
		return ok(res.render(c, "", obj))
	})
	rt.handle("POST", item, manage, updateUserType)
	rt.handle("DELETE", item, manage, func(c *call) reply {
		cur, err := userTypeLookup(c)
		if err != nil {
			return fail(err)
		}
		if err := res.remove(c, "", str(cur, "id")); err != nil {
			return fail(err)
		}
		return noContent()
	})
}

// userTypeLookup resolves the typeId path parameter; `default` names the
// default type (SPEC getUserType).
func userTypeLookup(c *call) (Obj, *apiError) {
	id := c.param("typeId")
	if id == "default" {
		if t := userTypeDefault(c); t != nil {
			return t, nil
		}
	}
	return userTypesRes.lookup(c, "", id)
}

// userTypeDefault returns the org's default user type.
func userTypeDefault(c *call) Obj {
	return c.o.find("userTypes", "", func(o Obj) bool { return boolAt(o, "default") })
}

// updateUserType is POST /api/v1/meta/types/user/{typeId}: a partial update
// of displayName and description (SPEC updateUserType). A null removes the
// description; `name` may be sent but not changed.
func updateUserType(c *call) reply {
	cur, err := userTypeLookup(c)
	if err != nil {
		return fail(err)
	}
	body, err := c.body()
	if err != nil {
		return fail(err)
	}
	next := Obj{"name": cur["name"], "displayName": cur["displayName"]}
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
	obj, err := userTypesRes.replace(c, "", str(cur, "id"), next)
	if err != nil {
		return fail(err)
	}
	return ok(userTypesRes.render(c, "", obj))
}

func prepareUserType(c *call, _ string, body, cur Obj) *apiError {
	name := str(body, "name")
	if cur != nil {
		if name != str(cur, "name") {
			return errValidation("name", "name: The name of an existing user type can't be changed")
		}
	} else {
		if !userTypeNamePattern.MatchString(name) {
			return errValidation("name", "name: The name must start with a letter and contain only letters, digits and underscores")
		}
		dup := c.o.find("userTypes", "", func(o Obj) bool { return strings.EqualFold(str(o, "name"), name) })
		if dup != nil {
			return errValidation("name", "name: An object with this field already exists in the current organization")
		}
		if len(c.o.list("userTypes", "")) >= userTypeMax {
			return errValidation("userType", "userType: An org can have at most 10 user types, including the default type")
		}
	}
	if strings.TrimSpace(str(body, "displayName")) == "" {
		return errValidation("displayName", "displayName: The field cannot be left blank")
	}
	actor := c.o.AdminID
	if cur == nil {
		if actor == "" {
			actor = userTypeSystemPrincipal(c)
		}
		body["createdBy"] = actor
		body["default"] = false
	} else if actor == "" {
		actor = str(cur, "lastUpdatedBy")
	}
	body["lastUpdatedBy"] = actor
	return nil
}

// userTypeSystemPrincipal is the `spr…` principal Okta names as the creator
// of the default type (recording TestAccDataSourceOktaUserType_read). It is
// the default type's createdBy, or a new one while seeding.
func userTypeSystemPrincipal(c *call) string {
	if t := userTypeDefault(c); t != nil && strings.HasPrefix(str(t, "createdBy"), "spr") {
		return str(t, "createdBy")
	}
	return c.o.newID("spr")
}

func seedUserTypes(c *call) error {
	obj, err := userTypesRes.insert(c, "", Obj{
		"name":        "user",
		"displayName": "User",
		"description": "Okta user profile template with default permission settings",
	}, nil)
	if err != nil {
		return err
	}
	obj["default"] = true
	return nil
}

// userTypeByName finds a user type for sample building and cross-kind lookups.
func userTypeByName(c *call, name string) Obj {
	return c.o.find("userTypes", "", func(o Obj) bool { return str(o, "name") == name })
}

func sampleUserTypes(c *call) error {
	for _, t := range [][3]string{
		{"contractor", "Contractor", "External contractors engaged through an agency"},
		{"partner", "Partner", "Employees of partner companies with portal access"},
		{"serviceAccount", "Service Account", "Non-human accounts used by integrations"},
		{"customer", "Customer", "Customer identities for the support portal"},
	} {
		if _, err := userTypesRes.insert(c, "", Obj{"name": t[0], "displayName": t[1], "description": t[2]}, nil); err != nil {
			return err
		}
	}
	return nil
}
