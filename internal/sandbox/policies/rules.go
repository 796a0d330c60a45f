package policies

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Policy rules (api-facts §1.3 "Policy rules"): children of a policy. What
// the recordings show and the sandbox reproduces:
//   - ids: `0pr` for the classic policy types, `rul` for ACCESS_POLICY and
//     PROFILE_ENROLLMENT; a rule's `type` is its policy's type, except that
//     OKTA_SIGN_ON policies hold SIGN_ON rules;
//   - the list takes only `limit` (no cursor, no Link header) and comes in
//     priority order;
//   - priorities are dense 1..n per policy (a requested 999 becomes the
//     last free slot: VCR TestAccResourceOktaPolicyRulePassword_priorityError);
//     system rules stay last and a Catch-all Rule stays at 99;
//   - `system: true` rules can't be deleted or deactivated; their self link
//     allows GET and PUT only and they have no lifecycle links;
//   - the lifecycle endpoints answer 204; create honours `?activate=`;
//   - no additional rules on a PROFILE_ENROLLMENT policy (spec);
//   - the server defaults of each rule type, from the recorded create
//     responses (see policyRuleDefaults).
var policyRulesRes = &engine.Resource{
	Name: engine.TablePolicyRules, TypeName: "PolicyRule", Prefix: "0pr", Area: "policies",
	Events: &engine.Events{Type: "PolicyRule", Create: "policy.rule.add", Update: "policy.rule.update", Delete: "policy.rule.delete", Activate: "policy.rule.activate", Deactivate: "policy.rule.deactivate"},
	Coll:   "/api/v1/policies/{policyId}/rules", IDParam: "ruleId", ParentParam: "policyId",
	Parent: policiesRes,
	Life:   engine.Lifecycle{Enabled: true, ActivateParam: true, Reply: engine.ReplyNoContent},
	Sib:    &engine.Siblings{Field: "priority", Pinned: func(o engine.Obj) bool { return engine.BoolAt(o, "system") }},
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "type", Type: engine.TString},
		{Path: "priority", Type: engine.TNumber},
		{Path: "system", Type: engine.TBool},
		{Path: "conditions", Type: engine.TObject},
		{Path: "conditions.people", Type: engine.TObject},
		{Path: "conditions.people.groups", Type: engine.TObject},
		{Path: "conditions.people.groups.include", Type: engine.TArray},
		{Path: "conditions.people.groups.exclude", Type: engine.TArray},
		{Path: "conditions.people.users", Type: engine.TObject},
		{Path: "conditions.people.users.include", Type: engine.TArray},
		{Path: "conditions.people.users.exclude", Type: engine.TArray},
		{Path: "conditions.network", Type: engine.TObject},
		{Path: "conditions.network.connection", Type: engine.TString, Enum: []string{"ANYWHERE", "ZONE"}},
		{Path: "conditions.network.include", Type: engine.TArray},
		{Path: "conditions.network.exclude", Type: engine.TArray},
		{Path: "conditions.identityProvider", Type: engine.TObject},
		{Path: "conditions.identityProvider.idpIds", Type: engine.TArray},
		{Path: "conditions.userType", Type: engine.TObject},
		{Path: "conditions.app", Type: engine.TObject},
		{Path: "conditions.platform", Type: engine.TObject},
		{Path: "actions", Type: engine.TObject},
		{Path: "actions.signon", Type: engine.TObject},
		{Path: "actions.signon.access", Type: engine.TString, Enum: []string{"ALLOW", "DENY"}},
		{Path: "actions.signon.requireFactor", Type: engine.TBool},
		{Path: "actions.signon.session", Type: engine.TObject},
		{Path: "actions.signon.session.maxSessionIdleMinutes", Type: engine.TNumber},
		{Path: "actions.signon.session.maxSessionLifetimeMinutes", Type: engine.TNumber},
		{Path: "actions.signon.session.usePersistentCookie", Type: engine.TBool},
		{Path: "actions.appSignOn", Type: engine.TObject},
		{Path: "actions.appSignOn.access", Type: engine.TString, Enum: []string{"ALLOW", "DENY"}},
		{Path: "actions.appSignOn.verificationMethod", Type: engine.TObject},
		{Path: "actions.enroll", Type: engine.TObject},
		{Path: "actions.enroll.self", Type: engine.TString, Enum: []string{"CHALLENGE", "LOGIN", "NEVER"}},
		{Path: "actions.idp", Type: engine.TObject},
		{Path: "actions.idp.providers", Type: engine.TArray},
		{Path: "actions.profileEnrollment", Type: engine.TObject},
		{Path: "actions.passwordChange", Type: engine.TObject},
		{Path: "actions.selfServicePasswordReset", Type: engine.TObject},
		{Path: "actions.selfServiceUnlock", Type: engine.TObject},
	},
	Keep:   []string{"system"},
	System: func(o engine.Obj) bool { return engine.BoolAt(o, "system") },
}

func init() {
	policyRulesRes.Prepare = preparePolicyRule
	policyRulesRes.Links = policyRuleLinks
	policyRulesRes.Filter = func(c *engine.Call, _ string, items []engine.Obj) ([]engine.Obj, *engine.APIError) {
		items = append([]engine.Obj(nil), items...)
		policySortByPriority(items)
		if n, err := strconv.Atoi(c.Query().Get("limit")); err == nil && n > 0 && n < len(items) {
			items = items[:n]
		}
		return items, nil
	}
	policyRulesRes.BeforeStatus = func(c *engine.Call, _ string, cur engine.Obj, status string) *engine.APIError {
		if status == "INACTIVE" && engine.BoolAt(cur, "system") {
			return engine.NewError(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action", "A system rule can't be deactivated")
		}
		return nil
	}
}

// RuleType is the rule type a policy type holds.
func RuleType(policyType string) string {
	if policyType == "OKTA_SIGN_ON" {
		return "SIGN_ON"
	}
	return policyType
}

// policyRuleIsIdpDefault reports the IdP discovery policy's default rule,
// which the spec calls immutable ("an immutable default Rule routing to
// your org's sign-in page").
func policyRuleIsIdpDefault(o engine.Obj) bool {
	return engine.BoolAt(o, "system") && engine.Str(o, "type") == "IDP_DISCOVERY"
}

func preparePolicyRule(c *engine.Call, policyID string, body, cur engine.Obj) *engine.APIError {
	pol := c.Org.Get(engine.TablePolicies, "", policyID)
	ptype := engine.Str(pol, "type")
	rtype := RuleType(ptype)
	if t := engine.Str(body, "type"); t != "" && t != rtype {
		return engine.ErrValidation("type", fmt.Sprintf("type: A %s policy holds rules of type %s, not %s", ptype, rtype, t))
	}
	body["type"] = rtype
	name := engine.Str(body, "name")
	if strings.TrimSpace(name) == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	if len([]rune(name)) > 255 {
		return engine.ErrValidation("name", "name: The field is too long")
	}
	dup := c.Org.Find(engine.TablePolicyRules, policyID, func(o engine.Obj) bool {
		return strings.EqualFold(engine.Str(o, "name"), name) && (cur == nil || engine.Str(o, "id") != engine.Str(cur, "id"))
	})
	if dup != nil {
		return engine.ErrValidation("name", "name: A rule with this name already exists in the policy")
	}

	system := false
	if cur == nil {
		system = c.Request() == nil && engine.BoolAt(body, "system")
		if !system && slices.Contains(noExtraRules, ptype) && c.Request() != nil {
			return engine.ErrValidation("type", "type: You can't create additional rules for a "+ptype+" policy")
		}
		body["system"] = system
		prefix := "0pr"
		if TypeIsOIE(ptype) {
			prefix = "rul"
		}
		body["id"] = c.Org.NewID(prefix)
	} else {
		system = engine.BoolAt(cur, "system")
		if policyRuleIsIdpDefault(cur) {
			return engine.NewError(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action", "The default rule of the IdP discovery policy can't be changed")
		}
	}
	if system {
		if cur != nil {
			// A system rule keeps its place (and a catch-all its 99).
			p, _ := engine.IntAt(cur, "priority")
			body["priority"] = engine.JSONInt(p)
		}
		if TypeIsOIE(ptype) {
			body["conditions"] = nil // a catch-all matches everyone
		}
	} else if p, has := engine.IntAt(body, "priority"); has && p < 1 {
		body["priority"] = engine.JSONInt(1)
	}
	if handled, err := riskRuleDefaults(body, rtype, system); err != nil {
		return err
	} else if !handled {
		if err := policyRuleDefaults(body, rtype, system); err != nil {
			return err
		}
	}
	return policyRuleCheckRefs(c, body)
}

// policyRuleDefaults fills in what Okta adds to a rule of each type, as
// the recorded create responses show.
func policyRuleDefaults(body engine.Obj, rtype string, system bool) *engine.APIError {
	cond := func() engine.Obj {
		m, _ := body["conditions"].(map[string]any)
		if m == nil {
			m = engine.Obj{}
			body["conditions"] = m
		}
		return m
	}
	usersExclude := func() {
		if engine.At(body, "conditions.people") == nil {
			engine.Set(cond(), "people", engine.Obj{"users": engine.Obj{"exclude": []any{}}})
		}
	}
	network := func() *engine.APIError {
		c := cond()
		inc, exc := engine.StringsAt(c, "network.include"), engine.StringsAt(c, "network.exclude")
		if engine.Str(c, "network.connection") == "" && len(inc)+len(exc) > 0 {
			engine.Set(c, "network.connection", "ZONE")
		}
		engine.SetDefault(c, "network.connection", "ANYWHERE")
		if engine.Str(c, "network.connection") == "ZONE" && len(inc)+len(exc) == 0 {
			return engine.ErrValidation("conditions.network", "conditions.network: A ZONE connection needs zones in include or exclude")
		}
		return nil
	}
	switch rtype {
	case "SIGN_ON":
		// VCR TestAccResourceOktaPolicyRuleSignon_GH2419 and _GH2494.
		usersExclude()
		if err := network(); err != nil {
			return err
		}
		c := cond()
		engine.SetDefault(c, "authContext.authType", "ANY")
		engine.SetDefault(c, "identityProvider.provider", "ANY")
		if engine.At(c, "riskScore") != nil {
			engine.SetDefault(c, "risk.behaviors", []any{})
		}
		policyFillDefaults(body, engine.Obj{"actions": engine.Obj{"signon": engine.Obj{
			"access": "ALLOW", "requireFactor": false, "primaryFactor": "PASSWORD_IDP_ANY_FACTOR",
			"rememberDeviceByDefault": false,
			"session":                 engine.Obj{"usePersistentCookie": false, "maxSessionIdleMinutes": engine.JSONInt(120), "maxSessionLifetimeMinutes": engine.JSONInt(120)},
		}}})
	case "ACCESS_POLICY":
		// VCR TestAccResourceOktaAppSignOnPolicyRule_crud, …Rules_crud,
		// …_custom_expression, …_AUTH_METHOD_CHAIN; the catch-all's
		// conditions stay null.
		if !system {
			usersExclude()
			if err := network(); err != nil {
				return err
			}
			c := cond()
			engine.SetDefault(c, "userType.include", []any{})
			engine.SetDefault(c, "userType.exclude", []any{})
			if pl, ok := c["platform"].(map[string]any); ok {
				if inc, _ := pl["include"].([]any); len(inc) == 0 {
					delete(c, "platform")
				} else {
					engine.SetDefault(pl, "exclude", []any{})
					for _, x := range inc {
						if m, ok := x.(map[string]any); ok {
							if os, ok := m["os"].(map[string]any); ok {
								if v, has := os["expression"]; has && v == nil {
									delete(os, "expression")
								}
							}
						}
					}
				}
			}
			if engine.At(c, "elCondition") == nil {
				engine.SetDefault(c, "riskScore.level", "ANY")
			}
		}
		policyFillDefaults(body, engine.Obj{"actions": engine.Obj{"appSignOn": engine.Obj{
			"access":         "ALLOW",
			"keepMeSignedIn": engine.Obj{"postAuth": "NOT_ALLOWED"},
		}}})
		vm, _ := engine.At(body, "actions.appSignOn.verificationMethod").(map[string]any)
		if vm == nil {
			vm = engine.Obj{"factorMode": "2FA", "type": "ASSURANCE"}
			engine.Set(body, "actions.appSignOn.verificationMethod", vm)
		}
		engine.SetDefault(vm, "type", "ASSURANCE")
		switch engine.Str(vm, "type") {
		case "ASSURANCE":
			engine.SetDefault(vm, "factorMode", "2FA")
			engine.SetDefault(vm, "reauthenticateIn", "PT12H")
		case "AUTH_METHOD_CHAIN":
			delete(vm, "factorMode")
			delete(vm, "inactivityPeriod")
		case "ID_PROOFING":
		default:
			return engine.ErrValidation("actions.appSignOn.verificationMethod.type",
				"actions.appSignOn.verificationMethod.type: '"+engine.Str(vm, "type")+"' is not a valid value; allowed: [ASSURANCE AUTH_METHOD_CHAIN ID_PROOFING]")
		}
	case "PASSWORD":
		// VCR TestAccResourceOktaPolicyRulePassword_sspr and _priorityError.
		usersExclude()
		if err := network(); err != nil {
			return err
		}
		policyFillDefaults(body, engine.Obj{"actions": engine.Obj{
			"passwordChange":           engine.Obj{"access": "ALLOW"},
			"selfServicePasswordReset": engine.Obj{"access": "ALLOW"},
			"selfServiceUnlock":        engine.Obj{"access": "DENY"},
		}})
	case "MFA_ENROLL":
		usersExclude()
		if err := network(); err != nil {
			return err
		}
		policyFillDefaults(body, engine.Obj{"actions": engine.Obj{"enroll": engine.Obj{"self": "CHALLENGE"}}})
	case "IDP_DISCOVERY":
		// VCR TestAccResourceOktaPolicyRuleIdpDiscovery_dynamic.
		if err := network(); err != nil {
			return err
		}
		c := cond()
		engine.SetDefault(c, "userIdentifier.patterns", []any{})
		engine.SetDefault(c, "app.include", []any{})
		engine.SetDefault(c, "app.exclude", []any{})
		if engine.Str(body, "actions.idp.idpSelectionType") == "DYNAMIC" {
			engine.SetDefault(body, "actions.idp.providers", []any{})
			crit, _ := engine.At(body, "actions.idp.matchCriteria").([]any)
			for _, x := range crit {
				if m, ok := x.(map[string]any); ok {
					engine.SetDefault(m, "propertyName", "name")
				}
			}
		} else {
			engine.SetDefault(body, "actions.idp.providers", []any{engine.Obj{"type": "OKTA"}})
		}
	case "PROFILE_ENROLLMENT":
		// VCR TestAccResourceOktaPolicyRuleProfileEnrollment_Issue1213.
		pe, _ := engine.At(body, "actions.profileEnrollment").(map[string]any)
		if pe == nil {
			pe = engine.Obj{}
			engine.Set(body, "actions.profileEnrollment", pe)
		}
		policyFillDefaults(pe, engine.Obj{
			"access":                     "ALLOW",
			"preRegistrationInlineHooks": nil,
			"profileAttributes": []any{
				engine.Obj{"name": "firstName", "label": "First name", "required": true},
				engine.Obj{"name": "email", "label": "Primary email", "required": true},
			},
			"targetGroupIds":             nil,
			"unknownUserAction":          "REGISTER",
			"activationRequirements":     engine.Obj{"emailVerification": true},
			"progressiveProfilingAction": "ENABLED",
			"allowedIdentifiers":         []any{"login"},
		})
	}
	return nil
}

// policyRuleCheckRefs checks every id a rule names: groups and users in
// people conditions, zones in network conditions, IdPs, user types, apps,
// and the groups and inline hooks of a profile enrollment action.
func policyRuleCheckRefs(c *engine.Call, body engine.Obj) *engine.APIError {
	if err := policyCheckPeople(c, body, "conditions.people"); err != nil {
		return err
	}
	checks := []struct{ path, table, kind string }{
		{"conditions.network.include", engine.TableZones, "Network zone"},
		{"conditions.network.exclude", engine.TableZones, "Network zone"},
		{"conditions.identityProvider.idpIds", engine.TableIdPs, "Identity provider"},
		{"conditions.userType.include", engine.TableUserTypes, "User type"},
		{"conditions.userType.exclude", engine.TableUserTypes, "User type"},
		{"actions.profileEnrollment.targetGroupIds", engine.TableGroups, "Group"},
		{"conditions.risk.behaviors", engine.TableBehaviors, "Behavior"},
		{"conditions.device.assurance.include", engine.TableDeviceAssurances, "Device assurance policy"},
	}
	for _, ch := range checks {
		if err := policyCheckIDs(c, body, ch.path, ch.table, ch.kind); err != nil {
			return err
		}
	}
	if id := engine.Str(body, "actions.profileEnrollment.uiSchemaId"); id != "" && c.Org.Get(engine.TableUISchemas, "", id) == nil {
		return engine.ErrValidation("actions.profileEnrollment.uiSchemaId", "actions.profileEnrollment.uiSchemaId: UI schema "+id+" does not exist")
	}
	if engine.Str(body, "conditions.identityProvider.provider") == "SPECIFIC_IDP" && len(engine.StringsAt(body, "conditions.identityProvider.idpIds")) == 0 {
		return engine.ErrValidation("conditions.identityProvider.idpIds", "conditions.identityProvider.idpIds: SPECIFIC_IDP needs at least one identity provider")
	}
	for _, p := range []string{"conditions.app.include", "conditions.app.exclude"} {
		arr, _ := engine.At(body, p).([]any)
		for _, x := range arr {
			m, ok := x.(map[string]any)
			if !ok {
				return engine.ErrMalformed()
			}
			if id := engine.Str(m, "id"); id != "" && engine.Str(m, "type") != "APP_TYPE" && c.Org.Get(engine.TableApps, "", id) == nil {
				return engine.ErrValidation(p, p+": Application "+id+" does not exist")
			}
		}
	}
	providers, _ := engine.At(body, "actions.idp.providers").([]any)
	for _, x := range providers {
		m, ok := x.(map[string]any)
		if !ok {
			return engine.ErrMalformed()
		}
		if id := engine.Str(m, "id"); id != "" && c.Org.Get(engine.TableIdPs, "", id) == nil {
			return engine.ErrValidation("actions.idp.providers", "actions.idp.providers: Identity provider "+id+" does not exist")
		}
	}
	hooks, _ := engine.At(body, "actions.profileEnrollment.preRegistrationInlineHooks").([]any)
	for _, x := range hooks {
		m, ok := x.(map[string]any)
		if !ok {
			return engine.ErrMalformed()
		}
		if id := engine.Str(m, "inlineHookId"); id != "" && c.Org.Get(engine.TableInlineHooks, "", id) == nil {
			return engine.ErrValidation("actions.profileEnrollment.preRegistrationInlineHooks",
				"actions.profileEnrollment.preRegistrationInlineHooks: Inline hook "+id+" does not exist")
		}
	}
	return nil
}

func policyRuleLinks(c *engine.Call, _ string, o engine.Obj, l engine.Obj) {
	if !engine.BoolAt(o, "system") {
		return
	}
	delete(l, "activate")
	delete(l, "deactivate")
	if policyRuleIsIdpDefault(o) {
		if self, ok := l["self"].(map[string]any); ok {
			self["hints"] = engine.Obj{"allow": []any{"GET"}}
		}
	}
}

// policyCatchAllRule is the system rule a new ACCESS_POLICY or
// PROFILE_ENROLLMENT policy gets. A new ACCESS_POLICY's catch-all requires
// a device-bound possession factor (VCR …AppSignOnPolicyRule_AUTH_METHOD_CHAIN);
// the org's system policy's does not (VCR …AppSignOnPolicyRules_Issue2774).
func policyCatchAllRule(policyType string, systemPolicy bool) engine.Obj {
	r := engine.Obj{"name": "Catch-all Rule", "priority": engine.JSONInt(99), "system": true, "conditions": nil}
	if policyType == "ACCESS_POLICY" {
		vm := engine.Obj{"factorMode": "2FA", "type": "ASSURANCE", "reauthenticateIn": "PT12H"}
		if !systemPolicy {
			vm["constraints"] = []any{engine.Obj{"possession": engine.Obj{"required": true, "deviceBound": "REQUIRED"}}}
		}
		r["actions"] = engine.Obj{"appSignOn": engine.Obj{"access": "ALLOW", "verificationMethod": vm, "keepMeSignedIn": engine.Obj{"postAuth": "NOT_ALLOWED"}}}
	}
	return r
}
