package model

func zoneAndOriginKinds() []Kind {
	return []Kind{
		{
			Name:       "network-zones",
			Log:        &LogEvents{TargetType: "NetworkZone", Types: []string{"zone.create", "zone.update", "zone.delete", "zone.activate", "zone.deactivate"}},
			Title:      "Network zone",
			Schema:     "network-zones.json",
			ScopeArea:  "networkZones",
			SlugFields: []string{"name"},
			Identity:   []string{"name"},
			IDPrefixes: []string{"nzo"},
			// The spec gives limit a default of -1 (everything) and no
			// maximum, so none is sent; Link rel="next" is still followed.
			List:   List{Path: "/api/v1/zones", Paged: true},
			Get:    get("/api/v1/zones/{id}"),
			Create: post("/api/v1/zones"),
			Update: put("/api/v1/zones/{id}"),
			Delete: del("/api/v1/zones/{id}"),
			Lifecycle: &Lifecycle{
				StatusField:            "status",
				Statuses:               status(),
				Activate:               post("/api/v1/zones/{id}/lifecycle/activate"),
				Deactivate:             post("/api/v1/zones/{id}/lifecycle/deactivate"),
				DeleteRequiresInactive: true,
			},
			ReadOnly:  readOnly("system"),
			Immutable: []string{"type"},
			Sets: []string{"gateways", "proxies", "locations", "asns",
				"ipServiceCategories.include", "ipServiceCategories.exclude"},
			System: &SystemRule{
				Match:      []map[string]any{{"system": true}},
				RoleFields: []string{"name"},
				Allowed:    SystemUpdateOnly,
			},
			Notes: []string{
				"system zones: LegacyIpZone, BlockedIpZone, DefaultEnhancedDynamicZone, DefaultExemptIpZone. They are matched by name, which admins can change (see the design notes).",
				"a zone referenced by a policy or rule can't be deleted; in OIE orgs it must be INACTIVE first.",
				"the server normalises gateways (single IPs become ranges).",
			},
		},
		{
			Name:       "trusted-origins",
			Log:        &LogEvents{TargetType: "TrustedOrigin", Types: []string{"security.trusted_origin.create", "security.trusted_origin.update", "security.trusted_origin.delete", "security.trusted_origin.activate", "security.trusted_origin.deactivate"}},
			Title:      "Trusted origin",
			Schema:     "trusted-origins.json",
			ScopeArea:  "trustedOrigins",
			SlugFields: []string{"name"},
			Identity:   []string{"origin"},
			IDPrefixes: []string{"tos"},
			List:       List{Path: "/api/v1/trustedOrigins", Limit: 200, Paged: true},
			Get:        get("/api/v1/trustedOrigins/{id}"),
			Create:     post("/api/v1/trustedOrigins"),
			Update:     put("/api/v1/trustedOrigins/{id}"),
			Delete:     del("/api/v1/trustedOrigins/{id}"),
			Lifecycle:  lifecycle("/api/v1/trustedOrigins/{id}"),
			ReadOnly:   readOnly("createdBy", "lastUpdatedBy"),
			Sets:       []string{"scopes"},
			Notes: []string{
				"origin is the identity (unique URL); the slug is the name, which is also unique.",
			},
		},
	}
}
