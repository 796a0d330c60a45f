package plan

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
)

// randomOrg builds a random org across kinds, with references between
// objects (including expression strings and a declared two-pass cycle),
// children under parents, and relations.
func randomOrg(r *rand.Rand) []obj {
	var out []obj
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	some := func(list []string) []string {
		var s []string
		for _, x := range list {
			if r.IntN(3) == 0 {
				s = append(s, x)
			}
		}
		if len(s) == 0 {
			s = append(s, pick(list))
		}
		return s
	}
	refs := func(paths []string) string {
		q := make([]string, len(paths))
		for i, p := range paths {
			q[i] = fmt.Sprintf("%q", model.FormatRef(p))
		}
		return "[" + strings.Join(q, ",") + "]"
	}
	var groups, zones, apps, authenticators, policies, keys []string
	for i := range 1 + r.IntN(6) {
		p := fmt.Sprintf("groups/g%d", i)
		groups = append(groups, p)
		out = append(out, obj{kind: "groups", path: p, body: fmt.Sprintf(`{"profile":{"name":"G%d"}}`, i)})
	}
	for i := range 1 + r.IntN(3) {
		p := fmt.Sprintf("network-zones/z%d", i)
		zones = append(zones, p)
		out = append(out, obj{kind: "network-zones", path: p, body: fmt.Sprintf(`{"name":"Z%d","type":"IP","status":"ACTIVE"}`, i)})
	}
	for i := range 1 + r.IntN(2) {
		p := fmt.Sprintf("idp-keys/k%d", i)
		keys = append(keys, p)
		out = append(out, obj{kind: "idp-keys", path: p, body: fmt.Sprintf(`{"x5t#S256":"K%d","x5c":["MII"]}`, i)})
	}
	nApps := 1 + r.IntN(4)
	nAuth := r.IntN(3)
	for i := range nApps {
		apps = append(apps, fmt.Sprintf("apps/a%d", i))
	}
	for i := range nAuth {
		authenticators = append(authenticators, fmt.Sprintf("authenticators/c%d", i))
	}
	for i := range 1 + r.IntN(3) {
		p := fmt.Sprintf("policies/access-policy/p%d", i)
		policies = append(policies, p)
		out = append(out, obj{kind: "policies", path: p, body: fmt.Sprintf(`{"name":"P%d","type":"ACCESS_POLICY","status":"ACTIVE","priority":%d}`, i, 1+r.IntN(5))})
		for j := range r.IntN(3) {
			out = append(out, obj{kind: "policy-rules", path: fmt.Sprintf("%s/rules/r%d", p, j), body: fmt.Sprintf(
				`{"name":"R%d","type":"ACCESS_POLICY","status":"ACTIVE","priority":%d,"conditions":{"people":{"groups":{"include":%s}},"network":{"include":%s},"app":{"include":[{"id":%q}]}}}`,
				j, 1+r.IntN(4), refs(some(groups)), refs(some(zones)), model.FormatRef(pick(apps)))})
		}
	}
	for i, p := range apps {
		body := fmt.Sprintf(`{"label":"A%d","signOnMode":"OPENID_CONNECT","status":"ACTIVE","settings":{"oauthClient":{"network":{"include":%s}`, i, refs(some(zones)))
		if len(authenticators) > 0 && r.IntN(2) == 0 {
			body += fmt.Sprintf(`,"backchannel_custom_authenticator_id":%q`, model.FormatRef(pick(authenticators)))
		}
		body += `}}}`
		o := obj{kind: "apps", path: p, body: body}
		if r.IntN(2) == 0 {
			o.relations = map[string]string{"accessPolicy": model.FormatRef(pick(policies))}
		}
		out = append(out, o)
		for _, g := range some(groups) {
			out = append(out, obj{kind: "app-group-assignments", path: p + "/groups/" + strings.TrimPrefix(g, "groups/"), body: fmt.Sprintf(`{"id":%q}`, model.FormatRef(g))})
		}
	}
	for i, p := range authenticators {
		out = append(out, obj{kind: "authenticators", path: p, body: fmt.Sprintf(`{"key":"custom_app","name":"C%d","status":"ACTIVE","settings":{"appInstanceId":%q}}`, i, model.FormatRef(pick(apps)))})
	}
	for i := range r.IntN(4) {
		g := pick(groups)
		out = append(out, obj{kind: "group-rules", path: fmt.Sprintf("group-rules/gr%d", i), body: fmt.Sprintf(
			`{"name":"GR%d","status":"ACTIVE","actions":{"assignUserToGroups":{"groupIds":%s}},"conditions":{"expression":{"value":"isMemberOfAnyGroup(\"%s\")"}}}`,
			i, refs(some(groups)), model.FormatRef(g))})
	}
	for i := range r.IntN(2) {
		s := fmt.Sprintf("authorization-servers/s%d", i)
		out = append(out, obj{kind: "authorization-servers", path: s, body: fmt.Sprintf(`{"name":"S%d","audiences":["api://s%d"],"status":"ACTIVE"}`, i, i)})
		var scopes []string
		for j := range 1 + r.IntN(3) {
			sp := fmt.Sprintf("%s/scopes/sc%d", s, j)
			scopes = append(scopes, sp)
			out = append(out, obj{kind: "auth-server-scopes", path: sp, body: fmt.Sprintf(`{"name":"sc%d"}`, j)})
		}
		out = append(out, obj{kind: "auth-server-claims", path: s + "/claims/resource/c", body: fmt.Sprintf(`{"name":"c","claimType":"RESOURCE","conditions":{"scopes":%s}}`, refs(some(scopes)))})
		pp := s + "/policies/pol"
		out = append(out, obj{kind: "auth-server-policies", path: pp, body: fmt.Sprintf(`{"name":"pol","priority":1,"status":"ACTIVE","conditions":{"clients":{"include":%s}}}`, refs(some(apps)))})
		out = append(out, obj{kind: "auth-server-policy-rules", path: pp + "/rules/rr", body: fmt.Sprintf(
			`{"name":"rr","priority":1,"status":"ACTIVE","conditions":{"scopes":{"include":%s},"people":{"groups":{"include":%s}}}}`, refs(some(scopes)), refs(some(groups)))})
	}
	for i := range r.IntN(2) {
		out = append(out, obj{kind: "idps", path: fmt.Sprintf("idps/i%d", i), body: fmt.Sprintf(
			`{"name":"I%d","type":"SAML2","status":"ACTIVE","protocol":{"type":"SAML2","credentials":{"trust":{"kid":%q}}},"policy":{"provisioning":{"groups":{"assignments":%s}}}}`,
			i, model.FormatRef(pick(keys)), refs(some(groups)))})
	}
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// ancestors returns, for each step, the set of steps it transitively waits
// for.
func ancestors(p *Plan) map[string]map[string]bool {
	deps := map[string][]string{}
	for _, s := range p.Steps {
		deps[s.ID] = s.DependsOn
	}
	memo := map[string]map[string]bool{}
	var visit func(id string) map[string]bool
	visit = func(id string) map[string]bool {
		if m, ok := memo[id]; ok {
			return m
		}
		m := map[string]bool{}
		memo[id] = m
		for _, d := range deps[id] {
			m[d] = true
			for a := range visit(d) {
				m[a] = true
			}
		}
		return m
	}
	for _, s := range p.Steps {
		visit(s.ID)
	}
	return memo
}

// TestOrderCreates: for random sets of creates across kinds, every step
// comes after (and transitively waits for) the create of its parent and of
// every object its body or relation refers to.
func TestOrderCreates(t *testing.T) {
	reg := newRegistry(t)
	for seed := range uint64(40) {
		r := rand.New(rand.NewPCG(seed, 1))
		org := randomOrg(r)
		p := mustCompute(t, reg, org, nil, Options{})
		anc := ancestors(p)
		creates := map[string]string{}
		for _, s := range p.Steps {
			if s.Action == ActionCreate {
				creates[s.Path] = s.ID
			}
		}
		for _, o := range org {
			if _, ok := creates[o.path]; !ok {
				t.Fatalf("seed %d: no create for %s", seed, o.path)
			}
		}
		for _, s := range p.Steps {
			need := map[string]string{}
			if s.ParentPath != "" {
				need[s.ParentPath] = "parent"
			}
			model.WalkStrings(s.Body, func(_, str string) {
				for _, ref := range model.RefsIn(str) {
					need[ref] = "reference"
				}
			})
			if s.Relation != nil {
				target, _ := model.ParseRef(s.Relation.Target)
				need[target] = "relation"
			}
			for path, why := range need {
				if path == s.Path {
					continue
				}
				c, ok := creates[path]
				if !ok {
					t.Fatalf("seed %d: %s: %s %s is not created", seed, s.ID, why, path)
				}
				if !anc[s.ID][c] {
					t.Errorf("seed %d: %s does not wait for %s (its %s)", seed, s.ID, c, why)
				}
			}
		}
	}
}

// TestOrderDeletes: deletes run in reverse. For random orgs and random
// deletions (closed under referrers, so the desired tree stays valid), an
// object is deleted only after everything that referred to it is deleted
// or updated away.
func TestOrderDeletes(t *testing.T) {
	reg := newRegistry(t)
	for seed := range uint64(40) {
		r := rand.New(rand.NewPCG(seed, 2))
		org := randomOrg(r)
		byPath := map[string]obj{}
		for _, o := range org {
			byPath[o.path] = o
		}
		referrers := map[string][]string{}
		for _, o := range org {
			for _, t := range append(model.RefsIn(o.body), relationTargets(o)...) {
				referrers[t] = append(referrers[t], o.path)
			}
		}
		gone := map[string]bool{}
		var drop func(p string)
		drop = func(p string) {
			if gone[p] {
				return
			}
			gone[p] = true
			for _, q := range referrers[p] {
				drop(q)
			}
			for q := range byPath {
				if strings.HasPrefix(q, p+"/") {
					drop(q)
				}
			}
		}
		for _, o := range org {
			if r.IntN(4) == 0 {
				drop(o.path)
			}
		}
		var desired []obj
		for _, o := range org {
			if !gone[o.path] {
				desired = append(desired, o)
			}
		}
		p := mustCompute(t, reg, desired, org, Options{AllowDelete: true, MaxDeletes: -1})
		anc := ancestors(p)
		del := map[string]string{}
		for _, s := range p.Steps {
			if s.Action != ActionDelete && s.Action != ActionDeactivate {
				t.Errorf("seed %d: unexpected step %s", seed, s.ID)
			}
			if s.Action == ActionDelete {
				del[s.Path] = s.ID
			}
		}
		root := func(path string) string {
			best := path
			for q := range del {
				if strings.HasPrefix(path, q+"/") && len(q) < len(best) {
					best = q
				}
			}
			return best
		}
		for target, id := range del {
			for path := range gone {
				if path != target && !strings.HasPrefix(path, target+"/") {
					continue
				}
				for _, ref := range referrers[path] {
					rr := root(ref)
					if rr == target || del[rr] == "" {
						continue // inside the deleted subtree, or refused (a warning says so)
					}
					if relationOnly(byPath[ref], path) {
						continue // a relation is two-pass: its order may be broken
					}
					if !anc[id][del[rr]] {
						t.Errorf("seed %d: %s does not wait for %s, which refers to %s", seed, id, del[rr], path)
					}
				}
			}
		}
	}
}

// relationOnly reports whether o refers to target only through a relation.
func relationOnly(o obj, target string) bool {
	for _, t := range model.RefsIn(o.body) {
		if t == target {
			return false
		}
	}
	return true
}

func relationTargets(o obj) []string {
	var out []string
	for _, v := range o.relations {
		if t, ok := model.ParseRef(v); ok {
			out = append(out, t)
		}
	}
	return out
}

// TestDeterministic: the same input gives the same bytes, whatever the
// order objects were added in.
func TestDeterministic(t *testing.T) {
	reg := newRegistry(t)
	r := rand.New(rand.NewPCG(7, 7))
	org := randomOrg(r)
	var first []byte
	for i := range 5 {
		rand.New(rand.NewPCG(uint64(i), 9)).Shuffle(len(org), func(a, b int) { org[a], org[b] = org[b], org[a] })
		p := mustCompute(t, reg, org, nil, Options{})
		var b bytes.Buffer
		if err := p.Save(&b); err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = b.Bytes()
		} else if !bytes.Equal(first, b.Bytes()) {
			t.Fatal("plans of the same input differ")
		}
	}
}

// TestPriorityOrder: steps that set sibling priorities run in ascending
// priority.
func TestPriorityOrder(t *testing.T) {
	reg := newRegistry(t)
	var desired, current []obj
	for i, prio := range []int{5, 3, 1, 4, 2} {
		desired = append(desired, obj{kind: "policies", path: fmt.Sprintf("policies/password/p%d", i),
			body: fmt.Sprintf(`{"name":"P%d","type":"PASSWORD","priority":%d}`, i, prio)})
		if i < 3 {
			current = append(current, obj{kind: "policies", path: fmt.Sprintf("policies/password/p%d", i),
				body: fmt.Sprintf(`{"name":"P%d","type":"PASSWORD","priority":%d}`, i, i+1)})
		}
	}
	p := mustCompute(t, reg, desired, current, Options{})
	var got []string
	for _, s := range p.Steps {
		v, _ := model.Lookup(s.Body, "priority")
		got = append(got, fmt.Sprintf("%s %v", s.Action, v))
	}
	// p0 needs no step: once the others are placed from the top down, it
	// is last by itself (Okta renumbers the siblings on each insert).
	want := "reorder 1 create 2 reorder 3 create 4"
	if strings.Join(got, " ") != want {
		t.Errorf("priority steps = %q, want %q", strings.Join(got, " "), want)
	}
}

// TestLifecycleChains pins the precondition expansions read from the
// lifecycle rules.
func TestLifecycleChains(t *testing.T) {
	reg := newRegistry(t)
	rule := func(status, value string) obj {
		return obj{kind: "group-rules", path: "group-rules/r", body: fmt.Sprintf(
			`{"name":"R","status":%q,"conditions":{"expression":{"value":%q}}}`, status, value)}
	}
	tests := []struct {
		name             string
		desired, current []obj
		allowDelete      bool
		want             string
	}{
		{"update while active", []obj{rule("ACTIVE", "b")}, []obj{rule("ACTIVE", "a")}, false, "deactivate update activate"},
		{"update while inactive", []obj{rule("INACTIVE", "b")}, []obj{rule("INACTIVE", "a")}, false, "update"},
		{"update and deactivate", []obj{rule("INACTIVE", "b")}, []obj{rule("ACTIVE", "a")}, false, "deactivate update"},
		{"update and activate", []obj{rule("ACTIVE", "b")}, []obj{rule("INACTIVE", "a")}, false, "update activate"},
		{"status only", []obj{rule("INACTIVE", "a")}, []obj{rule("ACTIVE", "a")}, false, "deactivate"},
		{"create yields inactive", []obj{rule("ACTIVE", "a")}, nil, false, "create activate"},
		{"create inactive", []obj{rule("INACTIVE", "a")}, nil, false, "create"},
		{"delete while active", nil, []obj{rule("ACTIVE", "a")}, true, "deactivate delete"},
		{"delete while inactive", nil, []obj{rule("INACTIVE", "a")}, true, "delete"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := mustCompute(t, reg, tc.desired, tc.current, Options{AllowDelete: tc.allowDelete})
			var got []string
			for i, s := range p.Steps {
				got = append(got, s.Action.String())
				if i > 0 && (len(s.DependsOn) != 1 || s.DependsOn[0] != p.Steps[i-1].ID) {
					t.Errorf("%s does not wait for the previous step: %v", s.ID, s.DependsOn)
				}
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("steps = %q, want %q", strings.Join(got, " "), tc.want)
			}
		})
	}
}
