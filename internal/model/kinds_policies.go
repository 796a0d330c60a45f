package model

// policyTypes are the policy types oktasync covers; each is listed with
// its own type= query because Okta requires the parameter. A type the org
// lacks (an Early Access feature that is off, an org without Identity
// Threat Protection) answers E0000015, and export skips that type with a
// warning.
var policyTypes = [...]string{"OKTA_SIGN_ON", "PASSWORD", "MFA_ENROLL", "ACCESS_POLICY", "PROFILE_ENROLLMENT", "IDP_DISCOVERY",
	"POST_AUTH_SESSION", "ENTITY_RISK", "SESSION_VIOLATION_DETECTION", "DEVICE_SIGNAL_COLLECTION", "CLIENT_UPDATE"}

// seededPolicyTypes are the types of which every org has exactly one
// policy, made by Okta: creating one isn't supported (spec Policy.type; the
// SESSION_VIOLATION_DETECTION policy is recorded as a system policy too).
var seededPolicyTypes = anyOf("IDP_DISCOVERY", "POST_AUTH_SESSION", "ENTITY_RISK", "SESSION_VIOLATION_DETECTION", "CLIENT_UPDATE")

// closedPolicyTypes are the types whose policies accept no rules besides
// the ones Okta makes (spec createPolicyRule).
var closedPolicyTypes = anyOf("PROFILE_ENROLLMENT", "POST_AUTH_SESSION", "CLIENT_UPDATE")

func policyKinds() []Kind {
	queries := make([]string, len(policyTypes))
	for i, t := range policyTypes {
		queries[i] = "type=" + t
	}
	peopleRefs := []RefField{
		{Path: "conditions.people.groups.include[]", Target: "groups"},
		{Path: "conditions.people.groups.exclude[]", Target: "groups"},
		{Path: "conditions.people.users.include[]", Target: "users", External: true, ByLogin: true},
		{Path: "conditions.people.users.exclude[]", Target: "users", External: true, ByLogin: true},
	}
	peopleSets := []string{
		"conditions.people.groups.include", "conditions.people.groups.exclude",
		"conditions.people.users.include", "conditions.people.users.exclude",
	}
	return []Kind{
		{
			Name:       "policies",
			Log:        &LogEvents{TargetType: "Policy", Types: []string{"policy.lifecycle.create", "policy.lifecycle.update", "policy.lifecycle.delete", "policy.lifecycle.activate", "policy.lifecycle.deactivate"}, Ignore: []string{"application.policy.sign_on.update"}},
			Title:      "Policy",
			Schema:     "policies.json",
			ScopeArea:  "policies",
			SlugFields: []string{"type", "name"},
			Identity:   []string{"type", "name"},
			IDPrefixes: []string{"00p", "rst"},
			List:       List{Path: "/api/v1/policies", Queries: queries, Limit: 200, Paged: true},
			Get:        get("/api/v1/policies/{id}"),
			Create:     post("/api/v1/policies"),
			Update:     put("/api/v1/policies/{id}"),
			Delete:     del("/api/v1/policies/{id}"),
			Lifecycle: &Lifecycle{
				StatusField:         "status",
				Statuses:            status(),
				Activate:            post("/api/v1/policies/{id}/lifecycle/activate"),
				Deactivate:          post("/api/v1/policies/{id}/lifecycle/deactivate"),
				CreateActivateParam: "activate",
			},
			Refs: append(append([]RefField(nil), peopleRefs...),
				RefField{Path: "settings.authenticators[].id", Target: "authenticators"},
			),
			ReadOnly:   readOnly("system"),
			Immutable:  []string{"type"},
			Sets:       peopleSets,
			OrderField: "priority",
			System: &SystemRule{
				Match:      []map[string]any{{"system": true}},
				RoleFields: []string{"type"},
				Allowed:    SystemUpdateOnly,
			},
			CreateRefused: []CreateRefusal{{When: map[string]any{"type": seededPolicyTypes},
				Reason: "every org has exactly one policy of this type, which Okta makes; it is matched by its role (the type) and only updated"}},
			Notes: []string{
				"POST_AUTH_SESSION, ENTITY_RISK, SESSION_VIOLATION_DETECTION, CLIENT_UPDATE (and IDP_DISCOVERY): Okta makes the one policy of the type; it is update-only and a new one is refused by the plan.",
				"a type the org lacks (Identity Threat Protection off, DEVICE_SIGNAL_COLLECTION or CLIENT_UPDATE not enabled) answers E0000015: export skips it with a warning.",
				"type= is required when listing, so the list runs once per type; limit has no documented maximum, 200 is our choice (Terraform's).",
				"system policies are matched by role = type. An org with Active Directory has a second system PASSWORD policy, which makes that role ambiguous (plan reports it).",
				"the default PASSWORD policy's priority is read-only: a PUT must carry its current value (E0000077).",
				"deleting an ACCESS_POLICY that apps use: re-point those apps to the system ACCESS_POLICY first.",
				"MFA_ENROLL settings.authenticators[].key holds an authenticator key (portable, left as is); .id is a reference.",
			},
		},
		{
			Name:       "policy-rules",
			Log:        &LogEvents{TargetType: "PolicyRule", Types: []string{"policy.rule.add", "policy.rule.update", "policy.rule.delete", "policy.rule.activate", "policy.rule.deactivate"}},
			Title:      "Policy rule",
			Schema:     "policy-rules.json",
			ScopeArea:  "policies",
			Parent:     "policies",
			ChildDir:   "rules",
			SlugFields: []string{"name"},
			Identity:   []string{"name"},
			IDPrefixes: []string{"0pr", "rul"},
			// The rules list takes limit but no after cursor: sending a limit
			// could truncate, so none is sent.
			List:   List{Path: "/api/v1/policies/{parentId}/rules"},
			Get:    get("/api/v1/policies/{parentId}/rules/{id}"),
			Create: post("/api/v1/policies/{parentId}/rules"),
			Update: put("/api/v1/policies/{parentId}/rules/{id}"),
			Delete: del("/api/v1/policies/{parentId}/rules/{id}"),
			Lifecycle: &Lifecycle{
				StatusField:         "status",
				Statuses:            status(),
				Activate:            post("/api/v1/policies/{parentId}/rules/{id}/lifecycle/activate"),
				Deactivate:          post("/api/v1/policies/{parentId}/rules/{id}/lifecycle/deactivate"),
				CreateActivateParam: "activate",
			},
			Refs: append(append([]RefField(nil), peopleRefs...),
				RefField{Path: "conditions.network.include[]", Target: "network-zones"},
				RefField{Path: "conditions.network.exclude[]", Target: "network-zones"},
				RefField{Path: "conditions.identityProvider.idpIds[]", Target: "idps"},
				RefField{Path: "conditions.risk.behaviors[]", Target: "behaviors"},
				RefField{Path: "conditions.userType.include[]", Target: "user-types"},
				RefField{Path: "conditions.userType.exclude[]", Target: "user-types"},
				RefField{Path: "conditions.device.assurance.include[]", Target: "device-assurance-policies"},
				RefField{Path: "conditions.elCondition.condition", Target: "groups", Expression: true},
				RefField{Path: "conditions.app.include[].id", Target: "apps"},
				RefField{Path: "conditions.app.exclude[].id", Target: "apps"},
				RefField{Path: "conditions.apps.include[]", Target: "apps"},
				RefField{Path: "conditions.apps.exclude[]", Target: "apps"},
				RefField{Path: "actions.idp.providers[].id", Target: "idps"},
				RefField{Path: "actions.profileEnrollment.targetGroupIds[]", Target: "groups"},
				RefField{Path: "actions.profileEnrollment.uiSchemaId", Target: "ui-schemas"},
				// Okta Workflows flows and device integrations are not
				// exported: their IDs stay IDs.
				RefField{Path: "actions.postAuthSession.failureActions[].workflow.id", Target: "workflows", External: true},
				RefField{Path: "actions.entityRisk.actions[].workflow.id", Target: "workflows", External: true},
				RefField{Path: "actions.deviceSignalCollection.deviceContextProviders[].id", Target: "device-integrations", External: true},
				RefField{Path: "actions.profileEnrollment.preRegistrationInlineHooks[].inlineHookId", Target: "inline-hooks"},
				RefField{Path: "actions.appSignOn.verificationMethod.constraints[].possession.authenticationMethods[].id", Target: "authenticators"},
				RefField{Path: "actions.appSignOn.verificationMethod.constraints[].knowledge.authenticationMethods[].id", Target: "authenticators"},
				RefField{Path: "actions.selfServicePasswordReset.requirement.primary.methodConstraints[].allowedAuthenticators[].id", Target: "authenticators"},
			),
			ReadOnly:  readOnly("system"),
			Immutable: []string{"type"},
			Sets: append(append([]string(nil), peopleSets...),
				"conditions.network.include", "conditions.network.exclude",
				"conditions.identityProvider.idpIds",
				"conditions.userType.include", "conditions.userType.exclude",
				"actions.profileEnrollment.targetGroupIds",
				"conditions.risk.behaviors", "conditions.device.assurance.include",
				"conditions.riskDetectionTypes.include", "conditions.riskDetectionTypes.exclude",
			),
			OrderField: "priority",
			System: &SystemRule{
				Match:   []map[string]any{{"system": true}},
				Role:    "default-rule",
				Allowed: SystemUpdateOnly,
				// In a policy that accepts no other rules, the rule Okta
				// seeds besides the catch-all ("Post Session Protection
				// Rule", system: false) can't be made again once deleted:
				// it is matched by role and only updated.
				Variants: []SystemVariant{{Match: map[string]any{"system": false, "type": closedPolicyTypes}, Role: "seeded-rule"}},
			},
			CreateRefused: []CreateRefusal{{When: map[string]any{"type": closedPolicyTypes},
				Reason: "a policy of this type accepts no rules besides the ones Okta makes"}},
			After: []string{"user-schemas"},
			Notes: []string{
				"OKTA_SIGN_ON policies hold rules of type SIGN_ON; other rule types equal the policy type.",
				"PROFILE_ENROLLMENT, POST_AUTH_SESSION and CLIENT_UPDATE policies accept no additional rules: their rules are update-only (role default-rule for the catch-all, seeded-rule for the POST_AUTH_SESSION policy's Post Session Protection Rule).",
				"workflow.id in POST_AUTH_SESSION and ENTITY_RISK actions names an Okta Workflows flow, and deviceContextProviders[].id a device integration: neither is exported, so they stay IDs.",
				"each policy has at most one system rule (Catch-all Rule / Default Rule), matched by role default-rule.",
				"PROFILE_ENROLLMENT profileAttributes[].name are user-schema attribute names (After user-schemas).",
			},
		},
	}
}
