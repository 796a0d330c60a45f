package model

import (
	"reflect"
	"testing"
)

// TestIAMEventKinds: the System Log events of admin-access writes map to
// the kind they change, so an incremental plan re-reads just that kind;
// events of a group's admin roles no longer pass as nothing for groups.
func TestIAMEventKinds(t *testing.T) {
	reg := testRegistry(t)
	role := LogTarget{ID: "cr0role", Type: "CustomRole"}
	set := LogTarget{ID: "iamset", Type: "ResourceSet"}
	tests := []struct {
		event   string
		targets []LogTarget
		want    map[string]string
	}{
		{"iam.role.create", []LogTarget{role}, map[string]string{"custom-admin-roles": "cr0role"}},
		{"iam.role.permissions.update", []LogTarget{role}, map[string]string{"custom-admin-roles": "cr0role"}},
		{"iam.resourceset.update", []LogTarget{set}, map[string]string{"resource-sets": "iamset"}},
		{"iam.resourceset.resources.delete", []LogTarget{set}, map[string]string{"resource-sets": "iamset"}},
		{"iam.resourceset.bindings.add", []LogTarget{role, set}, map[string]string{"resource-set-bindings": "cr0role"}},
		{"iam.resourceset.bindings.delete", []LogTarget{role, set}, map[string]string{"resource-set-bindings": "cr0role"}},
		{"group.privilege.grant", []LogTarget{{ID: "00g1", Type: "UserGroup"}}, map[string]string{"group-role-assignments": "00g1"}},
		{"group.privilege.revoke", []LogTarget{{ID: "00g1", Type: "UserGroup"}}, map[string]string{"group-role-assignments": "00g1"}},
		{"app.oauth2.client.privilege.grant", []LogTarget{{ID: "0oa1", Type: "PublicClientApp"}}, map[string]string{"client-role-assignments": "0oa1"}},
		// A user's admin roles: the admin and the roles are read again.
		{"user.account.privilege.grant", []LogTarget{{ID: "00u1", Type: "User"}}, map[string]string{"admin-users": "00u1", "user-role-assignments": "00u1"}},
		{"user.account.privilege.revoke", []LogTarget{{ID: "00u1", Type: "User"}}, map[string]string{"admin-users": "00u1", "user-role-assignments": "00u1"}},
		// Every other event naming a user changes no configuration.
		{"user.session.start", []LogTarget{{ID: "00u1", Type: "User"}}, map[string]string{}},
		{"user.account.update_password", []LogTarget{{ID: "00u1", Type: "User"}}, map[string]string{}},
		// A group's membership names a user and a group: nothing to read.
		{"group.user_membership.add", []LogTarget{{ID: "00u1", Type: "User"}, {ID: "00g1", Type: "UserGroup"}}, map[string]string{}},
	}
	for _, tc := range tests {
		t.Run(tc.event, func(t *testing.T) {
			m := reg.EventKinds(tc.event, tc.targets)
			if m.Unmapped || m.Unplaced {
				t.Errorf("unmapped %v, unplaced %v", m.Unmapped, m.Unplaced)
			}
			if !reflect.DeepEqual(m.Kinds, tc.want) {
				t.Errorf("kinds %v, want %v", m.Kinds, tc.want)
			}
		})
	}
}
