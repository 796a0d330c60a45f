package engine

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
)

// MaxBody is the largest request body the sandbox reads. Okta's own limit is
// not documented; 1 MiB is ample for any config object and protects the
// process from a runaway client.
const MaxBody = 1 << 20

// decodeObject reads a JSON object body. Anything that is not a JSON object
// gets E0000003, as Okta answers malformed bodies.
func decodeObject(r io.Reader) (Obj, *APIError) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBody+1))
	if err != nil || len(data) > MaxBody {
		return nil, ErrMalformed()
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return Obj{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, ErrMalformed()
	}
	if dec.More() {
		return nil, ErrMalformed()
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, ErrMalformed()
	}
	return obj, nil
}

// Clone deep-copies a JSON value so that stored state never aliases a
// request body or a response being encoded.
func Clone(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[k] = Clone(x)
		}
		return m
	case []any:
		s := make([]any, len(t))
		for i, x := range t {
			s[i] = Clone(x)
		}
		return s
	default:
		return v
	}
}

// CloneObj deep-copies an object (nil stays nil).
func CloneObj(o Obj) Obj {
	if o == nil {
		return nil
	}
	return Clone(o).(map[string]any)
}

// At returns the value at a dotted path, or nil.
func At(o Obj, path string) any {
	var cur any = o
	for _, p := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	return cur
}

// Str returns the string at a dotted path, or "".
func Str(o Obj, path string) string {
	s, _ := At(o, path).(string)
	return s
}

// BoolAt returns the bool at a dotted path, or false.
func BoolAt(o Obj, path string) bool {
	b, _ := At(o, path).(bool)
	return b
}

// IntAt reads a JSON number (json.Number or float64) as an int.
func IntAt(o Obj, path string) (int, bool) {
	switch n := At(o, path).(type) {
	case json.Number:
		i, err := n.Int64()
		if err != nil {
			f, ferr := n.Float64()
			if ferr != nil {
				return 0, false
			}
			return int(f), true
		}
		return int(i), true
	case float64:
		return int(n), true
	case int:
		return n, true
	}
	return 0, false
}

// Set writes a value at a dotted path, creating intermediate objects.
func Set(o Obj, path string, v any) {
	parts := strings.Split(path, ".")
	cur := o
	for _, p := range parts[:len(parts)-1] {
		next, ok := cur[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			cur[p] = next
		}
		cur = next
	}
	cur[parts[len(parts)-1]] = v
}

// SetDefault writes v at path only when nothing (or null) is there: this is
// how the server fills in the defaults a client left out.
func SetDefault(o Obj, path string, v any) {
	if At(o, path) == nil {
		Set(o, path, v)
	}
}

// Del removes the value at a dotted path.
func Del(o Obj, path string) {
	parts := strings.Split(path, ".")
	cur := o
	for _, p := range parts[:len(parts)-1] {
		next, ok := cur[p].(map[string]any)
		if !ok {
			return
		}
		cur = next
	}
	delete(cur, parts[len(parts)-1])
}

// StringsAt returns the string elements of the array at path.
func StringsAt(o Obj, path string) []string {
	arr, _ := At(o, path).([]any)
	out := make([]string, 0, len(arr))
	for _, x := range arr {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// AnyStrings converts to a JSON array.
func AnyStrings(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// Merge copies src's keys over dst recursively: objects merge, everything
// else (arrays included) is replaced. Okta's partial updates (POST on schemas,
// user types, inline hooks) work this way, with null meaning "remove".
func Merge(dst, src Obj) {
	for k, v := range src {
		if v == nil {
			delete(dst, k)
			continue
		}
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				Merge(dm, sm)
				continue
			}
		}
		dst[k] = Clone(v)
	}
}

func jsonNumber(s string) json.Number { return json.Number(s) }

// NormalizeJSON round-trips a value through encoding/json so that values
// from different sources (json.Number vs float64) compare equal.
func NormalizeJSON(v any) any {
	data, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	_ = json.Unmarshal(data, &out)
	return out
}
