package conformance

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func iamTargetNames(items []engine.Obj, key string) string {
	var out []string
	for _, it := range items {
		out = append(out, engine.Str(it, key))
	}
	return strings.Join(out, ",")
}

// TestIAMGroupTargets: group targets on a group's HELP_DESK_ADMIN, most
// recent first, paged at 20; the last one can't be removed; a target group
// that goes leaves the list (VCR TestAccResourceOktaGroupRole_admin_crud).
func TestIAMGroupTargets(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	admins := iamGroup(o, "Help Desk")
	role := "/api/v1/groups/" + admins + "/roles/JBCUYUC7IRCVGS27IFCE2SKO"
	o.must(http.StatusCreated, "POST", "/api/v1/groups/"+admins+"/roles", engine.Obj{"type": "HELP_DESK_ADMIN"})
	if got := ahbList(t, o.must(http.StatusOK, "GET", role+"/targets/groups", nil)); len(got) != 0 {
		t.Fatalf("an unscoped role has no targets: %v", got)
	}
	var ids []string
	for i := 0; i < 23; i++ {
		id := iamGroup(o, fmt.Sprintf("t%02d", i))
		ids = append(ids, id)
		o.must(http.StatusNoContent, "PUT", role+"/targets/groups/"+id, nil)
	}
	o.must(http.StatusNoContent, "PUT", role+"/targets/groups/"+ids[0], nil) // again: no change

	targets, pages := o.pages(role + "/targets/groups?limit=200")
	if len(targets) != 23 || pages != 2 {
		t.Fatalf("%d targets in %d pages, want 23 in 2 (the server caps limit at 20)", len(targets), pages)
	}
	if engine.Str(targets[0], "profile.name") != "t22" || engine.Str(targets[22], "profile.name") != "t00" {
		t.Errorf("not most recent first: %s", iamTargetNames(targets, "profile.name"))
	}
	if engine.Str(targets[0], "_links.users.href") == "" || engine.Str(targets[0], "type") != "OKTA_GROUP" {
		t.Errorf("a target is the group as the groups API shows it: %v", targets[0])
	}

	o.must(http.StatusNoContent, "DELETE", "/api/v1/groups/"+ids[5], nil)
	for _, id := range ids[1:] {
		if id != ids[5] {
			o.must(http.StatusNoContent, "DELETE", role+"/targets/groups/"+id, nil)
		}
	}
	o.fail(http.StatusNotFound, "E0000007", "DELETE", role+"/targets/groups/"+ids[5], nil)
	st, v := o.callUnchecked("DELETE", role+"/targets/groups/"+ids[0], nil)
	ahbWantError(t, "last target", st, v, 400, "E0000001")

	// Deleting the last target group takes the assignment: without
	// targets it would reach every group.
	o.must(http.StatusNoContent, "DELETE", "/api/v1/groups/"+ids[0], nil)
	o.fail(http.StatusNotFound, "E0000007", "GET", role, nil)

	for _, tc := range []struct{ name, method, path string }{
		{"app target on a group role", "PUT", role + "/targets/catalog/apps/facebook"},
		{"group target on SUPER_ADMIN", "PUT", "/api/v1/users/" + o.Srv.Org().AdminID + "/roles/" + iamSuperID(t, o) + "/targets/groups/" + admins},
	} {
		if tc.name == "app target on a group role" {
			o.must(http.StatusCreated, "POST", "/api/v1/groups/"+admins+"/roles", engine.Obj{"type": "HELP_DESK_ADMIN"})
		}
		st, v := o.callUnchecked(tc.method, tc.path, nil)
		ahbWantError(t, tc.name, st, v, 400, "E0000091")
	}
	o.fail(http.StatusNotFound, "E0000007", "PUT", role+"/targets/groups/00gnothere0000000000", nil)
}

func iamSuperID(t *testing.T, o zoneTestOrg) string {
	t.Helper()
	for _, r := range ahbList(t, o.must(http.StatusOK, "GET", "/api/v1/users/"+o.Srv.Org().AdminID+"/roles", nil)) {
		if engine.Str(r, "type") == "SUPER_ADMIN" {
			return engine.Str(r, "id")
		}
	}
	t.Fatal("no SUPER_ADMIN")
	return ""
}

// TestIAMAppTargets: OIN app and app instance targets on APP_ADMIN, for a
// user and a client (VCR TestAccResourceOktaAdminRoleTargets_crud): an
// instance is listed by its app's label, an OIN app by its catalog entry;
// an OIN app target replaces the instances of that app, and an instance
// can't join its app's OIN target.
func TestIAMAppTargets(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	iamUser(t, o, "00uappadmin000000001", "erin@example.com")
	swa := iamSWAApp(o, "Timesheets")
	swa2 := iamSWAApp(o, "Expenses")
	_, client := iamServiceApp(o, "Sync")
	for _, who := range []string{"/api/v1/users/00uappadmin000000001", "/oauth2/v1/clients/" + client} {
		t.Run(who, func(t *testing.T) {
			role := who + "/roles/IFIFAX2BIRGUSTQ"
			o.must(http.StatusCreated, "POST", who+"/roles", engine.Obj{"type": "APP_ADMIN"})
			o.must(http.StatusNoContent, "PUT", role+"/targets/catalog/apps/template_swa/"+swa, nil)
			o.must(http.StatusNoContent, "PUT", role+"/targets/catalog/apps/template_swa/"+swa2, nil)
			o.must(http.StatusNoContent, "PUT", role+"/targets/catalog/apps/facebook", nil)
			apps := ahbList(t, o.must(http.StatusOK, "GET", role+"/targets/catalog/apps", nil))
			if got := iamTargetNames(apps, "name"); got != "facebook,Expenses,Timesheets" {
				t.Fatalf("targets: %s", got)
			}
			if engine.Str(apps[0], "displayName") != "Facebook" || engine.Str(apps[1], "id") != swa2 ||
				engine.Str(apps[1], "_links.self.href") != o.URL+"/api/v1/apps/"+swa2 {
				t.Errorf("target shapes: %v", apps)
			}
			// template_swa for every instance replaces the two instances.
			o.must(http.StatusNoContent, "PUT", role+"/targets/catalog/apps/template_swa", nil)
			apps = ahbList(t, o.must(http.StatusOK, "GET", role+"/targets/catalog/apps", nil))
			if got := iamTargetNames(apps, "name"); got != "template_swa,facebook" {
				t.Fatalf("after the OIN target: %s", got)
			}
			st, v := o.callUnchecked("PUT", role+"/targets/catalog/apps/template_swa/"+swa, nil)
			ahbWantError(t, "instance beside its OIN target", st, v, 400, "E0000001")
			o.fail(http.StatusNotFound, "E0000007", "PUT", role+"/targets/catalog/apps/bookmark/"+swa, nil)
			o.fail(http.StatusNotFound, "E0000007", "DELETE", role+"/targets/catalog/apps/slack", nil)
			o.must(http.StatusNoContent, "DELETE", role+"/targets/catalog/apps/template_swa", nil)
			st, v = o.callUnchecked("DELETE", role+"/targets/catalog/apps/facebook", nil)
			ahbWantError(t, "last app target", st, v, 400, "E0000001")
			st, v = o.callUnchecked("PUT", role+"/targets/groups/"+iamGroup(o, "g-"+strings.ReplaceAll(who, "/", "")), nil)
			ahbWantError(t, "group target on APP_ADMIN", st, v, 400, "E0000091")
		})
	}
	// The app going takes its instance targets; the user's role, down to
	// its last target, goes with it.
	user := "/api/v1/users/00uappadmin000000001/roles/IFIFAX2BIRGUSTQ"
	o.must(http.StatusNoContent, "DELETE", "/api/v1/users/00uappadmin000000001/roles/IFIFAX2BIRGUSTQ", nil)
	o.must(http.StatusCreated, "POST", "/api/v1/users/00uappadmin000000001/roles", engine.Obj{"type": "APP_ADMIN"})
	if got := ahbList(t, o.must(http.StatusOK, "GET", user+"/targets/catalog/apps", nil)); len(got) != 0 {
		t.Errorf("a re-created assignment starts without targets: %v", got)
	}
	o.must(http.StatusNoContent, "PUT", user+"/targets/catalog/apps/template_swa/"+swa, nil)
	o.must(http.StatusOK, "POST", "/api/v1/apps/"+swa+"/lifecycle/deactivate", nil)
	o.must(http.StatusNoContent, "DELETE", "/api/v1/apps/"+swa, nil)
	o.fail(http.StatusNotFound, "E0000007", "GET", user, nil)
	// The client's app going takes the client's assignments.
	appID := engine.Str(findLocked(o.Srv, engine.TableApps, func(a engine.Obj) bool { return engine.Str(a, "label") == "Sync" }), "id")
	o.must(http.StatusOK, "POST", "/api/v1/apps/"+appID+"/lifecycle/deactivate", nil)
	o.must(http.StatusNoContent, "DELETE", "/api/v1/apps/"+appID, nil)
	o.fail(http.StatusNotFound, "E0000007", "GET", "/oauth2/v1/clients/"+client+"/roles", nil)
}
