package conformance

import (
	"context"
	"net/http"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestConformanceGroupsSDK drives groups and group rules with the official
// SDK: CRUD, paging with a small limit, error codes and the group-rule
// lifecycle preconditions.
func TestConformanceGroupsSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()

	var ids []string
	for _, name := range []string{"alpha", "beta", "gamma", "delta", "epsilon"} {
		g, _, err := api.GroupAPI.CreateGroup(ctx).Group(okta.Group{Profile: &okta.GroupProfile{Name: okta.PtrString(name)}}).Execute()
		if err != nil {
			t.Fatalf("AddGroup %s: %v", name, err)
		}
		ids = append(ids, g.GetId())
	}

	// Duplicate names are refused with E0000001.
	_, resp, err := api.GroupAPI.CreateGroup(ctx).Group(okta.Group{Profile: &okta.GroupProfile{Name: okta.PtrString("alpha")}}).Execute()
	if code := sdkErrorCode(err); resp == nil || resp.StatusCode != http.StatusBadRequest || code != "E0000001" {
		t.Fatalf("duplicate group: status %v code %q err %v", statusOf(resp), code, err)
	}

	// Paging with limit 2 through the SDK's Link-following.
	groups, resp, err := api.GroupAPI.ListGroups(ctx).Limit(2).Execute()
	if err != nil {
		t.Fatal(err)
	}
	seen := len(groups)
	for resp.HasNextPage() {
		var next []okta.Group
		if resp, err = resp.Next(&next); err != nil {
			t.Fatal(err)
		}
		if len(next) > 2 {
			t.Fatalf("page of %d items with limit 2", len(next))
		}
		seen += len(next)
	}
	if want := 2 + 5; seen != want { // Everyone, Okta Administrators + 5
		t.Fatalf("paged through %d groups, want %d", seen, want)
	}

	// Rules: created INACTIVE, editable only while INACTIVE.
	rule, _, err := api.GroupAPI.CreateGroupRule(ctx).GroupRule(okta.GroupRule{
		Name: okta.PtrString("eng"),
		Type: okta.PtrString("group_rule"),
		Conditions: &okta.GroupRuleConditions{Expression: &okta.GroupRuleExpression{
			Type: okta.PtrString("urn:okta:expression:1.0"), Value: okta.PtrString(`isMemberOfAnyGroup("` + ids[0] + `")`)}},
		Actions: &okta.GroupRuleAction{AssignUserToGroups: &okta.GroupRuleGroupAssignment{GroupIds: []string{ids[1]}}},
	}).Execute()
	if err != nil {
		t.Fatalf("CreateGroupRule: %v", err)
	}
	if rule.GetStatus() != "INACTIVE" {
		t.Fatalf("new rule status %q, want INACTIVE", rule.GetStatus())
	}
	if _, err := api.GroupAPI.ActivateGroupRule(ctx, rule.GetId()).Execute(); err != nil {
		t.Fatalf("ActivateGroupRule: %v", err)
	}
	rule.Name = okta.PtrString("eng renamed")
	_, resp, err = api.GroupAPI.ReplaceGroupRule(ctx, rule.GetId()).GroupRule(okta.GroupRule{
		Name: rule.Name, Type: rule.Type, Conditions: rule.Conditions, Actions: rule.Actions,
	}).Execute()
	if resp == nil || resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("update of ACTIVE rule: status %v err %v, want 400", statusOf(resp), err)
	}
	if _, err := api.GroupAPI.DeactivateGroupRule(ctx, rule.GetId()).Execute(); err != nil {
		t.Fatal(err)
	}
	got, _, err := api.GroupAPI.ReplaceGroupRule(ctx, rule.GetId()).GroupRule(okta.GroupRule{
		Name: rule.Name, Type: rule.Type, Conditions: rule.Conditions, Actions: rule.Actions,
	}).Execute()
	if err != nil || got.GetName() != "eng renamed" {
		t.Fatalf("update of INACTIVE rule: %v name %q", err, got.GetName())
	}

	// Update, delete, 404 after delete.
	g, _, err := api.GroupAPI.ReplaceGroup(ctx, ids[2]).Group(okta.Group{Profile: &okta.GroupProfile{
		Name: okta.PtrString("gamma"), Description: okta.PtrString("third")}}).Execute()
	if err != nil || g.Profile.GetDescription() != "third" {
		t.Fatalf("ReplaceGroup: %v", err)
	}
	if _, err := api.GroupAPI.DeleteGroup(ctx, ids[2]).Execute(); err != nil {
		t.Fatal(err)
	}
	_, resp, err = api.GroupAPI.GetGroup(ctx, ids[2]).Execute()
	if code := sdkErrorCode(err); statusOf(resp) != http.StatusNotFound || code != "E0000007" {
		t.Fatalf("get deleted group: status %v code %q", statusOf(resp), code)
	}

	// BUILT_IN groups can't be deleted.
	everyone, _, err := api.GroupAPI.ListGroups(ctx).Q("Everyone").Execute()
	if err != nil || len(everyone) != 1 {
		t.Fatalf("find Everyone: %v %d", err, len(everyone))
	}
	resp, err = api.GroupAPI.DeleteGroup(ctx, everyone[0].GetId()).Execute()
	if statusOf(resp) != http.StatusForbidden || sdkErrorCode(err) != "E0000006" {
		t.Fatalf("delete Everyone: status %v code %q", statusOf(resp), sdkErrorCode(err))
	}

	// A bad token is E0000011.
	bad := *o
	bad.Token = "wrong"
	_, resp, err = bad.sdk(t).GroupAPI.ListGroups(ctx).Execute()
	if statusOf(resp) != http.StatusUnauthorized || sdkErrorCode(err) != "E0000011" {
		t.Fatalf("bad token: status %v code %q", statusOf(resp), sdkErrorCode(err))
	}
}

// TestConformanceRateLimitSDK: the official SDK bursts past a bucket's
// limit; the sandbox answers 429 E0000047 with the headers the SDK needs
// (X-Rate-Limit-Reset and Date), the SDK waits for the reset and every call
// eventually succeeds.
func TestConformanceRateLimitSDK(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for rate-limit windows")
	}
	// Developer tier: 100 requests per window on /api/v1/groups; windows
	// of three seconds. 250 calls take well under one window even under
	// the race detector, so they cross at most one window boundary and
	// some window must see more than 100.
	o := newConformanceOrg(t, sandbox.Options{Tier: sandbox.TierDeveloper, RateScale: 20})
	api := o.sdk(t)
	ctx := context.Background()
	const calls = 250
	for i := 0; i < calls; i++ {
		if _, _, err := api.GroupAPI.ListGroups(ctx).Limit(1).Execute(); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	st := o.Srv.Stats()
	if st.Buckets[groupsBucket].RateLimited == 0 {
		t.Fatalf("no 429 seen in a burst of %d calls against a limit of 100: %+v", calls, st.Buckets[groupsBucket])
	}
	if st.Buckets[groupsBucket].Requests != calls {
		t.Fatalf("admitted %d requests, want all %d after the SDK's retries", st.Buckets[groupsBucket].Requests, calls)
	}
}

// TestGroupRuleInvalid: a rule whose group is deleted turns INVALID; it
// can still be deactivated (204, recorded in
// TestAccResourceOktaGroupRule_invalidHandle#22) but not activated, and it
// carries both exclude lists, empty by default, as every recorded rule.
func TestGroupRuleInvalid(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	_, _, g := ahbCall(t, o, "POST", "/api/v1/groups", map[string]any{"profile": map[string]any{"name": "target"}})
	gid := engine.Str(ahbObj(t, g), "id")
	st, _, r := ahbCall(t, o, "POST", "/api/v1/groups/rules", map[string]any{"name": "r", "type": "group_rule",
		"conditions": map[string]any{"expression": map[string]any{"value": `user.department=="x"`}, "people": map[string]any{"users": map[string]any{}}},
		"actions":    map[string]any{"assignUserToGroups": map[string]any{"groupIds": []any{gid}}}})
	rule := ahbObj(t, r)
	if st != http.StatusOK || engine.At(rule, "conditions.people.users.exclude") == nil || engine.At(rule, "conditions.people.groups.exclude") == nil {
		t.Fatalf("rule: %d %v", st, rule)
	}
	id := engine.Str(rule, "id")
	ahbCall(t, o, "POST", "/api/v1/groups/rules/"+id+"/lifecycle/activate", nil)
	if st, _, _ := ahbCall(t, o, "DELETE", "/api/v1/groups/"+gid, nil); st != http.StatusNoContent {
		t.Fatalf("delete group: %d", st)
	}
	_, _, r = ahbCall(t, o, "GET", "/api/v1/groups/rules/"+id, nil)
	if s := engine.Str(ahbObj(t, r), "status"); s != "INVALID" {
		t.Fatalf("status after the group went: %s", s)
	}
	if st, _, v := ahbCall(t, o, "POST", "/api/v1/groups/rules/"+id+"/lifecycle/deactivate", nil); st != http.StatusNoContent {
		t.Fatalf("deactivate an INVALID rule: %d %v", st, v)
	}
	// The spec lists no 400 for activateGroupRule; the refusal is read
	// without the spec check.
	st, v := ahbRaw(t, o, "POST", "/api/v1/groups/rules/"+id+"/lifecycle/activate", nil)
	ahbWantError(t, "activate a rule whose group is gone", st, v, http.StatusBadRequest, "E0000001")
}
