package engine

import (
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// TestRouteTree: a literal segment wins over a wildcard, a failed literal
// branch falls back to the wildcard, and patterns that net/http's ServeMux
// would refuse as conflicting (group rules beside a group's role
// assignments) live side by side.
func TestRouteTree(t *testing.T) {
	rt := newRouter()
	for _, p := range []string{
		"GET /api/v1/groups/{groupId}",
		"GET /api/v1/groups/rules/{ruleId}",
		"GET /api/v1/groups/{groupId}/roles",
		"GET /api/v1/groups/{groupId}/roles/{roleId}",
		"GET /api/v1/users/me",
		"GET /api/v1/users/{userId}",
		"GET /api/v1/meta/schemas/user/linkedObjects",
		"GET /api/v1/meta/schemas/user/{schemaId}",
		"DELETE /api/v1/groups/{groupId}",
	} {
		m, pat, _ := strings.Cut(p, " ")
		rt.Handle(m, pat, "", nil)
	}
	tree := newRouteTree()
	for _, r := range rt.routes {
		tree.add(r)
	}
	for _, tc := range []struct {
		method, path string
		want         string // "" = no route
		vals         []string
	}{
		{"GET", "/api/v1/groups/00g1", "GET /api/v1/groups/{groupId}", []string{"00g1"}},
		{"GET", "/api/v1/groups/rules", "GET /api/v1/groups/{groupId}", []string{"rules"}},
		{"GET", "/api/v1/groups/rules/0pr1", "GET /api/v1/groups/rules/{ruleId}", []string{"0pr1"}},
		// Both patterns match; the literal "rules" comes first.
		{"GET", "/api/v1/groups/rules/roles", "GET /api/v1/groups/rules/{ruleId}", []string{"roles"}},
		{"GET", "/api/v1/groups/00g1/roles", "GET /api/v1/groups/{groupId}/roles", []string{"00g1"}},
		// The literal branch has no 5-segment route: back to the wildcard.
		{"GET", "/api/v1/groups/rules/roles/IFIFAX2BIRGUSTQ", "GET /api/v1/groups/{groupId}/roles/{roleId}", []string{"rules", "IFIFAX2BIRGUSTQ"}},
		{"GET", "/api/v1/users/me", "GET /api/v1/users/me", nil},
		{"GET", "/api/v1/users/alice%2Fx%40example.com", "GET /api/v1/users/{userId}", []string{"alice/x@example.com"}},
		{"HEAD", "/api/v1/users/00u1", "GET /api/v1/users/{userId}", []string{"00u1"}},
		{"GET", "/api/v1/meta/schemas/user/linkedObjects", "GET /api/v1/meta/schemas/user/linkedObjects", nil},
		{"GET", "/api/v1/meta/schemas/user/default", "GET /api/v1/meta/schemas/user/{schemaId}", []string{"default"}},
		{"GET", "/api/v1/groups/", "", nil},
		{"GET", "/api/v1/groups/00g1/owners", "", nil},
		{"POST", "/api/v1/groups/00g1", "", nil},
	} {
		r := httptest.NewRequest(tc.method, tc.path, nil)
		segs, ok := requestSegments(r)
		if !ok {
			t.Fatalf("%s: path does not decode", tc.path)
		}
		got, vals := tree.find(tc.method, segs)
		name := ""
		if got != nil {
			name = got.method + " " + got.pattern
		}
		if name != tc.want || (got != nil && !reflect.DeepEqual(vals, tc.vals)) {
			t.Errorf("%s %s: %q %q, want %q %q", tc.method, tc.path, name, vals, tc.want, tc.vals)
		}
	}
}

// TestServerMatchSetsPathValues: the server's match fills in the
// handler's path parameters and tells 405 from 404.
func TestServerMatchSetsPathValues(t *testing.T) {
	srv, err := New(Options{Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	srv.routes.Handle("GET", "/x/{a}/y/{b}", "", nil)
	srv.tree.add(srv.routes.routes["GET /x/{a}/y/{b}"])
	r := httptest.NewRequest("GET", "/x/1/y/2", nil)
	rt, pattern := srv.match(r)
	if rt == nil || pattern != "GET /x/{a}/y/{b}" || r.PathValue("a") != "1" || r.PathValue("b") != "2" {
		t.Fatalf("match: %v %q a=%q b=%q", rt, pattern, r.PathValue("a"), r.PathValue("b"))
	}
	if e := srv.unmatched(httptest.NewRequest("DELETE", "/x/1/y/2", nil)); e.code != "E0000022" {
		t.Errorf("wrong method: %s, want E0000022", e.code)
	}
	if e := srv.unmatched(httptest.NewRequest("GET", "/x/1/z/2", nil)); e.code != "E0000008" {
		t.Errorf("unknown path: %s, want E0000008", e.code)
	}
}
