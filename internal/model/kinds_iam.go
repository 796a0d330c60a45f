package model

// Admin access (coverage §3.3, issue 11): custom admin roles, resource
// sets, the bindings of a role to a resource set with their members, and
// admin role assignments. Every endpoint needs okta.roles.read|manage.
//
// A custom role granted to a group or a user is one binding member and
// nothing else: Okta shows the same grant in the principal's role list as
// a CUSTOM assignment whose id is the member's. oktasync writes each grant
// once, as a member of its binding (resource-set-bindings); the role
// assignment kinds hold the standard roles only.

// bindingEvents are the System Log events of an admin assignment of a
// custom role: a binding or one of its members made or deleted. They name
// the role (CustomRole) and its resource set (ResourceSet).
var bindingEvents = []string{"iam.resourceset.bindings.add", "iam.resourceset.bindings.delete"}

// iamBase is the prefix of the IAM endpoints (their own rate-limit bucket).
const iamBase = "/api/v1/iam"

func iamKinds() []Kind {
	return []Kind{customAdminRoles(), resourceSets(), resourceSetBindings(), groupRoleAssignments(), clientRoleAssignments(),
		adminUsers(), userRoleAssignments()}
}

// customAdminRoles: GET /api/v1/iam/roles answers {roles:[…], _links}
// paged by the body; POST {label, description, permissions[]} takes the
// permission names; PUT changes label and description only; each
// permission (with its conditions) is read from …/permissions and written
// through …/permissions/{permissionType}.
func customAdminRoles() Kind {
	base := iamBase + "/roles"
	return Kind{
		Name:      "custom-admin-roles",
		Title:     "Custom admin role",
		Schema:    "custom-admin-roles.json",
		ScopeArea: "roles",
		// Service apps made before oktasync knew these kinds lack it.
		ScopeOptional: true,
		SlugFields:    []string{"label"},
		Identity:      []string{"label"},
		IDPrefixes:    []string{"cr0"},
		List:          List{Path: base, Field: "roles"},
		Get:           get(base + "/{id}"),
		Create:        post(base),
		Update:        put(base + "/{id}"),
		Delete:        del(base + "/{id}"),
		ReadOnly:      readOnly("isCloneable"),
		Log: &LogEvents{TargetType: "CustomRole", Unverified: true,
			Types:  []string{"iam.role.create", "iam.role.update", "iam.role.delete", "iam.role.permissions.add", "iam.role.permissions.update", "iam.role.permissions.delete"},
			Ignore: bindingEvents},
		ItemSets: []ItemSet{{
			Field:    "permissions",
			Key:      "label",
			Read:     List{Path: base + "/{id}/permissions", Field: "permissions"},
			ReadOnly: []string{"created", "lastUpdated", "_links"},
			ItemID:   "label",
			Add:      post(base + "/{id}/permissions/{item}"),
			Update:   put(base + "/{id}/permissions/{item}"),
			Remove:   del(base + "/{id}/permissions/{itemId}"),
			Create:   ItemKeysInCreate,
		}},
		Notes: []string{
			"identity is the label, which Okta keeps unique; the paths take the id or the label.",
			"permissions are a set keyed by permission name, each with its conditions (include/exclude of user profile attributes); the create takes the names, and conditions are set with a PUT per permission after it.",
			"the role's PUT changes only label and description; permissions are written one at a time through their own endpoints.",
			"Okta refuses to delete a role a resource set still binds: the plan deletes bindings first (they refer to the role).",
		},
	}
}

// resourceSets: GET /api/v1/iam/resource-sets answers
// {"resource-sets":[…], _links}; POST {label, description, resources[]}
// (at most 1000); the resources are ORNs (Okta lists them as ORNs whatever
// form they were added in), added with PATCH {additions:[…]} and removed
// one at a time by the resource's own id.
func resourceSets() Kind {
	base := iamBase + "/resource-sets"
	orn := func(t string) string { return "orn:{partition}:" + t }
	return Kind{
		Name:      "resource-sets",
		Title:     "Resource set",
		Schema:    "resource-sets.json",
		ScopeArea: "roles",
		// Service apps made before oktasync knew these kinds lack it.
		ScopeOptional: true,
		SlugFields:    []string{"label"},
		Identity:      []string{"label"},
		IDPrefixes:    []string{"iam"},
		List:          List{Path: base, Field: "resource-sets"},
		Get:           get(base + "/{id}"),
		Create:        post(base),
		Update:        put(base + "/{id}"),
		Delete:        del(base + "/{id}"),
		ReadOnly:      readOnly(),
		Log: &LogEvents{TargetType: "ResourceSet", Unverified: true,
			Types:  []string{"iam.resourceset.create", "iam.resourceset.update", "iam.resourceset.delete", "iam.resourceset.resources.add", "iam.resourceset.resources.delete"},
			Ignore: bindingEvents},
		Refs: []RefField{{
			Path: "resources[]",
			Patterns: []RefPattern{
				{Template: orn("directory:{orgId}:groups:{id}:contained_resources"), Target: "groups"},
				{Template: orn("directory:{orgId}:groups:{id}"), Target: "groups"},
				{Template: orn("directory:{orgId}:groups")},
				{Template: orn("directory:{orgId}:users")},
				{Template: orn("idp:{orgId}:apps:{*}:{id}"), Target: "apps"},
				{Template: orn("idp:{orgId}:apps:{*}")},
				{Template: orn("idp:{orgId}:apps")},
				{Template: orn("idp:{orgId}:authorization_servers:{id}"), Target: "authorization-servers"},
				{Template: orn("idp:{orgId}:authorization_servers")},
			},
		}},
		ItemSets: []ItemSet{{
			Field:     "resources",
			Read:      List{Path: base + "/{id}/resources", Field: "resources", Limit: 100},
			ReadValue: "orn",
			AddBatch: &BatchEndpoint{Endpoint: Endpoint{Method: "PATCH", Path: base + "/{id}/resources"},
				Field: "additions", MaxPerRequest: 1000},
			Remove: del(base + "/{id}/resources/{itemId}"),
			Create: ItemsInCreate,
		}},
		Notes: []string{
			"identity is the label, which Okta keeps unique.",
			"resources are ORNs with the org's parts as ${org:…} tokens and the object as a ${ref:…}: write ORNs, since Okta lists a resource added as a REST URL as its ORN.",
			"resources are added in batches of up to 1000 (the create takes the first 1000) and removed one at a time.",
			"Okta refuses to delete a set that still has bindings: the plan deletes them first (they are its children).",
		},
	}
}

// resourceSetBindings: a custom role bound to a resource set, with its
// members (GET …/resource-sets/{set}/bindings answers {roles:[{id,
// _links}]}; POST {role, members[]}; GET|DELETE …/bindings/{roleIdOrLabel};
// members GET …/members, PATCH {additions}, DELETE …/members/{memberId}).
// A binding's id is its role's id, so the file names the role (Derived
// copies the id into role when Okta lists it) and has nothing to update:
// a binding to another role is another binding.
func resourceSetBindings() Kind {
	base := iamBase + "/resource-sets/{parentId}/bindings"
	return Kind{
		Name:      "resource-set-bindings",
		Title:     "Resource set binding",
		Schema:    "resource-set-bindings.json",
		ScopeArea: "roles",
		// Service apps made before oktasync knew these kinds lack it.
		ScopeOptional: true,
		Parent:        "resource-sets",
		ChildDir:      "bindings",
		SlugFields:    []string{"role"},
		Identity:      []string{"role"},
		// Okta refuses to delete a resource set that has bindings.
		DeleteBeforeParent: true,
		List:               List{Path: base, Field: "roles"},
		Get:                get(base + "/{id}"),
		Create:             post(base),
		Delete:             del(base + "/{id}"),
		Derived:            []DerivedField{{Field: "role", From: "id"}},
		ReadOnly:           readOnly(),
		// A binding's id is its role's, and its events name the role.
		Log: &LogEvents{TargetType: "CustomRole", Types: bindingEvents},
		Refs: []RefField{
			{Path: "role", Target: "custom-admin-roles"},
			{Path: "members[]", Patterns: []RefPattern{
				{Template: "{orgUrl}/api/v1/groups/{id}", Target: "groups"},
				{Template: "{orgUrl}/api/v1/users/{id}", ByLogin: true},
				{Template: "{orgUrl}/oauth2/v1/clients/{*}"},
			}},
		},
		ItemSets: []ItemSet{{
			Field:     "members",
			Read:      List{Path: base + "/{id}/members", Field: "members"},
			ReadValue: "_links.self.href",
			AddBatch: &BatchEndpoint{Endpoint: Endpoint{Method: "PATCH", Path: base + "/{id}/members"},
				Field: "additions"},
			Remove:         del(base + "/{id}/members/{itemId}"),
			Create:         ItemsInCreate,
			RemoveIsDelete: true,
		}},
		Notes: []string{
			"one file per binding, named after its custom role: resource-sets/<set>/bindings/<role>.yaml; identity is the role.",
			"a binding's id is its role's id; Okta lists only {id, _links}, so export copies the id into role (a reference to the custom role).",
			"members are REST URLs of groups (by reference) and users (by login, ${user:<login>}), with the org's URL as ${org:url}; removing one takes an admin grant away, so it needs --allow-delete.",
			"a custom role granted to a group or a user is a member here and nowhere else: Okta shows the same grant as a CUSTOM role assignment of the principal, which the role assignment kinds leave out.",
			"a binding has no update; its only field besides the members is its identity.",
		},
	}
}
