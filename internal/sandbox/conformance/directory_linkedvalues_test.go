package conformance

import (
	"context"
	"net/http"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// lvUser creates an ACTIVE user through the API and returns its id.
func lvUser(t *testing.T, o *conformanceOrg, login string) string {
	t.Helper()
	st, _, v := ahbCall(t, o, "POST", "/api/v1/users?activate=true", engine.Obj{
		"profile": engine.Obj{"firstName": "Link", "lastName": "Value", "email": login, "login": login},
	})
	if st != http.StatusOK {
		t.Fatalf("create user %s: %d %v", login, st, v)
	}
	return engine.Str(ahbObj(t, v), "id")
}

// lvHrefs are the self links a linked-object list answers.
func lvHrefs(t *testing.T, o *conformanceOrg, uid, name string) []string {
	t.Helper()
	st, _, v := ahbCall(t, o, "GET", "/api/v1/users/"+uid+"/linkedObjects/"+name, nil)
	if st != http.StatusOK {
		t.Fatalf("list %s of %s: %d %v", name, uid, st, v)
	}
	out := []string{}
	for _, e := range v.([]any) {
		out = append(out, engine.Str(e.(map[string]any), "_links.self.href"))
	}
	return out
}

// TestLinkedObjectValues: PUT links an associated user to its primary
// (204, replacing an earlier primary), GET by the primary name lists the
// primary and by the associated name every associated user, each as a
// self link only (VCR TestAccResourceOktaLinkValue_crud); DELETE unlinks;
// unknown users and names are 404 E0000007, PUT and DELETE take only the
// primary name; values go with their definition and with their users.
func TestLinkedObjectValues(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	if st, _, v := ahbCall(t, o, "POST", "/api/v1/meta/schemas/user/linkedObjects", loPair("boss", "report")); st != http.StatusCreated {
		t.Fatalf("definition: %d %v", st, v)
	}
	mgr, mgr2 := lvUser(t, o, "mgr@example.com"), lvUser(t, o, "mgr2@example.com")
	a, b := lvUser(t, o, "a@example.com"), lvUser(t, o, "b@example.com")
	put := func(assoc, name, primary string) (int, any) {
		st, _, v := ahbCall(t, o, "PUT", "/api/v1/users/"+assoc+"/linkedObjects/"+name+"/"+primary, nil)
		return st, v
	}
	for _, u := range []string{a, b} {
		if st, v := put(u, "boss", mgr); st != http.StatusNoContent || v != nil {
			t.Fatalf("link %s: %d %v", u, st, v)
		}
	}
	user := func(id string) string { return o.URL + "/api/v1/users/" + id }
	if got := lvHrefs(t, o, a, "boss"); len(got) != 1 || got[0] != user(mgr) {
		t.Errorf("a's boss: %v", got)
	}
	if got := lvHrefs(t, o, mgr, "report"); len(got) != 2 || got[0] != user(a) && got[1] != user(a) {
		t.Errorf("mgr's reports: %v", got)
	}
	if got := lvHrefs(t, o, mgr, "boss"); len(got) != 0 {
		t.Errorf("mgr has no boss: %v", got)
	}
	if st, _ := put(a, "boss", mgr2); st != http.StatusNoContent {
		t.Fatalf("relink: %d", st)
	}
	if got := lvHrefs(t, o, a, "boss"); len(got) != 1 || got[0] != user(mgr2) {
		t.Errorf("a's boss after the relink (one primary only): %v", got)
	}
	if got := lvHrefs(t, o, mgr, "report"); len(got) != 1 || got[0] != user(b) {
		t.Errorf("mgr's reports after the relink: %v", got)
	}
	for _, tc := range []struct {
		name, method, path string
	}{
		{"unknown associated user", "PUT", "/api/v1/users/00uNOPE/linkedObjects/boss/" + mgr},
		{"unknown primary user", "PUT", "/api/v1/users/" + a + "/linkedObjects/boss/00uNOPE"},
		{"unknown relationship", "PUT", "/api/v1/users/" + a + "/linkedObjects/nope/" + mgr},
		{"associated name in PUT", "PUT", "/api/v1/users/" + a + "/linkedObjects/report/" + mgr},
		{"associated name in DELETE", "DELETE", "/api/v1/users/" + a + "/linkedObjects/report"},
		{"unknown relationship in GET", "GET", "/api/v1/users/" + a + "/linkedObjects/nope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, _, v := ahbCall(t, o, tc.method, tc.path, nil)
			ahbWantError(t, tc.name, st, v, 404, "E0000007")
		})
	}
	if st, _, _ := ahbCall(t, o, "DELETE", "/api/v1/users/"+b+"/linkedObjects/boss", nil); st != http.StatusNoContent {
		t.Fatalf("unlink: %d", st)
	}
	if got := lvHrefs(t, o, b, "boss"); len(got) != 0 {
		t.Errorf("b after the unlink: %v", got)
	}
	// A deleted user takes its values along (deactivate, then delete).
	for range 2 {
		if st, _, _ := ahbCall(t, o, "DELETE", "/api/v1/users/"+mgr2, nil); st != http.StatusNoContent {
			t.Fatalf("delete mgr2: %d", st)
		}
	}
	if got := lvHrefs(t, o, a, "boss"); len(got) != 0 {
		t.Errorf("a's boss after deleting the boss: %v", got)
	}
	// A deleted definition takes its values along: a new pair of the same
	// names starts empty.
	if st, _ := put(b, "boss", mgr); st != http.StatusNoContent {
		t.Fatal("relink b")
	}
	if st, _, _ := ahbCall(t, o, "DELETE", "/api/v1/meta/schemas/user/linkedObjects/boss", nil); st != http.StatusNoContent {
		t.Fatal("delete definition")
	}
	ahbCall(t, o, "POST", "/api/v1/meta/schemas/user/linkedObjects", loPair("boss", "report"))
	if got := lvHrefs(t, o, mgr, "report"); len(got) != 0 {
		t.Errorf("values outlived their definition: %v", got)
	}
}

// TestLinkedObjectValuesSDK: the official SDK links, lists and unlinks.
func TestLinkedObjectValuesSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{Sample: true})
	mgr, a := lvUser(t, o, "boss@example.com"), lvUser(t, o, "worker@example.com")
	api := o.sdk(t).UserAPI
	ctx := context.Background()
	// The sample defines manager / directReports.
	if _, err := api.ReplaceLinkedObjectForUser(ctx, a, "manager", mgr).Execute(); err != nil {
		t.Fatalf("ReplaceLinkedObjectForUser: %v", err)
	}
	list, _, err := api.ListLinkedObjectsForUser(ctx, mgr, "directReports").Execute()
	if err != nil || len(list) != 1 {
		t.Fatalf("ListLinkedObjectsForUser: %v %v", err, list)
	}
	if _, err := api.DeleteLinkedObjectForUser(ctx, a, "manager").Execute(); err != nil {
		t.Fatalf("DeleteLinkedObjectForUser: %v", err)
	}
	list, _, err = api.ListLinkedObjectsForUser(ctx, a, "manager").Execute()
	if err != nil || len(list) != 0 {
		t.Fatalf("after unlinking: %v %v", err, list)
	}
}
