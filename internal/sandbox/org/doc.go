// Package org emulates the org-level endpoints that belong to no kind:
// GET /.well-known/okta-organization (wellknown.go), which clients read
// without a token to learn the org's id, cell and pipeline; the rate-limit
// settings singletons (ratelimits.go) and the principal rate limits
// (principalratelimits.go); the Shared Signals receivers, security events
// providers (sseproviders.go); and the admin roles' notification
// subscriptions (subscriptions.go). Each registers an engine.Module from
// init(). Tables owned: rateLimitSettings, principalRateLimits,
// securityEventsProviders, roleSubscriptions. Read from other families:
// apps (an OAUTH_CLIENT principal must be an app). Tests are in
// internal/sandbox/conformance (org_*_test.go).
package org
