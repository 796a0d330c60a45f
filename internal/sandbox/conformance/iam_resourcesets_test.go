package conformance

import (
	"net/http"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func iamORNs(items []engine.Obj) string {
	var out []string
	for _, r := range items {
		out = append(out, engine.Str(r, "orn"))
	}
	return strings.Join(out, " ")
}

// TestIAMResourceSets: create with resources in both forms (stored and
// listed as ORNs), batch additions, removal by the resource's own id,
// paging in the body, and the refusals.
func TestIAMResourceSets(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	orgID := o.Srv.Org().OrgID
	eng := iamGroup(o, "Engineering")
	ops := iamGroup(o, "Ops")
	app := iamSWAApp(o, "Timesheets")
	dir := "orn:okta:directory:" + orgID + ":"

	set := o.mustObj(http.StatusOK, "POST", "/api/v1/iam/resource-sets", engine.Obj{
		"label": "Engineering", "description": "The engineering group",
		"resources": []any{
			o.URL + "/api/v1/groups/" + eng,
			dir + "groups:" + eng, // the same group as an ORN: kept once
			"https://elsewhere.example.com/api/v1/groups/" + eng + "/users",
			o.URL + "/api/v1/users",
		},
	})
	id := engine.Str(set, "id")
	if !strings.HasPrefix(id, "iam") || set["resources"] != nil {
		t.Errorf("created set: %v", set)
	}
	for _, rel := range []string{"self", "resources", "bindings"} {
		if engine.Str(set, "_links."+rel+".href") == "" {
			t.Errorf("no _links.%s: %v", rel, set["_links"])
		}
	}
	base := "/api/v1/iam/resource-sets/" + id
	res, _ := iamPages(o, base+"/resources", "resources")
	if got, want := iamORNs(res), dir+"groups:"+eng+" "+dir+"groups:"+eng+":contained_resources "+dir+"users"; got != want {
		t.Fatalf("resources:\n got %s\nwant %s", got, want)
	}
	if self := engine.Str(res[1], "_links.self.href"); self != o.URL+"/api/v1/groups/"+eng+"/users" {
		t.Errorf("a resource's self is the REST URL of what it names: %q", self)
	}

	// PATCH additions: an app (REST URL), all apps of a type (filter), a
	// group as an ORN, one already there.
	o.mustObj(http.StatusOK, "PATCH", base+"/resources", engine.Obj{"additions": []any{
		o.URL + "/api/v1/apps/" + app,
		o.URL + `/api/v1/apps?filter=name+eq+"bookmark"`,
		dir + "groups:" + ops,
		o.URL + "/api/v1/users",
	}})
	res, pages := iamPages(o, base+"/resources?limit=2", "resources")
	if pages != 3 || len(res) != 6 {
		t.Fatalf("%d resources in %d pages, want 6 in 3", len(res), pages)
	}
	idp := "orn:okta:idp:" + orgID + ":"
	if !strings.Contains(iamORNs(res), idp+"apps:template_swa:"+app) || !strings.Contains(iamORNs(res), idp+"apps:bookmark") {
		t.Errorf("app resources: %s", iamORNs(res))
	}

	// DELETE takes the resource's id, not its ORN.
	o.fail(http.StatusNotFound, "E0000007", "DELETE", base+"/resources/"+dir+"groups:"+ops, nil)
	for _, r := range res {
		if engine.Str(r, "orn") == dir+"groups:"+ops {
			o.must(http.StatusNoContent, "DELETE", base+"/resources/"+engine.Str(r, "id"), nil)
		}
	}
	if res, _ = iamPages(o, base+"/resources", "resources"); strings.Contains(iamORNs(res), ops) {
		t.Errorf("removed resource still listed")
	}

	// A group that goes takes its resources with it.
	o.must(http.StatusNoContent, "DELETE", "/api/v1/groups/"+eng, nil)
	if res, _ = iamPages(o, base+"/resources", "resources"); strings.Contains(iamORNs(res), eng) {
		t.Errorf("resources of a deleted group: %s", iamORNs(res))
	}

	// By label; PUT changes label and description only.
	upd := o.mustObj(http.StatusOK, "PUT", "/api/v1/iam/resource-sets/Engineering", engine.Obj{"label": "Eng", "description": "d2"})
	if engine.Str(upd, "label") != "Eng" || engine.Str(o.mustObj(http.StatusOK, "GET", "/api/v1/iam/resource-sets/eng", nil), "id") != id {
		t.Errorf("replace by label: %v", upd)
	}
	list := o.mustObj(http.StatusOK, "GET", "/api/v1/iam/resource-sets", nil)
	if arr, _ := list["resource-sets"].([]any); len(arr) != 1 {
		t.Errorf("list: %v", list)
	}

	for _, tc := range []struct {
		name string
		add  string
	}{
		{"other org", "orn:okta:directory:00oSomebodyElse00000:groups"},
		{"other partition", "orn:oktapreview:directory:" + orgID + ":groups"},
		{"missing group", o.URL + "/api/v1/groups/00gnothere0000000000"},
		{"missing app", idp + "apps:template_swa:0oanothere0000000000"},
		{"app of another type", idp + "apps:bookmark:" + app},
		{"unsupported", o.URL + "/api/v1/policies"},
		{"not a resource", "groups"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, v := o.callUnchecked("PATCH", base+"/resources", engine.Obj{"additions": []any{tc.add}})
			ahbWantError(t, tc.name, st, v, 400, "E0000001")
		})
	}
	st, v := o.callUnchecked("POST", "/api/v1/iam/resource-sets", engine.Obj{"label": "eng", "description": "dup", "resources": []any{}})
	ahbWantError(t, "duplicate label", st, v, 400, "E0000001")

	many := make([]any, 0, 1001)
	for i := 0; i < 1001; i++ {
		many = append(many, idp+"apps:app"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+string(rune('a'+i/26%26)))
	}
	st, v = o.callUnchecked("PATCH", base+"/resources", engine.Obj{"additions": many})
	if e := ahbWantError(t, "over 1000", st, v, 400, "E0000001"); !strings.Contains(ahbCauses(e), "1000") {
		t.Errorf("over 1000: %v", e)
	}

	o.must(http.StatusNoContent, "DELETE", base, nil)
	o.fail(http.StatusNotFound, "E0000007", "GET", base+"/resources", nil)
}

// TestIAMResourceOne: the single-resource endpoints (SPEC v6 only, so
// their answers are not spec-checked here: the v5.0.2 spec the conformance
// harness loads does not have them).
func TestIAMResourceOne(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	set := o.mustObj(http.StatusOK, "POST", "/api/v1/iam/resource-sets", engine.Obj{"label": "s", "description": "d", "resources": []any{}})
	base := "/api/v1/iam/resource-sets/" + engine.Str(set, "id") + "/resources"
	cond := engine.Obj{"Exclude": engine.Obj{"okta:ORN": []any{"orn:okta:idp:" + o.Srv.Org().OrgID + ":apps:slack"}}}
	st, v := o.callUnchecked("POST", base, engine.Obj{"resourceOrnOrUrl": o.URL + "/api/v1/apps", "conditions": cond})
	r := ahbObj(t, v)
	if st != http.StatusOK || !zoneTestEqual(r["conditions"], cond) || !strings.HasSuffix(engine.Str(r, "orn"), ":apps") {
		t.Fatalf("POST one: %d %v", st, v)
	}
	item := base + "/" + engine.Str(r, "id")
	st, v = o.callUnchecked("GET", item, nil)
	if st != http.StatusOK || engine.Str(ahbObj(t, v), "_links.resource.href") != o.URL+item {
		t.Errorf("GET one: %d %v", st, v)
	}
	st, v = o.callUnchecked("PUT", item, engine.Obj{"conditions": nil})
	if st != http.StatusOK || ahbObj(t, v)["conditions"] != nil {
		t.Errorf("PUT conditions away: %d %v", st, v)
	}
	st, v = o.callUnchecked("POST", base, engine.Obj{"resourceOrnOrUrl": o.URL + "/api/v1/apps"})
	ahbWantError(t, "POST one twice", st, v, 400, "E0000001")
}
