package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// The renderers read only the Plan value (never Compute's internals), so
// that a saved plan renders exactly like a fresh one.

// lineOp is the marker of one rendered line under an object.
type lineOp int

const (
	lineAdd lineOp = iota + 1
	lineModify
	lineClear
	lineNote
	// lineRemove is an item taken out of a set: "- path = value".
	lineRemove
)

// fieldLine is one line (or block) under an object: a field change, a
// field of a created object, or a note.
type fieldLine struct {
	op            lineOp
	path          string // dotted, for people
	before, after string // formatted values; may span lines
	// afterLines holds a multi-line string value as its lines (a text
	// block), instead of after.
	afterLines []string
	diff       []string
	text       string // lineNote
}

func stepLines(s *Step) []fieldLine {
	var out []fieldLine
	note := func(format string, args ...any) {
		out = append(out, fieldLine{op: lineNote, text: fmt.Sprintf(format, args...)})
	}
	if s.Reason != "" {
		note("%s: %s", s.Action, s.Reason)
	}
	if s.Note != "" {
		note("note: %s", s.Note)
	}
	if pos := s.Position; pos != nil {
		note("%s", positionText(pos))
	}
	switch s.Action {
	case ActionCreate:
		for _, k := range sortedKeys(s.Params) {
			note("create with %s=%s", k, s.Params[k])
		}
		out = append(out, flatten(s.Body, "")...)
	case ActionUpdate, ActionReorder, ActionActivate, ActionDeactivate, ActionToggle:
		for _, ch := range s.Changes {
			out = append(out, changeLine(ch))
		}
	case ActionDelete:
		for _, c := range s.Implied {
			note("also deletes %s", c)
		}
	case ActionAddItem, ActionUpdateItem, ActionRemoveItem:
		for _, it := range s.Items {
			out = append(out, itemLine(s.Action, it))
		}
	case ActionVerify:
		// The reason says it all.
	case ActionSetRelation:
		if r := s.Relation; r != nil {
			l := fieldLine{op: lineModify, path: "relations." + r.Name, before: r.Before, after: r.Target}
			if r.Before == "" {
				l.op = lineAdd
			}
			out = append(out, l)
		}
	}
	if len(s.Secrets) > 0 {
		note("apply resolves secrets: %s", strings.Join(s.Secrets, ", "))
	}
	return out
}

func changeLine(ch Change) fieldLine {
	l := fieldLine{path: model.DisplayPointer(ch.Path)}
	switch ch.Op {
	case OpAdd:
		l.op, l.after = lineAdd, formatValue(ch.After, ch.Sensitive)
		l.afterLines = valueLines(ch.After, ch.Sensitive)
	case OpClear:
		l.op, l.before = lineClear, formatValue(ch.Before, ch.Sensitive)
	default:
		l.op = lineModify
		l.before, l.after = formatValue(ch.Before, ch.Sensitive), formatValue(ch.After, ch.Sensitive)
		bs, bok := ch.Before.(string)
		as, aok := ch.After.(string)
		if bok && aok && !ch.Sensitive && (longString(bs) || longString(as)) {
			l.diff = unifiedDiff(bs, as)
		}
	}
	if ch.Note != "" {
		l.text = ch.Note
	}
	return l
}

// flatten lists a created object's fields: one line per scalar, array or
// empty object, by dotted path in key order.
func flatten(v any, prefix string) []fieldLine {
	m, ok := v.(map[string]any)
	if !ok || (len(m) == 0 && prefix != "") {
		return []fieldLine{{op: lineAdd, path: prefix, after: formatValue(v, false), afterLines: valueLines(v, false)}}
	}
	var out []fieldLine
	for _, k := range sortedKeys(m) {
		out = append(out, flatten(m[k], joinDotted(prefix, k))...)
	}
	return out
}

// formatValue renders a value as JSON (without HTML escaping, since Okta
// expressions are full of && and <), indented when it is long.
func formatValue(v any, sensitive bool) string {
	if sensitive {
		if s, ok := v.(string); ok && s == Mask {
			return Mask
		}
	}
	if s, ok := v.(string); ok {
		// A very long string is cut, with its length.
		if cut, n, ok := clipLine(s, 0); ok {
			return model.EscapeText(marshal(cut, "")) + lengthNote(n)
		}
	}
	// Characters a reviewer cannot see (zero-width spaces, controls) and
	// look-alike letters in a word of another script are shown escaped.
	compact := model.EscapeText(marshal(v, ""))
	if len(compact) <= 80 || !isContainer(v) {
		return compact
	}
	return model.EscapeText(marshal(v, "  "))
}

// valueLines are the lines of a multi-line string value, shown as a text
// block; nil for anything else (and for a masked value).
func valueLines(v any, sensitive bool) []string {
	s, ok := v.(string)
	if !ok || sensitive {
		return nil
	}
	return blockLines(s)
}

func isContainer(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

func marshal(v any, indent string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimRight(b.String(), "\n")
}

// summaryLine is "Plan: 3 to create, 2 to update, 1 to delete." with the
// other actions and the refusals appended when there are any.
func summaryLine(p *Plan) string {
	a := p.Summary.Actions
	parts := []string{
		fmt.Sprintf("%d to create", a[ActionCreate]),
		fmt.Sprintf("%d to update", a[ActionUpdate]),
		fmt.Sprintf("%d to delete", a[ActionDelete]),
	}
	for _, x := range []Action{ActionActivate, ActionDeactivate, ActionToggle, ActionReorder} {
		if a[x] > 0 {
			parts = append(parts, fmt.Sprintf("%d to %s", a[x], x))
		}
	}
	if n := a[ActionSetRelation]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d %s to set", n, plural(n, "relation", "relations")))
	}
	if n := a[ActionVerify]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d to verify", n))
	}
	items := itemCounts(p)
	for _, x := range []struct {
		a    Action
		verb string
	}{{ActionAddItem, "add"}, {ActionUpdateItem, "change"}, {ActionRemoveItem, "remove"}} {
		if n := items[x.a]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s to %s", n, plural(n, "item", "items"), x.verb))
		}
	}
	s := "Plan: " + strings.Join(parts, ", ")
	if n := replacedCount(p); n > 0 {
		s += fmt.Sprintf("; %d %s (deleted and created again)", n, plural(n, "object replaced", "objects replaced"))
	}
	s += adoptedText(p)
	s += "."
	if n := len(p.Refused) - p.Summary.Unmanaged; n > 0 {
		s += fmt.Sprintf(" %d refused.", n)
	}
	if p.Summary.Unmanaged > 0 {
		s += " " + unmanagedText(p) + "."
	}
	return s
}

// unmanagedText says plainly how many objects the current side holds that
// the desired tree lacks: "2 objects in the org are not in the tree".
func unmanagedText(p *Plan) string {
	n := p.Summary.Unmanaged
	current, desired := "the org", "the tree"
	if strings.HasPrefix(p.Current, "tree ") {
		current, desired = p.Current, p.Desired
	}
	return fmt.Sprintf("%d %s in %s %s not in %s", n, plural(n, "object", "objects"), current, plural(n, "is", "are"), desired)
}

// ignoredText says how many current objects the plan left alone because
// they are outside its scope; "" when none.
func ignoredText(p *Plan) string {
	n := p.Summary.Ignored
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%d %s not in the tree %s left alone: outside the plan's --kinds, or listed in the tree's ignore file.",
		n, plural(n, "object", "objects"), plural(n, "is", "are"))
}

// refusedSplit separates the unmanaged objects from the other refusals.
func refusedSplit(p *Plan) (unmanaged, other []Refusal) {
	for _, r := range p.Refused {
		if r.Unmanaged {
			unmanaged = append(unmanaged, r)
		} else {
			other = append(other, r)
		}
	}
	return unmanaged, other
}

// unmanagedItem is one unmanaged object for people.
func unmanagedItem(r Refusal) string {
	s := r.Path
	if r.Live != nil && r.Live.ID != "" {
		s += " (id " + r.Live.ID + ")"
	}
	if n := len(r.Implied); n > 0 {
		s += fmt.Sprintf(", with %d %s", n, plural(n, "child", "children"))
	}
	what := "delete it with --allow-delete"
	if r.Reason == RefusedNoEndpoint {
		what = "Okta has no delete endpoint for it"
	}
	return s + ": " + what + ", add it to the tree, or list it in the tree's ignore file"
}

// positionText says where an object goes among its siblings.
func positionText(pos *Position) string {
	s := fmt.Sprintf("at position %d of %d among its siblings", pos.Index, pos.Of)
	switch {
	case pos.Before != "":
		s += ", before " + pos.Before
	case pos.After != "":
		s += ", after " + pos.After
	}
	return s
}

// digestText is the line every rendering carries, so a reviewer can match
// the plan applied with the plan reviewed.
func digestText(p *Plan) string {
	s := "Plan digest: " + p.Digest
	if p.Signature != "" {
		s += " (signed)"
	}
	if p.Org != nil {
		s += "; made for org " + p.Org.String()
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// itemCounts counts the items the plan's item steps write, per action.
func itemCounts(p *Plan) map[Action]int {
	out := map[Action]int{}
	for _, s := range p.Steps {
		if s.Action.IsItem() {
			out[s.Action] += len(s.Items)
		}
	}
	return out
}

// replacedCount is the number of objects the plan replaces.
func replacedCount(p *Plan) int {
	n := 0
	for _, s := range p.Steps {
		if s.Action == ActionDelete && s.Replace {
			n++
		}
	}
	return n
}

// itemLine is one item of an item step or a refusal.
func itemLine(a Action, it ItemChange) fieldLine {
	switch a {
	case ActionUpdateItem:
		return fieldLine{op: lineModify, path: it.Set + "[" + it.Key + "]", before: formatValue(it.Before, false), after: formatValue(it.Item, false)}
	case ActionAddItem:
		return fieldLine{op: lineAdd, path: it.Set + "[]", after: formatValue(it.Item, false)}
	default:
		return fieldLine{op: lineRemove, path: it.Set + "[]", before: formatValue(it.Before, false)}
	}
}

// refusedItemLine is one refused item change: an add, a change or a
// remove, by what it holds.
func refusedItemLine(it ItemChange) fieldLine {
	switch {
	case it.Before == nil:
		return itemLine(ActionAddItem, it)
	case it.Item != nil:
		return itemLine(ActionUpdateItem, it)
	}
	return itemLine(ActionRemoveItem, it)
}

// refusalText is one refused item for people.
func refusalText(r Refusal) string {
	what := r.Action.String()
	if r.Replace {
		what = "replace"
	}
	s := fmt.Sprintf("%s %s: %s", what, r.Path, r.Message)
	if n := len(r.Implied); n > 0 {
		s += fmt.Sprintf("; with %d %s", n, plural(n, "child", "children"))
	}
	return s
}

func warningText(w Warning) string {
	loc := w.File
	if w.Line > 0 {
		loc = fmt.Sprintf("%s:%d", w.File, w.Line)
	}
	s := w.Message
	if loc != "" {
		s = loc + ": " + s
	}
	if w.Hint != "" {
		s += " (" + w.Hint + ")"
	}
	return s
}

// stepNumbers maps step IDs to their 1-based position.
func stepNumbers(p *Plan) map[string]int {
	m := make(map[string]int, len(p.Steps))
	for i, s := range p.Steps {
		m[s.ID] = i + 1
	}
	return m
}

func afterText(s Step, num map[string]int) string {
	if len(s.DependsOn) == 0 {
		return ""
	}
	parts := make([]string, len(s.DependsOn))
	for i, d := range s.DependsOn {
		parts[i] = fmt.Sprint(num[d])
	}
	return "after " + strings.Join(parts, ", ")
}
