package apply

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
)

// The stale check (run before any write) refuses a plan when an object
// with the identity of one the plan creates appeared since planning. A
// run takes time, though, and an object someone makes during it would be
// duplicated by the create (for kinds whose names Okta does not keep
// unique: apps by label, hooks, IdPs). The apply lock keeps other applies
// out; against anything else, each create looks again, at the last
// moment, at a price of one listing per kind and parent: the first create
// of a kind under an existing parent lists that kind there, and every
// create of that kind and parent is checked against the listing. An object
// with its identity that the state read before the run does not hold
// appeared after planning; the create fails (nothing is sent) and the
// other steps go on. A parent created by this run needs no look: nothing
// else can know its ID yet.

// identityGuard is one listing, made by the first create that needs it.
type identityGuard struct {
	once sync.Once
	objs []map[string]any
	err  error
}

// guardKey groups the creates that one listing serves.
func guardKey(s *plan.Step) string { return s.Kind + "\x00" + s.ParentPath }

// prepareGuards makes a guard for every kind and existing parent the plan
// creates objects under. Without the state read before the run (Execute
// alone) there is nothing to tell new objects from old ones, and no guard.
func (e *executor) prepareGuards() {
	e.guards = map[string]*identityGuard{}
	if e.opts.Current == nil {
		return
	}
	for _, s := range e.p.Steps {
		if s.Action != plan.ActionCreate {
			continue
		}
		if s.ParentPath != "" {
			if t, ok := e.p.Targets[s.ParentPath]; !ok || t.ID == "" {
				continue // the parent is created by this run
			}
		}
		if _, ok := e.guards[guardKey(&s)]; !ok {
			e.guards[guardKey(&s)] = &identityGuard{}
		}
	}
}

// checkIdentity fails a create whose identity an object took after the
// plan was made.
func (e *executor) checkIdentity(ctx context.Context, s *plan.Step, k *model.Kind, ident string) error {
	g := e.guards[guardKey(s)]
	if g == nil {
		return nil
	}
	g.once.Do(func() { g.objs, g.err = e.listUnder(ctx, s, k) })
	if g.err != nil {
		return fmt.Errorf("checking that no other %s took this one's identity since the plan was made: %w", strings.ToLower(k.Title), g.err)
	}
	for _, o := range g.objs {
		if id, ok := k.IdentityOf(o); !ok || id != ident {
			continue
		}
		oid := k.IDOf(o)
		if e.current.get(k.Name, oid) != nil {
			continue // read before the run: the plan accounts for it (a rename frees the identity first)
		}
		return fmt.Errorf("%s with this identity (id %s) appeared in the org after the plan was made; creating %s would duplicate it, so it was not sent: plan again",
			withArticle(k), oid, s.Path)
	}
	return nil
}

// withArticle is the kind's title with an indefinite article: "an event
// hook", "a group".
func withArticle(k *model.Kind) string {
	t := strings.ToLower(k.Title)
	if t == "" {
		t = k.Name
	}
	if strings.ContainsRune("aeiou", rune(t[0])) {
		return "an " + t
	}
	return "a " + t
}
