package engine

import (
	"encoding/json"
	"fmt"
	"slices"
)

// JSONType is the JSON type a field must have.
type JSONType int

const (
	TString JSONType = iota
	TBool
	TNumber
	TObject
	TArray
)

// Matches reports whether v is a JSON value of type t.
func (t JSONType) Matches(v any) bool {
	switch t {
	case TString:
		_, ok := v.(string)
		return ok
	case TBool:
		_, ok := v.(bool)
		return ok
	case TNumber:
		switch v.(type) {
		case json.Number, float64, int:
			return true
		}
		return false
	case TObject:
		_, ok := v.(map[string]any)
		return ok
	case TArray:
		_, ok := v.([]any)
		return ok
	}
	return false
}

// Field describes one property a request body may carry: its JSON type and
// whether Okta requires it. A wrong type is E0000003 (Okta fails to map the
// body), a missing required field is E0000001 naming the field.
type Field struct {
	Path     string
	Type     JSONType
	Required bool
	Enum     []string
}

// CheckShape validates a request body against a kind's fields. Unknown
// properties are allowed, as Okta allows them.
func CheckShape(body Obj, fields []Field) *APIError {
	var causes []string
	for _, f := range fields {
		v := At(body, f.Path)
		if v == nil {
			if f.Required {
				causes = append(causes, fmt.Sprintf("%s: The field cannot be left blank", f.Path))
			}
			continue
		}
		if !f.Type.Matches(v) {
			return ErrMalformed()
		}
		if s, ok := v.(string); ok && len(f.Enum) > 0 && !slices.Contains(f.Enum, s) {
			causes = append(causes, fmt.Sprintf("%s: '%s' is not a valid value; allowed: %v", f.Path, s, f.Enum))
		}
	}
	if len(causes) > 0 {
		return ErrValidation(fields0(causes), causes...)
	}
	return nil
}

// fields0 is the summary Okta puts after "Api validation failed: ": the name
// of the first offending property.
func fields0(causes []string) string {
	c := causes[0]
	for i := 0; i < len(c); i++ {
		if c[i] == ':' {
			return c[:i]
		}
	}
	return c
}
