// Package authenticators emulates Okta Identity Engine authenticators:
// the ones every org has (authenticators_seed.go), create (custom app
// and external IdP authenticators), replace, and activation and
// deactivation with Okta's guards. Samples sit in
// authenticators_sample.go.
//
// Push providers (pushproviders.go), which custom_app authenticators name,
// and each authenticator's methods (methods.go), made with it, live here
// too.
//
// Tables owned: authenticators (shared by name, see engine/tables.go),
// pushProviders, authenticatorMethods (per authenticator). Read from
// other families: policies (an authenticator an enrollment policy requires
// can't be deactivated), apps, idps. Phases: push providers 8,
// authenticators 10, methods 11. Tests: internal/sandbox/conformance,
// authenticators_*_test.go.
package authenticators
