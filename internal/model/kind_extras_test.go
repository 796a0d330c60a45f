package model

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSystemVariants: a variant recognises a system object the main rule
// does not, under a role of its own, and takes precedence over the main
// rule's role.
func TestSystemVariants(t *testing.T) {
	k := minimal("rules")
	k.System = &SystemRule{
		Match:    []map[string]any{{"system": true}},
		Role:     "default-rule",
		Variants: []SystemVariant{{Match: map[string]any{"system": false, "type": anyOf("SEEDED_ONLY", "ALSO_SEEDED")}, Role: "seeded-rule"}},
	}
	tests := []struct {
		body   string
		system bool
		role   string
	}{
		{`{"system":true,"type":"SEEDED_ONLY"}`, true, "default-rule"},
		{`{"system":false,"type":"SEEDED_ONLY"}`, true, "seeded-rule"},
		{`{"system":false,"type":"ALSO_SEEDED"}`, true, "seeded-rule"},
		{`{"system":false,"type":"OTHER"}`, false, ""},
		{`{"type":"SEEDED_ONLY"}`, false, ""}, // the variant needs system: false, not an absent field
	}
	for _, tt := range tests {
		b := mustJSON(t, tt.body)
		if got := k.IsSystem(b); got != tt.system {
			t.Errorf("%s: IsSystem = %v, want %v", tt.body, got, tt.system)
		}
		if got := k.RoleOf(b); got != tt.role {
			t.Errorf("%s: RoleOf = %q, want %q", tt.body, got, tt.role)
		}
	}
}

func TestCreateRefusedFor(t *testing.T) {
	k := minimal("policies")
	k.CreateRefused = []CreateRefusal{{When: map[string]any{"type": anyOf("A", "B")}, Reason: "Okta makes the one policy of these types"}}
	if got := k.CreateRefusedFor(mustJSON(t, `{"type":"B","name":"x"}`)); got != "Okta makes the one policy of these types" {
		t.Errorf("type B: %q", got)
	}
	for _, body := range []string{`{"type":"C"}`, `{"name":"x"}`} {
		if got := k.CreateRefusedFor(mustJSON(t, body)); got != "" {
			t.Errorf("%s: refused %q", body, got)
		}
	}
}

// TestNamedBy: a kind named by its referrer is ordered after the
// referrer's top-level ancestor and before the referrer, has one name
// segment, and the registry checks its descriptor.
func TestNamedBy(t *testing.T) {
	policy := minimal("pols")
	rule := minimal("rules")
	rule.Parent, rule.ChildDir, rule.List.Path = "pols", "rules", "/api/v1/pols/{parentId}/rules"
	rule.Refs = []RefField{{Path: "actions.formId", Target: "forms"}}
	form := minimal("forms")
	form.SlugFields, form.Identity = nil, nil
	form.NamedBy = &NamedBy{Kind: "rules", Field: "actions.formId"}
	reg, err := NewRegistryFrom([]Kind{rule, form, policy}, schemaFS("pols", "rules", "forms"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"pols", "forms", "rules"}, kindNamesOf(reg.Order())); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	k, _ := reg.Kind("forms")
	if k.Segments() != 1 {
		t.Errorf("segments = %d", k.Segments())
	}
	info, err := reg.ParsePath("forms/pols-portal")
	if err != nil || info.Kind.Name != "forms" || info.Name != "pols-portal" {
		t.Errorf("ParsePath: %+v, %v", info, err)
	}

	broken := []struct {
		name string
		edit func(f *Kind)
		want string
	}{
		{"unknown referrer", func(f *Kind) { f.NamedBy.Kind = "nope" }, `named by "nope", which is not a known kind`},
		{"field is no reference", func(f *Kind) { f.NamedBy.Field = "actions.other" }, "named by rules.actions.other, which is not a reference to forms"},
		{"has an identity", func(f *Kind) { f.Identity = []string{"name"} }, "has no singleton name, slug fields or identity"},
	}
	for _, tt := range broken {
		f := form
		nb := *form.NamedBy
		f.NamedBy = &nb
		tt.edit(&f)
		_, err := NewRegistryFrom([]Kind{rule, f, policy}, schemaFS("pols", "rules", "forms"))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want containing %q", tt.name, err, tt.want)
		}
	}
	bad := minimal("a")
	bad.System = &SystemRule{Match: []map[string]any{{"system": true}}, Role: "x", Variants: []SystemVariant{{Match: map[string]any{"k": 1}}}}
	if _, err := NewRegistryFrom([]Kind{bad}, schemaFS("a")); err == nil || !strings.Contains(err.Error(), "variant 0 needs a match and a role") {
		t.Errorf("variant without a role: %v", err)
	}
}

func TestUnavailableFor(t *testing.T) {
	k := minimal("policies")
	s := NewSnapshot(nil)
	s.MarkUnavailable(Unavailable{Kind: "policies", Query: "type=CLIENT_UPDATE", Reason: "E0000015"})
	s.MarkUnavailable(Unavailable{Kind: "servers", Reason: "E0000015"})
	if u, ok := s.UnavailableFor(&k, mustJSON(t, `{"type":"CLIENT_UPDATE","name":"x"}`)); !ok || u.Query != "type=CLIENT_UPDATE" {
		t.Errorf("CLIENT_UPDATE policy: %v %v", u, ok)
	}
	if _, ok := s.UnavailableFor(&k, mustJSON(t, `{"type":"PASSWORD"}`)); ok {
		t.Error("a PASSWORD policy is available")
	}
	servers := minimal("servers")
	if _, ok := s.UnavailableFor(&servers, mustJSON(t, `{}`)); !ok {
		t.Error("a whole kind that is missing")
	}
	if got := len(s.Unavailable()); got != 2 {
		t.Errorf("%d entries", got)
	}
}
