package model

// emailAndSMSKinds are the org-level messaging kinds of the brand, email
// and domains family (coverage §3.6 D8, D9): custom SMTP servers and SMS
// templates. The brand-level ones are in kinds_brand_pages.go and
// kinds_email_templates.go, custom and email domains in kinds_domains.go.
func emailAndSMSKinds() []Kind {
	return []Kind{
		{
			Name: "email-servers",
			// The catalog's events; activate and deactivate are an admin's
			// switch in the Admin Console.
			Log: &LogEvents{TargetType: "EmailServer", Types: []string{"system.custom_email_server.lifecycle.create", "system.custom_email_server.lifecycle.update",
				"system.custom_email_server.lifecycle.delete", "system.custom_email_server.lifecycle.activate", "system.custom_email_server.lifecycle.deactivate"}},
			Title:      "Custom SMTP server",
			Schema:     "email-servers.json",
			ScopeArea:  "emailServers",
			SlugFields: []string{"alias"},
			Identity:   []string{"alias"},
			IDPrefixes: []string{"ces"},
			// The list is an object, {"email-servers": [...]}, unpaged.
			List:       List{Path: "/api/v1/email-servers", Field: "email-servers"},
			Get:        get("/api/v1/email-servers/{id}"),
			Create:     post("/api/v1/email-servers"),
			Update:     &Endpoint{Method: "PATCH", Path: "/api/v1/email-servers/{id}"},
			UpdateMode: UpdatePartial,
			Delete:     del("/api/v1/email-servers/{id}"),
			ReadOnly:   readOnly(),
			Secrets: []SecretField{
				{Path: "password", Mode: SecretAlways},
			},
			Notes: []string{
				"the password is write-only (never returned), so export always writes a ${secret:} placeholder; apply needs its value to create a server and leaves it alone on update when it has none.",
				"updates are a PATCH of the changed fields. Enabling one server routes all email through it; keep at most one enabled.",
			},
		},
		{
			Name: "sms-templates",
			// Unverified: Okta's catalog names no SMS template event.
			Log:        &LogEvents{TargetType: "SmsTemplate", Unverified: true, Types: []string{"system.sms_template.create", "system.sms_template.update", "system.sms_template.delete"}},
			Title:      "SMS template",
			Schema:     "sms-templates.json",
			ScopeArea:  "templates",
			SlugFields: []string{"name"},
			Identity:   []string{"name"},
			IDPrefixes: []string{"cst"},
			List:       List{Path: "/api/v1/templates/sms"},
			Get:        get("/api/v1/templates/sms/{id}"),
			Create:     post("/api/v1/templates/sms"),
			Update:     put("/api/v1/templates/sms/{id}"),
			Delete:     del("/api/v1/templates/sms/{id}"),
			ReadOnly:   readOnly(),
			Notes: []string{
				"translations is a map of language code to text; as for any field, a language left out of the file is left alone, and `<language>: null` removes it. Updates replace the template (PUT, after a GET); Okta's PUT answer leaves translations out, a GET shows them.",
			},
		},
	}
}
