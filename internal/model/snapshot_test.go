package model

import (
	"strings"
	"testing"
)

// querySnapshot holds a small org with children and grandchildren; bodies
// do not matter to the queries.
func querySnapshot(t *testing.T) *Snapshot {
	t.Helper()
	s := NewSnapshot(testRegistry(t))
	for _, o := range []struct{ kind, path string }{
		{"groups", "groups/engineering"},
		{"groups", "groups/everyone"},
		{"apps", "apps/portal"},
		{"app-group-assignments", "apps/portal/groups/engineering"},
		{"authorization-servers", "authorization-servers/default"},
		{"auth-server-scopes", "authorization-servers/default/scopes/api-read"},
		{"auth-server-claims", "authorization-servers/default/claims/resource/groups"},
		{"auth-server-policies", "authorization-servers/default/policies/portal"},
		{"auth-server-policy-rules", "authorization-servers/default/policies/portal/rules/read"},
	} {
		if err := s.Add(&Object{Kind: o.kind, Path: o.path, Body: map[string]any{}}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestSnapshotQueries(t *testing.T) {
	s := querySnapshot(t)
	if n := len(s.ByKind("groups")); n != 2 {
		t.Errorf("ByKind(groups) = %d", n)
	}
	var kids []string
	for _, o := range s.Children("authorization-servers/default") {
		kids = append(kids, o.Path)
	}
	want := "authorization-servers/default/claims/resource/groups authorization-servers/default/policies/portal authorization-servers/default/scopes/api-read"
	if strings.Join(kids, " ") != want {
		t.Errorf("Children = %v", kids)
	}
	if n := len(s.ChildrenOf("authorization-servers/default", "auth-server-scopes")); n != 1 {
		t.Errorf("ChildrenOf = %d", n)
	}
	rule, _ := s.Get("authorization-servers/default/policies/portal/rules/read")
	if p, ok := s.Parent(rule); !ok || p.Path != "authorization-servers/default/policies/portal" {
		t.Errorf("Parent = %v", p)
	}
	o, _ := s.Get("groups/engineering")
	if o.Name != "engineering" {
		t.Errorf("Add must fill Name, got %q", o.Name)
	}
	if !s.Remove("groups/engineering") || s.Remove("groups/engineering") {
		t.Error("Remove")
	}
	if _, ok := s.Get("groups/engineering"); ok {
		t.Error("removed object still there")
	}
}

func TestSnapshotAddRefuses(t *testing.T) {
	s := NewSnapshot(testRegistry(t))
	if err := s.Add(&Object{Kind: "groups", Path: "groups/fun", Body: map[string]any{}}); err != nil {
		t.Fatal(err)
	}
	if s.Add(&Object{Kind: "groups", Path: "groups/fun", Body: map[string]any{}}) == nil {
		t.Error("duplicate path must fail")
	}
	if s.Add(&Object{Kind: "apps", Path: "groups/x", Body: map[string]any{}}) == nil {
		t.Error("kind/path mismatch must fail")
	}
}
