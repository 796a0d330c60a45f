package directory

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

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
