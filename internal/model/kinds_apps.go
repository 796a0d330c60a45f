package model

func appKinds() []Kind {
	return []Kind{
		{
			Name: "apps",
			Log: &LogEvents{TargetType: "AppInstance", Types: []string{"application.lifecycle.create", "application.lifecycle.update", "application.lifecycle.delete", "application.lifecycle.activate", "application.lifecycle.deactivate", "application.policy.sign_on.update"}, Ignore: []string{"application.user_membership.add", "application.user_membership.remove", "application.user_membership.update", "group.application_assignment.add", "group.application_assignment.remove", "group.application_assignment.update",
				// An app's keys, CSRs, client secrets and logo are not in its
				// configuration (or are secrets it never exports).
				"app.keys.generate", "app.keys.clone", "app.app_instance.csr.generate", "app.app_instance.csr.publish", "app.app_instance.csr.revoke",
				"app.oauth2.credentials.lifecycle.create", "app.oauth2.credentials.lifecycle.activate", "app.oauth2.credentials.lifecycle.deactivate", "app.oauth2.credentials.lifecycle.delete",
				"application.configuration.update_logo"}},
			Title:      "Application",
			Schema:     "apps.json",
			ScopeArea:  "apps",
			SlugFields: []string{"label"},
			Identity:   []string{"signOnMode", "label"},
			IDPrefixes: []string{"0oa"},
			List:       List{Path: "/api/v1/apps", Limit: 200, Paged: true},
			Get:        get("/api/v1/apps/{id}"),
			Create:     post("/api/v1/apps"),
			Update:     put("/api/v1/apps/{id}"),
			Delete:     del("/api/v1/apps/{id}"),
			Lifecycle: &Lifecycle{
				StatusField:            "status",
				Statuses:               status(),
				Activate:               post("/api/v1/apps/{id}/lifecycle/activate"),
				Deactivate:             post("/api/v1/apps/{id}/lifecycle/deactivate"),
				CreateActivateParam:    "activate",
				DeleteRequiresInactive: true,
			},
			Refs: []RefField{
				{Path: "settings.inlineHookId", Target: "inline-hooks"},
				{Path: "settings.signOn.inlineHooks[].id", Target: "inline-hooks"},
				{Path: "settings.oauthClient.network.include[]", Target: "network-zones", Literals: []string{"ALL_IP_ZONES"}},
				{Path: "settings.oauthClient.network.exclude[]", Target: "network-zones", Literals: []string{"ALL_IP_ZONES"}},
				// CIBA: the app points at a custom_app authenticator that
				// itself points at an OIDC app. Create the app without it,
				// then set it once the authenticator exists.
				{Path: "settings.oauthClient.backchannel_custom_authenticator_id", Target: "authenticators", TwoPass: true},
				{Path: "settings.identityStoreId", Target: "identity-sources", External: true},
			},
			Relations: []Relation{{
				Name:     "accessPolicy",
				Target:   "policies",
				ReadFrom: "_links.accessPolicy.href",
				Write:    Endpoint{Method: "PUT", Path: "/api/v1/apps/{id}/policies/{targetId}"},
				Clear:    "Okta has no unassign: reassign the system ACCESS_POLICY (role ACCESS_POLICY).",
			}, {
				// The policy whose enrollment form signs up the app's
				// users; set through the same endpoint as the access
				// policy (coverage.md §5 item 1: TF
				// okta_policy_profile_enrollment_apps).
				Name:     "profileEnrollment",
				Target:   "policies",
				ReadFrom: "_links.profileEnrollment.href",
				Write:    Endpoint{Method: "PUT", Path: "/api/v1/apps/{id}/policies/{targetId}"},
				Clear:    "Okta has no unassign: reassign the system PROFILE_ENROLLMENT policy.",
			}},
			ReadOnly: readOnly("orn", "features", "expressConfiguration", "universalLogout",
				"settings.emOptInStatus", "credentials.signing.kid",
				// Okta renders each SAML inline hook's _links.self.
				"settings.signOn.inlineHooks[]._links"),
			ReadOnlyIf: []ConditionalField{{
				// Custom SAML and auto-login apps get a generated name
				// "<subdomain>_<label>_<n>", which is org-specific, and
				// their app-link keys embed it ("<name>_link"). The link
				// rule must come first: it looks at the name.
				Path:        "visibility.appLinks",
				When:        map[string]any{"signOnMode": anyOf("SAML_2_0", "AUTO_LOGIN")},
				WhenPattern: map[string]string{"name": `^[a-z0-9-]+_[a-z0-9]+_[0-9]+$`},
			}, {
				Path:         "name",
				When:         map[string]any{"signOnMode": anyOf("SAML_2_0", "AUTO_LOGIN")},
				ValuePattern: `^[a-z0-9-]+_[a-z0-9]+_[0-9]+$`,
			}},
			IDEcho: []string{"credentials.oauthClient.client_id"},
			// oktasync's own service app (private-key authentication) is
			// never deleted or replaced, nor are its admin roles.
			Caller:   "credentials.oauthClient.client_id",
			Volatile: []string{"credentials.signing.lastRotated", "credentials.signing.nextRotation"},
			Secrets: []SecretField{
				{Path: "credentials.oauthClient.client_secret", Mode: SecretGenerated},
				{Path: "credentials.password.value", Mode: SecretAlways,
					When: map[string]any{"credentials.scheme": "SHARED_USERNAME_AND_PASSWORD"}},
			},
			Sets: []string{
				"settings.oauthClient.redirect_uris",
				"settings.oauthClient.post_logout_redirect_uris",
				"settings.oauthClient.response_types",
				"settings.oauthClient.grant_types",
				"settings.oauthClient.network.include",
				"settings.oauthClient.network.exclude",
			},
			System: &SystemRule{
				Match: []map[string]any{{"name": anyOf("saasure", "okta_enduser", "okta_browser_plugin",
					"okta_account_settings", "okta_flow_sso", "flow")}},
				RoleFields: []string{"name"},
				Allowed:    SystemReadOnly,
			},
			After: []string{"user-schemas"},
			Notes: []string{
				"one kind for every signOnMode (OIDC web/SPA/native/service, SAML 2.0, bookmark, SWA/auto-login, basic auth); bodies are polymorphic on signOnMode.",
				"identity (signOnMode, label) is our choice: label is not documented unique, and name is either a shared template (oidc_client) or generated.",
				"delete only works on INACTIVE apps; a 500 E0000009 on delete was recorded and is retryable.",
				"client_id defaults to the app's ID, so it is dropped when equal to it; an OIDC client_secret is generated by Okta on create and never exported.",
				"credentials.signing.kid names an org-local key; apply must generate one (POST .../credentials/keys/generate) before setting it.",
				"built-in first-party apps are exported read-only; their settings live at /api/v1/first-party-app-settings (not covered).",
			},
		},
		{
			Name:       "app-group-assignments",
			Log:        &LogEvents{TargetType: "UserGroup", Types: []string{"group.application_assignment.add", "group.application_assignment.remove", "group.application_assignment.update"}, Ignore: []string{"group.user_membership.add", "group.user_membership.remove", "group.privilege.grant", "group.privilege.revoke", "group.lifecycle.create", "group.profile.update", "group.lifecycle.delete"}},
			Title:      "Application group assignment",
			Schema:     "app-group-assignments.json",
			ScopeArea:  "apps",
			Parent:     "apps",
			ChildDir:   "groups",
			SlugFields: []string{"id"},
			Identity:   []string{"id"},
			List:       List{Path: "/api/v1/apps/{parentId}/groups", Limit: 200, Paged: true},
			Get:        get("/api/v1/apps/{parentId}/groups/{id}"),
			// PUT to the item path creates or replaces; {id} is the group's ID.
			Create:     put("/api/v1/apps/{parentId}/groups/{id}"),
			Update:     put("/api/v1/apps/{parentId}/groups/{id}"),
			Delete:     del("/api/v1/apps/{parentId}/groups/{id}"),
			Refs:       []RefField{{Path: "id", Target: "groups"}},
			ReadOnly:   []string{"lastUpdated", "_links", "_embedded"},
			Immutable:  []string{"id"},
			OrderField: "priority",
			Notes: []string{
				"the assignment's id is the group's ID, so id is kept as a reference to the group and is the identity; the slug is the group's slug.",
				"the list endpoint's default page is 20 (min 20), max 200.",
				"priority is server-assigned when omitted.",
			},
		},
	}
}
