package model

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestListObjectOf: a list whose items hold the object at a path (an
// email template's _embedded.settings) gives that object with the
// item's kept fields copied in; an item without it gives none.
func TestListObjectOf(t *testing.T) {
	l := List{Item: "_embedded.settings", ItemKeep: []string{"name", "_embedded.customizationCount"}}
	tests := []struct {
		name, item, want string
		ok               bool
	}{
		{"settings with the name and count",
			`{"name":"UserActivation","_links":{"self":{}},"_embedded":{"settings":{"recipients":"NO_USERS","_links":{"template":{}}},"customizationCount":2}}`,
			`{"name":"UserActivation","recipients":"NO_USERS","_links":{"template":{}},"_embedded":{"customizationCount":2}}`, true},
		{"no count asked for", `{"name":"A","_embedded":{"settings":{"recipients":"ALL_USERS"}}}`,
			`{"name":"A","recipients":"ALL_USERS"}`, true},
		{"no settings", `{"name":"A","_embedded":{"customizationCount":0}}`, ``, false},
		{"settings not an object", `{"name":"A","_embedded":{"settings":"x"}}`, ``, false},
	}
	for _, tt := range tests {
		item := mustJSON(t, tt.item)
		got, ok := l.ObjectOf(item)
		if ok != tt.ok {
			t.Errorf("%s: ok = %v", tt.name, ok)
			continue
		}
		if ok {
			if diff := cmp.Diff(mustJSON(t, tt.want), got); diff != "" {
				t.Errorf("%s: (-want +got)\n%s", tt.name, diff)
			}
		}
	}
	plain := List{}
	item := mustJSON(t, `{"id":"x"}`)
	if got, ok := plain.ObjectOf(item); !ok || got["id"] != "x" {
		t.Errorf("a plain list's item is the object: %v", got)
	}
}

func TestConditionAbove(t *testing.T) {
	zero := 0.0
	c := &Condition{Field: "_embedded.customizationCount", Above: &zero}
	for body, want := range map[string]bool{
		`{"_embedded":{"customizationCount":2}}`:   true,
		`{"_embedded":{"customizationCount":0}}`:   false,
		`{"_embedded":{}}`:                         false,
		`{"_embedded":{"customizationCount":"3"}}`: false,
	} {
		if got := c.Holds(mustJSON(t, body)); got != want {
			t.Errorf("%s: Holds = %v, want %v", body, got, want)
		}
	}
	if s := c.String(); s != "_embedded.customizationCount is above 0" {
		t.Errorf("String() = %q", s)
	}
}

func TestHasDefaultBody(t *testing.T) {
	k := &Kind{Identity: []string{"name"}, DefaultBody: map[string]any{"recipients": "ALL_USERS"}}
	for body, want := range map[string]bool{
		`{"name":"UserActivation","recipients":"ALL_USERS"}`:           true,
		`{"name":"UserActivation","recipients":"NO_USERS"}`:            false,
		`{"name":"UserActivation","recipients":"ALL_USERS","extra":1}`: false,
		`{"name":"UserActivation"}`:                                    false,
	} {
		if got := k.HasDefaultBody(mustJSON(t, body)); got != want {
			t.Errorf("%s: HasDefaultBody = %v, want %v", body, got, want)
		}
	}
	if (&Kind{}).HasDefaultBody(map[string]any{}) {
		t.Error("a kind without DefaultBody has no default objects")
	}
}
