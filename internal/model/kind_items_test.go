package model

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestItemSets(t *testing.T) {
	keyed := ItemSet{Field: "permissions", Key: "label", ReadOnly: []string{"created", "lastUpdated", "_links"}}
	scalar := ItemSet{Field: "resources", ReadValue: "orn"}

	for _, tt := range []struct {
		s    ItemSet
		item any
		key  string
		ok   bool
	}{
		{keyed, map[string]any{"label": "okta.users.read", "conditions": map[string]any{}}, "okta.users.read", true},
		{keyed, map[string]any{"conditions": map[string]any{}}, "", false},
		{keyed, "okta.users.read", "", false},
		{scalar, "orn:x", "orn:x", true},
		{scalar, "", "", false},
		{scalar, nil, "", false},
	} {
		key, ok := tt.s.KeyOf(tt.item)
		if key != tt.key || ok != tt.ok {
			t.Errorf("%s.KeyOf(%v) = %q, %v; want %q, %v", tt.s.Field, tt.item, key, ok, tt.key, tt.ok)
		}
	}

	listed := map[string]any{"label": "okta.users.read", "conditions": map[string]any{"include": "x"}, "created": "t", "_links": map[string]any{}}
	got, ok := keyed.FromRead(listed)
	if want := map[string]any{"label": "okta.users.read", "conditions": map[string]any{"include": "x"}}; !ok || !cmp.Equal(got, want) {
		t.Errorf("FromRead keyed = %v, %v", got, ok)
	}
	if _, stillThere := listed["created"]; !stillThere {
		t.Error("FromRead changed the listed item")
	}
	if got, ok := scalar.FromRead(map[string]any{"id": "x", "orn": "orn:y"}); !ok || got != "orn:y" {
		t.Errorf("FromRead scalar = %v, %v", got, ok)
	}
	if _, ok := scalar.FromRead(map[string]any{"id": "x"}); ok {
		t.Error("FromRead of a scalar item without its value succeeded")
	}

	if got := keyed.WithoutKey(map[string]any{"label": "a", "conditions": map[string]any{"x": 1}}); !cmp.Equal(got, map[string]any{"conditions": map[string]any{"x": 1}}) {
		t.Errorf("WithoutKey = %v", got)
	}
	if got := keyed.WithoutKey(map[string]any{"label": "a"}); got != nil {
		t.Errorf("WithoutKey of a bare key = %v, want nil", got)
	}
	if got := scalar.WithoutKey("orn:x"); got != nil {
		t.Errorf("WithoutKey of a scalar = %v", got)
	}

	items := []any{map[string]any{"label": "b"}, map[string]any{"x": 1}, map[string]any{"label": "a"}}
	keyed.SortItems(items)
	if diff := cmp.Diff([]any{map[string]any{"label": "a"}, map[string]any{"label": "b"}, map[string]any{"x": 1}}, items); diff != "" {
		t.Errorf("SortItems (-want +got):\n%s", diff)
	}

	body := map[string]any{"permissions": []any{"a"}}
	if got, present := keyed.Items(body); !present || len(got) != 1 {
		t.Errorf("Items = %v, %v", got, present)
	}
	if _, present := keyed.Items(map[string]any{"permissions": nil}); !present {
		t.Error("an explicit null set is present (it empties the set)")
	}
	if _, present := keyed.Items(map[string]any{}); present {
		t.Error("an absent set is not present (it is unmanaged)")
	}
}
