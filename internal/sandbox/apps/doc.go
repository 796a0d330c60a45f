// Package apps emulates Okta's applications: apps with the server
// defaults of every sign-on mode (apps.go, defaults*.go) and of the OIN
// catalog apps whose answers are recorded (catalog.go), their group
// assignments (appgroups.go), user assignments (appusers.go) and OAuth
// scope consent grants (appgrants.go), the sub-resources real clients
// call: key credentials (appkeys.go), CSRs (appcsrs.go), client secrets
// (appsecrets.go), the SAML IdP metadata (appsaml.go), logos
// (applogo.go) and the internal ID token settings the Terraform provider
// reads (idtoken.go), and what sits below an app as configuration (issue
// 13): its user schema (user_schemas*.go), its provisioning connection
// (connections.go) and features (features.go), its group push mappings
// (group_push.go) and its federated claims (federated_claims.go). Each
// kind registers an engine.Module from init(); seeds and samples sit in
// apps_seed.go, apps_sample.go and depth_sample.go.
//
// Tables owned: apps, appGrants, appAccessPolicy, appProfileEnrollment
// (shared by name, see engine/tables.go: the engine's token endpoint reads
// apps and appGrants, the policies family reads apps and appAccessPolicy,
// the mappings family reads apps), appGroups, appUsers, appClientSecrets,
// appKeys, appCSRs, appLogos, appIdToken, appNameSeq, appUserSchemas,
// appConnections, appConnectionTokens, appConnectionConsent, appFeatures,
// appGroupPush, appFederatedClaims. The only rows it writes elsewhere are
// the APP_GROUPs group push makes in the directory family's groups table.
// Read from other families: groups and groupMembers (users assigned
// through groups), users, policies (ACCESS_POLICY and PROFILE_ENROLLMENT
// assignment), inlineHooks (SAML hooks). Phases: apps and app-groups 40;
// app-grants, app-user-schemas, app-connections, app-features,
// app-group-push and app-federated-claims 41; the sub-resources and
// provisionedApps 42 (a --generate knob that turns provisioning on for
// some generated apps, apps_provisioned.go); app-depth-sample 43.
//
// The app-groups module's OnDelete hook on the groups table removes a
// deleted group's assignments, app-group-push's removes its mappings, and
// the app-users module's hook on the users table removes a deleted user's
// assignments; each sub-resource module drops its rows when an app is
// deleted (OnDelete on the apps table). IsBuiltIn and CustomAccessPolicies
// are exported for the conformance tests (internal/sandbox/conformance,
// apps_*_test.go).
package apps
