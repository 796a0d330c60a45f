package model

// emailTemplateKinds are a brand's email templates (coverage §3.6 D2,
// D3). Okta keeps a fixed catalogue of templates per brand (31 in the
// recorded org) and makes them with the brand: a template's settings
// (who receives it) are implicit objects, updated only. One call per
// brand, GET …/templates/email?expand=settings,customizationCount, reads
// every template's settings and how many customizations it has; the
// customizations (the template's text per language) are read only for
// templates that have some.
func emailTemplateKinds() []Kind {
	const templates = "/api/v1/brands/{parentId}/templates/email"
	const customizations = "/api/v1/brands/{grandparentId}/templates/email/{parentId}/customizations"
	return []Kind{
		{
			Name: "email-template-settings",
			// Named by the brand; the event type is the catalog's.
			Log:       &LogEvents{TargetType: "Brand", Types: []string{"system.email.template.settings_changed"}},
			Title:     "Email template settings",
			Schema:    "email-template-settings.json",
			ScopeArea: "templates",
			Parent:    "brands",
			ChildDir:  "email-templates",
			// The template's name is its key in every path.
			IDField:    "name",
			SlugFields: []string{"name"},
			Identity:   []string{"name"},
			Implicit:   true,
			List: List{Path: templates, Queries: []string{"expand=settings,customizationCount"}, Limit: 200, Paged: true,
				// The settings are the item's _embedded.settings; the
				// name identifies it, the count gates the
				// customizations' list.
				Item: "_embedded.settings", ItemKeep: []string{"name", "_embedded.customizationCount"}},
			Get:          get(templates + "/{id}/settings"),
			Update:       put(templates + "/{id}/settings"),
			UpdateMode:   UpdatePartial,
			UpdateFields: []string{"recipients"},
			ReadOnly:     []string{"_links", "_embedded"},
			DefaultBody:  map[string]any{"recipients": "ALL_USERS"},
			Notes: []string{
				"who receives the emails of one template of the brand: ALL_USERS, ADMINS_ONLY or NO_USERS. Okta keeps every template for every brand; export writes only the templates whose recipients are not ALL_USERS (Okta's default) or that have customizations, and a template without a file is left as it is (to set one back, write recipients: ALL_USERS).",
				"the file is named after the template, lower-cased: brands/<brand>/email-templates/useractivation.yaml holds UserActivation.",
			},
		},
		{
			Name: "email-customizations",
			// The catalog's template events: a customization is the
			// template text an admin edits.
			Log:        &LogEvents{TargetType: "EmailCustomization", Types: []string{"system.email.template.create", "system.email.template.update", "system.email.template.delete"}},
			Title:      "Email customization",
			Schema:     "email-customizations.json",
			ScopeArea:  "templates",
			Parent:     "email-template-settings",
			ChildDir:   "customizations",
			SlugFields: []string{"language"},
			Identity:   []string{"language"},
			IDPrefixes: []string{"oel"},
			List: List{Path: customizations, Limit: 200, Paged: true,
				// The templates list says how many each template has.
				When: &Condition{Field: "_embedded.customizationCount", Above: new(float64)}},
			Get:      get(customizations + "/{id}"),
			Create:   post(customizations),
			Update:   put(customizations + "/{id}"),
			Delete:   del(customizations + "/{id}"),
			ReadOnly: readOnly(),
			Default:  &DefaultFlag{Field: "isDefault", DeleteAll: *del(customizations)},
			Notes: []string{
				"a template's text in one language: subject and body (HTML with Velocity variables such as ${user.profile.firstName}), written as literal blocks; a plan shows a change as a line diff.",
				"exactly one customization of a template is the default (isDefault: true), used for languages without one. Moving the default is an update of the new default, which Okta applies first; the last customization is removed with the template's collection DELETE.",
			},
		},
	}
}
