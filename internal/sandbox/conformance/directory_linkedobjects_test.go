package conformance

import (
	"context"
	"net/http"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func loPair(primary, associated string) engine.Obj {
	return engine.Obj{
		"primary":    engine.Obj{"name": primary, "title": "Manager", "description": "Manager link property", "type": "USER"},
		"associated": engine.Obj{"name": associated, "title": "Subordinate", "description": "Subordinate link property", "type": "USER"},
	}
}

// TestLinkedObjects: create 201 with a self link named by the primary name
// (VCR TestAccResourceOktaLinkDefinition_crud), read and delete by either
// name, names unique across every pair (409), the validation errors, and
// the route winning over the user schema's /meta/schemas/user/{schemaId}.
func TestLinkedObjects(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	const coll = "/api/v1/meta/schemas/user/linkedObjects"
	st, _, v := ahbCall(t, o, "POST", coll, loPair("boss", "report"))
	lo := ahbObj(t, v)
	if st != http.StatusCreated || engine.Str(lo, "primary.name") != "boss" || engine.Str(lo, "associated.type") != "USER" ||
		engine.Str(lo, "_links.self.href") != o.URL+coll+"/boss" || engine.At(lo, "_links.self.hints") != nil {
		t.Fatalf("create: %d %v", st, lo)
	}
	for _, name := range []string{"boss", "report"} {
		st, _, v := ahbCall(t, o, "GET", coll+"/"+name, nil)
		if st != http.StatusOK || engine.Str(ahbObj(t, v), "primary.name") != "boss" {
			t.Errorf("get by %s: %d %v", name, st, v)
		}
	}
	mut := func(f func(b engine.Obj)) engine.Obj { b := loPair("p1", "a1"); f(b); return b }
	for _, tc := range []struct {
		name   string
		body   engine.Obj
		status int
		code   string
	}{
		{"no associated", mut(func(b engine.Obj) { delete(b, "associated") }), 400, "E0000001"},
		{"no title", mut(func(b engine.Obj) { engine.Del(b, "primary.title") }), 400, "E0000001"},
		{"a group type", mut(func(b engine.Obj) { engine.Set(b, "primary.type", "GROUP") }), 400, "E0000001"},
		{"the same name twice", mut(func(b engine.Obj) { engine.Set(b, "associated.name", "p1") }), 400, "E0000001"},
		{"primary not an object", mut(func(b engine.Obj) { b["primary"] = "x" }), 400, "E0000003"},
		{"a primary name in use", loPair("boss", "other"), 409, "E0000001"},
		{"an associated name in use as primary", loPair("other", "boss"), 409, "E0000001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, _, v := ahbCall(t, o, "POST", coll, tc.body)
			ahbWantError(t, tc.name, st, v, tc.status, tc.code)
		})
	}
	if st, _, _ := ahbCall(t, o, "DELETE", coll+"/report", nil); st != http.StatusNoContent {
		t.Fatalf("delete by the associated name: %d", st)
	}
	st, _, v = ahbCall(t, o, "GET", coll+"/boss", nil)
	ahbWantError(t, "the pair is gone", st, v, 404, "E0000007")
}

// TestLinkedObjectsSDK: the official SDK creates, lists, reads and
// deletes definitions.
func TestLinkedObjectsSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{Sample: true})
	api := o.sdk(t)
	ctx := context.Background()
	created, _, err := api.LinkedObjectAPI.CreateLinkedObjectDefinition(ctx).LinkedObject(okta.LinkedObject{
		Primary:    &okta.LinkedObjectDetails{Name: "mentor", Title: "Mentor", Type: "USER"},
		Associated: &okta.LinkedObjectDetails{Name: "mentees", Title: "Mentees", Type: "USER"},
	}).Execute()
	if err != nil || created.Primary.GetName() != "mentor" {
		t.Fatalf("CreateLinkedObjectDefinition: %v %+v", err, created)
	}
	list, _, err := api.LinkedObjectAPI.ListLinkedObjectDefinitions(ctx).Execute()
	if err != nil || len(list) != 3 {
		t.Fatalf("ListLinkedObjectDefinitions (the sample's two and one more): %v %d", err, len(list))
	}
	got, _, err := api.LinkedObjectAPI.GetLinkedObjectDefinition(ctx, "mentees").Execute()
	if err != nil || got.Associated.GetName() != "mentees" {
		t.Fatalf("GetLinkedObjectDefinition: %v %+v", err, got)
	}
	if _, err := api.LinkedObjectAPI.DeleteLinkedObjectDefinition(ctx, "mentor").Execute(); err != nil {
		t.Fatalf("DeleteLinkedObjectDefinition: %v", err)
	}
}
