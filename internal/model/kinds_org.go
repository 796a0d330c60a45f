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
		{
			Name:      "org-communication",
			Title:     "Okta communication emails",
			Schema:    "org-communication.json",
			ScopeArea: "orgs",
			Singleton: "settings",
			Implicit:  true,
			List:      List{Path: "/api/v1/org/privacy/oktaCommunication", Singleton: true},
			Get:       get("/api/v1/org/privacy/oktaCommunication"),
			Toggles: []Toggle{{Field: "optOutEmailUsers", Created: "false", Actions: []ToggleAction{
				{Value: "true", Verb: "opt users out", Endpoint: *post("/api/v1/org/privacy/oktaCommunication/optOut")},
				{Value: "false", Verb: "opt users in", Endpoint: *post("/api/v1/org/privacy/oktaCommunication/optIn")},
			}}},
			ReadOnly: readOnly(),
			Notes: []string{
				"whether Okta sends its communication emails (product news, not security notices) to the org's users: org-communication/settings.yaml, optOutEmailUsers.",
				"no update: POST …/optOut or …/optIn switches it (a toggle).",
			},
		},
		{
			Name:      "org-dashboard",
			Title:     "End-user dashboard preferences",
			Schema:    "org-dashboard.json",
			ScopeArea: "orgs",
			Singleton: "settings",
			Implicit:  true,
			List:      List{Path: "/api/v1/org/preferences", Singleton: true},
			Get:       get("/api/v1/org/preferences"),
			Toggles: []Toggle{{Field: "showEndUserFooter", Created: "true", Actions: []ToggleAction{
				{Value: "true", Verb: "show the footer", Endpoint: *post("/api/v1/org/preferences/showEndUserFooter")},
				{Value: "false", Verb: "hide the footer", Endpoint: *post("/api/v1/org/preferences/hideEndUserFooter")},
			}}},
			ReadOnly: readOnly(),
			Notes: []string{
				"whether the end-user dashboard shows Okta's footer: org-dashboard/settings.yaml, showEndUserFooter.",
				"no update: POST …/showEndUserFooter or …/hideEndUserFooter switches it (a toggle).",
			},
		},
	}
}
