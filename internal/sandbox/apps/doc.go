// Package apps emulates Okta's applications: apps with the server
// defaults of every sign-on mode (apps.go, defaults*.go), their group
// assignments (appgroups.go) and their OAuth scope consent grants
// (appgrants.go). Each kind registers an engine.Module from init(); seeds
// and samples sit in apps_seed.go and apps_sample.go.
//
// Tables owned: apps, appGrants, appAccessPolicy (shared by name, see
// engine/tables.go: the engine's token endpoint reads apps and appGrants,
// the policies family reads apps and appAccessPolicy), appGroups,
// appClientSecrets, appNameSeq. Read from other families: groups,
// policies (ACCESS_POLICY assignment), inlineHooks (SAML hooks). Phases:
// apps and app-groups 40, app-grants 41, provisionedApps 42 (a --generate
// knob that turns provisioning on for some generated apps,
// apps_provisioned.go).
//
// The app-groups module's OnDelete hook on the groups table removes a
// deleted group's assignments. IsBuiltIn and CustomAccessPolicies are
// exported for the conformance tests (internal/sandbox/conformance,
// apps_*_test.go).
package apps
