package model

// appDepthKinds are what sits below an app (issue 13; coverage.md §3.5):
// its user schema, features, provisioning connection, group push mappings,
// scope grants and federated claims, and the profile mappings between user types and
// apps or IdPs. Every /api/v1/apps/{id}/… list is charged to the apps
// bucket (100 a minute on Enterprise), so each is gated on the app body
// export already holds (List.When).
func appDepthKinds() []Kind {
	appSchemaAttr := func(field string) string { return "definitions.custom.properties.*." + field }
	baseAttr := func(field string) string { return "definitions.base.properties.*." + field }
	statusToggle := func(value, verb, action string) ToggleAction {
		return ToggleAction{Value: value, Verb: verb, Endpoint: *post("/api/v1/apps/{parentId}/connections/default/lifecycle/" + action)}
	}
	return []Kind{
		{
			Name:       "app-user-schemas",
			Log:        &LogEvents{TargetType: "AppUserSchema", Types: []string{"directory.app_user_profile.update"}},
			Title:      "App user schema",
			Schema:     "app-user-schemas.json",
			ScopeArea:  "schemas",
			Parent:     "apps",
			ChildDir:   "user-schema",
			Singleton:  "default",
			Implicit:   true,
			List:       List{Path: "/api/v1/meta/schemas/apps/{parentId}/default", Singleton: true},
			Get:        get("/api/v1/meta/schemas/apps/{parentId}/default"),
			Update:     post("/api/v1/meta/schemas/apps/{parentId}/default"),
			UpdateMode: UpdatePartial,
			// The title is "<label> User" and the name is generated: both
			// Okta's.
			ReadOnly: append(schemaReadOnly(), "title"),
			// Okta does not echo these option values (VCR
			// TestAccResourceOktaAppUserSchemas_crud): a file that spells
			// them out must not show a change on every plan.
			Defaults: []DefaultValue{
				{Path: appSchemaAttr("master"), Value: map[string]any{"type": "PROFILE_MASTER"}},
				{Path: appSchemaAttr("permissions"), Value: []any{map[string]any{"action": "READ_ONLY", "principal": "SELF"}}},
				{Path: appSchemaAttr("required"), Value: false},
				{Path: appSchemaAttr("union"), Value: "DISABLE"},
				{Path: baseAttr("master"), Value: map[string]any{"type": "PROFILE_MASTER"}},
				{Path: baseAttr("permissions"), Value: []any{map[string]any{"action": "READ_ONLY", "principal": "SELF"}}},
				{Path: baseAttr("required"), Value: false},
			},
			Notes: []string{
				"one per app, made with it; POST is partial and a custom attribute is removed by sending it as null.",
				"master PROFILE_MASTER, permissions [SELF READ_ONLY], required false and union DISABLE are Okta's defaults and are not echoed; they compare equal to an absent field.",
				"a base attribute's required may change only where the app's template allows it (not userName).",
				"writes are serialised (Okta loses concurrent POSTs to one schema: VCR TestAccResourceOktaAppUserSchemas_parallel_api_calls).",
			},
		},
		{
			Name:       "app-provisioning-connections",
			Log:        &LogEvents{TargetType: "AppProvisioningConnection", Types: []string{"application.configuration.update"}},
			Title:      "App provisioning connection",
			Schema:     "app-provisioning-connections.json",
			ScopeArea:  "apps",
			Parent:     "apps",
			ChildDir:   "provisioning",
			Singleton:  "default",
			Implicit:   true,
			List:       List{Path: "/api/v1/apps/{parentId}/connections/default", Singleton: true, When: &Condition{Field: "features", NotEmpty: true}},
			Get:        get("/api/v1/apps/{parentId}/connections/default"),
			Update:     post("/api/v1/apps/{parentId}/connections/default"),
			UpdateMode: UpdateReplace,
			Toggles: []Toggle{{Field: "status", Created: "DISABLED", Actions: []ToggleAction{
				// An OAuth 2.0 connection of an app that needs an admin's
				// consent answers _links.authorize until it is granted.
				func() ToggleAction {
					a := statusToggle("ENABLED", "activate", "activate")
					a.Consent = "_links.authorize.href"
					return a
				}(),
				statusToggle("DISABLED", "deactivate", "deactivate"),
			}}},
			Secrets: []SecretField{{Path: "profile.token", Mode: SecretAlways, When: map[string]any{"profile.authScheme": "TOKEN"}}},
			// authScheme at the top repeats profile.authScheme.
			ReadOnly: []string{"_links", "authScheme"},
			Notes: []string{
				"one per app; export reads it only for apps whose features[] is not empty (provisioning on).",
				"the token is write-only: the file holds ${secret:NAME}; the update merges the file into the live connection, so the token is sent only when the plan changes it or adopts the connection.",
				"status is set by lifecycle/activate and /deactivate. An OAuth 2.0 connection that needs an admin's consent (office365, google, zoomus, slack) cannot be activated through the API: apply prepares it and reports the consent URL.",
			},
		},
		{
			Name:       "app-features",
			Log:        &LogEvents{TargetType: "AppFeature", Types: []string{"application.configuration.update"}},
			Title:      "App feature",
			Schema:     "app-features.json",
			ScopeArea:  "apps",
			Parent:     "apps",
			ChildDir:   "features",
			IDField:    "name",
			SlugFields: []string{"name"},
			Identity:   []string{"name"},
			Implicit:   true,
			List:       List{Path: "/api/v1/apps/{parentId}/features", When: &Condition{Field: "features", NotEmpty: true}},
			Get:        get("/api/v1/apps/{parentId}/features/{id}"),
			Update:     put("/api/v1/apps/{parentId}/features/{id}"),
			// The PUT's body is the capabilities object itself.
			UpdateField: "capabilities",
			ReadOnly:    []string{"_links", "description", "status"},
			// Okta makes the features when provisioning turns on.
			After: []string{"app-provisioning-connections"},
			Notes: []string{
				"USER_PROVISIONING and INBOUND_PROVISIONING exist once the app's provisioning connection is active; their status follows it.",
				"the update sends the capabilities object, not the feature (VCR TestAccOktaAppFeatures_basic).",
			},
		},
		{
			Name:       "group-push-mappings",
			Log:        &LogEvents{TargetType: "GroupPushMapping", Types: []string{"application.provision.group_push.mapping.created", "application.provision.group_push.activate_mapping", "application.provision.group_push.deactivate_mapping", "application.provision.group_push.removed", "application.provision.group_push.updated"}},
			Title:      "Group push mapping",
			Schema:     "group-push-mappings.json",
			ScopeArea:  "apps",
			Parent:     "apps",
			ChildDir:   "group-push",
			SlugFields: []string{"sourceGroupId"},
			Identity:   []string{"sourceGroupId"},
			IDPrefixes: []string{"gPm"},
			List: List{Path: "/api/v1/apps/{parentId}/group-push/mappings", Limit: 1000, Paged: true,
				When: &Condition{Field: "features", Contains: "GROUP_PUSH"}},
			Get:    get("/api/v1/apps/{parentId}/group-push/mappings/{id}"),
			Create: post("/api/v1/apps/{parentId}/group-push/mappings"),
			Delete: &Endpoint{Method: "DELETE", Path: "/api/v1/apps/{parentId}/group-push/mappings/{id}", Query: "deleteTargetGroup=false"},
			Lifecycle: &Lifecycle{
				StatusField: "status",
				Statuses:    status(),
				Activate: &Endpoint{Method: "PATCH", Path: "/api/v1/apps/{parentId}/group-push/mappings/{id}",
					Body: map[string]any{"status": "ACTIVE"}},
				Deactivate: &Endpoint{Method: "PATCH", Path: "/api/v1/apps/{parentId}/group-push/mappings/{id}",
					Body: map[string]any{"status": "INACTIVE"}},
				CreateTakesStatus:      true,
				DeleteRequiresInactive: true,
			},
			Refs: []RefField{{Path: "sourceGroupId", Target: "groups"}},
			// Okta takes mappings once the app's provisioning is on.
			After: []string{"app-provisioning-connections"},
			// The target is an APP_GROUP, which oktasync does not export:
			// the file names it, and a create makes or links it by name.
			Lookups: []FieldLookup{{Field: "targetGroupId", Get: Endpoint{Method: "GET", Path: "/api/v1/groups/{value}"},
				Value: "profile.name", Into: "targetGroupName"}},
			ReadOnly:  readOnly("targetGroupId", "errorSummary", "lastPush"),
			Immutable: []string{"targetGroupName", "appConfig"},
			Notes: []string{
				"listed only for apps whose features[] holds GROUP_PUSH.",
				"the target app group is exported by name (one GET /api/v1/groups/{id} per target) and created with targetGroupName, which links the app group of that name or makes it.",
				"PATCH changes only the status; any other change replaces the mapping. A delete deactivates first and keeps the app group (deleteTargetGroup=false).",
				"Okta answers the create 200 (the spec says 201).",
			},
		},
		{
			Name:       "app-federated-claims",
			Log:        &LogEvents{TargetType: "FederatedClaim", Types: []string{"application.federated_claim.create", "application.federated_claim.update", "application.federated_claim.delete"}},
			Title:      "App federated claim",
			Schema:     "app-federated-claims.json",
			ScopeArea:  "apps",
			Parent:     "apps",
			ChildDir:   "federated-claims",
			SlugFields: []string{"name"},
			Identity:   []string{"name"},
			IDPrefixes: []string{"ofc"},
			List: List{Path: "/api/v1/apps/{parentId}/federated-claims",
				When: &Condition{Field: "signOnMode", OneOf: []string{"SAML_2_0", "OPENID_CONNECT"}}},
			Get:      get("/api/v1/apps/{parentId}/federated-claims/{id}"),
			Create:   post("/api/v1/apps/{parentId}/federated-claims"),
			Update:   put("/api/v1/apps/{parentId}/federated-claims/{id}"),
			Delete:   del("/api/v1/apps/{parentId}/federated-claims/{id}"),
			ReadOnly: readOnly(),
			After:    []string{"app-user-schemas"},
			Notes: []string{
				"only SAML 2.0 and OIDC apps have them, so only theirs are listed.",
				"expression is Okta EL over user.* and appuser.* (the app user attributes of app-user-schemas).",
			},
		},
		{
			Name:       "app-scope-grants",
			Log:        &LogEvents{TargetType: "OAuth2ScopeGrant", Types: []string{"app.oauth2.client.privilege.grant", "app.oauth2.client.privilege.revoke"}},
			Title:      "App scope grant",
			Schema:     "app-scope-grants.json",
			ScopeArea:  "appGrants",
			Parent:     "apps",
			ChildDir:   "grants",
			SlugFields: []string{"scopeId"},
			Identity:   []string{"scopeId"},
			IDPrefixes: []string{"oag"},
			// Only OAuth 2.0 clients hold grants.
			List:   List{Path: "/api/v1/apps/{parentId}/grants", When: &Condition{Field: "signOnMode", OneOf: []string{"OPENID_CONNECT"}}},
			Get:    get("/api/v1/apps/{parentId}/grants/{id}"),
			Create: post("/api/v1/apps/{parentId}/grants"),
			Delete: del("/api/v1/apps/{parentId}/grants/{id}"),
			// The issuer is the org's URL: written ${org:url}.
			Refs:     []RefField{{Path: "issuer", Patterns: []RefPattern{{Template: "{orgUrl}"}}}},
			ReadOnly: readOnly("clientId", "userId", "createdBy", "status", "source"),
			Notes: []string{
				"listed only for OIDC apps (only OAuth 2.0 clients take grants).",
				"no update: a grant is revoked (delete) and granted again (create); the only field besides the scope is the issuer, the org's URL.",
			},
		},
		{
			Name:       "profile-mappings",
			Log:        &LogEvents{TargetType: "ProfileMapping", Types: []string{"directory.mapping.update"}},
			Title:      "Profile mapping",
			Schema:     "profile-mappings.json",
			ScopeArea:  "profileMappings",
			SlugFields: []string{"source.id", "target.id"},
			Identity:   []string{"source.id", "target.id"},
			IDPrefixes: []string{"prm"},
			Implicit:   true,
			// The list's items hold no properties: each is read with GET.
			List:         List{Path: "/api/v1/mappings", Limit: 200, Paged: true, Detail: true},
			Get:          get("/api/v1/mappings/{id}"),
			Update:       post("/api/v1/mappings/{id}"),
			UpdateMode:   UpdatePartial,
			UpdateFields: []string{"properties"},
			// A property sent replaces the live one (expression is
			// required, pushStatus falls back to DONT_PUSH), as the
			// Terraform provider, which always sends both, assumes: a
			// change to one field sends both.
			PatchWhole: []string{"properties.*"},
			Refs: []RefField{
				{Path: "source.id", Target: "user-types", Others: []string{"apps", "idps"}},
				{Path: "target.id", Target: "user-types", Others: []string{"apps", "idps"}},
			},
			ReadOnly: []string{"id", "_links", "source.name", "source.type", "source._links", "target.name", "target.type", "target._links"},
			After:    []string{"user-schemas", "app-user-schemas"},
			Notes: []string{
				"Okta makes them when IdPs, apps and user types appear and drops them with either end: no create, no delete. A mapping whose app or IdP this plan creates is set once it exists.",
				"properties is a map of target attribute -> {expression, pushStatus}; POST is partial and an attribute is removed by sending it as null.",
				"export lists them (200 a page) and reads each one (the list holds no properties): one call per mapping, in the general /api/v1 bucket.",
			},
		},
	}
}
