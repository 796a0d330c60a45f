// Package schemas holds the JSON Schema (draft 2020-12) of every oktasync
// file kind, one "<kind>.json" per kind, embedded into the binary. A schema
// describes a whole file (kind, name, role, relations, body); the body part
// is adapted from Okta's official OpenAPI component schemas and is never
// stricter than Okta: additional properties are allowed everywhere, ID
// fields accept ${ref:…}, and numbers, booleans and enums accept
// ${var:NAME}. They check what a person gets wrong: required identity
// fields, the types of the main fields, and status values.
//
// Pass FS() to model.NewRegistry. Editors can use the files directly
// (for example with a yaml-language-server "$schema" comment).
package schemas

import (
	"embed"
	"io/fs"
)

//go:embed *.json
var files embed.FS

// FS returns the embedded schema files, named "<kind>.json".
func FS() fs.FS { return files }
