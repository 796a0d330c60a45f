package export

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/testkinds"
)

// TestGatedChildListsStayInBudget: a child list whose descriptor gates it
// on the parent's body (List.When) is called only under the parents that
// pass, and export stays at the minimal complete set of calls. The org has
// 50 generated apps, 1 of them (2%) provisioned; the test-only kinds stand
// for app features (gated on the app's features[]) and provisioning
// connections (one per app, ungated). Okta answers 400 to a features list
// of an app without provisioning, so an ungated reader would fail, not just
// spend calls.
func TestGatedChildListsStayInBudget(t *testing.T) {
	reg, err := testkinds.EngBRegistry()
	if err != nil {
		t.Fatal(err)
	}
	o := newOrg(t, sandbox.Options{Generate: map[string]int{"apps": 50}, Seed: 3})
	ctx := context.Background()

	apps, err := Read(ctx, o.client, reg, Options{Kinds: []string{"apps"}})
	if err != nil {
		t.Fatal(err)
	}
	var provisioned []*model.Object
	for _, app := range apps.Snapshot.ByKind("apps") {
		if app.Role == "" && len(provisioned) == 0 {
			provisioned = append(provisioned, app)
		}
	}
	for _, app := range provisioned {
		base := "/api/v1/apps/" + app.Live.ID + "/test-connections/default"
		for _, req := range []okta.Request{
			{Method: http.MethodPost, Path: base, Body: map[string]any{"baseUrl": "https://scim.example.com/v2",
				"profile": map[string]any{"authScheme": "TOKEN", "token": "t0k3n"}}},
			{Method: http.MethodPost, Path: base + "/lifecycle/activate"},
		} {
			if _, err := o.client.Do(ctx, req); err != nil {
				t.Fatalf("provisioning %s: %v", app.Path, err)
			}
		}
	}

	before := o.srv.Stats().Endpoints
	res, err := Read(ctx, o.client, reg, Options{Kinds: []string{"test-app-features", "test-app-connections"}})
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	after := o.srv.Stats().Endpoints
	calls := func(pattern string) int { return after[pattern] - before[pattern] }

	nApps := len(res.Snapshot.ByKind("apps"))
	if got := calls("GET /api/v1/apps/{appId}/test-features"); got != len(provisioned) {
		t.Errorf("feature lists: %d calls for %d provisioned apps of %d; the gate should call only those", got, len(provisioned), nApps)
	}
	if got := calls("GET /api/v1/apps/{appId}/test-connections/default"); got != nApps {
		t.Errorf("connection reads: %d calls for %d apps (ungated: one each)", got, nApps)
	}
	feats := res.Snapshot.ByKind("test-app-features")
	if len(feats) != 2 {
		t.Fatalf("exported %d app features, want the provisioned app's 2", len(feats))
	}
	for _, f := range feats {
		if p, _ := res.Snapshot.Parent(f); p.Path != provisioned[0].Path {
			t.Errorf("%s is not under the provisioned app %s", f.Path, provisioned[0].Path)
		}
	}

	// The minimal complete set in the apps bucket: the apps pages, one
	// connection per app, one feature list per provisioned app. (Export
	// also reads, in other buckets, the kinds apps refer to.)
	total := 0
	for pattern, n := range after {
		if d := n - before[pattern]; d > 0 && strings.HasPrefix(pattern, "GET /api/v1/apps") {
			total += d
		}
	}
	appPages := (nApps + 199) / 200
	if want := appPages + nApps + len(provisioned); total != want {
		t.Errorf("export made %d calls in the apps bucket, want the minimal %d (%d app pages, %d connections, %d feature lists)",
			total, want, appPages, nApps, len(provisioned))
	}
}
