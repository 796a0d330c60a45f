package model

func idpKinds() []Kind {
	return []Kind{
		{
			Name:       "idp-keys",
			Log:        &LogEvents{TargetType: "IdpKey", Types: []string{"system.idp.key.create", "system.idp.key.update", "system.idp.key.delete"}},
			Title:      "IdP key-store certificate",
			Schema:     "idp-keys.json",
			ScopeArea:  "idps",
			IDField:    "kid",
			SlugFields: []string{"x5t#S256"},
			Identity:   []string{"x5t#S256"},
			List:       List{Path: "/api/v1/idps/credentials/keys", Limit: 200, Paged: true},
			Get:        get("/api/v1/idps/credentials/keys/{id}"),
			Create:     post("/api/v1/idps/credentials/keys"),
			Update:     put("/api/v1/idps/credentials/keys/{id}"),
			Delete:     del("/api/v1/idps/credentials/keys/{id}"),
			ReadOnly: []string{"kid", "kty", "use", "e", "n", "x5t", "expiresAt",
				"created", "lastUpdated", "_links"},
			Notes: []string{
				"the kid is assigned per org, so the certificate thumbprint x5t#S256 is the identity and is kept in the file although the server computes it.",
				"delete only when no IdP uses the key. Public material only.",
			},
		},
		{
			Name:       "idps",
			Log:        &LogEvents{TargetType: "IdentityProvider", Types: []string{"system.idp.lifecycle.create", "system.idp.lifecycle.update", "system.idp.lifecycle.delete", "system.idp.lifecycle.activate", "system.idp.lifecycle.deactivate"}},
			Title:      "Identity provider",
			Schema:     "idps.json",
			ScopeArea:  "idps",
			SlugFields: []string{"name"},
			Identity:   []string{"name"},
			IDPrefixes: []string{"0oa"},
			List:       List{Path: "/api/v1/idps", Limit: 200, Paged: true},
			Get:        get("/api/v1/idps/{id}"),
			Create:     post("/api/v1/idps"),
			Update:     put("/api/v1/idps/{id}"),
			Delete:     del("/api/v1/idps/{id}"),
			Lifecycle: &Lifecycle{
				StatusField:            "status",
				Statuses:               status(),
				Activate:               post("/api/v1/idps/{id}/lifecycle/activate"),
				Deactivate:             post("/api/v1/idps/{id}/lifecycle/deactivate"),
				DeleteRequiresInactive: true,
			},
			Refs: []RefField{
				{Path: "protocol.credentials.trust.kid", Target: "idp-keys", TargetField: "kid"},
				{Path: "protocol.credentials.trust.additionalKids[]", Target: "idp-keys", TargetField: "kid"},
				{Path: "policy.provisioning.groups.assignments[]", Target: "groups"},
				{Path: "policy.provisioning.groups.filter[]", Target: "groups"},
				{Path: "policy.accountLink.filter.groups.include[]", Target: "groups"},
			},
			// The IdP's own signing key is generated under the IdP in each
			// org; apply must generate it and PUT the IdP again.
			ReadOnly: readOnly("protocol.credentials.signing.kid"),
			// A SAML IdP's trust audience is generated per org when the
			// admin sets none (https://www.okta.com/saml2/service-provider/
			// sp…): that value is org-specific, an audience the admin
			// chose is configuration.
			ReadOnlyIf: []ConditionalField{{
				Path:         "protocol.credentials.trust.audience",
				ValuePattern: `^https://www\.okta\.com/saml2/service-provider/sp[a-z0-9]+$`,
			}},
			Secrets: []SecretField{
				{Path: "protocol.credentials.client.client_secret", Mode: SecretIfPresent},
				{Path: "protocol.credentials.signing.privateKey", Mode: SecretIfPresent},
			},
			Sets: []string{
				"policy.provisioning.groups.assignments",
				"policy.provisioning.groups.filter",
				"policy.accountLink.filter.groups.include",
				"protocol.credentials.trust.additionalKids",
				"protocol.scopes",
			},
			After: []string{"user-schemas"},
			Notes: []string{
				"IdP IDs share the 0oa prefix with apps.",
				"protocol was once a string and is now an object: the schema accepts both.",
				"OIDC/social client secrets are returned in clear on GET and exported as placeholders.",
				"policy.subject.matchAttribute names a user-schema attribute (After user-schemas).",
				"delete deactivates first (as Terraform does; our choice).",
			},
		},
	}
}
