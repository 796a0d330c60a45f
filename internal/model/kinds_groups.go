package model

func groupKinds() []Kind {
	return []Kind{
		{
			Name:       "groups",
			Log:        &LogEvents{TargetType: "UserGroup", Types: []string{"group.lifecycle.create", "group.profile.update", "group.lifecycle.delete"}, Ignore: []string{"group.user_membership.add", "group.user_membership.remove", "group.privilege.grant", "group.privilege.revoke"}},
			Title:      "Group",
			Schema:     "groups.json",
			ScopeArea:  "groups",
			SlugFields: []string{"profile.name"},
			Identity:   []string{"profile.name"},
			IDPrefixes: []string{"00g"},
			List: List{
				Path: "/api/v1/groups",
				// APP_GROUPs are owned by imports and not desired state;
				// BUILT_IN groups are exported as system objects.
				Queries: []string{
					"filter=type%20eq%20%22OKTA_GROUP%22",
					"filter=type%20eq%20%22BUILT_IN%22",
				},
				Limit: 10000,
				Paged: true,
			},
			Get:      get("/api/v1/groups/{id}"),
			Create:   post("/api/v1/groups"),
			Update:   put("/api/v1/groups/{id}"),
			Delete:   del("/api/v1/groups/{id}"),
			ReadOnly: readOnly("lastMembershipUpdated", "objectClass", "type"),
			// Membership is data, not configuration: a rule adding a user
			// must not make a plan that touches the group stale.
			Volatile: []string{"lastMembershipUpdated"},
			System: &SystemRule{
				Match:      []map[string]any{{"type": "BUILT_IN"}},
				Identities: []string{"Everyone", "Okta Administrators"},
				RoleFields: []string{"profile.name"},
				Allowed:    SystemReadOnly,
			},
			// Okta refuses a group whose name differs from another's only
			// by case (E0000001), so "SALES" is the group "Sales".
			IdentityFoldCase: true,
			// A group with a fixed name is the apply lock: Okta refuses a
			// second group of the same name, which makes creating it an
			// atomic test-and-set in the org itself, and a group without
			// members or assignments grants nothing.
			Lock: &LockMarker{
				Name:         "oktasync-apply-lock",
				NameField:    "profile.name",
				NoteField:    "profile.description",
				Query:        "q=oktasync-apply-lock",
				ConflictCode: "E0000001",
			},
			After: []string{"group-schema"},
			Notes: []string{
				"limit 10000 is the spec's maximum (the spec recommends <= 200; we take the largest, per the design).",
				"identity is profile.name alone: only OKTA_GROUP and BUILT_IN groups are exported, and Okta rejects duplicate names among them.",
				"BUILT_IN groups (Everyone, Okta Administrators) are matched by role = their name and never written; no other group may take their names.",
				"names are compared without regard to case, as Okta compares them.",
				"the group named oktasync-apply-lock is the apply lock's marker: never exported, planned or written as configuration.",
			},
		},
		{
			Name:       "group-rules",
			Log:        &LogEvents{TargetType: "GroupRule", Types: []string{"group.rule.create", "group.rule.update", "group.rule.delete", "group.rule.activate", "group.rule.deactivate"}},
			Title:      "Group rule",
			Schema:     "group-rules.json",
			ScopeArea:  "groups",
			SlugFields: []string{"name"},
			Identity:   []string{"name"},
			IDPrefixes: []string{"0pr"},
			List:       List{Path: "/api/v1/groups/rules", Limit: 200, Paged: true},
			Get:        get("/api/v1/groups/rules/{id}"),
			Create:     post("/api/v1/groups/rules"),
			Update:     put("/api/v1/groups/rules/{id}"),
			Delete:     &Endpoint{Method: "DELETE", Path: "/api/v1/groups/rules/{id}", Query: "removeUsers=false"},
			Lifecycle: &Lifecycle{
				StatusField:            "status",
				Statuses:               status(),
				Activate:               post("/api/v1/groups/rules/{id}/lifecycle/activate"),
				Deactivate:             post("/api/v1/groups/rules/{id}/lifecycle/deactivate"),
				CreatedStatus:          "INACTIVE",
				UpdateRequiresInactive: true,
				DeleteRequiresInactive: true,
			},
			Refs: []RefField{
				{Path: "actions.assignUserToGroups.groupIds[]", Target: "groups"},
				{Path: "conditions.people.groups.exclude[]", Target: "groups"},
				{Path: "conditions.people.users.exclude[]", Target: "users", External: true, ByLogin: true},
				{Path: "conditions.expression.value", Target: "groups", Expression: true},
			},
			ReadOnly:  readOnly("allGroupsValid"),
			Immutable: []string{"actions"},
			Sets: []string{
				"actions.assignUserToGroups.groupIds",
				"conditions.people.groups.exclude",
				"conditions.people.users.exclude",
			},
			After: []string{"user-schemas"},
			Notes: []string{
				"always created INACTIVE; updates only while INACTIVE, and the actions section can't be updated (spec replaceGroupRule).",
				"delete deactivates first (as Terraform does) and passes removeUsers=false so members keep their groups.",
				"status INVALID is a server state; a file may say ACTIVE or INACTIVE.",
				"may answer 423 E0000239 while priorities are reconciled: retryable.",
			},
		},
	}
}
