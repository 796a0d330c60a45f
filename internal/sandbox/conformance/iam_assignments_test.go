package conformance

import (
	"net/http"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestIAMAssignmentIDs: the roles that take targets have the base32 of
// their type as id, the same for every principal; the others ordinary ids
// (VCR TestAccResourceOktaGroupRole_admin_crud, …UserAdminRoles_crud,
// …AppOAuthRoleAssignment_basic); creates answer 201.
func TestIAMAssignmentIDs(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	iamUser(t, o, "00uassignee000000001", "bob@example.com")
	g := iamGroup(o, "Admins")
	_, client := iamServiceApp(o, "Sync")
	for _, tc := range []struct {
		path, typ, wantID, label, assignmentType string
	}{
		{"/api/v1/groups/" + g, "APP_ADMIN", "IFIFAX2BIRGUSTQ", "Application Administrator", "GROUP"},
		{"/api/v1/groups/" + g, "READ_ONLY_ADMIN", "gra", "Read-only Administrator", "GROUP"},
		{"/api/v1/users/00uassignee000000001", "APP_ADMIN", "IFIFAX2BIRGUSTQ", "Application Administrator", "USER"},
		{"/api/v1/users/bob@example.com", "USER_ADMIN", "KVJUKUS7IFCE2SKO", "Group Administrator", "USER"},
		{"/api/v1/users/00uassignee000000001", "SUPER_ADMIN", "ra1", "Super Administrator", "USER"},
		{"/oauth2/v1/clients/" + client, "HELP_DESK_ADMIN", "JBCUYUC7IRCVGS27IFCE2SKO", "Help Desk Administrator", "CLIENT"},
		{"/oauth2/v1/clients/" + client, "GROUP_MEMBERSHIP_ADMIN", "I5JE6VKQL5GUKTKCIVJFGSCJKBPUCRCNJFHA", "Group Membership Administrator", "CLIENT"},
	} {
		st, _, v := o.call("POST", tc.path+"/roles?disableNotifications=false", engine.Obj{"type": tc.typ})
		if st != http.StatusCreated {
			t.Fatalf("%s %s: %d %v", tc.path, tc.typ, st, v)
		}
		a := ahbObj(t, v)
		id := engine.Str(a, "id")
		if id != tc.wantID && !(len(tc.wantID) == 3 && strings.HasPrefix(id, tc.wantID) && len(id) == 20) {
			t.Errorf("%s %s: id %q, want %s", tc.path, tc.typ, id, tc.wantID)
		}
		if engine.Str(a, "label") != tc.label || engine.Str(a, "assignmentType") != tc.assignmentType ||
			engine.Str(a, "status") != "ACTIVE" || engine.Str(a, "_links.assignee.href") == "" {
			t.Errorf("%s %s: %v", tc.path, tc.typ, a)
		}
		if got := o.mustObj(http.StatusOK, "GET", tc.path+"/roles/"+id, nil); engine.Str(got, "type") != tc.typ {
			t.Errorf("GET %s: %v", id, got)
		}
	}
	if assignee := o.mustObj(http.StatusOK, "GET", "/oauth2/v1/clients/"+client+"/roles/JBCUYUC7IRCVGS27IFCE2SKO", nil); engine.Str(assignee, "_links.assignee.href") != o.URL+"/oauth2/v1/clients/"+client {
		t.Errorf("client assignee link: %v", assignee["_links"])
	}
	if roles := ahbList(t, o.must(http.StatusOK, "GET", "/api/v1/users/00uassignee000000001/roles", nil)); len(roles) != 3 {
		t.Errorf("user roles: %v", roles)
	}

	for _, tc := range []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"twice", "POST", "/api/v1/groups/" + g + "/roles", engine.Obj{"type": "APP_ADMIN"}, 409, "E0000090"},
		{"unknown type", "POST", "/api/v1/groups/" + g + "/roles", engine.Obj{"type": "OWNER"}, 400, "E0000001"},
		{"no type", "POST", "/api/v1/groups/" + g + "/roles", engine.Obj{}, 400, "E0000001"},
		{"unknown group", "GET", "/api/v1/groups/00gnothere0000000000/roles", nil, 404, "E0000007"},
		{"unknown user", "POST", "/api/v1/users/00unothere0000000000/roles", engine.Obj{"type": "APP_ADMIN"}, 404, "E0000007"},
		{"unknown client", "GET", "/oauth2/v1/clients/nothere/roles", nil, 404, "E0000007"},
		{"unknown assignment", "DELETE", "/api/v1/users/00uassignee000000001/roles/JBCUYUC7IRCVGS27IFCE2SKO", nil, 404, "E0000007"},
		{"custom without a set", "POST", "/api/v1/groups/" + g + "/roles", engine.Obj{"type": "CUSTOM", "role": "x"}, 400, "E0000001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, v := o.callUnchecked(tc.method, tc.path, tc.body)
			e := ahbWantError(t, tc.name, st, v, tc.status, tc.code)
			if tc.code == "E0000007" && tc.name == "unknown assignment" && !strings.Contains(engine.Str(e, "errorSummary"), "(RoleAssignment)") {
				t.Errorf("summary %q", engine.Str(e, "errorSummary"))
			}
		})
	}

	// Deleted and re-created, a targetable role gets the same id again.
	o.must(http.StatusNoContent, "DELETE", "/api/v1/groups/"+g+"/roles/IFIFAX2BIRGUSTQ", nil)
	st, _, v := o.call("POST", "/api/v1/groups/"+g+"/roles", engine.Obj{"type": "APP_ADMIN"})
	if st != http.StatusCreated || engine.Str(ahbObj(t, v), "id") != "IFIFAX2BIRGUSTQ" {
		t.Errorf("re-created: %d %v", st, v)
	}
}

// TestIAMSuperAdmin: the token's owner holds SUPER_ADMIN from the start,
// the admin list finds the users who hold a role, and the last
// SUPER_ADMIN can't be removed.
func TestIAMSuperAdmin(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	admin := o.Srv.Org().AdminID
	roles := ahbList(t, o.must(http.StatusOK, "GET", "/api/v1/users/"+admin+"/roles", nil))
	if len(roles) != 1 || engine.Str(roles[0], "type") != "SUPER_ADMIN" || !strings.HasPrefix(engine.Str(roles[0], "id"), "ra1") {
		t.Fatalf("seeded roles: %v", roles)
	}
	superID := engine.Str(roles[0], "id")
	o.fail(http.StatusForbidden, "E0000006", "DELETE", "/api/v1/users/"+admin+"/roles/"+superID, nil)

	iamUser(t, o, "00usecondadmin000001", "carol@example.com")
	iamUser(t, o, "00unotanadmin0000001", "dave@example.com")
	o.must(http.StatusCreated, "POST", "/api/v1/users/00usecondadmin000001/roles", engine.Obj{"type": "SUPER_ADMIN"})
	admins, _ := iamPages(o, "/api/v1/iam/assignees/users?limit=1", "value")
	var ids []string
	for _, a := range admins {
		ids = append(ids, engine.Str(a, "id"))
		if engine.Str(a, "orn") != "orn:okta:directory:"+o.Srv.Org().OrgID+":users:"+engine.Str(a, "id") ||
			engine.Str(a, "_links.roles.href") != o.URL+"/api/v1/users/"+engine.Str(a, "id")+"/roles" {
			t.Errorf("admin entry: %v", a)
		}
	}
	if got := strings.Join(ids, " "); got != admin+" 00usecondadmin000001" {
		t.Errorf("admins: %s", got)
	}
	// With a second super admin, the first may go; then the second is the
	// last one.
	o.must(http.StatusNoContent, "DELETE", "/api/v1/users/"+admin+"/roles/"+superID, nil)
	second := ahbList(t, o.must(http.StatusOK, "GET", "/api/v1/users/00usecondadmin000001/roles", nil))
	o.fail(http.StatusForbidden, "E0000006", "DELETE", "/api/v1/users/00usecondadmin000001/roles/"+engine.Str(second[0], "id"), nil)
}

// TestIAMScopes: every IAM endpoint needs okta.roles.read or
// okta.roles.manage.
func TestIAMScopes(t *testing.T) {
	srv, _ := newTestServer(t, sandbox.Options{})
	n := 0
	for _, r := range srv.Routes() {
		method, path, _ := strings.Cut(r, " ")
		if !strings.Contains(path, "/roles") && !strings.HasPrefix(path, "/api/v1/iam/") {
			continue
		}
		want := "okta.roles.manage"
		if method == "GET" {
			want = "okta.roles.read"
		}
		if got := srv.RouteScope(r); got != want {
			t.Errorf("%s: scope %q, want %q", r, got, want)
		}
		n++
	}
	if n < 40 {
		t.Errorf("only %d IAM routes", n)
	}
}
