// Package schemas holds the JSON Schema (draft 2020-12) of every oktasync
// file kind, one "<kind>.json" per kind, embedded into the binary. A schema
// describes a whole file (kind, name, role, relations, body); the body part
// is adapted from Okta's official OpenAPI component schemas and is never
// stricter than Okta: additional properties are allowed everywhere, ID
// fields accept ${ref:…}, and numbers, booleans and enums accept
// ${var:NAME}. They check what a person gets wrong: required identity
// fields, the types of the main fields, and status values.
//
// spec/ holds what scripts/schemagen derives from Okta's official OpenAPI
// spec: the nested types of every kind's body (spec/okta.json, one
// definition per spec component, and spec/kinds.json, which definition
// each kind's body is). They check types only, everywhere in a body, and
// are never stricter than Okta; model.NewRegistry compiles them beside
// the hand-written schemas, and tree.Validate applies both. Rewrite them
// with `go run ./scripts/schemagen`; its test fails when they are out of
// date.
//
// Pass FS() to model.NewRegistry. Editors can use the files directly
// (for example with a yaml-language-server "$schema" comment).
package schemas

import (
	"embed"
	"io/fs"
)

//go:embed *.json spec/*.json
var files embed.FS

// FS returns the embedded schema files, named "<kind>.json".
func FS() fs.FS { return files }
