package conformance

import (
	"net/http"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestIdentitySourceUsers: the real-time user endpoints as recorded (VCR
// TestAccResourceOktaIdentitySourceUser_basic: create 200 with the user,
// delete 200 with no body), and their refusals.
func TestIdentitySourceUsers(t *testing.T) {
	x := newISOrg(t)
	tail := &logTail{o: x.o}
	tail.next(t)
	profile := engine.Obj{"email": "testuser2@example.com", "firstName": "Test", "lastName": "User2", "userName": "testuser2@example.com"}
	u := x.must(http.StatusOK, "POST", x.base+"/users", engine.Obj{"externalId": "USEREXT2", "profile": profile})
	if !strings.HasPrefix(engine.Str(u, "id"), "0ua") || engine.Str(u, "externalId") != "USEREXT2" || engine.Str(u, "created") == "" ||
		engine.Str(u, "lastUpdated") != engine.Str(u, "created") || engine.Str(u, "profile.lastName") != "User2" {
		t.Fatalf("create: %v", u)
	}
	if got := x.must(http.StatusOK, "GET", x.base+"/users/USEREXT2", nil); engine.Str(got, "id") != engine.Str(u, "id") {
		t.Fatalf("get: %v", got)
	}
	for _, tc := range []struct {
		name string
		body engine.Obj
	}{
		{"duplicate external ID", engine.Obj{"externalId": "USEREXT2", "profile": profile}},
		{"no external ID", engine.Obj{"profile": profile}},
		{"no email", engine.Obj{"externalId": "X", "profile": engine.Obj{"userName": "x"}}},
		{"no profile", engine.Obj{"externalId": "X"}},
		{"non-string attribute", engine.Obj{"externalId": "X", "profile": engine.Obj{"userName": "x", "email": "x@example.com", "age": 3}}},
	} {
		t.Run(tc.name, func(t *testing.T) { x.failUnverified("E0000001", "POST", x.base+"/users", tc.body) })
	}
	upd := x.must(http.StatusOK, "PATCH", x.base+"/users/USEREXT2", engine.Obj{"profile": engine.Obj{"email": "new@example.com", "userName": "new@example.com"}})
	if engine.Str(upd, "profile.email") != "new@example.com" || engine.At(upd, "profile.lastName") != nil {
		t.Fatalf("PATCH replaces the profile: %v", upd)
	}
	x.failUnverified("E0000001", "PATCH", x.base+"/users/USEREXT2", engine.Obj{"profile": engine.Obj{"firstName": "A"}})
	x.fail(http.StatusNotFound, "E0000007", "PATCH", x.base+"/users/NOPE", engine.Obj{"profile": profile})
	if st, _, v := x.call("DELETE", x.base+"/users/USEREXT2", nil); st != http.StatusOK || v != nil {
		t.Fatalf("delete: %d %v", st, v)
	}
	x.fail(http.StatusNotFound, "E0000007", "GET", x.base+"/users/USEREXT2", nil)
	x.fail(http.StatusNotFound, "E0000007", "DELETE", x.base+"/users/USEREXT2", nil)
	want := "system.import.user.create AppUser,AppInstance\nsystem.import.user.update AppUser,AppInstance\nsystem.import.user.delete AppUser,AppInstance"
	if got := strings.Join(tail.nextTypes(t), "\n"); got != want {
		t.Errorf("events:\n%s\nwant:\n%s", got, want)
	}
}

// TestIdentitySourceGroups: the real-time group and membership endpoints
// as recorded (VCR TestAccResourceOktaIdentitySourceGroup_basic,
// TestAccResourceOktaIdentitySourceGroupMembership_basic: create 200,
// group delete 200 with no body, membership add and removal 204, the
// membership list {memberExternalIds}).
func TestIdentitySourceGroups(t *testing.T) {
	x := newISOrg(t)
	tail := &logTail{o: x.o}
	x.must(http.StatusOK, "POST", x.base+"/users", engine.Obj{"externalId": "USER1", "profile": engine.Obj{"email": "u1@example.com", "userName": "u1@example.com"}})
	tail.next(t)
	g := x.must(http.StatusOK, "POST", x.base+"/groups", engine.Obj{"externalId": "GRP1",
		"profile": engine.Obj{"displayName": "Test Engineering Group", "description": "A test group"}})
	gid := engine.Str(g, "id")
	if !strings.HasPrefix(gid, "00g") || engine.Str(g, "externalId") != "GRP1" || engine.Str(g, "profile.displayName") != "Test Engineering Group" ||
		engine.At(g, "created") != nil {
		t.Fatalf("create: %v", g)
	}
	x.failUnverified("E0000001", "POST", x.base+"/groups", engine.Obj{"externalId": "GRP1", "profile": engine.Obj{"displayName": "Again"}})
	x.failUnverified("E0000001", "POST", x.base+"/groups", engine.Obj{"externalId": "GRP2", "profile": engine.Obj{"description": "no name"}})
	for _, key := range []string{gid, "GRP1"} {
		if got := x.must(http.StatusOK, "GET", x.base+"/groups/"+key, nil); engine.Str(got, "id") != gid {
			t.Fatalf("get %s: %v", key, got)
		}
	}
	upd := x.must(http.StatusOK, "POST", x.base+"/groups/"+gid, engine.Obj{"profile": engine.Obj{"displayName": "Renamed"}})
	if engine.Str(upd, "profile.displayName") != "Renamed" || engine.At(upd, "profile.description") != nil {
		t.Fatalf("update: %v", upd)
	}
	x.failUnverified("E0000001", "POST", x.base+"/groups/"+gid, engine.Obj{"externalId": "OTHER", "profile": engine.Obj{"displayName": "X"}})

	x.must(http.StatusNoContent, "POST", x.base+"/groups/GRP1/membership", engine.Obj{"memberExternalId": "USER1"})
	x.must(http.StatusNoContent, "POST", x.base+"/groups/GRP1/membership", engine.Obj{"memberExternalId": "USER1"})
	x.fail(http.StatusNotFound, "E0000007", "POST", x.base+"/groups/GRP1/membership", engine.Obj{"memberExternalId": "NOBODY"})
	x.fail(http.StatusBadRequest, "E0000001", "POST", x.base+"/groups/GRP1/membership", engine.Obj{})
	if m := x.must(http.StatusOK, "GET", x.base+"/groups/GRP1/membership", nil); strings.Join(engine.StringsAt(m, "memberExternalIds"), ",") != "USER1" {
		t.Fatalf("members: %v", m)
	}
	x.must(http.StatusNoContent, "DELETE", x.base+"/groups/GRP1/membership/USER1", nil)
	if m := x.must(http.StatusOK, "GET", x.base+"/groups/GRP1/membership", nil); len(engine.StringsAt(m, "memberExternalIds")) != 0 {
		t.Fatalf("members after removal: %v", m)
	}
	if st, _, v := x.call("DELETE", x.base+"/groups/GRP1", nil); st != http.StatusOK || v != nil {
		t.Fatalf("delete: %d %v", st, v)
	}
	x.fail(http.StatusNotFound, "E0000007", "GET", x.base+"/groups/"+gid, nil)
	x.fail(http.StatusNotFound, "E0000007", "GET", x.base+"/groups/GRP1/membership", nil)
	want := "system.import.group.create UserGroup,AppInstance\nsystem.import.group.update UserGroup,AppInstance\nsystem.import.group.delete UserGroup,AppInstance"
	if got := strings.Join(tail.nextTypes(t), "\n"); got != want {
		t.Errorf("events:\n%s\nwant:\n%s", got, want)
	}
}
