// Package testkinds holds small test-only kinds that exercise the engine
// capabilities wave-2 kinds need before those kinds exist: item sets
// written one item at a time, references inside ORNs, users by login
// (through the built-in rules), and replacement of kinds without an update.
//
// Each kind stands for a real Okta kind of the admin-access (IAM) family,
// minimal but faithful to its endpoints; the sandbox emulates them in
// internal/sandbox/testkinds, on paths of their own (under
// /api/v1/iam/testkinds and /api/v1/groups/{groupId}/testkinds/roles) so
// that they never collide with the real kinds' routes. Only tests import
// this package: Registry returns the built-in registry plus these kinds.
// Once the real kinds land, tests should prefer them.
package testkinds
