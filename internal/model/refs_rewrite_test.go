package model

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRefsIn(t *testing.T) {
	tests := map[string][]string{
		"plain":           nil,
		"${ref:groups/a}": {"groups/a"},
		`isMemberOfAnyGroup("${ref:groups/a}","${ref:groups/b}")`: {"groups/a", "groups/b"},
		"$${ref:groups/a} ${var:X}":                               nil,
		"${ref:groups/a} ${ref:Bad}":                              nil, // malformed: nothing resolvable
		"${source.login} ${ref:apps/x}":                           {"apps/x"},
	}
	for in, want := range tests {
		if diff := cmp.Diff(want, RefsIn(in)); diff != "" {
			t.Errorf("RefsIn(%q):\n%s", in, diff)
		}
	}
}

// TestRewriteRefs: refs move, everything else stays as written (escapes,
// other placeholders, Okta's own expressions), and the input is not
// modified.
func TestRewriteRefs(t *testing.T) {
	in := map[string]any{
		"a": "${ref:groups/a}",
		"b": []any{`x("${ref:groups/b}") $${ref:groups/c} ${var:V} ${secret:S} ${source.login}`, 3, nil, true},
		"c": map[string]any{"d": "${ref:Bad path}"},
	}
	got := RewriteRefs(in, func(p string) string { return "+" + p })
	want := map[string]any{
		"a": "${ref:+groups/a}",
		"b": []any{`x("${ref:+groups/b}") $${ref:groups/c} ${var:V} ${secret:S} ${source.login}`, 3, nil, true},
		"c": map[string]any{"d": "${ref:Bad path}"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
	if in["a"] != "${ref:groups/a}" {
		t.Error("the input was modified")
	}
}
