package plan

import (
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// Mask replaces a sensitive value wherever the plan would show it. It is
// the same for every value: a hash would let a reviewer confirm a guess at
// a weak secret.
const Mask = "(sensitive)"

// kindInfo is what the diff needs from a descriptor, in lookup form.
type kindInfo struct {
	k   *model.Kind
	idx int // position in the registry's order
	// ignored are read-only and volatile fields (dotted): the server owns
	// them, so a value in a desired file is ignored (with a warning).
	ignored map[string]bool
	sets    map[string]bool
	secrets map[string]bool
	// status and order are the lifecycle status field and the sibling order
	// field; they become lifecycle and reorder steps, not field changes.
	status, order string
	// itemSets are the kind's item sets by field: written by item steps,
	// never by the object's own update.
	itemSets map[string]model.ItemSet
	// toggles are the kind's toggle fields (dotted); they become toggle
	// steps, not field changes.
	toggles map[string]*model.Toggle
	// walkMarks: see walkMarks.
	walkMarks map[string]bool
	walkKids  map[string][]string
	// plainIdentFields: see plainIdentFields.
	plainIdentFields bool
}

func newKindInfo(k *model.Kind, idx int) *kindInfo {
	ki := &kindInfo{k: k, idx: idx, ignored: map[string]bool{}, sets: map[string]bool{}, secrets: map[string]bool{}, order: k.OrderField}
	for _, f := range k.ReadOnly {
		ki.ignored[f] = true
	}
	for _, f := range k.VolatileFields() {
		ki.ignored[f] = true
	}
	for i := range k.Toggles {
		if ki.toggles == nil {
			ki.toggles = map[string]*model.Toggle{}
		}
		ki.toggles[k.Toggles[i].Field] = &k.Toggles[i]
	}
	for _, f := range k.Sets {
		ki.sets[f] = true
	}
	for _, s := range k.Secrets {
		ki.secrets[s.Path] = true
	}
	if k.Lifecycle != nil {
		ki.status = k.Lifecycle.StatusField
	}
	ki.itemSets = map[string]model.ItemSet{}
	for _, s := range k.ItemSets {
		ki.itemSets[s.Field] = s
	}
	// Identity fields are never ignored, even where Okta computes them
	// (an IdP key's thumbprint): they are how objects are matched.
	for _, f := range k.Identity {
		delete(ki.ignored, f)
	}
	ki.walkMarks = walkMarks(ki)
	ki.walkKids = walkKids(ki.walkMarks)
	ki.plainIdentFields = plainIdentFields(k.Identity)
	return ki
}

// differ compares one desired body with one current body.
//
// It walks the desired body in parallel in two forms: cmp, where every
// ${ref:<desired path>} is rewritten to the matched current path (so refs
// compare by the object they name, not by their spelling), and out, the
// form the plan carries (refs as desired paths, variables resolved).
type differ struct {
	ki *kindInfo
	// skip are dotted fields left out of the comparison (immutable fields
	// of a refused replace).
	skip map[string]bool
	// forced are pointers of reference fields whose target changes the
	// field the reference stands for (a scope's name): a change even when
	// the references compare equal. Values are notes.
	forced map[string]string
	// second are pointers of two-pass reference fields whose target is
	// created by this plan: their changes go into a second update.
	second map[string]bool
	// partLive is Okta's digest of the kind's write-only part
	// (model.WriteOnlyPart) in the current object, "" when it has none.
	partLive string
	// fresh is set for an object Okta has just made (adopted after its
	// parent's create): its secrets are unset, so a ${secret:} is a change
	// like any value, as in a create.
	fresh bool
	// ignoredSeen records desired fields skipped as read-only.
	ignoredSeen []string

	changes, changes2 []Change
}

// diff compares and returns the merge patch of the first and second pass.
func (df *differ) diff(cmp, out, cur map[string]any) (patch, patch2 map[string]any) {
	if cur == nil {
		cur = map[string]any{}
	}
	patch, patch2 = df.walk(cmp, out, cur, "", "")
	patch = df.part(out, patch)
	return patch, patch2
}

// part compares the kind's write-only part by digest: when the file's
// certificate (Digest.Field) differs from the one Okta shows, the patch
// carries every field of the part (secrets as placeholders) and the plan
// one change that names both digests. A private key alone is never a
// change: it is a secret the plan cannot compare.
func (df *differ) part(out, patch map[string]any) map[string]any {
	p := df.ki.k.WriteOnly
	if p == nil {
		return patch
	}
	fp, ok, _ := df.ki.k.FilePartDigest(out) // validate reports a bad PEM
	if !ok || model.SameDigest(fp, df.partLive) || (p.When != nil && !model.Matches(out, p.When)) {
		return patch
	}
	for _, f := range p.Fields {
		if v, has := out[f]; has {
			patch = setKey(patch, f, v)
		}
	}
	df.changes = append(df.changes, partChange(df.ki.k, fp, df.partLive))
	return patch
}

// partChange is the one change a write-only part's write shows.
func partChange(k *model.Kind, fp, live string) Change {
	p := k.WriteOnly
	ch := Change{Path: "/" + model.EscapePointer(p.Digest.Field), Op: OpModify, After: "SHA-256 " + fp,
		Note: fmt.Sprintf("the %s (%s) is written by %s %s; Okta shows only its fingerprint", p.Name, strings.Join(p.Fields, ", "), p.Write.Method, p.Write.Path)}
	if live == "" {
		ch.Op = OpAdd
	} else {
		ch.Before = "SHA-256 " + live
	}
	return ch
}

func (df *differ) walk(cmp, out, cur map[string]any, ptr, dotted string) (patch, patch2 map[string]any) {
	keys := make([]string, 0, len(out))
	for k := range out {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		dp := joinDotted(dotted, key)
		p := ptr + "/" + model.EscapePointer(key)
		if df.ki.ignored[dp] {
			df.ignoredSeen = append(df.ignoredSeen, p)
			continue
		}
		if dotted == "" && df.ki.k.PartField(key) {
			continue // compared by digest (part)
		}
		ov := out[key]
		// A string status is a lifecycle step, and a toggle field holding a
		// value a toggle names (a string or a boolean) a toggle step; a
		// value of another type (Okta has changed some) is left to the
		// field comparison.
		_, isStr := ov.(string)
		_, isToggleValue := model.ToggleValue(ov)
		if (dp == df.ki.status && isStr) || (df.ki.toggles[dp] != nil && isToggleValue) || dp == df.ki.order || df.skip[dp] {
			continue
		}
		if _, isSet := df.ki.itemSets[dp]; isSet {
			continue
		}
		cv := cur[key]
		if cv == nil && ov != nil && df.ki.k.IsDefault(dp, ov) {
			// Okta's default, which it does not echo (Kind.Defaults).
			continue
		}
		if om, ok := ov.(map[string]any); ok && !df.second[p] {
			cm, cIsMap := cv.(map[string]any)
			if cIsMap || cv == nil {
				if cm == nil {
					cm = map[string]any{}
				}
				sub, sub2 := df.walk(asMap(cmp[key]), om, cm, p, dp)
				if sub != nil {
					patch = setKey(patch, key, sub)
				}
				if sub2 != nil {
					patch2 = setKey(patch2, key, sub2)
				}
				continue
			}
		}
		var ch Change
		switch {
		case ov == nil && cv == nil:
			continue
		case ov == nil:
			ch = Change{Path: p, Op: OpClear, Before: cv}
		default:
			note, forced := df.forcedUnder(p)
			if equalValue(cmp[key], cv, dp, df.ki) && !forced && !(df.fresh && holdsSecret(ov)) {
				continue
			}
			ch = Change{Path: p, Op: OpModify, Before: cv, After: ov, Note: note}
			if cv == nil {
				ch.Op = OpAdd
			}
		}
		df.mask(&ch, dp)
		if df.secondUnder(p) {
			df.changes2 = append(df.changes2, ch)
			patch2 = setKey(patch2, key, ov)
		} else {
			df.changes = append(df.changes, ch)
			patch = setKey(patch, key, ov)
		}
	}
	return patch, patch2
}

func (df *differ) forcedUnder(p string) (string, bool) {
	var notes []string
	for fp, note := range df.forced {
		if fp == p || strings.HasPrefix(fp, p+"/") {
			notes = append(notes, note)
		}
	}
	if len(notes) == 0 {
		return "", false
	}
	sort.Strings(notes)
	return strings.Join(notes, "; "), true
}

// secondUnder reports whether p is, or holds, a two-pass field. A map is
// walked into so that only the field itself moves to the second pass; any
// other value holding one (a list) moves whole.
func (df *differ) secondUnder(p string) bool {
	for sp := range df.second {
		if sp == p || strings.HasPrefix(sp, p+"/") {
			return true
		}
	}
	return false
}

func (df *differ) mask(ch *Change, dotted string) {
	var hit bool
	ch.Before, hit = maskValue(ch.Before, dotted, df.ki.secrets)
	ch.Sensitive = ch.Sensitive || hit
	ch.After, hit = maskValue(ch.After, dotted, df.ki.secrets)
	ch.Sensitive = ch.Sensitive || hit
}

// maskValue replaces the values of secret fields in v (at dotted) by Mask.
// Placeholders are kept: ${secret:NAME} names a secret without revealing
// it, and seeing it is how a reviewer knows which secret apply will use.
func maskValue(v any, dotted string, secrets map[string]bool) (any, bool) {
	if len(secrets) == 0 || v == nil {
		return v, false
	}
	if secrets[dotted] {
		if s, ok := v.(string); ok && hasSecretPlaceholder(s) {
			return v, false
		}
		return Mask, true
	}
	switch t := v.(type) {
	case map[string]any:
		var out map[string]any
		hit := false
		for k, e := range t {
			m, h := maskValue(e, joinDotted(dotted, k), secrets)
			if h {
				if out == nil {
					out = make(map[string]any, len(t))
					for k2, e2 := range t {
						out[k2] = e2
					}
				}
				out[k] = m
				hit = true
			}
		}
		if hit {
			return out, true
		}
	case []any:
		var out []any
		hit := false
		for i, e := range t {
			m, h := maskValue(e, dotted+"[]", secrets)
			if h {
				if out == nil {
					out = append([]any(nil), t...)
				}
				out[i] = m
				hit = true
			}
		}
		if hit {
			return out, true
		}
	}
	return v, false
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func setKey(m map[string]any, k string, v any) map[string]any {
	if m == nil {
		m = map[string]any{}
	}
	m[k] = v
	return m
}

func joinDotted(dotted, key string) string {
	if dotted == "" {
		return key
	}
	return dotted + "." + key
}

func hasSecretPlaceholder(s string) bool {
	if !strings.Contains(s, "${secret:") {
		return false
	}
	phs, err := model.ScanPlaceholders(s)
	if err != nil {
		return false
	}
	for _, p := range phs {
		if p.Type == model.PlaceholderSecret {
			return true
		}
	}
	return false
}

// holdsSecret reports whether v holds a ${secret:} placeholder anywhere.
func holdsSecret(v any) bool {
	found := false
	model.WalkStrings(v, func(_, s string) { found = found || hasSecretPlaceholder(s) })
	return found
}

// equalValue compares a desired value (comparison form) with a current one
// as a whole:
//
//   - a string holding a ${secret:…} placeholder is unknown and equals
//     anything: the live secret cannot be read back, and an unresolved
//     placeholder must never show as a change;
//   - null and absent are the same on both sides inside a value;
//   - numbers compare by value, and a string equals a number or boolean
//     with the same text (a ${var:} value that filled a string field);
//   - arrays listed in the kind's Sets compare without regard to order;
//     other arrays element by element.
func equalValue(d, c any, dotted string, ki *kindInfo) bool {
	if s, ok := d.(string); ok && hasSecretPlaceholder(s) {
		return true
	}
	switch dv := d.(type) {
	case nil:
		return c == nil
	case map[string]any:
		cm, ok := c.(map[string]any)
		if !ok {
			return false
		}
		for k, e := range dv {
			if !equalValue(e, cm[k], joinDotted(dotted, k), ki) {
				return false
			}
		}
		for k, e := range cm {
			if _, seen := dv[k]; !seen && e != nil {
				return false
			}
		}
		return true
	case []any:
		ca, ok := c.([]any)
		if !ok || len(ca) != len(dv) {
			return false
		}
		if ki != nil && ki.sets[dotted] {
			return equalSets(dv, ca)
		}
		for i := range dv {
			if !equalValue(dv[i], ca[i], dotted+"[]", ki) {
				return false
			}
		}
		return true
	}
	ds, dok := scalarText(d)
	cs, cok := scalarText(c)
	if !dok || !cok {
		return false
	}
	if ds == cs {
		return true
	}
	return numbersEqual(ds, cs)
}

// numbersEqual compares two numeric texts exactly (1.50 == 1.5; large
// integers are not rounded through float64).
func numbersEqual(a, b string) bool {
	if !isJSONNumber(a) || !isJSONNumber(b) {
		return false
	}
	x, ok1 := new(big.Float).SetPrec(256).SetString(a)
	y, ok2 := new(big.Float).SetPrec(256).SetString(b)
	return ok1 && ok2 && x.Cmp(y) == 0
}

// equalSets compares two arrays as multisets, by a canonical key per
// element.
func equalSets(a, b []any) bool {
	count := map[string]int{}
	for _, e := range a {
		count[setKeyOf(e)]++
	}
	for _, e := range b {
		k := setKeyOf(e)
		if count[k] == 0 {
			return false
		}
		count[k]--
	}
	return true
}

// setKeyOf renders an element canonically: null map entries dropped and
// scalars as text, matching equalValue's rules.
func setKeyOf(v any) string {
	return string(model.CanonicalJSON(normalizeForSet(v)))
}

func normalizeForSet(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			if e != nil {
				m[k] = normalizeForSet(e)
			}
		}
		return m
	case []any:
		a := make([]any, len(t))
		for i, e := range t {
			a[i] = normalizeForSet(e)
		}
		return a
	case nil:
		return nil
	}
	if s, ok := scalarText(v); ok {
		if isJSONNumber(s) {
			if f, ok := new(big.Float).SetPrec(256).SetString(s); ok {
				return f.Text('g', -1)
			}
		}
		return s
	}
	return fmt.Sprint(v)
}
