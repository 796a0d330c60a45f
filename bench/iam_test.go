package main

import (
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/export"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/schemas"
)

// TestIAMAtMinimum: exporting the admin-access kinds of a generated org
// (--generate custom-admin-roles, resource-sets: every set bound to a
// role; role-assignments: standard roles on groups, some narrowed to
// groups) makes exactly the minimum of calls to the IAM and role
// endpoints: each list once, and each role's permissions, set's
// resources, binding's members and assignment's targets once, the
// targets only for roles that take them (no per-object GET).
func TestIAMAtMinimum(t *testing.T) {
	t.Parallel()
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		t.Fatal(err)
	}
	srv, err := sandbox.New(sandbox.Options{Token: "t", Seed: 5, RateScale: 60,
		Generate: map[string]int{"groups": 20, "custom-admin-roles": 12, "resource-sets": 30, "role-assignments": 30}})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	c, err := okta.New(okta.Config{OrgURL: hs.URL, Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	iam := []string{"groups", "custom-admin-roles", "resource-sets", "resource-set-bindings", "group-role-assignments"}
	res, err := export.Read(context.Background(), c, reg, export.Options{Kinds: iam})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Snapshot.ByKind("resource-set-bindings")); n != 30 {
		t.Fatalf("%d bindings exported, want 30", n)
	}
	if n := len(res.Snapshot.ByKind("group-role-assignments")); n != 30 {
		t.Fatalf("%d group role assignments exported, want 30", n)
	}
	calls := 0
	for ep, n := range srv.Stats().Endpoints {
		if strings.Contains(ep, " /api/v1/iam/") || strings.Contains(ep, "/roles") {
			calls += n
		}
	}
	// The kinds read here: the opt-in admin users (also in the roles area)
	// are not, so their list is not in the minimum.
	isIAM := func(k *model.Kind) bool { return k.ScopeArea == "roles" && slices.Contains(iam, k.Name) }
	min := minimumRequests(reg, res.Snapshot, isIAM)
	t.Logf("%d IAM calls, minimum %d", calls, min)
	if calls != min {
		t.Errorf("%d IAM calls, minimum %d", calls, min)
	}
}
