package model

import "fmt"

// DerivedField is a field a file holds that Okta's list does not return,
// because another live field already carries its value: a resource set
// binding is identified by its custom role, and Okta lists it as {id,
// _links} with the role's id as the binding's id, while the create takes
// {role, members}. Derive copies From into Field in every live body read
// (export, and apply's look-ups by identity), so the file names the role
// as the create wants it, and identity and references work on it as on any
// field.
type DerivedField struct {
	// Field is the dotted path the file holds; From the live field whose
	// value it copies when the live body has no Field.
	Field, From string
}

// Derive fills the kind's derived fields of a live body, in place.
func (k *Kind) Derive(body map[string]any) {
	for _, d := range k.Derived {
		if _, ok := Lookup(body, d.Field); ok {
			continue
		}
		if v, ok := Lookup(body, d.From); ok && v != nil {
			_ = SetField(body, d.Field, DeepCopy(v))
		}
	}
}

// checkDerived checks a descriptor's derived fields: valid paths, and a
// field that a file can hold (not server-owned).
func checkDerived(k *Kind) []string {
	var out []string
	owned := map[string]bool{}
	for _, f := range append(append([]string(nil), k.ReadOnly...), k.VolatileFields()...) {
		owned[f] = true
	}
	for _, d := range k.Derived {
		for _, p := range []string{d.Field, d.From} {
			if _, err := ParseFieldPath(p); err != nil {
				out = append(out, fmt.Sprintf("derived %s: %v", d.Field, err))
			}
		}
		if d.Field == d.From || owned[d.Field] {
			out = append(out, fmt.Sprintf("derived %s: the field must differ from %q and not be server-owned", d.Field, d.From))
		}
	}
	return out
}
