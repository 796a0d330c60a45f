package apply

import (
	"sync"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
)

// Some Okta endpoints lose concurrent writes, so apply runs the steps that
// touch them one at a time, each under a mutex named by a key derived from
// the kind's descriptor (never from its name):
//
//   - a sibling set with an order field (policies, policy rules, app group
//     assignments): Okta renumbers the whole set on every insert, move and
//     delete, and a full-replace PUT carries the priority it read, so two
//     writes that overlap can undo each other's order. Creates, updates,
//     reorders and deletes of such a kind share one key per parent, and an
//     update's GET and PUT happen under it together.
//   - a partially updated singleton (the group and user profile schemas):
//     each POST is a read-modify-write of one schema document on Okta's
//     side, and the attribute namespaces of the user schemas are shared.
//     They share one key.
//
// A step takes at most one key, so there is no lock ordering to get wrong.

// serialKey returns the key a step must hold, or "".
func serialKey(p *plan.Plan, k *model.Kind, s *plan.Step) string {
	if k.OrderField != "" {
		switch s.Action {
		case plan.ActionCreate, plan.ActionUpdate, plan.ActionReorder, plan.ActionDelete:
			return "order " + k.Name + " " + siblingSet(p, s)
		default:
			// The other actions never write the order field.
		}
	}
	if k.UpdateMode == model.UpdatePartial && k.Singleton != "" {
		switch s.Action {
		case plan.ActionUpdate, plan.ActionReorder:
			return "partial-singleton"
		default:
			// Only updates read and rewrite the shared document.
		}
	}
	return ""
}

// siblingSet names the parent of a step's object in the current state's
// space, so that a delete (whose parent path is a current path) and a
// create (whose parent path is a desired path) under the same live parent
// share a key.
func siblingSet(p *plan.Plan, s *plan.Step) string {
	if s.Action == plan.ActionDelete {
		return s.ParentPath
	}
	if t, ok := p.Targets[s.ParentPath]; ok && t.CurrentPath != "" {
		return t.CurrentPath
	}
	return s.ParentPath
}

// newLocks makes one mutex per key. The map is complete before the run
// starts and only read during it.
func newLocks(keys []string) map[string]*sync.Mutex {
	m := map[string]*sync.Mutex{}
	for _, k := range keys {
		if k != "" && m[k] == nil {
			m[k] = &sync.Mutex{}
		}
	}
	return m
}
