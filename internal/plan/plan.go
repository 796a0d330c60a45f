package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// FormatVersion is the version of the plan's JSON form. Load refuses any
// other version: a plan is applied exactly as it was reviewed, so a reader
// must never guess at fields it does not know. Version 2 added the toggle
// and verify actions (Step.Toggle), the item-set actions (add-item,
// update-item, remove-item with Step.Items), AllowReplace and the
// replace-not-allowed refusal, the digest, the signature, the org binding,
// unmanaged objects and sibling positions.
const FormatVersion = 2

// Plan is the result of comparing a desired tree with the current state: an
// ordered list of steps plus what was refused, warned about and read. It is a
// value: renderers and apply only read it, and its JSON form (Save) is the
// saved plan that `apply plan.json` executes.
type Plan struct {
	FormatVersion int `json:"format_version"`
	// ToolVersion and CreatedAt are metadata supplied by the caller (kept
	// out of Compute's own logic so that golden output is deterministic).
	ToolVersion string `json:"tool_version,omitempty"`
	CreatedAt   string `json:"created_at,omitempty"`
	// Desired and Current describe the two sides for people ("tree ./okta",
	// "org https://example.okta.com").
	Desired string `json:"desired,omitempty"`
	Current string `json:"current,omitempty"`
	// Org is the org the plan was made against (nil for a plan between
	// two trees); apply refuses to run it against another org.
	Org *OrgBinding `json:"org,omitempty"`
	// Digest is "sha256:<hex>" over everything else in the plan (see
	// ComputeDigest); apply refuses a plan whose content no longer matches
	// it, and every rendering shows it, so that the plan applied can be
	// matched with the one reviewed. Signature, when a signing key was
	// configured, is an HMAC of the digest with that key (see Seal).
	Digest    string `json:"digest"`
	Signature string `json:"signature,omitempty"`
	// AllowDelete and MaxDeletes are the options the plan was made with;
	// apply refuses a plan with deletes unless it was made with AllowDelete.
	AllowDelete bool `json:"allow_delete"`
	// AllowReplace is --allow-replace: the plan may replace objects
	// (delete and create again), but not delete any for good.
	AllowReplace bool `json:"allow_replace"`
	MaxDeletes   int  `json:"max_deletes"`

	Summary Summary `json:"summary"`
	// Steps are in a topological order: every step comes after the steps it
	// depends on, so executing them one by one in this order is valid.
	Steps []Step `json:"steps"`
	// Refused lists what the desired state asks for but the plan will not
	// do (deletes without --allow-delete, system objects, operations Okta
	// has no endpoint for). Nothing in it is executed.
	Refused []Refusal `json:"refused,omitempty"`
	// Adopted lists the objects Okta makes along with a parent this plan
	// creates and that no step writes (read-only system objects).
	Adopted  []Adoption `json:"adopted,omitempty"`
	Warnings []Warning  `json:"warnings,omitempty"`
	// Targets maps the desired path of every existing object that a step
	// refers to (in a body, a relation, or as a parent) to the current
	// object, so apply can turn ${ref:<path>} into an ID without planning
	// again. Objects created by the plan are not listed: their IDs come from
	// their create step.
	Targets map[string]Target `json:"targets,omitempty"`
	// Fingerprints maps the current path of every live object the plan read
	// to its fingerprint, for apply's staleness check.
	Fingerprints map[string]string `json:"fingerprints,omitempty"`
	// Read is how the org was read (nil for a plan between two trees).
	Read *ReadInfo `json:"read,omitempty"`
	// ChangedBy maps the current path of an object the plan names to the
	// last change the System Log records for it since the tree's export:
	// drift attribution.
	ChangedBy map[string]ChangedBy `json:"changed_by,omitempty"`
}

// Step is one request (or one precondition) against one object.
type Step struct {
	// ID is stable and readable: "<path>:<action>[:<qualifier>]".
	ID     string `json:"id"`
	Action Action `json:"action"`
	Kind   string `json:"kind"`
	// Path is the object's desired path, or its current path when the
	// object exists only in the current state (deletes).
	Path string `json:"path"`
	// CurrentPath is the matched current object's path when it differs
	// from Path (the same object may have another slug in the org).
	CurrentPath string `json:"current_path,omitempty"`
	// ParentPath is the parent's path, in the same space as Path.
	ParentPath string `json:"parent_path,omitempty"`
	// Live addresses the live object: its ID (unknown for creates) and the
	// IDs of its parent and grandparent when they exist already.
	Live *LiveRef `json:"live,omitempty"`
	// Role is set on the update of a system object that Okta creates
	// with a parent this plan creates: the step has no live ID, and apply
	// finds the object under the new parent by its role (Kind.RoleOf).
	Role string `json:"role,omitempty"`
	// Adopt marks the steps of an object Okta makes along with a parent
	// this plan creates (a system object with Role, or an object of an
	// implicit kind): apply finds it under the new parent, and, as for a
	// create, every secret its body names must have a value.
	Adopt bool `json:"adopt,omitempty"`
	// Params are query parameters for a create (e.g. activate=false).
	Params map[string]string `json:"params,omitempty"`
	// Body is what to send. For a create it is the desired body; for an
	// update or a reorder it is a JSON merge patch (RFC 7386: objects merge,
	// arrays are replaced whole, null removes). References are
	// ${ref:<desired path>}, secrets stay ${secret:NAME} placeholders for
	// apply to resolve, and variables are already resolved.
	Body map[string]any `json:"body,omitempty"`
	// Changes are the field-level changes the step makes, for people
	// (none for a create: Body is the whole object).
	Changes []Change `json:"changes,omitempty"`
	// Relation is set for ActionSetRelation.
	Relation *RelationChange `json:"relation,omitempty"`
	// Items are the items an add-item, update-item or remove-item step
	// writes, all of one item set (an update or a remove holds one).
	Items []ItemChange `json:"items,omitempty"`
	// Toggle is set for ActionToggle: the field and the value to set.
	Toggle *ToggleChange `json:"toggle,omitempty"`
	// Implied are the current paths of the children a delete removes with
	// its object (no steps of their own).
	Implied []string `json:"implied,omitempty"`
	// Secrets are the names of the ${secret:NAME} placeholders in Body.
	Secrets []string `json:"secrets,omitempty"`
	// DependsOn are the IDs of the steps that must succeed first.
	DependsOn []string `json:"depends_on"`
	// Destructive marks deletes (and anything that loses data, such as
	// removing an item whose set says so).
	Destructive bool `json:"destructive,omitempty"`
	// Replace marks the delete and the create of an object that must be
	// recreated: an immutable field changed, the kind has no update, or an
	// item set would go below its minimum.
	Replace bool `json:"replace,omitempty"`
	// Reason says why the step exists when it is not obvious (a
	// precondition, a second pass, a replace).
	Reason string `json:"reason,omitempty"`
	// Note is what a reviewer must know or do besides the step itself,
	// from the descriptor (Kind.CreateNote on a create, Kind.DeleteNote on
	// a delete).
	Note string `json:"note,omitempty"`
	// Position is where a create or a reorder puts an object of an ordered
	// kind among its siblings, for people (Body holds the number sent).
	Position *Position `json:"position,omitempty"`
}

// Position is an object's place among the desired siblings of an ordered
// kind (policies of one type, the rules of one policy).
type Position struct {
	// Index is 1-based; Of is the number of siblings in the desired tree.
	Index int `json:"index"`
	Of    int `json:"of"`
	// Before and After are the paths of the next and the previous sibling.
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
}

// LiveRef addresses a live object. Empty fields are unknown at plan time
// (the object or its parent is created by an earlier step).
type LiveRef struct {
	ID            string `json:"id,omitempty"`
	ParentID      string `json:"parent_id,omitempty"`
	GrandparentID string `json:"grandparent_id,omitempty"`
}

// Change is one field-level change.
type Change struct {
	// Path is the JSON pointer (RFC 6901) of the field in the body.
	Path string   `json:"path"`
	Op   ChangeOp `json:"op"`
	// Before is the current value (absent for OpAdd); After the desired one
	// (absent for OpClear). Sensitive values are replaced by a mask.
	Before any `json:"before,omitempty"`
	After  any `json:"after,omitempty"`
	// Sensitive is set when a value was masked.
	Sensitive bool `json:"sensitive,omitempty"`
	// Note explains a change that the values alone do not show.
	Note string `json:"note,omitempty"`
}

// ItemChange is one item of an item set (model.ItemSet) that a step adds,
// updates or removes.
type ItemChange struct {
	// Set is the item set's field.
	Set string `json:"set"`
	// Key is the item's key (model.ItemSet.KeyOf): for an add or an
	// update as the desired file writes it (references to desired paths),
	// for a remove as the current state does.
	Key string `json:"key"`
	// Item is the item to send, for an add or an update: references are
	// ${ref:<desired path>}, variables are resolved.
	Item any `json:"item,omitempty"`
	// Before is the current item, for an update or a remove.
	Before any `json:"before,omitempty"`
	// LiveID is the item's own ID in the org ({itemId}), for an update or
	// a remove of an item that exists.
	LiveID string `json:"live_id,omitempty"`
}

// RelationChange is the relation a set-relation step writes.
type RelationChange struct {
	Name string `json:"name"`
	// Target is ${ref:<desired path>} of the new target.
	Target string `json:"target"`
	// Before is ${ref:<current path>} of the current target, if any.
	Before string `json:"before,omitempty"`
}

// ToggleChange is what a toggle step sets: Field (dotted, as the
// descriptor's model.Toggle names it) to Value.
type ToggleChange struct {
	Field string `json:"field"`
	Value string `json:"value"`
	// Verb is how people read the action ("enable"), from the descriptor;
	// empty reads "set <field> to <value>".
	Verb string `json:"verb,omitempty"`
}

// Label is the toggle as people read it: its verb, or "set <field> to
// <value>".
func (t *ToggleChange) Label() string {
	if t.Verb != "" {
		return t.Verb
	}
	return "set " + t.Field + " to " + t.Value
}

// Refusal is something the desired state implies but the plan does not do.
type Refusal struct {
	Kind string `json:"kind"`
	Path string `json:"path"`
	// Action is what was refused (create, update or delete).
	Action Action `json:"action"`
	// Replace is set when the refused delete is half of a replace.
	Replace bool          `json:"replace,omitempty"`
	Reason  RefusalReason `json:"reason"`
	Message string        `json:"message"`
	Live    *LiveRef      `json:"live,omitempty"`
	// Implied are children that would have gone with a refused delete.
	Implied []string `json:"implied,omitempty"`
	// Changes are the refused field changes, for a refused update or
	// replace.
	Changes []Change `json:"changes,omitempty"`
	// Items are the refused item changes (removes that need
	// --allow-delete, or a set emptied below its minimum).
	Items []ItemChange `json:"items,omitempty"`
	// Unmanaged marks an object of the current state that the desired tree
	// lacks and that is neither a system object nor one that exists with its
	// parent: drift, which counts as a difference (Plan.Differs) even when
	// the plan may not delete it.
	Unmanaged bool `json:"unmanaged,omitempty"`
}

// Warning is a finding that does not stop the plan.
type Warning struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

// Target is the current object behind a desired path.
type Target struct {
	CurrentPath string `json:"current_path"`
	ID          string `json:"id,omitempty"`
	// Identity is, for an object of a model.Kind.Existing kind that the
	// org does not list (a user who holds no admin role yet), its
	// identity as the file writes it (${user:<login>}): apply finds its
	// ID by it. CurrentPath and ID are then empty.
	Identity string `json:"identity,omitempty"`
}

// Summary counts steps per action, overall and per kind.
type Summary struct {
	Actions map[Action]int `json:"actions"`
	// Kinds are in registry order, only kinds with steps.
	Kinds       []KindSummary `json:"kinds,omitempty"`
	Destructive int           `json:"destructive"`
	Refused     int           `json:"refused"`
	// Unmanaged counts the refusals marked Unmanaged (with their implied
	// children not counted); Ignored counts the current objects the plan
	// left alone because they are outside its scope (Options.Kinds,
	// Options.Ignore).
	Unmanaged int `json:"unmanaged"`
	Ignored   int `json:"ignored,omitempty"`
}

// KindSummary counts one kind's steps per action.
type KindSummary struct {
	Kind    string         `json:"kind"`
	Actions map[Action]int `json:"actions"`
}

// HasChanges reports whether the plan has steps to apply.
func (p *Plan) HasChanges() bool { return len(p.Steps) > 0 }

// HasRefused reports whether the plan refused anything.
func (p *Plan) HasRefused() bool { return len(p.Refused) > 0 }

// Empty reports whether the two sides agree: nothing to apply and nothing
// refused.
func (p *Plan) Empty() bool { return !p.HasChanges() && !p.HasRefused() }

// Differs reports whether the current state differs from the desired one
// in a way a person must act on: steps to apply, or objects in the current
// state that the desired tree lacks (Summary.Unmanaged), even when the plan
// may not delete them. It is what --detailed-exitcode reports as 2.
func (p *Plan) Differs() bool { return p.HasChanges() || p.Summary.Unmanaged > 0 }

// Step returns the step with the given ID.
func (p *Plan) Step(id string) (*Step, bool) {
	for i := range p.Steps {
		if p.Steps[i].ID == id {
			return &p.Steps[i], true
		}
	}
	return nil, false
}

// Save writes the plan as indented JSON. Keys are in a fixed order and maps
// sorted, so the same plan always gives the same bytes.
func (p *Plan) Save(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Okta expressions are full of && and <, which would otherwise be
	// escaped and unreadable in review.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return fmt.Errorf("save plan: %w", err)
	}
	return nil
}

// Load reads a plan written by Save. It checks the format version and the
// plan's shape (unique step IDs, dependencies only on earlier steps), since a
// saved plan is input to apply and may have been edited by hand.
func Load(r io.Reader) (*Plan, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("load plan: %w", err)
	}
	var head struct {
		FormatVersion *int `json:"format_version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("load plan: not a plan file: %w", err)
	}
	if head.FormatVersion == nil {
		return nil, fmt.Errorf("load plan: no format_version: not a plan file")
	}
	if *head.FormatVersion != FormatVersion {
		return nil, fmt.Errorf("load plan: format version %d is not supported (this oktasync reads version %d); make the plan again with this version",
			*head.FormatVersion, FormatVersion)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // numbers stay exact, as in model bodies
	dec.DisallowUnknownFields()
	var p Plan
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("load plan: %w", err)
	}
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("load plan: %w", err)
	}
	return &p, nil
}

// check verifies the invariants apply relies on.
func (p *Plan) check() error {
	seen := make(map[string]bool, len(p.Steps))
	for i, s := range p.Steps {
		if s.ID == "" {
			return fmt.Errorf("step %d has no id", i+1)
		}
		if seen[s.ID] {
			return fmt.Errorf("step id %q appears twice", s.ID)
		}
		if _, err := ParseAction(s.Action.String()); err != nil {
			return fmt.Errorf("step %s: %w", s.ID, err)
		}
		for _, d := range s.DependsOn {
			if !seen[d] {
				return fmt.Errorf("step %s depends on %q, which is not an earlier step", s.ID, d)
			}
		}
		seen[s.ID] = true
	}
	return nil
}
