package plan

import (
	"fmt"
	"sort"

	"github.com/oktasync/oktasync/internal/model"
)

// Status values the lifecycle rules speak of.
const (
	statusActive   = "ACTIVE"
	statusInactive = "INACTIVE"
)

// statusOf returns a body's lifecycle status, if it has a string one.
func statusOf(body map[string]any, ki *kindInfo) (string, bool) {
	if ki.status == "" {
		return "", false
	}
	v, ok := model.Lookup(body, ki.status)
	s, isStr := v.(string)
	return s, ok && isStr
}

// lifecycle orders the node's writes with the lifecycle rules. A write to an
// object that must be INACTIVE to be updated is preceded by a deactivate
// while it is ACTIVE; after the writes, the status is brought to final
// (the desired status, or the one it had before a forced deactivate).
// The steps are appended to the node's chain in newStep order, so the
// deactivate is created here, before the writes' position is fixed.
func (e *engine) lifecycle(n *node, status string, writes []*step, final string, change *Change) {
	L := n.ki.k.Lifecycle
	if L == nil {
		return // the chain is already in creation order
	}
	// Rebuild the chain: deactivations go in front of the first write that
	// needs them.
	var chain []*step
	for _, s := range n.chain {
		if !containsStep(writes, s) {
			chain = append(chain, s) // a create
		}
	}
	for _, w := range writes {
		if L.UpdateRequiresInactive && status == statusActive {
			d := e.newStep(n, ActionDeactivate, "")
			d.Reason = fmt.Sprintf("%s must be INACTIVE to be updated", aTitle(n.ki.k))
			if change != nil && final == statusInactive {
				d.Changes = []Change{*change} // it also makes the desired status
			}
			chain = append(chain, d)
			status = statusInactive
		}
		chain = append(chain, w)
	}
	if final != "" && final != status {
		var s *step
		switch final {
		case statusActive:
			s = e.newStep(n, ActionActivate, "")
		case statusInactive:
			s = e.newStep(n, ActionDeactivate, "")
		default:
			e.warn(n.file(), 0, fmt.Sprintf("status %q is not one oktasync can set (ACTIVE or INACTIVE); it is left as it is", final), "")
		}
		if s != nil {
			switch {
			case change != nil:
				s.Changes = []Change{*change}
			case n.c == nil:
				s.Reason = fmt.Sprintf("%s is created %s", aTitle(n.ki.k), status)
				s.Changes = []Change{{Path: dottedPointer(n.ki.status), Op: OpModify, Before: status, After: final}}
			default:
				s.Reason = fmt.Sprintf("restores status %s after the update", final)
			}
			chain = append(chain, s)
		}
	}
	n.chain = chain
	for i, s := range chain {
		s.seq = i
	}
}

func containsStep(list []*step, s *step) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// buildDelete plans an object that only the current side has (and that is
// not a child of such an object: those go with their parent). It is refused
// for system objects, kinds Okta cannot delete, and without --allow-delete;
// an object of an implicit kind is left alone.
func (e *engine) buildDelete(n *node) {
	k := n.ki.k
	if k.Implicit || k.Existing {
		// Okta makes and keeps it (a brand's theme), or it exists apart
		// from oktasync (an admin user is a user): absent from the tree
		// means "leave it alone", neither a delete nor a refusal. An
		// existing object's children are deleted on their own (build).
		return
	}
	sort.Strings(n.implied)
	if n.replacedBy == nil && !e.opts.inScope(k.Name, n.c.Path) {
		// Left unmanaged on purpose (--kinds, the ignore file): neither
		// deleted nor reported, children included.
		e.ignored += 1 + len(n.implied)
		return
	}
	var reason RefusalReason
	var msg string
	switch {
	case e.keepRefused[n] != "":
		reason, msg = RefusedProtected, e.keepRefused[n]
	case n.system():
		reason, msg = RefusedProtected, fmt.Sprintf("system object (role %s): Okta owns it, so it is never deleted", n.cRole)
	case model.Under(n.c.Path, e.callerPath):
		reason, msg = RefusedProtected, callerMessage(n.c.Path, e.callerPath)
	case k.Delete == nil:
		reason, msg = RefusedNoEndpoint, fmt.Sprintf("not in the desired tree, but Okta has no delete endpoint for %s", k.Name)
	case n.replacedBy != nil && !e.opts.AllowDelete && !e.opts.AllowReplace:
		// decideReplace splits only when one of them is given.
		reason, msg = RefusedReplaceNotAllowed, "recreating the object needs --allow-replace (or --allow-delete)"
	case n.replacedBy == nil && !e.opts.AllowDelete:
		reason, msg = RefusedDeleteNotAllowed, "not in the desired tree; deleting it needs --allow-delete"
	}
	if reason != 0 {
		e.refuse(n, ActionDelete, reason, msg, nil)
		// An object someone added outside the tree is drift, whether or
		// not the plan may delete it; one Okta owns is not (nor one it
		// makes with its parent: implicit kinds are left alone above, and
		// a singleton always exists).
		if reason != RefusedProtected && n.replacedBy == nil && k.Singleton == "" {
			e.refused[len(e.refused)-1].Unmanaged = true
		}
		return
	}
	cs, _ := statusOf(n.cBody, n.ki)
	if L := k.Lifecycle; L != nil && L.DeleteRequiresInactive && cs == statusActive {
		d := e.newStep(n, ActionDeactivate, "")
		d.Reason = fmt.Sprintf("%s must be INACTIVE to be deleted", aTitle(k))
	}
	d := e.newStep(n, ActionDelete, "")
	d.Destructive = true
	d.Implied = n.implied
	d.Note = k.DeleteNote
	if n.replacedBy != nil {
		d.Replace = true
		d.Reason = "replace: " + n.replacedBy.replaceWhy
	}
	n.delFirst, n.del = n.chain[0], d
}
