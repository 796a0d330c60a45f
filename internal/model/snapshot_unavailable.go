package model

import (
	"net/url"
	"sort"
)

// Unavailable is a part of an org that the org says it lacks: a kind, or one
// of the list queries a kind is read with (a policy type whose feature is
// off), when Okta answered "feature not enabled". Nothing of it exists, and
// Okta would refuse to make any.
type Unavailable struct {
	Kind string
	// Query is the list query ("type=CLIENT_UPDATE"); empty for the whole
	// kind.
	Query string
	// Reason is the org's answer, for messages.
	Reason string
}

// MarkUnavailable records a part of the org the export found missing.
func (s *Snapshot) MarkUnavailable(u Unavailable) {
	s.unavailable = append(s.unavailable, u)
	sort.Slice(s.unavailable, func(i, j int) bool {
		a, b := s.unavailable[i], s.unavailable[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Query < b.Query
	})
}

// Unavailable returns the parts of the org the export found missing.
func (s *Snapshot) Unavailable() []Unavailable { return append([]Unavailable(nil), s.unavailable...) }

// UnavailableFor reports whether an object of kind k with body belongs to a
// part of the org that is missing: the whole kind, or a list query whose
// parameters all equal the body's fields of the same names (type=X holds
// the objects whose type is X).
func (s *Snapshot) UnavailableFor(k *Kind, body map[string]any) (Unavailable, bool) {
	for _, u := range s.unavailable {
		if u.Kind != k.Name {
			continue
		}
		if u.Query == "" {
			return u, true
		}
		q, err := url.ParseQuery(u.Query)
		if err != nil || len(q) == 0 {
			continue
		}
		all := true
		for field, vals := range q {
			v, _ := Lookup(body, field)
			if str, ok := v.(string); !ok || len(vals) != 1 || str != vals[0] {
				all = false
				break
			}
		}
		if all {
			return u, true
		}
	}
	return Unavailable{}, false
}
