package plan

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// sameBodies reports whether n's update can skip the diff walk: its
// desired body, its comparison form and its current body are one map (the
// twin files of two trees compared, with every reference naming an object
// matched at its own path), no reference is forced to change (forced), and
// the kind has no write-only part (compared by digest, against the live
// form). Then walk compares every value with itself.
func (e *engine) sameBodies(n *node, df *differ) bool {
	return !e.opts.noShortcuts && len(df.forced) == 0 && !df.fresh && n.ki.k.WriteOnly == nil &&
		sameMap(n.dCmp, n.dBody) && sameMap(n.dBody, n.cBody)
}

// sameWalk is walk for one map compared with itself (cmp, out and cur all
// m): it finds no change when every value walk would compare is equal to
// itself by equalValue (reflexive), and it records the same ignored fields
// as walk. It reports false when it cannot show that (a value of a type
// equalValue does not know, or more than one ignored field, whose order
// walk's sorted keys decide); the caller then walks.
func (df *differ) sameWalk(m map[string]any, ptr, dotted string) bool {
	plain := len(df.second) == 0 && len(df.skip) == 0
	for key, ov := range m {
		dp := joinDotted(dotted, key)
		if plain && !df.ki.walkMarks[dp] {
			// Nothing under dp is treated apart: walk compares it
			// whole, or walks into it only to compare its values.
			if !reflexive(ov) {
				return false
			}
			continue
		}
		if df.ki.ignored[dp] {
			if len(df.ignoredSeen) > 0 {
				return false
			}
			df.ignoredSeen = append(df.ignoredSeen, ptr+"/"+model.EscapePointer(key))
			continue
		}
		if dotted == "" && df.ki.k.PartField(key) {
			continue
		}
		_, isStr := ov.(string)
		_, isToggleValue := model.ToggleValue(ov)
		if (dp == df.ki.status && isStr) || (df.ki.toggles[dp] != nil && isToggleValue) || dp == df.ki.order || df.skip[dp] {
			continue
		}
		if _, isSet := df.ki.itemSets[dp]; isSet {
			continue
		}
		if om, ok := ov.(map[string]any); ok {
			p := ptr + "/" + model.EscapePointer(key)
			if !df.second[p] {
				if !df.sameWalk(om, p, dp) {
					return false
				}
				continue
			}
		}
		if !reflexive(ov) {
			return false
		}
	}
	return true
}

// reflexive reports whether equalValue(v, v, …) is surely true: v is made
// of maps, lists and scalars whose text equalValue compares (scalarText).
// A set compares as a multiset, by the same canonical key on both sides,
// so holding such values is enough for it too.
func reflexive(v any) bool {
	switch t := v.(type) {
	case nil, string, json.Number, bool, float64, int, int64:
		return true
	case map[string]any:
		for _, e := range t {
			if !reflexive(e) {
				return false
			}
		}
		return true
	case []any:
		for _, e := range t {
			if !reflexive(e) {
				return false
			}
		}
		return true
	}
	return false
}

// scalarText is the text of a scalar, for comparison.
func scalarText(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case json.Number:
		return string(t), true
	case bool:
		return strconv.FormatBool(t), true
	case float64:
		return strconv.FormatFloat(t, 'g', -1, 64), true
	case int:
		return strconv.Itoa(t), true
	case int64:
		return strconv.FormatInt(t, 10), true
	}
	return "", false
}

// walkMarks are the dotted fields walk treats apart from a plain
// comparison (ignored, status, toggle, order, item set and write-only
// fields) and every dotted prefix of one: outside them, sameWalk only
// checks that values equal themselves.
func walkMarks(ki *kindInfo) map[string]bool {
	marks := map[string]bool{}
	mark := func(f string) {
		for {
			marks[f] = true
			i := strings.LastIndexByte(f, '.')
			if i < 0 {
				return
			}
			f = f[:i]
		}
	}
	for f := range ki.ignored {
		mark(f)
	}
	for f := range ki.toggles {
		mark(f)
	}
	for f := range ki.itemSets {
		mark(f)
	}
	for _, f := range []string{ki.status, ki.order} {
		if f != "" {
			mark(f)
		}
	}
	if p := ki.k.WriteOnly; p != nil {
		for _, f := range p.Fields {
			mark(f)
		}
	}
	return marks
}
