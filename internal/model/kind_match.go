package model

// Matches reports whether body matches cond (field path → value or list of
// accepted values).
func Matches(body map[string]any, cond map[string]any) bool { return matchesAll(body, cond) }

func matchesAll(body map[string]any, cond map[string]any) bool {
	for path, want := range cond {
		got, ok := Lookup(body, path)
		if !ok {
			return false
		}
		if alts, isList := want.([]any); isList {
			hit := false
			for _, a := range alts {
				if scalarEqual(got, a) {
					hit = true
					break
				}
			}
			if !hit {
				return false
			}
			continue
		}
		if !scalarEqual(got, want) {
			return false
		}
	}
	return true
}

func scalarEqual(a, b any) bool { return string(CanonicalJSON(a)) == string(CanonicalJSON(b)) }

func scalarString(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	}
	return string(CanonicalJSON(v))
}

func joinNonEmpty(parts []string, sep string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += sep
		}
		out += p
	}
	return out
}
