package directory

import (
	"fmt"
	"net/http"
	"regexp"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// UI schemas (coverage §3.4 B3; VCR TestAccResourceOktaUISchema_crud,
// TestAccDataSourceOktaUISchema_read): the forms a profile enrollment
// policy shows at self-service registration, a layout of user profile
// attributes. They live here, next to the user schemas, because they sit
// under /api/v1/meta with the other profile metadata and every element
// names a user profile attribute ("#/properties/<attribute>"); the policy
// that shows one points at it (actions.profileEnrollment.uiSchemaId of its
// rule, in the policies family).
//
// What the recordings show and the sandbox reproduces: create answers 200
// with `uis…` ids; the body is {uiSchema: {type, label, buttonLabel,
// elements: [{type, scope, label, options: {format}}]}} plus id, created,
// lastUpdated and a self link allowing GET, PUT and DELETE; PUT replaces the
// form. From the spec (v6.1.0; v5.0.2 types elements as one object):
// label defaults to "Sign in" and buttonLabel to "Submit"; a scope must be
// "#/properties/<attribute>". Not recorded: the list (not paged), and the
// answer to deleting a form a rule still uses (the sandbox refuses with
// 400 E0000001, a status the spec documents for the delete).
var uiSchemasRes = &engine.Resource{
	Name: engine.TableUISchemas, TypeName: "UISchema", Prefix: "uis", Area: "uischemas",
	Events: &engine.Events{Type: "UISchema", Create: "system.ui_schema.create", Update: "system.ui_schema.update", Delete: "system.ui_schema.delete"},
	Coll:   "/api/v1/meta/uischemas", IDParam: "id",
	CreateStatus: http.StatusOK,
	Fields: []engine.Field{
		{Path: "uiSchema", Type: engine.TObject, Required: true},
		{Path: "uiSchema.type", Type: engine.TString},
		{Path: "uiSchema.label", Type: engine.TString},
		{Path: "uiSchema.buttonLabel", Type: engine.TString},
		{Path: "uiSchema.elements", Type: engine.TArray},
	},
}

// uiSchemaScope is the form of an element's scope (spec UIElement.scope).
var uiSchemaScope = regexp.MustCompile(`^#/properties/[A-Za-z][A-Za-z0-9_]*$`)

func init() {
	uiSchemasRes.Prepare = prepareUISchema
	uiSchemasRes.BeforeDelete = func(c *engine.Call, _ string, cur engine.Obj) *engine.APIError {
		id := engine.Str(cur, "id")
		for _, pid := range c.Org.Parents(engine.TablePolicyRules) {
			for _, r := range c.Org.List(engine.TablePolicyRules, pid) {
				if engine.Str(r, "actions.profileEnrollment.uiSchemaId") == id {
					return engine.ErrValidation("id", fmt.Sprintf("id: The UI schema is used by the profile enrollment rule %s", engine.Str(r, "name")))
				}
			}
		}
		return nil
	}
	engine.Register(engine.Module{
		Name: "ui-schemas", Phase: 13,
		Routes: func(rt *engine.Router) { uiSchemasRes.Install(rt) },
		Seed: func(c *engine.Call) error {
			// The form of the default profile enrollment policy (its rule
			// points at it; the policies family seeds that).
			_, err := uiSchemasRes.Insert(c.Internal(), "", uiSchemaForm("Sign in", "Sign in",
				uiSchemaElement("firstName", "First name", "text"), uiSchemaElement("lastName", "Last name", "text"),
				uiSchemaElement("email", "Primary email", "text")), nil)
			if err != nil {
				return err
			}
			return nil
		},
		Sample: func(c *engine.Call) error {
			// The customer portal's registration form.
			_, err := uiSchemasRes.Insert(c.Internal(), "", uiSchemaForm("Create your portal account", "Register",
				uiSchemaElement("email", "Work email", "text"), uiSchemaElement("firstName", "First name", "text"),
				uiSchemaElement("lastName", "Last name", "text"), uiSchemaElement("countryCode", "Country", "select")), nil)
			if err != nil {
				return err
			}
			return nil
		},
	})
}

func uiSchemaForm(label, button string, elements ...any) engine.Obj {
	return engine.Obj{"uiSchema": engine.Obj{"type": "Group", "label": label, "buttonLabel": button, "elements": elements}}
}

func uiSchemaElement(attr, label, format string) engine.Obj {
	return engine.Obj{"type": "Control", "scope": "#/properties/" + attr, "label": label, "options": engine.Obj{"format": format}}
}

func prepareUISchema(_ *engine.Call, _ string, body, _ engine.Obj) *engine.APIError {
	ui, _ := body["uiSchema"].(map[string]any)
	engine.SetDefault(ui, "type", "Group")
	engine.SetDefault(ui, "label", "Sign in")
	engine.SetDefault(ui, "buttonLabel", "Submit")
	engine.SetDefault(ui, "elements", []any{})
	for i, x := range ui["elements"].([]any) {
		el, ok := x.(map[string]any)
		if !ok {
			return engine.ErrMalformed()
		}
		engine.SetDefault(el, "type", "Control")
		if scope := engine.Str(el, "scope"); !uiSchemaScope.MatchString(scope) {
			return engine.ErrValidation("uiSchema.elements", fmt.Sprintf("uiSchema.elements[%d].scope: '%s' is not #/properties/<attribute>", i, scope))
		}
	}
	return nil
}
