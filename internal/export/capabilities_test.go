package export

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/sandbox"
	sbtestkinds "github.com/oktasync/oktasync/internal/sandbox/testkinds"
	"github.com/oktasync/oktasync/internal/tree"
)

// call sends one request to the sandbox and decodes its answer.
func (o *org) call(t *testing.T, method, path string, body any) map[string]any {
	t.Helper()
	resp, err := o.client.Do(context.Background(), okta.Request{Method: method, Path: path, Body: body})
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	if len(resp.Body) == 0 {
		return nil
	}
	var out map[string]any
	if err := json.Unmarshal(resp.Body, &out); err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return out
}

// TestExportCapabilities: item sets are read from their own endpoints and
// written inline, sorted, with each item's live ID kept out of the file;
// ORNs are written with the org's parts as tokens and IDs as references;
// users are written by login, with one lookup per distinct user; IAM lists
// page through the body's _links.next.
func TestExportCapabilities(t *testing.T) {
	ctx := context.Background()
	reg, err := sbtestkinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	o := newOrg(t, sandbox.Options{})
	orgID := o.call(t, "GET", "/.well-known/okta-organization", nil)["id"].(string)
	eng := o.call(t, "POST", "/api/v1/groups", map[string]any{"profile": map[string]any{"name": "Engineering"}})["id"].(string)
	platform := o.call(t, "POST", "/api/v1/groups", map[string]any{"profile": map[string]any{"name": "Platform"}})["id"].(string)
	alice := sbtestkinds.AddUser(o.srv, "alice@example.com")
	bob := sbtestkinds.AddUser(o.srv, "bob@example.com")
	const gone = "00u1abcdEFGH2345ijk7" // a user the org no longer has
	for i, exclude := range [][]string{{bob, alice}, {alice, gone}} {
		o.call(t, "POST", "/api/v1/groups/rules", map[string]any{
			"type": "group_rule", "name": fmt.Sprintf("Rule %d", i),
			"conditions": map[string]any{"expression": map[string]any{"type": "urn:okta:expression:1.0", "value": "true"},
				"people": map[string]any{"users": map[string]any{"exclude": exclude}}},
			"actions": map[string]any{"assignUserToGroups": map[string]any{"groupIds": []any{eng}}},
		})
	}
	// More roles than a page holds (20): the list pages by _links.next.
	for i := 0; i < 23; i++ {
		o.call(t, "POST", sbtestkinds.IAMBase+"/roles", map[string]any{"label": fmt.Sprintf("Role %02d", i), "description": "d", "permissions": []any{"okta.users.read"}})
	}
	o.call(t, "POST", sbtestkinds.IAMBase+"/roles", map[string]any{"label": "Helpdesk", "description": "Resets passwords",
		"permissions": []any{"okta.users.read", "okta.groups.read"}})
	cond := map[string]any{"exclude": map[string]any{"okta:ResourceAttribute/User/Profile": []any{"okta:user/profile/salary"}}}
	o.call(t, "PUT", sbtestkinds.IAMBase+"/roles/Helpdesk/permissions/okta.users.read", map[string]any{"conditions": cond})
	o.call(t, "POST", sbtestkinds.IAMBase+"/resource-sets", map[string]any{"label": "Support", "description": "d", "resources": []any{
		"orn:okta:directory:" + orgID + ":users",
		o.url + "/api/v1/groups/" + platform, // a REST URL: kept as an ORN
	}})
	ua := o.call(t, "POST", "/api/v1/groups/"+eng+"/testkinds/roles", map[string]any{"type": "USER_ADMIN"})
	if ua["id"] != "KVJUKUS7IFCE2SKO" {
		t.Errorf("USER_ADMIN assignment id %v, want the base32 of its type as recorded", ua["id"])
	}
	o.call(t, "PUT", "/api/v1/groups/"+eng+"/testkinds/roles"+"/KVJUKUS7IFCE2SKO/targets/groups/"+platform, nil)
	before := o.srv.Stats().Endpoints

	res, err := Read(ctx, o.client, reg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Snapshot
	body := func(path, field string) any {
		t.Helper()
		obj, ok := s.Get(path)
		if !ok {
			t.Fatalf("%s not exported", path)
		}
		v, _ := model.Lookup(obj.Body, field)
		return v
	}
	want := map[string]any{
		"test-roles/helpdesk permissions": []any{
			map[string]any{"label": "okta.groups.read", "conditions": nil},
			map[string]any{"label": "okta.users.read", "conditions": cond},
		},
		"test-resource-sets/support resources": []any{
			"orn:${org:partition}:directory:${org:id}:groups:${ref:groups/platform}",
			"orn:${org:partition}:directory:${org:id}:users",
		},
		"groups/engineering/testkinds-roles/user-admin targets": []any{"${ref:groups/platform}"},
		"group-rules/rule-0 conditions.people.users.exclude":    []any{"${user:alice@example.com}", "${user:bob@example.com}"},
		"group-rules/rule-1 conditions.people.users.exclude":    []any{"${user:alice@example.com}", gone},
	}
	for k, w := range want {
		path, field, _ := strings.Cut(k, " ")
		if diff := cmp.Diff(w, body(path, field)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", k, diff)
		}
	}
	if n := len(s.ByKind(sbtestkinds.TestRoles)); n != 24 {
		t.Errorf("%d roles exported, want 24 (two pages)", n)
	}
	// Live IDs of items are kept, by the item's key in file form, and
	// never written.
	support, _ := s.Get("test-resource-sets/support")
	ids := support.Live.Items["resources"]
	if len(ids) != 2 || !strings.HasPrefix(ids["orn:${org:partition}:directory:${org:id}:users"], "ire") {
		t.Errorf("live item IDs %v", ids)
	}
	helpdesk, _ := s.Get("test-roles/helpdesk")
	if got := helpdesk.Live.Items["permissions"]["okta.users.read"]; got != "okta.users.read" {
		t.Errorf("a permission's live ID is its type; got %q", got)
	}
	dir := t.TempDir()
	if _, err := tree.Write(dir, s); err != nil {
		t.Fatal(err)
	}
	orgSpecific := []string{orgID, alice, bob, o.url}
	for _, id := range ids {
		orgSpecific = append(orgSpecific, id)
	}
	for f, content := range readFiles(t, dir) {
		for _, v := range orgSpecific {
			if strings.Contains(content, v) {
				t.Errorf("%s holds the org-specific %s:\n%s", f, v, content)
			}
		}
	}
	back, problems := tree.Read(dir, reg)
	problems = append(problems, tree.Validate(back, reg)...)
	var warned bool
	for _, p := range problems {
		switch {
		case p.Severity == model.SeverityError:
			t.Errorf("the export does not validate: %s", p)
		case strings.Contains(p.Message, gone):
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning about the user ID left in the file: %v", problems)
	}
	var exportWarned bool
	for _, w := range res.Warnings {
		exportWarned = exportWarned || strings.Contains(w.Message, "user "+gone+" was not found")
	}
	if !exportWarned {
		t.Errorf("export did not warn about the missing user: %v", res.Warnings)
	}
	// One lookup per distinct user: alice, bob, the missing one, and the
	// administrator, who is both of the org's contacts.
	after := o.srv.Stats().Endpoints
	if n := after["GET /api/v1/users/{userId}"] - before["GET /api/v1/users/{userId}"]; n != 4 {
		t.Errorf("%d user lookups, want 4 (one per distinct user)", n)
	}
}

// forbiddenUsers answers every request with 403, as Okta does for a token
// without the users' read scope.
type forbiddenUsers struct{}

func (forbiddenUsers) List(context.Context, string, url.Values, int, func([]json.RawMessage) error) error {
	return nil
}

func (forbiddenUsers) Do(_ context.Context, req okta.Request) (*okta.Response, error) {
	return nil, &okta.APIError{Method: req.Method, Path: req.Path, Status: 403, ErrorCode: "E0000006", ErrorSummary: "You do not have permission"}
}

// TestUsersForbidden: credentials that may not read users do not break an
// export: the users stay IDs, with one warning naming the scope to grant.
func TestUsersForbidden(t *testing.T) {
	reg := registry(t)
	k, _ := reg.Kind("group-rules")
	fetched := map[string][]*raw{k.Name: {{kind: k, body: map[string]any{"name": "R",
		"conditions": map[string]any{"people": map[string]any{"users": map[string]any{"exclude": []any{"00u1abcdEFGH2345ijk7"}}}}}}}}
	logins, warnings, err := lookUpUsers(context.Background(), forbiddenUsers{}, reg, []*model.Kind{k}, fetched)
	if err != nil || len(logins) != 0 {
		t.Fatalf("logins %v, err %v", logins, err)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0].Message, "grant okta.users.read to write them by login") {
		t.Errorf("warnings %v", warnings)
	}
}
