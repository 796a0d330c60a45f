package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/oktasync/oktasync/internal/model"
)

// EnvVarPrefix is the prefix of environment variables that define
// ${var:NAME} values: OKTASYNC_VAR_NAME.
const EnvVarPrefix = "OKTASYNC_VAR_"

// LoadVars merges variable values from the environment and from var files.
//
// environ is in os.Environ form; only OKTASYNC_VAR_<NAME> entries count.
// Each file is a YAML (or JSON) mapping of NAME to a scalar. Files override
// the environment, and later files override earlier ones: explicit flags beat
// the ambient environment, as with Terraform's -var-file. Values are kept as
// written ("0800" stays "0800"); see Compute for how a value's type is chosen
// when it fills a whole field.
func LoadVars(files []string, environ []string) (map[string]string, error) {
	vars := map[string]string{}
	var errs []error
	for _, kv := range environ {
		name, val, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(name, EnvVarPrefix) {
			continue
		}
		n := strings.TrimPrefix(name, EnvVarPrefix)
		if !model.ValidVarName(n) {
			errs = append(errs, fmt.Errorf("environment variable %s: %q is not a variable name (it must match [A-Z][A-Z0-9_]*)", name, n))
			continue
		}
		vars[n] = val
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			errs = append(errs, fmt.Errorf("var file: %w", err))
			continue
		}
		fileVars, err := parseVarFile(f, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for k, v := range fileVars {
			vars[k] = v
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return vars, nil
}

// maxVarFileSize guards against reading something that is not a var file.
const maxVarFileSize = 1 << 20

func parseVarFile(name string, data []byte) (map[string]string, error) {
	if len(data) > maxVarFileSize {
		return nil, fmt.Errorf("%s: var file is larger than %d bytes", name, maxVarFileSize)
	}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return map[string]string{}, nil
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(doc.Content) == 0 {
		return map[string]string{}, nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		return map[string]string{}, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: a var file is a mapping of NAME: value", name, root.Line)
	}
	out := map[string]string{}
	var errs []error
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Kind != yaml.ScalarNode || !model.ValidVarName(k.Value) {
			errs = append(errs, fmt.Errorf("%s:%d: %q is not a variable name (it must match [A-Z][A-Z0-9_]*)", name, k.Line, k.Value))
			continue
		}
		if _, dup := out[k.Value]; dup {
			errs = append(errs, fmt.Errorf("%s:%d: variable %s is defined twice", name, k.Line, k.Value))
			continue
		}
		switch {
		case v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null":
			out[k.Value] = ""
		case v.Kind == yaml.ScalarNode:
			out[k.Value] = v.Value
		default:
			errs = append(errs, fmt.Errorf("%s:%d: variable %s must be a single value, not a list or mapping", name, v.Line, k.Value))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// isJSONNumber reports whether s is a number in JSON syntax:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func isJSONNumber(s string) bool {
	i := 0
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	start := i
	if n := digits(); n == 0 || (n > 1 && s[start] == '0') {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// typedVar is the value a placeholder that fills a whole field takes. Files
// write ${var:NAME} in number and boolean fields too (the schemas allow it),
// and variable values are text, so a value that reads as a JSON number or
// boolean becomes one. Comparison treats a string and a number or boolean
// with the same text as equal, so a string field given such a value is no
// change either; and Okta's JSON binding coerces scalars on write.
func typedVar(v string) any {
	switch {
	case v == "true":
		return true
	case v == "false":
		return false
	case isJSONNumber(v):
		return json.Number(v)
	}
	return v
}

// varResolver replaces ${var:NAME} placeholders in a body, reporting
// undefined variables and malformed placeholders at their line.
type varResolver struct {
	vars map[string]string
	ps   *problems
	// path is the keys and indexes down to the value resolved,
	// made a pointer only for a string that holds a placeholder.
	path []pathElem
}

// pathElem is a map key, or an array index when key is "" and index >= 0.
type pathElem struct {
	key   string
	index int
}

// pointer is the JSON pointer of the value at r.path.
func (r *varResolver) pointer() string {
	var b strings.Builder
	for _, e := range r.path {
		b.WriteByte('/')
		if e.index >= 0 {
			b.WriteString(strconv.Itoa(e.index))
		} else {
			b.WriteString(model.EscapePointer(e.key))
		}
	}
	return b.String()
}

// body returns o.Body with variables resolved. Text around a placeholder
// keeps its file form: the value is escaped so that a "${" in it is never
// read as a placeholder later. Parts without variables are shared with
// o.Body, not copied (most bodies have none); nothing in Compute writes to a
// body, and the plan deep-copies what it keeps.
func (r *varResolver) body(o *model.Object) map[string]any {
	r.path = r.path[:0]
	out, _ := r.value(o, o.Body)
	m, _ := out.(map[string]any)
	return m
}

// value resolves v and reports whether anything changed.
func (r *varResolver) value(o *model.Object, v any) (any, bool) {
	switch t := v.(type) {
	case map[string]any:
		var m map[string]any
		for k, e := range t {
			r.path = append(r.path, pathElem{key: k, index: -1})
			nv, changed := r.value(o, e)
			r.path = r.path[:len(r.path)-1]
			if !changed {
				continue
			}
			if m == nil {
				m = make(map[string]any, len(t))
				for k2, e2 := range t {
					m[k2] = e2
				}
			}
			m[k] = nv
		}
		if m == nil {
			return v, false
		}
		return m, true
	case []any:
		var a []any
		for i, e := range t {
			r.path = append(r.path, pathElem{index: i})
			nv, changed := r.value(o, e)
			r.path = r.path[:len(r.path)-1]
			if !changed {
				continue
			}
			if a == nil {
				a = append([]any(nil), t...)
			}
			a[i] = nv
		}
		if a == nil {
			return v, false
		}
		return a, true
	case string:
		if !strings.Contains(t, "${") {
			return v, false
		}
		nv := r.str(o, t)
		if s, ok := nv.(string); ok && s == t {
			return v, false
		}
		return nv, true
	}
	return v, false
}

// str resolves one string at r.path (made a pointer only for a problem:
// most strings with a "${" hold references and resolve to themselves).
func (r *varResolver) str(o *model.Object, s string) any {
	if !strings.Contains(s, "${") {
		return s
	}
	phs, err := model.ScanPlaceholders(s)
	if err != nil {
		r.ps.add(ProblemPlaceholder, o.File(), o.BodyLine(r.pointer()), err.Error(),
			"write ${ref:<path>}, ${var:NAME} or ${secret:NAME}; write $${ for a literal ${")
		return s
	}
	hasVar := false
	for _, p := range phs {
		if p.Type == model.PlaceholderVar {
			hasVar = true
			if _, ok := r.vars[p.Value]; !ok {
				r.ps.add(ProblemUndefinedVar, o.File(), o.BodyLine(r.pointer()), fmt.Sprintf("undefined variable %s", p),
					fmt.Sprintf("define %s in a --var-file or as %s%s in the environment", p.Value, EnvVarPrefix, p.Value))
			}
		}
	}
	if !hasVar {
		return s
	}
	if len(phs) == 1 && phs[0].Start == 0 && phs[0].End == len(s) {
		return typedVar(r.vars[phs[0].Value])
	}
	return replacePlaceholders(s, phs, func(p model.Placeholder) string {
		if p.Type != model.PlaceholderVar {
			return s[p.Start:p.End]
		}
		return model.EscapeLiteral(r.vars[p.Value])
	})
}

// replacePlaceholders rewrites the placeholders of s (found by
// ScanPlaceholders) and leaves the text between them, escapes included,
// exactly as it was.
func replacePlaceholders(s string, phs []model.Placeholder, fn func(model.Placeholder) string) string {
	var b strings.Builder
	last := 0
	for _, p := range phs {
		b.WriteString(s[last:p.Start])
		b.WriteString(fn(p))
		last = p.End
	}
	b.WriteString(s[last:])
	return b.String()
}
