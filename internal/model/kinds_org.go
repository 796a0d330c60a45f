package model

// orgKinds are the org's own settings: singletons every org has, made with
// the org and never deleted (Implicit). The subdomain and the org ID are
// org-specific and server-owned: they are never written to the tree.
func orgKinds() []Kind {
	return []Kind{
		{
			Name:       "org-settings",
			Title:      "Org settings",
			Schema:     "org-settings.json",
			ScopeArea:  "orgs",
			Singleton:  "general",
			Implicit:   true,
			List:       List{Path: "/api/v1/org", Singleton: true},
			Get:        get("/api/v1/org"),
			Update:     post("/api/v1/org"),
			UpdateMode: UpdatePartial,
			ReadOnly:   readOnly("subdomain", "status", "expiresAt"),
			Notes: []string{
				"the general settings (company, address, phone numbers, end-user support) in org-settings/general.yaml; most differ between a preview and a production org, so expect ${var:…}.",
				"updated with POST (partial), so a field the file leaves out is kept and null clears it; PUT would clear every field left out.",
				"contacts, Okta communication emails, the end-user dashboard footer and Okta Support access have endpoints of their own and are not in this file.",
			},
		},
	}
}
