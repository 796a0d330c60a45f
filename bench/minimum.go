package main

import (
	"fmt"

	"github.com/oktasync/oktasync/internal/model"
)

// logPositionRequests is the System Log read that positions the tree's
// marker (tree.MarkerFile): a full export records where the log stood
// before it read the org, so that a plan can read only what changed since.
// It is part of the minimal complete set of an export that writes a
// marker; minimumRequests counts the reads of the objects alone.
const logPositionRequests = 1

// minimumRequests is the fewest calls that can read the tree's objects:
// per kind and parent object, one call per list query, or one per full page
// when that is more. A kind whose list is gated on its parent's body
// (model.List.When) needs a call only under the parents that pass: the
// gate is tested on the parent's live body as read (Live.Raw; the gate's
// field, such as an app's features[], is Okta's and not in the file). A
// list of summaries (List.Detail) needs one read per object, and a field
// written as a field of the object it names (Kind.Lookups) one read per
// distinct value, and a user named by login one lookup per distinct user
// (userReads). only, when set, limits the count to the kinds it accepts.
func minimumRequests(reg *model.Registry, snap *model.Snapshot, only func(*model.Kind) bool) int {
	n := 0
	for _, k := range reg.Kinds() {
		if only != nil && !only(k) {
			continue
		}
		// An opt-in kind (admin users) is read only when asked for: a tree
		// without its objects was exported without it.
		if reg.OptIn(k.Name) && len(snap.ByKind(k.Name)) == 0 {
			continue
		}
		queries := max(1, len(k.List.Queries))
		var parents []*model.Object
		if k.Parent == "" {
			parents = []*model.Object{nil}
		} else {
			parents = snap.ByKind(k.Parent)
		}
		for _, pp := range parents {
			count := 0
			if pp == nil {
				count = len(snap.ByKind(k.Name))
			} else {
				count = len(snap.ChildrenOf(pp.Path, k.Name))
			}
			if k.List.When != nil && count == 0 && !gatePasses(k.List.When, pp) {
				continue // the gate spares this parent's call
			}
			pages := 1
			if k.List.Limit > 0 {
				pages = (count + k.List.Limit - 1) / k.List.Limit
			}
			n += max(queries, pages)
		}
		n += itemReads(k, snap) + readsBeyondLists(k, snap)
	}
	return n + userReads(reg, snap, only)
}

// userReads is the fewest calls that find the logins of the users the
// objects name (a field that holds users by login: the file has
// ${user:<login>}, Okta the user's ID): one lookup per distinct user, as
// export makes them. Okta returns no login with the objects.
func userReads(reg *model.Registry, snap *model.Snapshot, only func(*model.Kind) bool) int {
	users := map[string]bool{}
	for _, k := range reg.Kinds() {
		if only != nil && !only(k) {
			continue
		}
		for _, o := range snap.ByKind(k.Name) {
			model.WalkStrings(o.Body, func(_, s string) {
				for _, l := range model.LoginsIn(s) {
					users[l] = true
				}
			})
		}
	}
	return len(users)
}

// itemReads is the fewest calls that read the item sets of the kind's
// objects (a role's permissions, a set's resources, a binding's members):
// one per object and set, or one per full page when that is more. Okta
// returns none of them with the object.
func itemReads(k *model.Kind, snap *model.Snapshot) int {
	n := 0
	for _, set := range k.ItemSets {
		for _, o := range snap.ByKind(k.Name) {
			if !set.AppliesTo(o.Body) {
				continue // the owner has no such set (a role that takes no targets)
			}
			items, _ := set.Items(o.Body)
			pages := 1
			if set.Read.Limit > 0 {
				pages = max(1, (len(items)+set.Read.Limit-1)/set.Read.Limit)
			}
			n += pages
		}
	}
	return n
}

// minimumListRequests is minimumRequests without the reads beyond lists
// and the user lookups.
func minimumListRequests(reg *model.Registry, snap *model.Snapshot, only func(*model.Kind) bool) int {
	n := minimumRequests(reg, snap, only) - userReads(reg, snap, only)
	for _, k := range reg.Kinds() {
		if only == nil || only(k) {
			n -= readsBeyondLists(k, snap)
		}
	}
	return n
}

// readsBeyondLists are the reads a kind needs besides its lists: one per
// object of a list of summaries (List.Detail), and one per distinct value
// a lookup writes (Kind.Lookups).
func readsBeyondLists(k *model.Kind, snap *model.Snapshot) int {
	n := 0
	if k.List.Detail {
		n += len(snap.ByKind(k.Name))
	}
	for _, l := range k.Lookups {
		distinct := map[string]bool{}
		for _, o := range snap.ByKind(k.Name) {
			if v, ok := model.Lookup(o.Body, l.Into); ok {
				distinct[fmt.Sprint(v)] = true
			}
		}
		n += len(distinct)
	}
	return n
}

// gatePasses tests a list's gate on a parent's live body; a parent read
// without one (a hand-built snapshot) passes only through its children.
func gatePasses(c *model.Condition, parent *model.Object) bool {
	if parent == nil || parent.Live == nil || parent.Live.Raw == nil {
		return false
	}
	return c.Holds(parent.Live.Raw)
}
