package plan

import (
	"fmt"
	"sort"
	"strings"
)

// Adoption is an object Okta makes along with a parent this plan creates,
// and that the plan sends nothing for: a read-only system object such as
// the openid scope of a new authorization server. It is not a refusal
// (nothing the tree asks for is left undone: Okta makes the object) and
// not a step (there is no request to send). Apply finds it under the new
// parent by its role when a later step refers to it; the next plan matches
// it by role like any existing system object.
type Adoption struct {
	Kind       string `json:"kind"`
	Path       string `json:"path"`
	ParentPath string `json:"parent_path"`
	Role       string `json:"role,omitempty"`
	Reason     string `json:"reason"`
}

// adoptReadOnly records a read-only system object that Okta creates with
// n's parent, which this plan creates. Whatever refers to the object waits
// for the parent, the step that makes it exist.
func (e *engine) adoptReadOnly(n *node) {
	k := n.ki.k
	e.adopted = append(e.adopted, Adoption{
		Kind: k.Name, Path: n.path(), ParentPath: n.dParent, Role: n.dRole,
		Reason: fmt.Sprintf("Okta creates the %s with role %q along with %s; it is read-only, so nothing is sent",
			strings.ToLower(k.Title), n.dRole, n.dParent),
	})
	if p := e.dNodes[n.dParent]; p != nil {
		n.ready = p.ready
	}
}

// sortAdopted orders adoptions like refusals: kind order, then path.
func (e *engine) sortAdopted(list []Adoption) {
	sort.SliceStable(list, func(i, j int) bool {
		ka, kb := e.kinds[list[i].Kind].idx, e.kinds[list[j].Kind].idx
		if ka != kb {
			return ka < kb
		}
		return list[i].Path < list[j].Path
	})
}

// adoptedCount is the number of objects the plan adopts: those it sends
// nothing for (Plan.Adopted) and those whose only steps set the fields of
// an object Okta makes with its parent (Step.Adopt).
func adoptedCount(p *Plan) int {
	paths := map[string]bool{}
	for _, a := range p.Adopted {
		paths[a.Path] = true
	}
	for _, s := range p.Steps {
		if s.Adopt {
			paths[s.Path] = true
		}
	}
	return len(paths)
}

// adoptedBlocks are the rendered blocks of the objects in Plan.Adopted that
// have no steps (symbol "=", action "adopt", the reason as a note).
func adoptedBlocks(p *Plan, byPath map[string]*objBlock) []*objBlock {
	var out []*objBlock
	for _, a := range p.Adopted {
		if byPath[a.Path] != nil {
			continue
		}
		b := &objBlock{kind: a.Kind, path: a.Path, adopted: true, labels: []string{"adopt"},
			lines: []fieldLine{{op: lineNote, text: a.Reason}}}
		byPath[a.Path] = b
		out = append(out, b)
	}
	return out
}

// adoptedText is the summary line's part about adopted objects, if any.
func adoptedText(p *Plan) string {
	n := adoptedCount(p)
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("; %d %s with %s (Okta makes %s)", n, plural(n, "object adopted", "objects adopted"),
		plural(n, "its parent", "their parents"), plural(n, "it", "them"))
}
