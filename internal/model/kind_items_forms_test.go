package model

import (
	"strings"
	"testing"
)

// TestItemJoin: a joined item's value is the template filled from the
// listed ID and the named object's live fields; an object without them
// gives no value.
func TestItemJoin(t *testing.T) {
	j := &ItemJoin{ID: "id", Target: "apps", Template: "{name}/{id}"}
	if got := j.Fields(); len(got) != 1 || got[0] != "name" {
		t.Errorf("Fields = %v", got)
	}
	tests := []struct {
		body map[string]any
		want string
		ok   bool
	}{
		{map[string]any{"name": "template_swa", "label": "Payroll"}, "template_swa/0oa1", true},
		{map[string]any{"label": "Payroll"}, "", false},
		{map[string]any{"name": ""}, "", false},
	}
	for _, tt := range tests {
		got, ok := j.Value("0oa1", tt.body)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Value(%v) = %q, %v; want %q, %v", tt.body, got, ok, tt.want, tt.ok)
		}
	}
	set := ItemSet{Field: "targets.apps", Join: j}
	if id := set.JoinID(map[string]any{"id": "0oa1", "name": "Payroll"}); id != "0oa1" {
		t.Errorf("JoinID of an instance = %q", id)
	}
	if id := set.JoinID(map[string]any{"name": "salesforce"}); id != "" {
		t.Errorf("JoinID of an app type = %q", id)
	}
}

// TestListSkipAndWhen: List.Skip leaves out the entries of another kind;
// ItemSet.When says which owners have the set.
func TestListSkipAndWhen(t *testing.T) {
	k := Kind{List: List{Skip: &Condition{Field: "type", OneOf: []string{"CUSTOM"}}}}
	for body, want := range map[string]bool{"CUSTOM": false, "APP_ADMIN": true, "": true} {
		if got := k.Listed(map[string]any{"type": body}); got != want {
			t.Errorf("Listed(type %q) = %v", body, got)
		}
	}
	if none := (Kind{}); !none.Listed(map[string]any{"type": "CUSTOM"}) {
		t.Error("a kind without Skip left an entry out")
	}
	set := ItemSet{When: &Condition{Field: "type", OneOf: []string{"APP_ADMIN"}}}
	if !set.AppliesTo(map[string]any{"type": "APP_ADMIN"}) || set.AppliesTo(map[string]any{"type": "ORG_ADMIN"}) {
		t.Error("When does not decide which owners have the set")
	}
}

// TestBrokenItemForms: descriptors that misuse the item set forms are
// refused by the registry.
func TestBrokenItemForms(t *testing.T) {
	base := func(s ItemSet) Kind {
		k := minimal("a")
		s.Field, s.Read, s.Add = "targets", List{Path: "/x"}, put("/x/{item}")
		if s.Key == "" {
			s.ReadValue = "name"
		}
		k.ItemSets = []ItemSet{s}
		return k
	}
	tests := []struct {
		name string
		kind Kind
		want string
	}{
		{"join of an unknown kind", base(ItemSet{Join: &ItemJoin{ID: "id", Target: "nope", Template: "{name}/{id}"}}), `join target "nope" is not a known kind`},
		{"join without the object's field", base(ItemSet{Join: &ItemJoin{ID: "id", Target: "a", Template: "{id}"}}), "a join needs"},
		{"join of keyed items", base(ItemSet{Key: "label", Join: &ItemJoin{ID: "id", Target: "a", Template: "{name}/{id}"}}), "are scalar items"},
		{"path of keyed items", base(ItemSet{Key: "label", KeyIsPath: true}), "are scalar items"},
		{"value as id of keyed items", base(ItemSet{Key: "label", IDIsValue: true}), "only for scalar items"},
		{"when with two tests", base(ItemSet{When: &Condition{Field: "type", NotEmpty: true, OneOf: []string{"x"}}}), "When: needs exactly one test"},
		{"skip without a test", func() Kind { k := minimal("a"); k.List.Skip = &Condition{Field: "type"}; return k }(), "list skip: needs exactly one test"},
	}
	for _, tt := range tests {
		_, err := NewRegistryFrom([]Kind{tt.kind}, schemaFS("a"))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want containing %q", tt.name, err, tt.want)
		}
	}
}
