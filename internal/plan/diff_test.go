package plan

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
)

// TestDiffSemantics pins the field rules of DESIGN.md (Plan): absent is
// unmanaged, null clears, lists are whole, sets ignore order, secrets are
// unknown, null and absent are the same in the current state.
func TestDiffSemantics(t *testing.T) {
	reg := newRegistry(t)
	type change struct {
		Path   string
		Op     ChangeOp
		Before any
		After  any
	}
	tests := []struct {
		name             string
		desired, current string // extra fields of an apps body
		want             []change
	}{
		{"absent field is unmanaged", `{}`, `{"visibility":{"hide":{"web":true}}}`, nil},
		{"absent nested field is unmanaged", `{"visibility":{"autoLaunch":false}}`, `{"visibility":{"autoLaunch":false,"hide":{"web":true}}}`, nil},
		{"null clears a value", `{"accessibility":{"errorRedirectUrl":null}}`, `{"accessibility":{"errorRedirectUrl":"https://x"}}`,
			[]change{{"/accessibility/errorRedirectUrl", OpClear, "https://x", nil}}},
		{"null against absent is no change", `{"accessibility":{"errorRedirectUrl":null}}`, `{}`, nil},
		{"null against null is no change", `{"accessibility":{"errorRedirectUrl":null}}`, `{"accessibility":{"errorRedirectUrl":null}}`, nil},
		{"a value against current null is an add", `{"notes":"x"}`, `{"notes":null}`, []change{{"/notes", OpAdd, nil, "x"}}},
		{"a new nested object lists its fields", `{"accessibility":{"selfService":true,"x":null}}`, `{}`,
			[]change{{"/accessibility/selfService", OpAdd, nil, true}}},
		{"an empty desired object manages nothing", `{"accessibility":{}}`, `{"accessibility":{"selfService":true}}`, nil},
		{"a list is managed whole", `{"settings":{"oauthClient":{"response_types_x":["a"]}}}`, `{"settings":{"oauthClient":{"response_types_x":["a","b"]}}}`,
			[]change{{"/settings/oauthClient/response_types_x", OpModify, []any{"a", "b"}, []any{"a"}}}},
		{"list order matters outside sets", `{"x":["a","b"]}`, `{"x":["b","a"]}`,
			[]change{{"/x", OpModify, []any{"b", "a"}, []any{"a", "b"}}}},
		{"set order does not matter", `{"settings":{"oauthClient":{"redirect_uris":["https://a","https://b"]}}}`,
			`{"settings":{"oauthClient":{"redirect_uris":["https://b","https://a"]}}}`, nil},
		{"set multiplicity matters", `{"settings":{"oauthClient":{"grant_types":["a","a"]}}}`, `{"settings":{"oauthClient":{"grant_types":["a","b"]}}}`,
			[]change{{"/settings/oauthClient/grant_types", OpModify, []any{"a", "b"}, []any{"a", "a"}}}},
		{"null and absent are equal inside list elements", `{"x":[{"a":1,"b":null}]}`, `{"x":[{"a":1}]}`, nil},
		{"an extra key in a current list element is a change", `{"x":[{"a":1}]}`, `{"x":[{"a":1,"b":2}]}`,
			[]change{{"/x", OpModify, []any{map[string]any{"a": json.Number("1"), "b": json.Number("2")}}, []any{map[string]any{"a": json.Number("1")}}}}},
		{"numbers compare by value", `{"n":1.50,"big":123456789012345678901234567890}`, `{"n":1.5,"big":123456789012345678901234567890}`, nil},
		{"big integers are not rounded", `{"big":123456789012345678901234567891}`, `{"big":123456789012345678901234567890}`,
			[]change{{"/big", OpModify, json.Number("123456789012345678901234567890"), json.Number("123456789012345678901234567891")}}},
		{"a string equals a number with the same text", `{"n":"120"}`, `{"n":120}`, nil},
		{"a string equals a boolean with the same text", `{"b":"true"}`, `{"b":true}`, nil},
		{"a secret placeholder is never a change", `{"credentials":{"password":{"value":"${secret:P}"}}}`, `{"credentials":{"password":{"value":"other"}}}`, nil},
		{"a secret placeholder against absent is no change", `{"credentials":{"password":{"value":"${secret:P}"}}}`, `{}`, nil},
		{"a secret inside text is unknown too", `{"h":["Bearer ${secret:T}"]}`, `{"h":["Bearer abc"]}`, nil},
		{"clearing a secret masks the old value", `{"credentials":{"password":{"value":null}}}`, `{"credentials":{"password":{"value":"hunter2"}}}`,
			[]change{{"/credentials/password/value", OpClear, Mask, nil}}},
		{"status is not a field change", `{"status":"INACTIVE"}`, `{"status":"ACTIVE"}`, nil},
		{"read-only fields are ignored", `{"id":"0oa1","_links":{"x":1}}`, `{}`, nil},
		{"a type change replaces the value", `{"p":{"a":1}}`, `{"p":"legacy"}`, []change{{"/p", OpModify, "legacy", map[string]any{"a": json.Number("1")}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := mustJSON(t, tc.desired)
			c := mustJSON(t, tc.current)
			d["label"], d["signOnMode"] = "Portal", "OPENID_CONNECT"
			c["label"], c["signOnMode"] = "Portal", "OPENID_CONNECT"
			ki := newKindInfo(mustKind(t, reg, "apps"), 0)
			df := &differ{ki: ki}
			df.diff(d, d, c)
			var got []change
			for _, ch := range append(df.changes, df.changes2...) {
				got = append(got, change{ch.Path, ch.Op, ch.Before, ch.After})
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRefsCompareByMatchedObject checks that references compare by the
// object they name: the desired tree may spell a path differently from the
// current one, as long as both name objects that matched.
func TestRefsCompareByMatchedObject(t *testing.T) {
	reg := newRegistry(t)
	desired := []obj{
		{kind: "groups", path: "groups/eng", body: `{"profile":{"name":"Engineering"}}`},
		{kind: "apps", path: "apps/portal", body: `{"label":"Portal","signOnMode":"BOOKMARK"}`},
		// The assignment's identity is a reference: it matches the current
		// assignment at another path.
		{kind: "app-group-assignments", path: "apps/portal/groups/eng", body: `{"id":"${ref:groups/eng}","priority":0}`},
		{kind: "group-rules", path: "group-rules/r", body: `{"name":"R","actions":{"assignUserToGroups":{"groupIds":["${ref:groups/eng}"]}},
			"conditions":{"expression":{"value":"isMemberOfAnyGroup(\"${ref:groups/eng}\")"}}}`},
	}
	current := []obj{
		{kind: "groups", path: "groups/engineering", body: `{"profile":{"name":"Engineering"}}`},
		{kind: "apps", path: "apps/portal", body: `{"label":"Portal","signOnMode":"BOOKMARK"}`},
		{kind: "app-group-assignments", path: "apps/portal/groups/engineering", body: `{"id":"${ref:groups/engineering}","priority":0}`},
		{kind: "group-rules", path: "group-rules/r", body: `{"name":"R","actions":{"assignUserToGroups":{"groupIds":["${ref:groups/engineering}"]}},
			"conditions":{"expression":{"value":"isMemberOfAnyGroup(\"${ref:groups/engineering}\")"}}}`},
	}
	p := mustCompute(t, reg, desired, current, Options{})
	if !p.Empty() {
		t.Errorf("plan is not empty: %+v", p.Steps)
	}

	// Pointing at another existing object is a change, shown in each
	// side's own terms.
	desired[3].body = `{"name":"R","actions":{"assignUserToGroups":{"groupIds":["${ref:groups/eng}"]}},
		"conditions":{"expression":{"value":"isMemberOfAnyGroup(\"${ref:groups/ops}\")"}}}`
	desired = append(desired, obj{kind: "groups", path: "groups/ops", body: `{"profile":{"name":"Ops"}}`})
	current = append(current, obj{kind: "groups", path: "groups/operations", body: `{"profile":{"name":"Ops"}}`})
	p = mustCompute(t, reg, desired, current, Options{})
	var changes []Change
	for _, s := range p.Steps {
		changes = append(changes, s.Changes...)
	}
	want := []Change{{Path: "/conditions/expression/value", Op: OpModify,
		Before: `isMemberOfAnyGroup("${ref:groups/engineering}")`, After: `isMemberOfAnyGroup("${ref:groups/ops}")`}}
	if diff := cmp.Diff(want, changes); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	if got := p.Targets["groups/ops"].CurrentPath; got != "groups/operations" {
		t.Errorf("target groups/ops = %q, want groups/operations", got)
	}
}

// TestTargetFieldRename: a reference that stands for a target's name (a
// scope) must be sent again when the target is renamed, although the
// reference itself is unchanged.
func TestTargetFieldRename(t *testing.T) {
	reg := newRegistry(t)
	server := obj{kind: "authorization-servers", path: "authorization-servers/api", body: `{"name":"api","audiences":["api://x"]}`}
	claim := obj{kind: "auth-server-claims", path: "authorization-servers/api/claims/resource/tier", body: `{"name":"tier","claimType":"RESOURCE",
		"conditions":{"scopes":["${ref:authorization-servers/api/scopes/read}"]}}`}
	p := mustCompute(t, reg,
		[]obj{server, claim, {kind: "auth-server-scopes", path: "authorization-servers/api/scopes/read", body: `{"name":"api:read"}`}},
		[]obj{server, claim, {kind: "auth-server-scopes", path: "authorization-servers/api/scopes/read", body: `{"name":"read"}`}},
		Options{})
	var ids []string
	for _, s := range p.Steps {
		ids = append(ids, s.ID)
	}
	want := []string{"authorization-servers/api/scopes/read:update", "authorization-servers/api/claims/resource/tier:update"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Fatalf("steps (-want +got):\n%s", diff)
	}
	if n := p.Steps[1].Changes[0].Note; n == "" {
		t.Error("the claim's change has no note explaining it")
	}
}

func TestVarsResolve(t *testing.T) {
	reg := newRegistry(t)
	desired := []obj{{kind: "idps", path: "idps/p", body: `{"name":"P","type":"OIDC","protocol":{"type":"OIDC"},
		"policy":{"maxClockSkew":"${var:SKEW}","x":"${var:ON}"},"issuer":"https://${var:HOST}/$${ref:not-a-ref}"}`}}
	p := mustCompute(t, reg, desired, nil, Options{Vars: map[string]string{"SKEW": "120000", "ON": "true", "HOST": "a${ref:x}"}})
	body := p.Steps[0].Body
	policy := body["policy"].(map[string]any)
	if policy["maxClockSkew"] != json.Number("120000") || policy["x"] != true {
		t.Errorf("whole-value vars are not typed: %#v", policy)
	}
	// The value is escaped, so it never becomes a reference; the file's own
	// escape is kept.
	if got, want := body["issuer"], "https://a$${ref:x}/$${ref:not-a-ref}"; got != want {
		t.Errorf("issuer = %q, want %q", got, want)
	}
}

func mustKind(t testing.TB, reg *model.Registry, name string) *model.Kind {
	t.Helper()
	k, ok := reg.Kind(name)
	if !ok {
		t.Fatalf("no kind %s", name)
	}
	return k
}
