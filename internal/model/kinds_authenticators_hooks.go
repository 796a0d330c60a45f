package model

// builtinAuthenticatorKeys are the authenticator keys that exist once per
// org; custom keys (custom_app, custom_otp, external_idp) can repeat.
var builtinAuthenticatorKeys = [...]string{"okta_password", "okta_email", "phone_number", "okta_verify",
	"google_otp", "webauthn", "security_question", "onprem_mfa", "yubikey_token", "symantec_vip",
	"smart_card_idp", "duo", "tac", "security_key"}

func authenticatorAndHookKinds() []Kind {
	return []Kind{
		{
			Name:       "authenticators",
			Title:      "Authenticator",
			Schema:     "authenticators.json",
			ScopeArea:  "authenticators",
			SlugFields: []string{"name"},
			Identity:   []string{"key", "name"},
			IDPrefixes: []string{"aut"},
			List:       List{Path: "/api/v1/authenticators"},
			Get:        get("/api/v1/authenticators/{id}"),
			Create:     post("/api/v1/authenticators"),
			Update:     put("/api/v1/authenticators/{id}"),
			Lifecycle: &Lifecycle{
				StatusField:         "status",
				Statuses:            status(),
				Activate:            post("/api/v1/authenticators/{id}/lifecycle/activate"),
				Deactivate:          post("/api/v1/authenticators/{id}/lifecycle/deactivate"),
				CreateActivateParam: "activate",
			},
			Refs: []RefField{
				{Path: "settings.appInstanceId", Target: "apps"},
				{Path: "provider.configuration.apns.id", Target: "push-providers"},
				{Path: "provider.configuration.fcm.id", Target: "push-providers"},
			},
			ReadOnly:  readOnly(),
			Immutable: []string{"key"},
			Secrets: []SecretField{
				{Path: "provider.configuration.secretKey", Mode: SecretAlways, When: map[string]any{"key": "duo"}},
				{Path: "provider.configuration.sharedSecret", Mode: SecretAlways, When: map[string]any{"key": "onprem_mfa"}},
			},
			System: &SystemRule{
				Match:      []map[string]any{{"key": anyOf(builtinAuthenticatorKeys[:]...)}},
				RoleFields: []string{"key"},
				Allowed:    SystemUpdateOnly,
			},
			Notes: []string{
				"there is no DELETE endpoint. Built-in authenticators are matched by role = key; custom ones (custom_app, custom_otp, external_idp) by (key, name).",
				"create exists (POST ?activate=) for custom authenticators, although the brief listed none; built-ins are never created.",
				"deactivation fails with 403 E0000148 while an enrollment policy uses the authenticator, and 400 E0000001 while a CIBA app does.",
			},
		},
		{
			Name:       "event-hooks",
			Title:      "Event hook",
			Schema:     "event-hooks.json",
			ScopeArea:  "eventHooks",
			SlugFields: []string{"name"},
			Identity:   []string{"name"},
			IDPrefixes: []string{"who"},
			List:       List{Path: "/api/v1/eventHooks"},
			Get:        get("/api/v1/eventHooks/{id}"),
			Create:     post("/api/v1/eventHooks"),
			Update:     put("/api/v1/eventHooks/{id}"),
			Delete:     del("/api/v1/eventHooks/{id}"),
			Lifecycle: &Lifecycle{
				StatusField:            "status",
				Statuses:               status(),
				Activate:               post("/api/v1/eventHooks/{id}/lifecycle/activate"),
				Deactivate:             post("/api/v1/eventHooks/{id}/lifecycle/deactivate"),
				CreatedStatus:          "ACTIVE",
				DeleteRequiresInactive: true,
			},
			ReadOnly: readOnly("createdBy", "verificationStatus", "channel.config.method", "events.filter.type"),
			Secrets: []SecretField{
				{Path: "channel.config.authScheme.value", Mode: SecretAlways},
			},
			Sets: []string{"events.items"},
			Notes: []string{
				"created ACTIVE; delete only when INACTIVE. Verification (POST .../lifecycle/verify) is not managed.",
				"the auth header value is write-only, so a placeholder is always written.",
			},
		},
		{
			Name:       "push-providers",
			Title:      "Push provider",
			Schema:     "push-providers.json",
			ScopeArea:  "pushProviders",
			SlugFields: []string{"name"},
			Identity:   []string{"name"},
			IDPrefixes: []string{"ppc"},
			List:       List{Path: "/api/v1/push-providers"},
			Get:        get("/api/v1/push-providers/{id}"),
			Create:     post("/api/v1/push-providers"),
			Update:     put("/api/v1/push-providers/{id}"),
			Delete:     del("/api/v1/push-providers/{id}"),
			// lastUpdatedDate stands in for created/lastUpdated; Okta reads
			// projectId from the FCM service account key.
			ReadOnly:  readOnly("lastUpdatedDate", "configuration.projectId"),
			Immutable: []string{"providerType"},
			Secrets: []SecretField{
				{Path: "configuration.serviceAccountJson", Mode: SecretAlways, Format: SecretJSON, When: map[string]any{"providerType": "FCM"}},
				{Path: "configuration.tokenSigningKey", Mode: SecretAlways, Format: SecretPEM, When: map[string]any{"providerType": "APNS"}},
			},
			Notes: []string{
				"the FCM service account key is a whole JSON object, and the APNs token signing key a PEM block: both are write-only, so a placeholder is always written, and an update leaves the key Okta holds alone.",
				"custom_app authenticators name their providers (provider.configuration.apns.id, fcm.id); a provider they use can't be deleted (409 E0000187), so the plan re-points or deletes them first.",
			},
		},
		{
			Name:       "hook-keys",
			Title:      "Hook key",
			Schema:     "hook-keys.json",
			ScopeArea:  "inlineHooks",
			SlugFields: []string{"name"},
			Identity:   []string{"name"},
			IDPrefixes: []string{"HKY"},
			List:       List{Path: "/api/v1/hook-keys"},
			Get:        get("/api/v1/hook-keys/{id}"),
			Create:     post("/api/v1/hook-keys"),
			Update:     put("/api/v1/hook-keys/{id}"),
			Delete:     del("/api/v1/hook-keys/{id}"),
			// keyId names the public key; isUsed says whether an inline
			// hook signs with the key. _embedded (the public key, on
			// create and update answers) goes with the common fields.
			ReadOnly:   readOnly("keyId", "isUsed"),
			MaxObjects: 50,
			CreateNote: "Okta generates a new key pair for this key in this org; before an inline hook signs with it, give the hook's endpoint its public key " +
				"(Admin Console: Workflow > Inline Hooks > Keys, or GET /api/v1/hook-keys/public/{keyId} with the new key's keyId).",
			Notes: []string{
				"only the name is configuration: the private key never leaves Okta, and export writes neither the public key nor its keyId (both differ in every org).",
				"inline hooks name a key by its id in channel.config.hookKeyId (private_key_jwt), written as ${ref:hook-keys/<name>}.",
				"a key an inline hook uses can't be deleted (isUsed); the plan deletes or re-points the hooks first.",
			},
		},
		{
			Name:       "inline-hooks",
			Title:      "Inline hook",
			Schema:     "inline-hooks.json",
			ScopeArea:  "inlineHooks",
			SlugFields: []string{"name"},
			Identity:   []string{"type", "name"},
			IDPrefixes: []string{"cal"},
			List:       List{Path: "/api/v1/inlineHooks"},
			Get:        get("/api/v1/inlineHooks/{id}"),
			Create:     post("/api/v1/inlineHooks"),
			Update:     put("/api/v1/inlineHooks/{id}"),
			Delete:     del("/api/v1/inlineHooks/{id}"),
			Lifecycle: &Lifecycle{
				StatusField:            "status",
				Statuses:               status(),
				Activate:               post("/api/v1/inlineHooks/{id}/lifecycle/activate"),
				Deactivate:             post("/api/v1/inlineHooks/{id}/lifecycle/deactivate"),
				CreatedStatus:          "ACTIVE",
				DeleteRequiresInactive: true,
			},
			Refs: []RefField{
				{Path: "channel.config.hookKeyId", Target: "hook-keys"},
			},
			ReadOnly:   readOnly(),
			Immutable:  []string{"type"},
			MaxObjects: 50,
			Secrets: []SecretField{
				{Path: "channel.config.authScheme.value", Mode: SecretAlways, When: map[string]any{"channel.type": "HTTP"}},
				{Path: "channel.config.clientSecret", Mode: SecretAlways,
					When: map[string]any{"channel.type": "OAUTH", "channel.config.authType": "client_secret_post"}},
			},
			Notes: []string{
				"created ACTIVE; delete only when INACTIVE; at most 50 per org.",
				"version is kept although the spec marks it read-only: create needs it (our choice).",
				"PUT is used for updates; a partial POST also exists.",
			},
		},
		{
			Name:       "log-streams",
			Title:      "Log stream",
			Schema:     "log-streams.json",
			ScopeArea:  "logStreams",
			SlugFields: []string{"name"},
			Identity:   []string{"name"},
			IDPrefixes: []string{"0oa"},
			List:       List{Path: "/api/v1/logStreams", Limit: 200, Paged: true},
			Get:        get("/api/v1/logStreams/{id}"),
			Create:     post("/api/v1/logStreams"),
			Update:     put("/api/v1/logStreams/{id}"),
			Delete:     del("/api/v1/logStreams/{id}"),
			Lifecycle: &Lifecycle{
				StatusField:            "status",
				Statuses:               status(),
				Activate:               post("/api/v1/logStreams/{id}/lifecycle/activate"),
				Deactivate:             post("/api/v1/logStreams/{id}/lifecycle/deactivate"),
				CreatedStatus:          "ACTIVE",
				DeleteRequiresInactive: true,
			},
			ReadOnly: readOnly(),
			// EventBridge settings are write-once: a PUT must resend them
			// unchanged, so a change is a new log stream.
			Immutable:  []string{"type", "settings.accountId", "settings.eventSourceName", "settings.region"},
			MaxObjects: 2,
			Secrets: []SecretField{
				{Path: "settings.token", Mode: SecretAlways, When: map[string]any{"type": "splunk_cloud_logstreaming"}},
			},
			Notes: []string{
				"status is read-only in the body: created ACTIVE whatever the body says (VCR), changed only through the lifecycle endpoints.",
				"at most two log streams per org (SPEC).",
				"the Splunk HEC token is write-only: a placeholder is always written, and it is sent on create (a placeholder is never a change, so a new token is set in Okta, or by recreating the stream).",
				"an EventBridge event source name can't be reused by another org in the same AWS account and region: put it behind ${var:…} when promoting.",
				"delete only when INACTIVE: the plan deactivates first, as Terraform does (Okta's refusal of an ACTIVE delete is not recorded).",
			},
		},
	}
}
