package model

func brandKinds() []Kind {
	return []Kind{
		{
			Name:       "brands",
			Log:        &LogEvents{TargetType: "Brand", Types: []string{"system.brand.create", "system.brand.update", "system.brand.delete"}},
			Title:      "Brand",
			Schema:     "brands.json",
			ScopeArea:  "brands",
			SlugFields: []string{"name"},
			Identity:   []string{"name"},
			IDPrefixes: []string{"bnd"},
			List:       List{Path: "/api/v1/brands", Limit: 200, Paged: true},
			Get:        get("/api/v1/brands/{id}"),
			Create:     post("/api/v1/brands"),
			// Okta's create takes only the name; the rest is set by an
			// update.
			CreateFields: []string{"name"},
			Update:       put("/api/v1/brands/{id}"),
			Delete:       del("/api/v1/brands/{id}"),
			Refs: []RefField{
				{Path: "defaultApp.appInstanceId", Target: "apps"},
			},
			// Okta sets emailDomainId when an email domain is created for
			// the brand (email-domains' brandId says which): server-owned.
			ReadOnly: readOnly("isDefault", "emailDomainId"),
			System: &SystemRule{
				Match:   []map[string]any{{"isDefault": true}},
				Role:    "default",
				Allowed: SystemUpdateOnly,
			},
			Notes: []string{
				"create answers 409 for a duplicate name; delete may answer 409.",
				"PUT needs agreeToCustomPrivacyPolicy together with customPrivacyPolicyUrl.",
			},
		},
		{
			Name: "themes",
			// An update is the catalog's system.theme.update; the sandbox logs
			// a theme made or removed with its brand as
			// system.brand.theme.create and .delete.
			Log:        &LogEvents{TargetType: "Theme", Types: []string{"system.brand.theme.create", "system.theme.update", "system.brand.theme.delete"}},
			Title:      "Brand theme",
			Schema:     "themes.json",
			ScopeArea:  "brands",
			Parent:     "brands",
			ChildDir:   "themes",
			Singleton:  "default",
			Implicit:   true,
			IDPrefixes: []string{"the"},
			List:       List{Path: "/api/v1/brands/{parentId}/themes"},
			Get:        get("/api/v1/brands/{parentId}/themes/{id}"),
			Update:     put("/api/v1/brands/{parentId}/themes/{id}"),
			ReadOnly:   []string{"id", "logo", "favicon", "backgroundImage", "_links"},
			Notes: []string{
				"one theme per brand: no create or delete. Images (logo, favicon, background) are uploaded separately and not exported.",
			},
		},
	}
}
