package plan

import (
	"fmt"
	"html"
	"sort"
	"strings"
)

// mdKindSection is one kind's collapsible section: its summary line and the
// rendered objects, which may be cut.
type mdKindSection struct {
	kind    string
	summary string
	objects []string
	keep    int // how many objects fit
}

func (s *mdKindSection) size(n int) int {
	total := len(s.summary) + len("</details>\n\n")
	for _, o := range s.objects[:n] {
		total += len(o)
	}
	if n < len(s.objects) {
		total += len(s.omitted(n))
	}
	return total
}

func (s *mdKindSection) omitted(n int) string {
	left := len(s.objects) - n
	return fmt.Sprintf("_… %d more %s of this kind left out (the comment is truncated)._\n\n", left, plural(left, "object", "objects"))
}

func (s *mdKindSection) render() string {
	var b strings.Builder
	b.WriteString(s.summary)
	for _, o := range s.objects[:s.keep] {
		b.WriteString(o)
	}
	if s.keep < len(s.objects) {
		b.WriteString(s.omitted(s.keep))
	}
	b.WriteString("</details>\n\n")
	return b.String()
}

// mdDetails renders the per-kind sections and the execution order in at
// most room bytes. When everything does not fit, the execution order goes
// first; then each kind keeps its section and summary, and the room left
// for objects is shared evenly: kinds that need less than an equal share
// keep everything, and the rest is split among the larger ones, which
// keep their first objects in path order. So a cut never drops a whole
// kind while keeping another whole.
func mdDetails(p *Plan, room int, artifactURL string) string {
	var secs []*mdKindSection
	bs := blocks(p)
	for _, kind := range mdKinds(p) {
		s := &mdKindSection{kind: kind}
		s.summary = fmt.Sprintf("<details><summary><b>%s</b>: %s</summary>\n\n", html.EscapeString(kind), html.EscapeString(kindCounts(p, kind)))
		for _, blk := range bs {
			if blk.kind == kind {
				var b strings.Builder
				mdBlock(&b, blk)
				s.objects = append(s.objects, b.String())
			}
		}
		s.keep = len(s.objects)
		secs = append(secs, s)
	}
	order := ""
	if len(p.Steps) > 0 {
		order = mdOrder(p)
	}
	full := len(order)
	for _, s := range secs {
		full += s.size(len(s.objects))
	}
	if full <= room {
		var b strings.Builder
		for _, s := range secs {
			b.WriteString(s.render())
		}
		return b.String() + order
	}

	// Room for the note that says what was cut.
	const noteRoom = 400
	budget := room - noteRoom
	for _, s := range secs {
		budget -= s.size(0) // every kind keeps its section
	}
	// Share the rest evenly, smallest needs first.
	need := func(s *mdKindSection) int { return s.size(len(s.objects)) - s.size(0) }
	bySize := append([]*mdKindSection(nil), secs...)
	sort.SliceStable(bySize, func(i, j int) bool { return need(bySize[i]) < need(bySize[j]) })
	cut := 0
	for i, s := range bySize {
		share := 0
		if budget > 0 {
			share = budget / (len(bySize) - i)
		}
		s.keep = 0
		for s.keep < len(s.objects) && s.size(s.keep+1)-s.size(0) <= share {
			s.keep++
		}
		budget -= s.size(s.keep) - s.size(0)
		cut += len(s.objects) - s.keep
	}
	var b strings.Builder
	for _, s := range secs {
		b.WriteString(s.render())
	}
	note := "> [!NOTE]\n> This comment is truncated to stay under the size limit: the execution order is left out."
	if cut > 0 {
		note = fmt.Sprintf("> [!NOTE]\n> This comment is truncated to stay under the size limit: the details of %d %s and the execution order are left out; every kind keeps its counts.",
			cut, plural(cut, "object", "objects"))
	}
	if artifactURL != "" {
		note += fmt.Sprintf(" The full plan is at %s.", artifactURL)
	} else {
		note += " Run `oktasync plan` to see the full plan."
	}
	return b.String() + note + "\n"
}

// mdKinds are the kinds with a section: those with steps (summary order),
// then those with only adoptions.
func mdKinds(p *Plan) []string {
	var out []string
	seen := map[string]bool{}
	for _, ks := range p.Summary.Kinds {
		out, seen[ks.Kind] = append(out, ks.Kind), true
	}
	for _, a := range p.Adopted {
		if !seen[a.Kind] {
			out, seen[a.Kind] = append(out, a.Kind), true
		}
	}
	return out
}

// kindCounts is a kind's section summary: its steps per action, and its
// adoptions.
func kindCounts(p *Plan, kind string) string {
	var count []string
	for _, ks := range p.Summary.Kinds {
		if ks.Kind != kind {
			continue
		}
		for _, a := range Actions() {
			if n := ks.Actions[a]; n > 0 {
				count = append(count, fmt.Sprintf("%d to %s", n, a))
			}
		}
	}
	adopted := 0
	for _, a := range p.Adopted {
		if a.Kind == kind {
			adopted++
		}
	}
	if adopted > 0 {
		count = append(count, fmt.Sprintf("%d adopted", adopted))
	}
	return strings.Join(count, ", ")
}
