package policies

import (
	"fmt"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// sampleRiskPolicies adds to the sample org what uses the security
// family's objects: the portal's registration form, a sign-on rule on risky
// behaviors, an access rule that requires a healthy device, and the
// Identity Threat Protection policies set up as a security team would.
func sampleRiskPolicies(c *engine.Call) error {
	ic := policyInternal(c)
	find := func(table, field, value string) string {
		return engine.Str(c.Org.Find(table, "", func(o engine.Obj) bool { return engine.Str(o, field) == value }), "id")
	}
	ids := func(table, field string, values ...string) []any {
		var out []any
		for _, v := range values {
			if id := find(table, field, v); id != "" {
				out = append(out, id)
			}
		}
		return out
	}
	breakGlass := ids(engine.TableGroups, "profile.name", "Admins - Break Glass")

	if pe := policyByName(c, "PROFILE_ENROLLMENT", "Portal Self-Registration"); pe != nil {
		if form := find(engine.TableUISchemas, "uiSchema.label", "Create your portal account"); form != "" {
			for _, r := range c.Org.List(engine.TablePolicyRules, engine.Str(pe, "id")) {
				engine.Set(r, "actions.profileEnrollment.uiSchemaId", form)
			}
		}
	}
	add := func(typ, policy string, rule engine.Obj) error {
		p := policyByName(c, typ, policy)
		if p == nil {
			p = policySystem(c, typ)
		}
		if p == nil {
			return nil
		}
		if _, err := policyRulesRes.Insert(ic, engine.Str(p, "id"), rule, nil); err != nil {
			return fmt.Errorf("rule %s of %s: %w", rule["name"], policy, err)
		}
		return nil
	}
	if behaviors := ids(engine.TableBehaviors, "name", "New Country", "Impossible travel (500 km/h)"); len(behaviors) > 0 {
		if err := add("OKTA_SIGN_ON", "Contractor Sign-On", engine.Obj{"name": "Contractors: MFA on risky sign-ins",
			"conditions": engine.Obj{"risk": engine.Obj{"behaviors": behaviors}},
			"actions": engine.Obj{"signon": engine.Obj{"access": "ALLOW", "requireFactor": true, "factorPromptMode": "ALWAYS",
				"session": engine.Obj{"usePersistentCookie": false, "maxSessionIdleMinutes": engine.JSONInt(15), "maxSessionLifetimeMinutes": engine.JSONInt(60)}}},
		}); err != nil {
			return err
		}
	}
	if devices := ids(engine.TableDeviceAssurances, "name", "Managed Macs", "Corporate Windows laptops"); len(devices) > 0 {
		if err := add("ACCESS_POLICY", "Finance Apps Policy", engine.Obj{"name": "Finance: healthy company laptops",
			"priority": engine.JSONInt(1),
			"conditions": engine.Obj{"people": engine.Obj{"groups": engine.Obj{"include": ids(engine.TableGroups, "profile.name", "Finance")}},
				"device": engine.Obj{"registered": true, "managed": false, "assurance": engine.Obj{"include": devices}}},
			"actions": engine.Obj{"appSignOn": engine.Obj{"access": "ALLOW",
				"verificationMethod": engine.Obj{"factorMode": "1FA", "type": "ASSURANCE", "reauthenticateIn": "PT8H"}}},
		}); err != nil {
			return err
		}
	}
	if err := add("ENTITY_RISK", "", engine.Obj{"name": "High risk: end all sessions",
		"conditions": engine.Obj{"entityRisk": engine.Obj{"level": "HIGH"},
			"people": engine.Obj{"groups": engine.Obj{"exclude": breakGlass}}},
		"actions": engine.Obj{"entityRisk": engine.Obj{"actions": []any{engine.Obj{"action": "TERMINATE_ALL_SESSIONS"}}}},
	}); err != nil {
		return err
	}
	// The seeded rules, tuned: session protection spares the break-glass
	// admins, session violation detection reacts from medium risk on.
	if p := policySystem(c, "POST_AUTH_SESSION"); p != nil && len(breakGlass) > 0 {
		for _, r := range c.Org.List(engine.TablePolicyRules, engine.Str(p, "id")) {
			if !engine.BoolAt(r, "system") {
				engine.Set(r, "conditions.people", engine.Obj{"groups": engine.Obj{"exclude": breakGlass}, "users": engine.Obj{"exclude": []any{}}})
			}
		}
	}
	// With device signal collection on, Okta Verify reports the context of
	// desktops.
	if c.Org.Feature(FeatureDeviceSignalCollection) {
		p, err := policiesRes.Insert(ic, "", engine.Obj{"type": "DEVICE_SIGNAL_COLLECTION", "name": "Desktop device signals",
			"description": "Collect device context on desktops through Okta Verify"}, nil)
		if err != nil {
			return fmt.Errorf("device signal collection policy: %w", err)
		}
		if _, err := policyRulesRes.Insert(ic, engine.Str(p, "id"), engine.Obj{"name": "Desktops through Okta Verify",
			"conditions": engine.Obj{"platform": engine.Obj{"include": []any{engine.Obj{"type": "DESKTOP", "os": engine.Obj{"type": "MACOS"}},
				engine.Obj{"type": "DESKTOP", "os": engine.Obj{"type": "WINDOWS"}}}}},
			"actions": engine.Obj{"deviceSignalCollection": engine.Obj{"deviceContextProviders": []any{
				engine.Obj{"key": "OKTA_VERIFY", "userIdentification": "ALLOW"}}}}}, nil); err != nil {
			return fmt.Errorf("device signal collection rule: %w", err)
		}
	}
	if p := policySystem(c, "SESSION_VIOLATION_DETECTION"); p != nil {
		for _, r := range c.Org.List(engine.TablePolicyRules, engine.Str(p, "id")) {
			if !engine.BoolAt(r, "system") {
				engine.Set(r, "conditions.riskScore.minRiskLevel", "MEDIUM")
			}
		}
	}
	return nil
}
