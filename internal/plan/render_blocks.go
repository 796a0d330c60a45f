package plan

import (
	"sort"
	"strings"
)

// objBlock is everything the plan does to one path.
type objBlock struct {
	kind, path  string
	actions     []Action
	labels      []string // what each action reads as (a toggle's verb)
	replace     bool
	destructive bool
	// adopted is set for an object Okta makes with a parent this plan
	// creates; with no actions, nothing is sent for it.
	adopted bool
	lines   []fieldLine
}

// head is the symbol and, for a replace, the word that says so:
// "-/+ replace".
func (b *objBlock) head() string {
	if b.replace {
		return b.symbol() + " replace"
	}
	return b.symbol()
}

func (b *objBlock) symbol() string {
	has := func(a Action) bool {
		for _, x := range b.actions {
			if x == a {
				return true
			}
		}
		return false
	}
	switch {
	case len(b.actions) == 0 && b.adopted:
		return "="
	case b.replace || (has(ActionCreate) && has(ActionDelete)):
		return "-/+"
	case has(ActionCreate):
		return "+"
	case has(ActionDelete):
		return "-"
	}
	return "~"
}

func (b *objBlock) actionText() string { return strings.Join(b.labels, " → ") }

// stepLabel is a step's action as people read it: a toggle by its verb
// ("enable", or "set status to ENABLED"), the others by their name.
func stepLabel(s *Step) string {
	if s.Action == ActionToggle && s.Toggle != nil {
		return s.Toggle.Label()
	}
	return s.Action.String()
}

// kindRank orders kinds as the summary does (registry order), then any
// kind not in it by name.
func kindRank(p *Plan) func(string) int {
	rank := map[string]int{}
	for i, k := range p.Summary.Kinds {
		rank[k.Kind] = i
	}
	return func(k string) int {
		if r, ok := rank[k]; ok {
			return r
		}
		return len(rank)
	}
}

// blocks groups the plan's steps by path, in kind order then path; within
// a block, steps keep plan order.
func blocks(p *Plan) []*objBlock {
	byPath := map[string]*objBlock{}
	var list []*objBlock
	for i := range p.Steps {
		s := &p.Steps[i]
		b := byPath[s.Path]
		if b == nil {
			b = &objBlock{kind: s.Kind, path: s.Path}
			byPath[s.Path] = b
			list = append(list, b)
			if s.CurrentPath != "" {
				// Matched by role or identity at another path: say which
				// current object this is.
				b.lines = append(b.lines, fieldLine{op: lineNote, text: "the current object is " + s.CurrentPath})
			}
		}
		if s.Adopt && !b.adopted {
			// Okta makes the object with its parent; the steps set it.
			b.adopted = true
			b.labels = append(b.labels, "adopt")
		}
		b.actions = append(b.actions, s.Action)
		b.labels = append(b.labels, stepLabel(s))
		b.replace = b.replace || s.Replace
		b.destructive = b.destructive || s.Destructive
		b.lines = append(b.lines, stepLines(s)...)
	}
	list = append(list, adoptedBlocks(p, byPath)...)
	rank := kindRank(p)
	sort.SliceStable(list, func(i, j int) bool {
		ri, rj := rank(list[i].kind), rank(list[j].kind)
		if ri != rj {
			return ri < rj
		}
		return list[i].path < list[j].path
	})
	return list
}
