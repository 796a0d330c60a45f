// Package authenticators emulates Okta Identity Engine authenticators:
// the ones every org has (authenticators_seed.go), create (custom app
// and external IdP authenticators), replace, and activation and
// deactivation with Okta's guards. Samples sit in
// authenticators_sample.go.
//
// Tables owned: authenticators (shared by name, see engine/tables.go).
// Read from other families: policies (an authenticator an enrollment
// policy requires can't be deactivated), apps, idps. Phase 10. Tests:
// internal/sandbox/conformance, authenticators_test.go.
package authenticators
