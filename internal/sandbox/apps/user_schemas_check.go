package apps

import (
	"fmt"
	"slices"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// The checks of an app user schema attribute, as Okta validates a profile
// attribute (the same rules as the user profile schema of the directory
// family, which this family may not import): JSON types, a title and a
// known type, options that fit the type, an enum whose oneOf labels name
// exactly its values, and a type that never changes.

var (
	appSchemaTypes      = []string{"string", "boolean", "integer", "number", "array"}
	appSchemaItemTypes  = []string{"string", "integer", "number", "object"}
	appSchemaScopes     = []string{"NONE", "SELF"}
	appSchemaPermAction = []string{"READ_ONLY", "READ_WRITE", "HIDE"}
	appSchemaMasters    = []string{"PROFILE_MASTER", "OKTA", "OVERRIDE"}
	appSchemaUnions     = []string{"ENABLE", "DISABLE"}
)

// appSchemaCheckOptions checks the options base and custom attributes
// share: JSON types, permissions and mastering.
func appSchemaCheckOptions(name string, a engine.Obj) *engine.APIError {
	for key, t := range map[string]engine.JSONType{
		"title": engine.TString, "description": engine.TString, "type": engine.TString, "scope": engine.TString,
		"union": engine.TString, "externalName": engine.TString, "externalNamespace": engine.TString,
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
			if !slices.Contains(appSchemaPermAction, engine.Str(pm, "action")) {
				return bad(fmt.Sprintf("The permission action must be one of %v", appSchemaPermAction))
			}
		}
	}
	if m, ok := a["master"].(map[string]any); ok && !slices.Contains(appSchemaMasters, engine.Str(m, "type")) {
		return bad(fmt.Sprintf("The master type must be one of %v", appSchemaMasters))
	}
	return nil
}

// appSchemaCheckCustom validates a custom attribute after the merge.
func appSchemaCheckCustom(name string, a, prev engine.Obj) *engine.APIError {
	if err := appSchemaCheckOptions(name, a); err != nil {
		return err
	}
	bad := func(msg string) *engine.APIError { return engine.ErrValidation(name, name+": "+msg) }
	if strings.TrimSpace(engine.Str(a, "title")) == "" {
		return bad("The field title cannot be left blank")
	}
	typ := engine.Str(a, "type")
	if !slices.Contains(appSchemaTypes, typ) {
		return bad(fmt.Sprintf("The type must be one of %v", appSchemaTypes))
	}
	if prev != nil && (engine.Str(prev, "type") != typ || engine.Str(prev, "items.type") != engine.Str(a, "items.type")) {
		return bad("The data type of an existing property can't be changed")
	}
	if s := engine.Str(a, "scope"); !slices.Contains(appSchemaScopes, s) {
		return bad(fmt.Sprintf("The scope must be one of %v", appSchemaScopes))
	}
	if u := engine.Str(a, "union"); u != "" && !slices.Contains(appSchemaUnions, u) {
		return bad(fmt.Sprintf("The union must be one of %v", appSchemaUnions))
	}
	_, hasMin := a["minLength"]
	_, hasMax := a["maxLength"]
	if (hasMin || hasMax) && typ != "string" {
		return bad("minLength and maxLength apply to string properties only")
	}
	minL, _ := engine.IntAt(a, "minLength")
	if maxL, ok := engine.IntAt(a, "maxLength"); minL < 0 || (ok && (maxL < 1 || maxL < minL)) {
		return bad("The length bounds are not valid")
	}
	holder, enumType := a, typ
	if typ == "array" {
		items, ok := a["items"].(map[string]any)
		if !ok || !slices.Contains(appSchemaItemTypes, engine.Str(items, "type")) {
			return bad(fmt.Sprintf("An array property needs items with a type of %v", appSchemaItemTypes))
		}
		if a["enum"] != nil || a["oneOf"] != nil {
			return bad("The enum of an array property belongs in its items")
		}
		holder, enumType = items, engine.Str(items, "type")
		if enumType == "object" {
			// Okta answers object items as open objects
			// (TestAccResourceOktaAppUserSchemas_array_enum_json).
			items["additionalProperties"] = true
		}
	} else if a["items"] != nil {
		return bad("Only array properties have items")
	}
	return appSchemaCheckEnum(name, holder, enumType)
}

// appSchemaCheckEnum checks an enum and its oneOf labels.
func appSchemaCheckEnum(name string, holder engine.Obj, typ string) *engine.APIError {
	bad := func(msg string) *engine.APIError { return engine.ErrValidation(name, name+": "+msg) }
	enum, hasEnum := holder["enum"].([]any)
	oneOf, hasOneOf := holder["oneOf"].([]any)
	if !hasEnum {
		if hasOneOf {
			return bad("oneOf needs an enum with the same values")
		}
		return nil
	}
	if typ == "boolean" {
		return bad("A boolean property can't have an enum")
	}
	if len(enum) == 0 {
		return bad("The enum cannot be empty")
	}
	values := map[string]bool{}
	for _, v := range enum {
		if !appSchemaFits(v, typ) {
			return bad(fmt.Sprintf("The enum value %v is not a valid %s", v, typ))
		}
		values[fmt.Sprint(engine.NormalizeJSON(v))] = true
	}
	if !hasOneOf {
		return nil
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
		if !values[fmt.Sprint(engine.NormalizeJSON(om["const"]))] {
			return bad(fmt.Sprintf("The oneOf const %v is not an enum value", om["const"]))
		}
	}
	return nil
}

// appSchemaFits reports whether an enum value has the attribute's type.
func appSchemaFits(v any, typ string) bool {
	switch typ {
	case "string":
		_, ok := v.(string)
		return ok
	case "number":
		return engine.TNumber.Matches(v)
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "integer":
		f, ok := engine.NormalizeJSON(v).(float64)
		return engine.TNumber.Matches(v) && ok && f == float64(int64(f))
	}
	return false
}
