// Package org emulates the org-level endpoints that belong to no other
// family: GET /.well-known/okta-organization (wellknown.go), which clients
// read without a token to learn the org's id and pipeline, and the org's
// settings, singletons every org has (settings.go: general settings and
// contacts; settings_toggles.go: Okta communication emails, end-user
// dashboard preferences, Okta Support access; settings_internal.go: the
// security notification emails of the Admin Console's private API).
// Seeds are in settings.go, the sample in settings_sample.go.
//
// Tables owned: orgSettings, orgContacts, orgToggles,
// securityNotifications. Read from other families: users (a contact names
// one). Phases: well-known 0, org settings 16 (after users).
package org
