// Package export turns a live Okta org into a portable snapshot: the tree
// of YAML files that `oktasync export` writes, and the "current state" that
// plan compares a desired tree with.
//
// # Model
//
// Reading an org has two halves. Fetch lists every selected kind through
// the client, with the largest page size each endpoint accepts and no
// per-object GET where the list already returns the object. Kinds are
// listed concurrently, one goroutine per kind; a child kind starts as soon
// as its parent kind's listing is done, and lists its parents' children
// with a bounded errgroup. The client's governor keeps the whole thing
// under the org's rate limits, so concurrency here only decides how well
// the buckets are kept busy at the same time. A child kind whose
// descriptor gates its list on the parent's body (List.When: an app's
// features only when its features[] is non-empty) is not listed under a
// parent that fails the test: every /api/v1/apps/{id}/… call is charged
// to the apps bucket, and export stays at the minimal complete set of
// calls. Lists that answer with an object (model.List.Field: the IAM
// endpoints) page through the body's _links.next. An item set (model.ItemSet) is read from its own
// list endpoint, once per object, into the object's body, inline and
// sorted; each item's live ID goes to LiveMeta.Items, never to the file.
// Users named in fields that hold users by login are looked up once per
// distinct user (internal/userdir) before conversion.
//
// Convert then works on raw JSON bodies, driven only by the kind
// descriptors (no branch on a kind's name): it strips what the server owns
// (read-only, volatile, ID-echo and generated-secret fields, and a
// DNS-bound object's verification status and records), replaces
// secret values with ${secret:NAME} placeholders, recognises system objects
// by role, assigns each object its path from its slug fields (collisions
// resolved deterministically), and rewrites every ID in a reference field
// (including IDs inside Okta expression strings) into ${ref:<path>} so that
// the tree carries no org-specific IDs. A user's ID becomes
// ${user:<login>}; an ORN or a URL of a form the field declares
// (model.RefPattern) gets the org's ID, partition and URL as ${org:id},
// ${org:partition} and ${org:url} and its ID as a reference. An ID whose
// target is not in the export (or a user the org no longer has) stays an
// ID, with a warning. Every object keeps its live metadata
// (model.LiveMeta): ID, parent IDs, raw body and a fingerprint for apply's
// staleness check.
//
// Export writes the snapshot as a tree (atomic, byte-stable, unchanged
// files keep their mtime), after carrying over the ${var:} and ${secret:}
// placeholders a user wrote in the previous tree: re-exporting must not
// replace them with live values. It does not wait for the whole org to be
// read: each kind is converted as soon as it and the kinds its conversion
// reads are read, and its files are rendered and staged at once
// (pipeline.go, tree.Stager), so that on an org whose apps bucket keeps
// the last kinds waiting for minutes, only those kinds are left to do
// after the last request. The tree is swapped in, and the marker written,
// only once everything was read; the result is byte for byte the one
// converting and writing everything at the end would give.
package export
