package conformance

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestConformanceUserTypesSDK drives user types with the official SDK:
// list (not paged), create, duplicate refused, get, replace (PUT), partial
// update (POST), the default type protected, delete and 404 after delete.
func TestConformanceUserTypesSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()

	types, resp, err := api.UserTypeAPI.ListUserTypes(ctx).Execute()
	if err != nil || len(types) != 1 || resp.HasNextPage() {
		t.Fatalf("ListUserTypes: %v, %d types, next page %v", err, len(types), resp != nil && resp.HasNextPage())
	}
	def := types[0]
	if def.AdditionalProperties["name"] != "user" || def.AdditionalProperties["default"] != true {
		t.Fatalf("default type: %v", def.AdditionalProperties)
	}

	create := func(name, display string) okta.UserType {
		t.Helper()
		ut, _, err := api.UserTypeAPI.CreateUserType(ctx).UserType(okta.UserType{AdditionalProperties: map[string]any{
			"name": name, "displayName": display, "description": display + " accounts",
		}}).Execute()
		if err != nil {
			t.Fatalf("CreateUserType %s: %v", name, err)
		}
		return *ut
	}
	contractor := create("contractor", "Contractor")
	partner := create("partner", "Partner")
	if !strings.HasPrefix(contractor.GetId(), "oty") || contractor.AdditionalProperties["default"] != false {
		t.Fatalf("created: %+v", contractor)
	}

	_, resp, err = api.UserTypeAPI.CreateUserType(ctx).UserType(okta.UserType{AdditionalProperties: map[string]any{
		"name": "contractor", "displayName": "Again",
	}}).Execute()
	if statusOf(resp) != http.StatusBadRequest || sdkErrorCode(err) != "E0000001" {
		t.Fatalf("duplicate: status %d code %q", statusOf(resp), sdkErrorCode(err))
	}

	types, _, err = api.UserTypeAPI.ListUserTypes(ctx).Execute()
	if err != nil || len(types) != 3 {
		t.Fatalf("list after create: %v %d", err, len(types))
	}

	got, _, err := api.UserTypeAPI.GetUserType(ctx, partner.GetId()).Execute()
	if err != nil || got.AdditionalProperties["displayName"] != "Partner" {
		t.Fatalf("GetUserType: %v %v", err, got)
	}
	if got.AdditionalProperties["_links"].(map[string]any)["schema"] == nil {
		t.Fatalf("no schema link: %v", got.AdditionalProperties["_links"])
	}

	rep, _, err := api.UserTypeAPI.ReplaceUserType(ctx, partner.GetId()).UserType(okta.UserTypePutRequest{
		Name: "partner", DisplayName: "Partner company", Description: "Staff of partner companies",
	}).Execute()
	if err != nil || rep.AdditionalProperties["displayName"] != "Partner company" {
		t.Fatalf("ReplaceUserType: %v %v", err, rep)
	}
	_, resp, err = api.UserTypeAPI.ReplaceUserType(ctx, partner.GetId()).UserType(okta.UserTypePutRequest{
		Name: "renamed", DisplayName: "X", Description: "Y",
	}).Execute()
	if statusOf(resp) != http.StatusBadRequest || sdkErrorCode(err) != "E0000001" {
		t.Fatalf("rename: status %d code %q", statusOf(resp), sdkErrorCode(err))
	}

	upd, _, err := api.UserTypeAPI.UpdateUserType(ctx, partner.GetId()).UserType(okta.UserTypePostRequest{
		Description: okta.PtrString("Updated description"),
	}).Execute()
	if err != nil || upd.AdditionalProperties["description"] != "Updated description" || upd.AdditionalProperties["displayName"] != "Partner company" {
		t.Fatalf("UpdateUserType: %v %v", err, upd)
	}

	resp, err = api.UserTypeAPI.DeleteUserType(ctx, def.GetId()).Execute()
	if statusOf(resp) != http.StatusForbidden || sdkErrorCode(err) != "E0000006" {
		t.Fatalf("delete default: status %d code %q", statusOf(resp), sdkErrorCode(err))
	}

	if resp, err = api.UserTypeAPI.DeleteUserType(ctx, contractor.GetId()).Execute(); err != nil || statusOf(resp) != http.StatusNoContent {
		t.Fatalf("DeleteUserType: %v %d", err, statusOf(resp))
	}
	_, resp, err = api.UserTypeAPI.GetUserType(ctx, contractor.GetId()).Execute()
	if statusOf(resp) != http.StatusNotFound || sdkErrorCode(err) != "E0000007" {
		t.Fatalf("get deleted: status %d code %q", statusOf(resp), sdkErrorCode(err))
	}
}

// TestConformanceSchemasSDK drives the user schemas (default and per type)
// and the group schema with the official SDK: read, add a custom property,
// remove it with an explicit null, and a refused change.
func TestConformanceSchemasSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()

	us, _, err := api.SchemaAPI.GetUserSchema(ctx, "default").Execute()
	if err != nil {
		t.Fatalf("GetUserSchema default: %v", err)
	}
	if us.GetName() != "user" || us.Definitions.Base.Properties.Login.GetTitle() != "Username" || len(us.Definitions.Custom.GetProperties()) != 0 {
		t.Fatalf("default schema: %+v", us)
	}

	ut, _, err := api.UserTypeAPI.CreateUserType(ctx).UserType(okta.UserType{AdditionalProperties: map[string]any{
		"name": "contractor", "displayName": "Contractor",
	}}).Execute()
	if err != nil {
		t.Fatal(err)
	}
	href := ut.AdditionalProperties["_links"].(map[string]any)["schema"].(map[string]any)["href"].(string)
	oscID := href[strings.LastIndex(href, "/")+1:]
	ts, _, err := api.SchemaAPI.GetUserSchema(ctx, oscID).Execute()
	if err != nil || ts.GetName() != "contractor" || ts.GetTitle() != "Contractor" {
		t.Fatalf("GetUserSchema %s: %v %+v", oscID, err, ts)
	}

	// Add a custom property to the type's schema.
	attr := okta.UserSchemaAttribute{
		Title: okta.PtrString("Agency"), Description: okta.PtrString("Staffing agency"), Type: okta.PtrString("string"),
		Enum: []string{"acme", "globex"},
		OneOf: []okta.UserSchemaAttributeEnum{
			{Const: okta.PtrString("acme"), Title: okta.PtrString("Acme Staffing")},
			{Const: okta.PtrString("globex"), Title: okta.PtrString("Globex")},
		},
		Permissions: []okta.UserSchemaAttributePermission{{Principal: okta.PtrString("SELF"), Action: okta.PtrString("READ_ONLY")}},
	}
	attr.SetMaxLength(40)
	props := map[string]okta.UserSchemaAttribute{"agency": attr}
	upd, _, err := api.SchemaAPI.UpdateUserProfile(ctx, oscID).UserSchema(okta.UserSchema{Definitions: &okta.UserSchemaDefinitions{
		Custom: &okta.UserSchemaPublic{Id: okta.PtrString("#custom"), Type: okta.PtrString("object"), Properties: &props},
	}}).Execute()
	if err != nil {
		t.Fatalf("UpdateUserProfile add: %v", err)
	}
	got := upd.Definitions.Custom.GetProperties()["agency"]
	if got.GetTitle() != "Agency" || got.GetMutability() != "READ_WRITE" || got.GetScope() != "NONE" || got.GetMaxLength() != 40 {
		t.Fatalf("added property: %+v", got)
	}
	// The default schema did not change.
	us, _, err = api.SchemaAPI.GetUserSchema(ctx, "default").Execute()
	if err != nil || len(us.Definitions.Custom.GetProperties()) != 0 {
		t.Fatalf("default schema after a type change: %v %v", err, us.Definitions.Custom.GetProperties())
	}

	// A refused change: a custom property named like a base one.
	bad := map[string]okta.UserSchemaAttribute{"email": {Title: okta.PtrString("E"), Type: okta.PtrString("string")}}
	_, resp, err := api.SchemaAPI.UpdateUserProfile(ctx, "default").UserSchema(okta.UserSchema{Definitions: &okta.UserSchemaDefinitions{
		Custom: &okta.UserSchemaPublic{Properties: &bad},
	}}).Execute()
	if statusOf(resp) != http.StatusBadRequest || sdkErrorCode(err) != "E0000001" {
		t.Fatalf("base name: status %d code %q", statusOf(resp), sdkErrorCode(err))
	}

	// Remove it: the SDK's typed map can't carry a null, its additional
	// properties can.
	upd, _, err = api.SchemaAPI.UpdateUserProfile(ctx, oscID).UserSchema(okta.UserSchema{Definitions: &okta.UserSchemaDefinitions{
		Custom: &okta.UserSchemaPublic{AdditionalProperties: map[string]any{"properties": map[string]any{"agency": nil}}},
	}}).Execute()
	if err != nil || len(upd.Definitions.Custom.GetProperties()) != 0 {
		t.Fatalf("UpdateUserProfile remove: %v %v", err, upd)
	}

	// The group schema.
	gs, _, err := api.SchemaAPI.GetGroupSchema(ctx).Execute()
	if err != nil || gs.GetName() != "group" || gs.Definitions.Base.Properties.Name.GetTitle() != "Name" {
		t.Fatalf("GetGroupSchema: %v %+v", err, gs)
	}
	gattr := map[string]okta.GroupSchemaAttribute{"ownerEmail": {
		Title: okta.PtrString("Owner email"), Type: okta.PtrString("string"),
		Unique: okta.PtrString("UNIQUE_VALIDATED"), MaxLength: okta.PtrInt32(100),
	}}
	gs, _, err = api.SchemaAPI.UpdateGroupSchema(ctx).GroupSchema(okta.GroupSchema{Definitions: &okta.GroupSchemaDefinitions{
		Custom: &okta.GroupSchemaCustom{Properties: &gattr},
	}}).Execute()
	if owner := gs.Definitions.Custom.GetProperties()["ownerEmail"]; err != nil || owner.GetUnique() != "UNIQUE_VALIDATED" {
		t.Fatalf("UpdateGroupSchema add: %v %+v", err, gs)
	}
	_, resp, err = api.SchemaAPI.UpdateGroupSchema(ctx).GroupSchema(okta.GroupSchema{Definitions: &okta.GroupSchemaDefinitions{
		Base: &okta.GroupSchemaBase{Properties: &okta.GroupSchemaBaseProperties{Name: &okta.GroupSchemaAttribute{MaxLength: okta.PtrInt32(10)}}},
	}}).Execute()
	if statusOf(resp) != http.StatusBadRequest || sdkErrorCode(err) != "E0000001" {
		t.Fatalf("group base change: status %d code %q", statusOf(resp), sdkErrorCode(err))
	}
	gs, _, err = api.SchemaAPI.UpdateGroupSchema(ctx).GroupSchema(okta.GroupSchema{Definitions: &okta.GroupSchemaDefinitions{
		Custom: &okta.GroupSchemaCustom{AdditionalProperties: map[string]any{"properties": map[string]any{"ownerEmail": nil}}},
	}}).Execute()
	if err != nil || len(gs.Definitions.Custom.GetProperties()) != 0 {
		t.Fatalf("UpdateGroupSchema remove: %v %+v", err, gs)
	}

	// Unknown schema ids are 404s.
	_, resp, err = api.SchemaAPI.GetUserSchema(ctx, "oscNOPENOPENOPENOPE1").Execute()
	if statusOf(resp) != http.StatusNotFound || sdkErrorCode(err) != "E0000007" {
		t.Fatalf("unknown schema: status %d code %q", statusOf(resp), sdkErrorCode(err))
	}
}
