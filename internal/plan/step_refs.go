package plan

import (
	"strconv"

	"github.com/oktasync/oktasync/internal/model"
)

// StepRef is one reference a step holds.
type StepRef struct {
	// Target is the desired path of the object referred to.
	Target string
	// Pointer is the JSON pointer, in Body, of the string holding the
	// ${ref:}; empty for a relation.
	Pointer string
	// Relation names the relation whose target this is; empty for a ref
	// in the body.
	Relation string
}

// Refs returns every reference the step holds: each ${ref:} in its body
// (one per occurrence, in the order model.WalkStrings visits them), then
// its relation's target, then each ${ref:} in the items it adds or updates
// (Pointer "/items/<i>/item…"; a removed item's refs name the current
// state, not objects this plan knows by desired path). It is the one definition of a step's references:
// the plan orders steps and lists its targets by it, and apply reads the
// kinds it touches and makes a slot for each object it may name by it.
// The step's parent is not a reference (ParentPath).
func (s *Step) Refs() []StepRef {
	var out []StepRef
	model.WalkStrings(s.Body, func(ptr, str string) {
		for _, t := range model.RefsIn(str) {
			out = append(out, StepRef{Target: t, Pointer: ptr})
		}
	})
	if s.Relation != nil {
		if t, ok := model.ParseRef(s.Relation.Target); ok {
			out = append(out, StepRef{Target: t, Relation: s.Relation.Name})
		}
	}
	for i, it := range s.Items {
		model.WalkStrings(it.Item, func(ptr, str string) {
			for _, t := range model.RefsIn(str) {
				out = append(out, StepRef{Target: t, Pointer: "/items/" + strconv.Itoa(i) + "/item" + ptr})
			}
		})
	}
	return out
}
