package main

import (
	"fmt"
	"strings"

	"github.com/oktasync/oktasync/internal/model"
)

// The descriptor data of the wave-2 engine capabilities: references inside
// ORNs and URLs, users by login, item sets.

const patternNote = "ORNs or URLs of the forms listed: the org's ID, partition and URL are written " +
	"`${org:id}`, `${org:partition}` and `${org:url}`, the ID a reference (a login for a user)"

const loginNote = "written `${user:<login>}`; the login must exist in every org the tree is applied to (oktasync never creates users)"

// patternTargets lists a pattern field's forms and what each refers to.
func patternTargets(r model.RefField) string {
	var forms []string
	for _, p := range r.Patterns {
		f := "`" + escapeCode(p.Template) + "`"
		switch {
		case p.ByLogin:
			f += " (a user, by login)"
		case p.Target != "":
			f += fmt.Sprintf(" ([`%s`](#%s))", p.Target, p.Target)
		}
		forms = append(forms, f)
	}
	return strings.Join(forms, "<br>")
}

// itemSets prints the kind's item sets: arrays written one item at a time.
func (p *printer) itemSets(k *model.Kind) {
	if len(k.ItemSets) == 0 {
		return
	}
	p.f("**Item sets.** Arrays Okta reads and writes one item at a time, through their own endpoints. They stay\n")
	p.f("in the file, sorted; plan adds, changes and removes items, and an item's own ID never reaches the file:\n\n")
	p.f("| field | an item is | read with | written with | |\n|---|---|---|---|---|\n")
	for _, s := range k.ItemSets {
		item := "a value"
		if s.Key != "" {
			item = "identified by `" + s.Key + "`"
		}
		var writes []string
		ep := func(what string, e *model.Endpoint) {
			if e != nil {
				writes = append(writes, fmt.Sprintf("%s `%s %s`", what, e.Method, e.Path))
			}
		}
		if b := s.AddBatch; b != nil {
			w := fmt.Sprintf("add `%s %s` (`{%s: […]}`", b.Method, b.Path, b.Field)
			if b.MaxPerRequest > 0 {
				w += fmt.Sprintf(", %d a request", b.MaxPerRequest)
			}
			writes = append(writes, w+")")
		} else {
			ep("add", s.Add)
		}
		ep("change", s.Update)
		ep("remove", s.Remove)
		var notes []string
		switch s.Create {
		case model.ItemsInCreate:
			notes = append(notes, "the create takes the items")
		case model.ItemKeysInCreate:
			notes = append(notes, "the create takes the items' keys")
		case model.ItemsAfterCreate:
			notes = append(notes, "added once the object exists")
		}
		if s.MinItems > 0 {
			notes = append(notes, fmt.Sprintf("at least %d once the object exists: fewer is a replace", s.MinItems))
		}
		if s.RemoveIsDelete {
			notes = append(notes, "removing an item needs `--allow-delete`")
		}
		p.f("| `%s` | %s | `GET %s` | %s | %s |\n", s.Field, item, s.Read.Path, escapeCode(strings.Join(writes, "; ")), strings.Join(notes, "; "))
	}
	p.f("\n")
}
