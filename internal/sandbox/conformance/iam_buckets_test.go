package conformance

import (
	"testing"

	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestBucketsAgreeWithGovernor: the sandbox charges each request to the
// bucket oktasync's governor (internal/okta.BucketFor) expects, so that the
// client paces what the server counts. The two tables are written
// separately on purpose (the sandbox shares no code with the client); this
// test is where they must agree. The admin-role endpoints are the reason
// it exists: /api/v1/iam is a bucket of its own, a group's and a user's
// role assignments count against /api/v1/groups and /api/v1/users, and a
// client's against /oauth2/v1/clients.
func TestBucketsAgreeWithGovernor(t *testing.T) {
	srv, base := newTestServer(t, sandbox.Options{RateScale: 1000})
	const (
		g = "00g1b2c3d4e5f6g7h8i9"
		u = "00u1b2c3d4e5f6g7h8i9"
		a = "0oa1b2c3d4e5f6g7h8i9"
	)
	// The sandbox names one bucket differently from the governor: the
	// same bucket, read by id or login.
	alias := map[string]string{"GET /api/v1/users/{idOrLogin}": "GET /api/v1/users/{id}"}
	for _, tc := range []struct{ method, path string }{
		{"GET", "/api/v1/iam/roles"},
		{"POST", "/api/v1/iam/roles/cr01b2c3d4e5f6g7h8i9/permissions/okta.users.read"},
		{"PATCH", "/api/v1/iam/resource-sets/iam1b2c3d4e5f6g7h8i9/resources"},
		{"DELETE", "/api/v1/iam/resource-sets/iam1b2c3d4e5f6g7h8i9/bindings/cr01b2c3d4e5f6g7h8i9/members/irb1b2c3d4e5f6g7h8i9"},
		{"GET", "/api/v1/iam/assignees/users"},
		{"GET", "/api/v1/groups/" + g + "/roles"},
		{"PUT", "/api/v1/groups/" + g + "/roles/IFIFAX2BIRGUSTQ/targets/catalog/apps/facebook"},
		{"GET", "/api/v1/groups/" + g},
		{"GET", "/api/v1/users/" + u + "/roles"},
		{"DELETE", "/api/v1/users/" + u + "/roles/KVJUKUS7IFCE2SKO/targets/groups/" + g},
		{"GET", "/api/v1/users/" + u},
		{"POST", "/oauth2/v1/clients/" + a + "/roles"},
		{"GET", "/oauth2/v1/clients/" + a + "/roles/JBCUYUC7IRCVGS27IFCE2SKO/targets/groups"},
		{"GET", "/api/v1/apps/" + a},
		{"GET", "/api/v1/apps/" + a + "/groups"},
		{"GET", "/api/v1/policies"},
	} {
		before := srv.Stats().Buckets
		rawDo(t, base, "t", tc.method, tc.path, "{}")
		got := ""
		for name, b := range srv.Stats().Buckets {
			if b.Requests != before[name].Requests {
				got = name
			}
		}
		if a, ok := alias[got]; ok {
			got = a
		}
		if want := okta.BucketFor(tc.method, tc.path); got != want {
			t.Errorf("%s %s: sandbox bucket %q, governor %q", tc.method, tc.path, got, want)
		}
	}
}
