package directory

import (
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Profile schemas (api-facts §1.1): the user schema of each user type and
// the org's single group schema. Both are JSON Schema (draft 4) documents
// with Okta's fixed `#base` subschema and the org's `#custom` one. Neither
// is created or deleted through the API: a user schema comes and goes with
// its user type (kind_usertypes.go), the group schema always exists.
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

// userSchemaBaseProps is Okta's base user profile as a fresh org has it
// (recordings TestAccResourceOktaIdpSocial_crud,
// TestAccResourceOktaUserSchema_enum_string): every property is a
// READ_WRITE, scope NONE, PROFILE_MASTER string.
var userSchemaBaseProps = []struct {
	name, title, format, perm string
	required                  bool
	minLength, maxLength      int
}{
	{"login", "Username", "", "READ_ONLY", true, 5, 100},
	{"firstName", "First name", "", "READ_WRITE", true, 1, 50},
	{"lastName", "Last name", "", "READ_WRITE", true, 1, 50},
	{"middleName", "Middle name", "", "READ_ONLY", false, 0, 0},
	{"honorificPrefix", "Honorific prefix", "", "READ_ONLY", false, 0, 0},
	{"honorificSuffix", "Honorific suffix", "", "READ_ONLY", false, 0, 0},
	{"email", "Primary email", "email", "READ_WRITE", true, 0, 0},
	{"title", "Title", "", "READ_ONLY", false, 0, 0},
	{"displayName", "Display name", "", "READ_ONLY", false, 0, 0},
	{"nickName", "Nickname", "", "READ_ONLY", false, 0, 0},
	{"profileUrl", "Profile Url", "uri", "READ_ONLY", false, 0, 0},
	{"secondEmail", "Secondary email", "email", "READ_WRITE", false, 0, 0},
	{"mobilePhone", "Mobile phone", "", "READ_WRITE", false, 0, 100},
	{"primaryPhone", "Primary phone", "", "HIDE", false, 0, 100},
	{"streetAddress", "Street address", "", "HIDE", false, 0, 0},
	{"city", "City", "", "HIDE", false, 0, 0},
	{"state", "State", "", "HIDE", false, 0, 0},
	{"zipCode", "Zip code", "", "HIDE", false, 0, 0},
	{"countryCode", "Country code", "country-code", "HIDE", false, 0, 0},
	{"postalAddress", "Postal Address", "", "HIDE", false, 0, 0},
	{"preferredLanguage", "Preferred language", "language-code", "READ_ONLY", false, 0, 0},
	{"locale", "Locale", "locale", "READ_ONLY", false, 0, 0},
	{"timezone", "Time zone", "timezone", "READ_ONLY", false, 0, 0},
	{"userType", "User type", "", "READ_ONLY", false, 0, 0},
	{"employeeNumber", "Employee number", "", "READ_ONLY", false, 0, 0},
	{"costCenter", "Cost center", "", "READ_ONLY", false, 0, 0},
	{"organization", "Organization", "", "READ_ONLY", false, 0, 0},
	{"division", "Division", "", "READ_ONLY", false, 0, 0},
	{"department", "Department", "", "READ_ONLY", false, 0, 0},
	{"managerId", "ManagerId", "", "READ_ONLY", false, 0, 0},
	{"manager", "Manager", "", "READ_ONLY", false, 0, 0},
}

func userSchemaBase() engine.Obj {
	props := engine.Obj{}
	var required []any
	for _, p := range userSchemaBaseProps {
		a := engine.Obj{
			"title": p.title, "type": "string", "mutability": "READ_WRITE", "scope": "NONE",
			"permissions": []any{engine.Obj{"principal": "SELF", "action": p.perm}},
			"master":      engine.Obj{"type": "PROFILE_MASTER"},
		}
		if p.required {
			a["required"] = true
			required = append(required, p.name)
		}
		if p.format != "" {
			a["format"] = p.format
		}
		if p.minLength > 0 {
			a["minLength"] = engine.JSONInt(p.minLength)
		}
		if p.maxLength > 0 {
			a["maxLength"] = engine.JSONInt(p.maxLength)
		}
		props[p.name] = a
	}
	return engine.Obj{"id": "#base", "type": "object", "properties": props, "required": required}
}

// groupSchemaBase is the group profile's base: name and description
// (SPEC GroupSchemaBaseProperties; required ["name"] per SPEC
// GroupSchemaResponse).
func groupSchemaBase() engine.Obj {
	attr := func(title string, maxLength int, required bool) engine.Obj {
		a := engine.Obj{
			"title": title, "description": title, "type": "string",
			"mutability": "READ_WRITE", "scope": "NONE", "maxLength": engine.JSONInt(maxLength),
			"permissions": []any{engine.Obj{"principal": "SELF", "action": "READ_ONLY"}},
			"master":      engine.Obj{"type": "OKTA"},
		}
		if required {
			a["required"] = true
		}
		return a
	}
	return engine.Obj{"id": "#base", "type": "object", "required": []any{"name"}, "properties": engine.Obj{
		"name":        attr("Name", 255, true),
		"description": attr("Description", 1024, false),
	}}
}

func seedGroupSchema(c *engine.Call) error {
	now := c.Org.Timestamp()
	c.Org.Put("schemas", "", groupSchemaKey, engine.Obj{
		"id": groupSchemaKey, "created": now, "lastUpdated": now,
		"definitions": engine.Obj{"base": groupSchemaBase(), "custom": schemaCustomEmpty()},
	})
	return nil
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

// schemaUpdate applies a partial update to a stored schema, atomically: on
// any error the schema is left as it was.
func schemaUpdate(c *engine.Call, s, body engine.Obj, group bool) *engine.APIError {
	defs := s["definitions"].(map[string]any)
	base := engine.CloneObj(defs["base"].(map[string]any))
	custom := engine.CloneObj(defs["custom"].(map[string]any))
	if raw, sent := body["definitions"]; sent && raw != nil {
		dm, ok := raw.(map[string]any)
		if !ok {
			return engine.ErrMalformed()
		}
		if sub, err := schemaSubschemaProps(dm, "base"); err != nil {
			return err
		} else if sub != nil {
			if err := schemaUpdateBase(base, sub, group); err != nil {
				return err
			}
		}
		if sub, err := schemaSubschemaProps(dm, "custom"); err != nil {
			return err
		} else if sub != nil {
			if err := schemaUpdateCustom(c, base, custom, sub, group); err != nil {
				return err
			}
		}
	}
	defs["base"] = base
	defs["custom"] = custom
	s["lastUpdated"] = c.Org.Timestamp()
	return nil
}

// schemaSubschemaProps returns definitions.<part>.properties from a request
// body, nil when absent.
func schemaSubschemaProps(dm engine.Obj, part string) (engine.Obj, *engine.APIError) {
	raw, sent := dm[part]
	if !sent || raw == nil {
		return nil, nil
	}
	sm, ok := raw.(map[string]any)
	if !ok {
		return nil, engine.ErrMalformed()
	}
	props, sent := sm["properties"]
	if !sent || props == nil {
		return nil, nil
	}
	pm, ok := props.(map[string]any)
	if !ok {
		return nil, engine.ErrMalformed()
	}
	return pm, nil
}

// schemaBaseChangeable reports whether a base property's option may change:
// permissions and mastering on any property, `required` on firstName and
// lastName only, and a pattern (api-facts §1.1; TF's base-schema tests set
// a pattern on login and on firstName).
func schemaBaseChangeable(prop, key string) bool {
	switch key {
	case "permissions", "master", "pattern":
		return true
	case "required":
		return prop == "firstName" || prop == "lastName"
	}
	return false
}

func schemaUpdateBase(base, sent engine.Obj, group bool) *engine.APIError {
	props := base["properties"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(sent)) {
		v := sent[name]
		cur, exists := props[name].(map[string]any)
		if !exists {
			return engine.ErrValidation(name, fmt.Sprintf("%s: The base property '%s' does not exist", name, name))
		}
		if v == nil {
			return engine.ErrValidation(name, fmt.Sprintf("%s: A base property can't be removed", name))
		}
		am, ok := v.(map[string]any)
		if !ok {
			return engine.ErrMalformed()
		}
		next := engine.CloneObj(cur)
		for _, key := range slices.Sorted(maps.Keys(am)) {
			val := am[key]
			if schemaSameOption(key, cur[key], val) {
				continue
			}
			if group || !schemaBaseChangeable(name, key) {
				what := "user"
				if group {
					what = "group"
				}
				return engine.ErrValidation(name, fmt.Sprintf("%s: The '%s' of the base %s profile property '%s' can't be changed", name, key, what, name))
			}
			if val == nil {
				delete(next, key)
			} else {
				next[key] = engine.Clone(val)
			}
		}
		if b, ok := next["required"].(bool); ok && !b {
			delete(next, "required")
		}
		if err := schemaCheckCommon(name, next); err != nil {
			return err
		}
		if p, ok := next["pattern"]; ok {
			ps, isStr := p.(string)
			if !isStr {
				return engine.ErrMalformed()
			}
			if _, err := regexp.Compile(ps); err != nil {
				return engine.ErrValidation(name, fmt.Sprintf("%s: The pattern is not a valid regular expression", name))
			}
		}
		props[name] = next
	}
	return nil
}

// schemaSameOption compares an option as Okta does for no-op updates: a
// `required: false` matches an absent `required`, numbers compare by value.
func schemaSameOption(key string, cur, sent any) bool {
	if key == "required" {
		cb, _ := cur.(bool)
		sb, isBool := sent.(bool)
		if sent == nil || isBool {
			return cb == sb
		}
	}
	return reflect.DeepEqual(engine.NormalizeJSON(cur), engine.NormalizeJSON(sent))
}

func schemaUpdateCustom(c *engine.Call, base, custom, sent engine.Obj, group bool) *engine.APIError {
	baseProps := base["properties"].(map[string]any)
	props, _ := custom["properties"].(map[string]any)
	if props == nil {
		props = engine.Obj{}
	}
	for _, name := range slices.Sorted(maps.Keys(sent)) {
		v := sent[name]
		if v == nil {
			if _, exists := props[name]; exists && !group {
				if idp := schemaMatchAttributeUser(c, name); idp != "" {
					return engine.ErrValidation(name, fmt.Sprintf("%s: The property is used as the match attribute of identity provider %s", name, idp))
				}
			}
			delete(props, name)
			continue
		}
		am, ok := v.(map[string]any)
		if !ok {
			return engine.ErrMalformed()
		}
		for b := range baseProps {
			if strings.EqualFold(b, name) {
				return engine.ErrValidation(name, fmt.Sprintf("%s: A base property with this name already exists", name))
			}
		}
		if !schemaPropertyName.MatchString(name) {
			return engine.ErrValidation(name, fmt.Sprintf("%s: The property name must start with a letter and contain only letters, digits and underscores", name))
		}
		prev, _ := props[name].(map[string]any)
		next := engine.Obj{}
		if prev != nil {
			next = engine.CloneObj(prev)
		}
		engine.Merge(next, am)
		engine.SetDefault(next, "mutability", "READ_WRITE")
		engine.SetDefault(next, "scope", "NONE")
		engine.SetDefault(next, "permissions", []any{engine.Obj{"principal": "SELF", "action": "READ_ONLY"}})
		engine.SetDefault(next, "master", engine.Obj{"type": "PROFILE_MASTER"})
		if b, ok := next["required"].(bool); ok && !b {
			delete(next, "required")
		}
		if err := schemaCheckCustom(name, next, prev); err != nil {
			return err
		}
		props[name] = next
	}
	unique := 0
	var required []any
	for _, name := range slices.Sorted(maps.Keys(props)) {
		a, _ := props[name].(map[string]any)
		if engine.Str(a, "unique") == schemaUniqueValue {
			unique++
		}
		if engine.BoolAt(a, "required") {
			required = append(required, name)
		}
	}
	if unique > schemaUniqueMax {
		return engine.ErrValidation("unique", fmt.Sprintf("unique: At most %d unique properties are allowed per profile", schemaUniqueMax))
	}
	custom["properties"] = props
	// Okta leaves `required` out of an empty #custom subschema and shows
	// an (often empty) list once it has properties (recordings
	// TestAccResourceOktaUserSchema_*).
	if len(props) == 0 {
		delete(custom, "required")
	} else {
		if required == nil {
			required = []any{}
		}
		custom["required"] = required
	}
	return nil
}

var schemaPropertyName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// schemaMatchAttributeUser names an IdP whose account-link match attribute
// is the custom property (SPEC updateUserProfile: it can't be removed).
func schemaMatchAttributeUser(c *engine.Call, name string) string {
	for _, idp := range c.Org.List(engine.TableIdPs, "") {
		if engine.Str(idp, "policy.subject.matchAttribute") == name {
			return engine.Str(idp, "id")
		}
	}
	return ""
}

var (
	schemaAttrTypes    = []string{"string", "boolean", "integer", "number", "array"}
	schemaItemTypes    = []string{"string", "integer", "number"}
	schemaScopes       = []string{"NONE", "SELF"}
	schemaPermActions  = []string{"READ_ONLY", "READ_WRITE", "HIDE"}
	schemaMasterTypes  = []string{"PROFILE_MASTER", "OKTA", "OVERRIDE"}
	schemaUniqueValues = []string{schemaUniqueValue, "NOT_UNIQUE"}
	schemaUnionValues  = []string{"ENABLE", "DISABLE"}
	schemaMutabilities = []string{"READ_WRITE", "READ_ONLY", "IMMUTABLE"}
)

// schemaCheckCommon validates the options base and custom properties share:
// JSON types, permissions and mastering.
func schemaCheckCommon(name string, a engine.Obj) *engine.APIError {
	for key, t := range map[string]engine.JSONType{
		"title": engine.TString, "description": engine.TString, "type": engine.TString, "mutability": engine.TString,
		"scope": engine.TString, "unique": engine.TString, "union": engine.TString, "pattern": engine.TString,
		"required": engine.TBool, "minLength": engine.TNumber, "maxLength": engine.TNumber,
		"enum": engine.TArray, "oneOf": engine.TArray, "permissions": engine.TArray, "master": engine.TObject, "items": engine.TObject,
	} {
		if v, ok := a[key]; ok && v != nil && !t.Matches(v) {
			return engine.ErrMalformed()
		}
	}
	bad := func(msg string) *engine.APIError { return engine.ErrValidation(name, name+": "+msg) }
	if perms, ok := a["permissions"].([]any); ok {
		for _, p := range perms {
			pm, ok := p.(map[string]any)
			if !ok {
				return engine.ErrMalformed()
			}
			if engine.Str(pm, "principal") != "SELF" {
				return bad("The permission principal must be SELF")
			}
			if !slices.Contains(schemaPermActions, engine.Str(pm, "action")) {
				return bad(fmt.Sprintf("The permission action must be one of %v", schemaPermActions))
			}
		}
	}
	if m, ok := a["master"].(map[string]any); ok {
		mt := engine.Str(m, "type")
		if !slices.Contains(schemaMasterTypes, mt) {
			return bad(fmt.Sprintf("The master type must be one of %v", schemaMasterTypes))
		}
		if _, hasPriority := m["priority"]; mt == "OVERRIDE" && !hasPriority {
			return bad("An OVERRIDE master needs a priority list")
		}
	}
	return nil
}

// schemaCheckCustom validates a custom property after the merge: a title
// and a known type, options that fit the type, enum/oneOf agreement, length
// bounds, uniqueness values; the type of an existing property can't change.
func schemaCheckCustom(name string, a, prev engine.Obj) *engine.APIError {
	if err := schemaCheckCommon(name, a); err != nil {
		return err
	}
	bad := func(msg string) *engine.APIError { return engine.ErrValidation(name, name+": "+msg) }
	if strings.TrimSpace(engine.Str(a, "title")) == "" {
		return bad("The field title cannot be left blank")
	}
	typ := engine.Str(a, "type")
	if typ == "" {
		return bad("The field type cannot be left blank")
	}
	if !slices.Contains(schemaAttrTypes, typ) {
		return bad(fmt.Sprintf("The type must be one of %v", schemaAttrTypes))
	}
	if prev != nil && (engine.Str(prev, "type") != typ || engine.Str(prev, "items.type") != engine.Str(a, "items.type")) {
		return bad("The data type of an existing property can't be changed")
	}
	if s := engine.Str(a, "scope"); s != "" && !slices.Contains(schemaScopes, s) {
		return bad(fmt.Sprintf("The scope must be one of %v", schemaScopes))
	}
	if m := engine.Str(a, "mutability"); m != "" && !slices.Contains(schemaMutabilities, m) {
		return bad(fmt.Sprintf("The mutability must be one of %v", schemaMutabilities))
	}
	if u := engine.Str(a, "union"); u != "" && !slices.Contains(schemaUnionValues, u) {
		return bad(fmt.Sprintf("The union must be one of %v", schemaUnionValues))
	}
	if u, ok := a["unique"]; ok {
		if !slices.Contains(schemaUniqueValues, u.(string)) {
			return bad(fmt.Sprintf("The unique value must be one of %v", schemaUniqueValues))
		}
		if u == schemaUniqueValue && (typ == "boolean" || typ == "array") {
			return bad("Only string, integer and number properties can be unique")
		}
	}
	_, hasMin := a["minLength"]
	_, hasMax := a["maxLength"]
	if (hasMin || hasMax) && typ != "string" {
		return bad("minLength and maxLength apply to string properties only")
	}
	minL, _ := engine.IntAt(a, "minLength")
	maxL, okMax := engine.IntAt(a, "maxLength")
	if minL < 0 || (okMax && (maxL < 1 || maxL < minL)) {
		return bad("The length bounds are not valid")
	}
	enumType := typ
	holder := a
	if typ == "array" {
		items, ok := a["items"].(map[string]any)
		if !ok || !slices.Contains(schemaItemTypes, engine.Str(items, "type")) {
			return bad(fmt.Sprintf("An array property needs items with a type of %v", schemaItemTypes))
		}
		if _, ok := a["enum"]; ok {
			return bad("The enum of an array property belongs in its items")
		}
		if _, ok := a["oneOf"]; ok {
			return bad("The oneOf of an array property belongs in its items")
		}
		enumType = engine.Str(items, "type")
		holder = items
	} else if _, ok := a["items"]; ok {
		return bad("Only array properties have items")
	}
	return schemaCheckEnum(name, holder, enumType)
}

// schemaCheckEnum checks an enum and its oneOf labels against the type
// their values must have.
func schemaCheckEnum(name string, holder engine.Obj, typ string) *engine.APIError {
	bad := func(msg string) *engine.APIError { return engine.ErrValidation(name, name+": "+msg) }
	rawEnum, hasEnum := holder["enum"]
	rawOneOf, hasOneOf := holder["oneOf"]
	if !hasEnum {
		if hasOneOf {
			return bad("oneOf needs an enum with the same values")
		}
		return nil
	}
	enum, ok := rawEnum.([]any)
	if !ok {
		return engine.ErrMalformed()
	}
	if typ == "boolean" {
		return bad("A boolean property can't have an enum")
	}
	if len(enum) == 0 {
		return bad("The enum cannot be empty")
	}
	values := map[string]bool{}
	for _, v := range enum {
		if !schemaValueFits(v, typ) {
			return bad(fmt.Sprintf("The enum value %v is not a valid %s", v, typ))
		}
		k := fmt.Sprint(engine.NormalizeJSON(v))
		if values[k] {
			return bad(fmt.Sprintf("The enum value %v is repeated", v))
		}
		values[k] = true
	}
	if !hasOneOf {
		return nil
	}
	oneOf, ok := rawOneOf.([]any)
	if !ok {
		return engine.ErrMalformed()
	}
	if len(oneOf) != len(enum) {
		return bad("oneOf must list exactly the enum values")
	}
	for _, o := range oneOf {
		om, ok := o.(map[string]any)
		if !ok {
			return engine.ErrMalformed()
		}
		if strings.TrimSpace(engine.Str(om, "title")) == "" {
			return bad("Every oneOf entry needs a title")
		}
		if !values[fmt.Sprint(engine.NormalizeJSON(om["const"]))] || !schemaValueFits(om["const"], typ) {
			return bad(fmt.Sprintf("The oneOf const %v is not an enum value", om["const"]))
		}
	}
	return nil
}

// schemaValueFits reports whether an enum value has the property's type.
func schemaValueFits(v any, typ string) bool {
	switch typ {
	case "string":
		_, ok := v.(string)
		return ok
	case "number":
		return engine.TNumber.Matches(v)
	case "integer":
		if !engine.TNumber.Matches(v) {
			return false
		}
		f, ok := engine.NormalizeJSON(v).(float64)
		return ok && f == float64(int64(f))
	}
	return false
}

// sampleSchemas adds the custom attributes of a realistic org: about ten
// on the default user schema, a few on the Contractor type's schema, and a
// few on the group schema.
func sampleSchemas(c *engine.Call) error {
	text := func(title, desc string) engine.Obj {
		return engine.Obj{"title": title, "description": desc, "type": "string"}
	}
	enum := func(title string, values ...string) engine.Obj {
		var oneOf []any
		for _, v := range values {
			oneOf = append(oneOf, engine.Obj{"const": v, "title": v})
		}
		return engine.Obj{"title": title, "type": "string", "enum": engine.AnyStrings(values), "oneOf": oneOf}
	}
	employeeID := text("Employee ID", "HR system identifier")
	employeeID["unique"] = schemaUniqueValue
	employeeID["minLength"] = engine.JSONInt(5)
	employeeID["maxLength"] = engine.JSONInt(20)
	github := text("GitHub username", "Account on the company GitHub organization")
	github["unique"] = schemaUniqueValue
	github["permissions"] = []any{engine.Obj{"principal": "SELF", "action": "READ_WRITE"}}
	badge := text("Badge number", "Physical access badge")
	badge["permissions"] = []any{engine.Obj{"principal": "SELF", "action": "HIDE"}}
	userCustom := engine.Obj{
		"employeeId":     employeeID,
		"githubUsername": github,
		"badgeNumber":    badge,
		"hireDate":       text("Hire date", "First day of employment (YYYY-MM-DD)"),
		"businessUnit":   text("Business unit", "Top-level reporting line"),
		"workLocation":   enum("Work location", "HQ", "Remote", "Branch Office"),
		"employmentType": enum("Employment type", "Full-time", "Part-time", "Intern"),
		"jobLevel":       engine.Obj{"title": "Job level", "type": "integer", "description": "Career ladder level"},
		"isPeopleManager": engine.Obj{"title": "People manager", "type": "boolean",
			"description": "Has direct reports"},
		"skills": engine.Obj{"title": "Skills", "type": "array", "items": engine.Obj{"type": "string"}, "union": "DISABLE"},
		"regions": engine.Obj{"title": "Regions", "type": "array", "items": engine.Obj{
			"type": "string", "enum": []any{"AMER", "EMEA", "APAC"},
			"oneOf": []any{
				engine.Obj{"const": "AMER", "title": "Americas"},
				engine.Obj{"const": "EMEA", "title": "Europe, Middle East and Africa"},
				engine.Obj{"const": "APAC", "title": "Asia Pacific"},
			},
		}},
	}
	if err := sampleSchemaApply(c, "default", userCustom); err != nil {
		return err
	}
	if t := userTypeByName(c, "contractor"); t != nil {
		sponsor := text("Sponsor email", "Employee responsible for the contractor")
		sponsor["required"] = true
		if err := sampleSchemaApply(c, engine.Str(t, "id"), engine.Obj{
			"agency":          text("Agency", "Staffing agency"),
			"contractEndDate": text("Contract end date", "Last day of the engagement (YYYY-MM-DD)"),
			"sponsorEmail":    sponsor,
		}); err != nil {
			return err
		}
	}
	externalID := text("External ID", "Identifier in the HR system")
	externalID["unique"] = schemaUniqueValue
	if err := schemaUpdate(c, groupSchema(c), engine.Obj{"definitions": engine.Obj{"custom": engine.Obj{"properties": engine.Obj{
		"ownerEmail":         text("Owner email", "Person accountable for the group"),
		"costCenter":         text("Cost center", "Cost center billed for the group's licenses"),
		"isPrivileged":       engine.Obj{"title": "Privileged", "type": "boolean", "description": "Grants administrative access"},
		"dataClassification": enum("Data classification", "public", "internal", "confidential"),
		"externalId":         externalID,
	}}}}, true); err != nil {
		return err
	}
	return nil
}

// sampleSchemaApply adds custom properties to the schema of a user type
// (typeID, or "default").
func sampleSchemaApply(c *engine.Call, typeID string, custom engine.Obj) *engine.APIError {
	t := userTypeDefault(c)
	if typeID != "default" {
		t = c.Org.Get(engine.TableUserTypes, "", typeID)
	}
	if t == nil {
		return engine.ErrNotFound(typeID, "UserType")
	}
	s := c.Org.Get("schemas", "", userSchemaIDForType(engine.Str(t, "id")))
	if s == nil {
		return engine.ErrNotFound(typeID, "UserSchema")
	}
	if err := schemaUpdate(c, s, engine.Obj{"definitions": engine.Obj{"custom": engine.Obj{"properties": custom}}}, false); err != nil {
		return err
	}
	userSchemaTouchType(c, s, t)
	return nil
}
