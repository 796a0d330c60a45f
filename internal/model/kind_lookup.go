package model

// Ref returns the ref field declared at path, if any.
func (k *Kind) Ref(path string) (RefField, bool) {
	for _, r := range k.Refs {
		if r.Path == path {
			return r, true
		}
	}
	return RefField{}, false
}

// Relation returns the relation called name, if any.
func (k *Kind) Relation(name string) (Relation, bool) {
	for _, r := range k.Relations {
		if r.Name == name {
			return r, true
		}
	}
	return Relation{}, false
}

// IdentityOf returns the natural key of body as a canonical string; ok is
// false when any identity field is missing.
func (k *Kind) IdentityOf(body map[string]any) (key string, ok bool) {
	if len(k.Identity) == 0 {
		return "", k.Singleton != ""
	}
	vals := make([]any, len(k.Identity))
	ok = true
	for i, f := range k.Identity {
		v, found := Lookup(body, f)
		if !found || v == nil {
			ok = false
		}
		if s, isStr := v.(string); isStr && k.IdentityFoldCase {
			v = foldCase(s)
		}
		vals[i] = v
	}
	return string(CanonicalJSON(vals)), ok
}

// IDOf returns the Okta ID held by a live body (at IDField).
func (k *Kind) IDOf(body map[string]any) string {
	f := k.IDField
	if f == "" {
		f = "id"
	}
	v, _ := Lookup(body, f)
	s, _ := v.(string)
	return s
}
