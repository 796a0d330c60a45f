// Package apps emulates Okta's applications: apps with the server
// defaults of every sign-on mode (apps.go, defaults*.go), their group
// assignments (appgroups.go), their OAuth scope consent grants
// (appgrants.go), and what sits below an app (issue 13): its user schema
// (user_schemas*.go), its provisioning connection (connections.go) and
// features (features.go), its group push mappings (group_push.go) and its
// federated claims (federated_claims.go). Each kind registers an
// engine.Module from init(); seeds and samples sit in apps_seed.go,
// apps_sample.go and depth_sample.go.
//
// Tables owned: apps, appGrants, appAccessPolicy, appProfileEnrollment
// (shared by name, see engine/tables.go: the engine's token endpoint reads
// apps and appGrants, the policies family reads apps and appAccessPolicy,
// the mappings family reads apps), appGroups, appClientSecrets,
// appNameSeq, appUserSchemas, appConnections, appConnectionTokens,
// appConnectionConsent, appFeatures, appGroupPush, appFederatedClaims.
// The only rows it writes elsewhere are the APP_GROUPs group push makes in
// the directory family's groups table. Read from other families: groups,
// policies (ACCESS_POLICY and PROFILE_ENROLLMENT assignment), inlineHooks
// (SAML hooks). Phases: apps and app-groups 40; app-grants,
// app-user-schemas, app-connections, app-features, app-group-push and
// app-federated-claims 41; provisionedApps 42 (a --generate knob that
// turns provisioning on for some generated apps, apps_provisioned.go);
// app-depth-sample 43.
//
// The app-groups module's OnDelete hook on the groups table removes a
// deleted group's assignments, and app-group-push's removes its mappings;
// each sub-resource module drops its rows when an app is deleted (OnDelete
// on the apps table). IsBuiltIn and CustomAccessPolicies are exported for
// the conformance tests (internal/sandbox/conformance, apps_*_test.go).
package apps
