// Package directory emulates Okta's directory kinds: groups (groups.go),
// their members (users_groups.go) and owners (groupowners.go), group rules
// (grouprules.go), users (users*.go: create and update, the lifecycle and
// credentials, q/filter/search, risk), realms (realms.go), user types
// (usertypes.go), the user and group profile schemas (schemas*.go) and
// linked object definitions (linkedobjects.go).
// Each kind registers an engine.Module from init(); seeds and samples
// sit in <kind>_seed.go and <kind>_sample.go.
//
// Tables owned: groups, users, userTypes, groupMembers (shared by name,
// see engine/tables.go), groupRules, schemas, linkedObjects, realms,
// userGroups (one {id: userId, groupIds} row per user), userLogins
// (lower-case login → user id), userSecrets (salted hashes of passwords
// and recovery answers), userRisk, groupOwners, builtInGroups (Everyone's
// id). Read from other families: idps (a custom property an IdP matches
// accounts on can't be removed). Phases: user-types 5, realms 6, groups
// 10, schemas and linked objects
// 12, users 15, group-rules 20.
//
// Deleting a group turns the group rules that name it INVALID and drops
// its members and owners here; the apps family drops the group's app
// assignments with its own OnDelete hook. Deleting a user drops its
// login, secrets, risk, memberships and ownerships; the apps family drops
// its app assignments. Tests are in internal/sandbox/conformance
// (directory_*_test.go).
package directory
