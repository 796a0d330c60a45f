package sandbox

import (
	"encoding/json"
	"fmt"
	"slices"
)

// jsonType is the JSON type a field must have.
type jsonType int

const (
	tString jsonType = iota
	tBool
	tNumber
	tObject
	tArray
)

func (t jsonType) matches(v any) bool {
	switch t {
	case tString:
		_, ok := v.(string)
		return ok
	case tBool:
		_, ok := v.(bool)
		return ok
	case tNumber:
		switch v.(type) {
		case json.Number, float64, int:
			return true
		}
		return false
	case tObject:
		_, ok := v.(map[string]any)
		return ok
	case tArray:
		_, ok := v.([]any)
		return ok
	}
	return false
}

// field describes one property a request body may carry: its JSON type and
// whether Okta requires it. A wrong type is E0000003 (Okta fails to map the
// body), a missing required field is E0000001 naming the field.
type field struct {
	path     string
	typ      jsonType
	required bool
	enum     []string
}

// checkShape validates a request body against a kind's fields. Unknown
// properties are allowed, as Okta allows them.
func checkShape(body Obj, fields []field) *apiError {
	var causes []string
	for _, f := range fields {
		v := at(body, f.path)
		if v == nil {
			if f.required {
				causes = append(causes, fmt.Sprintf("%s: The field cannot be left blank", f.path))
			}
			continue
		}
		if !f.typ.matches(v) {
			return errMalformed()
		}
		if s, ok := v.(string); ok && len(f.enum) > 0 && !slices.Contains(f.enum, s) {
			causes = append(causes, fmt.Sprintf("%s: '%s' is not a valid value; allowed: %v", f.path, s, f.enum))
		}
	}
	if len(causes) > 0 {
		return errValidation(fields0(causes), causes...)
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
