package plan

import (
	"encoding/json"
	"sort"
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
//
// plain says that m holds only values equal to themselves and no key with
// a "." (bodyFacts): then only the keys walkMarks names are looked at.
func (df *differ) sameWalk(m map[string]any, ptr, dotted string, plain bool) bool {
	plain = plain && len(df.second) == 0 && len(df.skip) == 0
	if plain {
		for _, key := range df.ki.walkKids[dotted] {
			ov, ok := m[key]
			if ok && !df.sameKey(key, ov, ptr, dotted, plain) {
				return false
			}
		}
		return true
	}
	for key, ov := range m {
		if !df.sameKey(key, ov, ptr, dotted, plain) {
			return false
		}
	}
	return true
}

// sameKey is sameWalk for one key of m and its value ov, in walk's order
// of checks.
func (df *differ) sameKey(key string, ov any, ptr, dotted string, plain bool) bool {
	dp := joinDotted(dotted, key)
	if !df.ki.walkMarks[dp] && len(df.second) == 0 && len(df.skip) == 0 {
		// Nothing under dp is treated apart: walk compares it whole, or
		// walks into it only to compare its values.
		return plain || reflexive(ov)
	}
	if df.ki.ignored[dp] {
		if len(df.ignoredSeen) > 0 {
			return false
		}
		df.ignoredSeen = append(df.ignoredSeen, ptr+"/"+model.EscapePointer(key))
		return true
	}
	if dotted == "" && df.ki.k.PartField(key) {
		return true
	}
	_, isStr := ov.(string)
	_, isToggleValue := model.ToggleValue(ov)
	if (dp == df.ki.status && isStr) || (df.ki.toggles[dp] != nil && isToggleValue) || dp == df.ki.order || df.skip[dp] {
		return true
	}
	if _, isSet := df.ki.itemSets[dp]; isSet {
		return true
	}
	if om, ok := ov.(map[string]any); ok {
		p := ptr + "/" + model.EscapePointer(key)
		if !df.second[p] {
			return df.sameWalk(om, p, dp, plain)
		}
	}
	return plain || reflexive(ov)
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

// walkKids maps each dotted prefix in marks ("" for the top) to the keys
// under it that marks holds: the keys sameWalk looks at in a plain body.
func walkKids(marks map[string]bool) map[string][]string {
	kids := map[string][]string{}
	for f := range marks {
		parent, key := "", f
		if i := strings.LastIndexByte(f, '.'); i >= 0 {
			parent, key = f[:i], f[i+1:]
		}
		kids[parent] = append(kids[parent], key)
	}
	for _, ks := range kids {
		sort.Strings(ks)
	}
	return kids
}
