package plan

import (
	"sort"

	"github.com/oktasync/oktasync/internal/model"
)

// assemble turns the ordered steps into the plan value.
func (e *engine) assemble() *Plan {
	p := &Plan{
		FormatVersion: FormatVersion,
		ToolVersion:   e.opts.ToolVersion,
		Desired:       e.opts.Desired,
		Current:       e.opts.Current,
		AllowDelete:   e.opts.AllowDelete,
		AllowReplace:  e.opts.AllowReplace,
		MaxDeletes:    e.opts.maxDeletes(),
		Steps:         make([]Step, 0, len(e.ordered)),
	}
	if o := e.opts.Org; o != nil {
		org := *o
		p.Org = &org
	}
	if !e.opts.CreatedAt.IsZero() {
		// ISO 8601 with milliseconds, as Okta writes dates.
		p.CreatedAt = e.opts.CreatedAt.UTC().Format("2006-01-02T15:04:05.000Z07:00")
	}
	pos := make(map[*step]int, len(e.ordered))
	for i, s := range e.ordered {
		pos[s] = i
	}
	for _, s := range e.ordered {
		deps := make([]*step, 0, len(s.deps))
		for d := range s.deps {
			deps = append(deps, d)
		}
		sort.Slice(deps, func(i, j int) bool { return pos[deps[i]] < pos[deps[j]] })
		st := s.Step
		// Bodies and values share memory with the snapshots while planning;
		// the plan owns copies.
		st.Body, _ = model.DeepCopy(st.Body).(map[string]any)
		st.Changes = copyChanges(st.Changes)
		st.Items = copyItems(st.Items)
		st.DependsOn = make([]string, len(deps))
		for i, d := range deps {
			st.DependsOn[i] = d.ID
		}
		p.Steps = append(p.Steps, st)
	}
	p.Summary = e.summary(p)
	p.Refused = e.refused
	for i := range p.Refused {
		p.Refused[i].Changes = copyChanges(p.Refused[i].Changes)
		p.Refused[i].Items = copyItems(p.Refused[i].Items)
	}
	sort.SliceStable(p.Refused, func(i, j int) bool {
		a, b := p.Refused[i], p.Refused[j]
		ka, kb := e.kinds[a.Kind].idx, e.kinds[b.Kind].idx
		if ka != kb {
			return ka < kb
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Action < b.Action
	})
	p.Summary.Refused = len(p.Refused)
	p.Adopted = e.adopted
	e.sortAdopted(p.Adopted)
	for _, r := range p.Refused {
		if r.Unmanaged {
			p.Summary.Unmanaged++
		}
	}
	p.Summary.Ignored = e.ignored
	p.Warnings = e.warnings
	sort.SliceStable(p.Warnings, func(i, j int) bool {
		a, b := p.Warnings[i], p.Warnings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Message < b.Message
	})
	p.Warnings = dedupWarnings(p.Warnings)
	p.Targets = e.targets()
	p.Fingerprints = map[string]string{}
	for path, n := range e.cNodes {
		if n.c.Live != nil && n.c.Live.Fingerprint != "" {
			p.Fingerprints[path] = n.c.Live.Fingerprint
		}
	}
	if len(p.Fingerprints) == 0 {
		p.Fingerprints = nil
	}
	return p
}

func copyChanges(cs []Change) []Change {
	if cs == nil {
		return nil
	}
	out := make([]Change, len(cs))
	for i, c := range cs {
		c.Before, c.After = model.DeepCopy(c.Before), model.DeepCopy(c.After)
		out[i] = c
	}
	return out
}

func copyItems(items []ItemChange) []ItemChange {
	if items == nil {
		return nil
	}
	out := make([]ItemChange, len(items))
	for i, it := range items {
		it.Item, it.Before = model.DeepCopy(it.Item), model.DeepCopy(it.Before)
		out[i] = it
	}
	return out
}

func dedupWarnings(ws []Warning) []Warning {
	out := ws[:0]
	for i, w := range ws {
		if i > 0 && w == ws[i-1] {
			continue
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func (e *engine) summary(p *Plan) Summary {
	s := Summary{Actions: map[Action]int{}}
	perKind := map[string]map[Action]int{}
	for _, st := range p.Steps {
		s.Actions[st.Action]++
		if perKind[st.Kind] == nil {
			perKind[st.Kind] = map[Action]int{}
		}
		perKind[st.Kind][st.Action]++
		if st.Destructive {
			s.Destructive++
		}
	}
	for _, ki := range e.byOrder {
		if c, ok := perKind[ki.k.Name]; ok {
			s.Kinds = append(s.Kinds, KindSummary{Kind: ki.k.Name, Actions: c})
		}
	}
	return s
}

// targets lists the existing objects that steps refer to by desired path.
func (e *engine) targets() map[string]Target {
	out := map[string]Target{}
	add := func(desiredPath string) {
		n := e.dNodes[desiredPath]
		if n != nil && n.c == nil && n.ki.k.Existing {
			out[desiredPath] = Target{Identity: n.ki.k.IdentityValue(n.dBody)}
			return
		}
		if n == nil || n.c == nil {
			return
		}
		out[desiredPath] = Target{CurrentPath: n.c.Path, ID: n.liveID()}
	}
	for _, s := range e.ordered {
		if s.n.d == nil {
			continue
		}
		add(s.ParentPath)
		add(s.Path)
		for _, r := range s.Refs() {
			add(r.Target)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
