package model

import "strings"

// orgKinds are the org's own settings: singletons every org has, made with
// the org and never deleted (Implicit). The subdomain and the org ID are
// org-specific and server-owned: they are never written to the tree.
func orgKinds() []Kind {
	return []Kind{
		{
			Name: "org-settings",
			// Unverified: Okta's catalog names no event for these settings.
			Log:        &LogEvents{TargetType: "Org", Types: []string{"system.org.settings.update"}, Unverified: true},
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
				"the contacts, Okta's communication emails and the dashboard footer have endpoints of their own: org-billing-contact, org-technical-contact, org-communication, org-dashboard.",
				"Okta Support access and the security notification emails are kinds of their own: org-support, security-notification-emails.",
			},
		},
		{
			Name:      "org-communication",
			Log:       &LogEvents{TargetType: "Org", Types: []string{"system.org.okta_communication.opt_in", "system.org.okta_communication.opt_out"}, Unverified: true},
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
			Log:       &LogEvents{TargetType: "Org", Types: []string{"system.org.end_user_footer.show", "system.org.end_user_footer.hide"}, Unverified: true},
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
		{
			Name: "org-support",
			// The catalog's events for Okta Support access; their target
			// is the sandbox's (the org). Extending a grant changes only
			// its expiration, which is not written, but an Ignore would
			// leave the Org-named event to the other Org kinds, which
			// don't list it: a whole-org read.
			Log:       &LogEvents{TargetType: "Org", Types: []string{"user.session.impersonation.grant", "user.session.impersonation.extend", "user.session.impersonation.revoke"}, Unverified: true},
			Title:     "Okta Support access",
			Schema:    "org-support.json",
			ScopeArea: "orgs",
			Singleton: "settings",
			Implicit:  true,
			List:      List{Path: "/api/v1/org/privacy/oktaSupport", Singleton: true},
			Get:       get("/api/v1/org/privacy/oktaSupport"),
			Toggles: []Toggle{{Field: "support", Created: "DISABLED", Actions: []ToggleAction{
				{Value: "ENABLED", Verb: "grant Okta Support access", Endpoint: *post("/api/v1/org/privacy/oktaSupport/grant"),
					Guard: "okta-support", GuardNote: "grants Okta Support staff access to the org (for 8 hours)"},
				{Value: "DISABLED", Verb: "revoke Okta Support access", Endpoint: *post("/api/v1/org/privacy/oktaSupport/revoke")},
			}}},
			ReadOnly: readOnly("expiration"),
			Notes: []string{
				"whether Okta Support staff may sign in to the org: org-support/settings.yaml, support (ENABLED or DISABLED); the expiration of a grant is not written (it runs out by itself).",
				"revoking (DISABLED) is always applied; granting (ENABLED) opens the org to Okta staff, so apply sends it only with --allow okta-support, and a restore or promotion never does on its own.",
				"no update: POST …/grant or …/revoke (a toggle); extending a grant is not managed.",
			},
		},
		{
			Name:         "security-notification-emails",
			Log:          &LogEvents{TargetType: "Org", Types: []string{"system.org.security_notification_settings.update"}, Unverified: true},
			Title:        "Security notification emails",
			Schema:       "security-notification-emails.json",
			ScopeArea:    "orgs",
			Singleton:    "settings",
			Implicit:     true,
			APITokenOnly: true,
			List:         List{Path: "/api/internal/org/settings/security-notification-settings", Singleton: true},
			Get:          get("/api/internal/org/settings/security-notification-settings"),
			Update:       put("/api/internal/org/settings/security-notification-settings"),
			UpdateMode:   UpdateReplace,
			ReadOnly:     readOnly("customizedEmailsList", "customizedEmailsWithReportButtonList"),
			Notes: []string{
				"which security emails Okta sends to end users (new sign-on device, authenticator enrolled or reset, password changed, the report-suspicious-activity link): security-notification-emails/settings.yaml, five booleans.",
				"a private Admin Console endpoint (/api/internal/…) that takes no OAuth scope: only an API token reaches it. Under OAuth, export skips it with a warning and keeps its file, and plan and apply refuse a tree that holds it.",
			},
		},
		orgContactKind("billing", "Billing contact"),
		orgContactKind("technical", "Technical contact"),
	}
}

// orgContactKind is one of the org's contacts: the user Okta writes to
// about billing, or about technical matters. The list
// (/api/v1/org/contacts) names only the types, so each contact is a
// singleton kind of its own, read and written at its own path.
func orgContactKind(contactType, title string) Kind {
	path := "/api/v1/org/contacts/" + contactType
	return Kind{
		Name: "org-" + contactType + "-contact",
		// Named by its type (BILLING, TECHNICAL) so that an event re-reads
		// that contact alone. Unverified: the catalog names no event.
		Log: &LogEvents{TargetType: "OrgContact", TargetID: strings.ToUpper(contactType),
			Types: []string{"system.org.contact.update"}, Unverified: true},
		Title:      title,
		Schema:     "org-" + contactType + "-contact.json",
		ScopeArea:  "orgs",
		Singleton:  "user",
		Implicit:   true,
		List:       List{Path: path, Singleton: true},
		Get:        get(path),
		Update:     put(path),
		UpdateMode: UpdateReplace,
		Refs:       []RefField{{Path: "userId", Target: "users", External: true, ByLogin: true}},
		ReadOnly:   readOnly(),
		Notes: []string{
			"org-" + contactType + "-contact/user.yaml: userId, the user by login (${user:<login>}); every org has the contact, set to its first super administrator.",
		},
	}
}
