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
