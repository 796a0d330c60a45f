package main

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/oktasync/oktasync/internal/export"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/schemas"
)

// TestAppDepthCallsAtMinimum: on an org of 50 generated apps, 2 of them
// provisioned (one pushing a group), the real kinds below an app are read
// in exactly their minimal complete set of calls: features and the
// provisioning connection only for the provisioned apps, group push only
// where features[] holds GROUP_PUSH, federated claims only for SAML and
// OIDC apps, scope grants only for OIDC apps; profile mappings take their
// list and one read per mapping.
func TestAppDepthCallsAtMinimum(t *testing.T) {
	t.Parallel()
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		t.Fatal(err)
	}
	srv, err := sandbox.New(sandbox.Options{Token: "t", Seed: 6, RateScale: 60, Generate: map[string]int{"groups": 20, "apps": 50, "provisionedApps": 2}})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	c, err := okta.New(okta.Config{OrgURL: hs.URL, Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	kinds := []string{"app-features", "app-provisioning-connections", "group-push-mappings", "app-federated-claims", "app-scope-grants", "profile-mappings"}
	res, err := export.Read(context.Background(), c, reg, export.Options{Kinds: kinds})
	if err != nil {
		t.Fatal(err)
	}
	st := srv.Stats()
	sr := appSubresources(reg, res.Snapshot, &sandboxStats{Endpoints: st.Endpoints})
	apps := res.Snapshot.ByKind("apps")
	passing := func(c *model.Condition) int {
		n := 0
		for _, a := range apps {
			if gatePasses(c, a) {
				n++
			}
		}
		return n
	}
	for _, name := range kinds[:5] {
		k, _ := reg.Kind(name)
		got, ok := sr.Kinds[name]
		if !ok {
			t.Errorf("%s is not counted", name)
			continue
		}
		if got.Calls != got.Minimum {
			t.Errorf("%s: %d calls, minimum %d", name, got.Calls, got.Minimum)
		}
		if want := passing(k.List.When); got.Calls != want || want == 0 || want == len(apps) {
			t.Errorf("%s: %d calls; %d of %d apps pass its gate (%s)", name, got.Calls, want, len(apps), k.List.When)
		}
	}
	if n := len(res.Snapshot.ByKind("group-push-mappings")); n != 1 {
		t.Errorf("exported %d group push mappings, want the 1 generated", n)
	}
	mk, _ := reg.Kind("profile-mappings")
	mappings := len(res.Snapshot.ByKind("profile-mappings"))
	reads := 0
	for pattern, n := range st.Endpoints {
		if shape(pattern) == shape("GET "+mk.Get.Path) {
			reads += n
		}
	}
	if mappings == 0 || reads != mappings {
		t.Errorf("profile mappings: %d reads for %d mappings", reads, mappings)
	}
	t.Logf("app sub-resources: %d calls, minimum %d: %+v; %d profile mappings", sr.Calls, sr.Minimum, sr.Kinds, mappings)
}
