package conformance

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestIAMSample walks the --sample org's delegated administration through
// the API (every answer spec-checked) and checks what a reader of
// examples/org-snapshot will see.
func TestIAMSample(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{Sample: true})
	roles, _ := iamPages(o, "/api/v1/iam/roles", "roles")
	perms := 0
	for _, r := range roles {
		list := o.mustObj(http.StatusOK, "GET", "/api/v1/iam/roles/"+engine.Str(r, "id")+"/permissions", nil)
		perms += len(list["permissions"].([]any))
	}
	if len(roles) != 3 || perms != 8 {
		t.Errorf("%d custom roles with %d permissions, want 3 with 8", len(roles), perms)
	}
	p := o.mustObj(http.StatusOK, "GET", "/api/v1/iam/roles/Location%20Editor/permissions/okta.users.userprofile.manage", nil)
	if engine.At(p, "conditions.include") == nil {
		t.Errorf("the sample has a permission with conditions: %v", p)
	}

	sets, _ := iamPages(o, "/api/v1/iam/resource-sets", "resource-sets")
	members := map[string]int{}
	for _, s := range sets {
		base := "/api/v1/iam/resource-sets/" + engine.Str(s, "id")
		if res, _ := iamPages(o, base+"/resources", "resources"); len(res) == 0 {
			t.Errorf("set %s has no resources", engine.Str(s, "label"))
		}
		bindings, _ := iamPages(o, base+"/bindings", "roles")
		for _, b := range bindings {
			ms, _ := iamPages(o, base+"/bindings/"+engine.Str(b, "id")+"/members", "members")
			members[engine.Str(s, "label")] += len(ms)
		}
	}
	if len(sets) != 3 || members["Everyone"] != 2 || members["Sales Apps"] != 1 {
		t.Errorf("%d sets, members %v", len(sets), members)
	}

	// Role assignments of the sample's groups and its service app.
	var got []string
	for _, g := range ahbList(t, o.must(http.StatusOK, "GET", "/api/v1/groups", nil)) {
		for _, a := range ahbList(t, o.must(http.StatusOK, "GET", "/api/v1/groups/"+engine.Str(g, "id")+"/roles", nil)) {
			got = append(got, engine.Str(g, "profile.name")+"="+engine.Str(a, "type"))
			if engine.Str(a, "type") == "APP_ADMIN" {
				apps := ahbList(t, o.must(http.StatusOK, "GET", "/api/v1/groups/"+engine.Str(g, "id")+"/roles/IFIFAX2BIRGUSTQ/targets/catalog/apps", nil))
				if len(apps) != 2 {
					t.Errorf("APP_ADMIN targets: %v", apps)
				}
			}
		}
	}
	for _, a := range ahbList(t, o.must(http.StatusOK, "GET", "/api/v1/apps?q="+url.QueryEscape("Inventory"), nil)) {
		client := engine.Str(a, "credentials.oauthClient.client_id")
		for _, r := range ahbList(t, o.must(http.StatusOK, "GET", "/oauth2/v1/clients/"+client+"/roles", nil)) {
			got = append(got, engine.Str(a, "label")+"="+engine.Str(r, "type"))
		}
	}
	sort.Strings(got)
	want := "Admins - Break Glass=SUPER_ADMIN Engineering Managers=APP_ADMIN Engineering Managers=CUSTOM Finance=READ_ONLY_ADMIN " +
		"Inventory Sync Service=GROUP_MEMBERSHIP_ADMIN Inventory Sync Service=READ_ONLY_ADMIN Sales=CUSTOM Support=CUSTOM Support=HELP_DESK_ADMIN"
	if strings.Join(got, " ") != want {
		t.Errorf("assignments:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	// The super admin who owns the token, and two sample users with a
	// role of their own.
	admins := o.mustObj(http.StatusOK, "GET", "/api/v1/iam/assignees/users", nil)
	var logins []string
	for _, a := range admins["value"].([]any) {
		u := o.mustObj(http.StatusOK, "GET", "/api/v1/users/"+engine.Str(a.(map[string]any), "id"), nil)
		var types []string
		for _, r := range ahbList(t, o.must(http.StatusOK, "GET", "/api/v1/users/"+engine.Str(u, "id")+"/roles", nil)) {
			types = append(types, engine.Str(r, "type"))
		}
		sort.Strings(types)
		logins = append(logins, engine.Str(u, "profile.login")+"="+strings.Join(types, ","))
	}
	sort.Strings(logins)
	if got, want := strings.Join(logins, " "), "admin@sandbox.example.com=CUSTOM,SUPER_ADMIN grace.hopper@sandbox.example.com=USER_ADMIN margaret.hamilton@sandbox.example.com=REPORT_ADMIN"; got != want {
		t.Errorf("admins:\n got %s\nwant %s", got, want)
	}
}

// TestIAMGenerate: --generate makes roles, sets bound to them and standard
// role assignments on the generated groups.
func TestIAMGenerate(t *testing.T) {
	srv, err := sandbox.New(sandbox.Options{Token: "t", Generate: map[string]int{
		"groups": 10, "custom-admin-roles": 3, "resource-sets": 4, "role-assignments": 14,
	}})
	if err != nil {
		t.Fatal(err)
	}
	count := func(table string) int {
		n := 0
		for _, k := range srv.Tables() {
			if k == table || strings.HasPrefix(k, table+"|") {
				n += len(srv.Objects(strings.Split(k, "|")[0], strings.TrimPrefix(strings.TrimPrefix(k, table), "|")))
			}
		}
		return n
	}
	// 14 assignments plus the seeded SUPER_ADMIN; each set has a binding
	// with one member.
	for table, want := range map[string]int{"iamRoles": 3, "iamResourceSets": 4, "iamResources": 8, "iamBindings": 4, "iamMembers": 4, "iamAssignments": 15} {
		if got := count(table); got != want {
			t.Errorf("%s: %d, want %d", table, got, want)
		}
	}
	if _, err := sandbox.New(sandbox.Options{Token: "t", Generate: map[string]int{"role-assignments": 3}}); err == nil {
		t.Error("role-assignments without groups to assign to should fail")
	}
}
