package plan

import "fmt"

// Action is what a step does to one object. It is a closed set: every switch
// over it is exhaustive, and apply maps each value to exactly one kind of
// request.
type Action int

// The actions. Their order is the order of the summary line.
const (
	// ActionCreate creates the object from Step.Body (POST, or the kind's
	// create endpoint), with Step.Params as query parameters.
	ActionCreate Action = iota + 1
	// ActionUpdate updates the object with Step.Body, a merge patch: apply
	// merges it into the live object for a replace (PUT), or sends it as is
	// for a partial update.
	ActionUpdate
	// ActionDelete deletes the object (and, implicitly, its children).
	ActionDelete
	// ActionActivate calls the kind's activate endpoint.
	ActionActivate
	// ActionDeactivate calls the kind's deactivate endpoint.
	ActionDeactivate
	// ActionReorder sets the sibling order field (priority) with an update
	// carrying only that field.
	ActionReorder
	// ActionSetRelation writes Step.Relation through the relation's endpoint.
	ActionSetRelation
	// ActionAddItem adds Step.Items to an item set of the object
	// (model.ItemSet): one request per item, or batches of them.
	ActionAddItem
	// ActionUpdateItem changes one item of an item set in place.
	ActionUpdateItem
	// ActionRemoveItem removes one item of an item set, by its live ID.
	ActionRemoveItem
	// ActionToggle sets a toggle field (model.Toggle) to Step.Toggle's
	// value through the action endpoint for that value.
	ActionToggle
	// ActionVerify asks Okta to check the DNS records of a DNS-bound
	// object (model.Verification); not yet verified is a warning, not a
	// failure.
	ActionVerify
)

// Actions lists every action in summary order.
func Actions() []Action {
	return []Action{ActionCreate, ActionUpdate, ActionDelete, ActionActivate, ActionDeactivate, ActionToggle,
		ActionReorder, ActionSetRelation, ActionVerify, ActionAddItem, ActionUpdateItem, ActionRemoveItem}
}

// IsItem reports whether the action writes items of an item set.
func (a Action) IsItem() bool {
	return a == ActionAddItem || a == ActionUpdateItem || a == ActionRemoveItem
}

// String is the action's stable name, used in JSON and step IDs.
func (a Action) String() string {
	switch a {
	case ActionCreate:
		return "create"
	case ActionUpdate:
		return "update"
	case ActionDelete:
		return "delete"
	case ActionActivate:
		return "activate"
	case ActionDeactivate:
		return "deactivate"
	case ActionReorder:
		return "reorder"
	case ActionSetRelation:
		return "set-relation"
	case ActionAddItem:
		return "add-item"
	case ActionUpdateItem:
		return "update-item"
	case ActionRemoveItem:
		return "remove-item"
	case ActionToggle:
		return "toggle"
	case ActionVerify:
		return "verify"
	}
	return fmt.Sprintf("Action(%d)", int(a))
}

// ParseAction is the inverse of String.
func ParseAction(s string) (Action, error) {
	for _, a := range Actions() {
		if a.String() == s {
			return a, nil
		}
	}
	return 0, fmt.Errorf("unknown action %q", s)
}

// MarshalText makes actions strings in JSON (also as map keys).
func (a Action) MarshalText() ([]byte, error) {
	if _, err := ParseAction(a.String()); err != nil {
		return nil, err
	}
	return []byte(a.String()), nil
}

// UnmarshalText parses an action name.
func (a *Action) UnmarshalText(b []byte) error {
	v, err := ParseAction(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// ChangeOp says what a field change does.
type ChangeOp int

const (
	// OpAdd sets a field the current object does not have (or has as null).
	OpAdd ChangeOp = iota + 1
	// OpModify replaces a field's value.
	OpModify
	// OpClear removes a field: the desired file says null.
	OpClear
)

func (o ChangeOp) String() string {
	switch o {
	case OpAdd:
		return "add"
	case OpModify:
		return "modify"
	case OpClear:
		return "clear"
	}
	return fmt.Sprintf("ChangeOp(%d)", int(o))
}

// MarshalText makes ops strings in JSON.
func (o ChangeOp) MarshalText() ([]byte, error) {
	switch o {
	case OpAdd, OpModify, OpClear:
		return []byte(o.String()), nil
	}
	return nil, fmt.Errorf("invalid change op %d", int(o))
}

// UnmarshalText parses an op name.
func (o *ChangeOp) UnmarshalText(b []byte) error {
	for _, v := range []ChangeOp{OpAdd, OpModify, OpClear} {
		if v.String() == string(b) {
			*o = v
			return nil
		}
	}
	return fmt.Errorf("unknown change op %q", b)
}

// RefusalReason says why the plan leaves something undone.
type RefusalReason int

const (
	// RefusedDeleteNotAllowed: deletes need --allow-delete.
	RefusedDeleteNotAllowed RefusalReason = iota + 1
	// RefusedProtected: a system object that Okta owns; oktasync never
	// creates or deletes one, and never writes a read-only one.
	RefusedProtected
	// RefusedNoEndpoint: Okta offers no endpoint for the operation (no
	// delete for authenticators, no create for singletons).
	RefusedNoEndpoint
	// RefusedParent: the object's parent is refused, so it cannot be created.
	RefusedParent
	// RefusedReplaceNotAllowed: the object must be replaced (deleted and
	// created again), which needs --allow-replace or --allow-delete.
	RefusedReplaceNotAllowed
)

// refusalReasons lists every reason.
var refusalReasons = []RefusalReason{RefusedDeleteNotAllowed, RefusedProtected, RefusedNoEndpoint, RefusedParent, RefusedReplaceNotAllowed}

func (r RefusalReason) String() string {
	switch r {
	case RefusedDeleteNotAllowed:
		return "delete-not-allowed"
	case RefusedProtected:
		return "protected"
	case RefusedNoEndpoint:
		return "no-endpoint"
	case RefusedParent:
		return "parent-refused"
	case RefusedReplaceNotAllowed:
		return "replace-not-allowed"
	}
	return fmt.Sprintf("RefusalReason(%d)", int(r))
}

// MarshalText makes reasons strings in JSON.
func (r RefusalReason) MarshalText() ([]byte, error) {
	for _, v := range refusalReasons {
		if v == r {
			return []byte(r.String()), nil
		}
	}
	return nil, fmt.Errorf("invalid refusal reason %d", int(r))
}

// UnmarshalText parses a reason name.
func (r *RefusalReason) UnmarshalText(b []byte) error {
	for _, v := range refusalReasons {
		if v.String() == string(b) {
			*r = v
			return nil
		}
	}
	return fmt.Errorf("unknown refusal reason %q", b)
}
