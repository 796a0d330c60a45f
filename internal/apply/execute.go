package apply

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
)

// Execute carries out the plan's steps against the org and reports how
// each one ended. It never stops at the first failure: a failed step skips
// only the steps that depend on it. It returns when every step is settled
// or ctx ends (the steps not started are then reported skipped, and
// Report.Interrupted is set).
//
// Execute trusts that the plan is current; Run checks that first. Like
// Run, it refuses to start (Report.Error) when preflight finds a problem.
func Execute(ctx context.Context, p *plan.Plan, c Client, reg *model.Registry, opts Options) *Report {
	secrets, refused := preflight(p, reg, opts)
	var vals *orgValues
	if refused == nil {
		var err error
		if vals, err = resolveOrgValues(ctx, c, reg, p); err != nil {
			refused = &refusal{problems: []string{err.Error()}}
		}
	}
	return execute(ctx, p, c, reg, opts, time.Now, "", secrets, vals, refused)
}

// executor is one Execute run.
type executor struct {
	p       *plan.Plan
	c       Client
	reg     *model.Registry
	opts    Options
	secrets *secretStore
	journal *journal
	// vals are what ${org:…} and ${user:…} stand for in the target org.
	vals *orgValues

	kinds   []*model.Kind // per step
	keys    []string      // per step: the serial key, or ""
	buckets []string      // per step: the rate-limit bucket it writes to (see walk)
	results []StepResult  // per step: written by its worker, or by the coordinator
	// settled and finished belong to the coordinator goroutine.
	settled  []bool
	finished int

	objects  map[string]*objectSlot // by desired path; complete before the run
	locks    map[string]*sync.Mutex // by serial key; complete before the run
	current  currentIndex
	fetched  fetchCache
	inFlight map[string]bool           // creates an earlier run left with an unknown outcome
	guards   map[string]*identityGuard // by guardKey; complete before the run
	// made holds, by desired path, the objects Okta made with a create
	// this run sent (Kind.Makes): field → ID, until the update that moves
	// the object off them deletes them (step_made.go).
	made sync.Map
	// halted stops new steps once the journal cannot be written: going on
	// would do work a resumed run cannot know about.
	halted atomic.Bool
	// interrupted is set when a step was cut short or not started because
	// the context ended.
	interrupted atomic.Bool
}

// newExecutor sets up a run: a result slot per step, and each step's kind,
// serial key and rate-limit bucket.
func newExecutor(p *plan.Plan, c Client, reg *model.Registry, opts Options) *executor {
	e := &executor{
		p: p, c: c, reg: reg, opts: opts.withDefaults(),
		kinds:   make([]*model.Kind, len(p.Steps)),
		keys:    make([]string, len(p.Steps)),
		buckets: make([]string, len(p.Steps)),
		results: make([]StepResult, len(p.Steps)),
		settled: make([]bool, len(p.Steps)),
		current: newCurrentIndex(opts.Current),
	}
	for i := range p.Steps {
		s := &p.Steps[i]
		e.results[i] = StepResult{ID: s.ID, Action: s.Action, Kind: s.Kind, Path: s.Path}
		if k, ok := reg.Kind(s.Kind); ok {
			e.kinds[i] = k
			e.keys[i] = serialKey(p, k, s)
			e.buckets[i] = stepBucket(s, k)
		}
	}
	return e
}

// execute runs a plan that preflight checked: secrets are its result, and
// refused, when set, is why the run does not start. hash is the plan's
// PlanHash when the caller has it ("" to compute it here): hashing
// serializes the whole plan, which a large plan's run should do once.
func execute(ctx context.Context, p *plan.Plan, c Client, reg *model.Registry, opts Options, now func() time.Time,
	hash string, secrets *secretStore, vals *orgValues, refused *refusal) *Report {
	start := now()
	e := newExecutor(p, c, reg, opts)
	e.secrets, e.vals = secrets, vals
	if e.vals == nil {
		e.vals = &orgValues{}
	}
	opts = e.opts
	rep := &Report{Journal: opts.Journal}
	finish := func() *Report {
		rep.Steps = e.results
		rep.Interrupted = e.interrupted.Load() && rep.Error == ""
		rep.Elapsed = now().Sub(start)
		rep.count()
		return rep
	}
	var err error
	if hash == "" {
		if hash, err = PlanHash(p); err != nil {
			e.refuse(rep, err.Error())
			return finish()
		}
	}
	rep.Plan = hash
	if refused != nil {
		for i, why := range refused.failed {
			e.results[i].Status = StatusFailed
			e.results[i].Reason = why
		}
		e.refuse(rep, refused.Error())
		return finish()
	}
	var resumed *JournalState
	if opts.Resume {
		if opts.Journal == "" {
			e.refuse(rep, "resume needs the journal of the run to continue")
			return finish()
		}
		if resumed, err = ReadJournal(opts.Journal, hash); err != nil {
			e.refuse(rep, err.Error())
			return finish()
		}
	}
	if e.journal, err = openJournal(opts.Journal, hash, len(p.Steps), opts.Resume, now); err != nil {
		e.refuse(rep, err.Error())
		return finish()
	}
	defer func() { _ = e.journal.close() }()
	e.prepare(resumed)
	e.walk(ctx)
	return finish()
}

// refuse settles every step as not started (keeping failures found in
// preflight) and records why the run did not start.
func (e *executor) refuse(rep *Report, msg string) {
	rep.Error = e.secrets.mask(msg)
	for i := range e.results {
		if e.results[i].Status == 0 {
			e.results[i].Status = StatusSkipped
			e.results[i].Reason = "not started: the run was refused"
		}
	}
}

// currentOf finds the object a step addresses in the state read before the
// run, by its live ID.
func (e *executor) currentOf(s *plan.Step, k *model.Kind) *model.Object {
	if s.Live == nil || s.Live.ID == "" {
		return nil
	}
	return e.current.get(k.Name, s.Live.ID)
}

// prepare builds the run's shared tables before any worker starts: a slot
// for every object a step may name, a mutex per serial key, and what an
// earlier run's journal says.
func (e *executor) prepare(resumed *JournalState) {
	e.objects = map[string]*objectSlot{}
	addPath := func(path string) {
		for path != "" {
			if _, ok := e.objects[path]; ok {
				return
			}
			e.objects[path] = &objectSlot{}
			info, err := e.reg.ParsePath(path)
			if err != nil {
				return
			}
			path = info.ParentPath
		}
	}
	for _, s := range e.p.Steps {
		addPath(s.Path)
		addPath(s.ParentPath)
		for _, r := range s.Refs() {
			addPath(r.Target)
		}
	}
	e.locks = newLocks(e.keys)
	e.prepareGuards()
	e.inFlight = map[string]bool{}
	if resumed == nil {
		return
	}
	for i, s := range e.p.Steps {
		if id, ok := resumed.Applied[s.ID]; ok && !e.settled[i] {
			e.settled[i] = true
			r := &e.results[i]
			r.Status, r.Resumed, r.CreatedID = StatusApplied, true, id
			r.Reason = "applied by an earlier run (journal)"
			if id != "" {
				e.publish(s.Path, id, nil)
			}
		}
		if resumed.InFlight[s.ID] {
			e.inFlight[s.ID] = true
		}
	}
}

// run carries out step i on a worker goroutine and records its result.
func (e *executor) run(ctx context.Context, i int) {
	s := &e.p.Steps[i]
	r := &e.results[i]
	switch {
	case ctx.Err() != nil:
		e.interrupted.Store(true)
		r.Status, r.Reason = StatusSkipped, "not started: the run was interrupted"
		return
	case e.halted.Load():
		r.Status, r.Reason = StatusSkipped, "not started: the journal could not be written, so the run stopped"
		return
	}
	if key := e.keys[i]; key != "" {
		mu := e.locks[key]
		mu.Lock()
		defer mu.Unlock()
	}
	start := time.Now()
	err := e.do(ctx, s, e.kinds[i], r)
	r.Duration = time.Since(start)
	if err != nil {
		r.Status = StatusFailed
		r.Error = errorInfo(err, e.secrets.mask)
		if ctx.Err() != nil {
			e.interrupted.Store(true)
			r.Reason = "interrupted while in flight: its outcome is unknown (resume the run to settle it)"
		}
		r.Reason = e.secrets.mask(r.Reason)
	} else {
		r.Status = StatusApplied
	}
	if jerr := e.journal.write(journalRecord{Type: recordStep, Step: s.ID, Status: r.Status, ID: r.CreatedID}); jerr != nil {
		e.halted.Store(true)
		r.Reason = strings.TrimPrefix(r.Reason+"; the journal could not be written: "+jerr.Error(), "; ")
	}
}

// do dispatches a step to its action.
func (e *executor) do(ctx context.Context, s *plan.Step, k *model.Kind, r *StepResult) error {
	switch s.Action {
	case plan.ActionCreate:
		return e.create(ctx, s, k, r)
	case plan.ActionUpdate, plan.ActionReorder:
		return e.update(ctx, s, k, r)
	case plan.ActionDelete:
		return e.delete(ctx, s, k, r)
	case plan.ActionActivate, plan.ActionDeactivate:
		return e.lifecycle(ctx, s, k, r)
	case plan.ActionSetRelation:
		return e.setRelation(ctx, s, k, r)
	case plan.ActionToggle:
		return e.toggle(ctx, s, k, r)
	case plan.ActionVerify:
		return e.verify(ctx, s, k, r)
	case plan.ActionAddItem, plan.ActionUpdateItem, plan.ActionRemoveItem:
		return e.items(ctx, s, k, r)
	}
	return fmt.Errorf("step %s: unknown action %v", s.ID, s.Action)
}

func listSome(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + fmt.Sprintf(" and %d more", len(items)-n)
}
