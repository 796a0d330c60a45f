// Package directory emulates Okta's directory kinds: groups (groups.go),
// group rules (grouprules.go), users (users.go: the super administrator
// who owns the API token and the read endpoints clients use), user types
// (usertypes.go), the user and group profile schemas (schemas*.go) and
// linked object definitions (linkedobjects.go).
// Each kind registers an engine.Module from init(); seeds and samples
// sit in <kind>_seed.go and <kind>_sample.go.
//
// Tables owned: groups, users, userTypes (shared by name, see
// engine/tables.go), groupRules, schemas, linkedObjects. Read from other
// families: idps (a custom property an IdP matches accounts on can't be
// removed). Phases: user-types 5, groups 10, schemas and linked objects
// 12, users 15, group-rules 20.
//
// Deleting a group turns the group rules that name it INVALID here; the
// apps family drops the group's app assignments with its own OnDelete
// hook. Tests are in internal/sandbox/conformance (directory_*_test.go).
package directory
