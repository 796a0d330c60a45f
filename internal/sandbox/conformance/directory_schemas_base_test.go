package conformance

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func TestSchemasUserBase(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	const path = "/api/v1/meta/schemas/user/default"
	base := func(props engine.Obj) engine.Obj {
		return engine.Obj{"definitions": engine.Obj{"base": engine.Obj{"properties": props}}}
	}
	_, _, data := o.do(t, "GET", path, nil)
	firstName := engine.At(userTypeObj(t, data), "definitions.base.properties.firstName")

	ok := []struct {
		name  string
		props engine.Obj
		check func(doc engine.Obj) bool
	}{
		{"same values", engine.Obj{"firstName": firstName}, func(doc engine.Obj) bool {
			return reflect.DeepEqual(engine.At(doc, "definitions.base.properties.firstName"), firstName)
		}},
		{"permissions", engine.Obj{"login": engine.Obj{"permissions": []any{engine.Obj{"principal": "SELF", "action": "READ_WRITE"}}}}, func(doc engine.Obj) bool {
			return engine.At(doc, "definitions.base.properties.login.permissions.0") == nil &&
				engine.Str(engine.At(doc, "definitions.base.properties.login.permissions").([]any)[0].(map[string]any), "action") == "READ_WRITE"
		}},
		{"lastName optional", engine.Obj{"lastName": engine.Obj{"title": "Last name", "type": "string", "required": false}}, func(doc engine.Obj) bool {
			// The property loses `required`, the subschema's list stays
			// as Okta leaves it (recording TestAccDataSourceOktaIdpSocial_read).
			return engine.At(doc, "definitions.base.properties.lastName.required") == nil &&
				reflect.DeepEqual(engine.At(doc, "definitions.base.required"), []any{"login", "firstName", "lastName", "email"})
		}},
		{"lastName required again", engine.Obj{"lastName": engine.Obj{"required": true}}, func(doc engine.Obj) bool {
			return engine.At(doc, "definitions.base.properties.lastName.required") == true
		}},
		{"login pattern", engine.Obj{"login": engine.Obj{"pattern": "[a-z]+"}}, func(doc engine.Obj) bool {
			return engine.At(doc, "definitions.base.properties.login.pattern") == "[a-z]+"
		}},
		{"login pattern removed", engine.Obj{"login": engine.Obj{"pattern": nil}}, func(doc engine.Obj) bool {
			_, has := engine.At(doc, "definitions.base.properties.login").(map[string]any)["pattern"]
			return !has
		}},
		{"mastering", engine.Obj{"title": engine.Obj{"master": engine.Obj{"type": "OVERRIDE", "priority": []any{engine.Obj{"type": "ORG_MAPPING"}}}}}, func(doc engine.Obj) bool {
			return engine.At(doc, "definitions.base.properties.title.master.type") == "OVERRIDE"
		}},
	}
	for _, tc := range ok {
		status, _, data := o.do(t, "POST", path, base(tc.props))
		if status != http.StatusOK {
			t.Fatalf("%s: %d %s", tc.name, status, data)
		}
		if !tc.check(userTypeObj(t, data)) {
			t.Fatalf("%s: not applied: %s", tc.name, data)
		}
	}
	refused := []struct {
		name  string
		props engine.Obj
	}{
		{"email optional", engine.Obj{"email": engine.Obj{"required": false}}},
		{"title of a base property", engine.Obj{"firstName": engine.Obj{"title": "Given name"}}},
		{"type of a base property", engine.Obj{"firstName": engine.Obj{"type": "integer"}}},
		{"length of a base property", engine.Obj{"login": engine.Obj{"maxLength": 200}}},
		{"remove a base property", engine.Obj{"firstName": nil}},
		{"unknown base property", engine.Obj{"nickname2": engine.Obj{"title": "x"}}},
		{"bad permission", engine.Obj{"login": engine.Obj{"permissions": []any{engine.Obj{"principal": "SELF", "action": "ALL"}}}}},
		{"bad pattern", engine.Obj{"login": engine.Obj{"pattern": "[a-"}}},
	}
	for _, tc := range refused {
		status, _, data := o.do(t, "POST", path, base(tc.props))
		userTypeWantError(t, tc.name, status, data, http.StatusBadRequest, "E0000001")
	}
}

func TestSchemasUserTypeSchemas(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	if status, data := schemaPost(t, o, "/api/v1/meta/schemas/user/default", engine.Obj{"before": engine.Obj{"title": "Before", "type": "string"}}); status != http.StatusOK {
		t.Fatalf("default add: %d %s", status, data)
	}
	_, _, data := o.do(t, "POST", "/api/v1/meta/types/user", engine.Obj{"name": "partner", "displayName": "Partner", "description": "Partner staff"})
	ty := userTypeObj(t, data)
	schemaHref := engine.Str(ty, "_links.schema.href")
	path := strings.TrimPrefix(schemaHref, o.URL)
	oscID := path[strings.LastIndex(path, "/")+1:]

	status, _, data := o.do(t, "GET", path, nil)
	if status != http.StatusOK {
		t.Fatalf("type schema: %d %s", status, data)
	}
	doc := userTypeObj(t, data)
	for p, want := range map[string]any{
		"id": o.URL + "/meta/schemas/user/" + oscID, "name": "partner", "title": "Partner", "description": "Partner staff",
		"_links.self.href": schemaHref, "_links.type.href": o.URL + "/api/v1/meta/types/user/" + engine.Str(ty, "id"),
		"definitions.custom.properties.before.title": "Before",
	} {
		if got := engine.At(doc, p); got != want {
			t.Errorf("%s = %v, want %v", p, got, want)
		}
	}
	// Changes after the snapshot stay apart.
	if status, data := schemaPost(t, o, "/api/v1/meta/schemas/user/default", engine.Obj{"after": engine.Obj{"title": "After", "type": "string"}}); status != http.StatusOK {
		t.Fatalf("default add: %d %s", status, data)
	}
	if status, data := schemaPost(t, o, path, engine.Obj{"agency": engine.Obj{"title": "Agency", "type": "string"}, "before": nil}); status != http.StatusOK {
		t.Fatalf("type add: %d %s", status, data)
	}
	_, _, data = o.do(t, "GET", path, nil)
	if got := schemaKeys(schemaCustom(t, userTypeObj(t, data))["properties"]); !reflect.DeepEqual(got, []string{"agency"}) {
		t.Errorf("type schema custom = %v", got)
	}
	_, _, data = o.do(t, "GET", "/api/v1/meta/schemas/user/default", nil)
	if got := schemaKeys(schemaCustom(t, userTypeObj(t, data))["properties"]); !reflect.DeepEqual(got, []string{"after", "before"}) {
		t.Errorf("default schema custom = %v", got)
	}
	// An oty id is not a schema id.
	status, _, data = o.do(t, "GET", "/api/v1/meta/schemas/user/"+engine.Str(ty, "id"), nil)
	userTypeWantError(t, "type id as schema id", status, data, http.StatusNotFound, "E0000007")
}

func TestSchemasGroup(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	const path = "/api/v1/meta/schemas/group/default"
	status, _, data := o.do(t, "GET", path, nil)
	if status != http.StatusOK {
		t.Fatalf("GET: %d %s", status, data)
	}
	doc := userTypeObj(t, data)
	for p, want := range map[string]any{
		"id": o.URL + "/meta/schemas/group/default", "name": "group", "title": "Okta group",
		"description": "Okta group profile template", "type": "object",
		"$schema":          "http://json-schema.org/draft-04/schema#",
		"_links.self.href": o.URL + path, "_links.self.rel": "self",
		"definitions.base.properties.name.required":    true,
		"definitions.base.properties.name.master.type": "OKTA",
		"definitions.custom.id":                        "#custom",
	} {
		if got := engine.At(doc, p); got != want {
			t.Errorf("%s = %v, want %v", p, got, want)
		}
	}
	if got := schemaKeys(engine.At(doc, "definitions.base.properties")); !reflect.DeepEqual(got, []string{"description", "name"}) {
		t.Errorf("group base = %v", got)
	}
	name := engine.At(doc, "definitions.base.properties.name")

	// The SPEC example request: added with server defaults.
	status, data = schemaPost(t, o, path, engine.Obj{"groupContact": engine.Obj{
		"title": "Group administrative contact", "description": "Group administrative contact",
		"type": "string", "required": false, "minLength": 1, "maxLength": 20,
		"permissions": []any{engine.Obj{"principal": "SELF", "action": "READ_WRITE"}},
	}})
	if status != http.StatusOK {
		t.Fatalf("add: %d %s", status, data)
	}
	attr := engine.At(userTypeObj(t, data), "definitions.custom.properties.groupContact").(map[string]any)
	if attr["master"] == nil || engine.Str(attr, "master.type") != "PROFILE_MASTER" || engine.Str(attr, "scope") != "NONE" || engine.Str(attr, "mutability") != "READ_WRITE" {
		t.Errorf("defaults: %v", attr)
	}
	// Base properties: the same values pass, any change is refused.
	status, _, data = o.do(t, "POST", path, engine.Obj{"definitions": engine.Obj{"base": engine.Obj{"properties": engine.Obj{"name": name}}}})
	if status != http.StatusOK {
		t.Fatalf("same base: %d %s", status, data)
	}
	for _, props := range []engine.Obj{
		{"name": engine.Obj{"maxLength": 100}},
		{"description": engine.Obj{"permissions": []any{engine.Obj{"principal": "SELF", "action": "READ_WRITE"}}}},
		{"name": nil},
	} {
		status, _, data = o.do(t, "POST", path, engine.Obj{"definitions": engine.Obj{"base": engine.Obj{"properties": props}}})
		userTypeWantError(t, "group base change", status, data, http.StatusBadRequest, "E0000001")
	}
	// Group property names may repeat user base names; not group base ones.
	if status, data := schemaPost(t, o, path, engine.Obj{"department": engine.Obj{"title": "Department", "type": "string"}}); status != http.StatusOK {
		t.Fatalf("department on groups: %d %s", status, data)
	}
	status, data = schemaPost(t, o, path, engine.Obj{"Name": engine.Obj{"title": "Name", "type": "string"}})
	userTypeWantError(t, "group base name", status, data, http.StatusBadRequest, "E0000001")

	status, data = schemaPost(t, o, path, engine.Obj{"groupContact": nil, "department": nil})
	if status != http.StatusOK {
		t.Fatalf("remove: %d %s", status, data)
	}
	if got := schemaKeys(schemaCustom(t, userTypeObj(t, data))["properties"]); len(got) != 0 {
		t.Errorf("left: %v", got)
	}
}

func TestSchemasMatchAttributeInUse(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	const path = "/api/v1/meta/schemas/user/default"
	if status, data := schemaPost(t, o, path, engine.Obj{"upn": engine.Obj{"title": "UPN", "type": "string"}}); status != http.StatusOK {
		t.Fatalf("add: %d %s", status, data)
	}
	o.Srv.Org().Lock()
	o.Srv.Org().Put("idps", "", "0oaIDPIDPIDPIDPIDP01", engine.Obj{"id": "0oaIDPIDPIDPIDPIDP01",
		"policy": engine.Obj{"subject": engine.Obj{"matchAttribute": "upn"}}})
	o.Srv.Org().Unlock()
	status, data := schemaPost(t, o, path, engine.Obj{"upn": nil})
	userTypeWantError(t, "remove a match attribute", status, data, http.StatusBadRequest, "E0000001")
}

func TestSchemasSample(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{Sample: true})
	_, _, data := o.do(t, "GET", "/api/v1/meta/schemas/user/default", nil)
	custom := schemaKeys(schemaCustom(t, userTypeObj(t, data))["properties"])
	if len(custom) < 10 {
		t.Errorf("default user schema has %d custom properties: %v", len(custom), custom)
	}
	_, _, data = o.do(t, "GET", "/api/v1/meta/types/user", nil)
	var contractorSchema string
	for _, x := range userTypeDecode(t, data).([]any) {
		if engine.Str(x.(map[string]any), "name") == "contractor" {
			contractorSchema = strings.TrimPrefix(engine.Str(x.(map[string]any), "_links.schema.href"), o.URL)
		}
	}
	_, _, data = o.do(t, "GET", contractorSchema, nil)
	cs := schemaCustom(t, userTypeObj(t, data))
	if got := schemaKeys(cs["properties"]); !reflect.DeepEqual(got, []string{"agency", "contractEndDate", "sponsorEmail"}) {
		t.Errorf("contractor schema custom = %v", got)
	}
	if !reflect.DeepEqual(cs["required"], []any{"sponsorEmail"}) {
		t.Errorf("contractor required = %v", cs["required"])
	}
	_, _, data = o.do(t, "GET", "/api/v1/meta/schemas/group/default", nil)
	if got := schemaKeys(schemaCustom(t, userTypeObj(t, data))["properties"]); len(got) < 3 {
		t.Errorf("group schema custom = %v", got)
	}
}
