package conformance

import (
	"fmt"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
	"github.com/oktasync/oktasync/internal/sandbox/policies"
)

// The Identity Threat Protection policy types every sandbox org has, with
// the rules Okta seeds (VCR TestAccResourceOktaPostAuthSessionPolicyRule_crud,
// TestAccResourceOktaSessionViolationPolicyRule_crud; ENTITY_RISK from the
// v6.1.0 spec). The answers are validated against v6.1.0, which knows these
// types (spec_newer_test.go).
func TestPoliciesRiskSeed(t *testing.T) {
	o := newPolTestOrg(t, sandbox.Options{})
	tests := []struct {
		typ, name string
		rules     []string // name:priority:system
	}{
		{"POST_AUTH_SESSION", "Post Auth Policy", []string{"Post Session Protection Rule:1:false", "Catch-all Rule:99:true"}},
		{"SESSION_VIOLATION_DETECTION", "Session Violation Detection Policy", []string{"Session Violation Policy Risk Rule:1:false", "Catch-all Rule:99:true"}},
		{"ENTITY_RISK", "Entity Risk Policy", []string{"Catch-all Rule:99:true"}},
	}
	for _, tt := range tests {
		items := o.list("/api/v1/policies?type=" + tt.typ)
		if len(items) != 1 {
			t.Fatalf("%s: %d policies, want 1", tt.typ, len(items))
		}
		p := items[0]
		if engine.Str(p, "name") != tt.name || !engine.BoolAt(p, "system") || !strings.HasPrefix(engine.Str(p, "id"), "rst") ||
			p["conditions"] != nil || polTestAllow(p, "self") != "[GET PUT]" || engine.At(p, "_links.mappings") != nil {
			t.Errorf("%s policy: %v", tt.typ, p)
		}
		var got []string
		for _, r := range o.rules(engine.Str(p, "id")) {
			got = append(got, fmt.Sprintf("%s:%v:%v", engine.Str(r, "name"), engine.At(r, "priority"), engine.BoolAt(r, "system")))
			if engine.Str(r, "type") != tt.typ || !strings.HasPrefix(engine.Str(r, "id"), "rul") {
				t.Errorf("%s rule %s: type %s, id %s", tt.typ, engine.Str(r, "name"), engine.Str(r, "type"), engine.Str(r, "id"))
			}
			wantAllow := "[GET PUT DELETE]"
			if engine.BoolAt(r, "system") {
				wantAllow = "[GET PUT]"
				if r["conditions"] != nil {
					t.Errorf("%s catch-all conditions: %v", tt.typ, r["conditions"])
				}
			}
			if polTestAllow(r, "self") != wantAllow {
				t.Errorf("%s rule %s: self allows %s, want %s", tt.typ, engine.Str(r, "name"), polTestAllow(r, "self"), wantAllow)
			}
		}
		if strings.Join(got, ",") != strings.Join(tt.rules, ",") {
			t.Errorf("%s rules: %v, want %v", tt.typ, got, tt.rules)
		}
	}
	// The seeded session protection rule terminates the session; real
	// answers carry slo: null with that action.
	pas := o.list("/api/v1/policies?type=POST_AUTH_SESSION")[0]
	rule := o.rules(engine.Str(pas, "id"))[0]
	acts, _ := engine.At(rule, "actions.postAuthSession.failureActions").([]any)
	if len(acts) != 1 || engine.Str(acts[0].(map[string]any), "action") != "TERMINATE_SESSION" {
		t.Errorf("failureActions: %v", acts)
	} else if v, has := acts[0].(map[string]any)["slo"]; !has || v != nil {
		t.Errorf("TERMINATE_SESSION without slo: null: %v", acts[0])
	}
}

// TestPoliciesRiskLifecycle: the seeded types can't be created, their
// policies accept no extra rules where Okta says so, and the rules take
// the updates the recordings show.
func TestPoliciesRiskLifecycle(t *testing.T) {
	o := newPolTestOrg(t, sandbox.Options{})
	for _, typ := range []string{"POST_AUTH_SESSION", "ENTITY_RISK", "SESSION_VIOLATION_DETECTION"} {
		o.wantError(400, "E0000001", "POST", "/api/v1/policies", engine.Obj{"type": typ, "name": "Another " + typ})
	}
	pas := o.list("/api/v1/policies?type=POST_AUTH_SESSION")[0]
	pasID := engine.Str(pas, "id")
	o.wantError(400, "E0000001", "POST", "/api/v1/policies/"+pasID+"/rules", engine.Obj{"name": "Extra", "type": "POST_AUTH_SESSION"})

	// The system policy can be renamed, never deleted or deactivated.
	upd := o.must(200, "PUT", "/api/v1/policies/"+pasID, engine.Obj{"type": "POST_AUTH_SESSION", "name": "Session protection"})
	if engine.Str(upd, "name") != "Session protection" || upd["conditions"] != nil {
		t.Errorf("policy PUT: %v", upd)
	}
	o.wantError(403, "E0000006", "DELETE", "/api/v1/policies/"+pasID, nil)

	// The seeded rule, as TF sends it (VCR …PostAuthSessionPolicyRule_crud
	// #18): empty people lists come back as users.exclude only.
	rule := o.rules(pasID)[0]
	path := "/api/v1/policies/" + pasID + "/rules/" + engine.Str(rule, "id")
	got := o.must(200, "PUT", path, engine.Obj{"name": "Protect sessions", "type": "POST_AUTH_SESSION",
		"conditions": engine.Obj{"people": engine.Obj{"groups": engine.Obj{"include": []any{}, "exclude": []any{}},
			"users": engine.Obj{"include": []any{}, "exclude": []any{}}}},
		"actions": engine.Obj{"postAuthSession": engine.Obj{"failureActions": []any{
			engine.Obj{"action": "RUN_WORKFLOW", "workflow": engine.Obj{"id": "flo1234567890"}}, engine.Obj{"action": "TERMINATE_SESSION"}}}}})
	if fmt.Sprint(got["conditions"]) != "map[people:map[users:map[exclude:[]]]]" {
		t.Errorf("conditions after PUT: %v", got["conditions"])
	}
	if n := len(engine.At(got, "actions.postAuthSession.failureActions").([]any)); n != 2 {
		t.Errorf("failureActions: %v", engine.At(got, "actions.postAuthSession"))
	}
	o.wantError(400, "E0000001", "PUT", path, engine.Obj{"name": "x", "actions": engine.Obj{"postAuthSession": engine.Obj{
		"failureActions": []any{engine.Obj{"action": "LOG_OUT"}}}}})

	// Session violation detection: the risk rule takes a minimum risk level.
	svd := o.list("/api/v1/policies?type=SESSION_VIOLATION_DETECTION")[0]
	svdRule := o.rules(engine.Str(svd, "id"))[0]
	got = o.must(200, "PUT", "/api/v1/policies/"+engine.Str(svd, "id")+"/rules/"+engine.Str(svdRule, "id"), engine.Obj{
		"name": "High risk re-evaluates", "type": "SESSION_VIOLATION_DETECTION",
		"conditions": engine.Obj{"riskScore": engine.Obj{"minRiskLevel": "HIGH"}},
		"actions":    engine.Obj{"sessionViolationDetection": engine.Obj{"policyEvaluation": engine.Obj{"enabled": true}}}})
	if engine.Str(got, "conditions.network.connection") != "ANYWHERE" || engine.Str(got, "conditions.riskScore.minRiskLevel") != "HIGH" {
		t.Errorf("SVD rule after PUT: %v", got["conditions"])
	}

	// Entity risk: rules may be added; a catch-all stays last.
	er := o.list("/api/v1/policies?type=ENTITY_RISK")[0]
	erID := engine.Str(er, "id")
	g := polTestGroup(o, "Risky users")
	created := o.must(200, "POST", "/api/v1/policies/"+erID+"/rules", engine.Obj{"name": "High risk: end sessions", "type": "ENTITY_RISK",
		"conditions": engine.Obj{"entityRisk": engine.Obj{"level": "HIGH"}, "people": engine.Obj{"groups": engine.Obj{"include": []any{g}}},
			"riskDetectionTypes": engine.Obj{"include": []any{"BRUTE_FORCE_ATTACK"}}},
		"actions": engine.Obj{"entityRisk": engine.Obj{"actions": []any{engine.Obj{"action": "TERMINATE_ALL_SESSIONS"}}}}})
	if n, _ := engine.IntAt(created, "priority"); n != 1 || engine.BoolAt(created, "system") {
		t.Errorf("entity risk rule: %v", created)
	}
	o.wantError(400, "E0000001", "POST", "/api/v1/policies/"+erID+"/rules", engine.Obj{"name": "Bad level",
		"conditions": engine.Obj{"entityRisk": engine.Obj{"level": "EXTREME"}}})
	if names := polTestNames(o.rules(erID)); strings.Join(names, ",") != "High risk: end sessions:1,Catch-all Rule:99" {
		t.Errorf("entity risk rules: %v", names)
	}
	// The seeded non-system rule may be deleted, as its link says.
	o.must(204, "DELETE", path, nil)
}

// TestPoliciesFeatureTypes: DEVICE_SIGNAL_COLLECTION and CLIENT_UPDATE are
// Early Access; an org without the feature answers "feature not enabled",
// an org with it serves them.
func TestPoliciesFeatureTypes(t *testing.T) {
	off := newPolTestOrg(t, sandbox.Options{})
	for _, typ := range policies.TypesWithFeature {
		off.wantError(401, "E0000015", "GET", "/api/v1/policies?type="+typ, nil)
		off.wantError(401, "E0000015", "POST", "/api/v1/policies", engine.Obj{"type": typ, "name": "x"})
	}

	on := newPolTestOrg(t, sandbox.Options{Features: []string{policies.FeatureDeviceSignalCollection, policies.FeatureClientUpdate}})
	cu := on.list("/api/v1/policies?type=CLIENT_UPDATE")
	if len(cu) != 1 || !engine.BoolAt(cu[0], "system") {
		t.Fatalf("CLIENT_UPDATE: %v", cu)
	}
	cuID := engine.Str(cu[0], "id")
	on.wantError(400, "E0000001", "POST", "/api/v1/policies", engine.Obj{"type": "CLIENT_UPDATE", "name": "Another"})
	on.wantError(400, "E0000001", "POST", "/api/v1/policies/"+cuID+"/rules", engine.Obj{"name": "Extra"})
	cuRule := on.rules(cuID)[0]
	got := on.must(200, "PUT", "/api/v1/policies/"+cuID+"/rules/"+engine.Str(cuRule, "id"), engine.Obj{"name": "Catch-all Rule",
		"conditions": engine.Obj{"people": engine.Obj{}},
		"actions":    engine.Obj{"updateControls": engine.Obj{"actions": []any{engine.Obj{"action": "OKTA_VERIFY_UPDATE", "value": "HOTFIX_ONLY"}}}}})
	if got["conditions"] != nil || fmt.Sprint(engine.At(got, "actions.updateControls.actions")) != "[map[action:OKTA_VERIFY_UPDATE value:HOTFIX_ONLY]]" {
		t.Errorf("client update rule: %v", got)
	}

	if got := on.list("/api/v1/policies?type=DEVICE_SIGNAL_COLLECTION"); len(got) != 0 {
		t.Fatalf("DEVICE_SIGNAL_COLLECTION seeds: %v", got)
	}
	dsc := on.must(200, "POST", "/api/v1/policies", engine.Obj{"type": "DEVICE_SIGNAL_COLLECTION", "name": "Collect device context"})
	if dsc["conditions"] != nil || engine.BoolAt(dsc, "system") || !strings.HasPrefix(engine.Str(dsc, "id"), "rst") {
		t.Errorf("DSC policy: %v", dsc)
	}
	rules := on.rules(engine.Str(dsc, "id"))
	if len(rules) != 1 || engine.Str(rules[0], "name") != "Catch-all Rule" || !engine.BoolAt(rules[0], "system") {
		t.Fatalf("DSC rules: %v", rules)
	}
	r := on.must(200, "POST", "/api/v1/policies/"+engine.Str(dsc, "id")+"/rules", engine.Obj{"name": "Desktops",
		"conditions": engine.Obj{"platform": engine.Obj{"include": []any{engine.Obj{"type": "DESKTOP", "os": engine.Obj{"type": "MACOS"}}}}},
		"actions": engine.Obj{"deviceSignalCollection": engine.Obj{"deviceContextProviders": []any{
			engine.Obj{"key": "OKTA_VERIFY", "userIdentification": "IGNORE"}}}}})
	if engine.Str(r, "type") != "DEVICE_SIGNAL_COLLECTION" {
		t.Errorf("DSC rule: %v", r)
	}
	on.must(204, "DELETE", "/api/v1/policies/"+engine.Str(dsc, "id"), nil)
}
