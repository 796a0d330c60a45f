// Package authservers emulates custom authorization servers
// (authservers.go) and their scopes (scopes.go), claims (claims.go),
// access policies and policy rules (policies.go), including the default
// server every org has and the `default` path alias. Seeds sit in
// authservers_seed.go, samples and generators in authservers_sample.go.
//
// Tables owned: authServers, authServerScopes, authServerClaims,
// authServerPolicies, authServerPolicyRules (no other family reads them).
// Read from other families: apps (client ids), groups, users,
// inlineHooks. Phase 50. Tests: internal/sandbox/conformance,
// authservers_*_test.go.
package authservers
