package plan

import (
	"errors"
	"fmt"
	"sort"

	"github.com/oktasync/oktasync/internal/model"
)

// Compute compares the desired snapshot (read from files) with the current
// one (exported from an org, or read from a second tree) and returns the
// plan that makes current equal desired.
//
// It works in stages, each of which reads only descriptors, never a kind's
// name:
//
//  1. prepare: resolve ${var:} in both sides, check every ${ref:} and
//     parent of the desired side, refuse literal secrets;
//  2. match: per kind in registry order (parents and reference targets
//     first), pair desired and current objects by role, then identity, then
//     path (a rename), and decide replaces;
//  3. build: diff each pair and turn the result into a chain of steps
//     (preconditions from the lifecycle rules, second passes for two-pass
//     references, reorders, relations, deletes);
//  4. link and order: dependencies from parents, references, deletes in
//     reverse, sibling order; a topological sort that reports cycles.
//
// Any problem stops the plan with an *Error listing every problem found in
// the stage that failed. Refused deletes are not errors: they are listed in
// Plan.Refused (see HasRefused).
//
// Compute does not run tree.Validate (schemas, 4-byte characters): the
// CLI validates the tree first. It re-checks what planning relies on.
func Compute(desired, current *model.Snapshot, opts Options) (*Plan, error) {
	reg := opts.Registry
	if reg == nil && desired != nil {
		reg = desired.Registry()
	}
	if reg == nil {
		return nil, errors.New("plan: no kind registry")
	}
	if desired == nil {
		desired = model.NewSnapshot(reg)
	}
	if current == nil {
		current = model.NewSnapshot(reg)
	}
	e := newEngine(reg, opts)
	e.current = current
	e.callerPath = model.CallerPath(current, opts.ClientID)
	for _, stage := range []func(){
		func() { e.prepare(desired, current) },
		e.match,
		e.build,
		e.link,
		e.checkDeletes,
		e.order,
	} {
		stage()
		if err := e.ps.err(); err != nil {
			return nil, err
		}
	}
	p := e.assemble()
	p.Read = opts.Read
	p.ChangedBy = attribution(p, opts.ChangedBy)
	if err := p.Seal(opts.SigningKey); err != nil {
		return nil, err
	}
	return p, nil
}

// engine holds one Compute run.
type engine struct {
	reg  *model.Registry
	opts Options
	ps   problems
	// current is the current snapshot, for what it says of the org
	// beyond its objects (parts the org lacks).
	current *model.Snapshot
	// callerPath is the service app oktasync reads the org as
	// (model.CallerPath): it and what is under it are never deleted.
	callerPath string
	// keepRefused are the deletes refused because they would remove the
	// last object a model.KeepOne guard keeps, with the message (keep.go).
	keepRefused map[*node]string

	kinds   map[string]*kindInfo
	byOrder []*kindInfo

	dNodes map[string]*node // by desired path
	cNodes map[string]*node // by current path
	// dByKind and cByKind hold the nodes of each kind in path order
	// (current-only nodes are added to cByKind when a replace splits a
	// pair).
	dByKind map[string][]*node
	cByKind map[string][]*node
	// cChildren maps a current path to its direct children.
	cChildren map[string][]*node
	// identIndex maps kind, current parent and identity to current nodes,
	// for ordering creates after renames that free an identity.
	identIndex map[string][]*node

	steps    []*step
	stepIDs  map[string]bool
	ordered  []*step
	refused  []Refusal
	adopted  []Adoption
	warnings []Warning
	// ignored counts current-only objects outside the plan's scope.
	ignored int
}

// node is one object of the plan: a desired object, a current object, or a
// matched pair of both.
type node struct {
	ki   *kindInfo
	d, c *model.Object
	// dBody and cBody are the bodies with variables resolved; dCmp is dBody
	// with references rewritten to current paths, for comparison.
	dBody, cBody, dCmp map[string]any
	dParent, cParent   string
	dRole, cRole       string
	cIdent             string
	cIdentOK           bool
	// dIdent is the desired identity as the file spells it (IdentityOf
	// of dBody), for plainIdentity.
	dIdent   string
	dIdentOK bool
	// dFacts are what one walk found of dBody (bodyFacts).
	dFacts bodyFacts

	// replaceOf links a desired-only node to the current-only node it
	// replaces, and replacedBy the reverse; replaceWhy says why.
	replaceOf, replacedBy *node
	replaceWhy            string
	// identityFreed is set on a replacing node whose create waits for the
	// replaced object's delete (the two share an identity): referrers are
	// then moved to the new object after its create, and the delete does
	// not wait for them (see linkDeletes).
	identityFreed bool
	// skip are immutable fields left alone because a replace was refused;
	// replaceRefused is set then, and skipItems are the item sets left
	// alone because emptying them was a refused replace.
	skip           map[string]bool
	replaceRefused bool
	skipItems      map[string]bool
	// refused is set when the node's create was refused, so its children
	// are refused too.
	refused bool
	dup     bool // a duplicate identity was reported; not matched
	claimed bool // a current node paired by match
	// res is what prepare resolved of the desired object, while it
	// resolves the current side (twinOf); nil after.
	res *resolved
	// orderRanked is set when rankOrders placed the object among its
	// siblings; orderSet says its position must be set, to orderPos (in
	// the set's own numbering), or not, when it falls into place.
	orderRanked, orderSet bool
	orderPos              int
	// position is the object's place among its desired siblings, shown on
	// its create or reorder step.
	position *Position

	chain []*step
	// ready is the step after which the object exists with its first-pass
	// fields: what children and referrers wait for.
	ready *step
	// delFirst and del are the first step of a delete chain and the delete.
	delFirst, del *step
	// deleteRoot is, for a current-only node under a current-only parent,
	// the topmost such ancestor, whose delete implies this one.
	deleteRoot *node
	implied    []string
	// changedPtrs are the body pointers this node's updates change.
	changedPtrs map[string]bool
	relSteps    map[string]*step
}

func (n *node) path() string {
	if n.d != nil {
		return n.d.Path
	}
	return n.c.Path
}

func (n *node) file() string {
	if n.d != nil {
		return n.d.File()
	}
	return n.c.File()
}

func (n *node) matched() bool { return n.d != nil && n.c != nil }

// system reports whether the node is an Okta-owned object.
func (n *node) system() bool { return n.cRole != "" || (n.c == nil && n.dRole != "") }

func (n *node) liveID() string {
	if n.c != nil && n.c.Live != nil {
		return n.c.Live.ID
	}
	return ""
}

// describeCurrent names the current side of a node for messages: its path and,
// when known, its live ID.
func (n *node) describeCurrent() string {
	if id := n.liveID(); id != "" {
		return fmt.Sprintf("%s (id %s)", n.c.Path, id)
	}
	return n.c.File() + " (current tree)"
}

func newEngine(reg *model.Registry, opts Options) *engine {
	e := &engine{
		reg: reg, opts: opts,
		kinds:      map[string]*kindInfo{},
		dNodes:     map[string]*node{},
		cNodes:     map[string]*node{},
		dByKind:    map[string][]*node{},
		cByKind:    map[string][]*node{},
		cChildren:  map[string][]*node{},
		identIndex: map[string][]*node{},
		stepIDs:    map[string]bool{},
	}
	for i, k := range reg.Order() {
		ki := newKindInfo(k, i)
		e.kinds[k.Name] = ki
		e.byOrder = append(e.byOrder, ki)
	}
	return e
}

func (e *engine) warn(file string, line int, msg, hint string) {
	e.warnings = append(e.warnings, Warning{File: file, Line: line, Message: msg, Hint: hint})
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
