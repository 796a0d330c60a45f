package conformance

import (
	"net/http"
	"sort"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestUsersSample: the sample org has people in every common status, in
// the sample groups, and every response about them fits the spec.
func TestUsersSample(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{Sample: true})
	st, _, v := ahbCall(t, o, "GET", "/api/v1/users?search="+zoneTestQuery(`profile.login pr`), nil)
	if st != http.StatusOK {
		t.Fatalf("search: %d %v", st, v)
	}
	byStatus := map[string]int{}
	var ids []string
	for _, u := range ahbList(t, v) {
		byStatus[engine.Str(u, "status")]++
		ids = append(ids, engine.Str(u, "id"))
	}
	for _, s := range []string{"ACTIVE", "PROVISIONED", "STAGED", "SUSPENDED", "DEPROVISIONED", "PASSWORD_EXPIRED"} {
		if byStatus[s] == 0 {
			t.Errorf("the sample has no %s user: %v", s, byStatus)
		}
	}
	if len(ids) < 10 {
		t.Errorf("the sample has %d users, want about a dozen", len(ids))
	}
	inGroups := 0
	for _, id := range ids {
		st, _, gv := ahbCall(t, o, "GET", "/api/v1/users/"+id+"/groups", nil)
		if st != http.StatusOK {
			t.Fatalf("groups of %s: %d", id, st)
		}
		if len(ahbList(t, gv)) > 1 {
			inGroups++
		}
		ahbCall(t, o, "GET", "/api/v1/users/"+id, nil)
	}
	if inGroups < len(ids)-1 {
		t.Errorf("%d of %d sample users are in a group besides Everyone", inGroups, len(ids))
	}
}

// TestUsersGenerate: --generate users=n adds n PROVISIONED users with
// unique logins, each in Everyone and one generated group, findable by
// login.
func TestUsersGenerate(t *testing.T) {
	srv, err := sandbox.New(sandbox.Options{Token: "t", Generate: map[string]int{"groups": 7, "users": 250}})
	if err != nil {
		t.Fatal(err)
	}
	org := srv.Org()
	org.Lock()
	defer org.Unlock()
	users := org.List(engine.TableUsers, "")
	if len(users) != 251 {
		t.Fatalf("%d users, want 250 + the admin", len(users))
	}
	logins := map[string]bool{}
	for _, u := range users[1:] {
		if engine.Str(u, "status") != "PROVISIONED" {
			t.Fatalf("generated user %v", u)
		}
		logins[engine.Str(u, "profile.login")] = true
	}
	if len(logins) != 250 {
		t.Fatalf("%d distinct logins", len(logins))
	}
	var sizes []int
	everyone := 0
	for _, g := range org.List(engine.TableGroups, "") {
		n := len(org.List("groupMembers", engine.Str(g, "id")))
		switch engine.Str(g, "profile.name") {
		case "Everyone":
			everyone = n
		case "Okta Administrators":
		default:
			sizes = append(sizes, n)
		}
	}
	sort.Ints(sizes)
	if everyone != 251 || len(sizes) != 7 || sizes[0] != 35 || sizes[6] != 36 {
		t.Fatalf("Everyone has %d members, the generated groups %v", everyone, sizes)
	}
	_, base := newTestServer(t, sandbox.Options{Generate: map[string]int{"users": 3}})
	if r := rawDo(t, base, "t", "GET", "/api/v1/users/gen-user-000003@example.com", ""); r.status != http.StatusOK {
		t.Fatalf("generated user by login: %d", r.status)
	}
}
