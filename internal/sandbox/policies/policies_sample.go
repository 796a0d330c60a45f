package policies

import (
	"fmt"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// policySampleZone picks a network zone for the sample's network
// conditions: a customer zone by one of the usual names, else the first
// IP zone that isn't the blocklist. nil when the org has no zones.
func policySampleZone(c *engine.Call) engine.Obj {
	zones := c.Org.List(engine.TableZones, "")
	for _, name := range []string{"Corporate Network", "Office Network", "Corporate VPN", "HQ Office", "Office"} {
		for _, z := range zones {
			if engine.Str(z, "name") == name {
				return z
			}
		}
	}
	for _, z := range zones {
		if engine.Str(z, "type") == "IP" && engine.Str(z, "usage") != "BLOCKLIST" && engine.Str(z, "name") != "BlockedIpZones" {
			return z
		}
	}
	return nil
}

// samplePolicies builds a realistic set of policies and rules that name
// the sample groups (and a network zone and an IdP when the org has them).
func samplePolicies(c *engine.Call) error {
	gid := func(names ...string) []any {
		var out []any
		for _, n := range names {
			if g := policyGroupByName(c, n); g != nil {
				out = append(out, engine.Str(g, "id"))
			}
		}
		if len(out) == 0 {
			out = []any{policyEveryone(c)}
		}
		return out
	}
	zone := policySampleZone(c)
	zoneCond := func(field string) engine.Obj {
		if zone == nil {
			return engine.Obj{"connection": "ANYWHERE"}
		}
		return engine.Obj{"connection": "ZONE", field: []any{engine.Str(zone, "id")}}
	}
	people := func(names ...string) engine.Obj { return engine.Obj{"groups": engine.Obj{"include": gid(names...)}} }
	signon := func(requireFactor bool, idle, life int) engine.Obj {
		s := engine.Obj{"access": "ALLOW", "requireFactor": requireFactor, "rememberDeviceByDefault": false,
			"session": engine.Obj{"usePersistentCookie": false, "maxSessionIdleMinutes": engine.JSONInt(idle), "maxSessionLifetimeMinutes": engine.JSONInt(life)}}
		if requireFactor {
			s["factorPromptMode"] = "ALWAYS"
		}
		return engine.Obj{"signon": s}
	}
	appSignOn := func(factorMode, reauth string) engine.Obj {
		return engine.Obj{"appSignOn": engine.Obj{"access": "ALLOW",
			"verificationMethod": engine.Obj{"factorMode": factorMode, "type": "ASSURANCE", "reauthenticateIn": reauth}}}
	}

	type rule struct {
		body   engine.Obj
		active bool
	}
	type policy struct {
		body   engine.Obj
		rules  []rule
		active bool
	}
	policies := []policy{
		{engine.Obj{"type": "OKTA_SIGN_ON", "name": "Engineering Sign-On", "description": "Session rules for engineers",
			"conditions": engine.Obj{"people": people("Engineering", "Engineering Managers")}}, []rule{
			// Created out of order: the priorities put them in place.
			{engine.Obj{"name": "Engineering default session", "priority": engine.JSONInt(1),
				"actions": signon(false, 120, 720)}, true},
			{engine.Obj{"name": "MFA off the corporate network", "priority": engine.JSONInt(1),
				"conditions": engine.Obj{"network": zoneCond("exclude")}, "actions": signon(true, 60, 480)}, true},
			{engine.Obj{"name": "Break glass admins always MFA", "priority": engine.JSONInt(1),
				"conditions": engine.Obj{"people": people("Admins - Break Glass")}, "actions": signon(true, 15, 60)}, true},
		}, true},
		{engine.Obj{"type": "OKTA_SIGN_ON", "name": "Contractor Sign-On", "description": "Short sessions for contractors",
			"conditions": engine.Obj{"people": people("Contractors")}}, []rule{
			{engine.Obj{"name": "Contractors require MFA", "actions": signon(true, 30, 240)}, true},
		}, true},
		{engine.Obj{"type": "PASSWORD", "name": "Contractor Password Policy", "description": "Stricter passwords for contractors",
			"conditions": engine.Obj{"people": people("Contractors"), "authProvider": engine.Obj{"provider": "OKTA"}},
			"settings": engine.Obj{"password": engine.Obj{
				"complexity": engine.Obj{"minLength": engine.JSONInt(14), "minSymbol": engine.JSONInt(1), "excludeAttributes": []any{"firstName", "lastName"}},
				"age":        engine.Obj{"maxAgeDays": engine.JSONInt(90), "expireWarnDays": engine.JSONInt(14), "historyCount": engine.JSONInt(12)},
				"lockout":    engine.Obj{"maxAttempts": engine.JSONInt(5), "autoUnlockMinutes": engine.JSONInt(30), "userLockoutNotificationChannels": []any{"EMAIL"}},
			}}}, []rule{
			{engine.Obj{"name": "Contractors: no self-service reset", "actions": engine.Obj{
				"passwordChange": engine.Obj{"access": "ALLOW"}, "selfServicePasswordReset": engine.Obj{"access": "DENY"}, "selfServiceUnlock": engine.Obj{"access": "DENY"}}}, true},
		}, true},
		{engine.Obj{"type": "PASSWORD", "name": "Engineering Password Policy", "description": "Passwords for engineers",
			"conditions": engine.Obj{"people": people("Engineering", "Engineering Managers")},
			"settings":   engine.Obj{"password": engine.Obj{"complexity": engine.Obj{"minLength": engine.JSONInt(12)}}}}, []rule{
			{engine.Obj{"name": "Engineers: self-service", "actions": engine.Obj{"selfServiceUnlock": engine.Obj{"access": "ALLOW"}}}, true},
		}, true},
		{engine.Obj{"type": "MFA_ENROLL", "name": "Engineering MFA Enrollment", "description": "Engineers enroll Okta Verify",
			"conditions": engine.Obj{"people": people("Engineering", "VPN Users")},
			"settings": engine.Obj{"type": "AUTHENTICATORS", "authenticators": []any{
				engine.Obj{"key": "okta_password", "enroll": engine.Obj{"self": "REQUIRED"}},
				engine.Obj{"key": "okta_verify", "enroll": engine.Obj{"self": "REQUIRED"}},
			}}}, []rule{
			{engine.Obj{"name": "Enroll on first challenge", "actions": engine.Obj{"enroll": engine.Obj{"self": "CHALLENGE"}}}, true},
		}, true},
		{engine.Obj{"type": "ACCESS_POLICY", "name": "Portal Policy", "description": "Customer portal apps"}, []rule{
			{engine.Obj{"name": "Portal users: password only", "conditions": engine.Obj{"people": people("Portal Users")},
				"actions": appSignOn("1FA", "PT12H")}, true},
		}, true},
		{engine.Obj{"type": "ACCESS_POLICY", "name": "Engineering Apps Policy", "description": "Internal engineering tools"}, []rule{
			{engine.Obj{"name": "Engineers on the corporate network", "conditions": engine.Obj{"people": people("Engineering", "VPN Users"),
				"network": zoneCond("include")}, "actions": appSignOn("1FA", "PT8H")}, true},
			{engine.Obj{"name": "Engineers elsewhere: two factors", "conditions": engine.Obj{"people": people("Engineering", "Engineering Managers")},
				"actions": appSignOn("2FA", "PT2H")}, true},
		}, true},
		{engine.Obj{"type": "ACCESS_POLICY", "name": "Finance Apps Policy", "description": "Finance and payroll apps"}, []rule{
			{engine.Obj{"name": "Finance: two factors every two hours", "conditions": engine.Obj{"people": people("Finance")},
				"actions": appSignOn("2FA", "PT2H")}, true},
			{engine.Obj{"name": "Contractors denied", "conditions": engine.Obj{"people": people("Contractors")},
				"actions": engine.Obj{"appSignOn": engine.Obj{"access": "DENY"}}}, false},
		}, true},
		{engine.Obj{"type": "OKTA_SIGN_ON", "name": "Legacy VPN Sign-On", "description": "Kept for the VPN migration",
			"conditions": engine.Obj{"people": people("VPN Users")}}, nil, false},
		{engine.Obj{"type": "PROFILE_ENROLLMENT", "name": "Portal Self-Registration"}, nil, true},
	}
	ic := policyInternal(c)
	for _, p := range policies {
		pol, err := policiesRes.Insert(ic, "", p.body, nil)
		if err != nil {
			return fmt.Errorf("policy %s: %w", p.body["name"], err)
		}
		if !p.active {
			pol["status"] = "INACTIVE"
		}
		for _, r := range p.rules {
			obj, err := policyRulesRes.Insert(ic, engine.Str(pol, "id"), r.body, nil)
			if err != nil {
				return fmt.Errorf("rule %s of %s: %w", r.body["name"], p.body["name"], err)
			}
			if !r.active {
				obj["status"] = "INACTIVE"
			}
		}
	}
	// Self-registration puts new users in the portal group.
	if pe := policyByName(c, "PROFILE_ENROLLMENT", "Portal Self-Registration"); pe != nil {
		for _, r := range c.Org.List(engine.TablePolicyRules, engine.Str(pe, "id")) {
			engine.Set(r, "actions.profileEnrollment.targetGroupIds", gid("Portal Users"))
		}
	}
	// Contractors sign in through the partner IdP when there is one.
	if idp := c.Org.Find(engine.TableIdPs, "", func(o engine.Obj) bool { return engine.Str(o, "status") != "INACTIVE" }); idp != nil {
		if disc := policySystem(c, "IDP_DISCOVERY"); disc != nil {
			_, err := policyRulesRes.Insert(ic, engine.Str(disc, "id"), engine.Obj{
				"name": "Route contractors to " + engine.Str(idp, "name"),
				"conditions": engine.Obj{"userIdentifier": engine.Obj{"type": "IDENTIFIER",
					"patterns": []any{engine.Obj{"matchType": "SUFFIX", "value": "partner.example.com"}}}},
				"actions": engine.Obj{"idp": engine.Obj{"providers": []any{engine.Obj{"type": engine.Str(idp, "type"), "id": engine.Str(idp, "id")}}}},
			}, nil)
			if err != nil {
				return fmt.Errorf("IdP discovery rule: %w", err)
			}
		}
	}
	return sampleRiskPolicies(c)
}

// generatePolicies builds n policies spread over OKTA_SIGN_ON, PASSWORD,
// ACCESS_POLICY and MFA_ENROLL, each with two or three rules that name
// existing groups, chosen by index so that the same spec builds the same
// org.
func generatePolicies(c *engine.Call, n int) error {
	var groups []string
	for _, g := range c.Org.List(engine.TableGroups, "") {
		if engine.Str(g, "type") != "BUILT_IN" {
			groups = append(groups, engine.Str(g, "id"))
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
		body := engine.Obj{"type": typ, "name": fmt.Sprintf("gen-policy-%05d", i+1), "description": fmt.Sprintf("Generated %s policy %d", typ, i+1)}
		if typ != "ACCESS_POLICY" {
			body["conditions"] = engine.Obj{"people": engine.Obj{"groups": engine.Obj{"include": grp(i)}}}
		}
		if typ == "PASSWORD" {
			body["settings"] = engine.Obj{"password": engine.Obj{"complexity": engine.Obj{"minLength": engine.JSONInt(8 + i%8)}}}
		}
		pol, err := policiesRes.Insert(ic, "", body, nil)
		if err != nil {
			return err
		}
		rules := 2 + i%2
		for j := 0; j < rules; j++ {
			r := engine.Obj{"name": fmt.Sprintf("gen-rule-%d", j+1), "conditions": engine.Obj{"people": engine.Obj{"groups": engine.Obj{"include": grp(i + j + 1)}}}}
			switch typ {
			case "OKTA_SIGN_ON":
				r["actions"] = engine.Obj{"signon": engine.Obj{"access": "ALLOW", "requireFactor": j%2 == 0}}
			case "PASSWORD":
				r["actions"] = engine.Obj{"selfServiceUnlock": engine.Obj{"access": []string{"ALLOW", "DENY"}[j%2]}}
			case "ACCESS_POLICY":
				r["actions"] = engine.Obj{"appSignOn": engine.Obj{"access": "ALLOW",
					"verificationMethod": engine.Obj{"factorMode": []string{"1FA", "2FA"}[j%2], "type": "ASSURANCE"}}}
			case "MFA_ENROLL":
				r["actions"] = engine.Obj{"enroll": engine.Obj{"self": "CHALLENGE"}}
			}
			if _, err := policyRulesRes.Insert(ic, engine.Str(pol, "id"), r, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// policyGroupByName finds a group of the directory family by name, through
// its table, for sample rules that name groups.
func policyGroupByName(c *engine.Call, name string) engine.Obj {
	return c.Org.Find(engine.TableGroups, "", func(o engine.Obj) bool { return engine.Str(o, "profile.name") == name })
}
