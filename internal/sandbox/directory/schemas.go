package directory

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Profile schemas (api-facts §1.1): the user schema of each user type and
// the org's single group schema. Both are JSON Schema (draft 4) documents
// with Okta's fixed `#base` subschema and the org's `#custom` one. Neither
// is created or deleted through the API: a user schema comes and goes with
// its user type (usertypes.go), the group schema always exists.
//
// POST is a partial update (SPEC updateUserProfile, updateGroupSchema):
// custom properties merge in, attribute by attribute, and a property (or an
// attribute's option) sent as null is removed. Base properties allow only
// the changes Okta documents: permissions, the mastering, the nullability
// of firstName and lastName, and a pattern; the group schema's base can't
// be changed at all.
//
// Table "schemas" holds one object per schema: the group schema under the
// id "group", each user schema under its `osc…` id. A stored object is
// {id, created, lastUpdated, definitions}; the rest of the document (its
// URL id, name, title, description, properties, _links) is rendered per
// request, the user schema's name/title/description from its user type, as
// the recordings show (name "user", title "User", the default type's
// description).

const (
	schemaDraft04     = "http://json-schema.org/draft-04/schema#"
	groupSchemaKey    = "group"
	schemaUniqueMax   = 5 // unique custom properties per user type / group schema
	schemaUniqueValue = "UNIQUE_VALIDATED"
)

func init() {
	engine.Register(engine.Module{
		Name: "schemas", Phase: 12,
		Routes: schemaRoutes,
		Seed:   seedGroupSchema,
		Sample: sampleSchemas,
	})
}

func schemaRoutes(rt *engine.Router) {
	read, manage := engine.ScopeFor("schemas", "GET"), engine.ScopeFor("schemas", "POST")
	rt.Handle("GET", "/api/v1/meta/schemas/user/{schemaId}", read, func(c *engine.Call) engine.Reply {
		s, t, err := userSchemaLookup(c)
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(userSchemaRender(c, s, t))
	})
	rt.Handle("POST", "/api/v1/meta/schemas/user/{schemaId}", manage, func(c *engine.Call) engine.Reply {
		s, t, err := userSchemaLookup(c)
		if err != nil {
			return engine.Fail(err)
		}
		body, err := c.Body()
		if err != nil {
			return engine.Fail(err)
		}
		if err := schemaUpdate(c, s, body, false); err != nil {
			return engine.Fail(err)
		}
		userSchemaTouchType(c, s, t)
		// Okta logs a change in the Profile Editor as an update of the
		// user type's profile (event-type catalog).
		c.Emit("directory.user_profile.update", engine.Target{ID: engine.Str(t, "id"), Type: "UserType", DisplayName: engine.Str(t, "displayName")})
		return engine.OK(userSchemaRender(c, s, t))
	})
	rt.Handle("GET", "/api/v1/meta/schemas/group/default", read, func(c *engine.Call) engine.Reply {
		return engine.OK(groupSchemaRender(c, groupSchema(c)))
	})
	rt.Handle("POST", "/api/v1/meta/schemas/group/default", manage, func(c *engine.Call) engine.Reply {
		body, err := c.Body()
		if err != nil {
			return engine.Fail(err)
		}
		s := groupSchema(c)
		if err := schemaUpdate(c, s, body, true); err != nil {
			return engine.Fail(err)
		}
		// Okta's catalog has no event for the group profile schema; the
		// name follows its directory.user_profile.update and
		// directory.app_user_profile.update (unverified, docs/sandbox.md).
		c.Emit("directory.group_profile.update", engine.Target{ID: engine.Str(s, "id"), Type: "GroupSchema", DisplayName: "Group"})
		return engine.OK(groupSchemaRender(c, s))
	})
}

// userSchemaIDForType is the `osc…` id of a user type's schema: the type
// id's suffix behind Okta's schema prefix.
func userSchemaIDForType(typeID string) string {
	if len(typeID) < 3 {
		return "osc" + typeID
	}
	return "osc" + typeID[3:]
}

// userSchemaTypeID is the inverse of userSchemaIDForType.
func userSchemaTypeID(schemaID string) string {
	if len(schemaID) < 3 {
		return "oty" + schemaID
	}
	return "oty" + schemaID[3:]
}

// userSchemaLookup resolves {schemaId}: `default` or an `osc…` id.
func userSchemaLookup(c *engine.Call) (schema, userType engine.Obj, err *engine.APIError) {
	id := c.Param("schemaId")
	if id == "default" {
		if t := userTypeDefault(c); t != nil {
			id = userSchemaIDForType(engine.Str(t, "id"))
		}
	}
	s := c.Org.Get("schemas", "", id)
	t := c.Org.Get(engine.TableUserTypes, "", userSchemaTypeID(id))
	if s == nil || t == nil {
		return nil, nil, engine.ErrNotFound(c.Param("schemaId"), "UserSchema")
	}
	return s, t, nil
}

// userSchemaCreateFor creates the schema of a new user type: a snapshot of
// the default type's schema (SPEC createUserType: later changes to the
// default schema don't propagate), or the pristine Okta schema for the
// default type itself.
func userSchemaCreateFor(c *engine.Call, typeID string) engine.Obj {
	var defs engine.Obj
	if t := userTypeDefault(c); t != nil && engine.Str(t, "id") != typeID {
		if ds := c.Org.Get("schemas", "", userSchemaIDForType(engine.Str(t, "id"))); ds != nil {
			defs = engine.CloneObj(ds["definitions"].(map[string]any))
		}
	}
	if defs == nil {
		defs = engine.Obj{"base": userSchemaBase(), "custom": schemaCustomEmpty()}
	}
	now := c.Org.Timestamp()
	id := userSchemaIDForType(typeID)
	s := engine.Obj{"id": id, "created": now, "lastUpdated": now, "definitions": defs}
	c.Org.Put("schemas", "", id, s)
	return s
}

func schemaCustomEmpty() engine.Obj {
	return engine.Obj{"id": "#custom", "type": "object", "properties": engine.Obj{}}
}

// groupSchema returns the stored group schema, creating it if a saved state
// predates it.
func groupSchema(c *engine.Call) engine.Obj {
	if s := c.Org.Get("schemas", "", groupSchemaKey); s != nil {
		return s
	}
	_ = seedGroupSchema(c)
	return c.Org.Get("schemas", "", groupSchemaKey)
}

// schemaProfileProperties is the document's root `properties`.
func schemaProfileProperties() engine.Obj {
	return engine.Obj{"profile": engine.Obj{"allOf": []any{
		engine.Obj{"$ref": "#/definitions/custom"},
		engine.Obj{"$ref": "#/definitions/base"},
	}}}
}

// userSchemaTouchType marks the user type as updated with its schema: in
// the recording TestAccDataSourceOktaUserType_read the default type, created
// years before by a system principal, shows a lastUpdated seconds old and
// lastUpdatedBy the API token's admin, while other tests were changing the
// default schema.
func userSchemaTouchType(c *engine.Call, s, t engine.Obj) {
	t["lastUpdated"] = s["lastUpdated"]
	if c.Org.AdminID != "" {
		t["lastUpdatedBy"] = c.Org.AdminID
	}
}

func userSchemaRender(c *engine.Call, s, t engine.Obj) engine.Obj {
	oscID := engine.Str(s, "id")
	urlID := oscID
	if engine.BoolAt(t, "default") {
		urlID = "default"
	}
	out := engine.Obj{
		"id":          c.Base + "/meta/schemas/user/" + urlID,
		"$schema":     schemaDraft04,
		"name":        engine.Str(t, "name"),
		"title":       engine.Str(t, "displayName"),
		"created":     s["created"],
		"lastUpdated": s["lastUpdated"],
		"definitions": engine.Clone(s["definitions"]),
		"type":        "object",
		"properties":  schemaProfileProperties(),
	}
	if d, ok := t["description"].(string); ok {
		out["description"] = d
	}
	if c.Base != "" {
		out["_links"] = engine.Obj{
			"self": userTypeLink("self", c.Base+"/api/v1/meta/schemas/user/"+oscID),
			"type": userTypeLink("type", c.Base+"/api/v1/meta/types/user/"+engine.Str(t, "id")),
		}
	}
	return out
}

func groupSchemaRender(c *engine.Call, s engine.Obj) engine.Obj {
	out := engine.Obj{
		"id":          c.Base + "/meta/schemas/group/default",
		"$schema":     schemaDraft04,
		"name":        "group",
		"title":       "Okta group",
		"description": "Okta group profile template",
		"created":     s["created"],
		"lastUpdated": s["lastUpdated"],
		"definitions": engine.Clone(s["definitions"]),
		"type":        "object",
		"properties":  schemaProfileProperties(),
	}
	if c.Base != "" {
		out["_links"] = engine.Obj{"self": userTypeLink("self", c.Base+"/api/v1/meta/schemas/group/default")}
	}
	return out
}
