// Package model is oktasync's picture of an Okta org's configuration: the
// objects, their paths, the references between them, and the kind registry
// that describes every Okta kind as data. It is the vocabulary every other
// package speaks. How objects are stored (the YAML files, reading and
// writing the tree, validating it) is package tree's business; plan and
// apply import model and never tree.
//
// # Objects and why bodies are raw JSON
//
// An Object is one Okta configuration object: its kind, its ref path, and
// its body. The body is the object exactly as Okta's Management API defines
// it, with read-only fields removed, held as a raw JSON value
// (map[string]any, []any, string, json.Number, bool, nil) rather than a Go
// struct. Okta adds properties at any time and changes the type of some
// (a policy's status, an IdP's protocol); typed structs would drop what they
// don't know or fail on what changed, and a tool that keeps configuration in
// git must never lose a field. Numbers stay json.Number so that 1.50 is
// written back as 1.50.
//
// # Paths
//
// Every object has a ref path, which is also where package tree keeps its
// file (<path>.yaml). Paths are positional. A top-level kind's objects live
// at <kind>/<slug>; a child sits under its parent at
// <parentPath>/<childDir>/<slug>:
//
//	groups/engineering
//	policies/okta-sign-on/default-policy              (slugs of type, then name)
//	policies/okta-sign-on/default-policy/rules/default-rule
//	authorization-servers/default/scopes/api-read
//	apps/portal/groups/engineering                     (an app's group assignment)
//	group-schema/default                               (a singleton)
//
// A slug is lower-case [a-z0-9-], other runs of characters become '-', at
// most 80 characters, "unnamed" if empty. Objects whose slugs collide are
// ordered by their canonical JSON and get "-2", "-3", … (AssignPaths).
//
// An object read from a file carries the line of every JSON pointer into
// its file (SetLines, Line), so that whoever finds a problem can point at
// it; problems are Problems, with file, line, severity and a hint. JSON
// pointers are built and taken apart with EscapePointer, SplitPointer and
// friends (pointer.go), the one copy of them in the project.
//
// # References, variables and secrets
//
// A reference to another object is ${ref:<path>}. It replaces an ID in an
// ID field (the whole value) and inside Okta expression strings
// (isMemberOfAnyGroup("${ref:groups/engineering}")), which is what makes a
// tree portable between orgs whose IDs differ. ${var:NAME} is a
// per-environment value and ${secret:NAME} a secret resolved at apply time;
// NAME matches [A-Z][A-Z0-9_]*. ${user:<login>} names a user, which
// oktasync never manages, by the login that is the same in every org
// (RefField.ByLogin; UserDirectory says where users are looked up).
// ${org:id}, ${org:partition} and ${org:url} are the org's own parts
// inside an ORN or a URL (RefField.Patterns, RefPattern), such as
// orn:${org:partition}:directory:${org:id}:groups:${ref:groups/x}. Okta's own expression syntax such as
// ${source.login} has no ref:/var:/secret: prefix and is left alone; "$${"
// is an escaped literal "${" (EscapeLiteral and ExpandPlaceholders are
// inverses). An ID that points outside the export (a user, say) stays an ID,
// and tree.Validate warns about it.
//
// # The kind registry
//
// Everything Okta-specific lives in one Kind descriptor per kind (the
// kinds_*.go files): endpoints and page sizes, lifecycle rules, the natural
// identity key, slug fields, reference fields (with "[]" for arrays, the
// target kind, whether the field is an expression, the target field when it
// is not the ID, literals such as ALL_CLIENTS), read-only, volatile and
// secret fields, set-like arrays, how to recognise system objects and what
// may be done to them, sibling order, relations, and the area of the OAuth
// scopes its endpoints need (from which doctor, the docs and the workflow
// templates take their scope lists). The capabilities wave 2 needs are
// descriptor data too: item sets (arrays Okta reads and writes one item at
// a time through endpoints of their own: ItemSet), the forms of ORNs and
// URLs that hold references (RefField.Patterns, RefPattern), fields that
// hold users by login (RefField.ByLogin), and, in kind_capabilities.go,
// kinds whose objects Okta makes with their parent (Implicit, the
// predicate drift checks must honour), toggle fields set through an action
// endpoint per value (Toggles; Lifecycle.Toggle expresses the lifecycle as
// one), DNS-bound kinds (Verify), secrets that are JSON objects or PEM
// blocks (SecretField.Format), lists answered inside an object (List.Field,
// paged by the body's _links.next) and child lists gated on the parent's
// body (List.When). The plan and apply engines read
// descriptors and never branch on a kind's name; a repository check
// (internal/lint) fails when a Go file outside the descriptors, the sandbox
// and internal/synthetic names a kind.
//
// References are ${ref:<path>} placeholders in strings: RefsIn finds them,
// RewriteRefs moves them to other paths (keeping the file form), and
// ExpandPlaceholders resolves every placeholder to its value.
//
// NewRegistry checks the descriptors when it is built: unique names, known
// parents and reference targets, a scope area, a compiled JSON Schema for
// every kind, and
// no cycle in the kind graph (parent, reference and After edges) except
// through edges declared two-pass (relations are two-pass by nature, since
// they are written after both objects exist). Order is then derived by a
// topological sort with ties broken by name; it is never kept by hand.
//
// Three descriptor facts serve apply's safety: IdentityFoldCase (Okta
// compares group names without regard to case, so IdentityOf folds them),
// SystemRule.Identities (names of system objects no new object may take),
// and Lock (kind_lock.go: the kind whose object, with a fixed name, is the
// apply lock's marker; export never reads it as configuration). Text
// checks shared by validate and plan are in text.go: CheckText (control
// characters, invisible characters, mixed scripts) and EscapeText.
//
// The schemas are compiled here, with the descriptors, rather than where
// files are validated: a kind without a schema, or with one that does not
// compile, is a broken descriptor, and every command (plan and apply too,
// which never validate files) finds it at start-up. Applying a schema to a
// file is tree.Validate's job; Registry.Schema hands the compiled schema
// over, and Registry.SpecTypes the types of every body field from Okta's
// spec (registry_spec.go: schemas/spec, generated by scripts/schemagen,
// checked by a small interpreter of the JSON Schema the generator writes).
package model
