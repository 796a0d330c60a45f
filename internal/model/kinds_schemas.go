package model

// schemaReadOnly are the server-owned parts of a profile schema.
func schemaReadOnly() []string {
	return readOnly("$schema", "name", "type", "properties",
		"definitions.base.id", "definitions.base.type", "definitions.base.required",
		"definitions.custom.id", "definitions.custom.type", "definitions.custom.required")
}

func schemaKinds() []Kind {
	return []Kind{
		{
			Name: "group-schema",
			// Unverified: the catalog has user and app user profile events
			// only; the sandbox names this one after them.
			Log:        &LogEvents{TargetType: "GroupSchema", Types: []string{"directory.group_profile.update"}, Unverified: true},
			Title:      "Group profile schema",
			Schema:     "group-schema.json",
			ScopeArea:  "schemas",
			Singleton:  "default",
			Implicit:   true,
			List:       List{Path: "/api/v1/meta/schemas/group/default", Singleton: true},
			Get:        get("/api/v1/meta/schemas/group/default"),
			Update:     post("/api/v1/meta/schemas/group/default"),
			UpdateMode: UpdatePartial,
			ReadOnly:   schemaReadOnly(),
			Notes: []string{
				"singleton: no create or delete; POST is a partial update and a custom attribute is removed by sending it as null.",
				"base attributes (name, description) can't be changed.",
			},
		},
		{
			Name:       "user-types",
			Log:        &LogEvents{TargetType: "UserType", Types: []string{"user.type.create", "user.type.update", "user.type.delete"}},
			Title:      "User type",
			Schema:     "user-types.json",
			ScopeArea:  "userTypes",
			SlugFields: []string{"name"},
			Identity:   []string{"name"},
			IDPrefixes: []string{"oty"},
			List:       List{Path: "/api/v1/meta/types/user"},
			Get:        get("/api/v1/meta/types/user/{id}"),
			Create:     post("/api/v1/meta/types/user"),
			Update:     put("/api/v1/meta/types/user/{id}"),
			Delete:     del("/api/v1/meta/types/user/{id}"),
			ReadOnly:   readOnly("createdBy", "lastUpdatedBy", "default"),
			Immutable:  []string{"name"},
			System: &SystemRule{
				Match:   []map[string]any{{"default": true}},
				Role:    "default",
				Allowed: SystemUpdateOnly,
			},
			Notes: []string{
				"no paging. PUT replaces displayName and description (name is required but immutable).",
				"a type assigned to users can't be deleted; a 500 E0000009 on delete was recorded and is retryable.",
			},
		},
		{
			Name:       "user-schemas",
			Log:        &LogEvents{TargetType: "UserType", Types: []string{"directory.user_profile.update"}},
			Title:      "User profile schema",
			Schema:     "user-schemas.json",
			ScopeArea:  "schemas",
			Parent:     "user-types",
			ChildDir:   "schema",
			ParentKey:  "_links.schema.href",
			Singleton:  "default",
			Implicit:   true,
			IDPrefixes: []string{"osc"},
			List:       List{Path: "/api/v1/meta/schemas/user/{parentId}", Singleton: true},
			Get:        get("/api/v1/meta/schemas/user/{parentId}"),
			Update:     post("/api/v1/meta/schemas/user/{parentId}"),
			UpdateMode: UpdatePartial,
			ReadOnly:   schemaReadOnly(),
			Notes: []string{
				"one per user type (the default type's schema is also addressable as 'default'); the schema id is the last segment of the type's _links.schema.href.",
				"POST is partial; remove an attribute by sending it as null. An attribute used as an IdP matchAttribute can't be removed.",
			},
		},
		{
			Name:      "linked-object-definitions",
			Log:       &LogEvents{TargetType: "LinkedObject", Types: []string{"directory.linked_object.create", "directory.linked_object.delete"}},
			Title:     "Linked object definition",
			Schema:    "linked-object-definitions.json",
			ScopeArea: "linkedObjects",
			// A definition has no id: its primary name names it in the path
			// (either name reads or deletes the whole pair).
			IDField:    "primary.name",
			SlugFields: []string{"primary.name"},
			Identity:   []string{"primary.name"},
			List:       List{Path: "/api/v1/meta/schemas/user/linkedObjects"},
			Get:        get("/api/v1/meta/schemas/user/linkedObjects/{id}"),
			Create:     post("/api/v1/meta/schemas/user/linkedObjects"),
			Delete:     del("/api/v1/meta/schemas/user/linkedObjects/{id}"),
			DeleteNote: "deleting a linked object definition erases, on every user, the links of its relationship (who is whose manager); recreating it does not bring them back",
			ReadOnly:   readOnly(),
			Notes: []string{
				"a primary/associated pair of user relationships (manager / directReports), linked-object-definitions/<primary name>.yaml.",
				"no update: a change is a replace (delete, then create), which needs --allow-replace or --allow-delete and erases the relationship's links on every user.",
				"names are unique across every definition, primary or associated; Okta serialises writes (the Terraform provider holds a mutex).",
			},
		},
	}
}
