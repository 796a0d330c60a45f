package plan

import (
	"encoding/json"

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
	for key, ov := range m {
		dp := joinDotted(dotted, key)
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
