// Package iam is the sandbox's administrator-access family: custom admin
// roles and their permissions, resource sets and their resources, the
// bindings of a custom role to a resource set with their members, and the
// admin role assignments of users, groups and OAuth clients with their
// targets, plus the list of users who hold a role.
//
// # Model
//
// Tables (parent in brackets), all owned by this package:
//
//	iamRoles                 custom roles, id cr0…, label unique
//	iamPermissions [role]    a role's permissions, keyed by permission name
//	iamResourceSets          resource sets, id iam…, label unique
//	iamResources   [set]     a set's resources, id ire…, each stored as its ORN
//	iamBindings    [set]     a set's bindings, keyed by the custom role's id
//	iamMembers     [set:role] a binding's members, id irb…, each a principal
//	iamAssignments [principal] standard role assignments with their targets
//
// A principal is a user, a group or an OAuth client ("users/00u…",
// "groups/00g…", "clients/<client_id>"). Users and groups belong to the
// directory family and apps to the apps family: this package only reads
// them, through the org by table name, and forgets its references to them
// when they are deleted (OnDelete hooks).
//
// A custom role assigned to a principal is a binding member and nothing
// else: POST …/roles {type: CUSTOM, role, resource-set} adds the principal
// to the binding (making the binding if needed) and answers with the
// member's id, and the principal's role list shows its memberships as
// CUSTOM assignments. This is what Okta's spec shows (the custom
// assignment's id is the member's irb… id and links to the member), and it
// means the two views can never disagree.
//
// # Okta's quirks reproduced
//
//   - IAM lists are objects with the array under a key (roles,
//     resource-sets, resources, permissions, members, value) and the next
//     page in the body's _links.next, not in a Link header.
//   - IAM _links point at the org's -admin host (acme-admin.okta.com) when
//     the org is reached by a DNS name; on an IP or localhost the host is
//     left as it is, because it could not resolve.
//   - Roles and resource sets are addressed by id or by label.
//   - Standard role assignments that take targets (APP_ADMIN, USER_ADMIN,
//     HELP_DESK_ADMIN, GROUP_MEMBERSHIP_ADMIN) have the base32 of the role
//     type as their id, the same for every principal; the others get
//     ordinary ids (ra1… for users and clients, gra… for groups).
//   - Creating an assignment answers 201; targets are added with PUT and
//     removed with DELETE (204), lists of targets page at 20, and the last
//     target of an assignment cannot be removed.
//   - The super administrator who owns the API token holds SUPER_ADMIN from
//     the start, and the org's last SUPER_ADMIN assignment cannot be
//     removed.
package iam
