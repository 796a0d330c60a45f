package conformance

import (
	"encoding/json"
	"net/http"
	"reflect"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// schemaTestClock is a clock that moves one second per reading, so that
// lastUpdated visibly changes between requests.
func schemaTestClock() func() time.Time {
	var mu sync.Mutex
	t := time.Date(2025, 6, 13, 9, 6, 52, 0, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Second)
		return t
	}
}

// schemaCustom returns definitions.custom of a schema document.
func schemaCustom(t *testing.T, doc engine.Obj) engine.Obj {
	t.Helper()
	c, ok := engine.At(doc, "definitions.custom").(map[string]any)
	if !ok {
		t.Fatalf("no definitions.custom in %v", doc)
	}
	return c
}

func schemaKeys(m any) []string {
	mm, _ := m.(map[string]any)
	out := make([]string, 0, len(mm))
	for k := range mm {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// schemaPost POSTs custom properties to a schema and returns the answer.
func schemaPost(t *testing.T, o *conformanceOrg, path string, props engine.Obj) (int, []byte) {
	t.Helper()
	status, _, data := o.do(t, "POST", path, engine.Obj{"definitions": engine.Obj{"custom": engine.Obj{
		"id": "#custom", "type": "object", "properties": props,
	}}})
	return status, data
}

func TestSchemasUserDefaultDocument(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	status, _, data := o.do(t, "GET", "/api/v1/meta/schemas/user/default", nil)
	if status != http.StatusOK {
		t.Fatalf("GET: %d %s", status, data)
	}
	doc := userTypeObj(t, data)
	_, _, td := o.do(t, "GET", "/api/v1/meta/types/user/default", nil)
	typeID := engine.Str(userTypeObj(t, td), "id")
	for path, want := range map[string]any{
		"id":                      o.URL + "/meta/schemas/user/default",
		"$schema":                 "http://json-schema.org/draft-04/schema#",
		"name":                    "user",
		"title":                   "User",
		"description":             "Okta user profile template with default permission settings",
		"type":                    "object",
		"definitions.base.id":     "#base",
		"definitions.custom.id":   "#custom",
		"definitions.custom.type": "object",
		"_links.self.href":        o.URL + "/api/v1/meta/schemas/user/osc" + typeID[3:],
		"_links.self.method":      "GET",
		"_links.type.href":        o.URL + "/api/v1/meta/types/user/" + typeID,
		"definitions.base.properties.login.minLength":              json.Number("5"),
		"definitions.base.properties.login.permissions":            []any{map[string]any{"principal": "SELF", "action": "READ_ONLY"}},
		"definitions.base.properties.email.format":                 "email",
		"definitions.base.properties.primaryPhone.maxLength":       json.Number("100"),
		"definitions.base.properties.department.master.type":       "PROFILE_MASTER",
		"definitions.base.properties.middleName.required":          nil,
		"definitions.custom.required":                              nil,
		"properties.profile.allOf":                                 []any{map[string]any{"$ref": "#/definitions/custom"}, map[string]any{"$ref": "#/definitions/base"}},
		"definitions.base.required":                                []any{"login", "firstName", "lastName", "email"},
		"definitions.base.properties.firstName.required":           true,
		"definitions.base.properties.countryCode.permissions.0":    nil,
		"definitions.base.properties.preferredLanguage.mutability": "READ_WRITE",
	} {
		if got := engine.At(doc, path); !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", path, got, want)
		}
	}
	if n := len(schemaKeys(engine.At(doc, "definitions.base.properties"))); n != 31 {
		t.Errorf("%d base properties, want 31", n)
	}
	if n := len(schemaKeys(engine.At(doc, "definitions.custom.properties"))); n != 0 {
		t.Errorf("%d custom properties in a fresh org", n)
	}
	// The osc id names the same schema.
	status, _, data2 := o.do(t, "GET", "/api/v1/meta/schemas/user/osc"+typeID[3:], nil)
	if status != http.StatusOK || string(data2) != string(data) {
		t.Fatalf("by osc id: %d\n%s\n%s", status, data, data2)
	}
	status, _, data = o.do(t, "GET", "/api/v1/meta/schemas/user/oscNOPENOPENOPENOPE1", nil)
	userTypeWantError(t, "unknown schema", status, data, http.StatusNotFound, "E0000007")
}

func TestSchemasUserCustomLifecycle(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{Now: schemaTestClock()})
	const path = "/api/v1/meta/schemas/user/default"
	_, _, data := o.do(t, "GET", path, nil)
	before := engine.Str(userTypeObj(t, data), "lastUpdated")

	// Add, as the TF recording TestAccResourceOktaUserSchema_enum_string does.
	status, data := schemaPost(t, o, path, engine.Obj{"costCode": engine.Obj{
		"description": "testing", "enum": []any{"one", "two", "three"}, "master": engine.Obj{"type": "OKTA"},
		"oneOf": []any{
			engine.Obj{"const": "one", "title": "string One"}, engine.Obj{"const": "two", "title": "string Two"},
			engine.Obj{"const": "three", "title": "string Three"},
		},
		"permissions": []any{engine.Obj{"action": "READ_ONLY", "principal": "SELF"}},
		"required":    false, "scope": "SELF", "title": "terraform acceptance test", "type": "string",
	}})
	if status != http.StatusOK {
		t.Fatalf("add: %d %s", status, data)
	}
	doc := userTypeObj(t, data)
	if engine.Str(doc, "lastUpdated") == before {
		t.Errorf("lastUpdated did not move")
	}
	// The user type is marked updated with its schema.
	_, _, td := o.do(t, "GET", "/api/v1/meta/types/user/default", nil)
	_, _, me := o.do(t, "GET", "/api/v1/users/me", nil)
	if ty := userTypeObj(t, td); engine.Str(ty, "lastUpdated") != engine.Str(doc, "lastUpdated") || engine.Str(ty, "lastUpdatedBy") != engine.Str(userTypeObj(t, me), "id") {
		t.Errorf("type not touched: %s", td)
	}
	cust := schemaCustom(t, doc)
	attr := engine.At(cust, "properties.costCode").(map[string]any)
	if _, has := attr["required"]; has {
		t.Errorf("required:false should not be echoed: %v", attr)
	}
	for k, want := range map[string]any{"mutability": "READ_WRITE", "scope": "SELF", "master.type": "OKTA", "title": "terraform acceptance test"} {
		if got := engine.At(attr, k); got != want {
			t.Errorf("%s = %v, want %v", k, got, want)
		}
	}
	if !reflect.DeepEqual(cust["required"], []any{}) {
		t.Errorf("custom.required = %#v, want []", cust["required"])
	}

	// A second property with server defaults.
	status, data = schemaPost(t, o, path, engine.Obj{"nick": engine.Obj{"title": "Nick", "type": "string", "maxLength": 20, "required": true}})
	if status != http.StatusOK {
		t.Fatalf("add nick: %d %s", status, data)
	}
	cust = schemaCustom(t, userTypeObj(t, data))
	if got := schemaKeys(cust["properties"]); !reflect.DeepEqual(got, []string{"costCode", "nick"}) {
		t.Fatalf("custom properties %v", got)
	}
	nick := engine.At(cust, "properties.nick").(map[string]any)
	for k, want := range map[string]any{
		"mutability": "READ_WRITE", "scope": "NONE", "master.type": "PROFILE_MASTER",
		"permissions": []any{map[string]any{"principal": "SELF", "action": "READ_ONLY"}}, "required": true,
	} {
		if got := engine.At(nick, k); !reflect.DeepEqual(got, want) {
			t.Errorf("nick.%s = %#v, want %#v", k, got, want)
		}
	}
	if !reflect.DeepEqual(cust["required"], []any{"nick"}) {
		t.Errorf("custom.required = %#v, want [nick]", cust["required"])
	}

	// Partial merge inside a property: the title changes, the type stays;
	// an option sent as null is removed; arrays are replaced.
	status, data = schemaPost(t, o, path, engine.Obj{
		"nick":     engine.Obj{"title": "Nickname", "maxLength": nil},
		"costCode": engine.Obj{"enum": []any{"ONE", "TWO"}, "oneOf": []any{engine.Obj{"const": "ONE", "title": "1"}, engine.Obj{"const": "TWO", "title": "2"}}},
	})
	if status != http.StatusOK {
		t.Fatalf("merge: %d %s", status, data)
	}
	cust = schemaCustom(t, userTypeObj(t, data))
	if engine.At(cust, "properties.nick.title") != "Nickname" || engine.At(cust, "properties.nick.type") != "string" || engine.At(cust, "properties.nick.maxLength") != nil {
		t.Errorf("merged nick: %v", engine.At(cust, "properties.nick"))
	}
	if !reflect.DeepEqual(engine.At(cust, "properties.costCode.enum"), []any{"ONE", "TWO"}) {
		t.Errorf("enum not replaced: %v", engine.At(cust, "properties.costCode.enum"))
	}

	// Remove both with null; an empty #custom has no required list.
	status, data = schemaPost(t, o, path, engine.Obj{"nick": nil, "costCode": nil, "neverExisted": nil})
	if status != http.StatusOK {
		t.Fatalf("remove: %d %s", status, data)
	}
	cust = schemaCustom(t, userTypeObj(t, data))
	if len(schemaKeys(cust["properties"])) != 0 {
		t.Errorf("properties left: %v", cust["properties"])
	}
	if _, has := cust["required"]; has {
		t.Errorf("empty #custom still has required: %v", cust)
	}

	// A body without definitions changes nothing but is accepted.
	if status, _, data := o.do(t, "POST", path, engine.Obj{"title": "ignored"}); status != http.StatusOK || engine.Str(userTypeObj(t, data), "title") != "User" {
		t.Fatalf("empty update: %d %s", status, data)
	}
}

func TestSchemasUserCustomValidation(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	const path = "/api/v1/meta/schemas/user/default"
	if status, data := schemaPost(t, o, path, engine.Obj{"existing": engine.Obj{"title": "Existing", "type": "string"}}); status != http.StatusOK {
		t.Fatalf("seed property: %d %s", status, data)
	}
	for i, name := range []string{"u1", "u2", "u3", "u4", "u5"} {
		if status, data := schemaPost(t, o, path, engine.Obj{name: engine.Obj{"title": name, "type": "string", "unique": "UNIQUE_VALIDATED"}}); status != http.StatusOK {
			t.Fatalf("unique %d: %d %s", i, status, data)
		}
	}
	str := func(extra engine.Obj) engine.Obj {
		a := engine.Obj{"title": "T", "type": "string"}
		for k, v := range extra {
			a[k] = v
		}
		return a
	}
	cases := []struct {
		name  string
		props any
		code  string
	}{
		{"no type", engine.Obj{"p": engine.Obj{"title": "T"}}, "E0000001"},
		{"no title", engine.Obj{"p": engine.Obj{"type": "string"}}, "E0000001"},
		{"unknown type", engine.Obj{"p": engine.Obj{"title": "T", "type": "date"}}, "E0000001"},
		{"bad name", engine.Obj{"9p": str(nil)}, "E0000001"},
		{"name of a base property", engine.Obj{"department": str(nil)}, "E0000001"},
		{"base name, other case", engine.Obj{"Department": str(nil)}, "E0000001"},
		{"enum of the wrong type", engine.Obj{"p": engine.Obj{"title": "T", "type": "integer", "enum": []any{"a"}}}, "E0000001"},
		{"fractional integer enum", engine.Obj{"p": engine.Obj{"title": "T", "type": "integer", "enum": []any{1.5}}}, "E0000001"},
		{"enum on a boolean", engine.Obj{"p": engine.Obj{"title": "T", "type": "boolean", "enum": []any{true}}}, "E0000001"},
		{"empty enum", engine.Obj{"p": str(engine.Obj{"enum": []any{}})}, "E0000001"},
		{"repeated enum value", engine.Obj{"p": str(engine.Obj{"enum": []any{"a", "a"}})}, "E0000001"},
		{"oneOf without enum", engine.Obj{"p": str(engine.Obj{"oneOf": []any{engine.Obj{"const": "a", "title": "A"}}})}, "E0000001"},
		{"oneOf const not in enum", engine.Obj{"p": str(engine.Obj{"enum": []any{"a"}, "oneOf": []any{engine.Obj{"const": "b", "title": "B"}}})}, "E0000001"},
		{"oneOf without title", engine.Obj{"p": str(engine.Obj{"enum": []any{"a"}, "oneOf": []any{engine.Obj{"const": "a"}}})}, "E0000001"},
		{"array without items", engine.Obj{"p": engine.Obj{"title": "T", "type": "array"}}, "E0000001"},
		{"array of booleans", engine.Obj{"p": engine.Obj{"title": "T", "type": "array", "items": engine.Obj{"type": "boolean"}}}, "E0000001"},
		{"enum on the array, not its items", engine.Obj{"p": engine.Obj{"title": "T", "type": "array", "items": engine.Obj{"type": "string"}, "enum": []any{"a"}}}, "E0000001"},
		{"items on a string", engine.Obj{"p": str(engine.Obj{"items": engine.Obj{"type": "string"}})}, "E0000001"},
		{"length on an integer", engine.Obj{"p": engine.Obj{"title": "T", "type": "integer", "maxLength": 5}}, "E0000001"},
		{"min above max", engine.Obj{"p": str(engine.Obj{"minLength": 10, "maxLength": 5})}, "E0000001"},
		{"unique array", engine.Obj{"p": engine.Obj{"title": "T", "type": "array", "items": engine.Obj{"type": "string"}, "unique": "UNIQUE_VALIDATED"}}, "E0000001"},
		{"unknown unique value", engine.Obj{"p": str(engine.Obj{"unique": "YES"})}, "E0000001"},
		{"sixth unique property", engine.Obj{"u6": str(engine.Obj{"unique": "UNIQUE_VALIDATED"})}, "E0000001"},
		{"bad scope", engine.Obj{"p": str(engine.Obj{"scope": "ALL"})}, "E0000001"},
		{"bad permission action", engine.Obj{"p": str(engine.Obj{"permissions": []any{engine.Obj{"principal": "SELF", "action": "WRITE"}}})}, "E0000001"},
		{"bad master", engine.Obj{"p": str(engine.Obj{"master": engine.Obj{"type": "AD"}})}, "E0000001"},
		{"OVERRIDE without priority", engine.Obj{"p": str(engine.Obj{"master": engine.Obj{"type": "OVERRIDE"}})}, "E0000001"},
		{"type change", engine.Obj{"existing": engine.Obj{"type": "integer"}}, "E0000001"},
		{"property not an object", engine.Obj{"p": "string"}, "E0000003"},
		{"title not a string", engine.Obj{"p": engine.Obj{"title": 5, "type": "string"}}, "E0000003"},
		{"properties not an object", []any{}, "E0000003"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, _, data := o.do(t, "POST", path, engine.Obj{"definitions": engine.Obj{"custom": engine.Obj{"properties": tc.props}}})
			userTypeWantError(t, tc.name, status, data, http.StatusBadRequest, tc.code)
		})
	}
	// definitions itself must be an object.
	status, _, data := o.do(t, "POST", path, engine.Obj{"definitions": "x"})
	userTypeWantError(t, "definitions not an object", status, data, http.StatusBadRequest, "E0000003")

	// A failing request changes nothing, even its valid parts.
	status, data = schemaPost(t, o, path, engine.Obj{"aGood": str(nil), "zBad": engine.Obj{"title": "T"}})
	userTypeWantError(t, "mixed request", status, data, http.StatusBadRequest, "E0000001")
	_, _, data = o.do(t, "GET", path, nil)
	if got := schemaKeys(schemaCustom(t, userTypeObj(t, data))["properties"]); !reflect.DeepEqual(got, []string{"existing", "u1", "u2", "u3", "u4", "u5"}) {
		t.Fatalf("after a failed update: %v", got)
	}
	// Freeing a unique slot makes room for another.
	if status, data := schemaPost(t, o, path, engine.Obj{"u1": nil, "u6": str(engine.Obj{"unique": "UNIQUE_VALIDATED"})}); status != http.StatusOK {
		t.Fatalf("swap unique: %d %s", status, data)
	}
}

// Okta returns integer and number enums as JSON numbers (recordings
// TestAccResourceOktaUserSchema_enum_integer, …_array_enum_number), which
// the official spec types as strings; so this test uses a client that does
// not validate against the spec.
func TestSchemasUserNumericEnums(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	raw := *o
	raw.HTTP = http.DefaultClient
	status, data := schemaPost(t, &raw, "/api/v1/meta/schemas/user/default", engine.Obj{
		"level": engine.Obj{"title": "Level", "type": "integer", "enum": []any{1, 2, 3},
			"oneOf": []any{engine.Obj{"const": 1, "title": "one"}, engine.Obj{"const": 2, "title": "two"}, engine.Obj{"const": 3, "title": "three"}}},
		"ratios": engine.Obj{"title": "Ratios", "type": "array", "items": engine.Obj{"type": "number", "enum": []any{0.01, 0.02},
			"oneOf": []any{engine.Obj{"const": 0.01, "title": "a"}, engine.Obj{"const": 0.02, "title": "b"}}}},
	})
	if status != http.StatusOK {
		t.Fatalf("numeric enums: %d %s", status, data)
	}
	cust := schemaCustom(t, userTypeObj(t, data))
	if got := engine.At(cust, "properties.level.enum"); !reflect.DeepEqual(got, []any{json.Number("1"), json.Number("2"), json.Number("3")}) {
		t.Errorf("integer enum = %#v", got)
	}
	if got := engine.At(cust, "properties.ratios.items.enum"); !reflect.DeepEqual(got, []any{json.Number("0.01"), json.Number("0.02")}) {
		t.Errorf("number enum = %#v", got)
	}
}
