package model

import (
	"encoding/json"
)

// List describes a list endpoint.
type List struct {
	// Path is the list path; children use {parentId}.
	Path string
	// Queries are query strings that must each be listed; the full list is
	// their union (policies: one per type=). Empty means one plain listing.
	Queries []string
	// Limit is the largest page size the endpoint accepts; 0 means the
	// endpoint takes no limit and returns everything.
	Limit int
	// Paged is true when the endpoint pages with Link rel="next".
	Paged bool
	// Singleton lists return one object, not an array (the group schema).
	Singleton bool
	// Field is set when the list answers an object that holds the array
	// at this key ({"domains": […]}, {"roles": […], "_links": {"next": …}}
	// as the IAM endpoints do). The next page, if any, is the body's
	// _links.next.href, not a Link header.
	Field string
	// Detail means the list's items are summaries (profile mappings: no
	// properties): export reads each object with Get.
	Detail bool
	// MayBeAbsent marks a Singleton list that answers 404 while the object
	// does not exist (a brand's customized sign-in page, until someone
	// customizes it): export reads none, the plan creates it from a file
	// (Create, a PUT to the same path) and deletes it when the tree leaves
	// it out (Delete, which reverts to Okta's default).
	MayBeAbsent bool
	// Item, when set, is where each item of the list holds the object:
	// the item's value at this dotted path (an email template's
	// _embedded.settings, with ?expand=settings). ItemKeep are fields of
	// the item copied into the object at the same paths: its identity
	// (the template's name) and what a child list's When tests (its
	// _embedded.customizationCount). An item without the path is skipped.
	Item     string
	ItemKeep []string
	// When gates a child kind's list on its parent's live body, already in
	// hand: the list is called only under parents that pass (an app's
	// features only when its features[] is non-empty). Every
	// /api/v1/apps/{id}/… call is charged to the apps bucket, so an
	// ungated child list per app is the export's bottleneck.
	When *Condition
	// Skip leaves out listed items that are not objects of this kind
	// although the endpoint answers them (a group's role list holds its
	// CUSTOM role grants, which are binding members): export, plan and
	// apply never see them.
	Skip *Condition
}

// ObjectOf is the object a list item holds: the item itself, or, with
// Item, the value at that path with ItemKeep copied in. ok is false when
// the item holds no object there, or one a kept field cannot be copied
// into.
func (l *List) ObjectOf(item map[string]any) (obj map[string]any, ok bool) {
	if l.Item == "" {
		return item, true
	}
	v, _ := Lookup(item, l.Item)
	inner, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	obj = DeepCopy(inner).(map[string]any)
	for _, f := range l.ItemKeep {
		if v, found := Lookup(item, f); found {
			// The object holds something else at the path: not an
			// object of the kind.
			if err := SetField(obj, f, DeepCopy(v)); err != nil {
				return nil, false
			}
		}
	}
	return obj, true
}

// number reads a JSON number as ParseJSON decodes it (json.Number), or a
// Go number a test built.
func number(v any) (float64, bool) {
	switch t := v.(type) {
	case json.Number:
		f, err := t.Float64()
		return f, err == nil
	case float64:
		return t, true
	case int:
		return float64(t), true
	case int64:
		return float64(t), true
	}
	return 0, false
}

// checkList checks the list's item mapping.
func checkList(k *Kind, fail func(format string, args ...any)) {
	checkDefaultFlag(k, fail)
	if k.DefaultBody != nil && !k.Implicit {
		fail("DefaultBody: only an implicit kind's objects exist without a file")
	}
	l := k.List
	if l.Item == "" {
		if len(l.ItemKeep) > 0 {
			fail("list: ItemKeep copies fields of the item into the object at Item, which is not set")
		}
		return
	}
	if l.Singleton {
		fail("list: a singleton list answers the object, not items holding it (Item)")
	}
	for _, p := range append([]string{l.Item}, l.ItemKeep...) {
		if _, err := ParseFieldPath(p); err != nil {
			fail("list item field %s: %v", p, err)
		}
	}
}

// HasDefaultBody reports whether a file body (server fields stripped,
// references rewritten) is the kind's DefaultBody, identity aside.
func (k *Kind) HasDefaultBody(body map[string]any) bool {
	if k.DefaultBody == nil {
		return false
	}
	rest := DeepCopy(body).(map[string]any)
	for _, f := range k.Identity {
		DeleteField(rest, f)
	}
	return string(CanonicalJSON(rest)) == string(CanonicalJSON(k.DefaultBody))
}
