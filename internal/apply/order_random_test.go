package apply

import (
	"context"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestRandomEditsApplyInPlanOrder checks the plan's order against the real
// thing: random edit sets (new groups, and new objects that name them
// through references: group rules with expressions, app assignments,
// policy rules, auth-server rules; updates that re-point references; deletes
// of objects and of what referred to them) are planned and applied to the
// sandbox one step at a time, in plan order. The sandbox checks every
// reference as Okta does, so a step that ran before what it names would
// fail ("does not exist", 400/404). None may, and the next plan is empty.
func TestRandomEditsApplyInPlanOrder(t *testing.T) {
	reg := registry(t)
	for seed := int64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: seed})
			ctx := context.Background()
			current := o.snapshot(t)
			desired, _ := viaFiles(t, reg, current)
			e := &randomEdits{t: t, reg: reg, s: desired, rnd: rand.New(rand.NewSource(seed))}
			e.apply()
			p := computePlan(t, reg, desired, current, plan.Options{AllowDelete: true, MaxDeletes: -1})
			if len(p.Steps) < 10 {
				t.Fatalf("the edit set made only %d steps", len(p.Steps))
			}
			// One step at a time, in the plan's order: any reference to an
			// object not created yet would fail.
			rep, err := Run(ctx, RunOptions{Options: Options{Parallelism: 1, AllowDelete: true, Environ: secretEnv(p)},
				Plan: p, Client: o.client, Registry: reg, Read: o.read})
			if err != nil {
				t.Fatal(err)
			}
			if rep.HasFailures() {
				t.Fatalf("%d of %d steps failed applied in plan order:%s", rep.Counts.Failed, rep.Counts.Total, failures(rep))
			}
			again := computePlan(t, reg, desired, o.snapshot(t), plan.Options{AllowDelete: true, MaxDeletes: -1})
			if again.HasChanges() {
				var ids []string
				for _, s := range again.Steps {
					ids = append(ids, s.ID)
				}
				t.Fatalf("after applying, the plan is not empty: %v", ids)
			}
		})
	}
}

// randomEdits edits a desired snapshot in ways that create references
// between new objects and between new and existing ones.
type randomEdits struct {
	t   *testing.T
	reg *model.Registry
	s   *model.Snapshot
	rnd *rand.Rand
	n   int
}

func (e *randomEdits) add(kind, parentPath string, body map[string]any) string {
	e.t.Helper()
	k, _ := e.reg.Kind(kind)
	path := model.BasePath(k, parentPath, body)
	if err := e.s.Add(&model.Object{Kind: kind, Path: path, Body: body}); err != nil {
		e.t.Fatalf("adding %s: %v", path, err)
	}
	return path
}

func (e *randomEdits) name(prefix string) string {
	e.n++
	return fmt.Sprintf("%s %d-%d", prefix, e.rnd.Intn(1000), e.n)
}

func ref(path string) string { return model.FormatRef(path) }

// pick returns the paths of a kind's objects that satisfy keep, in order.
func (e *randomEdits) pick(kind string, keep func(*model.Object) bool) []string {
	var out []string
	for _, o := range e.s.ByKind(kind) {
		if keep == nil || keep(o) {
			out = append(out, o.Path)
		}
	}
	sort.Strings(out)
	return out
}

func (e *randomEdits) apply() {
	// New groups, referred to by everything below.
	var groups []string
	for i := 0; i < 3+e.rnd.Intn(4); i++ {
		groups = append(groups, e.add("groups", "", map[string]any{"profile": map[string]any{
			"name": e.name("Random group"), "description": "made by the random edit test"}}))
	}
	g := func() string { return groups[e.rnd.Intn(len(groups))] }

	// Group rules naming new groups in their action and their expression.
	for i := 0; i < 1+e.rnd.Intn(3); i++ {
		e.add("group-rules", "", map[string]any{
			"name": e.name("Rule"), "type": "group_rule", "status": "ACTIVE",
			"conditions": map[string]any{"expression": map[string]any{
				"type": "urn:okta:expression:1.0", "value": `isMemberOfAnyGroup("` + ref(g()) + `")`}},
			"actions": map[string]any{"assignUserToGroups": map[string]any{"groupIds": []any{ref(g())}}},
		})
	}

	// Existing apps assigned to new groups.
	apps := e.pick("apps", func(o *model.Object) bool { return o.Role == "" })
	for i := 0; i < 1+e.rnd.Intn(3) && len(apps) > 0; i++ {
		app := apps[e.rnd.Intn(len(apps))]
		gp := g()
		if _, dup := e.s.Get(app + "/groups/" + gp[len("groups/"):]); dup {
			continue
		}
		// After the app's existing assignments: two assignments at the
		// same priority are ambiguous (see the closing notes).
		e.add("app-group-assignments", app, map[string]any{"id": ref(gp),
			"priority": len(e.pick("app-group-assignments", func(o *model.Object) bool { return strings.HasPrefix(o.Path, app+"/") })),
			"profile":  map[string]any{}})
	}

	// A new sign-on policy with a rule naming a new group, and a rule
	// added to an existing policy.
	pol := e.add("policies", "", map[string]any{"name": e.name("Random sign-on"), "type": "OKTA_SIGN_ON", "status": "ACTIVE",
		"conditions": map[string]any{"people": map[string]any{"groups": map[string]any{"include": []any{ref(g())}}}}})
	signOnRule := func(parent string) {
		e.add("policy-rules", parent, map[string]any{"name": e.name("Random rule"), "type": "SIGN_ON", "status": "ACTIVE",
			"conditions": map[string]any{"people": map[string]any{"groups": map[string]any{"include": []any{ref(g())}}}},
			"actions":    map[string]any{"signon": map[string]any{"access": "ALLOW", "requireFactor": false}}})
	}
	signOnRule(pol)
	if existing := e.pick("policies", func(o *model.Object) bool {
		return o.Role == "" && o.Body["type"] == "OKTA_SIGN_ON"
	}); len(existing) > 0 {
		signOnRule(existing[e.rnd.Intn(len(existing))])
	}

	// A custom scope on an existing authorization server, and a rule that
	// names it and a new group.
	servers := e.pick("authorization-servers", func(o *model.Object) bool { return o.Role == "" && o.Body["status"] == "ACTIVE" })
	if len(servers) > 0 {
		as := servers[e.rnd.Intn(len(servers))]
		scope := e.name("random.scope")
		scope = strings.ReplaceAll(scope, " ", "_")
		scopePath := e.add("auth-server-scopes", as, map[string]any{"name": scope, "consent": "IMPLICIT"})
		if policies := e.pick("auth-server-policies", func(o *model.Object) bool { return strings.HasPrefix(o.Path, as+"/") }); len(policies) > 0 {
			e.add("auth-server-policy-rules", policies[0], map[string]any{
				"name": e.name("Random token rule"), "type": "RESOURCE_ACCESS", "status": "ACTIVE",
				"conditions": map[string]any{
					"people":     map[string]any{"groups": map[string]any{"include": []any{ref(g())}}},
					"grantTypes": map[string]any{"include": []any{"client_credentials"}},
					// Scope names are references in the tree, like IDs.
					"scopes": map[string]any{"include": []any{ref(scopePath)}},
				},
				"actions": map[string]any{"token": map[string]any{"accessTokenLifetimeMinutes": 60,
					"refreshTokenLifetimeMinutes": 0, "refreshTokenWindowMinutes": 10080}},
			})
		}
	}

	// Re-point an existing group rule at a new group: an update whose new
	// reference must be created first.
	if rules := e.pick("group-rules", func(o *model.Object) bool { return !strings.HasPrefix(o.Body["name"].(string), "Rule ") }); len(rules) > 0 {
		r, _ := e.s.Get(rules[e.rnd.Intn(len(rules))])
		r.Body["actions"] = map[string]any{"assignUserToGroups": map[string]any{"groupIds": []any{ref(g())}}}
		// Okta can't update a rule's actions: the plan replaces it.
	}

	// Deletes: an existing group rule, and a group together with every
	// object that names it (its referrers must go first).
	if rules := e.pick("group-rules", nil); len(rules) > 0 {
		e.s.Remove(rules[e.rnd.Intn(len(rules))])
	}
	e.removeWithReferrers("groups/contractors")
}

// removeWithReferrers deletes an object, its children, and (recursively)
// every object whose body or relations name any of them, so that the tree
// stays valid and the plan must order the deletes.
func (e *randomEdits) removeWithReferrers(path string) {
	if _, ok := e.s.Get(path); !ok {
		return
	}
	gone := []string{path}
	for _, c := range e.s.Objects() {
		if strings.HasPrefix(c.Path, path+"/") {
			gone = append(gone, c.Path)
		}
	}
	for _, p := range gone {
		e.s.Remove(p)
	}
	for _, p := range gone {
		needle := ref(p)
		for _, o := range e.s.Objects() {
			named := strings.Contains(string(model.CanonicalJSON(o.Body)), needle)
			for _, r := range o.Relations {
				named = named || r == needle
			}
			if named {
				e.removeWithReferrers(o.Path)
			}
		}
	}
}
