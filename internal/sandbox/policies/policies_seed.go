package policies

import (
	"fmt"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// The policies every org has, the sample org's policies, and generated
// ones for benchmarks.

const policyDefaultDescription = "The default policy applies in all situations if no other policy applies."

// seedPolicies creates, for each served type, the system policy with its
// default rule (a "Default Rule" for the classic types, the Catch-all Rule
// for the OIE ones), and the non-system ACCESS_POLICYs the built-in apps
// use. Names and descriptions are the recorded ones (VCR policy lists),
// except the system ACCESS_POLICY, which real orgs name after its rule
// ("Any two factors") and the sandbox calls "Default Policy" (the contract
// with the apps module).
func seedPolicies(c *engine.Call) error {
	ic := policyInternal(c)
	everyone := []any{}
	if id := policyEveryone(c); id != "" {
		everyone = []any{id}
	}
	people := engine.Obj{"people": engine.Obj{"groups": engine.Obj{"include": everyone}}}
	seeds := []struct {
		body engine.Obj
		rule engine.Obj
	}{
		{engine.Obj{"type": "OKTA_SIGN_ON", "name": "Default Policy", "description": policyDefaultDescription, "conditions": engine.Clone(people)},
			engine.Obj{"name": "Default Rule", "actions": engine.Obj{"signon": engine.Obj{
				"access": "ALLOW", "requireFactor": false, "primaryFactor": "PASSWORD_IDP_ANY_FACTOR", "rememberDeviceByDefault": false,
				"session": engine.Obj{"usePersistentCookie": false, "maxSessionIdleMinutes": engine.JSONInt(120), "maxSessionLifetimeMinutes": engine.JSONInt(0)},
			}}}},
		{engine.Obj{"type": "PASSWORD", "name": "Default Policy", "description": policyDefaultDescription,
			"conditions": engine.Obj{"people": engine.Obj{"groups": engine.Obj{"include": engine.Clone(everyone)}}, "authProvider": engine.Obj{"provider": "OKTA"}}},
			engine.Obj{"name": "Default Rule", "actions": engine.Obj{
				"passwordChange": engine.Obj{"access": "ALLOW"},
				"selfServicePasswordReset": engine.Obj{"access": "ALLOW", "requirement": engine.Obj{
					"primary": engine.Obj{"methods": []any{"email"}}, "stepUp": engine.Obj{"required": false}}},
				"selfServiceUnlock": engine.Obj{"access": "DENY"},
			}}},
		{engine.Obj{"type": "MFA_ENROLL", "name": "Default Policy", "description": policyDefaultDescription, "conditions": engine.Clone(people),
			"settings": engine.Obj{"type": "AUTHENTICATORS", "authenticators": policySeedMFAAuthenticators(c)}},
			engine.Obj{"name": "Default Rule", "actions": engine.Obj{"enroll": engine.Obj{"self": "CHALLENGE"}}}},
		{engine.Obj{"type": "IDP_DISCOVERY", "name": "Idp Discovery Policy", "description": "The default IdP Discovery Policy"},
			engine.Obj{"name": "Default Rule", "actions": engine.Obj{"idp": engine.Obj{"providers": []any{engine.Obj{"type": "OKTA"}}}}}},
		{engine.Obj{"type": "ACCESS_POLICY", "name": "Okta Admin Console"}, nil},
		{engine.Obj{"type": "ACCESS_POLICY", "name": "Okta Dashboard"}, nil},
		{engine.Obj{"type": "ACCESS_POLICY", "name": "Okta Browser Plugin"}, nil},
		{engine.Obj{"type": "ACCESS_POLICY", "name": "Default Policy", "description": "Require two factors to access.", "system": true}, nil},
		{engine.Obj{"type": "PROFILE_ENROLLMENT", "name": "Default Policy", "system": true}, nil},
	}
	for _, s := range seeds {
		if s.body["type"] != "ACCESS_POLICY" {
			s.body["system"] = true
		}
		p, err := policiesRes.Insert(ic, "", s.body, nil)
		if err != nil {
			return fmt.Errorf("policy %s %s: %w", s.body["type"], s.body["name"], err)
		}
		if s.rule == nil {
			continue
		}
		s.rule["system"] = true
		if _, err := policyRulesRes.Insert(ic, engine.Str(p, "id"), s.rule, nil); err != nil {
			return fmt.Errorf("default rule of %s: %w", s.body["type"], err)
		}
	}
	// The default profile enrollment policy shows the org's default
	// registration form (the directory family seeds it).
	if pe := policySystem(c, "PROFILE_ENROLLMENT"); pe != nil {
		if forms := c.Org.List(engine.TableUISchemas, ""); len(forms) > 0 {
			for _, r := range c.Org.List(engine.TablePolicyRules, engine.Str(pe, "id")) {
				engine.Set(r, "actions.profileEnrollment.uiSchemaId", engine.Str(forms[0], "id"))
			}
		}
	}
	return seedRiskPolicies(c)
}

// policySeedMFAAuthenticators is the default enrollment policy of a new
// Identity Engine org: password and email required, Okta Verify optional,
// the rest not allowed (policyMFASettings adds those).
func policySeedMFAAuthenticators(c *engine.Call) []any {
	var out []any
	for _, k := range []struct{ key, self string }{
		{"okta_password", "REQUIRED"}, {"okta_email", "REQUIRED"}, {"okta_verify", "OPTIONAL"},
	} {
		if len(c.Org.List(engine.TableAuthenticators, "")) > 0 && c.Org.Find(engine.TableAuthenticators, "", func(a engine.Obj) bool { return engine.Str(a, "key") == k.key }) == nil {
			continue
		}
		out = append(out, engine.Obj{"key": k.key, "enroll": engine.Obj{"self": k.self}})
	}
	return out
}
