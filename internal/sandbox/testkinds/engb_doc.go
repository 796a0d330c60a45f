// Package testkinds holds small test-only kinds: a descriptor, a file
// schema and a sandbox module each, in one place, standing for a wave-2
// kind whose own emulation is not on main yet, so that an engine
// capability can be tested end to end (plan golden scenarios, apply
// against the sandbox) before that kind lands. Only tests import it: its
// modules register with the sandbox engine from init(), and the test kinds
// join a registry only through EngBRegistry (or WithEngBKinds).
//
// The enga_ files are engine half A's (issue 18): a custom role whose
// permissions are an item set written one permission at a time, a
// resource set whose resources are ORNs (added in PATCH batches, removed
// by their own IDs), and a group role assignment without an update whose
// last target cannot be removed (base32 IDs of the targetable standard
// roles, as recorded). They join a registry through Registry or
// WithTestKinds (both halves), and AddUser puts a user in an org for the
// users-by-login tests. Their IAM paths are under /api/v1/iam/testkinds,
// the assignments under /api/v1/groups/{groupId}/testkinds/roles.
//
// The engb_ files are engine half B's (issue 18): implicit objects, toggle
// state, JSON and PEM secrets, DNS-bound objects and the call budget of
// gated child lists. Each descriptor's comment names the real kind it
// stands for. Their endpoints are the real ones with "test-" in one
// segment, so that they never clash with the real kinds' routes, and their
// modules seed nothing: an org built by another test is unchanged, apart
// from routes nobody else calls.
package testkinds
