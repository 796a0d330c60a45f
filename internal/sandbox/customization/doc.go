// Package customization emulates Okta's brand, email and domain
// configuration:
//
//   - brands and their themes (brands.go; the default brand in
//     brands_seed.go);
//   - email templates, their settings (emails_templates.go, over the fixed
//     catalogue in emails_catalogue.go) and email customizations per brand
//     × template × language (emails_customizations.go);
//   - sign-in, error and sign-out pages per brand (pages.go, with Okta's
//     default pages in pages_defaults.go);
//   - custom domains (domains.go, certificate upload in
//     domains_certificate.go, the system `default` domain in
//     domains_seed.go), email domains (emaildomains.go), custom SMTP
//     servers (emailservers.go) and SMS templates (smstemplates.go).
//
// Samples sit in <kind>_sample.go. The sandbox sees no DNS, so custom and
// email domains never verify; tests that need a verified one edit its
// validationStatus.
//
// Tables owned: brands, themes, emailSettings and emailCustomizations
// (keyed under the brand, customizations under "<brandId>/<template>"),
// pages, domains, emailDomains, emailServers, smsTemplates. Read from
// other families: apps (a brand's default app), users (the admin, for
// email previews). Phases 60 (brands) to 62. ThemeDefaults, ThemeLogo and
// EmailTemplateNames are exported for the conformance tests
// (internal/sandbox/conformance, customization_*_test.go).
package customization
