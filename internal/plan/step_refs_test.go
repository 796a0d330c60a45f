package plan

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestStepRefs: a step's references are every ${ref:} in its body, one per
// occurrence with its pointer, then its relation's target; escapes, other
// placeholders and the parent are not references.
func TestStepRefs(t *testing.T) {
	s := Step{
		ParentPath: "apps/portal",
		Body: map[string]any{
			"conditions": map[string]any{"expression": map[string]any{
				"value": `isMemberOfAnyGroup("${ref:groups/a}", "${ref:groups/b}") $${ref:groups/escaped}`}},
			"actions": map[string]any{"groupIds": []any{"${ref:groups/a}", "${var:GROUP}"}},
		},
		Relation: &RelationChange{Name: "accessPolicy", Target: "${ref:policies/access-policy/portal}"},
		Items: []ItemChange{
			{Set: "resources", Item: "orn:${org:partition}:directory:${org:id}:groups:${ref:groups/c}"},
			// A removed item names the current state: not a reference.
			{Set: "resources", Before: "orn:${org:partition}:directory:${org:id}:groups:${ref:groups/old}"},
		},
	}
	want := []StepRef{
		{Target: "groups/a", Pointer: "/actions/groupIds/0"},
		{Target: "groups/a", Pointer: "/conditions/expression/value"},
		{Target: "groups/b", Pointer: "/conditions/expression/value"},
		{Target: "policies/access-policy/portal", Relation: "accessPolicy"},
		{Target: "groups/c", Pointer: "/items/0/item"},
	}
	if diff := cmp.Diff(want, s.Refs()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := (&Step{}).Refs(); len(got) != 0 {
		t.Errorf("an empty step has refs %v", got)
	}
}
