package main

import (
	"context"
	"net/http/httptest"
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
// role) makes exactly the minimum of calls to the IAM endpoints: each
// list once, and each role's permissions, set's resources and binding's
// members once (no per-object GET).
func TestIAMAtMinimum(t *testing.T) {
	t.Parallel()
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		t.Fatal(err)
	}
	srv, err := sandbox.New(sandbox.Options{Token: "t", Seed: 5, RateScale: 60,
		Generate: map[string]int{"groups": 20, "custom-admin-roles": 12, "resource-sets": 30}})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	c, err := okta.New(okta.Config{OrgURL: hs.URL, Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	iam := []string{"custom-admin-roles", "resource-sets", "resource-set-bindings"}
	res, err := export.Read(context.Background(), c, reg, export.Options{Kinds: iam})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Snapshot.ByKind("resource-set-bindings")); n != 30 {
		t.Fatalf("%d bindings exported, want 30", n)
	}
	calls := 0
	for ep, n := range srv.Stats().Endpoints {
		if strings.Contains(ep, " /api/v1/iam/") {
			calls += n
		}
	}
	isIAM := func(k *model.Kind) bool { return k.ScopeArea == "roles" }
	min := minimumRequests(reg, res.Snapshot, isIAM)
	t.Logf("%d IAM calls, minimum %d", calls, min)
	if calls != min {
		t.Errorf("%d IAM calls, minimum %d", calls, min)
	}
}
