// Package model is oktasync's picture of an Okta org's configuration: the
// objects, the tree of YAML files that holds them, the references between
// them, and the kind registry that describes every Okta kind as data.
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
// # The tree
//
// One object per file, at <path>.yaml, where <path> is the object's ref
// path:
//
//	kind: group-rules
//	name: engineering-auto-assign
//	body:
//	  conditions: {...}
//	  name: Engineering auto-assign
//	  status: ACTIVE
//
// A file may also carry role (a system object, matched by role rather than
// by name, e.g. the Everyone group or the default authorization server) and
// relations (relationships Okta exposes only through a separate endpoint,
// such as an app's access policy). Keys are sorted, indentation is two
// spaces, lines end in LF, and set-like arrays are sorted, so the same org
// always gives the same bytes.
//
// Paths are positional. A top-level kind's objects live at
// <kind>/<slug>; a child sits under its parent at
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
// The tree owns the top-level directories named after top-level kinds. Any
// other top-level entry (README.md, .git, okta.yaml, vars/) is the user's:
// ReadTree ignores it and WriteTree never touches it. WriteTree replaces
// owned directories atomically (stage, then swap by rename), removes files of
// vanished objects and stray files in owned directories, and leaves files
// whose bytes did not change alone, so their modification times survive.
//
// ReadTree reports Problems with file and line: malformed YAML, a kind that
// does not match its directory, unknown kinds, stray files, names with ".."
// or a leading "/", 4-byte UTF-8 characters (Okta stores only up to three
// bytes), duplicate keys, and pathological input (files over 4 MiB, nesting
// deeper than 64, and any YAML anchor or alias, which rules out alias
// bombs).
//
// # References, variables and secrets
//
// A reference to another object is ${ref:<path>}. It replaces an ID in an
// ID field (the whole value) and inside Okta expression strings
// (isMemberOfAnyGroup("${ref:groups/engineering}")), which is what makes a
// tree portable between orgs whose IDs differ. ${var:NAME} is a
// per-environment value and ${secret:NAME} a secret resolved at apply time;
// NAME matches [A-Z][A-Z0-9_]*. Okta's own expression syntax such as
// ${source.login} has no ref:/var:/secret: prefix and is left alone; "$${"
// is an escaped literal "${" (EscapeLiteral and ExpandPlaceholders are
// inverses). An ID that points outside the export (a user, say) stays an ID,
// and Validate warns about it.
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
// templates take their scope lists). The plan and apply engines read
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
// # Validation
//
// Validate checks a snapshot offline: each file against its kind's schema
// (which is never stricter than Okta), every reference resolves to an object
// of the kind the field expects, no two objects share an identity within a
// kind and parent, and 4-byte characters are refused. Every Problem has a
// hint, and problems are sorted by file and line.
package model
