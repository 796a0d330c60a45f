package conformance

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestAppUserSchemas drives an app's user schema over HTTP: every app has
// one with its template's base attributes; a partial POST adds, changes
// and removes custom attributes, leaves out the defaults Okta does not
// echo, and refuses what Okta refuses.
func TestAppUserSchemas(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	oidc := engine.Str(o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestOIDC("Portal", "web")), "id")
	bm := engine.Str(o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestBookmark("Wiki")), "id")
	path := func(id string) string { return "/api/v1/meta/schemas/apps/" + id + "/default" }

	s := o.obj(http.StatusOK, "GET", path(oidc), nil)
	if engine.Str(s, "id") != o.URL+"/meta/schemas/apps/"+oidc+"/default" || engine.Str(s, "title") != "Portal User" ||
		!strings.HasPrefix(engine.Str(s, "name"), "oidc_client_") || engine.Str(s, "$schema") != "http://json-schema.org/draft-04/schema#" {
		t.Errorf("schema header %v", s)
	}
	base := engine.At(s, "definitions.base.properties").(map[string]any)
	if len(base) != 21 || engine.Str(s, "definitions.base.properties.userName.externalName") != "preferred_username" ||
		!engine.BoolAt(s, "definitions.base.properties.userName.required") {
		t.Errorf("OIDC template: %d attributes, userName %v", len(base), base["userName"])
	}
	if _, has := engine.At(s, "definitions.custom").(map[string]any)["required"]; has {
		t.Errorf("an empty #custom has no required list: %v", engine.At(s, "definitions.custom"))
	}
	if b := o.obj(http.StatusOK, "GET", path(bm), nil); len(engine.At(b, "definitions.base.properties").(map[string]any)) != 1 {
		t.Errorf("bookmark template: %v", engine.At(b, "definitions.base"))
	}

	// A custom attribute with every default option: none is echoed.
	attr := engine.Obj{"title": "Cost center", "type": "string", "scope": "NONE", "union": "DISABLE", "required": false,
		"master": engine.Obj{"type": "PROFILE_MASTER"}, "permissions": []any{engine.Obj{"principal": "SELF", "action": "READ_ONLY"}},
		"enum": []any{"S", "M"}, "oneOf": []any{engine.Obj{"const": "S", "title": "Small"}, engine.Obj{"const": "M", "title": "Medium"}}}
	custom := func(props engine.Obj) engine.Obj {
		return engine.Obj{"definitions": engine.Obj{"custom": engine.Obj{"id": "#custom", "type": "object", "properties": props}}}
	}
	got := o.obj(http.StatusOK, "POST", path(oidc), custom(engine.Obj{"costCenter": attr}))
	want := engine.Obj{"title": "Cost center", "type": "string", "scope": "NONE", "enum": []any{"S", "M"},
		"oneOf": []any{engine.Obj{"const": "S", "title": "Small"}, engine.Obj{"const": "M", "title": "Medium"}}}
	if a := engine.At(got, "definitions.custom.properties.costCenter"); !reflect.DeepEqual(engine.NormalizeJSON(a), engine.NormalizeJSON(want)) {
		t.Errorf("stored attribute %v, want %v", a, want)
	}
	if r, _ := engine.At(got, "definitions.custom.required").([]any); r == nil || len(r) != 0 {
		t.Errorf("custom.required = %v, want []", engine.At(got, "definitions.custom.required"))
	}
	// An array attribute keeps union; a partial resend merges.
	got = o.obj(http.StatusOK, "POST", path(oidc), custom(engine.Obj{
		"regions":    engine.Obj{"title": "Regions", "type": "array", "union": "DISABLE", "items": engine.Obj{"type": "string"}},
		"costCenter": engine.Obj{"description": "finance code"},
	}))
	if engine.Str(got, "definitions.custom.properties.regions.union") != "DISABLE" ||
		engine.Str(got, "definitions.custom.properties.costCenter.description") != "finance code" ||
		engine.Str(got, "definitions.custom.properties.costCenter.title") != "Cost center" {
		t.Errorf("after the second POST: %v", engine.At(got, "definitions.custom.properties"))
	}
	// A base attribute's required may change, except the template's.
	got = o.obj(http.StatusOK, "POST", path(oidc), engine.Obj{"definitions": engine.Obj{"base": engine.Obj{"properties": engine.Obj{
		"name": engine.Obj{"title": "Name", "type": "string", "required": true}}}}})
	if !engine.BoolAt(got, "definitions.base.properties.name.required") ||
		!reflect.DeepEqual(engine.At(got, "definitions.base.required"), []any{"name", "userName"}) {
		t.Errorf("base after required: %v / %v", engine.At(got, "definitions.base.properties.name"), engine.At(got, "definitions.base.required"))
	}
	for _, c := range []struct {
		name string
		body engine.Obj
	}{
		{"userName optional", engine.Obj{"definitions": engine.Obj{"base": engine.Obj{"properties": engine.Obj{"userName": engine.Obj{"required": false}}}}}},
		{"base title", engine.Obj{"definitions": engine.Obj{"base": engine.Obj{"properties": engine.Obj{"email": engine.Obj{"title": "Mail"}}}}}},
		{"base removed", engine.Obj{"definitions": engine.Obj{"base": engine.Obj{"properties": engine.Obj{"email": nil}}}}},
		{"unknown base", engine.Obj{"definitions": engine.Obj{"base": engine.Obj{"properties": engine.Obj{"shoeSize": engine.Obj{"required": true}}}}}},
		{"type change", custom(engine.Obj{"costCenter": engine.Obj{"type": "integer"}})},
		{"no title", custom(engine.Obj{"x1": engine.Obj{"type": "string"}})},
		{"bad name", custom(engine.Obj{"1x": engine.Obj{"title": "x", "type": "string"}})},
		{"base name", custom(engine.Obj{"Email": engine.Obj{"title": "x", "type": "string"}})},
		{"oneOf not enum", custom(engine.Obj{"x2": engine.Obj{"title": "x", "type": "string", "enum": []any{"a"}, "oneOf": []any{engine.Obj{"const": "b", "title": "B"}}}})},
		{"array enum", custom(engine.Obj{"x3": engine.Obj{"title": "x", "type": "array", "items": engine.Obj{"type": "string"}, "enum": []any{"a"}}})},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := o.obj(http.StatusOK, "GET", path(oidc), nil)
			o.fails(false, http.StatusBadRequest, "E0000001", "POST", path(oidc), c.body)
			after := o.obj(http.StatusOK, "GET", path(oidc), nil)
			if !reflect.DeepEqual(before["definitions"], after["definitions"]) {
				t.Errorf("a refused POST changed the schema")
			}
		})
	}
	// null removes; the empty #custom loses its required list again.
	got = o.obj(http.StatusOK, "POST", path(oidc), custom(engine.Obj{"costCenter": nil, "regions": nil}))
	if props := engine.At(got, "definitions.custom.properties").(map[string]any); len(props) != 0 {
		t.Errorf("after removal: %v", props)
	}
	if _, has := engine.At(got, "definitions.custom").(map[string]any)["required"]; has {
		t.Errorf("custom.required after removing every attribute")
	}
	o.fails(false, http.StatusNotFound, "E0000007", "GET", path("0oaMissing0000000000"), nil)

	// Deleting the app takes its schema: a new GET 404s.
	o.obj(http.StatusOK, "POST", "/api/v1/apps/"+bm+"/lifecycle/deactivate", nil)
	if st, _, _ := o.call("DELETE", "/api/v1/apps/"+bm, nil); st != http.StatusNoContent {
		t.Fatalf("delete app: %d", st)
	}
	o.fails(false, http.StatusNotFound, "E0000007", "GET", path(bm), nil)
}

// TestAppUserSchemasSDK reads and updates an app user schema with the
// official SDK.
func TestAppUserSchemasSDK(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()
	app := engine.Str(o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestSAML("Payroll")), "id")

	s, resp, err := api.SchemaAPI.GetApplicationUserSchema(ctx, app).Execute()
	if err != nil || statusOf(resp) != http.StatusOK {
		t.Fatalf("GetApplicationUserSchema: %v %d", err, statusOf(resp))
	}
	if s.GetTitle() != "Payroll User" {
		t.Errorf("title %q", s.GetTitle())
	}
	attr := okta.UserSchemaAttribute{}
	attr.SetTitle("Employee number")
	attr.SetType("string")
	attr.SetMaxLength(12)
	custom := okta.NewUserSchemaPublic()
	custom.SetProperties(map[string]okta.UserSchemaAttribute{"employeeNumber": attr})
	defs := okta.NewUserSchemaDefinitions()
	defs.SetCustom(*custom)
	body := okta.NewUserSchema()
	body.SetDefinitions(*defs)
	updated, resp, err := api.SchemaAPI.UpdateApplicationUserProfile(ctx, app).Body(*body).Execute()
	if err != nil || statusOf(resp) != http.StatusOK {
		t.Fatalf("UpdateApplicationUserProfile: %v %d", err, statusOf(resp))
	}
	got := (*updated.GetDefinitions().Custom.Properties)["employeeNumber"]
	if got.GetTitle() != "Employee number" || got.GetMaxLength() != 12 || got.GetScope() != "NONE" {
		t.Errorf("employeeNumber = %+v", got)
	}
	_, resp, err = api.SchemaAPI.GetApplicationUserSchema(ctx, "0oaMissing0000000000").Execute()
	if statusOf(resp) != http.StatusNotFound || sdkErrorCode(err) != "E0000007" {
		t.Errorf("missing app: %d %v", statusOf(resp), err)
	}
}
