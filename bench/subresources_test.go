package main

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/oktasync/oktasync/internal/export"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/testkinds"
)

// TestAppSubresourcesAtMinimum checks the figure `make bench` reports on
// an org of 50 generated apps, 1 of them provisioned (--generate
// provisionedApps=1), with the test-only kinds standing for the app
// features (gated on features[]) and provisioning connections (one per
// app): every child list of the apps bucket is called exactly as often as
// its minimum.
func TestAppSubresourcesAtMinimum(t *testing.T) {
	t.Parallel()
	reg, err := testkinds.EngBRegistry()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := sandbox.New(sandbox.Options{Token: "t", Seed: 5, RateScale: 60, Generate: map[string]int{"groups": 20, "apps": 50, "provisionedApps": 1}})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	c, err := okta.New(okta.Config{OrgURL: hs.URL, Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := export.Read(context.Background(), c, reg, export.Options{Kinds: []string{"app-group-assignments", "test-app-connections", "test-app-features"}})
	if err != nil {
		t.Fatal(err)
	}
	st := srv.Stats()
	sr := appSubresources(reg, res.Snapshot, &sandboxStats{Endpoints: st.Endpoints})
	for _, name := range []string{"app-group-assignments", "test-app-connections", "test-app-features"} {
		k, ok := sr.Kinds[name]
		if !ok {
			t.Errorf("%s is not counted", name)
			continue
		}
		if k.Calls != k.Minimum || k.Calls == 0 {
			t.Errorf("%s: %d calls, minimum %d", name, k.Calls, k.Minimum)
		}
	}
	if f := sr.Kinds["test-app-features"]; f.Calls != 1 || f.Gate != "features is not empty" {
		t.Errorf("the gated features list: %+v, want 1 call (the one provisioned app)", f)
	}
	if sr.Calls != sr.Minimum {
		t.Errorf("app sub-resources: %d calls, minimum %d", sr.Calls, sr.Minimum)
	}
	t.Logf("app sub-resources: %d calls, minimum %d: %+v", sr.Calls, sr.Minimum, sr.Kinds)
}
