package conformance

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestGroupOwners: owners are users or groups; the recorded refusals
// (twice: 400 E0000001, wrong type: 404 naming the type, not an owner:
// 404 "(LinkedObject)"); Okta's two timestamp forms; a deleted owner
// leaves. The v5.0.2 spec has no group owners (v6 does), so the answers
// are checked here by shape.
func TestGroupOwners(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	gid := engine.Str(o.obj(http.StatusOK, "POST", "/api/v1/groups", map[string]any{"profile": map[string]any{"name": "owned"}}), "id")
	other := engine.Str(o.obj(http.StatusOK, "POST", "/api/v1/groups", map[string]any{"profile": map[string]any{"name": "owner group"}}), "id")
	uid := engine.Str(o.obj(http.StatusOK, "POST", "/api/v1/users", map[string]any{"profile": map[string]any{
		"login": "owner@example.com", "email": "owner@example.com", "firstName": "Olive", "lastName": "Owner"}}), "id")
	base := "/api/v1/groups/" + gid + "/owners"
	st, _, v := o.raw("POST", base, map[string]any{"id": uid, "type": "USER"})
	owner := v.(map[string]any)
	if st != http.StatusCreated || owner["displayName"] != "Olive Owner" || owner["originType"] != "OKTA_DIRECTORY" || owner["resolved"] != true ||
		!regexp.MustCompile(`^[A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d UTC \d{4}$`).MatchString(engine.Str(owner, "lastUpdated")) {
		t.Fatalf("assign: %d %v", st, owner)
	}
	if e := o.fails(true, http.StatusBadRequest, "E0000001", "POST", base, map[string]any{"id": uid, "type": "USER"}); ahbCauses(e) != "Provided owner is already assigned to this group" {
		t.Errorf("twice: %v", e)
	}
	if e := o.fails(true, http.StatusNotFound, "E0000007", "POST", base, map[string]any{"id": other, "type": "USER"}); engine.Str(e, "errorSummary") != "Not found: Resource not found: "+other+" (User)" {
		t.Errorf("a group as a USER: %v", e)
	}
	if st, _, _ := o.raw("POST", base, map[string]any{"id": other, "type": "GROUP"}); st != http.StatusCreated {
		t.Fatalf("group owner: %d", st)
	}
	_, _, lv := o.raw("GET", base, nil)
	list := lv.([]any)
	if len(list) != 2 || !regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d$`).MatchString(engine.Str(list[0].(map[string]any), "lastUpdated")) ||
		list[1].(map[string]any)["displayName"] != "owner group" {
		t.Fatalf("owners: %v", list)
	}
	if st, _, _ := o.raw("DELETE", base+"/"+other, nil); st != http.StatusNoContent {
		t.Fatalf("remove: %d", st)
	}
	if e := o.fails(true, http.StatusNotFound, "E0000007", "DELETE", base+"/"+other, nil); engine.Str(e, "errorSummary") != "Not found: Resource not found: "+other+" (LinkedObject)" {
		t.Errorf("remove a non-owner: %v", e)
	}
	for i := 0; i < 2; i++ {
		o.raw("DELETE", "/api/v1/users/"+uid, nil)
	}
	if _, _, lv := o.raw("GET", base, nil); len(lv.([]any)) != 0 {
		t.Fatalf("owners after the user was deleted: %v", lv)
	}
}

// TestUserRisk: an admin's risk override, 201 then 200, NONE before any;
// only HIGH and LOW can be set. v6-only in the spec, checked by shape.
func TestUserRisk(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	uid := engine.Str(o.obj(http.StatusOK, "POST", "/api/v1/users", map[string]any{"profile": map[string]any{
		"login": "risky@example.com", "email": "risky@example.com", "firstName": "R", "lastName": "Isky"}}), "id")
	p := "/api/v1/users/" + uid + "/risk"
	if _, _, v := o.raw("GET", p, nil); engine.Str(v.(map[string]any), "riskLevel") != "NONE" || v.(map[string]any)["reason"] != nil {
		t.Fatalf("before any override: %v", v)
	}
	for i, tc := range []struct {
		level string
		want  int
	}{{"LOW", http.StatusCreated}, {"HIGH", http.StatusOK}} {
		st, _, v := o.raw("PUT", p, map[string]any{"riskLevel": tc.level})
		r := v.(map[string]any)
		if st != tc.want || r["riskLevel"] != tc.level || r["reason"] != "Admin override risk" || engine.At(r, "_links.user.href") == nil {
			t.Fatalf("PUT %d: %d %v", i, st, r)
		}
	}
	if _, _, v := o.raw("GET", p, nil); engine.Str(v.(map[string]any), "riskLevel") != "HIGH" {
		t.Fatalf("after: %v", v)
	}
	o.fails(true, http.StatusBadRequest, "E0000001", "PUT", p, map[string]any{"riskLevel": "MEDIUM"})
}
