// Package plan computes what it takes to make an Okta org (or a second tree)
// look like a desired tree, as a value that people review and apply
// executes.
//
// # Inputs
//
// Compute takes two snapshots in the same portable form (see package
// model): desired, read from files, and current, either exported from an org
// (every object then carries model.LiveMeta: its ID, its parent's IDs, a
// fingerprint and the raw body) or read from a second tree (`--against`,
// `oktasync diff`), without live metadata. Variables are resolved first on
// both sides (LoadVars merges var files and OKTASYNC_VAR_* environment
// variables); an undefined one is an error at its file and line. A
// placeholder that fills a whole field takes the type its value reads as
// (120000 is a number, true a boolean), since files write ${var:NAME} in
// number and boolean fields too; comparison treats a string and a number
// with the same text as equal, so this choice never shows as a change.
//
// # Matching
//
// Objects are paired kind by kind in the registry's order, so that a
// child's parent and every reference target are paired before it. Within
// a kind and a parent, a system object is matched by its role (what it is
// for, never its name, which admins change); then objects are matched by
// their natural identity (Kind.IdentityOf), with references rewritten to
// the matched current paths (an app's group assignment is identified by its
// group); last, a desired file at the path of an unmatched current object is
// that object with its identity edited: a rename, an update. More than one
// candidate is an error naming every candidate, files or live objects:
// picking one silently would be a defect.
//
// A pair Okta cannot bring to the desired state in place is replaced, a
// delete and a create, marked as such: an Immutable field differs, the kind
// has no update endpoint and a field differs (a role assignment), or an
// item set would go below its MinItems (the last target of a role
// assignment cannot be removed). That is one mechanism for all three
// (replace.go). A replace needs --allow-replace (Options.AllowReplace,
// which allows nothing else) or --allow-delete; without either (or for a
// system object) it is refused and the rest of the object is still
// updated.
//
// # Diffing
//
// The desired body is compared with the current one field by field. A
// field absent from the desired body is unmanaged and kept; an explicit
// null clears it; null and absent are the same in the current state. Maps
// are compared key by key; any other value, lists included, is managed
// whole, and the lists the descriptor calls sets compare without regard to
// order. References compare by the object they name, not their spelling.
// A ${secret:NAME} placeholder is unknown and never a change (apply cannot
// read a secret back), while values at secret fields are masked wherever a
// plan shows them. Read-only and volatile fields in a desired file are
// ignored with a warning. The status field and the sibling order field are
// not field changes: they become lifecycle and reorder steps, and so are
// toggle fields (model.Toggle: a value set through an action endpoint per
// value), which become toggle steps. Relations (written through their own
// endpoint) become set-relation steps. A DNS-bound kind's verification
// status and records are Okta's and never compared.
//
// An item set (model.ItemSet: a custom role's permissions, a resource
// set's resources) is compared as a set, items matched by key with
// references rewritten to current paths, into add-item (one per item, or
// one batch), update-item and remove-item steps that carry the items
// (Step.Items) and, for a remove or an update, the item's live ID from
// LiveMeta.Items. An absent field leaves the set alone; null or [] empties
// it. A create sends what its endpoint takes of the set (the items, their
// keys, or nothing) and item steps add the rest once it exists. Item steps
// wait for their object's write and for what their items refer to, not
// for each other, except that a set with a minimum adds before it removes
// and an item that cannot be changed in place is removed before it is
// added again. Removing items of a set marked RemoveIsDelete is
// destructive: it needs --allow-delete and counts against --max-deletes.
//
// ${user:<login>} and ${org:…} are compared as text: both sides are
// exported alike, so the same user, or the same ORN in another org,
// compares equal. That every login exists in the org is checked before
// planning against it (internal/userdir), not here: Compute reads no org.
//
// # Steps
//
// Each object becomes a short chain of steps of a closed set of actions
// (Action): create, update, delete, activate, deactivate, toggle, reorder,
// set-relation, verify, add-item, update-item, remove-item. Okta's
// preconditions, read from the descriptor's lifecycle rules, become
// explicit steps so that the plan shows them and apply needs
// no special cases: deactivate → update → activate for a kind that must be
// INACTIVE to be updated, deactivate → delete for one that must be
// INACTIVE to be deleted, and create → activate (or a create parameter)
// when create does not yield the desired status. A reference declared
// two-pass to an object this plan creates is left out of the create and
// set by a second update once the target exists; that is how declared
// cycles (a CIBA app and its authenticator) are planned. A create whose
// endpoint accepts only some fields (Kind.CreateFields: a brand's create
// takes its name) sends those, and an update right after it sets the
// rest. An object Okta makes along with a parent this plan creates (a
// singleton such as a brand's theme, or an update-only system object such
// as a new policy's catch-all rule or a new authorization server's system
// claims) is adopted, not created: an update after the parent's create,
// with no live ID and, for a system object, its role (Step.Role), by
// which apply finds it under the new parent; such steps are marked
// Step.Adopt, and send their secrets as a create does. A kind whose
// objects Okta makes with their parent (Kind.Implicit: themes, profile
// schemas, app features) is only ever updated: one absent from the tree
// is left alone (no delete, no refusal), one under a new parent is
// adopted, and one the org lacks is refused. A toggle whose initial value
// Okta decides (Toggle.Created) is left out of a create and set by a
// toggle step after it; a DNS-bound object's create is followed by a
// verify step, and an existing one the org shows unverified is a warning
// listing its DNS records (a verify step with Options.Verify). Deleting an object
// deletes its children with it: they are listed on the delete step, not
// given steps. Update bodies are JSON merge patches holding only what
// changes, so an unresolved secret placeholder is never sent by an update.
//
// An object the current side has and the desired tree lacks is drift
// whether or not the plan may delete it: its refusal is marked Unmanaged
// (unless it is a system object or a singleton; implicit ones are left
// alone anyway), Summary.Unmanaged counts them, and Plan.Differs, what
// --detailed-exitcode reports, is true. Options.Kinds and Options.Ignore
// (the tree's ignore file) scope what is managed: a current-only object
// outside them is left alone, counted in Summary.Ignored.
//
// What the desired state implies but the plan will not do is listed in
// Plan.Refused, never silently dropped: deletes without --allow-delete,
// anything that would create, delete or (for read-only ones) write a
// system object (except adopting an update-only one that Okta makes with
// a parent this plan creates), and operations Okta has no endpoint for. Deletes over
// --max-deletes are an error, because a tree missing half its files looks
// exactly like a request to delete half the org.
//
// # Order
//
// Steps form a DAG. Every step lists the steps it waits for: its own
// object's previous step, its parent's create or update, the create or
// update of every object its body, relation or items refer to (Step.Refs,
// the one definition of a step's references, which apply uses too), the
// step that frees the identity it takes (a rename or a replaced object's
// delete). Deletes run in reverse: a delete waits until every object that
// referred to the deleted object, or to one of its children, was updated
// away from it or deleted. A replace is ordered so that what refers to
// the replaced object survives: the new object is created first, its
// referrers are updated to it, then the old one goes; when the new object
// takes the old one's identity (Okta would refuse two), the old one is
// deleted first and the referrers' updates wait for the create. Priorities of siblings are set in ascending order, since Okta
// shifts them on every change. A cycle is broken only through a dependency
// that a two-pass reference or a relation implies (with a warning);
// otherwise it is an error that names the objects and the reason for each
// edge. Steps are listed in one topological order, with creates and
// updates in kind order before deletes in reverse kind order, and IDs are
// readable and deterministic ("<path>:<action>"), so the same input always
// gives the same bytes.
//
// # The plan value and its renderers
//
// Plan is versioned (FormatVersion, 2 since item steps and --allow-replace)
// and saved as JSON (Save, Load, which refuses other versions and checks
// the DAG). It records the options it was
// made with, a fingerprint of every live object it read, for apply's
// staleness check, Targets: the live IDs of existing objects that steps
// refer to by desired path, so apply never plans again, and the org it was
// made for (Options.Org, an OrgBinding). Compute seals it (Seal): Digest is
// a SHA-256 over the canonical JSON of everything else in the plan, so a
// field added later is covered without a list to update, and Signature,
// with a key, an HMAC of the digest. Verify is apply's check. RenderText,
// RenderMarkdown and RenderJSON all read the same value and all show the
// digest, so what a reviewer approves in a pull request is what apply
// executes, and the reviewer can tell. Text and Markdown show a changed
// multi-line or long string (an HTML page, an email body) as a unified line
// diff, an added one as a text block, and cut a line over 160 characters
// around what changed, with its length (render_long.go); the JSON keeps
// every value whole.
//
// The renderers show a create or a reorder of an ordered kind at its
// position among its siblings (Step.Position), unless the org does not
// order that set (siblings share a number), and the plan warns when two
// files give siblings the same number. Characters a reviewer cannot see
// (zero-width spaces, controls) and look-alike letters in names are shown
// escaped (model.EscapeText) and warned about.
//
// The engine reads descriptors only and never branches on a kind's name;
// TestNoKindNames plans every scenario again with every kind renamed.
package plan
