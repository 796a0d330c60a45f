// Package operations emulates the Okta endpoints that run an org rather
// than configure it: devices registered by Okta Verify and their
// lifecycle (devices.go), API token metadata and revocation
// (apitokens.go), and the AD/LDAP agent pools with their scheduled agent
// updates and update settings (agentpools.go, agentpool_updates.go).
// oktasync exports none of them (they are data, credentials or
// infrastructure: api-facts §1.12), but real clients call them, so the
// sandbox answers as a real org does. Samples sit in <kind>_sample.go.
//
// Seeding follows what an org really holds: every org has the API token
// the sandbox's client uses (seeded, owned by the super admin); devices
// exist only once users enroll, so only --sample and --generate
// devices=N make them; agent pools exist only once an agent is
// installed, so only --sample has one (an AD domain with two agents).
//
// Tables owned: devices, deviceUsers (per device), apiTokens,
// apiTokenCurrent, agentPools, agentPoolUpdates (per pool),
// agentPoolSettings (per pool). Phase 80: after users and authenticators,
// which devices name.
package operations
