package model

import "strings"

// JSON pointers (RFC 6901) address values inside a file document or a body:
// "/body/profile/name", "/conditions/people/groups/include/0". Line numbers,
// plan changes and apply's messages are all keyed by them, so every package
// builds and takes them apart with the helpers below.

// EscapePointer escapes one key for use as a pointer token: "~" becomes
// "~0" and "/" becomes "~1".
func EscapePointer(key string) string {
	if !strings.ContainsAny(key, "~/") {
		return key
	}
	return strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
}

// UnescapePointer turns a pointer token back into its key. "~1" is replaced
// before "~0", as RFC 6901 requires, so "~01" is the key "~1".
func UnescapePointer(token string) string {
	if !strings.Contains(token, "~") {
		return token
	}
	return strings.ReplaceAll(strings.ReplaceAll(token, "~1", "/"), "~0", "~")
}

// SplitPointer returns the unescaped keys of a pointer; the empty pointer
// (the whole document) has none.
func SplitPointer(ptr string) []string {
	if ptr == "" {
		return nil
	}
	toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i, t := range toks {
		toks[i] = UnescapePointer(t)
	}
	return toks
}

// DisplayPointer shows a pointer as the dotted path people read in
// messages: "/profile/name" is "profile.name".
func DisplayPointer(ptr string) string {
	return strings.Join(SplitPointer(ptr), ".")
}

// RemoveAt removes the value at a pointer into body. When the pointer goes
// through an array, the whole array is removed instead: arrays are managed
// whole, and neither a plan nor a request may carry one with a hole in it.
// It returns the pointer actually removed (a prefix of ptr when an array was
// in the way) and the value that was there; ok is false when nothing was at
// ptr.
func RemoveAt(body map[string]any, ptr string) (removed string, v any, ok bool) {
	toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	cur := body
	for i, t := range toks {
		key := UnescapePointer(t)
		v, ok := cur[key]
		if !ok {
			return "", nil, false
		}
		_, isList := v.([]any)
		if i == len(toks)-1 || isList {
			delete(cur, key)
			return "/" + strings.Join(toks[:i+1], "/"), v, true
		}
		m, isMap := v.(map[string]any)
		if !isMap {
			return "", nil, false
		}
		cur = m
	}
	return "", nil, false
}
