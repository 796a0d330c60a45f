package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// FieldPath names fields inside an object body. It is written as dot-separated
// keys; "[]" after a key means "every element of this array":
//
//	profile.name
//	conditions.people.groups.include[]
//	settings.authenticators[].id
//
// Keys may hold any character except '.', '[' and ']' (so "x5t#S256" is fine).
type FieldPath []PathStep

// PathStep is one key of a FieldPath; Each means the key holds an array whose
// every element is visited.
type PathStep struct {
	Key  string
	Each bool
}

// ParseFieldPath parses the dotted syntax described at FieldPath.
func ParseFieldPath(p string) (FieldPath, error) {
	if p == "" {
		return nil, fmt.Errorf("empty field path")
	}
	var fp FieldPath
	for _, part := range strings.Split(p, ".") {
		step := PathStep{Key: part}
		if strings.HasSuffix(part, "[]") {
			step.Key = strings.TrimSuffix(part, "[]")
			step.Each = true
		}
		if step.Key == "" || strings.ContainsAny(step.Key, "[]") {
			return nil, fmt.Errorf("field path %q: bad segment %q", p, part)
		}
		fp = append(fp, step)
	}
	return fp, nil
}

func (fp FieldPath) String() string {
	parts := make([]string, len(fp))
	for i, s := range fp {
		parts[i] = s.Key
		if s.Each {
			parts[i] += "[]"
		}
	}
	return strings.Join(parts, ".")
}

// Match is one value found at a field path.
type Match struct {
	// Pointer is the JSON pointer (RFC 6901) of the value relative to the body,
	// for example "/conditions/people/groups/include/0".
	Pointer string
	Value   any
	set     func(any)
}

// Set replaces the matched value in the body.
func (m Match) Set(v any) { m.set(v) }

// Find returns every value at path in body, in document order (map keys are
// visited in the order the path names them; array elements by index). Missing
// keys, nulls and type mismatches simply produce no match. An invalid path
// produces no match; registry checks guarantee descriptor paths are valid.
func Find(body map[string]any, path string) []Match {
	fp, err := parsedPath(path)
	if err != nil {
		return nil
	}
	return fp.Find(body)
}

// parsedPaths holds the field paths Find and Lookup have parsed: they are
// the descriptors' own, a few hundred, and large trees look them up in
// every object.
var (
	parsedPaths sync.Map // string → parsedEntry
	// parsedCount bounds parsedPaths, for a process that would be given
	// paths without end.
	parsedCount atomic.Int64
)

const maxParsedPaths = 4096

type parsedEntry struct {
	fp  FieldPath
	err error
}

// parsedPath is ParseFieldPath, once per path; the result is shared and
// must not be changed.
func parsedPath(p string) (FieldPath, error) {
	if e, ok := parsedPaths.Load(p); ok {
		pe := e.(parsedEntry)
		return pe.fp, pe.err
	}
	fp, err := ParseFieldPath(p)
	if parsedCount.Add(1) <= maxParsedPaths {
		parsedPaths.Store(p, parsedEntry{fp, err})
	}
	return fp, err
}

// Find is the parsed form of the package-level Find.
func (fp FieldPath) Find(body map[string]any) []Match {
	// Most paths are absent from most bodies: answer that without the
	// walk's closures.
	if len(fp) > 0 {
		if _, ok := body[fp[0].Key]; !ok {
			return nil
		}
	}
	var out []Match
	var walk func(cur any, steps FieldPath, ptr string, set func(any))
	walk = func(cur any, steps FieldPath, ptr string, set func(any)) {
		if len(steps) == 0 {
			out = append(out, Match{Pointer: ptr, Value: cur, set: set})
			return
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return
		}
		st := steps[0]
		v, ok := m[st.Key]
		if !ok {
			return
		}
		p := ptr + "/" + EscapePointer(st.Key)
		if !st.Each {
			key := st.Key
			walk(v, steps[1:], p, func(nv any) { m[key] = nv })
			return
		}
		arr, ok := v.([]any)
		if !ok {
			return
		}
		for i := range arr {
			idx := i
			walk(arr[i], steps[1:], p+"/"+strconv.Itoa(i), func(nv any) { arr[idx] = nv })
		}
	}
	walk(body, fp, "", nil)
	return out
}

// Lookup returns the value at a path without "[]" steps.
func Lookup(body map[string]any, path string) (any, bool) {
	fp, err := parsedPath(path)
	if err != nil {
		return nil, false
	}
	var cur any = body
	for i, st := range fp {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		v, ok := m[st.Key]
		if !ok {
			return nil, false
		}
		if st.Each {
			// "[]" steps: the first match, in Find's order.
			ms := fp[i:].Find(m)
			if len(ms) == 0 {
				return nil, false
			}
			return ms[0].Value, true
		}
		cur = v
	}
	return cur, true
}

// DeleteField removes the last key of path wherever the path matches and
// reports whether anything was removed.
func DeleteField(body map[string]any, path string) bool {
	fp, err := ParseFieldPath(path)
	if err != nil {
		return false
	}
	last := fp[len(fp)-1]
	parents := []Match{{Value: body}}
	if len(fp) > 1 {
		parents = fp[:len(fp)-1].Find(body)
	}
	removed := false
	for _, p := range parents {
		m, ok := p.Value.(map[string]any)
		if !ok {
			continue
		}
		if _, ok := m[last.Key]; ok {
			delete(m, last.Key)
			removed = true
		}
	}
	return removed
}

// SetField sets the value at a path without "[]" steps, creating intermediate
// objects as needed. It fails if an intermediate value is not an object.
func SetField(body map[string]any, path string, v any) error {
	fp, err := ParseFieldPath(path)
	if err != nil {
		return err
	}
	cur := body
	for i, st := range fp {
		if st.Each {
			return fmt.Errorf("SetField %q: \"[]\" is not allowed", path)
		}
		if i == len(fp)-1 {
			cur[st.Key] = v
			return nil
		}
		next, ok := cur[st.Key]
		if !ok || next == nil {
			nm := map[string]any{}
			cur[st.Key] = nm
			cur = nm
			continue
		}
		nm, ok := next.(map[string]any)
		if !ok {
			return fmt.Errorf("SetField %q: %q is not an object", path, st.Key)
		}
		cur = nm
	}
	return nil
}

// WalkStrings calls fn for every string in v (maps in sorted key order),
// with the JSON pointer of the string relative to v.
func WalkStrings(v any, fn func(pointer, s string)) { walkStrings(v, "", false, fn) }

// WalkKeysAndStrings is WalkStrings that also calls fn for every map key,
// with the key's own pointer (checks on text, such as Okta's 3-byte
// character limit, apply to keys too).
func WalkKeysAndStrings(v any, fn func(pointer, s string)) { walkStrings(v, "", true, fn) }

// walkStrings visits every string in v, and with keys every map key too
// (reported at the key's own pointer), maps in sorted key order.
func walkStrings(v any, ptr string, keys bool, fn func(pointer, s string)) {
	walkStringsBuf(v, append(make([]byte, 0, 128), ptr...), keys, fn)
}

// walkStringsBuf is walkStrings with the pointer built in ptr, made a
// string only for the strings visited.
func walkStringsBuf(v any, ptr []byte, keys bool, fn func(pointer, s string)) []byte {
	switch t := v.(type) {
	case string:
		fn(string(ptr), t)
	case map[string]any:
		var arr [16]string
		names := arr[:0]
		for k := range t {
			names = append(names, k)
		}
		slices.Sort(names)
		n := len(ptr)
		for _, k := range names {
			ptr = appendEscaped(append(ptr[:n], '/'), k)
			if keys {
				fn(string(ptr), k)
			}
			ptr = walkStringsBuf(t[k], ptr, keys, fn)
		}
		ptr = ptr[:n]
	case []any:
		n := len(ptr)
		for i, e := range t {
			ptr = walkStringsBuf(e, strconv.AppendInt(append(ptr[:n], '/'), int64(i), 10), keys, fn)
		}
		ptr = ptr[:n]
	}
	return ptr
}

// appendEscaped appends EscapePointer(key) to b.
func appendEscaped(b []byte, key string) []byte {
	if !strings.ContainsAny(key, "~/") {
		return append(b, key...)
	}
	return append(b, EscapePointer(key)...)
}
