// Package apps emulates Okta's applications: apps with the server
// defaults of every sign-on mode (apps.go, defaults*.go) and of the OIN
// catalog apps whose answers are recorded (catalog.go), their group
// assignments (appgroups.go), user assignments (appusers.go) and OAuth
// scope consent grants (appgrants.go), and the sub-resources real clients
// call: key credentials (appkeys.go), CSRs (appcsrs.go), client secrets
// (appsecrets.go), the SAML IdP metadata (appsaml.go), logos
// (applogo.go) and the internal ID token settings the Terraform provider
// reads (idtoken.go). Each kind registers an engine.Module from init();
// seeds and samples sit in apps_seed.go and apps_sample.go.
//
// Tables owned: apps, appGrants, appAccessPolicy (shared by name, see
// engine/tables.go: the engine's token endpoint reads apps and appGrants,
// the policies family reads apps and appAccessPolicy), appGroups,
// appUsers, appClientSecrets, appKeys, appCSRs, appLogos, appIdToken,
// appNameSeq. Read from other families: groups and groupMembers (users
// assigned through groups), users, policies (ACCESS_POLICY assignment),
// inlineHooks (SAML hooks). Phases: apps and app-groups 40, app-grants
// 41, the sub-resources and provisionedApps 42 (a --generate knob that
// turns provisioning on for some generated apps, apps_provisioned.go).
//
// The app-groups module's OnDelete hook on the groups table removes a
// deleted group's assignments; the app-users module's hook on the users
// table removes a deleted user's. IsBuiltIn and CustomAccessPolicies are
// exported for the conformance tests (internal/sandbox/conformance,
// apps_*_test.go).
package apps
