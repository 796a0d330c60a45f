package apply

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
	testkinds "github.com/oktasync/oktasync/internal/sandbox/testkinds"
)

// TestItemRequests pins the requests of item steps, from the descriptor:
// a per-item POST with the item without its key as body, {item} escaped
// into the path; a per-item update; a remove by the live ID; a remove of
// an item already gone; and an add whose answer was lost, which is looked
// up before it is sent again.
func TestItemRequests(t *testing.T) {
	reg := capRegistry(t)
	role := func(a plan.Action, it plan.ItemChange) plan.Step {
		return plan.Step{ID: "r:" + a.String(), Action: a, Kind: testkinds.TestRoles, Path: "test-roles/r",
			Live: &plan.LiveRef{ID: "cr0ROLEROLEROLEROLE1"}, Items: []plan.ItemChange{it}, DependsOn: []string{}}
	}
	cond := map[string]any{"exclude": map[string]any{"x": []any{"y"}}}
	steps := []plan.Step{
		role(plan.ActionAddItem, plan.ItemChange{Set: "permissions", Key: "okta.users.read", Item: map[string]any{"label": "okta.users.read", "conditions": cond}}),
		role(plan.ActionUpdateItem, plan.ItemChange{Set: "permissions", Key: "a/b", Item: map[string]any{"label": "a/b"}, LiveID: "a/b"}),
		role(plan.ActionRemoveItem, plan.ItemChange{Set: "permissions", Key: "okta.apps.read", LiveID: "okta.apps.read"}),
	}
	c := &fakeClient{do: func(req okta.Request) (*okta.Response, error) {
		if req.Method == "DELETE" {
			return nil, apiError(req.Method, req.Path, 404, "E0000007")
		}
		return jsonResponse(200, map[string]any{})
	}}
	rep := Execute(context.Background(), &plan.Plan{FormatVersion: plan.FormatVersion, Steps: steps}, c, reg, Options{Parallelism: 1})
	if rep.HasFailures() {
		t.Fatalf("failures:%s", failures(rep))
	}
	base := testkinds.IAMBase + "/roles/cr0ROLEROLEROLEROLE1/permissions/"
	want := []string{"POST " + base + "okta.users.read", "PUT " + base + "a%2Fb", "DELETE " + base + "okta.apps.read"}
	if diff := cmp.Diff(want, c.requests); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{`{"conditions":{"exclude":{"x":["y"]}}}`, "", ""}, c.bodies); diff != "" {
		t.Errorf("bodies (-want +got):\n%s", diff)
	}
	if rep.Steps[2].Reason != "already gone" {
		t.Errorf("the remove of a gone item: %q", rep.Steps[2].Reason)
	}

	// A POST add whose answer is lost (503): before sending it again, the
	// set is listed; the permission is there, so nothing is sent twice.
	posts := 0
	c = &fakeClient{do: func(req okta.Request) (*okta.Response, error) {
		switch {
		case req.Method == "POST":
			posts++
			return nil, apiError(req.Method, req.Path, 503, "")
		case req.Method == "GET" && strings.HasSuffix(req.Path, "/permissions"):
			return jsonResponse(200, map[string]any{"permissions": []any{map[string]any{"label": "okta.users.read", "created": "t"}}})
		}
		return jsonResponse(200, map[string]any{})
	}}
	rep = Execute(context.Background(), &plan.Plan{FormatVersion: plan.FormatVersion, Steps: steps[:1]}, c, reg,
		Options{Parallelism: 1, RetryDelay: time.Millisecond})
	if rep.HasFailures() || posts != 1 || !strings.Contains(rep.Steps[0].Reason, "holds the item already") {
		t.Errorf("posts %d, report %+v, requests %v", posts, rep.Steps[0], c.requests)
	}

	// A remove without the live ID it needs fails, and says so.
	noID := role(plan.ActionRemoveItem, plan.ItemChange{Set: "permissions", Key: "okta.apps.read"})
	rep = Execute(context.Background(), &plan.Plan{FormatVersion: plan.FormatVersion, Steps: []plan.Step{noID}}, &fakeClient{}, reg, Options{})
	if !rep.HasFailures() || !strings.Contains(rep.Steps[0].Error.Message, "which live item of permissions is okta.apps.read") {
		t.Errorf("remove without ID: %+v", rep.Steps[0])
	}
}

func TestFillItem(t *testing.T) {
	set := model.ItemSet{Field: "targets", Key: "name"}
	item := map[string]any{"name": "sales force", "app": map[string]any{"id": "0oa1"}}
	got, err := fillItem("/x/{item}/{item.app.id}/{itemId}", set, item, "ire 1")
	if err != nil || got != "/x/sales%20force/0oa1/ire%201" {
		t.Errorf("fillItem = %q, %v", got, err)
	}
	if _, err := fillItem("/x/{item.missing}", set, item, ""); err == nil {
		t.Error("a missing item field filled nothing, without an error")
	}
}

// TestFillItemPath: the items of a set whose items are paths (an app
// target "<OIN name>/<app id>") fill {item} and {itemId} segment by
// segment; a segment that would climb or vanish is refused.
func TestFillItemPath(t *testing.T) {
	set := model.ItemSet{Field: "targets.apps", KeyIsPath: true}
	tests := []struct {
		item, liveID, want, err string
	}{
		{"template_swa/0oa1", "", "/t/template_swa/0oa1", ""},
		{"salesforce", "", "/t/salesforce", ""},
		{"a b/0oa 1", "", "/t/a%20b/0oa%201", ""},
		{"../groups", "", "", "not a path of names"},
		{"x//y", "", "", "not a path of names"},
	}
	for _, tt := range tests {
		got, err := fillItem("/t/{item}", set, tt.item, tt.liveID)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("fillItem(%q) = %q, %v; want an error %q", tt.item, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("fillItem(%q) = %q, %v; want %q", tt.item, got, err, tt.want)
		}
	}
	if got, err := fillItem("/t/{itemId}", set, nil, "oidc_client/0oa2"); err != nil || got != "/t/oidc_client/0oa2" {
		t.Errorf("fillItem({itemId}) = %q, %v", got, err)
	}
	if got, err := fillItem("/t/{item}", model.ItemSet{Field: "x"}, "a/b", ""); err != nil || got != "/t/a%2Fb" {
		t.Errorf("a scalar item that is not a path is one segment: %q, %v", got, err)
	}
}
