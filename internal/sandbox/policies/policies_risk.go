package policies

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// The Identity Threat Protection and device policy types (coverage §3.4):
// POST_AUTH_SESSION ("session protection"), ENTITY_RISK and
// SESSION_VIOLATION_DETECTION, which every org with ITP has exactly one
// of, and the Early Access types DEVICE_SIGNAL_COLLECTION and
// CLIENT_UPDATE, which an org has only when Okta turned the feature on.
// What the recordings show and the sandbox reproduces:
//   - the seeded policies are system, `rst…` ids, priority 1, `conditions:
//     null`, self link GET and PUT only, a rules link and no mappings link
//     (VCR TestAccResourceOktaPostAuthSessionPolicyRule_crud,
//     TestAccResourceOktaSessionViolationPolicyRule_crud);
//   - POST_AUTH_SESSION holds "Post Session Protection Rule" (system: false:
//     it can be changed and even deleted) and a system "Catch-all Rule" at
//     99; SESSION_VIOLATION_DETECTION holds "Session Violation Policy Risk
//     Rule" (system: false, priority 1) and a Catch-all. Real Okta reported
//     the POST_AUTH_SESSION rule at priority 8, then 9 and 10 after PUTs
//     that sent none; the sandbox keeps priorities dense (1), as for every
//     other policy;
//   - creating or replacing a policy of these types isn't supported
//     (spec Policy.type), except DEVICE_SIGNAL_COLLECTION; no rules may be
//     added to POST_AUTH_SESSION or CLIENT_UPDATE policies (spec
//     createPolicyRule).
//
// Not recorded, from the v6.1.0 spec and Okta's docs (unverified): the
// ENTITY_RISK policy ("Entity Risk Policy", created when ITP is on, with a
// Catch-all Rule at 99 that Terraform says can't be modified); the
// CLIENT_UPDATE policy and its rule; DEVICE_SIGNAL_COLLECTION policies,
// which get a catch-all like the other Identity Engine types. An org
// without the feature answers a list of the type with 401 E0000015, the
// answer Okta gives for a feature the org lacks (as for authorization
// servers without API Access Management); the exact answer for a policy
// type is not recorded.

// Feature names for engine.Options.Features.
const (
	FeatureDeviceSignalCollection = "DEVICE_SIGNAL_COLLECTION"
	FeatureClientUpdate           = "CLIENT_UPDATE"
)

// typeFeature maps the policy types an org has only with a feature on to
// that feature.
var typeFeature = map[string]string{
	"DEVICE_SIGNAL_COLLECTION": FeatureDeviceSignalCollection,
	"CLIENT_UPDATE":            FeatureClientUpdate,
}

// TypesWithFeature are the policy types an org serves only when the
// feature of the same name is on (engine.Options.Features).
var TypesWithFeature = []string{"DEVICE_SIGNAL_COLLECTION", "CLIENT_UPDATE"}

// riskTypes are the types this file adds; they all use Identity Engine ids.
var riskTypes = []string{"POST_AUTH_SESSION", "ENTITY_RISK", "SESSION_VIOLATION_DETECTION", "DEVICE_SIGNAL_COLLECTION", "CLIENT_UPDATE"}

// noExtraRules are the policy types that accept no rules besides the ones
// Okta makes (spec createPolicyRule).
var noExtraRules = []string{"PROFILE_ENROLLMENT", "POST_AUTH_SESSION", "CLIENT_UPDATE"}

// policyTypeAvailable answers 401 E0000015 for a type whose feature the
// org lacks.
func policyTypeAvailable(c *engine.Call, typ string) *engine.APIError {
	f, gated := typeFeature[typ]
	if !gated || c.Org.Feature(f) {
		return nil
	}
	return engine.NewError(http.StatusUnauthorized, "E0000015", "You do not have permission to access the feature you are requesting")
}

// seedRiskPolicies makes the ITP policies every sandbox org has (the
// recording org had ITP on) and the Early Access ones whose feature is on.
func seedRiskPolicies(c *engine.Call) error {
	ic := policyInternal(c)
	catchAll := func(actions engine.Obj) engine.Obj {
		return engine.Obj{"name": "Catch-all Rule", "priority": engine.JSONInt(99), "system": true, "conditions": nil, "actions": actions}
	}
	seeds := []struct {
		body  engine.Obj
		rules []engine.Obj
	}{
		{engine.Obj{"type": "POST_AUTH_SESSION", "name": "Post Auth Policy", "description": "Enables post auth policy evaluation for the org."},
			[]engine.Obj{
				{"name": "Post Session Protection Rule", "priority": engine.JSONInt(1),
					"actions": engine.Obj{"postAuthSession": engine.Obj{"failureActions": []any{engine.Obj{"action": "TERMINATE_SESSION"}}}}},
				catchAll(engine.Obj{"postAuthSession": engine.Obj{"failureActions": []any{}}}),
			}},
		{engine.Obj{"type": "SESSION_VIOLATION_DETECTION", "name": "Session Violation Detection Policy",
			"description": "Enables session violation detection policy evaluation for the org."},
			[]engine.Obj{
				{"name": "Session Violation Policy Risk Rule", "priority": engine.JSONInt(1),
					"conditions": engine.Obj{"network": engine.Obj{"connection": "ANYWHERE"}, "riskScore": engine.Obj{"minRiskLevel": "LOW"}},
					"actions":    engine.Obj{"sessionViolationDetection": engine.Obj{"policyEvaluation": engine.Obj{"enabled": true}}}},
				catchAll(engine.Obj{"sessionViolationDetection": engine.Obj{"policyEvaluation": engine.Obj{"enabled": false}}}),
			}},
		{engine.Obj{"type": "ENTITY_RISK", "name": "Entity Risk Policy", "description": "Enables entity risk policy evaluation for the org."},
			[]engine.Obj{catchAll(engine.Obj{"entityRisk": engine.Obj{"actions": []any{}}})}},
	}
	if c.Org.Feature(FeatureClientUpdate) {
		seeds = append(seeds, struct {
			body  engine.Obj
			rules []engine.Obj
		}{engine.Obj{"type": "CLIENT_UPDATE", "name": "Okta Verify Client Update Policy"},
			[]engine.Obj{catchAll(engine.Obj{"updateControls": engine.Obj{"actions": []any{
				engine.Obj{"action": "OKTA_VERIFY_UPDATE", "value": "ALLOW"}}}})}})
	}
	for _, s := range seeds {
		s.body["system"] = true
		p, err := policiesRes.Insert(ic, "", s.body, nil)
		if err != nil {
			return fmt.Errorf("policy %s: %w", s.body["type"], err)
		}
		for _, r := range s.rules {
			if _, err := policyRulesRes.Insert(ic, engine.Str(p, "id"), r, nil); err != nil {
				return fmt.Errorf("rule %s of %s: %w", r["name"], s.body["type"], err)
			}
		}
	}
	return nil
}

// riskRuleDefaults fills in what Okta adds to a rule of the new types; ok
// is false for the other types.
func riskRuleDefaults(body engine.Obj, rtype string, system bool) (ok bool, err *engine.APIError) {
	if !slices.Contains(riskTypes, rtype) {
		return false, nil
	}
	cond, _ := body["conditions"].(map[string]any)
	switch rtype {
	case "POST_AUTH_SESSION":
		// A PUT that sends empty group and user lists comes back with
		// only users.exclude: [] (VCR …PostAuthSessionPolicyRule_crud #18).
		if !system {
			policyPruneEmptyPeople(body)
			if engine.At(body, "conditions.people") == nil {
				engine.Set(body, "conditions.people", engine.Obj{"users": engine.Obj{"exclude": []any{}}})
			}
			engine.SetDefault(body, "conditions.people.users.exclude", []any{})
		}
		engine.SetDefault(body, "actions.postAuthSession", engine.Obj{})
		acts, _ := engine.At(body, "actions.postAuthSession.failureActions").([]any)
		for _, a := range acts {
			m, isObj := a.(map[string]any)
			if !isObj {
				return true, engine.ErrMalformed()
			}
			switch engine.Str(m, "action") {
			case "TERMINATE_SESSION":
				if _, has := m["slo"]; !has {
					m["slo"] = nil // real answers carry it (not in the spec)
				}
			case "RUN_WORKFLOW":
				if engine.Str(m, "workflow.id") == "" {
					return true, engine.ErrValidation("actions.postAuthSession.failureActions", "actions.postAuthSession.failureActions: RUN_WORKFLOW needs workflow.id")
				}
			default:
				return true, engine.ErrValidation("actions.postAuthSession.failureActions",
					"actions.postAuthSession.failureActions: '"+engine.Str(m, "action")+"' is not a valid value; allowed: [RUN_WORKFLOW TERMINATE_SESSION]")
			}
		}
	case "SESSION_VIOLATION_DETECTION":
		if !system {
			if cond == nil {
				cond = engine.Obj{}
				body["conditions"] = cond
			}
			engine.SetDefault(cond, "network.connection", "ANYWHERE")
		}
		engine.SetDefault(body, "actions.sessionViolationDetection.policyEvaluation.enabled", false)
	case "ENTITY_RISK":
		if !system {
			policyPruneEmptyPeople(body)
			if lvl := engine.Str(body, "conditions.entityRisk.level"); lvl != "" && !slices.Contains([]string{"ANY", "LOW", "MEDIUM", "HIGH"}, lvl) {
				return true, engine.ErrValidation("conditions.entityRisk.level", "conditions.entityRisk.level: '"+lvl+"' is not a valid value; allowed: [ANY LOW MEDIUM HIGH]")
			}
		}
		engine.SetDefault(body, "actions.entityRisk.actions", []any{})
	case "DEVICE_SIGNAL_COLLECTION":
		engine.SetDefault(body, "actions.deviceSignalCollection.deviceContextProviders", []any{})
	case "CLIENT_UPDATE":
		body["conditions"] = nil // rule conditions aren't supported (spec)
		engine.SetDefault(body, "actions.updateControls.actions", []any{})
	}
	return true, nil
}

// policyPruneEmptyPeople drops empty people lists the way Okta's answers
// do; users.exclude is set again by the caller where Okta shows it.
func policyPruneEmptyPeople(body engine.Obj) {
	people, _ := engine.At(body, "conditions.people").(map[string]any)
	if people == nil {
		return
	}
	for _, k := range []string{"groups", "users"} {
		m, _ := people[k].(map[string]any)
		if m == nil {
			continue
		}
		for _, side := range []string{"include", "exclude"} {
			if arr, isArr := m[side].([]any); isArr && len(arr) == 0 {
				delete(m, side)
			}
		}
		if len(m) == 0 {
			delete(people, k)
		}
	}
}

// riskCatchAll is the system rule a new DEVICE_SIGNAL_COLLECTION policy
// gets (unverified: modelled on the other Identity Engine types).
func riskCatchAll(policyType string) engine.Obj {
	if policyType != "DEVICE_SIGNAL_COLLECTION" {
		return nil
	}
	return engine.Obj{"name": "Catch-all Rule", "priority": engine.JSONInt(99), "system": true, "conditions": nil,
		"actions": engine.Obj{"deviceSignalCollection": engine.Obj{"deviceContextProviders": []any{}}}}
}
