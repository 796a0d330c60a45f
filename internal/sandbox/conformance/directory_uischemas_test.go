package conformance

import (
	"fmt"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestUISchemas drives enrollment forms as the recordings do (VCR
// TestAccResourceOktaUISchema_crud: create 200, get, replace, delete),
// validated against the v6.1.0 spec (v5.0.2 types elements as one object);
// the default form every org has; the profile enrollment rule that uses a
// form, which keeps it from being deleted.
func TestUISchemas(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	const coll = "/api/v1/meta/uischemas"
	seeded := o.must(200, "GET", coll, nil).([]any)
	if len(seeded) != 1 {
		t.Fatalf("seeded forms: %v", seeded)
	}
	def := seeded[0].(map[string]any)

	form := engine.Obj{"uiSchema": engine.Obj{"buttonLabel": "submit", "label": "Sign in", "type": "Group", "elements": []any{
		engine.Obj{"label": "Last Name", "options": engine.Obj{"format": "text"}, "scope": "#/properties/lastName", "type": "Control"}}}}
	got := o.mustObj(200, "POST", coll, form)
	id := engine.Str(got, "id")
	if !strings.HasPrefix(id, "uis") || engine.Str(got, "created") == "" || fmt.Sprint(ahbAllow(got, "self")) != "[GET PUT DELETE]" {
		t.Errorf("create: %v", got)
	}
	form["uiSchema"].(engine.Obj)["elements"] = append(form["uiSchema"].(engine.Obj)["elements"].([]any),
		engine.Obj{"label": "First Name", "options": engine.Obj{"format": "text"}, "scope": "#/properties/firstName"})
	got = o.mustObj(200, "PUT", coll+"/"+id, form)
	els, _ := engine.At(got, "uiSchema.elements").([]any)
	if len(els) != 2 || engine.Str(els[1].(map[string]any), "type") != "Control" {
		t.Errorf("PUT: %v", got)
	}
	// Defaults from the spec.
	bare := o.mustObj(200, "POST", coll, engine.Obj{"uiSchema": engine.Obj{}})
	if engine.Str(bare, "uiSchema.label") != "Sign in" || engine.Str(bare, "uiSchema.buttonLabel") != "Submit" {
		t.Errorf("defaults: %v", bare)
	}
	o.fail(400, "E0000001", "POST", coll, engine.Obj{"uiSchema": engine.Obj{"elements": []any{engine.Obj{"scope": "lastName"}}}})
	o.fail(400, "E0000001", "POST", coll, engine.Obj{})

	// The default profile enrollment policy shows the default form; a rule
	// that names a form keeps it, and an unknown form is refused.
	pe := o.must(200, "GET", "/api/v1/policies?type=PROFILE_ENROLLMENT", nil).([]any)[0].(map[string]any)
	rules := o.must(200, "GET", "/api/v1/policies/"+engine.Str(pe, "id")+"/rules", nil).([]any)
	rule := rules[0].(map[string]any)
	if engine.Str(rule, "actions.profileEnrollment.uiSchemaId") != engine.Str(def, "id") {
		t.Errorf("the default enrollment rule shows %q, want the default form %s", engine.Str(rule, "actions.profileEnrollment.uiSchemaId"), engine.Str(def, "id"))
	}
	o.fail(400, "E0000001", "DELETE", coll+"/"+engine.Str(def, "id"), nil)
	rulePath := "/api/v1/policies/" + engine.Str(pe, "id") + "/rules/" + engine.Str(rule, "id")
	engine.Set(rule, "actions.profileEnrollment.uiSchemaId", "uisnothere0000000000")
	o.fail(400, "E0000001", "PUT", rulePath, rule)
	engine.Set(rule, "actions.profileEnrollment.uiSchemaId", id)
	o.must(200, "PUT", rulePath, rule)
	o.must(204, "DELETE", coll+"/"+engine.Str(def, "id"), nil)
	o.fail(404, "E0000007", "GET", coll+"/"+engine.Str(def, "id"), nil)
}
