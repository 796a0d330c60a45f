package model

import (
	"fmt"
	"strings"
)

// PlaceholderType says what a ${...} placeholder stands for.
type PlaceholderType int

const (
	// PlaceholderRef is ${ref:<path>}: the ID (or other identifying field) of
	// the object at <path> in the same tree.
	PlaceholderRef PlaceholderType = iota + 1
	// PlaceholderVar is ${var:NAME}: a per-environment value.
	PlaceholderVar
	// PlaceholderSecret is ${secret:NAME}: a secret resolved at apply time.
	PlaceholderSecret
	// PlaceholderUser is ${user:<login>}: the user with that login, whose
	// ID differs in every org. oktasync never creates users: the login
	// must exist in the org a tree is applied to.
	PlaceholderUser
	// PlaceholderOrg is ${org:id}, ${org:partition} or ${org:url}: a part
	// of the org's own identity inside an ORN or a URL (see RefPattern).
	PlaceholderOrg
)

func (t PlaceholderType) prefix() string {
	switch t {
	case PlaceholderRef:
		return "ref"
	case PlaceholderVar:
		return "var"
	case PlaceholderSecret:
		return "secret"
	case PlaceholderUser:
		return "user"
	case PlaceholderOrg:
		return "org"
	}
	return ""
}

func (t PlaceholderType) String() string {
	if p := t.prefix(); p != "" {
		return p
	}
	return fmt.Sprintf("PlaceholderType(%d)", int(t))
}

// Placeholder is one ${ref:…}, ${var:…} or ${secret:…} occurrence.
type Placeholder struct {
	Type PlaceholderType
	// Value is the ref path or the variable/secret name.
	Value string
	// Start and End are byte offsets of the placeholder in the scanned string.
	Start, End int
}

// String formats the placeholder as it is written in a file.
func (p Placeholder) String() string { return "${" + p.Type.prefix() + ":" + p.Value + "}" }

// FormatRef returns "${ref:<path>}".
func FormatRef(path string) string { return "${ref:" + path + "}" }

// FormatVar returns "${var:<name>}".
func FormatVar(name string) string { return "${var:" + name + "}" }

// FormatSecret returns "${secret:<name>}".
func FormatSecret(name string) string { return "${secret:" + name + "}" }

// FormatUser returns "${user:<login>}".
func FormatUser(login string) string { return "${user:" + login + "}" }

// FormatOrg returns "${org:<name>}" (OrgID, OrgPartition or OrgURL).
func FormatOrg(name string) string { return "${org:" + name + "}" }

// ValidLogin reports whether s can stand in a ${user:…} placeholder: an
// Okta login (most often an email address), without white space, "{",
// "}" or "$".
func ValidLogin(s string) bool {
	return s != "" && !strings.ContainsAny(s, "{}$ \t\r\n")
}

// ValidOrgName reports whether n is a name ${org:…} takes.
func ValidOrgName(n string) bool { return n == OrgID || n == OrgPartition || n == OrgURL }

// ValidRefPath reports whether p is a well-formed ref path: slug segments
// ([a-z0-9-]+) joined by '/'.
func ValidRefPath(p string) bool {
	if p == "" {
		return false
	}
	// Every segment is non-empty: no leading, trailing or doubled '/'.
	prev := byte('/')
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '/':
			if prev == '/' {
				return false
			}
		case !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'):
			return false
		}
		prev = c
	}
	return prev != '/'
}

// ValidVarName reports whether n matches [A-Z][A-Z0-9_]*.
func ValidVarName(n string) bool {
	if n == "" || n[0] < 'A' || n[0] > 'Z' {
		return false
	}
	for i := 1; i < len(n); i++ {
		c := n[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// PlaceholderError is a malformed placeholder found by ScanPlaceholders.
type PlaceholderError struct {
	Offset int
	Text   string
	Reason string
}

func (e *PlaceholderError) Error() string {
	return fmt.Sprintf("malformed placeholder %q at offset %d: %s", e.Text, e.Offset, e.Reason)
}

var placeholderPrefixes = []struct {
	lead string
	typ  PlaceholderType
}{
	{"${ref:", PlaceholderRef},
	{"${var:", PlaceholderVar},
	{"${secret:", PlaceholderSecret},
	{"${user:", PlaceholderUser},
	{"${org:", PlaceholderOrg},
}

// scan walks s once, calling lit for literal text (with "$${" already
// unescaped to "${") and ph for each placeholder. It stops at the first
// malformed placeholder.
func scan(s string, lit func(string), ph func(Placeholder)) error {
	start := 0 // start of pending literal
	flush := func(end int) {
		if end > start {
			lit(s[start:end])
		}
	}
	for i := 0; i < len(s); {
		if s[i] != '$' {
			i++
			continue
		}
		if strings.HasPrefix(s[i:], "$${") {
			flush(i)
			lit("${")
			i += 3
			start = i
			continue
		}
		matched := false
		for _, pp := range placeholderPrefixes {
			if !strings.HasPrefix(s[i:], pp.lead) {
				continue
			}
			matched = true
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return &PlaceholderError{Offset: i, Text: s[i:], Reason: "missing closing \"}\""}
			}
			text := s[i : i+end+1]
			val := s[i+len(pp.lead) : i+end]
			switch pp.typ {
			case PlaceholderRef:
				if !ValidRefPath(val) {
					return &PlaceholderError{Offset: i, Text: text, Reason: "a ref path is lower-case slugs joined by \"/\", like groups/engineering"}
				}
			case PlaceholderUser:
				if !ValidLogin(val) {
					return &PlaceholderError{Offset: i, Text: text, Reason: "a login has no spaces, \"{\" or \"$\", like ${user:alice@example.com}"}
				}
			case PlaceholderOrg:
				if !ValidOrgName(val) {
					return &PlaceholderError{Offset: i, Text: text, Reason: "the org's parts are ${org:id}, ${org:partition} and ${org:url}"}
				}
			default:
				if !ValidVarName(val) {
					return &PlaceholderError{Offset: i, Text: text, Reason: "a name must match [A-Z][A-Z0-9_]*"}
				}
			}
			flush(i)
			ph(Placeholder{Type: pp.typ, Value: val, Start: i, End: i + end + 1})
			i += end + 1
			start = i
			break
		}
		if !matched {
			i++
		}
	}
	flush(len(s))
	return nil
}

// ScanPlaceholders returns every placeholder in s, in order. "$${" is an
// escaped literal "${" and never starts a placeholder. Okta's own expression
// syntax such as ${source.login} is not a placeholder and is left alone.
func ScanPlaceholders(s string) ([]Placeholder, error) {
	var out []Placeholder
	err := scan(s, func(string) {}, func(p Placeholder) { out = append(out, p) })
	return out, err
}

// ParsePlaceholder reports whether s consists of exactly one placeholder.
func ParsePlaceholder(s string) (Placeholder, bool) {
	ps, err := ScanPlaceholders(s)
	if err != nil || len(ps) != 1 || ps[0].Start != 0 || ps[0].End != len(s) {
		return Placeholder{}, false
	}
	return ps[0], true
}

// ParseRef reports whether s is exactly "${ref:<path>}" and returns the path.
func ParseRef(s string) (string, bool) {
	p, ok := ParsePlaceholder(s)
	if !ok || p.Type != PlaceholderRef {
		return "", false
	}
	return p.Value, true
}

// ExpandPlaceholders replaces every placeholder in s by fn's result and turns
// every escaped "$${" into a literal "${". It is the inverse of EscapeLiteral
// when fn is never called.
func ExpandPlaceholders(s string, fn func(Placeholder) (string, error)) (string, error) {
	var b strings.Builder
	var ferr error
	err := scan(s, func(l string) { b.WriteString(l) }, func(p Placeholder) {
		if ferr != nil {
			return
		}
		r, err := fn(p)
		if err != nil {
			ferr = err
			return
		}
		b.WriteString(r)
	})
	if err != nil {
		return "", err
	}
	if ferr != nil {
		return "", ferr
	}
	return b.String(), nil
}

// EscapeLiteral turns a literal string (as Okta returns it) into its file
// form: a "${" gets an extra "$" when it would otherwise start a placeholder
// or when it follows a "$" (so that the "$${" escape itself stays
// unambiguous). Everything else, including ${source.login}, is unchanged.
func EscapeLiteral(s string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.HasPrefix(s[i:], "${") {
			escape := i > 0 && s[i-1] == '$'
			for _, pp := range placeholderPrefixes {
				if strings.HasPrefix(s[i:], pp.lead) {
					escape = true
				}
			}
			if escape {
				b.WriteByte('$')
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// LooksLikeOktaID reports whether s has the shape of an Okta object ID: 20
// ASCII letters and digits. With prefixes, s must also start with one of them.
func LooksLikeOktaID(s string, prefixes ...string) bool {
	if len(s) != 20 || !isAlnum(s) {
		return false
	}
	if len(prefixes) == 0 {
		return true
	}
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// IDToken is an Okta-ID-shaped token found inside a longer string.
type IDToken struct {
	ID         string
	Start, End int
}

// FindIDs returns the ID-shaped tokens (see LooksLikeOktaID) in an
// expression string, such as the group ID in isMemberOfAnyGroup("00g…").
// A token is a maximal run of ASCII letters and digits.
func FindIDs(expr string, prefixes ...string) []IDToken {
	var out []IDToken
	for i := 0; i < len(expr); {
		if !isAlnumByte(expr[i]) {
			i++
			continue
		}
		j := i
		for j < len(expr) && isAlnumByte(expr[j]) {
			j++
		}
		if tok := expr[i:j]; LooksLikeOktaID(tok, prefixes...) {
			out = append(out, IDToken{ID: tok, Start: i, End: j})
		}
		i = j
	}
	return out
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAlnumByte(s[i]) {
			return false
		}
	}
	return true
}

func isAlnumByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
