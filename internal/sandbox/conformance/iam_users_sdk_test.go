package conformance

import (
	"context"
	"net/http"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestIAMUserRolesSDK drives what user-role-assignments reads and writes
// with the official SDK as the client: the admins list, a user's roles, a
// role's group targets added and one removed, one role read and
// unassigned; every answer is checked against the spec by the harness
// (the last target's refusal is in TestIAMGroupTargets).
func TestIAMUserRolesSDK(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()
	eng := iamGroup(o, "Engineering")
	ops := iamGroup(o, "Ops")
	const user = "00usdkadmin000000001"
	iamUser(t, o, user, "ada@example.com")

	ra, _, err := api.RoleAssignmentAPI.AssignRoleToUser(ctx, user).AssignRoleRequest(okta.AssignRoleRequest{Type: okta.PtrString("HELP_DESK_ADMIN")}).Execute()
	if err != nil || ra.GetId() != "JBCUYUC7IRCVGS27IFCE2SKO" || ra.GetAssignmentType() != "USER" {
		t.Fatalf("AssignRoleToUser: %v %+v", err, ra)
	}
	ro, _, err := api.RoleAssignmentAPI.AssignRoleToUser(ctx, user).AssignRoleRequest(okta.AssignRoleRequest{Type: okta.PtrString("REPORT_ADMIN")}).Execute()
	if err != nil || len(ro.GetId()) != 20 {
		t.Fatalf("AssignRoleToUser REPORT_ADMIN: %v %+v", err, ro)
	}
	for _, g := range []string{eng, ops} {
		if _, err := api.RoleTargetAPI.AssignGroupTargetToUserRole(ctx, user, ra.GetId(), g).Execute(); err != nil {
			t.Fatalf("AssignGroupTargetToUserRole: %v", err)
		}
	}
	groups, _, err := api.RoleTargetAPI.ListGroupTargetsForRole(ctx, user, ra.GetId()).Execute()
	if err != nil || len(groups) != 2 {
		t.Fatalf("ListGroupTargetsForRole: %v %+v", err, groups)
	}
	if _, err := api.RoleTargetAPI.UnassignGroupTargetFromUserAdminRole(ctx, user, ra.GetId(), ops).Execute(); err != nil {
		t.Fatalf("UnassignGroupTargetFromUserAdminRole: %v", err)
	}
	roles, _, err := api.RoleAssignmentAPI.ListAssignedRolesForUser(ctx, user).Execute()
	if err != nil || len(roles) != 2 {
		t.Fatalf("ListAssignedRolesForUser: %v %+v", err, roles)
	}
	got, _, err := api.RoleAssignmentAPI.GetUserAssignedRole(ctx, user, ro.GetId()).Execute()
	if err != nil || got.GetType() != "REPORT_ADMIN" {
		t.Fatalf("GetUserAssignedRole: %v %+v", err, got)
	}
	admins, _, err := api.RoleAssignmentAPI.ListUsersWithRoleAssignments(ctx).Execute()
	found := false
	for _, a := range admins.Value {
		found = found || a.GetId() == user
	}
	if err != nil || !found {
		t.Fatalf("ListUsersWithRoleAssignments: %v %+v", err, admins)
	}
	if resp, err := api.RoleAssignmentAPI.UnassignRoleFromUser(ctx, user, ro.GetId()).Execute(); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("UnassignRoleFromUser: %d %v", statusOf(resp), err)
	}
}
