package main

import (
	"fmt"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// The reference rows of the engine capabilities of issue 18: objects that
// exist with their parent, toggles, DNS-bound objects, secret formats and
// gated or wrapped lists.

// capabilityRows are extra rows of a kind's table.
func capabilityRows(k *model.Kind) []string {
	var rows []string
	if k.Implicit {
		writes := "update only"
		if k.Update == nil {
			writes = "its toggles only" // no update endpoint, only actions
		}
		row := "| exists with the org | Okta makes it and never deletes it: " + writes + "; absent from the tree means left alone |"
		if k.Parent != "" {
			row = "| exists with its parent | Okta makes it and never deletes it: " + writes + "; absent from the tree means left alone; under a parent the plan creates it is set right after the parent's create |"
		}
		rows = append(rows, row)
	}
	for _, t := range k.Toggles {
		var acts []string
		for _, a := range t.Actions {
			acts = append(acts, fmt.Sprintf("`%s` by `%s %s`", a.Value, a.Endpoint.Method, a.Endpoint.Path))
		}
		s := fmt.Sprintf("| toggle `%s` | %s; a change is a step of its own, after the object's other writes", t.Field, strings.Join(acts, ", "))
		if t.Created != "" {
			s += fmt.Sprintf("; a new object has `%s`", t.Created)
		}
		rows = append(rows, s+" |")
	}
	if v := k.Verify; v != nil {
		rows = append(rows, fmt.Sprintf("| DNS verification | after a create, `%s %s`; verified when `%s` is %s; until then apply warns with the records in `%s` (the status and the records are never in a file) |",
			v.Endpoint.Method, v.Endpoint.Path, v.StatusField, code(v.Verified, " or "), v.Records.Path))
	}
	return rows
}

// listNote adds to the list endpoint's description what a gated or
// wrapped list does.
func listNote(k *model.Kind) string {
	var s string
	if k.List.Field != "" {
		s += fmt.Sprintf(", the array at `%s`", k.List.Field)
	}
	if w := k.List.When; w != nil {
		s += fmt.Sprintf(", called only under parents where %s", w.String())
	}
	return s
}

// secretFormatText says what a typed secret's value holds.
func secretFormatText(s model.SecretField) string {
	switch s.Format {
	case model.SecretJSON:
		return "; the value is a JSON object (a mapping in the secrets file, or its JSON text)"
	case model.SecretPEM:
		return "; the value is a PEM block (a block scalar in the secrets file; `\\n` escapes in the environment are read as line breaks)"
	case model.SecretText:
	}
	return ""
}
