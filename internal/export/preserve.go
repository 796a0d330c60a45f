package export

import (
	"strconv"

	"github.com/oktasync/oktasync/internal/model"
)

// preserveIn carries the ${var:} and ${secret:} placeholders a
// user wrote in the previous tree into objects of the new one. A placeholder is kept
// where the new export has a value at the same place (the live value is
// what the variable resolved to in this org), and a secret placeholder is
// kept even where the org returns nothing (secrets are often write-only).
// Drift on a variable field is plan's job to show, not export's.
func preserveIn(prev *model.Snapshot, objs []*model.Object) {
	if prev == nil {
		return
	}
	for _, o := range objs {
		old, ok := prev.Get(o.Path)
		if !ok || old.Kind != o.Kind {
			continue
		}
		model.WalkStrings(old.Body, func(ptr, s string) {
			phs, err := model.ScanPlaceholders(s)
			if err != nil || len(phs) == 0 {
				return
			}
			hasVar, hasSecret := false, false
			for _, p := range phs {
				switch p.Type {
				case model.PlaceholderVar:
					hasVar = true
				case model.PlaceholderSecret:
					hasSecret = true
				default:
					// References, users and org tokens are rewritten by export itself.
				}
			}
			if !hasVar && !hasSecret {
				return
			}
			cur, exists := getPointer(o.Body, ptr)
			if !exists && !hasSecret {
				return
			}
			if exists {
				switch cur.(type) {
				case map[string]any, []any:
					return // the org has a structure there now; don't guess
				}
				// Scalars of any type: a variable may stand for a number
				// or a boolean (a port, a lifetime, a flag).
			}
			setPointer(o.Body, ptr, s)
		})
	}
}

func getPointer(v any, ptr string) (any, bool) {
	cur := v
	for _, p := range model.SplitPointer(ptr) {
		switch t := cur.(type) {
		case map[string]any:
			x, ok := t[p]
			if !ok {
				return nil, false
			}
			cur = x
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(t) {
				return nil, false
			}
			cur = t[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// setPointer sets a value, creating missing objects on the way (but never
// array elements: a pointer into a missing array element is dropped).
func setPointer(body map[string]any, ptr string, v any) {
	parts := model.SplitPointer(ptr)
	if len(parts) == 0 {
		return
	}
	var cur any = body
	for i, p := range parts {
		last := i == len(parts)-1
		switch t := cur.(type) {
		case map[string]any:
			if last {
				t[p] = v
				return
			}
			next, ok := t[p]
			if !ok || next == nil {
				if _, err := strconv.Atoi(parts[i+1]); err == nil {
					return
				}
				next = map[string]any{}
				t[p] = next
			}
			cur = next
		case []any:
			idx, err := strconv.Atoi(p)
			if err != nil || idx < 0 || idx >= len(t) {
				return
			}
			if last {
				t[idx] = v
				return
			}
			cur = t[idx]
		default:
			return
		}
	}
}
