// Package policies emulates Okta's policies (policies.go,
// policies_settings.go) and policy rules (rules.go) of the types the
// sandbox serves, with Okta's sibling priorities, system policies and
// catch-all rules. Seeds (the system policies every org has) sit in
// policies_seed.go, samples and generators in policies_sample.go.
//
// Tables owned: policies, policyRules (shared by name, see
// engine/tables.go). Read from other families: groups, users, userTypes,
// apps, appAccessPolicy (a policy in use by an app can't be deleted),
// zones, idps, authenticators, inlineHooks. Phase 30.
//
// TypesServed, TypeIsOIE and RuleType are exported for the conformance
// tests (internal/sandbox/conformance, policies_*_test.go).
package policies
