package export

import (
	"context"
	"fmt"

	"github.com/oktasync/oktasync/internal/model"
)

// pipeline converts the kinds of an export as their reads finish, and hands
// the objects to write to the tree writer kind by kind, so that the work
// after the export's last request is only that of the last kinds read (on
// a large org, the apps' child lists, which wait on the apps bucket for
// minutes after everything else is read).
//
// Each kind goes through the converter's two passes, as convert runs them
// for all kinds at once, as soon as what each pass reads is ready:
//
//   - pass 1 reads the kind's objects, the paths of its parent kind and of
//     the kinds its references name (but two-pass edges), for a kind
//     named after its referrers (Kind.NamedBy) the referrers as read and
//     their top-level ancestors' paths, and the users' logins when it
//     names users;
//   - pass 2 reads the paths of every kind its references and relations
//     name, two-pass edges included;
//   - writing an object reads the previous tree, and, for a kind whose
//     objects are left out at Okta's default (Kind.DefaultBody), whether
//     they have children, so the kind waits for its child kinds' pass 2.
//
// The registry orders every kind after the targets of its references but
// two-pass edges, so pass 1 finds exactly the paths it finds when all
// kinds are converted in that order, and pass 2 all of them: the objects
// are the same, whatever order the reads finish in (TestPipelineEqualsBatch).
// The dependencies come from the descriptors alone.
type pipeline struct {
	reg    *model.Registry
	rp     *readPlan
	in     map[string]bool // kinds read
	wanted map[string]bool // kinds selected (written unless skipped)
	c      *converter
	snap   *model.Snapshot // everything read, converted
	out    *model.Snapshot // what the tree holds after the export
	// fetched are the kinds read so far, and skipped those the
	// credentials could not read (or whose parent kind they could not).
	fetched map[string][]*raw
	got     map[string]bool
	skipped map[string]bool
	// The steps done, by kind.
	pass1, pass2, emitted map[string]bool
	converted             map[string][]*model.Object
	// usersNeeded are the kinds that name users: the logins are looked
	// up, once, when all of them are read.
	usersNeeded             []*model.Kind
	usersStarted, usersDone bool
	userWarnings            []Warning
	// partWarnings are carryParts': write-only parts the export could
	// not carry over from the previous tree.
	partWarnings              []Warning
	prev                      *model.Snapshot
	prevReady, prevKeptPassed bool
	// emit hands a part of the tree to the writer.
	emit func([]*model.Object)
}

// kindRead is one kind's read, as fetch reports it.
type kindRead struct {
	kind    *model.Kind
	objs    []*raw
	skipped bool
}

// usersFound is the users' lookup, as lookUpUsers returns it.
type usersFound struct {
	logins   map[string]string
	warnings []Warning
	err      error
}

func newPipeline(reg *model.Registry, rp *readPlan, emit func([]*model.Object)) *pipeline {
	p := &pipeline{reg: reg, rp: rp, in: map[string]bool{}, wanted: map[string]bool{}, c: newConverter(reg, nil),
		snap: model.NewSnapshot(reg), out: model.NewSnapshot(reg), fetched: map[string][]*raw{}, got: map[string]bool{},
		skipped: map[string]bool{}, pass1: map[string]bool{}, pass2: map[string]bool{}, emitted: map[string]bool{},
		converted: map[string][]*model.Object{}, emit: emit}
	for _, k := range rp.kinds {
		p.in[k.Name] = true
		for _, rf := range k.Refs {
			if rf.NamesUsers() {
				p.usersNeeded = append(p.usersNeeded, k)
				break
			}
		}
	}
	for _, k := range rp.selected {
		p.wanted[k.Name] = true
	}
	p.usersDone = len(p.usersNeeded) == 0
	return p
}

// run converts the kinds as events report them read, until every kind is
// read and handed to the writer. prev delivers the previous tree (nil for
// none); lookUp finds the users' logins for the kinds that name users.
func (p *pipeline) run(ctx context.Context, events <-chan kindRead, prev <-chan *model.Snapshot,
	lookUp func(fetched map[string][]*raw) usersFound) error {
	users := make(chan usersFound, 1)
	for events != nil || prev != nil || !p.usersDone {
		select {
		case ev, ok := <-events:
			if !ok {
				events = nil
				if !p.allRead() {
					return ctx.Err() // the read failed; fetch says why
				}
				break
			}
			p.read(ev)
		case s := <-prev:
			p.prev, p.prevReady, prev = s, true, nil
		case u := <-users:
			if u.err != nil {
				return u.err
			}
			p.c.logins, p.userWarnings, p.usersDone = u.logins, u.warnings, true
		case <-ctx.Done():
			return ctx.Err()
		}
		if !p.usersStarted && p.usersReadable() {
			p.usersStarted = true
			fetched := map[string][]*raw{}
			for _, k := range p.usersNeeded {
				fetched[k.Name] = p.fetched[k.Name]
			}
			go func() { users <- lookUp(fetched) }()
		}
		if err := p.advance(); err != nil {
			return err
		}
	}
	for _, k := range p.rp.kinds {
		if !p.emitted[k.Name] {
			return fmt.Errorf("export: internal error: kind %s was read but never converted", k.Name)
		}
	}
	return nil
}

func (p *pipeline) read(ev kindRead) {
	k := ev.kind
	p.got[k.Name] = true
	p.fetched[k.Name] = ev.objs
	// A parent kind is reported before its children.
	p.skipped[k.Name] = ev.skipped || (k.Parent != "" && p.skipped[k.Parent])
	p.c.index(k, ev.objs)
}

func (p *pipeline) allRead() bool {
	for _, k := range p.rp.kinds {
		if !p.got[k.Name] {
			return false
		}
	}
	return true
}

func (p *pipeline) usersReadable() bool {
	for _, k := range p.usersNeeded {
		if !p.got[k.Name] {
			return false
		}
	}
	return true
}

// advance takes every step whose inputs are ready, until none is.
func (p *pipeline) advance() error {
	if p.prevReady && !p.prevKeptPassed {
		// The kinds this export does not read keep their files.
		p.prevKeptPassed = true
		if p.prev != nil {
			for _, k := range p.reg.Kinds() {
				if !p.wanted[k.Name] {
					if err := p.keep(k); err != nil {
						return err
					}
				}
			}
		}
	}
	for progress := true; progress; {
		progress = false
		for _, k := range p.rp.kinds {
			n := k.Name
			switch {
			case !p.pass1[n] && p.ready1(k):
				p.c.pass1(k, p.fetched)
				p.pass1[n] = true
			case p.pass1[n] && !p.pass2[n] && p.ready2(k):
				objs, err := p.c.pass2(k, p.fetched[n], p.snap)
				if err != nil {
					return err
				}
				p.converted[n], p.pass2[n] = objs, true
			case p.pass2[n] && !p.emitted[n] && p.readyToWrite(k):
				if err := p.write(k); err != nil {
					return err
				}
				p.emitted[n] = true
			default:
				continue
			}
			progress = true
		}
	}
	return nil
}

// ready1 reports whether k's pass 1 may run.
func (p *pipeline) ready1(k *model.Kind) bool {
	if !p.got[k.Name] || (k.Parent != "" && !p.pass1[k.Parent]) {
		return false
	}
	for _, rf := range k.Refs {
		if rf.External && !rf.ByLogin {
			continue
		}
		if rf.NamesUsers() && !p.usersDone {
			return false
		}
		if !rf.TwoPass && !p.passed1(rf.Targets()...) {
			return false
		}
	}
	if nb := k.NamedBy; nb != nil {
		if p.in[nb.Kind] && !p.got[nb.Kind] {
			return false
		}
		top := nb.Kind
		for t, ok := p.reg.Kind(top); ok && t.Parent != ""; t, ok = p.reg.Kind(t.Parent) {
			top = t.Parent
		}
		if !p.passed1(top) {
			return false
		}
	}
	return true
}

// ready2 reports whether k's pass 2 may run.
func (p *pipeline) ready2(k *model.Kind) bool {
	if !p.pass1[k.Name] {
		return false
	}
	for _, rf := range k.Refs {
		if !(rf.External && !rf.ByLogin) && !p.passed1(rf.Targets()...) {
			return false
		}
	}
	for _, rel := range k.Relations {
		if !p.passed1(rel.Target) {
			return false
		}
	}
	return true
}

// readyToWrite reports whether k's objects may be handed to the writer.
func (p *pipeline) readyToWrite(k *model.Kind) bool {
	if !p.prevReady {
		return false
	}
	if k.DefaultBody != nil {
		for _, ck := range p.reg.ChildKinds(k.Name) {
			if p.in[ck.Name] && !p.pass2[ck.Name] {
				return false
			}
		}
	}
	return true
}

// passed1 reports whether every kind named that the export reads is
// through pass 1 (a kind not read never is, in either order).
func (p *pipeline) passed1(kinds ...string) bool {
	for _, n := range kinds {
		if p.in[n] && !p.pass1[n] {
			return false
		}
	}
	return true
}

// write hands k's objects to the writer: as read, but those left at Okta's
// default, with the placeholders of the previous tree carried over; or,
// for a kind the credentials could not read, the previous tree's files.
func (p *pipeline) write(k *model.Kind) error {
	switch {
	case !p.wanted[k.Name]:
		return nil // read for its paths only; the previous files were kept
	case p.skipped[k.Name]:
		return p.keep(k)
	}
	var objs []*model.Object
	for _, o := range p.converted[k.Name] {
		if !unwritten(p.reg, p.snap, p.prev, o) {
			objs = append(objs, o)
		}
	}
	preserveIn(p.prev, objs)
	p.partWarnings = append(p.partWarnings, carryParts(p.reg, p.prev, objs)...)
	for _, o := range objs {
		if err := p.out.Add(o); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	if len(objs) > 0 {
		p.emit(objs)
	}
	return nil
}

// keep hands the previous tree's files of kind k to the writer.
func (p *pipeline) keep(k *model.Kind) error {
	if p.prev == nil {
		return nil
	}
	objs := p.prev.ByKind(k.Name)
	for _, o := range objs {
		if err := p.out.Add(o); err != nil {
			return fmt.Errorf("export: keeping %s from the previous tree: %w", o.File(), err)
		}
	}
	if len(objs) > 0 {
		p.emit(objs)
	}
	return nil
}
