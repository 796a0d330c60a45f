package model

// domainKinds are the DNS-bound kinds of the brand, email and domains
// family (coverage §3.6 D1, D7): custom domains, on which Okta serves the
// sign-in page of a brand, and email domains, from which a brand's emails
// are sent. Both are created at once and usable only once the customer has
// published the DNS records Okta answers with (Verify).
func domainKinds() []Kind {
	return []Kind{
		{
			Name: "custom-domains",
			// The catalog's events (a MANUAL certificate is in the file).
			Log: &LogEvents{TargetType: "Domain", Types: []string{"system.custom_url_domain.initiate", "system.custom_url_domain.update",
				"system.custom_url_domain.delete", "system.custom_url_domain.verify", "system.custom_url_domain.cert_upload"}},
			Title:      "Custom domain",
			Schema:     "custom-domains.json",
			ScopeArea:  "domains",
			SlugFields: []string{"domain"},
			Identity:   []string{"domain"},
			IDPrefixes: []string{"OcD"},
			// The list is an object, {"domains": [...]}, unpaged, and
			// always holds the org's own Okta domain, id "default".
			List:   List{Path: "/api/v1/domains", Field: "domains"},
			Get:    get("/api/v1/domains/{id}"),
			Create: post("/api/v1/domains"),
			// The create takes the name and the certificate source; the
			// brand is set by a PUT {brandId} once the domain exists.
			CreateFields: []string{"domain", "certificateSourceType"},
			Update:       put("/api/v1/domains/{id}"),
			UpdateMode:   UpdatePartial,
			UpdateFields: []string{"brandId"},
			Delete:       del("/api/v1/domains/{id}"),
			Makes:        []MadeObject{{Field: "brandId", Kind: "brands"}},
			Verify: &Verification{
				Endpoint:    Endpoint{Method: "POST", Path: "/api/v1/domains/{id}/verify"},
				StatusField: "validationStatus", Verified: []string{"VERIFIED", "COMPLETED"},
				Records:  DNSRecords{Path: "dnsRecords", Type: "recordType", Name: "fqdn", Value: "values"},
				Volatile: []string{"publicCertificate"},
			},
			// A MANUAL certificate is written by PUT …/certificate and
			// never read back but as publicCertificate {subject,
			// fingerprint (SHA-256 of the DER, colon hex), expiration}.
			WriteOnly: &WriteOnlyPart{
				Name:   "certificate",
				Fields: []string{"certificate", "certificateChain", "privateKey"},
				Write:  Endpoint{Method: "PUT", Path: "/api/v1/domains/{id}/certificate", Body: map[string]any{"type": "PEM"}},
				Digest: PartDigest{Field: "certificate", Live: "publicCertificate.fingerprint", PEM: []string{"certificate", "certificateChain"}},
				When:   map[string]any{"certificateSourceType": "MANUAL"},
			},
			Secrets: []SecretField{{Path: "privateKey", Mode: SecretAlways, Format: SecretPEM,
				When: map[string]any{"certificateSourceType": "MANUAL"}}},
			Refs:      []RefField{{Path: "brandId", Target: "brands"}},
			ReadOnly:  readOnly(),
			Immutable: []string{"domain", "certificateSourceType"},
			// The default domain is the org's own Okta host, which differs
			// per org: its file keeps only its brand.
			ReadOnlyIf: []ConditionalField{{Path: "domain", When: map[string]any{"id": "default"}}},
			System: &SystemRule{
				Match:   []map[string]any{{"id": "default"}},
				Role:    "default",
				Allowed: SystemReadOnly,
			},
			CreateNote: "Okta makes the domain unverified, with DNS records to publish (TXT _oktaverification.<domain> and a CNAME); it serves nothing until they are published and verified. Okta also makes a brand named after the domain, which apply deletes once the domain is on the file's brand.",
			DeleteNote: "the domain stops serving the brand's sign-in page at once.",
			Notes: []string{
				"the list always holds the org's own Okta domain (role default), read-only; its host differs per org and is not written.",
				"Okta lower-cases the domain: the file must hold it in lower case (validate refuses capitals).",
				"Okta makes a brand of its own with every new domain and keeps it after the PUT that moves the domain to the file's brand: apply deletes that brand once the domain has moved (Kind.Makes). A run interrupted in between leaves it, and the next plan shows its delete.",
				"a MANUAL domain's file holds its certificate: certificate and certificateChain (PEM, public) and privateKey as ${secret:NAME}; apply writes them by PUT …/certificate, and the plan compares the certificate's SHA-256 fingerprint with the one Okta shows (a new private key alone is no change). Okta never returns the PEM: export keeps it from the previous tree while the fingerprints match.",
			},
		},
		{
			Name:       "email-domains",
			Log:        &LogEvents{TargetType: "EmailDomain", Types: []string{"system.email_domain.create", "system.email_domain.update", "system.email_domain.delete", "system.email_domain.verify"}},
			Title:      "Email domain",
			Schema:     "email-domains.json",
			ScopeArea:  "emailDomains",
			SlugFields: []string{"domain"},
			Identity:   []string{"domain"},
			IDPrefixes: []string{"OeD"},
			// ?expand=brands adds the brands that send from the domain
			// (_embedded.brands), which is how the file's brandId is read.
			List:         List{Path: "/api/v1/email-domains", Queries: []string{"expand=brands"}},
			Get:          &Endpoint{Method: "GET", Path: "/api/v1/email-domains/{id}", Query: "expand=brands"},
			Create:       post("/api/v1/email-domains"),
			Update:       put("/api/v1/email-domains/{id}"),
			UpdateFields: []string{"displayName", "userName"},
			Delete:       del("/api/v1/email-domains/{id}"),
			Verify: &Verification{
				Endpoint:    Endpoint{Method: "POST", Path: "/api/v1/email-domains/{id}/verify"},
				StatusField: "validationStatus", Verified: []string{"VERIFIED"},
				Records: DNSRecords{Path: "dnsValidationRecords", Type: "recordType", Name: "fqdn", Value: "verificationValue"},
			},
			// Okta never answers brandId, the create's brand: it is the
			// first brand ?expand=brands lists.
			Derived:    []DerivedField{{Field: "brandId", From: "_embedded.brands[].id"}},
			Refs:       []RefField{{Path: "brandId", Target: "brands"}},
			ReadOnly:   readOnly(),
			Immutable:  []string{"domain", "validationSubdomain", "brandId"},
			CreateNote: "Okta makes the domain unverified, with DNS records to publish (a TXT _oktaverification record and CNAMEs to the mail provider); the brand's emails are sent from it only once they are published and verified.",
			DeleteNote: "the brands that sent from the domain go back to Okta's own sender.",
			Notes: []string{
				"create takes the brand (brandId), which Okta never answers: export reads it from ?expand=brands (the first brand that sends from the domain); Okta then sets the brand's emailDomainId itself, which brands treat as server-owned.",
				"a PUT changes displayName and userName only: another domain, validation subdomain or brand is a replace.",
			},
		},
	}
}
