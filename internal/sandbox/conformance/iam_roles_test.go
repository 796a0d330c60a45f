package conformance

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Helpers of the iam_* tests.

// iamUser puts a user in the directory family's table, as the users
// endpoints (another family's) would; the IAM endpoints only read users.
func iamUser(t *testing.T, o zoneTestOrg, id, login string) {
	t.Helper()
	org := o.Srv.Org()
	org.Lock()
	defer org.Unlock()
	org.Put(engine.TableUsers, "", id, engine.Obj{"id": id, "status": "ACTIVE", "profile": engine.Obj{"login": login, "email": login}})
}

func iamGroup(o zoneTestOrg, name string) string {
	o.t.Helper()
	g := o.mustObj(http.StatusOK, "POST", "/api/v1/groups", engine.Obj{"profile": engine.Obj{"name": name}})
	return engine.Str(g, "id")
}

// iamServiceApp creates an OAuth service app and returns its id and
// client_id.
func iamServiceApp(o zoneTestOrg, label string) (string, string) {
	o.t.Helper()
	a := o.mustObj(http.StatusOK, "POST", "/api/v1/apps", engine.Obj{
		"name": "oidc_client", "label": label, "signOnMode": "OPENID_CONNECT",
		"credentials": engine.Obj{"oauthClient": engine.Obj{"token_endpoint_auth_method": "client_secret_basic"}},
		"settings": engine.Obj{"oauthClient": engine.Obj{"application_type": "service",
			"grant_types": []any{"client_credentials"}, "response_types": []any{"token"}}},
	})
	return engine.Str(a, "id"), engine.Str(a, "credentials.oauthClient.client_id")
}

func iamSWAApp(o zoneTestOrg, label string) string {
	o.t.Helper()
	a := o.mustObj(http.StatusOK, "POST", "/api/v1/apps", engine.Obj{
		"name": "template_swa", "label": label, "signOnMode": "BROWSER_PLUGIN",
		"settings": engine.Obj{"app": engine.Obj{"url": "https://example.com/login", "usernameField": "#u",
			"passwordField": "#p", "buttonField": "#b"}},
	})
	return engine.Str(a, "id")
}

// iamPages follows the body's _links.next through an IAM list and returns
// every item under key and the number of pages.
func iamPages(o zoneTestOrg, path, key string) ([]engine.Obj, int) {
	o.t.Helper()
	var all []engine.Obj
	n := 0
	for path != "" {
		page := o.mustObj(http.StatusOK, "GET", path, nil)
		n++
		arr, ok := page[key].([]any)
		if !ok {
			o.t.Fatalf("GET %s: no %q array: %v", path, key, page)
		}
		for _, x := range arr {
			all = append(all, x.(map[string]any))
		}
		path = strings.TrimPrefix(engine.Str(page, "_links.next.href"), o.URL)
		if n > 50 {
			o.t.Fatal("paging does not end")
		}
	}
	return all, n
}

func TestIAMCustomRoles(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	st, hdr, v := o.call("POST", "/api/v1/iam/roles", engine.Obj{
		"label": "Help Desk Lite", "description": "Reset passwords",
		"permissions": []any{"okta.users.read", "okta.users.credentials.resetPassword"},
	})
	if st != http.StatusOK {
		t.Fatalf("create: %d %v", st, v)
	}
	role := ahbObj(t, v)
	id := engine.Str(role, "id")
	if !strings.HasPrefix(id, "cr0") || len(id) != 20 || role["isCloneable"] != false || role["permissions"] != nil {
		t.Errorf("created role: %v", role)
	}
	if want := o.URL + "/api/v1/iam/roles/" + id; engine.Str(role, "_links.self.href") != want ||
		engine.Str(role, "_links.permissions.href") != want+"/permissions" || hdr.Get("Link") != "<"+want+`>; rel="self"` {
		t.Errorf("links %v, Link %q", role["_links"], hdr.Get("Link"))
	}

	// By id and by label, case-insensitively.
	for _, key := range []string{id, "Help%20Desk%20Lite", "help%20desk%20lite"} {
		if got := o.mustObj(http.StatusOK, "GET", "/api/v1/iam/roles/"+key, nil); engine.Str(got, "id") != id {
			t.Errorf("GET %s: %v", key, got)
		}
	}

	// PUT changes label and description only; permissions in the body are
	// ignored.
	upd := o.mustObj(http.StatusOK, "PUT", "/api/v1/iam/roles/"+id, engine.Obj{
		"label": "Help Desk Lite", "description": "Reset passwords and unlock", "permissions": []any{"okta.apps.manage"},
	})
	if engine.Str(upd, "description") != "Reset passwords and unlock" {
		t.Errorf("replace: %v", upd)
	}
	perms := o.mustObj(http.StatusOK, "GET", "/api/v1/iam/roles/"+id+"/permissions", nil)
	if got := iamLabels(perms["permissions"]); got != "okta.users.credentials.resetPassword,okta.users.read" {
		t.Errorf("permissions after PUT: %s", got)
	}

	// Refusals.
	for _, tc := range []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"duplicate label", "POST", "/api/v1/iam/roles", engine.Obj{"label": "HELP DESK LITE", "description": "x", "permissions": []any{"okta.users.read"}}, 400, "E0000001"},
		{"no permissions", "POST", "/api/v1/iam/roles", engine.Obj{"label": "x", "description": "x", "permissions": []any{}}, 400, "E0000001"},
		{"missing description", "POST", "/api/v1/iam/roles", engine.Obj{"label": "x", "permissions": []any{"okta.users.read"}}, 400, "E0000001"},
		{"not a permission", "POST", "/api/v1/iam/roles", engine.Obj{"label": "x", "description": "x", "permissions": []any{"users.read"}}, 400, "E0000001"},
		{"permissions not strings", "POST", "/api/v1/iam/roles", engine.Obj{"label": "x", "description": "x", "permissions": []any{1}}, 400, "E0000003"},
		{"unknown role", "GET", "/api/v1/iam/roles/cr0nothere0000000000", nil, 404, "E0000007"},
		{"replace without label", "PUT", "/api/v1/iam/roles/" + id, engine.Obj{"description": "x"}, 400, "E0000001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, v := o.callUnchecked(tc.method, tc.path, tc.body)
			ahbWantError(t, tc.name, st, v, tc.status, tc.code)
		})
	}

	o.must(http.StatusNoContent, "DELETE", "/api/v1/iam/roles/"+id, nil)
	o.fail(http.StatusNotFound, "E0000007", "GET", "/api/v1/iam/roles/"+id, nil)
	o.fail(http.StatusNotFound, "E0000007", "GET", "/api/v1/iam/roles/"+id+"/permissions", nil)
}

func iamLabels(v any) string {
	arr, _ := v.([]any)
	var out []string
	for _, x := range arr {
		out = append(out, engine.Str(x.(map[string]any), "label"))
	}
	return strings.Join(out, ",")
}

// TestIAMRolePermissions: one endpoint per permission, newest first, with
// conditions (VCR TestAccResourceOktaAdminRoleCustom_crud).
func TestIAMRolePermissions(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	id := engine.Str(o.mustObj(http.StatusOK, "POST", "/api/v1/iam/roles", engine.Obj{
		"label": "Apps", "description": "d", "permissions": []any{"okta.apps.assignment.manage"},
	}), "id")
	base := "/api/v1/iam/roles/" + id + "/permissions"
	o.must(http.StatusNoContent, "POST", base+"/okta.users.read", engine.Obj{})
	cond := engine.Obj{"include": engine.Obj{"okta:ResourceAttribute/User/Profile": []any{"city", "state"}}}
	o.must(http.StatusNoContent, "POST", base+"/okta.users.userprofile.manage", engine.Obj{"conditions": cond})

	list := o.mustObj(http.StatusOK, "GET", base, nil)
	if got := iamLabels(list["permissions"]); got != "okta.users.userprofile.manage,okta.users.read,okta.apps.assignment.manage" {
		t.Errorf("list order: %s", got)
	}
	p := o.mustObj(http.StatusOK, "GET", base+"/okta.users.read", nil)
	if v, has := p["conditions"]; !has || v != nil {
		t.Errorf("conditions should be an explicit null: %v", p)
	}
	if engine.Str(p, "_links.role.href") != o.URL+"/api/v1/iam/roles/"+id || engine.Str(p, "_links.self.href") != o.URL+base+"/okta.users.read" {
		t.Errorf("links %v", p["_links"])
	}
	p = o.mustObj(http.StatusOK, "GET", base+"/okta.users.userprofile.manage", nil)
	if !zoneTestEqual(p["conditions"], cond) {
		t.Errorf("conditions %v", p["conditions"])
	}
	p = o.mustObj(http.StatusOK, "PUT", base+"/okta.users.userprofile.manage", engine.Obj{"conditions": nil})
	if p["conditions"] != nil {
		t.Errorf("PUT null conditions: %v", p)
	}

	o.fail(http.StatusNotFound, "E0000007", "PUT", base+"/okta.groups.read", engine.Obj{})
	st, v := o.callUnchecked("POST", base+"/okta.users.read", engine.Obj{})
	ahbWantError(t, "permission twice", st, v, 400, "E0000001")
	st, v = o.callUnchecked("POST", base+"/not-a-permission", engine.Obj{})
	ahbWantError(t, "bad permission", st, v, 400, "E0000001")

	o.must(http.StatusNoContent, "DELETE", base+"/okta.users.read", nil)
	o.fail(http.StatusNotFound, "E0000007", "GET", base+"/okta.users.read", nil)
	o.fail(http.StatusNotFound, "E0000007", "DELETE", base+"/okta.users.read", nil)
}

// TestIAMListsPageInTheBody: the next page is in the body's _links.next,
// there is no Link header, and the IAM host is the -admin host when the
// org is reached by name.
func TestIAMListsPageInTheBody(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	for i := 0; i < 7; i++ {
		o.must(http.StatusOK, "POST", "/api/v1/iam/roles", engine.Obj{
			"label": "r" + string(rune('a'+i)), "description": "d", "permissions": []any{"okta.users.read"},
		})
	}
	roles, pages := iamPages(o, "/api/v1/iam/roles?limit=3", "roles")
	if len(roles) != 7 || pages != 3 {
		t.Fatalf("%d roles in %d pages, want 7 in 3", len(roles), pages)
	}
	_, hdr, _ := o.call("GET", "/api/v1/iam/roles?limit=3", nil)
	if hdr.Get("Link") != "" {
		t.Errorf("IAM lists page in the body, not in a Link header: %q", hdr.Get("Link"))
	}
	all, pages := iamPages(o, "/api/v1/iam/roles", "roles")
	if len(all) != 7 || pages != 1 {
		t.Errorf("default page: %d roles in %d pages", len(all), pages)
	}

	// Reached as acme.okta.test, the links go to acme-admin.okta.test.
	req, _ := http.NewRequest("GET", o.URL+"/api/v1/iam/roles?limit=3", nil)
	req.Host = "acme.okta.test"
	req.Header.Set("Authorization", "SSWS "+o.Token)
	resp, err := o.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var page map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		t.Fatal(err)
	}
	if next := engine.Str(page, "_links.next.href"); !strings.HasPrefix(next, "http://acme-admin.okta.test/api/v1/iam/roles?") {
		t.Errorf("next on the admin host: %q", next)
	}
	first := page["roles"].([]any)[0].(map[string]any)
	if self := engine.Str(first, "_links.self.href"); !strings.HasPrefix(self, "http://acme-admin.okta.test/") {
		t.Errorf("self on the admin host: %q", self)
	}
}
