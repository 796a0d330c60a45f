package plan

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// itemDiff is what one item set of one object needs.
type itemDiff struct {
	set                   model.ItemSet
	adds, updates, remove []ItemChange
	// readded are the keys of changed items that the set cannot update in
	// place: they are removed, then added again.
	readded map[string]bool
}

// diffItems compares an item set of a node as a set: items are matched by
// key (model.ItemSet.KeyOf) with references rewritten to current paths, so
// that a reference compares by the object it names. A desired body without
// the field leaves the set alone (unmanaged); an explicit null or [] empties
// it. ok is false when the desired side does not manage the set.
func (e *engine) diffItems(n *node, set model.ItemSet) (itemDiff, bool) {
	d := itemDiff{set: set}
	out, present := set.Items(n.dBody)
	if !present || n.skipItems[set.Field] {
		return d, false
	}
	cmp, _ := set.Items(n.dCmp)
	cur, _ := set.Items(n.cBody)
	type curItem struct {
		v    any
		key  string
		seen bool
	}
	current := map[string]*curItem{}
	var order []string
	for _, c := range cur {
		key, ok := set.KeyOf(c)
		if !ok {
			continue
		}
		if _, dup := current[key]; !dup {
			order = append(order, key)
		}
		current[key] = &curItem{v: c, key: key}
	}
	liveIDs := map[string]string{}
	if n.c != nil && n.c.Live != nil {
		liveIDs = n.c.Live.Items[set.Field]
	}
	seen := map[string]int{}
	for i, item := range out {
		ptr := dottedPointer(set.Field) + "/" + strconv.Itoa(i)
		var ci any
		if i < len(cmp) {
			ci = cmp[i]
		}
		cmpKey, ok := set.KeyOf(ci)
		key, _ := set.KeyOf(item)
		if !ok {
			what := "a value"
			if set.Key != "" {
				what = "a " + set.Key
			}
			e.ps.add(ProblemInput, n.d.File(), n.d.BodyLine(ptr), fmt.Sprintf("%s: an item of %s needs %s", set.Field, aTitle(n.ki.k), what),
				"every item of the set is identified by it")
			continue
		}
		if j, dup := seen[cmpKey]; dup {
			e.ps.add(ProblemDuplicate, n.d.File(), n.d.BodyLine(ptr), fmt.Sprintf("%s: item %q is listed twice (items %d and %d)", set.Field, key, j+1, i+1),
				"the field is a set: list each item once")
			continue
		}
		seen[cmpKey] = i
		c := current[cmpKey]
		if c == nil {
			d.adds = append(d.adds, ItemChange{Set: set.Field, Key: key, Item: item})
			continue
		}
		c.seen = true
		if set.Key == "" || equalValue(ci, c.v, set.Field+"[]", n.ki) {
			continue
		}
		ch := ItemChange{Set: set.Field, Key: key, Item: item, Before: c.v, LiveID: liveIDs[c.key]}
		if set.Update != nil {
			d.updates = append(d.updates, ch)
			continue
		}
		// No update in place: remove the old item, then add the new one.
		d.remove = append(d.remove, ItemChange{Set: set.Field, Key: c.key, Before: c.v, LiveID: liveIDs[c.key]})
		d.adds = append(d.adds, ItemChange{Set: set.Field, Key: key, Item: item})
		if d.readded == nil {
			d.readded = map[string]bool{}
		}
		d.readded[key] = true
	}
	for _, key := range order {
		if c := current[key]; !c.seen {
			d.remove = append(d.remove, ItemChange{Set: set.Field, Key: key, Before: c.v, LiveID: liveIDs[key]})
		}
	}
	return d, true
}

// itemSteps adds the item steps of every item set of n, each waiting for
// after (the step that makes or updates the object; nil when the object
// exists and nothing else changes). sent are the items the create already
// carried, by set and key; keysOnly the sets whose create carried only
// their keys (the rest of each item is then an update).
func (e *engine) itemSteps(n *node, after *step, sent map[string]map[string]bool, keysOnly map[string]bool) {
	for _, set := range n.ki.k.ItemSets {
		d, ok := e.diffItems(n, set)
		if !ok {
			continue
		}
		if sent != nil {
			d = afterCreate(d, sent[set.Field], keysOnly[set.Field])
		}
		e.itemStepsOf(n, d, after)
	}
}

// afterCreate turns the adds of a created object's set into what is left
// once the create carried some of them: nothing for the items it carried
// whole, an update for those it carried by key only.
func afterCreate(d itemDiff, sent map[string]bool, keysOnly bool) itemDiff {
	var adds []ItemChange
	for _, a := range d.adds {
		if !sent[a.Key] {
			adds = append(adds, a)
			continue
		}
		if keysOnly && d.set.WithoutKey(a.Item) != nil {
			before := map[string]any{}
			_ = model.SetField(before, d.set.Key, a.Key)
			d.updates = append(d.updates, ItemChange{Set: a.Set, Key: a.Key, Item: a.Item, Before: before})
		}
	}
	d.adds = adds
	return d
}

// itemStepsOf makes the steps of one set: updates, adds (one step per
// item, or one batch step when the set adds in batches) and removes (one
// per item). Removes of a set whose removal is a delete are destructive
// and refused without --allow-delete.
func (e *engine) itemStepsOf(n *node, d itemDiff, after *step) {
	set := d.set
	if k := n.ki.k; n.system() && k.System != nil && k.System.Allowed == model.SystemReadOnly {
		all := append(append(append([]ItemChange(nil), d.adds...), d.updates...), d.remove...)
		if len(all) > 0 {
			e.refused = append(e.refused, Refusal{Kind: k.Name, Path: n.path(), Action: ActionUpdateItem, Reason: RefusedProtected,
				Message: fmt.Sprintf("system object (role %s), which oktasync never writes; the desired %s are not applied", n.cRole, set.Field),
				Live:    liveRef(n.c), Items: all})
		}
		return
	}
	newItemStep := func(a Action, qualifier string, items []ItemChange) *step {
		s := e.newStep(n, a, qualifier)
		s.Items = items
		s.dep(after, "its object")
		s.itemStep = true
		return s
	}
	for _, u := range d.updates {
		newItemStep(ActionUpdateItem, set.Field+":"+u.Key, []ItemChange{u})
	}
	var adds []*step
	if set.AddBatch != nil && len(d.adds) > 0 {
		adds = append(adds, newItemStep(ActionAddItem, set.Field, d.adds))
	} else {
		for _, a := range d.adds {
			adds = append(adds, newItemStep(ActionAddItem, set.Field+":"+a.Key, []ItemChange{a}))
		}
	}
	var refused []ItemChange
	for _, r := range d.remove {
		if set.RemoveIsDelete && !e.opts.AllowDelete {
			refused = append(refused, r)
			continue
		}
		s := newItemStep(ActionRemoveItem, set.Field+":"+r.Key, []ItemChange{r})
		s.Destructive = set.RemoveIsDelete
		for _, a := range adds {
			switch {
			case d.readded[r.Key]:
				// The new item takes the old one's key: it is added
				// once the old one is gone.
				if itemsHold(a.Items, r.Key) {
					a.dep(s, fmt.Sprintf("the old %s item %s is removed first", set.Field, r.Key))
				}
			case set.MinItems > 0:
				// The set may not drop below its minimum on the way.
				s.dep(a, fmt.Sprintf("%s keeps at least %d %s", set.Field, set.MinItems, plural(set.MinItems, "item", "items")))
			}
		}
	}
	if len(refused) > 0 {
		e.refused = append(e.refused, Refusal{Kind: n.ki.k.Name, Path: n.path(), Action: ActionRemoveItem, Reason: RefusedDeleteNotAllowed,
			Message: fmt.Sprintf("removing %s from %s takes away what they grant; it needs --allow-delete", plural(len(refused), "an item", "items"), set.Field),
			Live:    liveRef(n.c), Items: refused})
	}
}

func itemsHold(items []ItemChange, key string) bool {
	for _, it := range items {
		if it.Key == key {
			return true
		}
	}
	return false
}

// createItems shapes a create body's item sets as the create endpoint
// takes them, and returns what it carried (by set, the keys) and which
// sets it carried by key only. Items the create does not carry are added
// by item steps after it.
func (e *engine) createItems(n *node, body map[string]any) (sent map[string]map[string]bool, keysOnly map[string]bool) {
	sent, keysOnly = map[string]map[string]bool{}, map[string]bool{}
	for _, set := range n.ki.k.ItemSets {
		items, present := set.Items(body)
		if !present {
			continue
		}
		mode := set.Create
		if top, _, _ := strings.Cut(set.Field, "."); len(n.ki.k.CreateFields) > 0 && !slices.Contains(n.ki.k.CreateFields, top) {
			mode = model.ItemsAfterCreate // the create endpoint takes no such field
		}
		switch mode {
		case model.ItemsAfterCreate:
			model.DeleteField(body, set.Field)
			continue
		case model.ItemsInCreate:
			if b := set.AddBatch; b != nil && b.MaxPerRequest > 0 && len(items) > b.MaxPerRequest {
				items = items[:b.MaxPerRequest]
				_ = model.SetField(body, set.Field, items)
			}
		case model.ItemKeysInCreate:
			keys := make([]any, 0, len(items))
			for _, it := range items {
				if k, ok := set.KeyOf(it); ok {
					keys = append(keys, k)
				}
			}
			_ = model.SetField(body, set.Field, keys)
			keysOnly[set.Field] = true
		}
		got := map[string]bool{}
		for _, it := range items {
			if k, ok := set.KeyOf(it); ok {
				got[k] = true
			}
		}
		sent[set.Field] = got
	}
	return sent, keysOnly
}
