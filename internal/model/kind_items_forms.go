package model

import (
	"fmt"
	"net/url"
	"strings"
)

// This file holds the parts of an item set that a role assignment's
// targets need (coverage §3.3 A4): sets that exist only for some owners
// (ItemSet.When), items whose live value joins a field of the object they
// name (ItemJoin), items that are paths (ItemSet.KeyIsPath), and list
// entries that belong to another kind (List.Skip).

// ItemJoin completes a listed scalar item that names another object by
// its ID with fields of that object. An APP_ADMIN's app target for one
// app instance is listed as {id, name: <the app's label>}, but Okta's
// endpoints address it as …/catalog/apps/{appName}/{appId}, with the app's
// OIN name: the item's value is "<OIN name>/<id>", made from the listed
// ID and the app's live name. Export reads the app from the objects it
// lists (or GETs it once when the app is not exported).
type ItemJoin struct {
	// ID is the listed item's field that holds the object's ID; an item
	// without it is not joined and keeps the set's ReadValue.
	ID string
	// Target is the kind of the object the ID names.
	Target string
	// Template is the item's live value: {id} is the ID, and {<field>} a
	// field of the object's live body ("{name}/{id}").
	Template string
}

// Fields lists the object's fields the template names.
func (j *ItemJoin) Fields() []string {
	var out []string
	rest := j.Template
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			return out
		}
		k := strings.IndexByte(rest[i:], '}')
		if k < 0 {
			return out
		}
		if f := rest[i+1 : i+k]; f != "id" {
			out = append(out, f)
		}
		rest = rest[i+k+1:]
	}
}

// Value writes the template for the object with this ID and live body.
// ok is false when the body lacks a field the template names.
func (j *ItemJoin) Value(id string, body map[string]any) (string, bool) {
	out := strings.ReplaceAll(j.Template, "{id}", id)
	for _, f := range j.Fields() {
		v, _ := Lookup(body, f)
		s, isStr := v.(string)
		if !isStr || s == "" {
			return "", false
		}
		out = strings.ReplaceAll(out, "{"+f+"}", s)
	}
	return out, true
}

// JoinID returns the ID a listed item names for the set's Join ("" when
// the set has none or the item names no object).
func (s ItemSet) JoinID(listed map[string]any) string {
	if s.Join == nil {
		return ""
	}
	v, _ := Lookup(listed, s.Join.ID)
	id, _ := v.(string)
	return id
}

// AppliesTo reports whether an owner with this body has the set at all
// (ItemSet.When).
func (s ItemSet) AppliesTo(body map[string]any) bool {
	return s.When == nil || s.When.Holds(body)
}

// EscapeItem writes an item's key or live ID into an endpoint path: one
// escaped segment, or, for a set whose items are paths, each segment
// escaped on its own. A path item with an empty, "." or ".." segment is
// refused: it would address another endpoint.
func (s ItemSet) EscapeItem(v string) (string, error) {
	if !s.KeyIsPath {
		return url.PathEscape(v), nil
	}
	segs := strings.Split(v, "/")
	for i, seg := range segs {
		if seg == "" || seg == "." || seg == ".." {
			return "", fmt.Errorf("%s: item %q is not a path of names", s.Field, v)
		}
		segs[i] = url.PathEscape(seg)
	}
	return strings.Join(segs, "/"), nil
}

// Listed reports whether a listed item is an object of the kind: List.Skip
// leaves out the entries that belong to another kind.
func (k *Kind) Listed(body map[string]any) bool {
	return k.List.Skip == nil || !k.List.Skip.Holds(body)
}

// checkItemForms checks the parts of a descriptor this file adds.
func (r *Registry) checkItemForms(k *Kind) []error {
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("kind %q: "+format, append([]any{k.Name}, args...)...))
	}
	oneTest := func(what string, c *Condition) {
		n := 0
		for _, set := range []bool{c.NotEmpty, c.Contains != "", len(c.OneOf) > 0} {
			if set {
				n++
			}
		}
		if n != 1 {
			fail("%s: needs exactly one test (NotEmpty, Contains or OneOf)", what)
		}
		if _, err := ParseFieldPath(c.Field); err != nil {
			fail("%s: %v", what, err)
		}
	}
	if k.List.Skip != nil {
		oneTest("list skip", k.List.Skip)
	}
	for _, s := range k.ItemSets {
		what := "item set " + s.Field
		if s.When != nil {
			oneTest(what+": When", s.When)
		}
		if (s.KeyIsPath || s.Join != nil) && s.Key != "" {
			fail("%s: paths and joined items are scalar items (no Key)", what)
		}
		if s.IDIsValue && s.Key != "" {
			fail("%s: an item's value is its live ID only for scalar items", what)
		}
		if j := s.Join; j != nil {
			if _, ok := r.byName[j.Target]; !ok {
				fail("%s: join target %q is not a known kind", what, j.Target)
			}
			if j.ID == "" || !strings.Contains(j.Template, "{id}") || len(j.Fields()) == 0 {
				fail("%s: a join needs the listed ID field and a template with {id} and a field of the object", what)
			}
		}
	}
	return errs
}
