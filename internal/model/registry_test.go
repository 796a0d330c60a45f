package model

import (
	"io/fs"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// TestBuiltinRegistry checks what every built-in descriptor must have. The
// list of kinds itself, with what each supports, is pinned by the golden
// files of `oktasync kinds` (cmd/oktasync/testdata/kinds.txt and
// kinds.json, rewritten with go test ./cmd/oktasync -run TestKindsGolden
// -update), not by a list kept here.
func TestBuiltinRegistry(t *testing.T) {
	reg := testRegistry(t)
	if len(reg.Kinds()) == 0 {
		t.Fatal("the built-in registry has no kinds")
	}
	for _, k := range reg.Kinds() {
		if _, ok := reg.Schema(k.Name); !ok {
			t.Errorf("kind %s has no compiled schema", k.Name)
		}
		if k.Existing {
			// Never written, and read only through its list (admin users).
			if k.List.Path == "" || k.Create != nil || k.Update != nil || k.Delete != nil {
				t.Errorf("existing kind %s: wants a list and no write endpoint", k.Name)
			}
			continue
		}
		if k.Get == nil || k.List.Path == "" {
			t.Errorf("kind %s lacks get or list", k.Name)
		}
		// Every kind can be changed: by an update, by toggles (the org's
		// communication emails have only optIn and optOut), by its status
		// (group push mappings), or by a replacement, which takes a create
		// and a delete (app scope grants, resource set bindings, linked
		// object definitions).
		if k.Update == nil && len(k.Toggles) == 0 && k.Lifecycle == nil && (k.Create == nil || k.Delete == nil) {
			t.Errorf("kind %s has no update, no toggle, no lifecycle and no create and delete: nothing could change it", k.Name)
		}
		if k.Implicit != (k.Create == nil) && k.Name != "authenticators" {
			// Every kind but the implicit ones (Okta makes those with
			// their parent) can be created; authenticators can be created
			// but not deleted.
			t.Errorf("kind %s: implicit=%v but create=%v", k.Name, k.Implicit, k.Create)
		}
		if k.Parent != "" && !strings.Contains(k.Get.Path, "{parentId}") {
			t.Errorf("child kind %s: get path lacks {parentId}", k.Name)
		}
	}
	// Every schema file belongs to a kind.
	files, err := fs.Glob(os.DirFS("../../schemas"), "*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if _, ok := reg.Kind(strings.TrimSuffix(f, ".json")); !ok {
			t.Errorf("schema %s belongs to no kind", f)
		}
	}
}

func TestOrderProperties(t *testing.T) {
	reg := testRegistry(t)
	order := reg.Order()
	if len(order) != len(reg.Kinds()) {
		t.Fatalf("order has %d kinds, registry %d", len(order), len(reg.Kinds()))
	}
	pos := map[string]int{}
	for i, k := range order {
		pos[k.Name] = i
	}
	for _, k := range reg.Kinds() {
		if k.Parent != "" && pos[k.Parent] > pos[k.Name] {
			t.Errorf("%s comes before its parent %s", k.Name, k.Parent)
		}
		for _, r := range k.Refs {
			if r.External || r.TwoPass {
				continue
			}
			if pos[r.Target] > pos[k.Name] {
				t.Errorf("%s comes before %s, which its field %s references", k.Name, r.Target, r.Path)
			}
		}
		for _, a := range k.After {
			if pos[a] > pos[k.Name] {
				t.Errorf("%s comes before %s (After)", k.Name, a)
			}
		}
		for _, d := range reg.Dependencies(k.Name) {
			if pos[d] > pos[k.Name] {
				t.Errorf("%s comes before its dependency %s", k.Name, d)
			}
		}
	}
	// Deterministic: a second registry gives the same order.
	reg2, err := NewRegistry(os.DirFS("../../schemas"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(kindNamesOf(order), kindNamesOf(reg2.Order())); diff != "" {
		t.Errorf("order is not deterministic:\n%s", diff)
	}
	// Order does not depend on the order descriptors are given in.
	ks := BuiltinKinds()
	sort.Slice(ks, func(i, j int) bool { return ks[i].Name > ks[j].Name })
	reg3, err := NewRegistryFrom(ks, os.DirFS("../../schemas"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(kindNamesOf(order), kindNamesOf(reg3.Order())); diff != "" {
		t.Errorf("order depends on input order:\n%s", diff)
	}
	t.Logf("order: %s", strings.Join(kindNamesOf(order), ", "))
}

func kindNamesOf(ks []*Kind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = k.Name
	}
	return out
}

func TestDependencies(t *testing.T) {
	reg := testRegistry(t)
	if diff := cmp.Diff([]string{"apps", "groups"}, reg.Dependencies("app-group-assignments")); diff != "" {
		t.Error(diff)
	}
	deps := reg.Dependents("groups")
	for _, want := range []string{"app-group-assignments", "group-rules", "idps", "policies", "policy-rules", "auth-server-policy-rules"} {
		if !slices.Contains(deps, want) {
			t.Errorf("Dependents(groups) = %v, missing %s", deps, want)
		}
	}
	// The CIBA edge apps -> authenticators and the access-policy relation
	// are two-pass: they are edges, but they do not order kinds.
	if slices.Contains(reg.Dependencies("apps"), "authenticators") || slices.Contains(reg.Dependencies("apps"), "policies") {
		t.Errorf("two-pass edges must not be dependencies: %v", reg.Dependencies("apps"))
	}
	var twoPass []string
	for _, e := range reg.Edges() {
		if e.TwoPass {
			twoPass = append(twoPass, e.From+"->"+e.To+" "+e.Reason)
		}
	}
	want := []string{
		"authenticators->apps ref settings.oauthClient.backchannel_custom_authenticator_id",
		"policies->apps relation accessPolicy",
		"policies->apps relation profileEnrollment",
	}
	if diff := cmp.Diff(want, twoPass); diff != "" {
		t.Errorf("two-pass edges (-want +got):\n%s", diff)
	}
}

// minimal returns a well-formed descriptor for broken-registry tests.
// singleton makes k a singleton named name.
func singleton(k Kind, name string) Kind {
	k.Singleton, k.SlugFields, k.Identity = name, nil, nil
	return k
}

func minimal(name string) Kind {
	return Kind{
		Name: name, Schema: name + ".json", ScopeArea: "groups", SlugFields: []string{"name"}, Identity: []string{"name"},
		List: List{Path: "/api/v1/" + name}, Get: get("/api/v1/" + name + "/{id}"), Update: put("/api/v1/" + name + "/{id}"),
	}
}

func schemaFS(names ...string) fstest.MapFS {
	m := fstest.MapFS{}
	for _, n := range names {
		m[n+".json"] = &fstest.MapFile{Data: []byte(`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object"}`)}
	}
	return m
}

func TestBrokenRegistries(t *testing.T) {
	withRef := func(k Kind, r RefField) Kind { k.Refs = append(k.Refs, r); return k }
	child := func(k Kind, parent, dir string) Kind {
		k.Parent, k.ChildDir, k.List.Path = parent, dir, "/api/v1/"+parent+"/{parentId}/"+k.Name
		return k
	}
	tests := []struct {
		name    string
		kinds   []Kind
		schemas fstest.MapFS
		want    string
	}{
		{"duplicate name", []Kind{minimal("a"), minimal("a")}, schemaFS("a"), `kind "a" is defined twice`},
		{"unknown ref target", []Kind{withRef(minimal("a"), RefField{Path: "x", Target: "nope"})}, schemaFS("a"), `target "nope" is not a known kind`},
		{"unknown parent", []Kind{child(minimal("a"), "nope", "as")}, schemaFS("a"), `parent "nope" is not a known kind`},
		{"missing schema", []Kind{minimal("a"), minimal("b")}, schemaFS("a"), `kind "b": schema: open b.json`},
		{"invalid schema", []Kind{minimal("a")}, fstest.MapFS{"a.json": {Data: []byte(`{"type":12}`)}}, `kind "a": schema a.json`},
		{"cycle", []Kind{
			withRef(minimal("a"), RefField{Path: "b", Target: "b"}),
			withRef(minimal("b"), RefField{Path: "c", Target: "c"}),
			withRef(minimal("c"), RefField{Path: "a", Target: "a"}),
		}, schemaFS("a", "b", "c"), "cycle not declared two-pass: a -> c (ref a), c -> b (ref c), b -> a (ref b)"},
		{"cycle through parent", []Kind{
			withRef(minimal("a"), RefField{Path: "x", Target: "c"}),
			child(minimal("b"), "a", "bs"),
			withRef(minimal("c"), RefField{Path: "y", Target: "b"}),
		}, schemaFS("a", "b", "c"), "a -> b (parent)"},
		{"unknown relation target", []Kind{func() Kind {
			k := minimal("a")
			k.Relations = []Relation{{Name: "r", Target: "nope", ReadFrom: "_links.r.href"}}
			return k
		}()}, schemaFS("a"), `relation r: target "nope" is not a known kind`},
		{"bad field path", []Kind{withRef(minimal("a"), RefField{Path: "x..y", Target: "a"})}, schemaFS("a"), `bad segment`},
		{"within not an ancestor", []Kind{minimal("a"), minimal("b"),
			withRef(minimal("c"), RefField{Path: "x", Target: "b", Within: "a"})}, schemaFS("a", "b", "c"), `Within "a" must be an ancestor`},
		{"no identity", []Kind{func() Kind { k := minimal("a"); k.Identity = nil; return k }()}, schemaFS("a"), "needs an identity key"},
		{"no slug", []Kind{func() Kind { k := minimal("a"); k.SlugFields = nil; return k }()}, schemaFS("a"), "needs slug fields or a singleton"},
		{"child without dir", []Kind{minimal("a"), child(minimal("b"), "a", "")}, schemaFS("a", "b"), "needs a ChildDir"},
		{"same child dir", []Kind{minimal("a"), child(minimal("b"), "a", "x"), child(minimal("c"), "a", "x")}, schemaFS("a", "b", "c"), `both use child directory "x"`},
		{"same child dir, same singleton name", []Kind{minimal("a"), singleton(child(minimal("b"), "a", "x"), "s"), singleton(child(minimal("c"), "a", "x"), "s")},
			schemaFS("a", "b", "c"), `both use child directory "x"`},
		{"same child dir, a singleton and a kind with names", []Kind{minimal("a"), singleton(child(minimal("b"), "a", "x"), "s"), child(minimal("c"), "a", "x")},
			schemaFS("a", "b", "c"), `both use child directory "x"`},
		{"list item keeps without an item", []Kind{func() Kind { k := minimal("a"); k.List.ItemKeep = []string{"name"}; return k }()}, schemaFS("a"), "ItemKeep copies fields"},
		{"default body on a kind with files", []Kind{func() Kind { k := minimal("a"); k.DefaultBody = map[string]any{"x": 1}; return k }()}, schemaFS("a"), "only an implicit kind"},
		{"two list conditions", []Kind{minimal("a"), func() Kind {
			k := child(minimal("b"), "a", "x")
			zero := 0.0
			k.List.When = &Condition{Field: "n", NotEmpty: true, Above: &zero}
			return k
		}()}, schemaFS("a", "b"), "exactly one test"},
		{"default flag on a kind without writes", []Kind{minimal("a"), func() Kind {
			k := child(minimal("b"), "a", "x")
			k.Default = &DefaultFlag{Field: "isDefault", DeleteAll: Endpoint{Method: "DELETE", Path: "/x"}}
			return k
		}()}, schemaFS("a", "b"), "default flag: siblings under a parent"},
		{"external target that is a kind", []Kind{withRef(minimal("a"), RefField{Path: "x", Target: "a", External: true})}, schemaFS("a"), "is a registry kind"},
		{"bad name", []Kind{minimal("Bad_Name")}, schemaFS("Bad_Name"), "name must match"},
		{"no scope area", []Kind{func() Kind { k := minimal("a"); k.ScopeArea = ""; return k }()}, schemaFS("a"), `scope area "" must match`},
		{"scope name for an area", []Kind{func() Kind { k := minimal("a"); k.ScopeArea = "okta.groups.read"; return k }()}, schemaFS("a"), `scope area "okta.groups.read" must match`},
		{"unknown after", []Kind{func() Kind { k := minimal("a"); k.After = []string{"zz"}; return k }()}, schemaFS("a"), `after: "zz" is not a known kind`},
		{"system rule without role", []Kind{func() Kind {
			k := minimal("a")
			k.System = &SystemRule{Match: []map[string]any{{"system": true}}}
			return k
		}()}, schemaFS("a"), "needs role fields or a constant role"},
		{"by login but not external", []Kind{withRef(minimal("a"), RefField{Path: "x", Target: "b", ByLogin: true}), minimal("b")}, schemaFS("a", "b"), "ByLogin refers to users"},
		{"bad pattern part", []Kind{withRef(minimal("a"), RefField{Path: "x", Patterns: []RefPattern{{Template: "orn:{org}:{id}", Target: "a"}}})}, schemaFS("a"), "unknown part {org}"},
		{"pattern id without target", []Kind{withRef(minimal("a"), RefField{Path: "x", Patterns: []RefPattern{{Template: "{orgUrl}/x/{id}"}}})}, schemaFS("a"), "needs a Target kind, or ByLogin"},
		{"pattern target unknown", []Kind{withRef(minimal("a"), RefField{Path: "x", Patterns: []RefPattern{{Template: "{orgUrl}/x/{id}", Target: "nope"}}})}, schemaFS("a"), `target "nope" is not a known kind`},
		{"pattern with field target", []Kind{withRef(minimal("a"), RefField{Path: "x", Target: "a", Patterns: []RefPattern{{Template: "{orgUrl}/x/{id}", Target: "a"}}})}, schemaFS("a"), "names its targets in its patterns"},
		{"adjacent pattern parts", []Kind{withRef(minimal("a"), RefField{Path: "x", Patterns: []RefPattern{{Template: "orn:{orgId}{id}", Target: "a"}}})}, schemaFS("a"), "cannot be told apart"},
		{"collection pattern with target", []Kind{withRef(minimal("a"), RefField{Path: "x", Patterns: []RefPattern{{Template: "orn:{orgId}:all", Target: "a"}}})}, schemaFS("a"), "has no {id}"},
		{"item set without read", []Kind{func() Kind {
			k := minimal("a")
			k.ItemSets = []ItemSet{{Field: "members", ReadValue: "id", Add: put("/x/{item}")}}
			return k
		}()}, schemaFS("a"), "item set members: no read endpoint"},
		{"scalar item set without value", []Kind{func() Kind {
			k := minimal("a")
			k.ItemSets = []ItemSet{{Field: "members", Read: List{Path: "/x"}, Add: put("/x/{item}")}}
			return k
		}()}, schemaFS("a"), "scalar items need ReadValue"},
		{"item set with no add", []Kind{func() Kind {
			k := minimal("a")
			k.ItemSets = []ItemSet{{Field: "members", Read: List{Path: "/x"}, ReadValue: "id"}}
			return k
		}()}, schemaFS("a"), "no way to add an item"},
		{"item set also a set", []Kind{func() Kind {
			k := minimal("a")
			k.Sets = []string{"members"}
			k.ItemSets = []ItemSet{{Field: "members", Read: List{Path: "/x"}, ReadValue: "id", Add: put("/x/{item}")}}
			return k
		}()}, schemaFS("a"), "also listed in Sets"},
		{"remove by key", []Kind{func() Kind {
			k := minimal("a")
			k.ItemSets = []ItemSet{{Field: "members", Read: List{Path: "/x"}, ReadValue: "id", Add: put("/x/{item}"), Remove: del("/x/{item}")}}
			return k
		}()}, schemaFS("a"), "names the item by {itemId}"},
		{"keys in create of scalars", []Kind{func() Kind {
			k := minimal("a")
			k.ItemSets = []ItemSet{{Field: "members", Read: List{Path: "/x"}, ReadValue: "id", Add: put("/x/{item}"), Create: ItemKeysInCreate}}
			return k
		}()}, schemaFS("a"), "keys in create need keyed items"},
		{"bad system pattern", []Kind{func() Kind {
			k := minimal("a")
			k.System = &SystemRule{MatchPattern: map[string]string{"name": "(("}, Role: "x"}
			return k
		}()}, schemaFS("a"), "system rule: pattern for name"},
	}
	for _, tt := range tests {
		_, err := NewRegistryFrom(tt.kinds, tt.schemas)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want containing %q", tt.name, err, tt.want)
		}
	}

	// The same cycle declared two-pass is accepted, and the order follows
	// the remaining edges.
	a := withRef(minimal("a"), RefField{Path: "b", Target: "b", TwoPass: true})
	b := withRef(minimal("b"), RefField{Path: "a", Target: "a"})
	reg, err := NewRegistryFrom([]Kind{b, a}, schemaFS("a", "b"))
	if err != nil {
		t.Fatalf("two-pass cycle rejected: %v", err)
	}
	if diff := cmp.Diff([]string{"a", "b"}, kindNamesOf(reg.Order())); diff != "" {
		t.Error(diff)
	}
	if _, err := NewRegistryFrom([]Kind{minimal("a")}, nil); err == nil {
		t.Error("a registry without schema files must fail")
	}
}

func TestSystemAndIdentity(t *testing.T) {
	reg := testRegistry(t)
	k, _ := reg.Kind("groups")
	everyone := mustJSON(t, `{"type":"BUILT_IN","profile":{"name":"Everyone"}}`)
	if !k.IsSystem(everyone) || k.RoleOf(everyone) != "Everyone" {
		t.Errorf("Everyone: system=%v role=%q", k.IsSystem(everyone), k.RoleOf(everyone))
	}
	if k.IsSystem(mustJSON(t, `{"type":"OKTA_GROUP","profile":{"name":"x"}}`)) {
		t.Error("OKTA_GROUP is not system")
	}
	pol, _ := reg.Kind("policies")
	if r := pol.RoleOf(mustJSON(t, `{"system":true,"type":"PASSWORD","name":"Default Policy"}`)); r != "PASSWORD" {
		t.Errorf("policy role = %q", r)
	}
	auth, _ := reg.Kind("authenticators")
	if r := auth.RoleOf(mustJSON(t, `{"key":"okta_verify","name":"Okta Verify"}`)); r != "okta_verify" {
		t.Errorf("authenticator role = %q", r)
	}
	if auth.IsSystem(mustJSON(t, `{"key":"custom_app","name":"My push"}`)) {
		t.Error("custom_app is not a built-in authenticator")
	}
	rule, _ := reg.Kind("policy-rules")
	if r := rule.RoleOf(mustJSON(t, `{"system":true,"name":"Catch-all Rule"}`)); r != "default-rule" {
		t.Errorf("rule role = %q", r)
	}
	// Okta reserves the okta.* scopes although they carry system: false.
	scope, _ := reg.Kind("auth-server-scopes")
	myAccount := mustJSON(t, `{"system":false,"name":"okta.myAccount.read"}`)
	if !scope.IsSystem(myAccount) || scope.RoleOf(myAccount) != "okta.myAccount.read" {
		t.Errorf("okta.* scope: system=%v role=%q", scope.IsSystem(myAccount), scope.RoleOf(myAccount))
	}
	if scope.IsSystem(mustJSON(t, `{"system":false,"name":"api:okta.read"}`)) || scope.IsSystem(mustJSON(t, `{"system":false}`)) {
		t.Error("a custom scope is not system")
	}
	if r := scope.RoleOf(mustJSON(t, `{"system":true,"name":"openid"}`)); r != "openid" {
		t.Errorf("openid role = %q", r)
	}
	id1, ok1 := pol.IdentityOf(mustJSON(t, `{"type":"PASSWORD","name":"A"}`))
	id2, ok2 := pol.IdentityOf(mustJSON(t, `{"name":"A","type":"PASSWORD","priority":2}`))
	if !ok1 || !ok2 || id1 != id2 {
		t.Errorf("identity differs: %q %q", id1, id2)
	}
	if _, ok := pol.IdentityOf(mustJSON(t, `{"name":"A"}`)); ok {
		t.Error("identity with a missing field must not be ok")
	}
	app, _ := reg.Kind("apps")
	if app.IDOf(mustJSON(t, `{"id":"0oa1"}`)) != "0oa1" {
		t.Error("IDOf")
	}
	key, _ := reg.Kind("idp-keys")
	if key.IDOf(mustJSON(t, `{"kid":"abc"}`)) != "abc" {
		t.Error("IDOf with IDField")
	}
}

// TestScopes: the registry's scope lists hold one scope per distinct area,
// and every kind's own scopes are in them.
func TestScopes(t *testing.T) {
	a, b, c := minimal("a"), minimal("b"), minimal("c")
	a.ScopeArea, b.ScopeArea, c.ScopeArea = "groups", "apps", "groups"
	reg, err := NewRegistryFrom([]Kind{a, b, c}, schemaFS("a", "b", "c"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"apps", "groups"}, reg.ScopeAreas()); diff != "" {
		t.Error(diff)
	}
	if diff := cmp.Diff([]string{"okta.apps.read", "okta.groups.read"}, reg.ReadScopes()); diff != "" {
		t.Error(diff)
	}
	if diff := cmp.Diff([]string{"okta.apps.manage", "okta.groups.manage"}, reg.ManageScopes()); diff != "" {
		t.Error(diff)
	}
	builtin := testRegistry(t)
	read, manage := map[string]bool{}, map[string]bool{}
	for _, s := range builtin.ReadScopes() {
		read[s] = true
	}
	for _, s := range builtin.ManageScopes() {
		manage[s] = true
	}
	for _, k := range builtin.Kinds() {
		if !read[k.ReadScope()] || !manage[k.ManageScope()] {
			t.Errorf("%s: %s or %s missing from the registry's lists", k.Name, k.ReadScope(), k.ManageScope())
		}
	}
	// One scope per area, and the users' read scope in both lists when
	// kinds hold users by login (export and apply look them up; nothing
	// changes a user, so never the users' manage scope).
	users := builtin.Users().ReadScope()
	if !builtin.NamesUsers() || !read[users] || !manage[users] || manage["okta."+builtin.Users().ScopeArea+".manage"] {
		t.Errorf("the users' read scope %s must be in both lists, and their manage scope in neither", users)
	}
	if len(builtin.ReadScopes()) != len(builtin.ScopeAreas())+1 {
		t.Errorf("%d read scopes for %d areas and the users'", len(builtin.ReadScopes()), len(builtin.ScopeAreas()))
	}
	// Without a kind that names users by login, no user scope.
	for _, s := range reg.ManageScopes() {
		if s == users {
			t.Errorf("%s listed for kinds that name no users", s)
		}
	}
}
