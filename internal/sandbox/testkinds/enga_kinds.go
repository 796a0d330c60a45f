package testkinds

import (
	"embed"
	"io/fs"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/schemas"
)

// The engine-capability kinds of half A (issue 18): item sets, references
// inside ORNs, users by login (through the built-in rules) and replacement
// of kinds without an update. Each stands for a kind of the admin-access
// (IAM) family, minimal but faithful to its endpoints, which the enga_
// files of this package emulate on paths of their own (under
// /api/v1/iam/testkinds and /api/v1/groups/{groupId}/testkinds/roles).
// Prefer the real kinds once they land.

// The half-A test kinds' names.
const (
	TestRoles           = "test-roles"
	TestResourceSets    = "test-resource-sets"
	TestRoleAssignments = "test-role-assignments"
)

// IAMBase is the path prefix of the test kinds' IAM endpoints.
const IAMBase = "/api/v1/iam/testkinds"

// AssignmentsDir is the directory of a group's test role assignments in a
// tree.
const AssignmentsDir = "testkinds-roles"

// AssignmentsPath is their collection in the sandbox, under a group. (Two
// segments: one would make net/http's mux see /api/v1/groups/rules/{ruleId}
// and /api/v1/groups/{groupId}/x as ambiguous.)
const AssignmentsPath = "/api/v1/groups/{parentId}/testkinds/roles"

//go:embed enga_schemas/*.json
var engaSchemas embed.FS

// EngAKinds returns the half-A test kinds' descriptors.
func EngAKinds() []model.Kind {
	return []model.Kind{engaRoles(), engaResourceSets(), engaRoleAssignments()}
}

// engaRoles stands for custom-admin-roles (coverage §3.3 A1): a role with a
// set of permissions, each read from GET …/permissions ({permissions:[…]})
// and written with POST|PUT|DELETE …/permissions/{permissionType} (body
// {conditions}); the create takes the permissions' labels.
func engaRoles() model.Kind {
	base := IAMBase + "/roles"
	return model.Kind{
		Name: TestRoles, Title: "Test custom role", Schema: TestRoles + ".json", ScopeArea: "roles",
		SlugFields: []string{"label"}, Identity: []string{"label"}, IDPrefixes: []string{"cr0"},
		List:     model.List{Path: base, Field: "roles"},
		Get:      &model.Endpoint{Method: "GET", Path: base + "/{id}"},
		Create:   &model.Endpoint{Method: "POST", Path: base},
		Update:   &model.Endpoint{Method: "PUT", Path: base + "/{id}"},
		Delete:   &model.Endpoint{Method: "DELETE", Path: base + "/{id}"},
		ReadOnly: []string{"id", "created", "lastUpdated", "_links", "isCloneable"},
		ItemSets: []model.ItemSet{{
			Field:    "permissions",
			Key:      "label",
			Read:     model.List{Path: base + "/{id}/permissions", Field: "permissions"},
			ReadOnly: []string{"created", "lastUpdated", "_links"},
			ItemID:   "label",
			Add:      &model.Endpoint{Method: "POST", Path: base + "/{id}/permissions/{item}"},
			Update:   &model.Endpoint{Method: "PUT", Path: base + "/{id}/permissions/{item}"},
			Remove:   &model.Endpoint{Method: "DELETE", Path: base + "/{id}/permissions/{itemId}"},
			Create:   model.ItemKeysInCreate,
		}},
		Notes: []string{"test-only: stands for custom-admin-roles"},
	}
}

// engaResourceSets stands for resource-sets (coverage §3.3 A2): resources are
// ORNs, read from GET …/resources ({resources:[{id, orn, _links}]}, paged
// by the body's _links.next), added with PATCH {additions:[…]} (at most
// 1000 per request; the create takes them too) and removed by the
// resource's own ID.
func engaResourceSets() model.Kind {
	base := IAMBase + "/resource-sets"
	orn := func(t string) string { return "orn:{partition}:" + t }
	return model.Kind{
		Name: TestResourceSets, Title: "Test resource set", Schema: TestResourceSets + ".json", ScopeArea: "roles",
		SlugFields: []string{"label"}, Identity: []string{"label"}, IDPrefixes: []string{"iam"},
		List:     model.List{Path: base, Field: "resource-sets"},
		Get:      &model.Endpoint{Method: "GET", Path: base + "/{id}"},
		Create:   &model.Endpoint{Method: "POST", Path: base},
		Update:   &model.Endpoint{Method: "PUT", Path: base + "/{id}"},
		Delete:   &model.Endpoint{Method: "DELETE", Path: base + "/{id}"},
		ReadOnly: []string{"id", "created", "lastUpdated", "_links"},
		Refs: []model.RefField{{
			Path: "resources[]",
			Patterns: []model.RefPattern{
				{Template: orn("directory:{orgId}:groups:{id}:contained_resources"), Target: "groups"},
				{Template: orn("directory:{orgId}:groups:{id}"), Target: "groups"},
				{Template: orn("directory:{orgId}:groups")},
				{Template: orn("directory:{orgId}:users")},
				{Template: orn("idp:{orgId}:apps:{*}:{id}"), Target: "apps"},
				{Template: orn("idp:{orgId}:apps:{*}")},
				{Template: orn("idp:{orgId}:apps")},
			},
		}},
		ItemSets: []model.ItemSet{{
			Field:     "resources",
			Read:      model.List{Path: base + "/{id}/resources", Field: "resources", Limit: 100},
			ReadValue: "orn",
			AddBatch: &model.BatchEndpoint{Endpoint: model.Endpoint{Method: "PATCH", Path: base + "/{id}/resources"},
				Field: "additions", MaxPerRequest: 1000},
			Remove: &model.Endpoint{Method: "DELETE", Path: base + "/{id}/resources/{itemId}"},
			Create: model.ItemsInCreate,
		}},
		Notes: []string{"test-only: stands for resource-sets"},
	}
}

// engaRoleAssignments stands for group-role-assignments (coverage §3.3 A4): a
// role assigned to a group, which Okta cannot update (any change is a
// delete and a create), narrowed by a set of target groups (PUT|DELETE
// …/targets/groups/{groupId}; GET …/targets/groups lists the groups) whose
// last target cannot be removed. Its identity is its type, one assignment
// per type and group: a simplification of the real kind, whose identity
// adds a custom role's role and resource set (model.Kind.IdentityOf needs
// every identity field present, and a standard role has neither).
func engaRoleAssignments() model.Kind {
	base := AssignmentsPath
	return model.Kind{
		Name: TestRoleAssignments, Title: "Test group role assignment", Schema: TestRoleAssignments + ".json", ScopeArea: "roles",
		Parent: "groups", ChildDir: AssignmentsDir,
		SlugFields: []string{"type"}, Identity: []string{"type"},
		List:     model.List{Path: base},
		Get:      &model.Endpoint{Method: "GET", Path: base + "/{id}"},
		Create:   &model.Endpoint{Method: "POST", Path: base},
		Delete:   &model.Endpoint{Method: "DELETE", Path: base + "/{id}"},
		ReadOnly: []string{"id", "created", "lastUpdated", "_links", "label", "status", "assignmentType"},
		Refs: []model.RefField{
			{Path: "role", Target: TestRoles},
			{Path: "resource-set", Target: TestResourceSets},
			{Path: "targets[]", Target: "groups"},
		},
		ItemSets: []model.ItemSet{{
			Field:     "targets",
			Read:      model.List{Path: base + "/{id}/targets/groups", Limit: 200, Paged: true},
			ReadValue: "id",
			Add:       &model.Endpoint{Method: "PUT", Path: base + "/{id}/targets/groups/{item}"},
			Remove:    &model.Endpoint{Method: "DELETE", Path: base + "/{id}/targets/groups/{itemId}"},
			MinItems:  1,
		}},
		Notes: []string{"test-only: stands for group-role-assignments"},
	}
}

// EngASchemas are the half-A test kinds' file schemas, named "<kind>.json".
func EngASchemas() fs.FS {
	sub, err := fs.Sub(engaSchemas, "enga_schemas")
	if err != nil {
		panic(err) // the embedded directory exists: a build error otherwise
	}
	return sub
}

// WithTestKinds adds every test kind (both halves) to kinds (the built-in
// ones, say); their schemas are Schemas.
func WithTestKinds(kinds []model.Kind) []model.Kind {
	return append(WithEngBKinds(kinds), EngAKinds()...)
}

// Registry is the built-in registry with every test kind.
func Registry() (*model.Registry, error) {
	return model.NewRegistryFrom(WithTestKinds(model.BuiltinKinds()), Schemas(schemas.FS()))
}
