// Package mappings emulates Okta's profile mappings (/api/v1/mappings):
// how the attributes of one profile are computed from another's, between
// the Okta user profile of a user type and the app user profile of an app
// or an identity provider.
//
// They get a family of their own because no other family owns them: a
// mapping joins a user type (directory), an app (apps) or an IdP (idps),
// and Okta makes and drops them as those appear and go. This family only
// reads those tables (engine/tables.go), so it sits after all three
// (phase 46), and it keeps its own table, profileMappings.
//
// Which mappings exist is derived from the org (mappings.go): one per IdP
// and user type (IdP → type), one per app from the default user type
// (type → app), and one from each app whose provisioning imports users
// (app → type). They are made on first sight by a list, and go with
// either end (OnDelete hooks). There is no create and no delete; POST
// /api/v1/mappings/{id} updates properties partially.
package mappings
