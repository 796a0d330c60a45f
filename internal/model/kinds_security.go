package model

// behaviorBuiltIn are the behaviors Okta predefines in every org (Okta
// help, "Behavior detection"). The API marks them no differently from
// custom ones, so they are recognised by name.
var behaviorBuiltIn = anyOf("New City", "New State", "New Country", "New Geo-Location", "New Device", "New IP", "Velocity")

// securityKinds are the sign-in security objects outside policies
// (coverage §3.4): the risk signals sign-on rules use, the device checks
// access rules use, the enrollment forms, and the org-wide protections.
func securityKinds() []Kind {
	return []Kind{
		{
			Name:       "behaviors",
			Title:      "Behavior detection rule",
			Schema:     "behaviors.json",
			ScopeArea:  "behaviors",
			SlugFields: []string{"name"},
			Identity:   []string{"name"},
			IDPrefixes: []string{"bhv"},
			List:       List{Path: "/api/v1/behaviors"},
			Get:        get("/api/v1/behaviors/{id}"),
			Create:     post("/api/v1/behaviors"),
			Update:     put("/api/v1/behaviors/{id}"),
			Delete:     del("/api/v1/behaviors/{id}"),
			Lifecycle: &Lifecycle{
				StatusField:   "status",
				Statuses:      status(),
				Activate:      post("/api/v1/behaviors/{id}/lifecycle/activate"),
				Deactivate:    post("/api/v1/behaviors/{id}/lifecycle/deactivate"),
				CreatedStatus: "ACTIVE",
			},
			ReadOnly:  readOnly(),
			Immutable: []string{"type"},
			System: &SystemRule{
				Match:      []map[string]any{{"name": behaviorBuiltIn}},
				RoleFields: []string{"name"},
				Allowed:    SystemUpdateOnly,
			},
			Notes: []string{
				"no paging. The seven predefined behaviors (New City, New State, New Country, New Geo-Location, New Device, New IP, Velocity) are matched by name and only updated.",
				"created and lastUpdated come back as \"2025-08-25 08:23:50.0\", not ISO 8601; both are server fields and never compared.",
				"PUT ignores status: it changes through the lifecycle endpoints. radiusKilometers: 20 comes back as 20.0 (the same number).",
				"SIGN_ON rules name behaviors by ID in conditions.risk.behaviors; ACCESS_POLICY rules by name in Okta EL (security.behaviors.contains('New IP')), which is portable as it is.",
			},
		},
		{
			Name:       "device-assurance-policies",
			Title:      "Device assurance policy",
			Schema:     "device-assurance-policies.json",
			ScopeArea:  "deviceAssurance",
			SlugFields: []string{"name"},
			Identity:   []string{"name"},
			IDPrefixes: []string{"dae"},
			List:       List{Path: "/api/v1/device-assurances"},
			Get:        get("/api/v1/device-assurances/{id}"),
			Create:     post("/api/v1/device-assurances"),
			Update:     put("/api/v1/device-assurances/{id}"),
			Delete:     del("/api/v1/device-assurances/{id}"),
			Refs: []RefField{
				// Device posture checks are not exported (Early Access).
				{Path: "devicePostureChecks.include[]", Target: "device-posture-checks", External: true},
			},
			ReadOnly: readOnly("createdBy", "createdDate", "lastUpdate", "lastUpdatedBy",
				"resourceId", "resourceType", "resourceDisplayName"),
			Immutable: []string{"platform"},
			Sets:      []string{"diskEncryptionType.include", "screenLockType.include"},
			Notes: []string{
				"no paging; one policy per platform (ANDROID, CHROMEOS, IOS, MACOS, WINDOWS), which can't change (a change is a replace).",
				"delete answers 409 while an access policy rule uses the policy: the plan updates the rule first.",
			},
		},
		{
			Name:       "ui-schemas",
			Title:      "UI schema (enrollment form)",
			Schema:     "ui-schemas.json",
			ScopeArea:  "uischemas",
			NamedBy:    &NamedBy{Kind: "policy-rules", Field: "actions.profileEnrollment.uiSchemaId"},
			IDPrefixes: []string{"uis"},
			List:       List{Path: "/api/v1/meta/uischemas"},
			Get:        get("/api/v1/meta/uischemas/{id}"),
			Create:     post("/api/v1/meta/uischemas"),
			Update:     put("/api/v1/meta/uischemas/{id}"),
			Delete:     del("/api/v1/meta/uischemas/{id}"),
			ReadOnly:   readOnly(),
			// Elements name user profile attributes (#/properties/<name>).
			After: []string{"user-schemas"},
			Notes: []string{
				"a form has no name of its own: export names it after the profile enrollment policy whose rule shows it (ui-schemas/<type>-<policy>), and the plan matches forms by that path; a form no rule shows has no effect and is not exported (a warning names it).",
				"a file you add may have any name; the next export renames it after its policy.",
			},
		},
		{
			Name:       "threat-insight",
			Title:      "ThreatInsight configuration",
			Schema:     "threat-insight.json",
			ScopeArea:  "threatInsights",
			Singleton:  "default",
			Implicit:   true,
			List:       List{Path: "/api/v1/threats/configuration", Singleton: true},
			Get:        get("/api/v1/threats/configuration"),
			Update:     post("/api/v1/threats/configuration"),
			UpdateMode: UpdateReplace,
			Refs:       []RefField{{Path: "excludeZones[]", Target: "network-zones"}},
			ReadOnly:   readOnly(),
			Sets:       []string{"excludeZones"},
			Notes: []string{
				"singleton: no create or delete. The POST replaces the whole object (a field left out is cleared), so apply sends it whole.",
				"Okta does not keep the order of excludeZones: it is a set.",
			},
		},
		{
			Name:       "user-lockout-settings",
			Title:      "User lockout settings",
			Schema:     "user-lockout-settings.json",
			ScopeArea:  "orgs",
			Singleton:  "default",
			Implicit:   true,
			List:       List{Path: "/attack-protection/api/v1/user-lockout-settings", Singleton: true},
			Get:        get("/attack-protection/api/v1/user-lockout-settings"),
			Update:     put("/attack-protection/api/v1/user-lockout-settings"),
			UpdateMode: UpdateReplace,
			ReadOnly:   readOnly(),
			Notes: []string{
				"singleton outside /api/v1 (its own rate-limit bucket), under the okta.orgs scopes.",
			},
		},
		{
			Name:       "captchas",
			Title:      "CAPTCHA instance",
			Schema:     "captchas.json",
			ScopeArea:  "captchas",
			SlugFields: []string{"name"},
			Identity:   []string{"name"},
			IDPrefixes: []string{"cap"},
			List:       List{Path: "/api/v1/captchas"},
			Get:        get("/api/v1/captchas/{id}"),
			Create:     post("/api/v1/captchas"),
			Update:     post("/api/v1/captchas/{id}"),
			UpdateMode: UpdatePartial,
			Delete:     del("/api/v1/captchas/{id}"),
			ReadOnly:   readOnly(),
			Secrets:    []SecretField{{Path: "secretKey", Mode: SecretAlways}},
			Notes: []string{
				"at most one per org (403 E0000165). secretKey is write-only: always a ${secret:NAME}; an update that can't resolve it leaves the live key alone (the partial POST sends only what changes).",
				"delete is refused (403 E0000149) while the org-wide CAPTCHA settings use it: the plan updates those first.",
			},
		},
		{
			Name:       "org-captcha-settings",
			Title:      "Org-wide CAPTCHA settings",
			Schema:     "org-captcha-settings.json",
			ScopeArea:  "captchas",
			Singleton:  "default",
			Implicit:   true,
			List:       List{Path: "/api/v1/org/captcha", Singleton: true},
			Get:        get("/api/v1/org/captcha"),
			Update:     put("/api/v1/org/captcha"),
			UpdateMode: UpdateReplace,
			Refs:       []RefField{{Path: "captchaId", Target: "captchas"}},
			ReadOnly:   readOnly(),
			Sets:       []string{"enabledPages"},
			Notes: []string{
				"singleton: {captchaId, enabledPages}; captchaId null with no pages turns CAPTCHA off. Okta does not keep the order of enabledPages: it is a set.",
			},
		},
	}
}
