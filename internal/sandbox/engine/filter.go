package engine

import (
	"regexp"
	"slices"
	"strings"
)

// filterTerm is one `field eq "value"` (or `sw`, or `eq true`) comparison:
// the forms Okta's list filters and searches take in config endpoints.
var filterTerm = regexp.MustCompile(`^\s*([A-Za-z.]+)\s+(eq|sw)\s+(?:"([^"]*)"|(true|false))\s*$`)

// MatchFilter evaluates a filter (or search) expression of terms joined by `and`
// and `or` (and within or), parentheses ignored. values returns the
// values a field has on the object, or ok=false for a field the endpoint
// does not filter on. ops are the operators the endpoint accepts (apps
// take only eq; zones, trusted origins and group searches also sw).
func MatchFilter(expr string, ops []string, values func(field string) ([]string, bool)) (bool, *APIError) {
	expr = strings.NewReplacer("(", " ", ")", " ").Replace(expr)
	for _, alt := range strings.Split(expr, " or ") {
		all := true
		for _, term := range strings.Split(alt, " and ") {
			m := filterTerm.FindStringSubmatch(term)
			if m == nil {
				return false, ErrBadRequest("Invalid search criteria.", "filter: unsupported expression "+strings.TrimSpace(term))
			}
			if !slices.Contains(ops, m[2]) {
				return false, ErrBadRequest("Invalid search criteria.", "filter: operator "+m[2]+" is not supported here")
			}
			vals, known := values(m[1])
			if !known {
				return false, ErrBadRequest("Invalid search criteria.", "filter: unsupported field "+m[1])
			}
			want := m[3] + m[4]
			hit := false
			for _, v := range vals {
				if (m[2] == "eq" && v == want) || (m[2] == "sw" && strings.HasPrefix(v, want)) {
					hit = true
				}
			}
			all = all && hit
		}
		if all {
			return true, nil
		}
	}
	return false, nil
}

// The operator sets of the endpoints' filters.
var (
	FilterEq   = []string{"eq"}
	FilterEqSw = []string{"eq", "sw"}
)

// FilterList applies a list endpoint's `q` and `filter` parameters: q is a
// case-insensitive prefix of any of qFields; filter is an expression over
// the fields fieldValues gives for an object, with the operators ops.
func FilterList(c *Call, items []Obj, qFields, ops []string, fieldValues func(o Obj) func(field string) ([]string, bool)) ([]Obj, *APIError) {
	q := c.Query()
	prefix := strings.ToLower(q.Get("q"))
	expr := strings.TrimSpace(q.Get("filter"))
	out := items[:0:0]
	for _, o := range items {
		if prefix != "" && !HasPrefixIn(o, prefix, qFields) {
			continue
		}
		if expr != "" {
			hit, err := MatchFilter(expr, ops, fieldValues(o))
			if err != nil {
				return nil, err
			}
			if !hit {
				continue
			}
		}
		out = append(out, o)
	}
	return out, nil
}

// HasPrefixIn reports whether any of the fields starts with prefix, which
// must be lower case; the comparison ignores case, as Okta's q does.
func HasPrefixIn(o Obj, prefix string, fields []string) bool {
	for _, f := range fields {
		if strings.HasPrefix(strings.ToLower(Str(o, f)), prefix) {
			return true
		}
	}
	return false
}
