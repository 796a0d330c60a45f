package conformance

import (
	"context"
	"net/http"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestIAMOfficialSDK drives custom roles, resource sets, bindings, role
// assignments and targets with the official SDK v5. The client role
// endpoints are not driven here: the SDK, generated from a spec that
// documents their answers as an OAuth Client object, cannot decode the
// role assignments Okta returns (iam_spec_test.go); iam_targets_test.go
// covers them over HTTP.
func TestIAMOfficialSDK(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()
	eng := iamGroup(o, "Engineering")
	mgrs := iamGroup(o, "Engineering Managers")
	iamUser(t, o, "00usdkuser0000000001", "frank@example.com")

	// Custom roles and permissions.
	role, _, err := api.RoleAPI.CreateRole(ctx).Instance(okta.CreateIamRoleRequest{
		Label: "Help Desk Lite", Description: "Reset passwords", Permissions: []string{"okta.users.read"},
	}).Execute()
	if err != nil {
		t.Fatalf("CreateRole: %v", err)
	}
	if _, err := api.RoleAPI.CreateRolePermission(ctx, "Help Desk Lite", "okta.users.credentials.resetPassword").Execute(); err != nil {
		t.Fatalf("CreateRolePermission: %v %s", err, sdkErrorCode(err))
	}
	cond := okta.CreateUpdateIamRolePermissionRequest{Conditions: map[string]interface{}{
		"include": map[string]interface{}{"okta:ResourceAttribute/User/Profile": []interface{}{"city"}},
	}}
	if _, _, err := api.RoleAPI.ReplaceRolePermission(ctx, role.GetId(), "okta.users.read").Instance(cond).Execute(); err != nil {
		t.Fatalf("ReplaceRolePermission: %v", err)
	}
	perms, _, err := api.RoleAPI.ListRolePermissions(ctx, role.GetId()).Execute()
	if err != nil || len(perms.Permissions) != 2 || perms.Permissions[0].GetLabel() != "okta.users.credentials.resetPassword" {
		t.Fatalf("ListRolePermissions: %v %+v", err, perms)
	}
	roles, _, err := api.RoleAPI.ListRoles(ctx).Execute()
	if err != nil || len(roles.Roles) != 1 {
		t.Fatalf("ListRoles: %v %+v", err, roles)
	}
	if _, _, err := api.RoleAPI.ReplaceRole(ctx, role.GetId()).Instance(okta.UpdateIamRoleRequest{
		Label: "Help Desk Lite", Description: "Reset passwords and unlock",
	}).Execute(); err != nil {
		t.Fatalf("ReplaceRole: %v", err)
	}
	_, resp, err := api.RoleAPI.GetRole(ctx, "cr0nothere0000000000").Execute()
	if code := sdkErrorCode(err); statusOf(resp) != http.StatusNotFound || code != "E0000007" {
		t.Fatalf("GetRole unknown: %d %q", statusOf(resp), code)
	}

	// Resource sets, resources, a binding and its members.
	set, _, err := api.ResourceSetAPI.CreateResourceSet(ctx).Instance(okta.CreateResourceSetRequest{
		Label: okta.PtrString("Engineering"), Description: okta.PtrString("The engineering group"),
		Resources: []string{o.URL + "/api/v1/groups/" + eng},
	}).Execute()
	if err != nil {
		t.Fatalf("CreateResourceSet: %v", err)
	}
	if _, _, err := api.ResourceSetAPI.AddResourceSetResource(ctx, set.GetId()).Instance(okta.ResourceSetResourcePatchRequest{
		Additions: []string{o.URL + "/api/v1/groups/" + eng + "/users"},
	}).Execute(); err != nil {
		t.Fatalf("AddResourceSetResource: %v", err)
	}
	res, _, err := api.ResourceSetAPI.ListResourceSetResources(ctx, set.GetId()).Execute()
	if err != nil || len(res.Resources) != 2 {
		t.Fatalf("ListResourceSetResources: %v %+v", err, res)
	}
	if _, err := api.ResourceSetAPI.DeleteResourceSetResource(ctx, set.GetId(), res.Resources[1].GetId()).Execute(); err != nil {
		t.Fatalf("DeleteResourceSetResource: %v", err)
	}
	if _, _, err := api.ResourceSetAPI.CreateResourceSetBinding(ctx, set.GetId()).Instance(okta.ResourceSetBindingCreateRequest{
		Role: okta.PtrString(role.GetId()), Members: []string{o.URL + "/api/v1/groups/" + mgrs},
	}).Execute(); err != nil {
		t.Fatalf("CreateResourceSetBinding: %v", err)
	}
	if _, _, err := api.ResourceSetAPI.AddMembersToBinding(ctx, set.GetId(), role.GetId()).Instance(okta.ResourceSetBindingAddMembersRequest{
		Additions: []string{o.URL + "/api/v1/users/00usdkuser0000000001"},
	}).Execute(); err != nil {
		t.Fatalf("AddMembersToBinding: %v", err)
	}
	members, _, err := api.ResourceSetAPI.ListMembersOfBinding(ctx, set.GetId(), role.GetId()).Execute()
	if err != nil || len(members.Members) != 2 {
		t.Fatalf("ListMembersOfBinding: %v %+v", err, members)
	}
	bindings, _, err := api.ResourceSetAPI.ListBindings(ctx, set.GetId()).Execute()
	if err != nil || len(bindings.Roles) != 1 || bindings.Roles[0].GetId() != role.GetId() {
		t.Fatalf("ListBindings: %v %+v", err, bindings)
	}
	if _, err := api.ResourceSetAPI.UnassignMemberFromBinding(ctx, set.GetId(), role.GetId(), members.Members[1].GetId()).Execute(); err != nil {
		t.Fatalf("UnassignMemberFromBinding: %v", err)
	}

	// Standard roles on a group, with targets, and on a user.
	ra, _, err := api.RoleAssignmentAPI.AssignRoleToGroup(ctx, mgrs).AssignRoleRequest(okta.AssignRoleRequest{Type: okta.PtrString("USER_ADMIN")}).Execute()
	if err != nil || ra.GetId() != "KVJUKUS7IFCE2SKO" {
		t.Fatalf("AssignRoleToGroup: %v %+v", err, ra)
	}
	if _, err := api.RoleTargetAPI.AssignGroupTargetToGroupAdminRole(ctx, mgrs, ra.GetId(), eng).Execute(); err != nil {
		t.Fatalf("AssignGroupTargetToGroupAdminRole: %v", err)
	}
	targets, _, err := api.RoleTargetAPI.ListGroupTargetsForGroupRole(ctx, mgrs, ra.GetId()).Limit(200).Execute()
	if err != nil || len(targets) != 1 || targets[0].GetId() != eng {
		t.Fatalf("ListGroupTargetsForGroupRole: %v %+v", err, targets)
	}
	assigned, _, err := api.RoleAssignmentAPI.ListGroupAssignedRoles(ctx, mgrs).Execute()
	if err != nil || len(assigned) != 2 { // USER_ADMIN and the binding membership (CUSTOM)
		t.Fatalf("ListGroupAssignedRoles: %v %+v", err, assigned)
	}
	ua, _, err := api.RoleAssignmentAPI.AssignRoleToUser(ctx, "00usdkuser0000000001").AssignRoleRequest(okta.AssignRoleRequest{Type: okta.PtrString("APP_ADMIN")}).Execute()
	if err != nil || ua.GetId() != "IFIFAX2BIRGUSTQ" {
		t.Fatalf("AssignRoleToUser: %v %+v", err, ua)
	}
	if _, err := api.RoleTargetAPI.AssignAppTargetToAdminRoleForUser(ctx, "00usdkuser0000000001", ua.GetId(), "facebook").Execute(); err != nil {
		t.Fatalf("AssignAppTargetToAdminRoleForUser: %v", err)
	}
	apps, _, err := api.RoleTargetAPI.ListApplicationTargetsForApplicationAdministratorRoleForUser(ctx, "00usdkuser0000000001", ua.GetId()).Execute()
	if err != nil || len(apps) != 1 || apps[0].GetDisplayName() != "Facebook" {
		t.Fatalf("ListApplicationTargets…ForUser: %v %+v", err, apps)
	}
	admins, _, err := api.RoleAssignmentAPI.ListUsersWithRoleAssignments(ctx).Execute()
	if err != nil || len(admins.Value) != 2 {
		t.Fatalf("ListUsersWithRoleAssignments: %v %+v", err, admins)
	}

	// Tear down in dependency order.
	for _, step := range []func() (*okta.APIResponse, error){
		api.RoleAssignmentAPI.UnassignRoleFromUser(ctx, "00usdkuser0000000001", ua.GetId()).Execute,
		api.RoleAssignmentAPI.UnassignRoleFromGroup(ctx, mgrs, ra.GetId()).Execute,
		api.ResourceSetAPI.DeleteBinding(ctx, set.GetId(), role.GetId()).Execute,
		api.ResourceSetAPI.DeleteResourceSet(ctx, set.GetId()).Execute,
		api.RoleAPI.DeleteRole(ctx, role.GetId()).Execute,
	} {
		if resp, err := step(); err != nil || resp.StatusCode != http.StatusNoContent {
			t.Fatalf("teardown: %d %v", statusOf(resp), err)
		}
	}
	if got := o.Srv.Tables(); containsPrefix(got, "iamBindings|", "iamMembers|", "iamResources|"+set.GetId(), "iamPermissions|"+role.GetId()) {
		t.Errorf("tables left behind: %v", got)
	}
}

func containsPrefix(tables []string, prefixes ...string) bool {
	for _, tb := range tables {
		for _, p := range prefixes {
			if len(tb) >= len(p) && tb[:len(p)] == p {
				return true
			}
		}
	}
	return false
}
