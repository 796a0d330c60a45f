package conformance

import (
	"net/http"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// provisionedApp creates a SAML app and turns its provisioning on.
func (o appTestOrg) provisionedApp(label string) string {
	o.t.Helper()
	app := engine.Str(o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestSAML(label)), "id")
	o.obj(http.StatusOK, "POST", "/api/v1/apps/"+app+"/connections/default?activate=true",
		engine.Obj{"profile": engine.Obj{"authScheme": "TOKEN", "token": "t0ken"}})
	return app
}

// TestAppGroupPush drives group push mappings (validated against the
// v6.1.0 spec): only apps with GROUP_PUSH take them; a create names one
// target, by name (made or linked) or by ID; PATCH changes the status
// only; a delete needs INACTIVE and deleteTargetGroup.
func TestAppGroupPush(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	plain := engine.Str(o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestSAML("No provisioning")), "id")
	app := o.provisionedApp("Directory")
	coll := "/api/v1/apps/" + app + "/group-push/mappings"
	eng, sales := o.group("Engineering"), o.group("Sales")

	// An app without group push answers 400, which the spec does not
	// document (raw: unchecked).
	o.fails(true, http.StatusBadRequest, "E0000001", "GET", "/api/v1/apps/"+plain+"/group-push/mappings", nil)
	// Okta answers 200 (recorded), the spec 201; the check accepts it
	// (deviations_status_test.go).
	m := o.obj(http.StatusOK, "POST", coll, engine.Obj{"sourceGroupId": eng, "targetGroupName": "eng-downstream"})
	target := engine.Str(m, "targetGroupId")
	if !strings.HasPrefix(engine.Str(m, "id"), "gPm") || engine.Str(m, "status") != "ACTIVE" || engine.Str(m, "sourceGroupId") != eng ||
		engine.Str(m, "_links.targetGroup.href") != o.URL+"/api/v1/groups/"+target {
		t.Errorf("created %v", m)
	}
	g := o.obj(http.StatusOK, "GET", "/api/v1/groups/"+target, nil)
	if engine.Str(g, "type") != "APP_GROUP" || engine.Str(g, "profile.name") != "eng-downstream" {
		t.Errorf("target group %v", g)
	}
	// The same name links the same app group.
	m2 := o.obj(http.StatusOK, "POST", coll, engine.Obj{"sourceGroupId": sales, "targetGroupName": "ENG-downstream", "status": "INACTIVE"})
	if engine.Str(m2, "targetGroupId") != target || engine.Str(m2, "status") != "INACTIVE" {
		t.Errorf("linked %v", m2)
	}
	for _, c := range []struct {
		name string
		body engine.Obj
	}{
		{"no target", engine.Obj{"sourceGroupId": eng}},
		{"both targets", engine.Obj{"sourceGroupId": o.group("Both"), "targetGroupId": target, "targetGroupName": "x"}},
		{"pushed twice", engine.Obj{"sourceGroupId": eng, "targetGroupName": "again"}},
		{"unknown source", engine.Obj{"sourceGroupId": "00gMissing0000000000", "targetGroupName": "x"}},
		{"foreign target", engine.Obj{"sourceGroupId": o.group("Foreign"), "targetGroupId": eng}},
		{"no source", engine.Obj{"targetGroupName": "x"}},
	} {
		t.Run(c.name, func(t *testing.T) { o.fails(false, http.StatusBadRequest, "E0000001", "POST", coll, c.body) })
	}

	list, hdr := o.list("GET", coll+"?limit=1")
	if links := strings.Join(hdr.Values("Link"), ", "); len(list) != 1 || !strings.Contains(links, `rel="next"`) {
		t.Errorf("page of 1: %d items, Link %q", len(list), links)
	}
	if list, _ = o.list("GET", coll+"?status=INACTIVE"); len(list) != 1 {
		t.Errorf("status filter: %v", list)
	}
	if list, _ = o.list("GET", coll+"?sourceGroupId="+eng); len(list) != 1 {
		t.Errorf("sourceGroupId filter: %v", list)
	}

	item := coll + "/" + engine.Str(m, "id")
	// An ACTIVE mapping can't be deleted (raw: no 400 in the spec here).
	o.fails(true, http.StatusBadRequest, "E0000001", "DELETE", item+"?deleteTargetGroup=false", nil)
	p := o.obj(http.StatusOK, "PATCH", item, engine.Obj{"status": "INACTIVE"})
	if engine.Str(p, "status") != "INACTIVE" {
		t.Errorf("patch %v", p)
	}
	o.fails(false, http.StatusBadRequest, "E0000001", "PATCH", item, engine.Obj{"status": "PAUSED"})
	// deleteTargetGroup is required (raw: the spec documents no 400 here).
	o.fails(true, http.StatusBadRequest, "E0000001", "DELETE", item, nil)
	if st, _, _ := o.call("DELETE", item+"?deleteTargetGroup=false", nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d", st)
	}
	o.fails(false, http.StatusNotFound, "E0000007", "GET", item, nil)
	o.obj(http.StatusOK, "GET", "/api/v1/groups/"+target, nil) // kept
	item2 := coll + "/" + engine.Str(m2, "id")
	if st, _, _ := o.call("DELETE", item2+"?deleteTargetGroup=true", nil); st != http.StatusNoContent {
		t.Fatalf("delete with target: %d", st)
	}
	o.fails(false, http.StatusNotFound, "E0000007", "GET", "/api/v1/groups/"+target, nil)

	// A deleted source group takes its mappings.
	m3 := o.obj(http.StatusOK, "POST", coll, engine.Obj{"sourceGroupId": sales, "targetGroupName": "sales-downstream"})
	if st, _, _ := o.call("DELETE", "/api/v1/groups/"+sales, nil); st != http.StatusNoContent {
		t.Fatalf("delete group: %d", st)
	}
	o.fails(false, http.StatusNotFound, "E0000007", "GET", coll+"/"+engine.Str(m3, "id"), nil)
}

// TestAppFederatedClaims drives federated claims (validated against the
// v6.1.0 spec): SAML and OIDC apps only, unique names, 201 creates, PUT
// replaces, no _links.
func TestAppFederatedClaims(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	saml := engine.Str(o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestSAML("Claims")), "id")
	bm := engine.Str(o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestBookmark("No claims")), "id")
	coll := "/api/v1/apps/" + saml + "/federated-claims"

	c := o.obj(http.StatusCreated, "POST", coll, engine.Obj{"name": "role_last_name", "expression": "user.profile.lastName"})
	if !strings.HasPrefix(engine.Str(c, "id"), "ofc") || engine.Str(c, "created") == "" || c["_links"] != nil {
		t.Errorf("created %v", c)
	}
	item := coll + "/" + engine.Str(c, "id")
	u := o.obj(http.StatusOK, "PUT", item, engine.Obj{"name": "role_first_name", "expression": "user.profile.firstName"})
	if engine.Str(u, "name") != "role_first_name" || engine.Str(u, "created") != engine.Str(c, "created") {
		t.Errorf("replaced %v", u)
	}
	o.fails(false, http.StatusBadRequest, "E0000001", "POST", coll, engine.Obj{"name": "role_first_name", "expression": "x"})
	o.fails(false, http.StatusBadRequest, "E0000001", "POST", coll, engine.Obj{"name": "no_expression"})
	o.fails(false, http.StatusBadRequest, "E0000001", "POST", "/api/v1/apps/"+bm+"/federated-claims", engine.Obj{"name": "n", "expression": "x"})
	if list, _ := o.list("GET", coll); len(list) != 1 {
		t.Errorf("list %v", list)
	}
	if st, _, _ := o.call("DELETE", item, nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d", st)
	}
	o.fails(false, http.StatusNotFound, "E0000007", "GET", item, nil)
}
