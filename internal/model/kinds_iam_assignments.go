package model

// Standard admin roles assigned to groups and to OAuth service apps
// (coverage §3.3 A4, A5): GET|POST …/roles, GET|DELETE …/roles/{id}, no
// update, so any change is a replacement. A role that takes targets is
// narrowed by them: groups for USER_ADMIN, HELP_DESK_ADMIN and
// GROUP_MEMBERSHIP_ADMIN (PUT|DELETE …/targets/groups/{groupId}), apps for
// APP_ADMIN (every app of an OIN type, PUT|DELETE …/targets/catalog/apps/
// {appName}, or one instance, …/catalog/apps/{appName}/{appId}). An
// assignment without targets applies to every group or app, so its last
// target cannot be removed: emptying the set recreates it (MinItems).
//
// The role lists also answer the principal's CUSTOM role grants, whose id
// is the binding member's: they are resource-set-bindings members, so the
// list leaves them out (List.Skip).

// groupTargetRoles are the standard roles narrowed by groups.
var groupTargetRoles = []string{"GROUP_MEMBERSHIP_ADMIN", "HELP_DESK_ADMIN", "USER_ADMIN"}

// appTargetRoles are the standard roles narrowed by apps.
var appTargetRoles = []string{"APP_ADMIN"}

// roleAssignment is what the group and client assignments share; base is
// the principal's role list.
func roleAssignment(base string) Kind {
	return Kind{
		ScopeArea: "roles",
		// Service apps made before oktasync knew these kinds lack it.
		ScopeOptional: true,
		ChildDir:      "roles",
		SlugFields:    []string{"type"},
		Identity:      []string{"type"},
		List:          List{Path: base, Skip: &Condition{Field: "type", OneOf: []string{"CUSTOM"}}},
		Get:           get(base + "/{id}"),
		Create:        post(base),
		Delete:        del(base + "/{id}"),
		ReadOnly:      readOnly("label", "status", "assignmentType"),
		// Okta drops a deleted group or app from every assignment's
		// targets, so their deletes need not wait for the assignment.
		Refs: []RefField{
			{Path: "targets.groups[]", Target: "groups", DroppedWithTarget: true},
			{Path: "targets.apps[]", DroppedWithTarget: true, Patterns: []RefPattern{
				{Template: "{*}/{id}", Target: "apps"},
				{Template: "{*}"},
			}},
		},
		ItemSets: roleTargets(base + "/{id}/targets"),
		Keep:     &superAdminGuard,
	}
}

// superAdminGuard: the org's last SUPER_ADMIN assignment, a user's, a
// group's or a service app's, is never removed.
var superAdminGuard = KeepOne{Name: "SUPER_ADMIN assignment", When: Condition{Field: "type", OneOf: []string{"SUPER_ADMIN"}}}

// roleTargets are an assignment's two target sets. Okta lists an app
// instance target by its id and label; its endpoints name it by OIN name
// and id, so the item is "<OIN name>/<app>", joined from the app.
func roleTargets(base string) []ItemSet {
	return []ItemSet{
		{
			Field:     "targets.groups",
			When:      &Condition{Field: "type", OneOf: groupTargetRoles},
			Read:      List{Path: base + "/groups", Limit: 200, Paged: true},
			ReadValue: "id",
			Add:       put(base + "/groups/{item}"),
			Remove:    del(base + "/groups/{itemId}"),
			MinItems:  1,
		},
		{
			Field:     "targets.apps",
			When:      &Condition{Field: "type", OneOf: appTargetRoles},
			Read:      List{Path: base + "/catalog/apps", Limit: 200, Paged: true},
			ReadValue: "name",
			Join:      &ItemJoin{ID: "id", Target: "apps", Template: "{name}/{id}"},
			KeyIsPath: true,
			IDIsValue: true,
			Add:       put(base + "/catalog/apps/{item}"),
			Remove:    del(base + "/catalog/apps/{itemId}"),
			MinItems:  1,
		},
	}
}

var roleAssignmentNotes = []string{
	"one file per standard role, named after its type; identity is the type (Okta gives a principal each role once).",
	"Okta has no update: a change is a replacement, refused without --allow-replace or --allow-delete.",
	"targets.groups (USER_ADMIN, HELP_DESK_ADMIN, GROUP_MEMBERSHIP_ADMIN) are group references; targets.apps (APP_ADMIN) are an OIN app name (every app of that type) or <OIN name>/${ref:apps/<app>} (one app).",
	"an assignment without targets applies to every group or app, so its last target cannot be removed: emptying a target set (targets.apps: []) recreates the assignment unscoped, a replacement; leaving the field out leaves the targets alone.",
	"a custom role granted to the principal is a resource-set-bindings member: the role list's CUSTOM entries are left out here.",
}

// groupRoleAssignments: standard roles assigned to a group
// (/api/v1/groups/{groupId}/roles, charged to the groups bucket).
func groupRoleAssignments() Kind {
	k := roleAssignment("/api/v1/groups/{parentId}/roles")
	k.Name, k.Title, k.Schema = "group-role-assignments", "Group admin role", "group-role-assignments.json"
	k.Parent = "groups"
	k.Notes = roleAssignmentNotes
	// Okta logs a group's admin role changes against the group; the
	// groups kind ignores these events, and this kind every other event
	// that names a group (its membership, its profile).
	k.Log = &LogEvents{TargetType: "UserGroup", Shared: true, Types: []string{"group.privilege.grant", "group.privilege.revoke"}}
	return k
}

// clientRoleAssignments: standard roles assigned to an OAuth service app
// (/oauth2/v1/clients/{clientId}/roles, their own bucket), keyed by the
// app's client_id. Only service apps (API Services) hold admin roles, so
// the list is read only for them.
func clientRoleAssignments() Kind {
	k := roleAssignment("/oauth2/v1/clients/{parentId}/roles")
	k.Name, k.Title, k.Schema = "client-role-assignments", "Service app admin role", "client-role-assignments.json"
	k.Parent = "apps"
	k.ParentKey = "credentials.oauthClient.client_id"
	k.List.When = &Condition{Field: "settings.oauthClient.application_type", OneOf: []string{"service"}}
	k.Log = &LogEvents{TargetType: "PublicClientApp", Unverified: true, Types: []string{"app.oauth2.client.privilege.grant", "app.oauth2.client.privilege.revoke"}}
	k.Notes = append(append([]string(nil), roleAssignmentNotes...),
		"read for service apps only (settings.oauthClient.application_type service): only they hold admin roles; the endpoints take the app's client_id.")
	return k
}
