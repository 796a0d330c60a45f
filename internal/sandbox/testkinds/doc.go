// Package testkinds emulates the test-only kinds of internal/testkinds:
// small stand-ins for admin-access (IAM) kinds that the engine's wave-2
// capabilities are tested against before the real kinds exist (a custom
// role's permissions, a resource set's resources, a group role assignment
// with its targets). Each file says which real kind it stands for; the
// endpoints behave like the real ones (wrapped, body-paged IAM lists,
// per-item permission endpoints, PATCH additions and DELETE by resource ID,
// role assignments without an update whose last target cannot be removed)
// but live on paths of their own (/api/v1/iam/testkinds/…,
// /api/v1/groups/{groupId}/testkinds/roles), so that they never collide with
// the real kinds' routes.
//
// Only tests import this package (blank import), which registers the
// modules in that test binary's sandboxes. It has no seeds and no samples:
// a sandbox without test objects is the same org as without the package.
package testkinds
