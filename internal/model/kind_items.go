package model

import (
	"fmt"
	"sort"
	"strings"
)

// ItemSet is an array of an object's body that Okta keeps as a set of
// sub-resources, read through a list endpoint of its own and written one
// item at a time: a custom role's permissions (POST|PUT|DELETE
// …/permissions/{label}), a resource set's resources (PATCH {additions} and
// DELETE …/resources/{resourceId}), a binding's members, a role
// assignment's targets (PUT|DELETE …/targets/groups/{groupId}).
//
// In a file the set is inline in its owner's body, at Field, sorted (it is
// a set). Export fills it from Read, one listing per object, and keeps each
// item's live ID (ItemID) in LiveMeta.Items, never in the file. Plan compares
// the set as a set and makes add-item, update-item and remove-item steps;
// the owner's own update never carries the field.
//
// Endpoints use the owner's placeholders ({id}, {parentId},
// {grandparentId}) and:
//
//	{item}          the item's key: the value of a scalar item, or the
//	                item's Key field, resolved for the target org
//	{item.<field>}  a field of the resolved item
//	{itemId}        the live ID of an existing item (read at export)
//
// A per-item Add or Update sends the item without its key as the body when
// that leaves something (a permission's {conditions}), and no body
// otherwise.
type ItemSet struct {
	// Field is the body field that holds the set (dotted, no "[]").
	Field string
	// Key is the item field that identifies an item among its siblings
	// (a permission's "label"); empty means the items are scalars (an ORN,
	// a URL, a group reference), each its own key.
	Key string
	// Read lists the set of one object; its path uses the owner's
	// placeholders. Field, Limit and Paged work as for a kind's List.
	Read List
	// ReadValue is, for scalar items, the field of a listed item that is
	// the item's value in the file (a resource's "orn", a member's
	// "_links.self.href", a target group's "id").
	ReadValue string
	// ReadOnly are, for keyed items, the fields of a listed item the
	// server owns (created, lastUpdated, _links); the rest is the item.
	ReadOnly []string
	// ItemID is the field of a listed item holding the ID that {itemId}
	// stands for; empty means "id".
	ItemID string
	// Add, Update and Remove are the per-item endpoints; nil when Okta has
	// none. AddBatch, when set, adds many items per request and is used
	// instead of Add.
	Add, Update, Remove *Endpoint
	AddBatch            *BatchEndpoint
	// Create says what the owner's create endpoint takes of the set.
	Create ItemCreate
	// MinItems is the fewest items the set may have once the owner exists
	// (a role assignment's last target cannot be removed): a desired set
	// with fewer items is a replacement of the owner, created without them.
	MinItems int
	// RemoveIsDelete marks sets whose items are grants that removing takes
	// away, as a delete does: a remove-item step is then destructive,
	// needs --allow-delete and counts against --max-deletes.
	RemoveIsDelete bool
	// When limits the set to owners whose body passes the test (a role
	// assignment's group targets exist only for the roles that take
	// them): export reads it only for those, and validate refuses the
	// field on the others (see kind_items_forms.go).
	When *Condition
	// Join completes listed items that name another object by ID with a
	// field of that object (see ItemJoin).
	Join *ItemJoin
	// KeyIsPath means a scalar item is a path of segments ("salesforce",
	// "template_swa/0oa…"): {item} and {itemId} are written segment by
	// segment, each escaped, instead of as one escaped segment.
	KeyIsPath bool
	// IDIsValue means an item's live ID is its live value (an app target
	// is removed by the same path it was added by); ItemID is then unused.
	IDIsValue bool
}

// BatchEndpoint adds many items with one request: the body is
// {<Field>: [items…]}, at most MaxPerRequest of them (0: no limit).
type BatchEndpoint struct {
	Endpoint
	Field         string
	MaxPerRequest int
}

// ItemCreate says what an owner's create request carries of an item set.
type ItemCreate int

const (
	// ItemsAfterCreate: nothing; every item is added once the owner exists.
	ItemsAfterCreate ItemCreate = iota
	// ItemsInCreate: the whole set, items as in the file (a resource
	// set's resources, a binding's members). With AddBatch's
	// MaxPerRequest, the create takes that many and the rest are added.
	ItemsInCreate
	// ItemKeysInCreate: the items' keys only (a custom role's permission
	// labels); items with more than their key are updated once the owner
	// exists.
	ItemKeysInCreate
)

func (c ItemCreate) String() string {
	switch c {
	case ItemsAfterCreate:
		return "after-create"
	case ItemsInCreate:
		return "in-create"
	case ItemKeysInCreate:
		return "keys-in-create"
	}
	return fmt.Sprintf("ItemCreate(%d)", int(c))
}

// ItemSet returns the item set at field, if any.
func (k *Kind) ItemSet(field string) (ItemSet, bool) {
	for _, s := range k.ItemSets {
		if s.Field == field {
			return s, true
		}
	}
	return ItemSet{}, false
}

// Items returns the set's items in body and whether the field is present
// (an explicit null is present, with no items).
func (s ItemSet) Items(body map[string]any) ([]any, bool) {
	v, ok := Lookup(body, s.Field)
	if !ok {
		return nil, false
	}
	arr, _ := v.([]any)
	return arr, true
}

// KeyOf returns an item's key as a string: the value of a scalar item, or
// the item's Key field (non-strings as canonical JSON). ok is false when
// the item has no key.
func (s ItemSet) KeyOf(item any) (string, bool) {
	v := item
	if s.Key != "" {
		m, isMap := item.(map[string]any)
		if !isMap {
			return "", false
		}
		var found bool
		if v, found = Lookup(m, s.Key); !found || v == nil {
			return "", false
		}
	}
	switch t := v.(type) {
	case nil:
		return "", false
	case string:
		return t, t != ""
	}
	return string(CanonicalJSON(v)), true
}

// ItemIDField is the field of a listed item that holds its live ID.
func (s ItemSet) ItemIDField() string {
	if s.ItemID == "" {
		return "id"
	}
	return s.ItemID
}

// FromRead turns one item as the set's Read endpoint lists it into its
// inline form: ReadValue of a scalar item, or the item without its
// server-owned fields. ok is false when a scalar item lacks ReadValue.
func (s ItemSet) FromRead(listed map[string]any) (any, bool) {
	if s.Key == "" {
		v, ok := Lookup(listed, s.ReadValue)
		if !ok || v == nil {
			return nil, false
		}
		return v, true
	}
	item, _ := DeepCopy(listed).(map[string]any)
	for _, f := range s.ReadOnly {
		DeleteField(item, f)
	}
	return item, true
}

// SortItems sorts a set's items, in place, by the canonical JSON of their
// keys (items without a key last, by their own canonical JSON).
func (s ItemSet) SortItems(items []any) {
	key := func(v any) string {
		if k, ok := s.KeyOf(v); ok {
			return "0" + k
		}
		return "1" + string(CanonicalJSON(v))
	}
	sort.SliceStable(items, func(i, j int) bool { return key(items[i]) < key(items[j]) })
}

// WithoutKey is the body a per-item Add or Update sends: the item without
// its key, or nil when nothing is left (and for scalar items).
func (s ItemSet) WithoutKey(item any) map[string]any {
	m, ok := item.(map[string]any)
	if s.Key == "" || !ok {
		return nil
	}
	out, _ := DeepCopy(m).(map[string]any)
	DeleteField(out, s.Key)
	if len(out) == 0 {
		return nil
	}
	return out
}

// checkItemSets checks a kind's item sets (NewRegistry).
func checkItemSets(k *Kind) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range k.ItemSets {
		what := "item set " + s.Field
		if fp, err := ParseFieldPath(s.Field); err != nil || strings.Contains(s.Field, "[]") {
			out = append(out, what+": the field must be a dotted path without []")
		} else if len(fp) == 0 {
			out = append(out, what+": no field")
		}
		if seen[s.Field] {
			out = append(out, what+": declared twice")
		}
		seen[s.Field] = true
		if s.Read.Path == "" {
			out = append(out, what+": no read endpoint")
		}
		if s.Key == "" && s.ReadValue == "" {
			out = append(out, what+": scalar items need ReadValue (the listed item's field that is the item)")
		}
		if s.Add == nil && s.AddBatch == nil && s.Create != ItemsInCreate {
			out = append(out, what+": no way to add an item")
		}
		if s.AddBatch != nil && s.AddBatch.Field == "" {
			out = append(out, what+": AddBatch needs the body field that holds the items")
		}
		if s.Create == ItemKeysInCreate && s.Key == "" {
			out = append(out, what+": keys in create need keyed items")
		}
		if s.MinItems < 0 {
			out = append(out, what+": MinItems is negative")
		}
		for _, f := range k.Sets {
			if f == s.Field {
				out = append(out, what+": also listed in Sets; an item set is a set already")
			}
		}
		if s.Remove != nil && !strings.Contains(s.Remove.Path, "{itemId}") {
			out = append(out, what+": the remove endpoint names the item by {itemId}, its live ID")
		}
		for _, ep := range []*Endpoint{s.Add, s.Update, s.Remove} {
			if ep != nil && ep.Path == "" {
				out = append(out, what+": an endpoint without a path")
			}
		}
	}
	return out
}
