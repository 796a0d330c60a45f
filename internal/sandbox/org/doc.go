// Package org emulates the org-level endpoints that belong to no other
// family: GET /.well-known/okta-organization (wellknown.go), which clients
// read without a token to learn the org's id, cell and pipeline; the org's
// settings, singletons every org has (settings.go: general settings and
// contacts; settings_toggles.go: Okta communication emails, end-user
// dashboard preferences, Okta Support access; settings_internal.go: the
// security notification emails of the Admin Console's private API; seeds
// in settings.go, the sample in settings_sample.go); the rate-limit
// settings singletons (ratelimits.go) and the principal rate limits
// (principalratelimits.go); the Shared Signals receivers, security events
// providers (sseproviders.go); and the admin roles' notification
// subscriptions (subscriptions.go); the self-service feature catalog
// (features.go, the catalog in features_seed.go). Each registers an
// engine.Module from init().
//
// Tables owned: orgSettings, orgContacts, orgToggles,
// securityNotifications, rateLimitSettings, principalRateLimits,
// securityEventsProviders, roleSubscriptions, features. Read from other families:
// users (a contact names one), apps (an OAUTH_CLIENT principal must be an
// app). Phases: well-known 0, org settings 16 (after users). Tests are in
// internal/sandbox/conformance (org_*_test.go).
package org
