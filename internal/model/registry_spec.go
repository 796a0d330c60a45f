package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
)

// Spec types are what scripts/schemagen derives from Okta's official
// OpenAPI spec: the types of every field of a kind's body, nested ones
// included, never stricter than Okta (see schemas/spec). A kind's
// hand-written schema says what people get wrong at the top; its spec
// types catch a wrong type anywhere. tree.Validate applies both.
//
// The generated files are JSON Schema, so that editors can use them, but
// only a small part of it: type, properties, additionalProperties, items,
// pattern, allOf, anyOf, if/then with const and required, and $ref to a
// definition. SpecTypes checks exactly that part itself. A general JSON
// Schema compiler validates the whole schema against the meta-schema and
// walks it for every reference, which for the few hundred definitions of
// Okta's spec took over a second at every start of every command; this
// takes milliseconds, and its messages name the innermost field.
const (
	specDefsFile  = "spec/okta.json"
	specKindsFile = "spec/kinds.json"
)

// SpecTypes checks bodies against the generated definitions.
type SpecTypes struct {
	defs     map[string]any
	kinds    map[string]string // kind → definition
	patterns map[string]*regexp.Regexp
}

// TypeError is one wrong value: its JSON pointer in the body, and why.
type TypeError struct {
	Pointer string
	Message string
}

// loadSpecTypes reads schemas/spec from schemaFS. A schema FS without it
// (tests with their own schemas) checks nothing, which is no error.
func loadSpecTypes(schemaFS fs.FS, kinds map[string]*Kind) (*SpecTypes, error) {
	st := &SpecTypes{defs: map[string]any{}, kinds: map[string]string{}, patterns: map[string]*regexp.Regexp{}}
	index, err := fs.ReadFile(schemaFS, specKindsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", specKindsFile, err)
	}
	if err := json.Unmarshal(index, &st.kinds); err != nil {
		return nil, fmt.Errorf("%s: %w", specKindsFile, err)
	}
	data, err := fs.ReadFile(schemaFS, specDefsFile)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", specDefsFile, err)
	}
	var doc struct {
		Defs map[string]any `json:"$defs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", specDefsFile, err)
	}
	st.defs = doc.Defs
	var errs []error
	for kind, def := range st.kinds {
		if _, ok := st.defs[def]; !ok {
			errs = append(errs, fmt.Errorf("%s: kind %q names definition %q, which %s lacks", specKindsFile, kind, def, specDefsFile))
		}
		if _, ok := kinds[kind]; !ok {
			delete(st.kinds, kind) // a kind of another registry (renamed in tests)
		}
	}
	for name, d := range st.defs {
		if err := st.compile(d, name); err != nil {
			errs = append(errs, fmt.Errorf("%s: %s: %w", specDefsFile, name, err))
		}
	}
	return st, errors.Join(errs...)
}

// knownKeywords are the keywords the checker understands; any other one in
// the generated files is an error, so that the generator cannot start
// emitting a constraint that is silently not checked.
var knownKeywords = map[string]bool{
	"type": true, "properties": true, "additionalProperties": true, "items": true, "pattern": true,
	"allOf": true, "anyOf": true, "if": true, "then": true, "const": true, "required": true, "$ref": true,
	"description": true, "$comment": true,
}

// compile checks a definition's keywords and compiles its patterns.
func (st *SpecTypes) compile(v any, at string) error {
	switch t := v.(type) {
	case bool:
		return nil
	case map[string]any:
		for k, x := range t {
			if !knownKeywords[k] {
				return fmt.Errorf("%s: keyword %q is not one the checker knows", at, k)
			}
			switch k {
			case "pattern":
				p, _ := x.(string)
				re, err := regexp.Compile(p)
				if err != nil {
					return fmt.Errorf("%s: pattern: %w", at, err)
				}
				st.patterns[p] = re
			case "$ref":
				r, _ := x.(string)
				if _, ok := st.defs[strings.TrimPrefix(r, "#/$defs/")]; !ok {
					return fmt.Errorf("%s: $ref %q names no definition", at, r)
				}
			case "properties":
				m, _ := x.(map[string]any)
				for name, p := range m {
					if err := st.compile(p, at+"/"+name); err != nil {
						return err
					}
				}
			case "allOf", "anyOf":
				l, _ := x.([]any)
				for i, p := range l {
					if err := st.compile(p, fmt.Sprintf("%s/%s/%d", at, k, i)); err != nil {
						return err
					}
				}
			case "additionalProperties", "items", "if", "then":
				if err := st.compile(x, at+"/"+k); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return fmt.Errorf("%s: a schema must be an object or a boolean", at)
}

// Covers reports whether the kind has spec types.
func (st *SpecTypes) Covers(kind string) bool {
	if st == nil {
		return false
	}
	_, ok := st.kinds[kind]
	return ok
}

// Check returns the wrong values of a kind's body, in pointer order.
func (st *SpecTypes) Check(kind string, body map[string]any) []TypeError {
	if st == nil {
		return nil
	}
	def, ok := st.kinds[kind]
	if !ok {
		return nil
	}
	errs := st.check(body, st.defs[def], "", 0)
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Pointer < errs[j].Pointer })
	return dedupTypeErrors(errs)
}

func dedupTypeErrors(errs []TypeError) []TypeError {
	out := errs[:0]
	for i, e := range errs {
		if i > 0 && e == errs[i-1] {
			continue
		}
		out = append(out, e)
	}
	return out
}

// maxRefs bounds the references followed without going deeper into the
// value, which only a definition that includes itself could exceed.
const maxRefs = 64

func (st *SpecTypes) check(v any, schema any, ptr string, refs int) []TypeError {
	s, ok := schema.(map[string]any)
	if !ok || refs > maxRefs {
		return nil // true, or a loop: nothing to check
	}
	if r, ok := s["$ref"].(string); ok {
		return st.check(v, st.defs[strings.TrimPrefix(r, "#/$defs/")], ptr, refs+1)
	}
	var errs []TypeError
	if all, ok := s["allOf"].([]any); ok {
		for _, x := range all {
			errs = append(errs, st.check(v, x, ptr, refs+1)...)
		}
	}
	if alts, ok := s["anyOf"].([]any); ok {
		errs = append(errs, st.anyOf(v, alts, ptr, refs)...)
	}
	if cond, ok := s["if"]; ok && len(st.check(v, cond, ptr, refs+1)) == 0 {
		errs = append(errs, st.check(v, s["then"], ptr, refs+1)...)
	}
	if c, ok := s["const"]; ok && string(CanonicalJSON(v)) != string(CanonicalJSON(c)) {
		errs = append(errs, TypeError{ptr, fmt.Sprintf("must be %s", CanonicalJSON(c))})
	}
	if req, ok := s["required"].([]any); ok {
		m, _ := v.(map[string]any)
		for _, r := range req {
			if name, _ := r.(string); m == nil || m[name] == nil {
				errs = append(errs, TypeError{ptr, fmt.Sprintf("needs %s", name)})
			}
		}
	}
	if ts := types(s); ts != nil && !hasType(v, ts) {
		return append(errs, TypeError{ptr, fmt.Sprintf("expected %s, but got %s", typeList(ts), describeValue(v))})
	}
	if p, ok := s["pattern"].(string); ok {
		if str, isStr := v.(string); isStr && !st.patterns[p].MatchString(str) {
			return append(errs, TypeError{ptr, patternMessage(types(s), str)})
		}
	}
	switch t := v.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		extra, hasExtra := s["additionalProperties"]
		for _, k := range sortedKeys(t) {
			sub := ptr + "/" + EscapePointer(k)
			if p, ok := props[k]; ok {
				errs = append(errs, st.check(t[k], p, sub, 0)...)
			} else if hasExtra {
				errs = append(errs, st.check(t[k], extra, sub, 0)...)
			}
		}
	case []any:
		if items, ok := s["items"]; ok {
			for i, x := range t {
				errs = append(errs, st.check(x, items, fmt.Sprintf("%s/%d", ptr, i), 0)...)
			}
		}
	}
	return errs
}

// anyOf passes when one alternative does; otherwise it reports the
// alternative that comes closest: the one with the fewest errors, and on a
// tie the first (for a scalar, its type, not the placeholder).
func (st *SpecTypes) anyOf(v any, alts []any, ptr string, refs int) []TypeError {
	var best []TypeError
	for i, x := range alts {
		errs := st.check(v, x, ptr, refs+1)
		if len(errs) == 0 {
			return nil
		}
		if i == 0 || len(errs) < len(best) {
			best = errs
		}
	}
	for i := range best {
		if best[i].Pointer == ptr && !strings.Contains(best[i].Message, "placeholder") {
			best[i].Message += " (or a ${var:NAME} placeholder)"
		}
	}
	return best
}

// types is a schema's "type": a list, or one name.
func types(s map[string]any) []any {
	switch t := s["type"].(type) {
	case []any:
		return t
	case string:
		return []any{t}
	}
	return nil
}

// patternMessage explains a string that is neither the object or list a
// field holds nor a placeholder.
func patternMessage(types []any, s string) string {
	for _, t := range types {
		switch t {
		case "object", "array":
			return fmt.Sprintf("expected %s, but got a string (%s); only a ${var:NAME} or ${secret:NAME} placeholder may stand for it",
				typeList(withoutString(types)), describeValue(s))
		}
	}
	return fmt.Sprintf("%s is not a value of this type", describeValue(s))
}

func withoutString(types []any) []any {
	var out []any
	for _, t := range types {
		if t != "string" && t != "null" {
			out = append(out, t)
		}
	}
	return out
}

func typeList(types []any) string {
	names := make([]string, 0, len(types))
	for _, t := range types {
		if s, _ := t.(string); s != "null" {
			names = append(names, s)
		}
	}
	return strings.Join(names, " or ")
}

// hasType reports whether v is a JSON value of one of the types.
func hasType(v any, types []any) bool {
	for _, t := range types {
		if name, _ := t.(string); jsonType(v, name) {
			return true
		}
	}
	return false
}

func jsonType(v any, t string) bool {
	switch t {
	case "null":
		return v == nil
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "number", "integer":
		var text string
		switch n := v.(type) {
		case json.Number:
			text = n.String()
		case float64:
			return t == "number" || n == float64(int64(n))
		case int, int64:
			return true
		default:
			return false
		}
		return t == "number" || !strings.ContainsAny(text, ".eE")
	}
	return false
}

func describeValue(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case string:
		if len(t) > 40 {
			t = t[:40] + "…"
		}
		return fmt.Sprintf("string %q", t)
	case bool:
		return fmt.Sprintf("boolean %v", t)
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	return fmt.Sprintf("number %v", v)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// SpecTypes returns the checker of the spec types; a registry built
// without schema files has none, and nil checks nothing.
func (r *Registry) SpecTypes() *SpecTypes { return r.specTypes }
