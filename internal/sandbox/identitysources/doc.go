// Package identitysources emulates Okta's Identity Sources API
// (Anything-as-a-Source): import sessions with their bulk uploads and state
// machine (sessions.go, bulk.go, process.go), and the real-time user, group
// and membership endpoints (users.go, groups.go), all under
// /api/v1/identity-sources/{identitySourceId}.
//
// An identity source is not an object of its own: it is a Custom Identity
// Source app instance, an app named custom_identity_source (recorded in an
// apps list, VCR TestAccResourceOktaAppSignOnPolicyRule_AUTH_METHOD_CHAIN;
// Okta's Workflows docs: "Identity Source ID is the same as Application
// ID"). The package reads the apps family's table by name and never writes
// it; an org has an identity source once a client has created such an app
// (POST /api/v1/apps with name custom_identity_source). Deleting the app
// drops its sessions, users and groups (Module.OnDelete).
//
// Tables owned (plain strings, no other family reads them), each per
// identity source (parent = the app id): identitySourceSessions,
// identitySourceUsers, identitySourceGroups. Phase 44, after the apps.
//
// What the recordings, the spec and the XaaS guide do not settle is marked
// "unverified" where it is decided, and listed in docs/sandbox.md.
package identitysources
