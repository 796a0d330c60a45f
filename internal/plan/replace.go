package plan

import (
	"fmt"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// decideReplace handles a matched pair that Okta cannot bring to the
// desired state in place, for one of three reasons, all read from the
// descriptor:
//
//   - an Immutable field differs;
//   - the kind has no update endpoint and a field differs (a role
//     assignment, a binding);
//   - an item set would have fewer items than its MinItems (the last
//     target of a role assignment cannot be removed: emptying the set
//     means recreating the assignment without it).
//
// The object must be deleted and created again: a replace. When deletes
// or replaces are allowed and the object is not protected, the pair is
// split into a delete and a create (children are created anew; the old
// ones go with the old parent). Otherwise the match stays, what cannot be
// done is left alone, and the replace is listed as refused, so the rest of
// the object is still updated.
func (e *engine) decideReplace(n *node) {
	k := n.ki.k
	var refused []Change
	var refusedItems []ItemChange
	fields := e.immutableChanges(n)
	why := ""
	switch {
	case len(fields) > 0:
		why = fmt.Sprintf("%s cannot change after create", strings.Join(fields, ", "))
		for _, f := range fields {
			before, _ := model.Lookup(n.cBody, f)
			after, _ := model.Lookup(n.dBody, f)
			ch := Change{Path: dottedPointer(f), Op: OpModify, Before: before, After: after}
			if after == nil {
				ch.Op = OpClear
			}
			refused = append(refused, ch)
		}
	case k.Update == nil && k.Create != nil && k.Delete != nil:
		// (Without a create and a delete, buildUpdate refuses the change:
		// Okta has no endpoint for it at all.)
		if changes := e.fieldChanges(n); len(changes) > 0 {
			var names []string
			for _, c := range changes {
				names = append(names, model.DisplayPointer(c.Path))
			}
			why = fmt.Sprintf("Okta cannot update %s (%s %s)", aTitle(k), strings.Join(names, ", "), plural(len(names), "changes", "change"))
			refused = changes
		}
	}
	if why == "" {
		for _, set := range k.ItemSets {
			items, present := set.Items(n.dBody)
			if !present || len(items) >= set.MinItems {
				continue
			}
			cur, _ := set.Items(n.cBody)
			if len(cur) == 0 {
				continue // nothing to remove
			}
			why = fmt.Sprintf("%s cannot have fewer than %d %s once it exists", set.Field, set.MinItems, plural(set.MinItems, "item", "items"))
			for _, c := range cur {
				key, _ := set.KeyOf(c)
				refusedItems = append(refusedItems, ItemChange{Set: set.Field, Key: key, Before: c})
			}
			if n.skipItems == nil {
				n.skipItems = map[string]bool{}
			}
			n.skipItems[set.Field] = true
			break
		}
	}
	if why == "" {
		return
	}
	reason, msg := RefusalReason(0), ""
	switch {
	case n.system():
		reason, msg = RefusedProtected, why+", and this is a system object, which is never deleted"
	case model.Under(n.c.Path, e.callerPath):
		reason, msg = RefusedProtected, why+"; "+callerMessage(n.c.Path, e.callerPath)
	case k.Delete == nil || k.Create == nil:
		reason, msg = RefusedNoEndpoint, why+", and Okta cannot delete and create this kind"
	case !e.opts.AllowDelete && !e.opts.AllowReplace:
		reason, msg = RefusedReplaceNotAllowed, why+"; recreating the object needs --allow-replace (or --allow-delete)"
	}
	if reason != 0 {
		e.refused = append(e.refused, Refusal{Kind: k.Name, Path: n.d.Path, Action: ActionDelete, Replace: true, Reason: reason,
			Message: msg, Live: liveRef(n.c), Changes: refused, Items: refusedItems})
		n.skip = map[string]bool{}
		for _, f := range fields {
			n.skip[f] = true
		}
		n.replaceRefused = true
		return
	}
	n.skipItems = nil
	// Split: the current object becomes a node of its own, to be deleted.
	old := &node{ki: n.ki, c: n.c, cBody: n.cBody, cParent: n.cParent, cRole: n.cRole, cIdent: n.cIdent, cIdentOK: n.cIdentOK}
	e.cNodes[n.c.Path] = old
	n.c, n.cBody, n.cParent, n.cRole, n.cIdent, n.cIdentOK = nil, nil, "", "", "", false
	n.replaceOf, old.replacedBy = old, n
	n.replaceWhy = why
}

// immutableChanges lists the Immutable fields a matched pair differs in.
func (e *engine) immutableChanges(n *node) []string {
	var fields []string
	for _, f := range n.ki.k.Immutable {
		dv, ok := model.Lookup(n.dBody, f)
		if !ok {
			continue // unmanaged
		}
		dv = e.cmpForm(dv)
		cv, _ := model.Lookup(n.cBody, f)
		if dv == nil && cv == nil {
			continue
		}
		if dv != nil && equalValue(dv, cv, f, n.ki) {
			continue
		}
		fields = append(fields, f)
	}
	return fields
}

// fieldChanges are the field changes of a matched pair an update would
// make (status, order and item sets are written by their own steps).
func (e *engine) fieldChanges(n *node) []Change {
	cmp, _ := e.cmpForm(n.dBody).(map[string]any)
	df := &differ{ki: n.ki}
	df.diff(cmp, n.dBody, n.cBody)
	return append(df.changes, df.changes2...)
}

// callerMessage says why the service app oktasync runs as, or one of its
// admin roles, is never deleted or replaced.
func callerMessage(path, caller string) string {
	if path == caller {
		return "oktasync authenticates as this service app; deleting it would lock the tool out"
	}
	return "an admin role of " + caller + ", the service app oktasync authenticates as; removing it would lock the tool out"
}
