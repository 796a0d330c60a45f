package plan

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
)

// itemRegistry is a registry of one kind "bag" with an item set "things"
// shaped by set, and groups to refer to.
func itemRegistry(t *testing.T, set model.ItemSet, createFields ...string) *model.Registry {
	t.Helper()
	ep := func(m, p string) *model.Endpoint { return &model.Endpoint{Method: m, Path: p} }
	schema := &fstest.MapFile{Data: []byte(`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object"}`)}
	kinds := []model.Kind{
		{Name: "grp", Schema: "grp.json", ScopeArea: "groups", SlugFields: []string{"name"}, Identity: []string{"name"},
			List: model.List{Path: "/grp"}, Create: ep("POST", "/grp"), Update: ep("PUT", "/grp/{id}"), Delete: ep("DELETE", "/grp/{id}")},
		{Name: "bag", Schema: "bag.json", ScopeArea: "groups", SlugFields: []string{"name"}, Identity: []string{"name"},
			List: model.List{Path: "/bags"}, Create: ep("POST", "/bags"), Update: ep("PUT", "/bags/{id}"), Delete: ep("DELETE", "/bags/{id}"),
			CreateFields: createFields,
			Refs:         []model.RefField{{Path: "things[]", Target: "grp"}, {Path: "things[].grp", Target: "grp"}},
			ItemSets:     []model.ItemSet{set}},
	}
	reg, err := model.NewRegistryFrom(kinds, fstest.MapFS{"grp.json": schema, "bag.json": schema})
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func stepIDs(p *Plan) []string {
	var out []string
	for _, s := range p.Steps {
		out = append(out, s.ID)
	}
	return out
}

// TestItemSetEdges: what the descriptor says about a set decides the
// steps: a set that cannot update an item removes and re-adds it (the add
// waits for the remove); removes that are deletes are refused without
// --allow-delete and destructive with it; a create carries at most a
// batch of items and adds the rest; a create endpoint that takes no such
// field gets the items after it; duplicate and keyless items are errors at
// their line.
func TestItemSetEdges(t *testing.T) {
	read := model.List{Path: "/bags/{id}/things"}
	keyed := model.ItemSet{Field: "things", Key: "name", Read: read,
		Add: &model.Endpoint{Method: "POST", Path: "/bags/{id}/things/{item}"}, Remove: &model.Endpoint{Method: "DELETE", Path: "/bags/{id}/things/{itemId}"}}
	reg := itemRegistry(t, keyed)
	cur := []obj{{kind: "bag", path: "bag/b", body: `{"name":"B","things":[{"name":"x","level":1},{"name":"y"}]}`}}
	p := mustCompute(t, reg, []obj{{kind: "bag", path: "bag/b", body: `{"name":"B","things":[{"name":"x","level":2}]}`}}, cur, Options{})
	want := []string{"bag/b:remove-item:things:x", "bag/b:add-item:things:x", "bag/b:remove-item:things:y"}
	if diff := cmp.Diff(want, stepIDs(p)); diff != "" {
		t.Errorf("no update in place (-want +got):\n%s", diff)
	}
	if add, _ := p.Step("bag/b:add-item:things:x"); add == nil || len(add.DependsOn) != 1 || add.DependsOn[0] != "bag/b:remove-item:things:x" {
		t.Errorf("the re-add waits for %v", add)
	}

	grants := keyed
	grants.RemoveIsDelete = true
	reg = itemRegistry(t, grants)
	desired := []obj{{kind: "bag", path: "bag/b", body: `{"name":"B","things":[{"name":"x","level":1}]}`}}
	p = mustCompute(t, reg, desired, cur, Options{})
	if len(p.Steps) != 0 || len(p.Refused) != 1 || p.Refused[0].Action != ActionRemoveItem || p.Refused[0].Reason != RefusedDeleteNotAllowed ||
		len(p.Refused[0].Items) != 1 || p.Refused[0].Items[0].Key != "y" {
		t.Errorf("a remove that is a delete, without --allow-delete: steps %v, refused %+v", stepIDs(p), p.Refused)
	}
	p = mustCompute(t, reg, desired, cur, Options{AllowDelete: true})
	if len(p.Steps) != 1 || !p.Steps[0].Destructive || p.Summary.Destructive != 1 {
		t.Errorf("with --allow-delete: %+v", p.Steps)
	}
	if _, err := compute(t, reg, desired, cur, Options{AllowDelete: true, MaxDeletes: -1}); err != nil {
		t.Fatal(err)
	}
	cur3 := []obj{{kind: "bag", path: "bag/b", body: `{"name":"B","things":[{"name":"x"},{"name":"y"},{"name":"z"}]}`}}
	if _, err := compute(t, reg, []obj{{kind: "bag", path: "bag/b", body: `{"name":"B","things":[]}`}}, cur3, Options{AllowDelete: true, MaxDeletes: 2}); err == nil ||
		!strings.Contains(err.Error(), "the plan deletes 3 objects, more than --max-deletes 2: bag/b things item x") {
		t.Errorf("removes that are deletes count against --max-deletes: %v", err)
	}

	batch := model.ItemSet{Field: "things", Read: read, ReadValue: "id", Create: model.ItemsInCreate,
		AddBatch: &model.BatchEndpoint{Endpoint: model.Endpoint{Method: "PATCH", Path: "/bags/{id}/things"}, Field: "additions", MaxPerRequest: 2}}
	reg = itemRegistry(t, batch)
	groups := []obj{{kind: "grp", path: "grp/a", body: `{"name":"A"}`}, {kind: "grp", path: "grp/b", body: `{"name":"B"}`}, {kind: "grp", path: "grp/c", body: `{"name":"C"}`}}
	p = mustCompute(t, reg, append(groups, obj{kind: "bag", path: "bag/n", body: `{"name":"N","things":["${ref:grp/a}","${ref:grp/b}","${ref:grp/c}"]}`}), nil, Options{})
	var create, add *Step
	for i := range p.Steps {
		switch p.Steps[i].ID {
		case "bag/n:create":
			create = &p.Steps[i]
		case "bag/n:add-item:things":
			add = &p.Steps[i]
		}
	}
	if create == nil || add == nil {
		t.Fatalf("steps %v", stepIDs(p))
	}
	if diff := cmp.Diff([]any{"${ref:grp/a}", "${ref:grp/b}"}, create.Body["things"]); diff != "" {
		t.Errorf("the create carries one batch (-want +got):\n%s", diff)
	}
	if len(add.Items) != 1 || add.Items[0].Key != "${ref:grp/c}" || !contains(add.DependsOn, "bag/n:create") || !contains(add.DependsOn, "grp/c:create") {
		t.Errorf("the rest is added after the create and the group: %+v", add)
	}

	reg = itemRegistry(t, batch, "name")
	p = mustCompute(t, reg, append(groups, obj{kind: "bag", path: "bag/n", body: `{"name":"N","things":["${ref:grp/a}"]}`}), nil, Options{})
	for _, s := range p.Steps {
		if _, has := s.Body["things"]; has {
			t.Errorf("%s carries the set, which the create does not take: %v", s.ID, s.Body)
		}
	}
	if !contains(stepIDs(p), "bag/n:add-item:things") {
		t.Errorf("steps %v: the items are added after the create", stepIDs(p))
	}

	reg = itemRegistry(t, keyed)
	bad := snap(t, reg, obj{kind: "bag", path: "bag/b", body: `{"name":"B","things":[{"name":"x"},{"level":3},{"name":"x"}]}`})
	for _, o := range bad.Objects() {
		o.SetLines(map[string]int{"/body/things/1": 7, "/body/things/2": 9})
	}
	_, err := Compute(bad, nil, Options{Registry: reg})
	if err == nil || !strings.Contains(err.Error(), "bag/b.yaml:7: things: an item of a bag needs a name") ||
		!strings.Contains(err.Error(), `bag/b.yaml:9: things: item "x" is listed twice (items 1 and 3)`) {
		t.Errorf("bad items: %v", err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
