package model

// System objects: the objects Okta owns, how they are recognised and
// matched (by role), and what oktasync may do to them.

// SystemAllowance says what oktasync may do to a system object.
type SystemAllowance int

const (
	// SystemUpdateOnly: update (and lifecycle) only; never create or delete.
	SystemUpdateOnly SystemAllowance = iota
	// SystemReadOnly: exported for reference, never written.
	SystemReadOnly
)

func (a SystemAllowance) String() string {
	switch a {
	case SystemUpdateOnly:
		return "update-only"
	case SystemReadOnly:
		return "read-only"
	}
	return "SystemAllowance(?)"
}

// SystemRule recognises system objects and says how they are matched.
type SystemRule struct {
	// Match is a list of alternatives; an object is a system object if its
	// live body matches any one. Each alternative maps field paths to a
	// value, or to a list of accepted values ([]any).
	Match []map[string]any
	// MatchPattern is one more alternative: field paths mapped to regular
	// expressions that their string values must all match (the okta.*
	// scopes, which Okta reserves although it calls them system: false).
	MatchPattern map[string]string
	// Identities are the identities Okta's system objects hold (the names
	// of the built-in groups): a new object may not take one, even where
	// the tree lacks the system object.
	Identities []string
	// RoleFields are the fields whose values, joined by "/", form the role.
	// Empty means the role is the constant Role.
	RoleFields []string
	Role       string
	Allowed    SystemAllowance
	// Variants are more alternatives, each with a role of its own: objects
	// Okta makes that the main rule does not describe (the rule Okta seeds
	// in a policy that accepts no other rules, which is system: false).
	Variants []SystemVariant
}

// IsSystem reports whether a (live or file) body matches the system rule.
func (k *Kind) IsSystem(body map[string]any) bool {
	if k.System == nil {
		return false
	}
	for _, alt := range k.System.Match {
		if matchesAll(body, alt) {
			return true
		}
	}
	if _, ok := k.systemVariant(body); ok {
		return true
	}
	return len(k.System.MatchPattern) > 0 && matchesPatterns(body, k.System.MatchPattern)
}

// RoleOf returns the role of a system object, or "" if body is not one.
func (k *Kind) RoleOf(body map[string]any) string {
	if !k.IsSystem(body) {
		return ""
	}
	if v, ok := k.systemVariant(body); ok {
		return v.Role
	}
	if len(k.System.RoleFields) == 0 {
		return k.System.Role
	}
	parts := make([]string, len(k.System.RoleFields))
	for i, f := range k.System.RoleFields {
		v, _ := Lookup(body, f)
		parts[i] = scalarString(v)
	}
	return joinNonEmpty(parts, "/")
}
