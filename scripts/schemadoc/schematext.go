package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// fieldLists prints the descriptor's per-field rules that are not
// references, secrets or system objects.
func (p *printer) fieldLists(k *model.Kind) {
	line := func(title string, fields []string, explain string) {
		if len(fields) > 0 {
			p.f("**%s** (%s): %s.\n\n", title, explain, code(fields, ", "))
		}
	}
	line("Server-owned", k.ReadOnly, "dropped on export")
	for _, c := range k.ReadOnlyIf {
		var when []string
		if len(c.When) > 0 {
			when = append(when, condText(c.When))
		}
		keys := make([]string, 0, len(c.WhenPattern))
		for f := range c.WhenPattern {
			keys = append(keys, f)
		}
		sort.Strings(keys)
		for _, f := range keys {
			when = append(when, fmt.Sprintf("`%s` matches `%s`", f, c.WhenPattern[f]))
		}
		if c.ValuePattern != "" {
			when = append(when, fmt.Sprintf("its value matches `%s`", c.ValuePattern))
		}
		p.f("**Server-owned when** %s: `%s` (an org-specific value Okta generated).\n\n", strings.Join(when, " and "), c.Path)
	}
	line("Defaults to the object's ID", k.IDEcho, "dropped when equal to the ID, which differs per org")
	line("Volatile", k.Volatile, "change without a configuration change: dropped and never compared")
	line("Immutable", k.Immutable, "a change is a replace, delete then create, which needs `--allow-replace` or `--allow-delete`")
	line("Sets", k.Sets, "written sorted, compared without regard to order")
	if len(k.After) > 0 {
		p.f("**Applied after** %s (used by name, not by a reference field).\n\n", code(k.After, ", "))
	}
	p.itemSets(k)
}

// bodyFields prints the schema's body properties, flattened to field paths
// in the registry's notation (a.b, list items a.b[].c), sorted as files
// are.
func (p *printer) bodyFields(k *model.Kind, doc *node) {
	tags := fieldTags(k)
	body := doc.Properties["body"]
	if body == nil || len(body.Properties) == 0 {
		return
	}
	p.f("**Body fields** checked by the schema (others are allowed and kept):\n\n")
	p.f("| field | type | |\n|---|---|---|\n")
	var rows [][3]string
	var walk func(prefix string, n *node)
	walk = func(prefix string, n *node) {
		required := map[string]bool{}
		for _, r := range n.Required {
			required[r] = true
		}
		names := make([]string, 0, len(n.Properties))
		for name := range n.Properties {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			child := n.Properties[name]
			path := prefix + name
			rows = append(rows, [3]string{path, typeText(child, doc), join(tags[path], fieldNotes(child, required[name]))})
			p.descend(path, child, doc, walk)
		}
		if extra := schemaOf(n.AdditionalProperties); extra != nil {
			path := prefix + "<name>"
			rows = append(rows, [3]string{path, typeText(extra, doc), fieldNotes(extra, false)})
			p.descend(path, extra, doc, walk)
		}
	}
	walk("", body)
	for _, r := range rows {
		p.f("| `%s` | %s | %s |\n", r[0], r[1], r[2])
	}
	p.f("\n")
}

// fieldTags says, per body field, what the registry knows about it, in
// the body table's notation (a list's items as "a.b[].c").
func fieldTags(k *model.Kind) map[string][]string {
	tags := map[string][]string{}
	add := func(path, tag string) {
		path = strings.TrimSuffix(path, "[]")
		tags[path] = append(tags[path], tag)
	}
	for _, f := range k.Identity {
		add(f, "identity")
	}
	for _, r := range k.Refs {
		switch {
		case len(r.Patterns) > 0:
			add(r.Path, "ORNs or URLs with references")
		case r.ByLogin:
			add(r.Path, "users, by login")
		case r.External:
			add(r.Path, "ID of a `"+r.Target+"` (not exported)")
		default:
			add(r.Path, fmt.Sprintf("reference to [`%s`](#%s)", r.Target, r.Target))
		}
	}
	for _, sf := range k.Secrets {
		add(sf.Path, "secret")
	}
	for _, f := range k.Immutable {
		add(f, "immutable")
	}
	for _, f := range k.Sets {
		add(f, "set")
	}
	for _, set := range k.ItemSets {
		add(set.Field, "item set")
	}
	for _, f := range k.ReadOnly {
		add(f, "server-owned")
	}
	if k.OrderField != "" {
		add(k.OrderField, "sibling order")
	}
	return tags
}

func join(tags []string, rest string) string {
	parts := append([]string(nil), tags...)
	if rest != "" {
		parts = append(parts, rest)
	}
	return strings.Join(parts, "; ")
}

// descend continues the walk into an object's properties or a list's items.
func (p *printer) descend(path string, n *node, doc *node, walk func(string, *node)) {
	n = resolve(n, doc)
	if len(n.Properties) > 0 || schemaOf(n.AdditionalProperties) != nil {
		walk(path+".", n)
	}
	if it := n.Items; it != nil {
		it = resolve(it, doc)
		if len(it.Properties) > 0 {
			walk(path+"[].", it)
		}
	}
}

// resolve follows a local $ref.
func resolve(n *node, doc *node) *node {
	if name, ok := strings.CutPrefix(n.Ref, "#/$defs/"); ok {
		if d := doc.Defs[name]; d != nil {
			return d
		}
	}
	return n
}

// schemaOf returns additionalProperties when it is a schema, not a boolean.
func schemaOf(raw json.RawMessage) *node {
	if len(raw) == 0 || raw[0] != '{' {
		return nil
	}
	var n node
	if json.Unmarshal(raw, &n) != nil {
		return nil
	}
	return &n
}

// typeText renders a schema node's type as a reader needs it: "string or
// null", "list of IDs", "`ACTIVE` \\| `INACTIVE`".
func typeText(n *node, doc *node) string {
	base, nullable := typeParts(n, doc)
	if nullable {
		return base + " or null"
	}
	return base
}

// typeParts returns a node's type without null, and whether null is
// allowed, so that null is said once however the schema nests it.
func typeParts(n *node, doc *node) (string, bool) {
	if name, ok := strings.CutPrefix(n.Ref, "#/$defs/"); ok {
		if s, ok := defNames[name]; ok {
			return s, false
		}
		return typeParts(resolve(n, doc), doc)
	}
	var alts []string
	nullable := false
	if n.Const != nil {
		alts = append(alts, fmt.Sprintf("`%v`", n.Const))
	}
	if len(n.Enum) > 0 {
		vals := make([]string, len(n.Enum))
		for i, v := range n.Enum {
			vals[i] = fmt.Sprint(v)
		}
		alts = append(alts, code(vals, " \\| "))
	}
	for _, t := range typeNames(n.Type) {
		switch {
		case t == "null":
			nullable = true
		case t == "array" && n.Items != nil:
			alts = append(alts, "list of "+plural(n.Items, doc))
		case t == "array":
			alts = append(alts, "list")
		default:
			alts = append(alts, t)
		}
	}
	for _, a := range append(append([]*node(nil), n.AnyOf...), n.OneOf...) {
		s, nl := typeParts(a, doc)
		alts = append(alts, s)
		nullable = nullable || nl
	}
	if len(alts) == 0 {
		return "any", nullable
	}
	return strings.Join(alts, " or "), nullable
}

// plural names a list's items: "list of objects", not "list of object".
func plural(n *node, doc *node) string {
	s, _ := typeParts(n, doc)
	switch s {
	case "object", "string", "integer", "number", "boolean", "ID":
		return s + "s"
	}
	return s
}

func typeNames(t any) []string {
	switch v := t.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// fieldNotes are the constraints and description of one field.
func fieldNotes(n *node, required bool) string {
	var parts []string
	if required {
		parts = append(parts, "**required**")
	}
	if n.MinLength != nil && *n.MinLength > 0 {
		parts = append(parts, "not empty")
	}
	if n.MaxLength != nil {
		parts = append(parts, fmt.Sprintf("at most %d characters", *n.MaxLength))
	}
	if n.MinItems != nil && *n.MinItems > 0 {
		parts = append(parts, fmt.Sprintf("at least %d item(s)", *n.MinItems))
	}
	if n.Pattern != "" {
		parts = append(parts, "matches `"+escapeCode(n.Pattern)+"`")
	}
	for _, a := range n.AnyOf {
		if a.Pattern != "" {
			parts = append(parts, "matches `"+escapeCode(a.Pattern)+"`")
		}
	}
	if n.Description != "" {
		parts = append(parts, escape(n.Description))
	}
	return strings.Join(parts, "; ")
}

// code renders names as inline code joined by sep.
func code(names []string, sep string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "`" + n + "`"
	}
	return strings.Join(out, sep)
}

// escapeCode keeps inline code from breaking a Markdown table.
func escapeCode(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

// escape keeps prose from breaking a Markdown table or being read as HTML
// (a description's "<name>" would vanish as an unknown tag).
func escape(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ", "<", "&lt;", ">", "&gt;").Replace(s)
}
