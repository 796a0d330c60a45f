package testkinds

import (
	"embed"
	"io/fs"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/schemas"
)

// The test kinds' names.
const (
	Roles           = "test-roles"
	ResourceSets    = "test-resource-sets"
	RoleAssignments = "test-role-assignments"
)

// Base is the path prefix of the test kinds' IAM endpoints in the sandbox.
const Base = "/api/v1/iam/testkinds"

// AssignmentsDir is the directory of a group's test role assignments in a
// tree.
const AssignmentsDir = "testkinds-roles"

// AssignmentsPath is their collection in the sandbox, under a group. (Two
// segments: one would make net/http's mux see /api/v1/groups/rules/{ruleId}
// and /api/v1/groups/{groupId}/x as ambiguous.)
const AssignmentsPath = "/api/v1/groups/{parentId}/testkinds/roles"

//go:embed schemas/*.json
var files embed.FS

// Kinds returns the test kinds' descriptors.
func Kinds() []model.Kind {
	return []model.Kind{roles(), resourceSets(), roleAssignments()}
}

// roles stands for custom-admin-roles (coverage §3.3 A1): a role with a
// set of permissions, each read from GET …/permissions ({permissions:[…]})
// and written with POST|PUT|DELETE …/permissions/{permissionType} (body
// {conditions}); the create takes the permissions' labels.
func roles() model.Kind {
	base := Base + "/roles"
	return model.Kind{
		Name: Roles, Title: "Test custom role", Schema: Roles + ".json", ScopeArea: "roles",
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

// resourceSets stands for resource-sets (coverage §3.3 A2): resources are
// ORNs, read from GET …/resources ({resources:[{id, orn, _links}]}, paged
// by the body's _links.next), added with PATCH {additions:[…]} (at most
// 1000 per request; the create takes them too) and removed by the
// resource's own ID.
func resourceSets() model.Kind {
	base := Base + "/resource-sets"
	orn := func(t string) string { return "orn:{partition}:" + t }
	return model.Kind{
		Name: ResourceSets, Title: "Test resource set", Schema: ResourceSets + ".json", ScopeArea: "roles",
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

// roleAssignments stands for group-role-assignments (coverage §3.3 A4): a
// role assigned to a group, which Okta cannot update (any change is a
// delete and a create), narrowed by a set of target groups (PUT|DELETE
// …/targets/groups/{groupId}; GET …/targets/groups lists the groups) whose
// last target cannot be removed. Its identity is its type, one assignment
// per type and group: a simplification of the real kind, whose identity
// adds a custom role's role and resource set (model.Kind.IdentityOf needs
// every identity field present, and a standard role has neither).
func roleAssignments() model.Kind {
	base := AssignmentsPath
	return model.Kind{
		Name: RoleAssignments, Title: "Test group role assignment", Schema: RoleAssignments + ".json", ScopeArea: "roles",
		Parent: "groups", ChildDir: AssignmentsDir,
		SlugFields: []string{"type"}, Identity: []string{"type"},
		List:     model.List{Path: base},
		Get:      &model.Endpoint{Method: "GET", Path: base + "/{id}"},
		Create:   &model.Endpoint{Method: "POST", Path: base},
		Delete:   &model.Endpoint{Method: "DELETE", Path: base + "/{id}"},
		ReadOnly: []string{"id", "created", "lastUpdated", "_links", "label", "status", "assignmentType"},
		Refs: []model.RefField{
			{Path: "role", Target: Roles},
			{Path: "resource-set", Target: ResourceSets},
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

// SchemaFS is the project's schemas with the test kinds' added.
func SchemaFS() fs.FS { return overlay{extra: files, base: schemas.FS()} }

// Registry is the built-in registry plus the test kinds.
func Registry() (*model.Registry, error) {
	return model.NewRegistryFrom(append(model.BuiltinKinds(), Kinds()...), SchemaFS())
}

// overlay serves name from the test schemas when they hold it, else from
// the project's.
type overlay struct{ extra, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	if f, err := o.extra.Open("schemas/" + name); err == nil {
		return f, nil
	}
	return o.base.Open(name)
}
