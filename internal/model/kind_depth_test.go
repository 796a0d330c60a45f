package model

import (
	"strings"
	"testing"
)

func TestDefaultsAndPatchWhole(t *testing.T) {
	k := &Kind{
		Defaults:   []DefaultValue{{Path: "defs.*.required", Value: false}, {Path: "defs.*.master", Value: map[string]any{"type": "PROFILE_MASTER"}}},
		PatchWhole: []string{"properties.*"},
	}
	tests := []struct {
		name   string
		dotted string
		v      any
		want   bool
	}{
		{"default under any key", "defs.costCenter.required", false, true},
		{"another value", "defs.costCenter.required", true, false},
		{"object default", "defs.team.master", map[string]any{"type": "PROFILE_MASTER"}, true},
		{"other object", "defs.team.master", map[string]any{"type": "OVERRIDE"}, false},
		{"deeper path", "defs.team.x.required", false, false},
		{"no match", "required", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := k.IsDefault(tt.dotted, tt.v); got != tt.want {
				t.Errorf("IsDefault(%s, %v) = %v, want %v", tt.dotted, tt.v, got, tt.want)
			}
		})
	}
	for dotted, want := range map[string]bool{"properties.email": true, "properties": false, "properties.email.expression": false} {
		if got := k.IsPatchWhole(dotted); got != want {
			t.Errorf("IsPatchWhole(%s) = %v, want %v", dotted, got, want)
		}
	}
}

func TestCheckDepth(t *testing.T) {
	base := func() Kind {
		return Kind{Name: "x", Title: "X", List: List{Path: "/x"}, Get: get("/x/{id}"), Update: post("/x/{id}"), UpdateMode: UpdatePartial}
	}
	tests := []struct {
		name string
		edit func(*Kind)
		want string
	}{
		{"other target unknown", func(k *Kind) { k.Refs = []RefField{{Path: "a", Target: "x", Others: []string{"nope"}}} }, `other target "nope" is not a known kind`},
		{"other target on an external ref", func(k *Kind) {
			k.Refs = []RefField{{Path: "a", Target: "users", External: true, Others: []string{"x"}}}
		}, "has no other targets"},
		{"bad default path", func(k *Kind) { k.Defaults = []DefaultValue{{Path: "a..b"}} }, `bad path "a..b"`},
		{"lookup without {value}", func(k *Kind) {
			k.Lookups = []FieldLookup{{Field: "a", Get: Endpoint{Method: "GET", Path: "/g"}, Value: "v", Into: "b"}}
		}, "a path with {value}"},
		{"patch whole on a replace", func(k *Kind) { k.UpdateMode = UpdateReplace; k.PatchWhole = []string{"p.*"} }, "PatchWhole is for a partial update"},
		{"update field without update", func(k *Kind) { k.Update = nil; k.UpdateField = "c" }, "UpdateField without an update endpoint"},
		{"detail without get", func(k *Kind) { k.Get = nil; k.List.Detail = true }, "Detail reads each listed object with Get"},
		{"status twice", func(k *Kind) {
			k.Lifecycle = &Lifecycle{StatusField: "status", CreateTakesStatus: true, CreateActivateParam: "activate"}
		}, "not both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := base()
			tt.edit(&k)
			r := &Registry{byName: map[string]*Kind{"x": &k}}
			errs := r.checkDepth(&k)
			for _, err := range errs {
				if strings.Contains(err.Error(), tt.want) {
					return
				}
			}
			t.Errorf("want an error containing %q, got %v", tt.want, errs)
		})
	}
	k := base()
	if errs := (&Registry{byName: map[string]*Kind{"x": &k}}).checkDepth(&k); len(errs) != 0 {
		t.Errorf("a plain kind: %v", errs)
	}
}
