package engine

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRouteMatching: a literal segment wins over a wildcard at the same
// place, the matcher backs off to the wildcard when the literal leads
// nowhere for the method, wildcards fill the path values, and a path that
// exists for another method tells a 405 from a 404.
func TestRouteMatching(t *testing.T) {
	rt := newRouter()
	for _, p := range []string{
		"GET /api/v1/groups/rules/{ruleId}",
		"GET /api/v1/groups/{groupId}/users",
		"PUT /api/v1/groups/{groupId}/users/{userId}",
		"GET /api/v1/groups/{groupId}",
		"GET /api/v1/meta/schemas/user/linkedObjects",
		"GET /api/v1/meta/schemas/user/{schemaId}",
	} {
		m, pat, _ := strings.Cut(p, " ")
		rt.Handle(m, pat, "", nil)
	}
	for _, tc := range []struct {
		method, path, want string
		params             map[string]string
		exists             bool
	}{
		{"GET", "/api/v1/groups/rules/0pr1", "/api/v1/groups/rules/{ruleId}", map[string]string{"ruleId": "0pr1"}, true},
		{"GET", "/api/v1/groups/00g1/users", "/api/v1/groups/{groupId}/users", map[string]string{"groupId": "00g1"}, true},
		// "rules" is also a possible group id: the literal route has no
		// /users child, so the wildcard route answers.
		{"GET", "/api/v1/groups/rules/users", "/api/v1/groups/rules/{ruleId}", map[string]string{"ruleId": "users"}, true},
		{"PUT", "/api/v1/groups/rules/users/00u1", "/api/v1/groups/{groupId}/users/{userId}", map[string]string{"groupId": "rules", "userId": "00u1"}, true},
		{"GET", "/api/v1/meta/schemas/user/linkedObjects", "/api/v1/meta/schemas/user/linkedObjects", nil, true},
		{"GET", "/api/v1/meta/schemas/user/osc1", "/api/v1/meta/schemas/user/{schemaId}", map[string]string{"schemaId": "osc1"}, true},
		{"DELETE", "/api/v1/groups/00g1", "", nil, true},
		{"GET", "/api/v1/groups/00g1/apps", "", nil, false},
		{"GET", "/api/v1/groups/00g1/", "", nil, false},
		{"GET", "/api/v1/groups//users", "", nil, false},
	} {
		r := httptest.NewRequest(tc.method, tc.path, nil)
		route, exists := rt.matchRequest(r)
		got := ""
		if route != nil {
			got = route.pattern
		}
		if got != tc.want || exists != tc.exists {
			t.Errorf("%s %s: %q (path exists %v), want %q (%v)", tc.method, tc.path, got, exists, tc.want, tc.exists)
			continue
		}
		for k, v := range tc.params {
			if r.PathValue(k) != v {
				t.Errorf("%s %s: {%s} = %q, want %q", tc.method, tc.path, k, r.PathValue(k), v)
			}
		}
	}
}
