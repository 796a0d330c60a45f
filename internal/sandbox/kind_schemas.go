package sandbox

import (
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
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
	register(module{
		name: "schemas", phase: 12,
		routes: schemaRoutes,
		seed:   seedGroupSchema,
		sample: sampleSchemas,
	})
}

func schemaRoutes(rt *router) {
	read, manage := scopeFor("schemas", "GET"), scopeFor("schemas", "POST")
	rt.handle("GET", "/api/v1/meta/schemas/user/{schemaId}", read, func(c *call) reply {
		s, t, err := userSchemaLookup(c)
		if err != nil {
			return fail(err)
		}
		return ok(userSchemaRender(c, s, t))
	})
	rt.handle("POST", "/api/v1/meta/schemas/user/{schemaId}", manage, func(c *call) reply {
		s, t, err := userSchemaLookup(c)
		if err != nil {
			return fail(err)
		}
		body, err := c.body()
		if err != nil {
			return fail(err)
		}
		if err := schemaUpdate(c, s, body, false); err != nil {
			return fail(err)
		}
		userSchemaTouchType(c, s, t)
		return ok(userSchemaRender(c, s, t))
	})
	rt.handle("GET", "/api/v1/meta/schemas/group/default", read, func(c *call) reply {
		return ok(groupSchemaRender(c, groupSchema(c)))
	})
	rt.handle("POST", "/api/v1/meta/schemas/group/default", manage, func(c *call) reply {
		body, err := c.body()
		if err != nil {
			return fail(err)
		}
		s := groupSchema(c)
		if err := schemaUpdate(c, s, body, true); err != nil {
			return fail(err)
		}
		return ok(groupSchemaRender(c, s))
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
func userSchemaLookup(c *call) (schema, userType Obj, err *apiError) {
	id := c.param("schemaId")
	if id == "default" {
		if t := userTypeDefault(c); t != nil {
			id = userSchemaIDForType(str(t, "id"))
		}
	}
	s := c.o.get("schemas", "", id)
	t := c.o.get("userTypes", "", userSchemaTypeID(id))
	if s == nil || t == nil {
		return nil, nil, errNotFound(c.param("schemaId"), "UserSchema")
	}
	return s, t, nil
}

// userSchemaCreateFor creates the schema of a new user type: a snapshot of
// the default type's schema (SPEC createUserType: later changes to the
// default schema don't propagate), or the pristine Okta schema for the
// default type itself.
func userSchemaCreateFor(c *call, typeID string) Obj {
	var defs Obj
	if t := userTypeDefault(c); t != nil && str(t, "id") != typeID {
		if ds := c.o.get("schemas", "", userSchemaIDForType(str(t, "id"))); ds != nil {
			defs = cloneObj(ds["definitions"].(map[string]any))
		}
	}
	if defs == nil {
		defs = Obj{"base": userSchemaBase(), "custom": schemaCustomEmpty()}
	}
	now := c.o.timestamp()
	id := userSchemaIDForType(typeID)
	s := Obj{"id": id, "created": now, "lastUpdated": now, "definitions": defs}
	c.o.put("schemas", "", id, s)
	return s
}

func schemaCustomEmpty() Obj {
	return Obj{"id": "#custom", "type": "object", "properties": Obj{}}
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

func userSchemaBase() Obj {
	props := Obj{}
	var required []any
	for _, p := range userSchemaBaseProps {
		a := Obj{
			"title": p.title, "type": "string", "mutability": "READ_WRITE", "scope": "NONE",
			"permissions": []any{Obj{"principal": "SELF", "action": p.perm}},
			"master":      Obj{"type": "PROFILE_MASTER"},
		}
		if p.required {
			a["required"] = true
			required = append(required, p.name)
		}
		if p.format != "" {
			a["format"] = p.format
		}
		if p.minLength > 0 {
			a["minLength"] = jsonInt(p.minLength)
		}
		if p.maxLength > 0 {
			a["maxLength"] = jsonInt(p.maxLength)
		}
		props[p.name] = a
	}
	return Obj{"id": "#base", "type": "object", "properties": props, "required": required}
}

// groupSchemaBase is the group profile's base: name and description
// (SPEC GroupSchemaBaseProperties; required ["name"] per SPEC
// GroupSchemaResponse).
func groupSchemaBase() Obj {
	attr := func(title string, maxLength int, required bool) Obj {
		a := Obj{
			"title": title, "description": title, "type": "string",
			"mutability": "READ_WRITE", "scope": "NONE", "maxLength": jsonInt(maxLength),
			"permissions": []any{Obj{"principal": "SELF", "action": "READ_ONLY"}},
			"master":      Obj{"type": "OKTA"},
		}
		if required {
			a["required"] = true
		}
		return a
	}
	return Obj{"id": "#base", "type": "object", "required": []any{"name"}, "properties": Obj{
		"name":        attr("Name", 255, true),
		"description": attr("Description", 1024, false),
	}}
}

func seedGroupSchema(c *call) error {
	now := c.o.timestamp()
	c.o.put("schemas", "", groupSchemaKey, Obj{
		"id": groupSchemaKey, "created": now, "lastUpdated": now,
		"definitions": Obj{"base": groupSchemaBase(), "custom": schemaCustomEmpty()},
	})
	return nil
}

// groupSchema returns the stored group schema, creating it if a saved state
// predates it.
func groupSchema(c *call) Obj {
	if s := c.o.get("schemas", "", groupSchemaKey); s != nil {
		return s
	}
	_ = seedGroupSchema(c)
	return c.o.get("schemas", "", groupSchemaKey)
}

// schemaProfileProperties is the document's root `properties`.
func schemaProfileProperties() Obj {
	return Obj{"profile": Obj{"allOf": []any{
		Obj{"$ref": "#/definitions/custom"},
		Obj{"$ref": "#/definitions/base"},
	}}}
}

// userSchemaTouchType marks the user type as updated with its schema: in
// the recording TestAccDataSourceOktaUserType_read the default type, created
// years before by a system principal, shows a lastUpdated seconds old and
// lastUpdatedBy the API token's admin, while other tests were changing the
// default schema.
func userSchemaTouchType(c *call, s, t Obj) {
	t["lastUpdated"] = s["lastUpdated"]
	if c.o.AdminID != "" {
		t["lastUpdatedBy"] = c.o.AdminID
	}
}

func userSchemaRender(c *call, s, t Obj) Obj {
	oscID := str(s, "id")
	urlID := oscID
	if boolAt(t, "default") {
		urlID = "default"
	}
	out := Obj{
		"id":          c.base + "/meta/schemas/user/" + urlID,
		"$schema":     schemaDraft04,
		"name":        str(t, "name"),
		"title":       str(t, "displayName"),
		"created":     s["created"],
		"lastUpdated": s["lastUpdated"],
		"definitions": clone(s["definitions"]),
		"type":        "object",
		"properties":  schemaProfileProperties(),
	}
	if d, ok := t["description"].(string); ok {
		out["description"] = d
	}
	if c.base != "" {
		out["_links"] = Obj{
			"self": userTypeLink("self", c.base+"/api/v1/meta/schemas/user/"+oscID),
			"type": userTypeLink("type", c.base+"/api/v1/meta/types/user/"+str(t, "id")),
		}
	}
	return out
}

func groupSchemaRender(c *call, s Obj) Obj {
	out := Obj{
		"id":          c.base + "/meta/schemas/group/default",
		"$schema":     schemaDraft04,
		"name":        "group",
		"title":       "Okta group",
		"description": "Okta group profile template",
		"created":     s["created"],
		"lastUpdated": s["lastUpdated"],
		"definitions": clone(s["definitions"]),
		"type":        "object",
		"properties":  schemaProfileProperties(),
	}
	if c.base != "" {
		out["_links"] = Obj{"self": userTypeLink("self", c.base+"/api/v1/meta/schemas/group/default")}
	}
	return out
}

// schemaUpdate applies a partial update to a stored schema, atomically: on
// any error the schema is left as it was.
func schemaUpdate(c *call, s, body Obj, group bool) *apiError {
	defs := s["definitions"].(map[string]any)
	base := cloneObj(defs["base"].(map[string]any))
	custom := cloneObj(defs["custom"].(map[string]any))
	if raw, sent := body["definitions"]; sent && raw != nil {
		dm, ok := raw.(map[string]any)
		if !ok {
			return errMalformed()
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
	s["lastUpdated"] = c.o.timestamp()
	return nil
}

// schemaSubschemaProps returns definitions.<part>.properties from a request
// body, nil when absent.
func schemaSubschemaProps(dm Obj, part string) (Obj, *apiError) {
	raw, sent := dm[part]
	if !sent || raw == nil {
		return nil, nil
	}
	sm, ok := raw.(map[string]any)
	if !ok {
		return nil, errMalformed()
	}
	props, sent := sm["properties"]
	if !sent || props == nil {
		return nil, nil
	}
	pm, ok := props.(map[string]any)
	if !ok {
		return nil, errMalformed()
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

func schemaUpdateBase(base, sent Obj, group bool) *apiError {
	props := base["properties"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(sent)) {
		v := sent[name]
		cur, exists := props[name].(map[string]any)
		if !exists {
			return errValidation(name, fmt.Sprintf("%s: The base property '%s' does not exist", name, name))
		}
		if v == nil {
			return errValidation(name, fmt.Sprintf("%s: A base property can't be removed", name))
		}
		am, ok := v.(map[string]any)
		if !ok {
			return errMalformed()
		}
		next := cloneObj(cur)
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
				return errValidation(name, fmt.Sprintf("%s: The '%s' of the base %s profile property '%s' can't be changed", name, key, what, name))
			}
			if val == nil {
				delete(next, key)
			} else {
				next[key] = clone(val)
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
				return errMalformed()
			}
			if _, err := regexp.Compile(ps); err != nil {
				return errValidation(name, fmt.Sprintf("%s: The pattern is not a valid regular expression", name))
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
	return reflect.DeepEqual(normalizeJSON(cur), normalizeJSON(sent))
}

func schemaUpdateCustom(c *call, base, custom, sent Obj, group bool) *apiError {
	baseProps := base["properties"].(map[string]any)
	props, _ := custom["properties"].(map[string]any)
	if props == nil {
		props = Obj{}
	}
	for _, name := range slices.Sorted(maps.Keys(sent)) {
		v := sent[name]
		if v == nil {
			if _, exists := props[name]; exists && !group {
				if idp := schemaMatchAttributeUser(c, name); idp != "" {
					return errValidation(name, fmt.Sprintf("%s: The property is used as the match attribute of identity provider %s", name, idp))
				}
			}
			delete(props, name)
			continue
		}
		am, ok := v.(map[string]any)
		if !ok {
			return errMalformed()
		}
		for b := range baseProps {
			if strings.EqualFold(b, name) {
				return errValidation(name, fmt.Sprintf("%s: A base property with this name already exists", name))
			}
		}
		if !schemaPropertyName.MatchString(name) {
			return errValidation(name, fmt.Sprintf("%s: The property name must start with a letter and contain only letters, digits and underscores", name))
		}
		prev, _ := props[name].(map[string]any)
		next := Obj{}
		if prev != nil {
			next = cloneObj(prev)
		}
		merge(next, am)
		setDefault(next, "mutability", "READ_WRITE")
		setDefault(next, "scope", "NONE")
		setDefault(next, "permissions", []any{Obj{"principal": "SELF", "action": "READ_ONLY"}})
		setDefault(next, "master", Obj{"type": "PROFILE_MASTER"})
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
		if str(a, "unique") == schemaUniqueValue {
			unique++
		}
		if boolAt(a, "required") {
			required = append(required, name)
		}
	}
	if unique > schemaUniqueMax {
		return errValidation("unique", fmt.Sprintf("unique: At most %d unique properties are allowed per profile", schemaUniqueMax))
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
func schemaMatchAttributeUser(c *call, name string) string {
	for _, idp := range c.o.list("idps", "") {
		if str(idp, "policy.subject.matchAttribute") == name {
			return str(idp, "id")
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
func schemaCheckCommon(name string, a Obj) *apiError {
	for key, t := range map[string]jsonType{
		"title": tString, "description": tString, "type": tString, "mutability": tString,
		"scope": tString, "unique": tString, "union": tString, "pattern": tString,
		"required": tBool, "minLength": tNumber, "maxLength": tNumber,
		"enum": tArray, "oneOf": tArray, "permissions": tArray, "master": tObject, "items": tObject,
	} {
		if v, ok := a[key]; ok && v != nil && !t.matches(v) {
			return errMalformed()
		}
	}
	bad := func(msg string) *apiError { return errValidation(name, name+": "+msg) }
	if perms, ok := a["permissions"].([]any); ok {
		for _, p := range perms {
			pm, ok := p.(map[string]any)
			if !ok {
				return errMalformed()
			}
			if str(pm, "principal") != "SELF" {
				return bad("The permission principal must be SELF")
			}
			if !slices.Contains(schemaPermActions, str(pm, "action")) {
				return bad(fmt.Sprintf("The permission action must be one of %v", schemaPermActions))
			}
		}
	}
	if m, ok := a["master"].(map[string]any); ok {
		mt := str(m, "type")
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
func schemaCheckCustom(name string, a, prev Obj) *apiError {
	if err := schemaCheckCommon(name, a); err != nil {
		return err
	}
	bad := func(msg string) *apiError { return errValidation(name, name+": "+msg) }
	if strings.TrimSpace(str(a, "title")) == "" {
		return bad("The field title cannot be left blank")
	}
	typ := str(a, "type")
	if typ == "" {
		return bad("The field type cannot be left blank")
	}
	if !slices.Contains(schemaAttrTypes, typ) {
		return bad(fmt.Sprintf("The type must be one of %v", schemaAttrTypes))
	}
	if prev != nil && (str(prev, "type") != typ || str(prev, "items.type") != str(a, "items.type")) {
		return bad("The data type of an existing property can't be changed")
	}
	if s := str(a, "scope"); s != "" && !slices.Contains(schemaScopes, s) {
		return bad(fmt.Sprintf("The scope must be one of %v", schemaScopes))
	}
	if m := str(a, "mutability"); m != "" && !slices.Contains(schemaMutabilities, m) {
		return bad(fmt.Sprintf("The mutability must be one of %v", schemaMutabilities))
	}
	if u := str(a, "union"); u != "" && !slices.Contains(schemaUnionValues, u) {
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
	minL, _ := intAt(a, "minLength")
	maxL, okMax := intAt(a, "maxLength")
	if minL < 0 || (okMax && (maxL < 1 || maxL < minL)) {
		return bad("The length bounds are not valid")
	}
	enumType := typ
	holder := a
	if typ == "array" {
		items, ok := a["items"].(map[string]any)
		if !ok || !slices.Contains(schemaItemTypes, str(items, "type")) {
			return bad(fmt.Sprintf("An array property needs items with a type of %v", schemaItemTypes))
		}
		if _, ok := a["enum"]; ok {
			return bad("The enum of an array property belongs in its items")
		}
		if _, ok := a["oneOf"]; ok {
			return bad("The oneOf of an array property belongs in its items")
		}
		enumType = str(items, "type")
		holder = items
	} else if _, ok := a["items"]; ok {
		return bad("Only array properties have items")
	}
	return schemaCheckEnum(name, holder, enumType)
}

// schemaCheckEnum checks an enum and its oneOf labels against the type
// their values must have.
func schemaCheckEnum(name string, holder Obj, typ string) *apiError {
	bad := func(msg string) *apiError { return errValidation(name, name+": "+msg) }
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
		return errMalformed()
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
		k := fmt.Sprint(normalizeJSON(v))
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
		return errMalformed()
	}
	if len(oneOf) != len(enum) {
		return bad("oneOf must list exactly the enum values")
	}
	for _, o := range oneOf {
		om, ok := o.(map[string]any)
		if !ok {
			return errMalformed()
		}
		if strings.TrimSpace(str(om, "title")) == "" {
			return bad("Every oneOf entry needs a title")
		}
		if !values[fmt.Sprint(normalizeJSON(om["const"]))] || !schemaValueFits(om["const"], typ) {
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
		return tNumber.matches(v)
	case "integer":
		if !tNumber.matches(v) {
			return false
		}
		f, ok := normalizeJSON(v).(float64)
		return ok && f == float64(int64(f))
	}
	return false
}

// sampleSchemas adds the custom attributes of a realistic org: about ten
// on the default user schema, a few on the Contractor type's schema, and a
// few on the group schema.
func sampleSchemas(c *call) error {
	text := func(title, desc string) Obj { return Obj{"title": title, "description": desc, "type": "string"} }
	enum := func(title string, values ...string) Obj {
		var oneOf []any
		for _, v := range values {
			oneOf = append(oneOf, Obj{"const": v, "title": v})
		}
		return Obj{"title": title, "type": "string", "enum": anyStrings(values), "oneOf": oneOf}
	}
	employeeID := text("Employee ID", "HR system identifier")
	employeeID["unique"] = schemaUniqueValue
	employeeID["minLength"] = jsonInt(5)
	employeeID["maxLength"] = jsonInt(20)
	github := text("GitHub username", "Account on the company GitHub organization")
	github["unique"] = schemaUniqueValue
	github["permissions"] = []any{Obj{"principal": "SELF", "action": "READ_WRITE"}}
	badge := text("Badge number", "Physical access badge")
	badge["permissions"] = []any{Obj{"principal": "SELF", "action": "HIDE"}}
	userCustom := Obj{
		"employeeId":     employeeID,
		"githubUsername": github,
		"badgeNumber":    badge,
		"hireDate":       text("Hire date", "First day of employment (YYYY-MM-DD)"),
		"businessUnit":   text("Business unit", "Top-level reporting line"),
		"workLocation":   enum("Work location", "HQ", "Remote", "Branch Office"),
		"employmentType": enum("Employment type", "Full-time", "Part-time", "Intern"),
		"jobLevel":       Obj{"title": "Job level", "type": "integer", "description": "Career ladder level"},
		"isPeopleManager": Obj{"title": "People manager", "type": "boolean",
			"description": "Has direct reports"},
		"skills": Obj{"title": "Skills", "type": "array", "items": Obj{"type": "string"}, "union": "DISABLE"},
		"regions": Obj{"title": "Regions", "type": "array", "items": Obj{
			"type": "string", "enum": []any{"AMER", "EMEA", "APAC"},
			"oneOf": []any{
				Obj{"const": "AMER", "title": "Americas"},
				Obj{"const": "EMEA", "title": "Europe, Middle East and Africa"},
				Obj{"const": "APAC", "title": "Asia Pacific"},
			},
		}},
	}
	if err := sampleSchemaApply(c, "default", userCustom); err != nil {
		return err
	}
	if t := userTypeByName(c, "contractor"); t != nil {
		sponsor := text("Sponsor email", "Employee responsible for the contractor")
		sponsor["required"] = true
		if err := sampleSchemaApply(c, str(t, "id"), Obj{
			"agency":          text("Agency", "Staffing agency"),
			"contractEndDate": text("Contract end date", "Last day of the engagement (YYYY-MM-DD)"),
			"sponsorEmail":    sponsor,
		}); err != nil {
			return err
		}
	}
	externalID := text("External ID", "Identifier in the HR system")
	externalID["unique"] = schemaUniqueValue
	if err := schemaUpdate(c, groupSchema(c), Obj{"definitions": Obj{"custom": Obj{"properties": Obj{
		"ownerEmail":         text("Owner email", "Person accountable for the group"),
		"costCenter":         text("Cost center", "Cost center billed for the group's licenses"),
		"isPrivileged":       Obj{"title": "Privileged", "type": "boolean", "description": "Grants administrative access"},
		"dataClassification": enum("Data classification", "public", "internal", "confidential"),
		"externalId":         externalID,
	}}}}, true); err != nil {
		return err
	}
	return nil
}

// sampleSchemaApply adds custom properties to the schema of a user type
// (typeID, or "default").
func sampleSchemaApply(c *call, typeID string, custom Obj) *apiError {
	t := userTypeDefault(c)
	if typeID != "default" {
		t = c.o.get("userTypes", "", typeID)
	}
	if t == nil {
		return errNotFound(typeID, "UserType")
	}
	s := c.o.get("schemas", "", userSchemaIDForType(str(t, "id")))
	if s == nil {
		return errNotFound(typeID, "UserSchema")
	}
	if err := schemaUpdate(c, s, Obj{"definitions": Obj{"custom": Obj{"properties": custom}}}, false); err != nil {
		return err
	}
	userSchemaTouchType(c, s, t)
	return nil
}
