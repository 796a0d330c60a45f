package apply

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
	sbtestkinds "github.com/oktasync/oktasync/internal/sandbox/testkinds"
	"github.com/oktasync/oktasync/internal/tree"
	"github.com/oktasync/oktasync/schemas"
)

// The wave-2 engine capabilities against the sandbox, with the test-only
// kinds of internal/sandbox/testkinds (item sets, ORNs, replaces) and the rules'
// user fields (users by login).

func capRegistry(t testing.TB) *model.Registry {
	t.Helper()
	reg, err := sbtestkinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// treeOf writes files (path → YAML) under a new directory and reads them
// as a validated tree.
func treeOf(t testing.TB, reg *model.Registry, files map[string]string) *model.Snapshot {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, problems := tree.Read(dir, reg)
	problems = append(problems, tree.Validate(s, reg)...)
	if model.HasErrors(problems) {
		t.Fatalf("the tree does not validate: %v", problems)
	}
	return s
}

// applyTree plans desired against the org and applies the plan; it
// returns the plan.
func (o *org) applyTree(t testing.TB, desired *model.Snapshot, popts plan.Options, aopts Options) *plan.Plan {
	t.Helper()
	p := computePlan(t, o.reg, desired, o.snapshot(t), popts)
	rep, err := Run(context.Background(), RunOptions{Plan: p, Client: o.client, Registry: o.reg, Read: o.read, Options: aopts})
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	if rep.HasFailures() {
		t.Fatalf("apply failed:%s", failures(rep))
	}
	return p
}

// converged fails unless planning desired against the org again has
// nothing to do: no steps, and nothing refused but deletes of what the
// (partial) tree does not hold (the org's own objects, mostly).
func (o *org) converged(t testing.TB, desired *model.Snapshot) {
	t.Helper()
	again := computePlan(t, o.reg, desired, o.snapshot(t), plan.Options{})
	done := !again.HasChanges()
	for _, r := range again.Refused {
		if _, inTree := desired.Get(r.Path); r.Action != plan.ActionDelete || r.Replace || inTree {
			done = false
		}
	}
	if !done {
		var b strings.Builder
		_ = plan.RenderText(&b, again, plan.TextOptions{})
		t.Fatalf("the plan after apply is not empty:\n%s", b.String())
	}
}

func countActions(p *plan.Plan) map[plan.Action]int {
	out := map[plan.Action]int{}
	for _, s := range p.Steps {
		out[s.Action]++
	}
	return out
}

var capGroups = map[string]string{
	"groups/engineering.yaml": "kind: groups\nname: engineering\nbody:\n  profile:\n    name: Engineering\n",
	"groups/platform.yaml":    "kind: groups\nname: platform\nbody:\n  profile:\n    name: Platform\n",
	"groups/contractors.yaml": "kind: groups\nname: contractors\nbody:\n  profile:\n    name: Contractors\n",
}

func withGroups(files map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range capGroups {
		out[k] = v
	}
	for k, v := range files {
		out[k] = v
	}
	return out
}

// TestApplyItemSets: a role's permissions (per-item endpoints, labels in
// the create), a resource set's resources (ORNs with the org's parts as
// tokens, added in batches, removed by their live IDs) and a role
// assignment's targets (added after the create) are created, then edited
// item by item; after each apply the next plan is empty.
func TestApplyItemSets(t *testing.T) {
	t.Parallel()
	applyItemSets(t, sbtestkinds.EngAKinds(), sbtestkinds.IAMBase+"/resource-sets")
}

// TestApplyItemSetsOnTheIAMFamily runs the same against the sandbox's
// emulation of the real endpoints (internal/sandbox/iam, written apart from
// the test kinds from Okta's spec and recordings): the test descriptors
// with the real paths. It checks that the engine and the test kinds agree
// with the real kinds' emulation, not only with each other.
func TestApplyItemSetsOnTheIAMFamily(t *testing.T) {
	t.Parallel()
	applyItemSets(t, realIAMPaths(sbtestkinds.EngAKinds()), "/api/v1/iam/resource-sets")
}

// realIAMPaths moves the test kinds to the real IAM endpoints.
func realIAMPaths(kinds []model.Kind) []model.Kind {
	fix := func(p string) string {
		p = strings.ReplaceAll(p, sbtestkinds.IAMBase, "/api/v1/iam")
		return strings.ReplaceAll(p, "/testkinds/roles", "/roles")
	}
	fixEP := func(e *model.Endpoint) *model.Endpoint {
		if e == nil {
			return nil
		}
		c := *e
		c.Path = fix(c.Path)
		return &c
	}
	for i := range kinds {
		k := &kinds[i]
		k.List.Path = fix(k.List.Path)
		k.Get, k.Create, k.Update, k.Delete = fixEP(k.Get), fixEP(k.Create), fixEP(k.Update), fixEP(k.Delete)
		sets := append([]model.ItemSet(nil), k.ItemSets...)
		for j := range sets {
			set := &sets[j]
			set.Read.Path = fix(set.Read.Path)
			set.Add, set.Update, set.Remove = fixEP(set.Add), fixEP(set.Update), fixEP(set.Remove)
			if b := set.AddBatch; b != nil {
				c := *b
				c.Path = fix(c.Path)
				set.AddBatch = &c
			}
		}
		k.ItemSets = sets
	}
	return kinds
}

func applyItemSets(t *testing.T, kinds []model.Kind, resourceSets string) {
	// Batches of two, so that five resources take three requests (the
	// real limit is 1000, which the sandbox enforces).
	for i := range kinds {
		for j := range kinds[i].ItemSets {
			if b := kinds[i].ItemSets[j].AddBatch; b != nil {
				small := *b
				small.MaxPerRequest = 2
				kinds[i].ItemSets[j].AddBatch = &small
			}
		}
	}
	reg, err := model.NewRegistryFrom(append(model.BuiltinKinds(), kinds...), sbtestkinds.Schemas(schemas.FS()))
	if err != nil {
		t.Fatal(err)
	}
	o := newOrg(t, reg, sandbox.Options{})
	orn := func(what string) string { return "orn:${org:partition}:directory:${org:id}:" + what }
	first := treeOf(t, reg, withGroups(map[string]string{
		"test-roles/helpdesk.yaml": `kind: test-roles
name: helpdesk
body:
  description: Resets passwords
  label: Helpdesk
  permissions:
    - label: okta.groups.read
    - conditions:
        exclude:
          okta:ResourceAttribute/User/Profile:
            - okta:user/profile/salary
      label: okta.users.read
`,
		"test-resource-sets/support.yaml": "kind: test-resource-sets\nname: support\nbody:\n  description: d\n  label: Support\n  resources:\n" +
			"    - " + orn("groups:${ref:groups/engineering}") + "\n",
		"groups/engineering/testkinds-roles/user-admin.yaml": "kind: test-role-assignments\nname: user-admin\nbody:\n  targets:\n" +
			"    - ${ref:groups/contractors}\n    - ${ref:groups/platform}\n  type: USER_ADMIN\n",
	}))
	p := o.applyTree(t, first, plan.Options{}, Options{})
	if got := countActions(p); got[plan.ActionUpdateItem] != 1 || got[plan.ActionAddItem] != 2 {
		t.Errorf("first plan: %v; want the conditions of a permission set after the create, and the targets added", got)
	}
	o.converged(t, first)

	// Edit every set: a permission changed, one added, one removed;
	// resources added (five, in three requests) and removed; a target
	// swapped.
	second := treeOf(t, reg, withGroups(map[string]string{
		"test-roles/helpdesk.yaml": `kind: test-roles
name: helpdesk
body:
  description: Resets passwords
  label: Helpdesk
  permissions:
    - conditions:
        include:
          okta:ResourceAttribute/User/Profile:
            - okta:user/profile/department
      label: okta.users.read
    - label: okta.users.lifecycle.manage
`,
		"test-resource-sets/support.yaml": "kind: test-resource-sets\nname: support\nbody:\n  description: d\n  label: Support\n  resources:\n" +
			"    - " + orn("groups") + "\n    - " + orn("users") + "\n" +
			"    - " + orn("groups:${ref:groups/contractors}") + "\n" +
			"    - " + orn("groups:${ref:groups/platform}") + "\n" +
			"    - " + orn("groups:${ref:groups/platform}:contained_resources") + "\n",
		"groups/engineering/testkinds-roles/user-admin.yaml": "kind: test-role-assignments\nname: user-admin\nbody:\n  targets:\n" +
			"    - ${ref:groups/engineering}\n    - ${ref:groups/platform}\n  type: USER_ADMIN\n",
	}))
	patchCount := func() int {
		n := 0
		for k, v := range o.srv.Stats().Endpoints {
			if strings.HasPrefix(k, "PATCH "+resourceSets+"/") && strings.HasSuffix(k, "/resources") {
				n += v
			}
		}
		return n
	}
	patches := patchCount()
	p = o.applyTree(t, second, plan.Options{}, Options{})
	if got := countActions(p); got[plan.ActionUpdateItem] != 1 || got[plan.ActionAddItem] != 3 || got[plan.ActionRemoveItem] != 3 || got[plan.ActionUpdate] != 0 {
		t.Errorf("second plan: %v", got)
	}
	if n := patchCount() - patches; n != 3 {
		t.Errorf("%d PATCH requests for five resources in batches of two, want 3", n)
	}
	o.converged(t, second)

	// What the org holds, as export reads it back.
	now := o.snapshot(t)
	helpdesk, _ := now.Get("test-roles/helpdesk")
	perms, _ := model.Lookup(helpdesk.Body, "permissions")
	if diff := cmp.Diff([]any{
		map[string]any{"label": "okta.users.lifecycle.manage", "conditions": nil},
		map[string]any{"label": "okta.users.read", "conditions": map[string]any{"include": map[string]any{
			"okta:ResourceAttribute/User/Profile": []any{"okta:user/profile/department"}}}},
	}, perms); diff != "" {
		t.Errorf("permissions (-want +got):\n%s", diff)
	}
}

// TestApplyReplace: a role assignment whose targets are emptied (its last
// target cannot be removed) and one whose resource set changes (it has no
// update) are replaced, delete first since the new one takes the old one's
// identity; --allow-replace allows that both when planning and applying,
// and a run without it is refused before anything is written.
func TestApplyReplace(t *testing.T) {
	t.Parallel()
	applyReplace(t, sbtestkinds.EngAKinds())
}

// TestApplyReplaceOnTheIAMFamily: the same against the emulation of the
// real endpoints (see TestApplyItemSetsOnTheIAMFamily).
func TestApplyReplaceOnTheIAMFamily(t *testing.T) {
	t.Parallel()
	applyReplace(t, realIAMPaths(sbtestkinds.EngAKinds()))
}

func applyReplace(t *testing.T, kinds []model.Kind) {
	reg, err := model.NewRegistryFrom(append(model.BuiltinKinds(), kinds...), sbtestkinds.Schemas(schemas.FS()))
	if err != nil {
		t.Fatal(err)
	}
	o := newOrg(t, reg, sandbox.Options{})
	roles := map[string]string{
		"test-roles/helpdesk.yaml":        "kind: test-roles\nname: helpdesk\nbody:\n  description: d\n  label: Helpdesk\n  permissions:\n    - label: okta.users.read\n",
		"test-resource-sets/support.yaml": "kind: test-resource-sets\nname: support\nbody:\n  description: d\n  label: Support\n  resources:\n    - orn:${org:partition}:directory:${org:id}:users\n",
		"test-resource-sets/audit.yaml":   "kind: test-resource-sets\nname: audit\nbody:\n  description: d\n  label: Audit\n  resources:\n    - orn:${org:partition}:directory:${org:id}:groups\n",
	}
	assignments := func(targets, set string) map[string]string {
		files := withGroups(roles)
		files["groups/engineering/testkinds-roles/user-admin.yaml"] = "kind: test-role-assignments\nname: user-admin\nbody:\n  targets:" + targets + "\n  type: USER_ADMIN\n"
		files["groups/engineering/testkinds-roles/custom.yaml"] = "kind: test-role-assignments\nname: custom\nbody:\n  resource-set: ${ref:test-resource-sets/" + set + "}\n  role: ${ref:test-roles/helpdesk}\n  type: CUSTOM\n"
		return files
	}
	first := treeOf(t, reg, assignments("\n    - ${ref:groups/platform}", "support"))
	o.applyTree(t, first, plan.Options{}, Options{})
	o.converged(t, first)

	second := treeOf(t, reg, assignments(" []", "audit"))
	p := computePlan(t, reg, second, o.snapshot(t), plan.Options{AllowReplace: true})
	var replaced []string
	for _, s := range p.Steps {
		if s.Replace && s.Action == plan.ActionDelete {
			replaced = append(replaced, s.Path)
		}
	}
	if len(replaced) != 2 || p.AllowDelete || !p.AllowReplace {
		t.Fatalf("replaced %v (allow_delete %v, allow_replace %v)", replaced, p.AllowDelete, p.AllowReplace)
	}
	// Without --allow-replace (or --allow-delete) the run is refused, and
	// nothing is written.
	writes := func() int {
		n := 0
		for k, v := range o.srv.Stats().Endpoints {
			if !strings.HasPrefix(k, "GET ") {
				n += v
			}
		}
		return n
	}
	before := writes()
	_, err = Run(context.Background(), RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read})
	if err == nil || !strings.Contains(err.Error(), "the plan replaces 2 object(s)") || !strings.Contains(err.Error(), "--allow-replace") {
		t.Fatalf("apply without --allow-replace: %v", err)
	}
	if n := writes() - before; n != 0 {
		t.Fatalf("a refused run wrote %d requests", n)
	}
	rep, err := Run(context.Background(), RunOptions{Plan: p, Client: o.client, Registry: reg, Read: o.read, Options: Options{AllowReplace: true}})
	if err != nil || rep.HasFailures() {
		t.Fatalf("apply: %v%s", err, failures(rep))
	}
	o.converged(t, second)
	ua, _ := o.snapshot(t).Get("groups/engineering/testkinds-roles/user-admin")
	if targets, ok := model.Lookup(ua.Body, "targets"); !ok || len(targets.([]any)) != 0 {
		t.Errorf("the replaced assignment still has targets: %v", ua.Body)
	}
}

// TestApplyUsersAndORNs: a tree that names users by login and holds ORNs
// with the org's parts as tokens is exported from one org and applied to
// another whose users and org ID differ: each resolves in the target org.
// A login the target does not have stops apply before anything is
// written, naming the file and the login.
func TestApplyUsersAndORNs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reg := capRegistry(t)
	a := newOrg(t, reg, sandbox.Options{Seed: 1})
	b := newOrg(t, reg, sandbox.Options{Seed: 2})
	aliceA := sbtestkinds.AddUser(a.srv, "alice@example.com")
	aliceB := sbtestkinds.AddUser(b.srv, "alice@example.com")
	if aliceA == aliceB {
		t.Fatal("the two orgs gave alice the same ID; the test would prove nothing")
	}
	rule := "kind: group-rules\nname: engineering\nbody:\n  actions:\n    assignUserToGroups:\n      groupIds:\n        - ${ref:groups/engineering}\n" +
		"  conditions:\n    expression:\n      type: urn:okta:expression:1.0\n      value: user.department == \"Engineering\"\n" +
		"    people:\n      users:\n        exclude:\n          - ${user:alice@example.com}\n  name: Engineering\n  status: ACTIVE\n  type: group_rule\n"
	files := withGroups(map[string]string{
		"group-rules/engineering.yaml":    rule,
		"test-resource-sets/support.yaml": "kind: test-resource-sets\nname: support\nbody:\n  description: d\n  label: Support\n  resources:\n    - orn:${org:partition}:directory:${org:id}:groups:${ref:groups/platform}\n",
	})
	a.applyTree(t, treeOf(t, reg, files), plan.Options{}, Options{})

	// Export A, apply to B.
	exported, _ := viaFiles(t, reg, a.snapshot(t))
	b.applyTree(t, exported, plan.Options{}, Options{})
	b.converged(t, exported)
	for _, o := range []struct {
		org   *org
		alice string
	}{{a, aliceA}, {b, aliceB}} {
		var ruleID string
		for _, r := range o.org.srv.Objects("groupRules", "") {
			ruleID, _ = r["id"].(string)
			excluded, _ := model.Lookup(r, "conditions.people.users.exclude")
			if diff := cmp.Diff([]any{o.alice}, excluded); diff != "" {
				t.Errorf("the rule excludes (-want +got):\n%s", diff)
			}
		}
		if ruleID == "" {
			t.Fatal("no group rule in the org")
		}
		orgID := o.org.srv.Org().OrgID
		sets := o.org.srv.Objects("testResourceSets", "")
		if len(sets) != 1 {
			t.Fatalf("resource sets %v", sets)
		}
		res := o.org.srv.Objects("testResourceSetResources", sets[0]["id"].(string))
		if len(res) != 1 || !strings.HasPrefix(res[0]["orn"].(string), "orn:okta:directory:"+orgID+":groups:00g") {
			t.Errorf("the resource set holds %v, want a group ORN of org %s", res, orgID)
		}
	}

	// A login the org lacks: refused before the first write, naming the
	// file, the field and the login.
	c := newOrg(t, reg, sandbox.Options{Seed: 3})
	before := c.srv.Stats().Requests
	p := computePlan(t, reg, exported, c.snapshot(t), plan.Options{})
	_, err := Run(ctx, RunOptions{Plan: p, Client: c.client, Registry: reg, Read: c.read})
	if err == nil || !strings.Contains(err.Error(), "group-rules/engineering.yaml (group-rules/engineering at conditions.people.users.exclude.0): user alice@example.com does not exist in this org") ||
		!strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("apply with a missing login: %v", err)
	}
	for k, v := range c.srv.Stats().Endpoints {
		if !strings.HasPrefix(k, "GET ") && v > 0 {
			t.Errorf("the refused run sent %d %s (of %d requests in all since planning began)", v, k, c.srv.Stats().Requests-before)
		}
	}
}
