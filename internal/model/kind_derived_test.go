package model

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDerive: a derived field is copied from its source in a live body
// that lacks it, and left alone where the body has it or the source is
// missing.
func TestDerive(t *testing.T) {
	k := &Kind{Name: "x", Derived: []DerivedField{{Field: "role", From: "id"}, {Field: "owner.id", From: "_links.owner.id"}}}
	tests := []struct {
		name     string
		in, want map[string]any
	}{
		{"copied", map[string]any{"id": "cr0a"}, map[string]any{"id": "cr0a", "role": "cr0a"}},
		{"nested", map[string]any{"_links": map[string]any{"owner": map[string]any{"id": "00u1"}}},
			map[string]any{"_links": map[string]any{"owner": map[string]any{"id": "00u1"}}, "owner": map[string]any{"id": "00u1"}}},
		{"present", map[string]any{"id": "cr0a", "role": "cr0b"}, map[string]any{"id": "cr0a", "role": "cr0b"}},
		{"no source", map[string]any{"label": "x"}, map[string]any{"label": "x"}},
	}
	for _, tt := range tests {
		k.Derive(tt.in)
		if diff := cmp.Diff(tt.want, tt.in); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestDerivedChecked: a derived field must be a valid path that a file can
// hold, and differ from its source.
func TestDerivedChecked(t *testing.T) {
	for _, tt := range []struct {
		d    DerivedField
		want string
	}{
		{DerivedField{Field: "id", From: "role"}, "not be server-owned"},
		{DerivedField{Field: "role", From: "role"}, "must differ"},
		{DerivedField{Field: "a..b", From: "id"}, "derived a..b"},
	} {
		k := minimal("x")
		k.ReadOnly = []string{"id"}
		k.Derived = []DerivedField{tt.d}
		_, err := NewRegistryFrom([]Kind{k}, schemaFS("x"))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: err = %v, want containing %q", tt.d, err, tt.want)
		}
	}
	k := minimal("x")
	k.Derived = []DerivedField{{Field: "role", From: "id"}}
	if _, err := NewRegistryFrom([]Kind{k}, schemaFS("x")); err != nil {
		t.Errorf("a valid derived field was refused: %v", err)
	}
}
