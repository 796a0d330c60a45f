package apps

import (
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// App user schemas (coverage.md C1; SPEC getApplicationUserSchema,
// updateApplicationUserProfile): every app has one, made with it, at
// /api/v1/meta/schemas/apps/{appId}/default. There is no create and no
// delete; POST is a partial update of definitions.base.properties and
// definitions.custom.properties, where a custom attribute sent as null is
// removed.
//
// What the recordings show (TestAccResourceOktaAppUserSchemas_*,
// TestAccResourceOktaAppUserBaseSchema_change):
//   - the answer is a UserSchema whose id is a URL with the org host but
//     without /api/v1, name is the app's name with a random suffix, title
//     "<label> User", and properties.profile.allOf names both subschemas;
//   - the default options a client sends are not echoed: master
//     {type: PROFILE_MASTER}, permissions [{SELF, READ_ONLY}],
//     required: false, and union DISABLE on a scalar attribute (an array
//     attribute keeps it, and gets it when sent without one). So they are
//     not stored;
//   - #custom lists `required` ([] when nothing is required) once it has
//     properties, and leaves it out when it has none;
//   - a base attribute keeps its template options; its `required` may be
//     changed unless the template requires it (userName).
//
// Table appUserSchemas: one row per app (id = app id), made on first use,
// so that apps created by any path (API, seed, sample, --generate) have
// one. Deleting an app drops it (OnDelete on the apps table).
const tableAppUserSchemas = "appUserSchemas"

var appSchemaAttrName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

func init() {
	engine.Register(engine.Module{
		Name: "app-user-schemas", Phase: 41,
		Routes: func(rt *engine.Router) {
			p := "/api/v1/meta/schemas/apps/{appId}/default"
			rt.Handle("GET", p, engine.ScopeFor("schemas", "GET"), appSchemaGet)
			rt.Handle("POST", p, engine.ScopeFor("schemas", "POST"), appSchemaUpdate)
		},
		OnDelete: map[string]engine.DeleteHook{engine.TableApps: func(c *engine.Call, _ string, app engine.Obj) {
			c.Org.Remove(tableAppUserSchemas, "", engine.Str(app, "id"))
		}},
	})
}

// appUserSchema returns the app's stored schema, made from its template on
// first use.
func appUserSchema(c *engine.Call, appID string) (engine.Obj, engine.Obj, *engine.APIError) {
	app := c.Org.Get(engine.TableApps, "", appID)
	if app == nil {
		return nil, nil, engine.ErrNotFound(appID, appsRes.TypeName)
	}
	if s := c.Org.Get(tableAppUserSchemas, "", appID); s != nil {
		return app, s, nil
	}
	created := engine.Str(app, "created")
	if created == "" {
		created = c.Org.Timestamp()
	}
	s := engine.Obj{
		"name": appSchemaName(c, app), "created": created, "lastUpdated": created,
		"definitions": engine.Obj{
			"custom": engine.Obj{"id": "#custom", "type": "object", "properties": engine.Obj{}},
			"base":   appSchemaTemplate(app),
		},
	}
	c.Org.Put(tableAppUserSchemas, "", appID, s)
	return app, s, nil
}

// appSchemaRender is the stored schema as Okta answers it.
func appSchemaRender(c *engine.Call, app, s engine.Obj) engine.Obj {
	out := engine.Obj{
		"id":          c.Base + "/meta/schemas/apps/" + engine.Str(app, "id") + "/default",
		"$schema":     "http://json-schema.org/draft-04/schema#",
		"name":        s["name"],
		"title":       engine.Str(app, "label") + " User",
		"created":     s["created"],
		"lastUpdated": s["lastUpdated"],
		"definitions": engine.Clone(s["definitions"]),
		"type":        "object",
		"properties": engine.Obj{"profile": engine.Obj{"allOf": []any{
			engine.Obj{"$ref": "#/definitions/custom"}, engine.Obj{"$ref": "#/definitions/base"},
		}}},
	}
	return out
}

func appSchemaGet(c *engine.Call) engine.Reply {
	app, s, err := appUserSchema(c, c.Param("appId"))
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(appSchemaRender(c, app, s))
}

// appSchemaUpdate is the partial POST. It is atomic: on any error the
// stored schema is unchanged.
func appSchemaUpdate(c *engine.Call) engine.Reply {
	app, s, err := appUserSchema(c, c.Param("appId"))
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	defs := s["definitions"].(map[string]any)
	base := engine.CloneObj(defs["base"].(map[string]any))
	custom := engine.CloneObj(defs["custom"].(map[string]any))
	if raw, sent := body["definitions"]; sent && raw != nil {
		dm, ok := raw.(map[string]any)
		if !ok {
			return engine.Fail(engine.ErrMalformed())
		}
		if sub, err := appSchemaSentProps(dm, "base"); err != nil {
			return engine.Fail(err)
		} else if sub != nil {
			if err := appSchemaUpdateBase(app, base, sub); err != nil {
				return engine.Fail(err)
			}
		}
		if sub, err := appSchemaSentProps(dm, "custom"); err != nil {
			return engine.Fail(err)
		} else if sub != nil {
			if err := appSchemaUpdateCustom(base, custom, sub); err != nil {
				return engine.Fail(err)
			}
		}
	}
	defs["base"], defs["custom"] = base, custom
	s["lastUpdated"] = c.Org.Timestamp()
	emitApp(c, evUserSchema, engine.Str(app, "id"), child(targetAppUserSchema, engine.Str(app, "id"), engine.Str(app, "label")))
	return engine.OK(appSchemaRender(c, app, s))
}

// appSchemaSentProps returns definitions.<part>.properties of a request.
func appSchemaSentProps(dm engine.Obj, part string) (engine.Obj, *engine.APIError) {
	sm, _ := dm[part].(map[string]any)
	if dm[part] != nil && sm == nil {
		return nil, engine.ErrMalformed()
	}
	if sm == nil || sm["properties"] == nil {
		return nil, nil
	}
	pm, ok := sm["properties"].(map[string]any)
	if !ok {
		return nil, engine.ErrMalformed()
	}
	return pm, nil
}

// appSchemaDropDefaults removes the options Okta does not echo because
// they hold its defaults.
func appSchemaDropDefaults(a engine.Obj) {
	if m, ok := a["master"].(map[string]any); ok && len(m) == 1 && engine.Str(m, "type") == "PROFILE_MASTER" {
		delete(a, "master")
	}
	if p, ok := a["permissions"].([]any); ok && len(p) == 1 {
		if pm, ok := p[0].(map[string]any); ok && len(pm) == 2 && engine.Str(pm, "principal") == "SELF" && engine.Str(pm, "action") == "READ_ONLY" {
			delete(a, "permissions")
		}
	}
	if b, ok := a["required"].(bool); ok && !b {
		delete(a, "required")
	}
	if engine.Str(a, "union") == "DISABLE" && engine.Str(a, "type") != "array" {
		delete(a, "union")
	}
}

func appSchemaUpdateBase(app, base, sent engine.Obj) *engine.APIError {
	props := base["properties"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(sent)) {
		cur, exists := props[name].(map[string]any)
		if !exists {
			return engine.ErrValidation(name, fmt.Sprintf("%s: The base property '%s' does not exist in the app's profile", name, name))
		}
		am, ok := sent[name].(map[string]any)
		if !ok {
			if sent[name] == nil {
				return engine.ErrValidation(name, fmt.Sprintf("%s: A base property can't be removed", name))
			}
			return engine.ErrMalformed()
		}
		next := engine.CloneObj(cur)
		for _, key := range slices.Sorted(maps.Keys(am)) {
			val := am[key]
			if appSchemaSameOption(key, cur[key], val) {
				continue
			}
			switch key {
			case "master", "permissions":
			case "required":
				if appSchemaTemplateRequired(app, name) {
					return engine.ErrValidation(name, fmt.Sprintf("%s: The base property '%s' is required by the app and can't be made optional", name, name))
				}
				if _, isBool := val.(bool); !isBool && val != nil {
					return engine.ErrMalformed()
				}
			default:
				return engine.ErrValidation(name, fmt.Sprintf("%s: The '%s' of the base property '%s' can't be changed", name, key, name))
			}
			if val == nil {
				delete(next, key)
			} else {
				next[key] = engine.Clone(val)
			}
		}
		if err := appSchemaCheckOptions(name, next); err != nil {
			return err
		}
		appSchemaDropDefaults(next)
		props[name] = next
	}
	base["required"] = appSchemaRequired(props)
	return nil
}

// appSchemaSameOption compares an option as Okta does for no-op updates:
// `required: false` matches an absent `required`; numbers by value.
func appSchemaSameOption(key string, cur, sent any) bool {
	if key == "required" {
		cb, _ := cur.(bool)
		sb, isBool := sent.(bool)
		if sent == nil || isBool {
			return cb == sb
		}
	}
	return reflect.DeepEqual(engine.NormalizeJSON(cur), engine.NormalizeJSON(sent))
}

func appSchemaUpdateCustom(base, custom, sent engine.Obj) *engine.APIError {
	baseProps := base["properties"].(map[string]any)
	props, _ := custom["properties"].(map[string]any)
	if props == nil {
		props = engine.Obj{}
	}
	for _, name := range slices.Sorted(maps.Keys(sent)) {
		if sent[name] == nil {
			delete(props, name)
			continue
		}
		am, ok := sent[name].(map[string]any)
		if !ok {
			return engine.ErrMalformed()
		}
		for b := range baseProps {
			if strings.EqualFold(b, name) {
				return engine.ErrValidation(name, fmt.Sprintf("%s: A base property with this name already exists", name))
			}
		}
		if !appSchemaAttrName.MatchString(name) {
			return engine.ErrValidation(name, fmt.Sprintf("%s: The property name must start with a letter and contain only letters, digits and underscores", name))
		}
		// An attribute sent again is merged into what is stored: a
		// client may send only the options it changes.
		prev, _ := props[name].(map[string]any)
		next := engine.Obj{}
		if prev != nil {
			next = engine.CloneObj(prev)
		}
		engine.Merge(next, am)
		engine.SetDefault(next, "scope", "NONE")
		if engine.Str(next, "type") == "array" {
			// Arrays show their union (recorded DISABLE when sent); one
			// sent without it gets Okta's default, shown the same way.
			engine.SetDefault(next, "union", "DISABLE")
		}
		if err := appSchemaCheckCustom(name, next, prev); err != nil {
			return err
		}
		appSchemaDropDefaults(next)
		props[name] = next
	}
	custom["properties"] = props
	if len(props) == 0 {
		delete(custom, "required")
	} else {
		custom["required"] = appSchemaRequired(props)
	}
	return nil
}

// appSchemaRequired lists the required attributes, sorted ([] if none).
func appSchemaRequired(props engine.Obj) []any {
	out := []any{}
	for _, name := range slices.Sorted(maps.Keys(props)) {
		if a, _ := props[name].(map[string]any); engine.BoolAt(a, "required") {
			out = append(out, name)
		}
	}
	return out
}
