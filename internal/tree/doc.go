// Package tree is oktasync's file store: the YAML codec, reading a tree of
// object files into a model.Snapshot, writing a snapshot back as a tree,
// and validating a snapshot offline with file:line problems.
//
// Package model holds the vocabulary (objects, refs, placeholders, the kind
// registry); plan and apply work on that vocabulary alone and never import
// this package. Everything that knows about files, YAML and JSON Schema
// validation lives here, so that the engines cannot come to depend on how
// objects are stored.
//
// # The tree
//
// One object per file, at <path>.yaml, where <path> is the object's ref
// path (see model.PathFor):
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
// such as an app's access policy). Encode writes keys sorted, indentation of
// two spaces, LF line ends, and set-like arrays sorted (model.SortSets), so
// the same org always gives the same bytes. Numbers keep their text (1.50
// stays 1.50).
//
// The tree owns the top-level directories named after top-level kinds. Any
// other top-level entry (README.md, .git, okta.yaml, vars/) is the user's:
// Read ignores it and Write never touches it.
//
// # Reading
//
// Read (ReadFS for any fs.FS) parses every file of the owned directories,
// on several workers, and reports Problems with file and line: malformed
// YAML, a kind that does not match its directory, unknown kinds, stray
// files, names with ".." or a leading "/", 4-byte UTF-8 characters (Okta
// stores only up to three bytes), duplicate keys, and pathological input
// (files over MaxFileSize, nesting deeper than MaxDepth, and any YAML anchor
// or alias, which rules out alias bombs). Symbolic links are never
// followed: a link in a kind directory, or one named like a kind, is an
// error, since it could make the tree read a file outside itself. A
// foreign directory holding oktasync-looking YAML is reported too, since it is most likely a
// misspelt kind. Objects carry the line of every JSON pointer
// (model.Object.SetLines), so that problems found later, by Validate or by
// plan, point at the right line.
//
// Most files are read by a fast path (fastDecode) instead of the YAML
// library: a parser of the canonical subset Encode writes, which builds no
// node tree and records no lines. It gives up on anything outside that
// subset (comments, flow collections, anchors, tags, blank lines, tabs, a
// top level with a problem, ...), and the file then goes through the
// library, whose messages and lines are the reference. A file the fast path
// took gets its lines by a second, library parse of the same bytes on the
// first model.Object.Line call (SetLineSource), which happens only when a
// problem is reported; so callers look lines up only for a problem.
// FuzzFastDecode (seed corpus in every test run) holds the fast path to the
// library: whatever it accepts, the library reads to the same value.
//
// # Writing
//
// Write runs in four stages, each a function of its own:
//
//  1. render: every object to its bytes, in memory, so that a value that
//     cannot be written fails before the disk is touched;
//  2. compare: the rendered files against the disk, one owned directory at
//     a time; a directory changes when a file is new or differs, or when it
//     holds a file of a vanished object or a stray file;
//  3. stage: each changed directory built complete in a staging directory
//     inside the tree (".oktasync-staging-*"); a file whose bytes did not
//     change is hard-linked (or copied with its times) from the old tree,
//     so it keeps its modification time;
//  4. swap: each old directory renamed into a backup directory
//     (".oktasync-old-*") and its staged version renamed into place; if a
//     rename fails, those done are undone and the previous tree is left as
//     it was.
//
// A crash during the few renames of the swap can leave a mix; the previous
// directories then remain under ".oktasync-old-*", which Read reports as an
// interrupted write. A directory with no change at all is not touched.
//
// A Stager (write_parts.go) writes the same tree in parts, for an export
// that has its objects a kind at a time: Add renders and stages each part
// (every file, compared and linked as it is staged), and Commit compares
// the owned directories, checks that no linked old file changed since,
// and swaps the changed ones as Write does; Abort leaves the tree as it
// was.
//
// # Validation
//
// Validate checks a snapshot offline: each file against its kind's JSON
// Schema (compiled by model.NewRegistry, which is never stricter than
// Okta), every reference resolves to an object of the kind the field
// expects, no two objects share an identity within a kind and parent (for
// kinds Okta compares without regard to case, such as group names, "SALES"
// is "Sales"), no new object takes the identity of a system object or of
// the apply lock's marker, roles only on kinds with system objects,
// ${secret:NAME} only in the fields the kind declares secret (anywhere
// else the value would be stored, exported and backed up in clear), and
// 4-byte and control characters are refused; invisible characters and
// names that mix scripts in one word (a Cyrillic "а" in "Sаles") are
// warnings (model.CheckText). Every Problem has a hint, and problems are
// sorted by file and line.
//
// ValidateMemo checks a file's bytes once per kind and content across the
// trees of one run (a Memo), and finds there too what the checks against
// the rest of the tree must look up (its references, relations, joined
// items, identity key), so that an equal file only looks them up;
// NewCachedMemo adds a Cache, a file outside the tree (the user's cache
// directory for plan and diff) that remembers, by kind and SHA-256 of the
// content, the files an earlier run of the same program found without any
// problem, with what they must look up, so that they skip the checks of
// the file alone and the walk of their body. Only success is cached; a
// damaged or other program's cache is ignored.
//
// The tree's ignore file (IgnoreFile, ReadIgnore) lists objects of the org
// that the team leaves unmanaged on purpose; plan leaves them alone.
//
// Reading and validating are separate passes over separate data (bytes to
// objects, then objects to problems), so that either can be made faster
// alone: a reader may parse without positions and re-parse a file with
// positions only to report its problems.
package tree
