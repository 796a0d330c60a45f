package model

import "strings"

// RefsIn returns the paths of the ${ref:…} placeholders in s, in order. A
// string with a malformed placeholder yields none: validate reports it, and
// nothing can be resolved from it.
func RefsIn(s string) []string {
	if !strings.Contains(s, "${ref:") {
		return nil
	}
	phs, err := ScanPlaceholders(s)
	if err != nil {
		return nil
	}
	var out []string
	for _, p := range phs {
		if p.Type == PlaceholderRef {
			out = append(out, p.Value)
		}
	}
	return out
}

// RewriteRefs returns a copy of the raw JSON value v in which every
// ${ref:<path>} is replaced by ${ref:<fn(path)>}, and everything else is
// left exactly as written: other placeholders, "$${" escapes, Okta's own
// ${…} expressions. The result is still in file form, with its references
// moved (to another tree's paths, or to a marker no path equals). Unlike
// ExpandPlaceholders, it never unescapes. A string with a malformed
// placeholder is left as it is.
func RewriteRefs(v any, fn func(path string) string) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[k] = RewriteRefs(x, fn)
		}
		return m
	case []any:
		a := make([]any, len(t))
		for i, x := range t {
			a[i] = RewriteRefs(x, fn)
		}
		return a
	case string:
		return rewriteRefsIn(t, fn)
	}
	return v
}

func rewriteRefsIn(s string, fn func(string) string) string {
	if !strings.Contains(s, "${ref:") {
		return s
	}
	phs, err := ScanPlaceholders(s)
	if err != nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, p := range phs {
		b.WriteString(s[last:p.Start])
		if p.Type == PlaceholderRef {
			b.WriteString(FormatRef(fn(p.Value)))
		} else {
			b.WriteString(s[p.Start:p.End])
		}
		last = p.End
	}
	b.WriteString(s[last:])
	return b.String()
}

// LoginsIn returns the logins of the ${user:…} placeholders in s, in order
// (none when a placeholder in s is malformed).
func LoginsIn(s string) []string { return valuesIn(s, "${user:", PlaceholderUser) }

// OrgPartsIn returns the names of the ${org:…} placeholders in s, in order.
func OrgPartsIn(s string) []string { return valuesIn(s, "${org:", PlaceholderOrg) }

func valuesIn(s, lead string, t PlaceholderType) []string {
	if !strings.Contains(s, lead) {
		return nil
	}
	phs, err := ScanPlaceholders(s)
	if err != nil {
		return nil
	}
	var out []string
	for _, p := range phs {
		if p.Type == t {
			out = append(out, p.Value)
		}
	}
	return out
}
