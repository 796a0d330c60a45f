package conformance

import (
	"net/http"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestIAMBindings: a custom role bound to a resource set with members;
// the same membership seen as a CUSTOM role assignment of the group; the
// refusals; and the cascades when a member goes.
func TestIAMBindings(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	iamUser(t, o, "00ubindinguser000001", "alice@example.com")
	mgrs := iamGroup(o, "Managers")
	eng := iamGroup(o, "Engineering")
	_, client := iamServiceApp(o, "Sync")
	role := engine.Str(o.mustObj(http.StatusOK, "POST", "/api/v1/iam/roles", engine.Obj{
		"label": "Help Desk Lite", "description": "d", "permissions": []any{"okta.users.read"},
	}), "id")
	set := engine.Str(o.mustObj(http.StatusOK, "POST", "/api/v1/iam/resource-sets", engine.Obj{
		"label": "Engineering", "description": "d", "resources": []any{o.URL + "/api/v1/groups/" + eng},
	}), "id")
	base := "/api/v1/iam/resource-sets/" + set + "/bindings"

	// The role by label; members as a REST URL and as an ORN.
	b := o.mustObj(http.StatusOK, "POST", base, engine.Obj{"role": "Help Desk Lite", "members": []any{
		o.URL + "/api/v1/groups/" + mgrs,
		"orn:okta:directory:" + o.Srv.Org().OrgID + ":users:00ubindinguser000001",
	}})
	if engine.Str(b, "id") != role || engine.Str(b, "_links.self.href") != o.URL+base+"/"+role {
		t.Errorf("created binding: %v", b)
	}
	list := o.mustObj(http.StatusOK, "GET", base, nil)
	roles, _ := list["roles"].([]any)
	if len(roles) != 1 || engine.Str(roles[0].(map[string]any), "_links.members.href") != o.URL+base+"/"+role+"/members" {
		t.Errorf("bindings: %v", list)
	}
	o.mustObj(http.StatusOK, "GET", base+"/Help%20Desk%20Lite", nil)

	// PATCH adds a client; a principal already there stays once.
	o.mustObj(http.StatusOK, "PATCH", base+"/"+role+"/members", engine.Obj{"additions": []any{
		o.URL + "/oauth2/v1/clients/" + client, o.URL + "/api/v1/groups/" + mgrs,
	}})
	members, _ := iamPages(o, base+"/"+role+"/members", "members")
	var hrefs []string
	for _, m := range members {
		if !strings.HasPrefix(engine.Str(m, "id"), "irb") {
			t.Errorf("member id %q", engine.Str(m, "id"))
		}
		hrefs = append(hrefs, strings.TrimPrefix(engine.Str(m, "_links.self.href"), o.URL))
	}
	if got, want := strings.Join(hrefs, " "), "/api/v1/groups/"+mgrs+" /api/v1/users/00ubindinguser000001 /oauth2/v1/clients/"+client; got != want {
		t.Fatalf("members:\n got %s\nwant %s", got, want)
	}

	// The group's membership is a CUSTOM role assignment of the group.
	assigned := ahbList(t, o.must(http.StatusOK, "GET", "/api/v1/groups/"+mgrs+"/roles", nil))
	if len(assigned) != 1 {
		t.Fatalf("group roles: %v", assigned)
	}
	a := assigned[0]
	if engine.Str(a, "id") != engine.Str(members[0], "id") || engine.Str(a, "type") != "CUSTOM" || engine.Str(a, "role") != role ||
		engine.Str(a, "resource-set") != set || engine.Str(a, "label") != "Help Desk Lite" || engine.Str(a, "assignmentType") != "GROUP" {
		t.Errorf("custom assignment: %v", a)
	}
	// Unassigning it there removes the member here.
	o.must(http.StatusNoContent, "DELETE", "/api/v1/groups/"+mgrs+"/roles/"+engine.Str(a, "id"), nil)
	if members, _ = iamPages(o, base+"/"+role+"/members", "members"); len(members) != 2 {
		t.Errorf("after unassigning the group: %d members", len(members))
	}
	// And assigning it there adds a member here.
	st, _, v := o.call("POST", "/api/v1/groups/"+eng+"/roles", engine.Obj{"type": "CUSTOM", "role": role, "resource-set": set})
	if st != http.StatusCreated || engine.Str(ahbObj(t, v), "type") != "CUSTOM" {
		t.Fatalf("assign custom to a group: %d %v", st, v)
	}
	st, w := o.callUnchecked("POST", "/api/v1/groups/"+eng+"/roles", engine.Obj{"type": "CUSTOM", "role": role, "resource-set": set})
	ahbWantError(t, "custom twice", st, w, http.StatusConflict, "E0000090")

	for _, tc := range []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"binding twice", "POST", base, engine.Obj{"role": role, "members": []any{}}, 400, "E0000001"},
		{"not a custom role", "POST", base, engine.Obj{"role": "SUPER_ADMIN"}, 400, "E0000001"},
		{"unknown member", "PATCH", base + "/" + role + "/members", engine.Obj{"additions": []any{o.URL + "/api/v1/users/00unothere0000000000"}}, 400, "E0000001"},
		{"member is not a principal", "PATCH", base + "/" + role + "/members", engine.Obj{"additions": []any{o.URL + "/api/v1/apps"}}, 400, "E0000001"},
		{"unknown binding", "GET", base + "/cr0nothere0000000000", nil, 404, "E0000007"},
		{"unknown member id", "GET", base + "/" + role + "/members/irbnothere0000000000", nil, 404, "E0000007"},
		{"role still bound", "DELETE", "/api/v1/iam/roles/" + role, nil, 400, "E0000001"},
		{"set still bound", "DELETE", "/api/v1/iam/resource-sets/" + set, nil, 400, "E0000001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, v := o.callUnchecked(tc.method, tc.path, tc.body)
			ahbWantError(t, tc.name, st, v, tc.status, tc.code)
		})
	}

	// A principal that goes leaves the binding.
	o.must(http.StatusNoContent, "DELETE", "/api/v1/groups/"+eng, nil)
	if members, _ = iamPages(o, base+"/"+role+"/members", "members"); len(members) != 2 {
		t.Errorf("after deleting a member group: %d members", len(members))
	}
	o.must(http.StatusNoContent, "DELETE", base+"/"+role+"/members/"+engine.Str(members[0], "id"), nil)
	o.must(http.StatusNoContent, "DELETE", base+"/"+role, nil)
	o.fail(http.StatusNotFound, "E0000007", "GET", base+"/"+role+"/members", nil)
	o.must(http.StatusNoContent, "DELETE", "/api/v1/iam/roles/"+role, nil)
	o.must(http.StatusNoContent, "DELETE", "/api/v1/iam/resource-sets/"+set, nil)
}
