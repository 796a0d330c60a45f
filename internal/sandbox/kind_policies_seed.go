package sandbox

import (
	"fmt"
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
func seedPolicies(c *call) error {
	ic := policyInternal(c)
	everyone := []any{}
	if id := policyEveryone(c); id != "" {
		everyone = []any{id}
	}
	people := Obj{"people": Obj{"groups": Obj{"include": everyone}}}
	seeds := []struct {
		body Obj
		rule Obj
	}{
		{Obj{"type": "OKTA_SIGN_ON", "name": "Default Policy", "description": policyDefaultDescription, "conditions": clone(people)},
			Obj{"name": "Default Rule", "actions": Obj{"signon": Obj{
				"access": "ALLOW", "requireFactor": false, "primaryFactor": "PASSWORD_IDP_ANY_FACTOR", "rememberDeviceByDefault": false,
				"session": Obj{"usePersistentCookie": false, "maxSessionIdleMinutes": jsonInt(120), "maxSessionLifetimeMinutes": jsonInt(0)},
			}}}},
		{Obj{"type": "PASSWORD", "name": "Default Policy", "description": policyDefaultDescription,
			"conditions": Obj{"people": Obj{"groups": Obj{"include": clone(everyone)}}, "authProvider": Obj{"provider": "OKTA"}}},
			Obj{"name": "Default Rule", "actions": Obj{
				"passwordChange": Obj{"access": "ALLOW"},
				"selfServicePasswordReset": Obj{"access": "ALLOW", "requirement": Obj{
					"primary": Obj{"methods": []any{"email"}}, "stepUp": Obj{"required": false}}},
				"selfServiceUnlock": Obj{"access": "DENY"},
			}}},
		{Obj{"type": "MFA_ENROLL", "name": "Default Policy", "description": policyDefaultDescription, "conditions": clone(people),
			"settings": Obj{"type": "AUTHENTICATORS", "authenticators": policySeedMFAAuthenticators(c)}},
			Obj{"name": "Default Rule", "actions": Obj{"enroll": Obj{"self": "CHALLENGE"}}}},
		{Obj{"type": "IDP_DISCOVERY", "name": "Idp Discovery Policy", "description": "The default IdP Discovery Policy"},
			Obj{"name": "Default Rule", "actions": Obj{"idp": Obj{"providers": []any{Obj{"type": "OKTA"}}}}}},
		{Obj{"type": "ACCESS_POLICY", "name": "Okta Admin Console"}, nil},
		{Obj{"type": "ACCESS_POLICY", "name": "Okta Dashboard"}, nil},
		{Obj{"type": "ACCESS_POLICY", "name": "Okta Browser Plugin"}, nil},
		{Obj{"type": "ACCESS_POLICY", "name": "Default Policy", "description": "Require two factors to access.", "system": true}, nil},
		{Obj{"type": "PROFILE_ENROLLMENT", "name": "Default Policy", "system": true}, nil},
	}
	for _, s := range seeds {
		if s.body["type"] != "ACCESS_POLICY" {
			s.body["system"] = true
		}
		p, err := policiesRes.insert(ic, "", s.body, nil)
		if err != nil {
			return fmt.Errorf("policy %s %s: %v", s.body["type"], s.body["name"], err)
		}
		if s.rule == nil {
			continue
		}
		s.rule["system"] = true
		if _, err := policyRulesRes.insert(ic, str(p, "id"), s.rule, nil); err != nil {
			return fmt.Errorf("default rule of %s: %v", s.body["type"], err)
		}
	}
	return nil
}

// policySeedMFAAuthenticators is the default enrollment policy of a new
// Identity Engine org: password and email required, Okta Verify optional,
// the rest not allowed (policyMFASettings adds those).
func policySeedMFAAuthenticators(c *call) []any {
	var out []any
	for _, k := range []struct{ key, self string }{
		{"okta_password", "REQUIRED"}, {"okta_email", "REQUIRED"}, {"okta_verify", "OPTIONAL"},
	} {
		if len(c.o.list("authenticators", "")) > 0 && c.o.find("authenticators", "", func(a Obj) bool { return str(a, "key") == k.key }) == nil {
			continue
		}
		out = append(out, Obj{"key": k.key, "enroll": Obj{"self": k.self}})
	}
	return out
}

// policySampleZone picks a network zone for the sample's network
// conditions: a customer zone by one of the usual names, else the first
// IP zone that isn't the blocklist. nil when the org has no zones.
func policySampleZone(c *call) Obj {
	zones := c.o.list("zones", "")
	for _, name := range []string{"Corporate Network", "Office Network", "Corporate VPN", "HQ Office", "Office"} {
		for _, z := range zones {
			if str(z, "name") == name {
				return z
			}
		}
	}
	for _, z := range zones {
		if str(z, "type") == "IP" && str(z, "usage") != "BLOCKLIST" && str(z, "name") != "BlockedIpZones" {
			return z
		}
	}
	return nil
}

// samplePolicies builds a realistic set of policies and rules that name
// the sample groups (and a network zone and an IdP when the org has them).
func samplePolicies(c *call) error {
	gid := func(names ...string) []any {
		var out []any
		for _, n := range names {
			if g := policyGroupByName(c, n); g != nil {
				out = append(out, str(g, "id"))
			}
		}
		if len(out) == 0 {
			out = []any{policyEveryone(c)}
		}
		return out
	}
	zone := policySampleZone(c)
	zoneCond := func(field string) Obj {
		if zone == nil {
			return Obj{"connection": "ANYWHERE"}
		}
		return Obj{"connection": "ZONE", field: []any{str(zone, "id")}}
	}
	people := func(names ...string) Obj { return Obj{"groups": Obj{"include": gid(names...)}} }
	signon := func(requireFactor bool, idle, life int) Obj {
		s := Obj{"access": "ALLOW", "requireFactor": requireFactor, "rememberDeviceByDefault": false,
			"session": Obj{"usePersistentCookie": false, "maxSessionIdleMinutes": jsonInt(idle), "maxSessionLifetimeMinutes": jsonInt(life)}}
		if requireFactor {
			s["factorPromptMode"] = "ALWAYS"
		}
		return Obj{"signon": s}
	}
	appSignOn := func(factorMode, reauth string) Obj {
		return Obj{"appSignOn": Obj{"access": "ALLOW",
			"verificationMethod": Obj{"factorMode": factorMode, "type": "ASSURANCE", "reauthenticateIn": reauth}}}
	}

	type rule struct {
		body   Obj
		active bool
	}
	type policy struct {
		body   Obj
		rules  []rule
		active bool
	}
	policies := []policy{
		{Obj{"type": "OKTA_SIGN_ON", "name": "Engineering Sign-On", "description": "Session rules for engineers",
			"conditions": Obj{"people": people("Engineering", "Engineering Managers")}}, []rule{
			// Created out of order: the priorities put them in place.
			{Obj{"name": "Engineering default session", "priority": jsonInt(1),
				"actions": signon(false, 120, 720)}, true},
			{Obj{"name": "MFA off the corporate network", "priority": jsonInt(1),
				"conditions": Obj{"network": zoneCond("exclude")}, "actions": signon(true, 60, 480)}, true},
			{Obj{"name": "Break glass admins always MFA", "priority": jsonInt(1),
				"conditions": Obj{"people": people("Admins - Break Glass")}, "actions": signon(true, 15, 60)}, true},
		}, true},
		{Obj{"type": "OKTA_SIGN_ON", "name": "Contractor Sign-On", "description": "Short sessions for contractors",
			"conditions": Obj{"people": people("Contractors")}}, []rule{
			{Obj{"name": "Contractors require MFA", "actions": signon(true, 30, 240)}, true},
		}, true},
		{Obj{"type": "PASSWORD", "name": "Contractor Password Policy", "description": "Stricter passwords for contractors",
			"conditions": Obj{"people": people("Contractors"), "authProvider": Obj{"provider": "OKTA"}},
			"settings": Obj{"password": Obj{
				"complexity": Obj{"minLength": jsonInt(14), "minSymbol": jsonInt(1), "excludeAttributes": []any{"firstName", "lastName"}},
				"age":        Obj{"maxAgeDays": jsonInt(90), "expireWarnDays": jsonInt(14), "historyCount": jsonInt(12)},
				"lockout":    Obj{"maxAttempts": jsonInt(5), "autoUnlockMinutes": jsonInt(30), "userLockoutNotificationChannels": []any{"EMAIL"}},
			}}}, []rule{
			{Obj{"name": "Contractors: no self-service reset", "actions": Obj{
				"passwordChange": Obj{"access": "ALLOW"}, "selfServicePasswordReset": Obj{"access": "DENY"}, "selfServiceUnlock": Obj{"access": "DENY"}}}, true},
		}, true},
		{Obj{"type": "PASSWORD", "name": "Engineering Password Policy", "description": "Passwords for engineers",
			"conditions": Obj{"people": people("Engineering", "Engineering Managers")},
			"settings":   Obj{"password": Obj{"complexity": Obj{"minLength": jsonInt(12)}}}}, []rule{
			{Obj{"name": "Engineers: self-service", "actions": Obj{"selfServiceUnlock": Obj{"access": "ALLOW"}}}, true},
		}, true},
		{Obj{"type": "MFA_ENROLL", "name": "Engineering MFA Enrollment", "description": "Engineers enroll Okta Verify",
			"conditions": Obj{"people": people("Engineering", "VPN Users")},
			"settings": Obj{"type": "AUTHENTICATORS", "authenticators": []any{
				Obj{"key": "okta_password", "enroll": Obj{"self": "REQUIRED"}},
				Obj{"key": "okta_verify", "enroll": Obj{"self": "REQUIRED"}},
			}}}, []rule{
			{Obj{"name": "Enroll on first challenge", "actions": Obj{"enroll": Obj{"self": "CHALLENGE"}}}, true},
		}, true},
		{Obj{"type": "ACCESS_POLICY", "name": "Portal Policy", "description": "Customer portal apps"}, []rule{
			{Obj{"name": "Portal users: password only", "conditions": Obj{"people": people("Portal Users")},
				"actions": appSignOn("1FA", "PT12H")}, true},
		}, true},
		{Obj{"type": "ACCESS_POLICY", "name": "Engineering Apps Policy", "description": "Internal engineering tools"}, []rule{
			{Obj{"name": "Engineers on the corporate network", "conditions": Obj{"people": people("Engineering", "VPN Users"),
				"network": zoneCond("include")}, "actions": appSignOn("1FA", "PT8H")}, true},
			{Obj{"name": "Engineers elsewhere: two factors", "conditions": Obj{"people": people("Engineering", "Engineering Managers")},
				"actions": appSignOn("2FA", "PT2H")}, true},
		}, true},
		{Obj{"type": "ACCESS_POLICY", "name": "Finance Apps Policy", "description": "Finance and payroll apps"}, []rule{
			{Obj{"name": "Finance: two factors every two hours", "conditions": Obj{"people": people("Finance")},
				"actions": appSignOn("2FA", "PT2H")}, true},
			{Obj{"name": "Contractors denied", "conditions": Obj{"people": people("Contractors")},
				"actions": Obj{"appSignOn": Obj{"access": "DENY"}}}, false},
		}, true},
		{Obj{"type": "OKTA_SIGN_ON", "name": "Legacy VPN Sign-On", "description": "Kept for the VPN migration",
			"conditions": Obj{"people": people("VPN Users")}}, nil, false},
		{Obj{"type": "PROFILE_ENROLLMENT", "name": "Portal Self-Registration"}, nil, true},
	}
	ic := policyInternal(c)
	for _, p := range policies {
		pol, err := policiesRes.insert(ic, "", p.body, nil)
		if err != nil {
			return fmt.Errorf("policy %s: %v", p.body["name"], err)
		}
		if !p.active {
			pol["status"] = "INACTIVE"
		}
		for _, r := range p.rules {
			obj, err := policyRulesRes.insert(ic, str(pol, "id"), r.body, nil)
			if err != nil {
				return fmt.Errorf("rule %s of %s: %v", r.body["name"], p.body["name"], err)
			}
			if !r.active {
				obj["status"] = "INACTIVE"
			}
		}
	}
	// Self-registration puts new users in the portal group.
	if pe := policyByName(c, "PROFILE_ENROLLMENT", "Portal Self-Registration"); pe != nil {
		for _, r := range c.o.list("policyRules", str(pe, "id")) {
			set(r, "actions.profileEnrollment.targetGroupIds", gid("Portal Users"))
		}
	}
	// Contractors sign in through the partner IdP when there is one.
	if idp := c.o.find("idps", "", func(o Obj) bool { return str(o, "status") != "INACTIVE" }); idp != nil {
		if disc := policySystem(c, "IDP_DISCOVERY"); disc != nil {
			_, err := policyRulesRes.insert(ic, str(disc, "id"), Obj{
				"name": "Route contractors to " + str(idp, "name"),
				"conditions": Obj{"userIdentifier": Obj{"type": "IDENTIFIER",
					"patterns": []any{Obj{"matchType": "SUFFIX", "value": "partner.example.com"}}}},
				"actions": Obj{"idp": Obj{"providers": []any{Obj{"type": str(idp, "type"), "id": str(idp, "id")}}}},
			}, nil)
			if err != nil {
				return fmt.Errorf("IdP discovery rule: %v", err)
			}
		}
	}
	return nil
}

// generatePolicies builds n policies spread over OKTA_SIGN_ON, PASSWORD,
// ACCESS_POLICY and MFA_ENROLL, each with two or three rules that name
// existing groups, chosen by index so that the same spec builds the same
// org.
func generatePolicies(c *call, n int) error {
	var groups []string
	for _, g := range c.o.list("groups", "") {
		if str(g, "type") != "BUILT_IN" {
			groups = append(groups, str(g, "id"))
		}
	}
	if len(groups) == 0 {
		groups = []string{policyEveryone(c)}
	}
	grp := func(i int) []any { return []any{groups[i%len(groups)]} }
	types := []string{"OKTA_SIGN_ON", "PASSWORD", "ACCESS_POLICY", "MFA_ENROLL"}
	ic := policyInternal(c)
	for i := 0; i < n; i++ {
		typ := types[i%len(types)]
		body := Obj{"type": typ, "name": fmt.Sprintf("gen-policy-%05d", i+1), "description": fmt.Sprintf("Generated %s policy %d", typ, i+1)}
		if typ != "ACCESS_POLICY" {
			body["conditions"] = Obj{"people": Obj{"groups": Obj{"include": grp(i)}}}
		}
		if typ == "PASSWORD" {
			body["settings"] = Obj{"password": Obj{"complexity": Obj{"minLength": jsonInt(8 + i%8)}}}
		}
		pol, err := policiesRes.insert(ic, "", body, nil)
		if err != nil {
			return err
		}
		rules := 2 + i%2
		for j := 0; j < rules; j++ {
			r := Obj{"name": fmt.Sprintf("gen-rule-%d", j+1), "conditions": Obj{"people": Obj{"groups": Obj{"include": grp(i + j + 1)}}}}
			switch typ {
			case "OKTA_SIGN_ON":
				r["actions"] = Obj{"signon": Obj{"access": "ALLOW", "requireFactor": j%2 == 0}}
			case "PASSWORD":
				r["actions"] = Obj{"selfServiceUnlock": Obj{"access": []string{"ALLOW", "DENY"}[j%2]}}
			case "ACCESS_POLICY":
				r["actions"] = Obj{"appSignOn": Obj{"access": "ALLOW",
					"verificationMethod": Obj{"factorMode": []string{"1FA", "2FA"}[j%2], "type": "ASSURANCE"}}}
			case "MFA_ENROLL":
				r["actions"] = Obj{"enroll": Obj{"self": "CHALLENGE"}}
			}
			if _, err := policyRulesRes.insert(ic, str(pol, "id"), r, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// policyGroupByName finds a group of the directory family by name, through
// its table, for sample rules that name groups.
func policyGroupByName(c *call, name string) Obj {
	return c.o.find("groups", "", func(o Obj) bool { return str(o, "profile.name") == name })
}
