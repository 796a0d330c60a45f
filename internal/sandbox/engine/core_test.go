package engine

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestConcurrencyCap: over the cap the headers switch to the concurrent
// values, as Okta documents.
func TestConcurrencyCap(t *testing.T) {
	l := newLimiter(TierEnterprise, 1, 2, time.Now)
	if _, ok := l.enter(bucketDefault); !ok {
		t.Fatal("first request refused")
	}
	if _, ok := l.enter(bucketDefault); !ok {
		t.Fatal("second request refused")
	}
	h, ok := l.enter(bucketDefault)
	if ok || h.limit != 2 || h.remaining != 0 {
		t.Fatalf("third concurrent request: admitted %v headers %+v, want refused with limit 2", ok, h)
	}
	l.leave()
	l.leave()
	l.leave()
	if _, ok := l.enter(bucketDefault); !ok {
		t.Fatal("request after the others left was refused")
	}
	if l.peak != 3 {
		t.Fatalf("peak %d", l.peak)
	}
}

func TestBucketFor(t *testing.T) {
	for _, tc := range []struct{ method, path, want string }{
		{"GET", "/api/v1/apps", bucketApps},
		{"GET", "/api/v1/apps/0oa1234567890abcdefg", bucketAppsID},
		{"PUT", "/api/v1/apps/0oa1234567890abcdefg", bucketAppsID},
		{"GET", "/api/v1/apps/0oa1234567890abcdefg/groups", bucketApps},
		{"GET", "/api/v1/groups/00g1234567890abcdefg", bucketGroupsID},
		{"GET", "/api/v1/groups/rules", bucketGroups},
		{"GET", "/api/v1/users/me", bucketUserGet},
		{"GET", "/api/v1/users", bucketUsers},
		{"GET", "/api/v1/authorizationServers", bucketDefault},
		{"GET", "/api/v1/policies?type=PASSWORD", bucketDefault},
		{"POST", "/oauth2/v1/token", bucketOAuth},
		{"GET", "/oauth2/v1/clients/x/roles", bucketClients},
		{"PUT", "/oauth2/v1/clients/0oa1234567890abcdefg/roles/IFIFAX2BIRGUSTQ/targets/groups/00g1234567890abcdefg", bucketClients},
		{"GET", "/api/v1/iam/roles", bucketIAM},
		{"PATCH", "/api/v1/iam/resource-sets/iam1234567890abcdefg/resources", bucketIAM},
		{"GET", "/api/v1/iam/assignees/users", bucketIAM},
		{"GET", "/api/v1/devices", bucketDevices},
		{"POST", "/api/v1/devices/guo1234567890abcdefg/lifecycle/suspend", bucketDevices},
		{"POST", "/api/v1/groups/00g1234567890abcdefg/roles", bucketGroups},
		{"DELETE", "/api/v1/groups/00g1234567890abcdefg/roles/IFIFAX2BIRGUSTQ", bucketGroups},
		{"GET", "/api/v1/users/00u1234567890abcdefg/roles", bucketUsers},
		{"PUT", "/api/v1/users/00u1234567890abcdefg/roles/IFIFAX2BIRGUSTQ/targets/catalog/apps/facebook", bucketUsers},
	} {
		if got := bucketFor(tc.method, strings.Split(tc.path, "?")[0]); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.method, tc.path, got, tc.want)
		}
	}
}

func TestHandlerPanicIs500(t *testing.T) {
	srv, err := New(Options{Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	rep := srv.run(&Route{h: func(*Call) Reply { panic("boom") }}, httptest.NewRequest("GET", "/x", nil), "X1")
	if rep.Err == nil || rep.Err.status != 500 {
		t.Fatalf("panic gave %+v", rep)
	}
}
