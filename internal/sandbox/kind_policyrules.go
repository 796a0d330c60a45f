package sandbox

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
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
var policyRulesRes = &resource{
	name: "policyRules", typeName: "PolicyRule", prefix: "0pr", area: "policies",
	coll: "/api/v1/policies/{policyId}/rules", idParam: "ruleId", parentParam: "policyId",
	parent: policiesRes,
	life:   lifecycle{enabled: true, activateParam: true, reply: replyNoContent},
	sib:    &siblings{field: "priority", pinned: func(o Obj) bool { return boolAt(o, "system") }},
	fields: []field{
		{path: "name", typ: tString, required: true},
		{path: "type", typ: tString},
		{path: "priority", typ: tNumber},
		{path: "system", typ: tBool},
		{path: "conditions", typ: tObject},
		{path: "conditions.people", typ: tObject},
		{path: "conditions.people.groups", typ: tObject},
		{path: "conditions.people.groups.include", typ: tArray},
		{path: "conditions.people.groups.exclude", typ: tArray},
		{path: "conditions.people.users", typ: tObject},
		{path: "conditions.people.users.include", typ: tArray},
		{path: "conditions.people.users.exclude", typ: tArray},
		{path: "conditions.network", typ: tObject},
		{path: "conditions.network.connection", typ: tString, enum: []string{"ANYWHERE", "ZONE"}},
		{path: "conditions.network.include", typ: tArray},
		{path: "conditions.network.exclude", typ: tArray},
		{path: "conditions.identityProvider", typ: tObject},
		{path: "conditions.identityProvider.idpIds", typ: tArray},
		{path: "conditions.userType", typ: tObject},
		{path: "conditions.app", typ: tObject},
		{path: "conditions.platform", typ: tObject},
		{path: "actions", typ: tObject},
		{path: "actions.signon", typ: tObject},
		{path: "actions.signon.access", typ: tString, enum: []string{"ALLOW", "DENY"}},
		{path: "actions.signon.requireFactor", typ: tBool},
		{path: "actions.signon.session", typ: tObject},
		{path: "actions.signon.session.maxSessionIdleMinutes", typ: tNumber},
		{path: "actions.signon.session.maxSessionLifetimeMinutes", typ: tNumber},
		{path: "actions.signon.session.usePersistentCookie", typ: tBool},
		{path: "actions.appSignOn", typ: tObject},
		{path: "actions.appSignOn.access", typ: tString, enum: []string{"ALLOW", "DENY"}},
		{path: "actions.appSignOn.verificationMethod", typ: tObject},
		{path: "actions.enroll", typ: tObject},
		{path: "actions.enroll.self", typ: tString, enum: []string{"CHALLENGE", "LOGIN", "NEVER"}},
		{path: "actions.idp", typ: tObject},
		{path: "actions.idp.providers", typ: tArray},
		{path: "actions.profileEnrollment", typ: tObject},
		{path: "actions.passwordChange", typ: tObject},
		{path: "actions.selfServicePasswordReset", typ: tObject},
		{path: "actions.selfServiceUnlock", typ: tObject},
	},
	keep:   []string{"system"},
	system: func(o Obj) bool { return boolAt(o, "system") },
}

func init() {
	policyRulesRes.prepare = preparePolicyRule
	policyRulesRes.links = policyRuleLinks
	policyRulesRes.filter = func(c *call, _ string, items []Obj) ([]Obj, *apiError) {
		items = append([]Obj(nil), items...)
		policySortByPriority(items)
		if n, err := strconv.Atoi(c.query().Get("limit")); err == nil && n > 0 && n < len(items) {
			items = items[:n]
		}
		return items, nil
	}
	policyRulesRes.beforeStatus = func(c *call, _ string, cur Obj, status string) *apiError {
		if status == "INACTIVE" && boolAt(cur, "system") {
			return newError(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action", "A system rule can't be deactivated")
		}
		return nil
	}
}

// policyRuleType is the rule type a policy type holds.
func policyRuleType(policyType string) string {
	if policyType == "OKTA_SIGN_ON" {
		return "SIGN_ON"
	}
	return policyType
}

// policyRuleIsIdpDefault reports the IdP discovery policy's default rule,
// which the spec calls immutable ("an immutable default Rule routing to
// your org's sign-in page").
func policyRuleIsIdpDefault(o Obj) bool {
	return boolAt(o, "system") && str(o, "type") == "IDP_DISCOVERY"
}

func preparePolicyRule(c *call, policyID string, body, cur Obj) *apiError {
	pol := c.o.get("policies", "", policyID)
	ptype := str(pol, "type")
	rtype := policyRuleType(ptype)
	if t := str(body, "type"); t != "" && t != rtype {
		return errValidation("type", fmt.Sprintf("type: A %s policy holds rules of type %s, not %s", ptype, rtype, t))
	}
	body["type"] = rtype
	name := str(body, "name")
	if strings.TrimSpace(name) == "" {
		return errValidation("name", "name: The field cannot be left blank")
	}
	if len([]rune(name)) > 255 {
		return errValidation("name", "name: The field is too long")
	}
	dup := c.o.find("policyRules", policyID, func(o Obj) bool {
		return strings.EqualFold(str(o, "name"), name) && (cur == nil || str(o, "id") != str(cur, "id"))
	})
	if dup != nil {
		return errValidation("name", "name: A rule with this name already exists in the policy")
	}

	system := false
	if cur == nil {
		system = c.request() == nil && boolAt(body, "system")
		if !system && (ptype == "PROFILE_ENROLLMENT") {
			return errValidation("type", "type: You can't create additional rules for a "+ptype+" policy")
		}
		body["system"] = system
		prefix := "0pr"
		if policyTypeIsOIE(ptype) {
			prefix = "rul"
		}
		body["id"] = c.o.newID(prefix)
	} else {
		system = boolAt(cur, "system")
		if policyRuleIsIdpDefault(cur) {
			return newError(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action", "The default rule of the IdP discovery policy can't be changed")
		}
	}
	if system {
		if cur != nil {
			// A system rule keeps its place (and a catch-all its 99).
			p, _ := intAt(cur, "priority")
			body["priority"] = jsonInt(p)
		}
		if policyTypeIsOIE(ptype) {
			body["conditions"] = nil // a catch-all matches everyone
		}
	} else if p, has := intAt(body, "priority"); has && p < 1 {
		body["priority"] = jsonInt(1)
	}
	if err := policyRuleDefaults(body, rtype, system); err != nil {
		return err
	}
	return policyRuleCheckRefs(c, body)
}

// policyRuleDefaults fills in what Okta adds to a rule of each type, as
// the recorded create responses show.
func policyRuleDefaults(body Obj, rtype string, system bool) *apiError {
	cond := func() Obj {
		m, _ := body["conditions"].(map[string]any)
		if m == nil {
			m = Obj{}
			body["conditions"] = m
		}
		return m
	}
	usersExclude := func() {
		if at(body, "conditions.people") == nil {
			set(cond(), "people", Obj{"users": Obj{"exclude": []any{}}})
		}
	}
	network := func() *apiError {
		c := cond()
		inc, exc := stringsAt(c, "network.include"), stringsAt(c, "network.exclude")
		if str(c, "network.connection") == "" && len(inc)+len(exc) > 0 {
			set(c, "network.connection", "ZONE")
		}
		setDefault(c, "network.connection", "ANYWHERE")
		if str(c, "network.connection") == "ZONE" && len(inc)+len(exc) == 0 {
			return errValidation("conditions.network", "conditions.network: A ZONE connection needs zones in include or exclude")
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
		setDefault(c, "authContext.authType", "ANY")
		setDefault(c, "identityProvider.provider", "ANY")
		if at(c, "riskScore") != nil {
			setDefault(c, "risk.behaviors", []any{})
		}
		policyFillDefaults(body, Obj{"actions": Obj{"signon": Obj{
			"access": "ALLOW", "requireFactor": false, "primaryFactor": "PASSWORD_IDP_ANY_FACTOR",
			"rememberDeviceByDefault": false,
			"session":                 Obj{"usePersistentCookie": false, "maxSessionIdleMinutes": jsonInt(120), "maxSessionLifetimeMinutes": jsonInt(120)},
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
			setDefault(c, "userType.include", []any{})
			setDefault(c, "userType.exclude", []any{})
			if pl, ok := c["platform"].(map[string]any); ok {
				if inc, _ := pl["include"].([]any); len(inc) == 0 {
					delete(c, "platform")
				} else {
					setDefault(pl, "exclude", []any{})
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
			if at(c, "elCondition") == nil {
				setDefault(c, "riskScore.level", "ANY")
			}
		}
		policyFillDefaults(body, Obj{"actions": Obj{"appSignOn": Obj{
			"access":         "ALLOW",
			"keepMeSignedIn": Obj{"postAuth": "NOT_ALLOWED"},
		}}})
		vm, _ := at(body, "actions.appSignOn.verificationMethod").(map[string]any)
		if vm == nil {
			vm = Obj{"factorMode": "2FA", "type": "ASSURANCE"}
			set(body, "actions.appSignOn.verificationMethod", vm)
		}
		setDefault(vm, "type", "ASSURANCE")
		switch str(vm, "type") {
		case "ASSURANCE":
			setDefault(vm, "factorMode", "2FA")
			setDefault(vm, "reauthenticateIn", "PT12H")
		case "AUTH_METHOD_CHAIN":
			delete(vm, "factorMode")
			delete(vm, "inactivityPeriod")
		case "ID_PROOFING":
		default:
			return errValidation("actions.appSignOn.verificationMethod.type",
				"actions.appSignOn.verificationMethod.type: '"+str(vm, "type")+"' is not a valid value; allowed: [ASSURANCE AUTH_METHOD_CHAIN ID_PROOFING]")
		}
	case "PASSWORD":
		// VCR TestAccResourceOktaPolicyRulePassword_sspr and _priorityError.
		usersExclude()
		if err := network(); err != nil {
			return err
		}
		policyFillDefaults(body, Obj{"actions": Obj{
			"passwordChange":           Obj{"access": "ALLOW"},
			"selfServicePasswordReset": Obj{"access": "ALLOW"},
			"selfServiceUnlock":        Obj{"access": "DENY"},
		}})
	case "MFA_ENROLL":
		usersExclude()
		if err := network(); err != nil {
			return err
		}
		policyFillDefaults(body, Obj{"actions": Obj{"enroll": Obj{"self": "CHALLENGE"}}})
	case "IDP_DISCOVERY":
		// VCR TestAccResourceOktaPolicyRuleIdpDiscovery_dynamic.
		if err := network(); err != nil {
			return err
		}
		c := cond()
		setDefault(c, "userIdentifier.patterns", []any{})
		setDefault(c, "app.include", []any{})
		setDefault(c, "app.exclude", []any{})
		if str(body, "actions.idp.idpSelectionType") == "DYNAMIC" {
			setDefault(body, "actions.idp.providers", []any{})
			crit, _ := at(body, "actions.idp.matchCriteria").([]any)
			for _, x := range crit {
				if m, ok := x.(map[string]any); ok {
					setDefault(m, "propertyName", "name")
				}
			}
		} else {
			setDefault(body, "actions.idp.providers", []any{Obj{"type": "OKTA"}})
		}
	case "PROFILE_ENROLLMENT":
		// VCR TestAccResourceOktaPolicyRuleProfileEnrollment_Issue1213.
		pe, _ := at(body, "actions.profileEnrollment").(map[string]any)
		if pe == nil {
			pe = Obj{}
			set(body, "actions.profileEnrollment", pe)
		}
		policyFillDefaults(pe, Obj{
			"access":                     "ALLOW",
			"preRegistrationInlineHooks": nil,
			"profileAttributes": []any{
				Obj{"name": "firstName", "label": "First name", "required": true},
				Obj{"name": "email", "label": "Primary email", "required": true},
			},
			"targetGroupIds":             nil,
			"unknownUserAction":          "REGISTER",
			"activationRequirements":     Obj{"emailVerification": true},
			"progressiveProfilingAction": "ENABLED",
			"allowedIdentifiers":         []any{"login"},
		})
	}
	return nil
}

// policyRuleCheckRefs checks every id a rule names: groups and users in
// people conditions, zones in network conditions, IdPs, user types, apps,
// and the groups and inline hooks of a profile enrollment action.
func policyRuleCheckRefs(c *call, body Obj) *apiError {
	if err := policyCheckPeople(c, body, "conditions.people"); err != nil {
		return err
	}
	checks := []struct{ path, table, kind string }{
		{"conditions.network.include", "zones", "Network zone"},
		{"conditions.network.exclude", "zones", "Network zone"},
		{"conditions.identityProvider.idpIds", "idps", "Identity provider"},
		{"conditions.userType.include", "userTypes", "User type"},
		{"conditions.userType.exclude", "userTypes", "User type"},
		{"actions.profileEnrollment.targetGroupIds", "groups", "Group"},
	}
	for _, ch := range checks {
		if err := policyCheckIDs(c, body, ch.path, ch.table, ch.kind); err != nil {
			return err
		}
	}
	if str(body, "conditions.identityProvider.provider") == "SPECIFIC_IDP" && len(stringsAt(body, "conditions.identityProvider.idpIds")) == 0 {
		return errValidation("conditions.identityProvider.idpIds", "conditions.identityProvider.idpIds: SPECIFIC_IDP needs at least one identity provider")
	}
	for _, p := range []string{"conditions.app.include", "conditions.app.exclude"} {
		arr, _ := at(body, p).([]any)
		for _, x := range arr {
			m, ok := x.(map[string]any)
			if !ok {
				return errMalformed()
			}
			if id := str(m, "id"); id != "" && str(m, "type") != "APP_TYPE" && c.o.get("apps", "", id) == nil {
				return errValidation(p, p+": Application "+id+" does not exist")
			}
		}
	}
	providers, _ := at(body, "actions.idp.providers").([]any)
	for _, x := range providers {
		m, ok := x.(map[string]any)
		if !ok {
			return errMalformed()
		}
		if id := str(m, "id"); id != "" && c.o.get("idps", "", id) == nil {
			return errValidation("actions.idp.providers", "actions.idp.providers: Identity provider "+id+" does not exist")
		}
	}
	hooks, _ := at(body, "actions.profileEnrollment.preRegistrationInlineHooks").([]any)
	for _, x := range hooks {
		m, ok := x.(map[string]any)
		if !ok {
			return errMalformed()
		}
		if id := str(m, "inlineHookId"); id != "" && c.o.get("inlineHooks", "", id) == nil {
			return errValidation("actions.profileEnrollment.preRegistrationInlineHooks",
				"actions.profileEnrollment.preRegistrationInlineHooks: Inline hook "+id+" does not exist")
		}
	}
	return nil
}

func policyRuleLinks(c *call, _ string, o Obj, l Obj) {
	if !boolAt(o, "system") {
		return
	}
	delete(l, "activate")
	delete(l, "deactivate")
	if policyRuleIsIdpDefault(o) {
		if self, ok := l["self"].(map[string]any); ok {
			self["hints"] = Obj{"allow": []any{"GET"}}
		}
	}
}

// policyCatchAllRule is the system rule a new ACCESS_POLICY or
// PROFILE_ENROLLMENT policy gets. A new ACCESS_POLICY's catch-all requires
// a device-bound possession factor (VCR …AppSignOnPolicyRule_AUTH_METHOD_CHAIN);
// the org's system policy's does not (VCR …AppSignOnPolicyRules_Issue2774).
func policyCatchAllRule(policyType string, systemPolicy bool) Obj {
	r := Obj{"name": "Catch-all Rule", "priority": jsonInt(99), "system": true, "conditions": nil}
	if policyType == "ACCESS_POLICY" {
		vm := Obj{"factorMode": "2FA", "type": "ASSURANCE", "reauthenticateIn": "PT12H"}
		if !systemPolicy {
			vm["constraints"] = []any{Obj{"possession": Obj{"required": true, "deviceBound": "REQUIRED"}}}
		}
		r["actions"] = Obj{"appSignOn": Obj{"access": "ALLOW", "verificationMethod": vm, "keepMeSignedIn": Obj{"postAuth": "NOT_ALLOWED"}}}
	}
	return r
}
