package model

// Users' admin roles (coverage §3.3 A6), opt-in (Kind.OptIn): a tree holds
// them only when asked for (--include-kind user-role-assignments).
//
// The admins are found without listing every user: GET
// /api/v1/iam/assignees/users answers {value:[{id, orn, _links}],
// _links:{next}} with the users who hold a role directly (a standard role,
// or a custom one as a binding member). Each is an admin-users object,
// admin-users/<login>.yaml, whose only field is the user by login
// (Derived from the id, written ${user:<login>}); oktasync never creates,
// changes or deletes a user (Kind.Existing). Its roles are
// admin-users/<login>/roles/<type>.yaml, read from
// /api/v1/users/{id}/roles (the users bucket) with the same rules and
// targets as a group's: standard roles only (CUSTOM ones are binding
// members), no update, targets as item sets.

// userAdminEvents are the System Log events of a user's admin roles; they
// name the user (User), as every other event about a user does.
var userAdminEvents = &LogEvents{TargetType: "User", Shared: true,
	Types: []string{"user.account.privilege.grant", "user.account.privilege.revoke"}}

// adminUsers: the users who hold an admin role directly.
func adminUsers() Kind {
	return Kind{
		Name:      "admin-users",
		Title:     "Admin user",
		Schema:    "admin-users.json",
		ScopeArea: "roles",
		// Service apps made before oktasync knew these kinds lack it.
		ScopeOptional: true,
		OptIn:         true,
		Existing:      true,
		SlugFields:    []string{"user"},
		Identity:      []string{"user"},
		List:          List{Path: iamBase + "/assignees/users", Field: "value"},
		Derived:       []DerivedField{{Field: "user", From: "id"}},
		ReadOnly:      readOnly("orn"),
		Refs:          []RefField{{Path: "user", Target: "users", External: true, ByLogin: true}},
		Log:           userAdminEvents,
		Notes: []string{
			"opt-in: read only with --include-kind user-role-assignments (or admin-users), or when the tree already holds admin-users/.",
			"one file per user who holds an admin role directly, admin-users/<login>.yaml, holding only the user: user: ${user:<login>}; Okta's list of admins (GET /api/v1/iam/assignees/users) gives their ids, so no user is listed who is not an admin.",
			"oktasync never creates, changes or deletes a user: a file naming a login the org lacks is an error at plan and apply, before anything is written; a new admin's file is matched to the user by login.",
			"an admin the tree lacks keeps the user; its roles are deleted (with --allow-delete), each on its own.",
		},
	}
}

// userRoleAssignments: standard roles assigned to a user
// (/api/v1/users/{userId}/roles, charged to the users bucket).
func userRoleAssignments() Kind {
	k := roleAssignment("/api/v1/users/{parentId}/roles")
	k.Name, k.Title, k.Schema = "user-role-assignments", "User admin role", "user-role-assignments.json"
	k.Parent = "admin-users"
	k.Log = userAdminEvents
	k.Notes = append(append([]string(nil), roleAssignmentNotes...),
		"opt-in, with admin-users: admin-users/<login>/roles/<type>.yaml.")
	return k
}
