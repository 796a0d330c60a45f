package model

// SystemVariant is one more way to recognise a system object, with its own
// role. A variant is checked before the main rule, so a body that matches
// both takes the variant's role.
type SystemVariant struct {
	// Match maps field paths to a value, or to a list of accepted values.
	Match map[string]any
	Role  string
}

// systemVariant returns the first variant body matches.
func (k *Kind) systemVariant(body map[string]any) (SystemVariant, bool) {
	if k.System == nil {
		return SystemVariant{}, false
	}
	for _, v := range k.System.Variants {
		if matchesAll(body, v.Match) {
			return v, true
		}
	}
	return SystemVariant{}, false
}

// CreateRefusal describes objects Okta will not create: those whose body
// matches When (field path → value or list of values). Reason says why, in
// words a plan reader understands.
type CreateRefusal struct {
	When   map[string]any
	Reason string
}

// CreateRefusedFor returns why Okta would refuse to create body, or "" if
// it would not.
func (k *Kind) CreateRefusedFor(body map[string]any) string {
	for _, r := range k.CreateRefused {
		if matchesAll(body, r.When) {
			return r.Reason
		}
	}
	return ""
}

// NamedBy names objects that have no natural key of their own (a UI
// schema, the form of a profile enrollment policy, holds only its
// layout) after the object that uses them. Export names each object after
// the first referrer in path order: an object of kind Kind whose Field holds
// the object's ID. The name is the slug of the local name of that
// referrer's top-level ancestor (a rule of the policy
// policies/profile-enrollment/portal names its form
// "profile-enrollment-portal"). An object nothing refers to has no name and
// no effect; export reports it and leaves it out. Such objects have no
// identity to match by, so the plan matches them by path: the same form in
// another org is named after the same policy.
type NamedBy struct {
	Kind  string
	Field string
}

// checkNamedBy checks a NamedBy descriptor: the referrer kind exists and
// declares Field as a reference to k.
func (r *Registry) checkNamedBy(k *Kind, fail func(string, ...any)) {
	ref, ok := r.byName[k.NamedBy.Kind]
	if !ok {
		fail("named by %q, which is not a known kind", k.NamedBy.Kind)
		return
	}
	rf, ok := ref.Ref(k.NamedBy.Field)
	if !ok || rf.External || rf.Target != k.Name {
		fail("named by %s.%s, which is not a reference to %s", ref.Name, k.NamedBy.Field, k.Name)
	}
}

// topAncestor returns the top-level kind above name (name itself when it
// is top-level), or "" for an unknown kind.
func (r *Registry) topAncestor(name string) string {
	for seen := 0; seen <= len(r.kinds); seen++ {
		k, ok := r.byName[name]
		if !ok {
			return ""
		}
		if k.Parent == "" {
			return k.Name
		}
		name = k.Parent
	}
	return ""
}
