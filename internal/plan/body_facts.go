package plan

import (
	"encoding/json"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// bodyFacts is what one walk of a file's body finds, so that the stages
// that would each walk it (variable resolution, the comparison form, the
// diff of twin bodies) can tell when they would find nothing to do. A
// twin's resolution shares them.
type bodyFacts struct {
	// known is set when the facts describe the resolved body (no variable
	// changed the file's body).
	known bool
	// vars: a string holds a ${var:} placeholder, or placeholders
	// ScanPlaceholders refuses: varResolver has work (or problems) there.
	vars bool
	// refs: a string holds "${ref:", which the comparison form rewrites.
	refs bool
	// odd: a value is of a type equalValue does not compare as text
	// (see reflexive), or a key holds a "." (a dotted field name cannot
	// tell it from a nested key; see walkKids).
	odd bool
}

// factsOf walks v once.
func factsOf(v any, f *bodyFacts) {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if strings.IndexByte(k, '.') >= 0 {
				f.odd = true
			}
			factsOf(e, f)
		}
	case []any:
		for _, e := range t {
			factsOf(e, f)
		}
	case string:
		if !strings.Contains(t, "${") {
			return
		}
		if strings.Contains(t, "${ref:") {
			f.refs = true
		}
		if f.vars {
			return
		}
		// As varResolver.str decides whether it changes s or reports a
		// problem.
		phs, err := model.ScanPlaceholders(t)
		if err != nil {
			f.vars = true
			return
		}
		for _, p := range phs {
			if p.Type == model.PlaceholderVar {
				f.vars = true
				return
			}
		}
	case nil, json.Number, bool, float64, int, int64:
	default:
		f.odd = true
	}
}
