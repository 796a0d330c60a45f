package plan

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
)

// twinned returns current with each object whose body equals (as JSON)
// the body of the desired object at its path sharing that body map, as the
// twin files of two trees read by tree.ReadSharing do: the case Compute's
// shortcuts are for.
func twinned(t *testing.T, reg *model.Registry, desired, current *model.Snapshot) (*model.Snapshot, int) {
	t.Helper()
	out := model.NewSnapshot(reg)
	shared := 0
	for _, o := range current.Objects() {
		c := *o
		if d, ok := desired.Get(o.Path); ok && d.Kind == o.Kind &&
			bytes.Equal(model.CanonicalJSON(d.Body), model.CanonicalJSON(o.Body)) {
			c.Body = d.Body
			shared++
		}
		if err := out.Add(&c); err != nil {
			t.Fatal(err)
		}
	}
	return out, shared
}

// TestShortcutsChangeNothing plans every scenario three ways: without
// Compute's shortcuts (the reference), with them, and with them on a
// current state whose equal bodies are shared with the desired ones (where
// the shortcuts apply). Every output must be the same.
func TestShortcutsChangeNothing(t *testing.T) {
	sharedAll := 0
	for _, dir := range scenarioDirs(t) {
		sc := loadScenario(t, dir)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			ref := *sc
			ref.tweak = func(o *Options) { o.noShortcuts = true }
			want := ref.outputs(t, sc.reg, sc.desired, sc.current, false)
			tw, shared := twinned(t, sc.reg, sc.desired, sc.current)
			sharedAll += shared
			for name, cur := range map[string]*model.Snapshot{"shortcuts": sc.current, "shortcuts, shared bodies": tw} {
				got := sc.outputs(t, sc.reg, sc.desired, cur, false)
				for file := range want {
					if diff := cmp.Diff(string(want[file]), string(got[file])); diff != "" {
						t.Errorf("%s: %s differs (-without +with):\n%s", name, file, diff)
					}
				}
				if len(got) != len(want) {
					t.Errorf("%s: %d outputs, want %d", name, len(got), len(want))
				}
			}
		})
	}
	if sharedAll < 50 {
		t.Errorf("only %d bodies shared over all scenarios: the shortcuts are barely exercised", sharedAll)
	}
}

// shortcutTrees generates two trees of groups, group rules, and policies
// with their rules, which differ by renames (a path changed, the name
// kept), swapped names, references to renamed objects, replaces (a group
// rule's immutable actions), reordered siblings, deletes, creates, changed
// fields and variables on both sides; every unchanged file of current
// shares its body with desired's (a twin).
func shortcutTrees(t *testing.T, reg *model.Registry, n int) (desired, current *model.Snapshot) {
	desired, current = model.NewSnapshot(reg), model.NewSnapshot(reg)
	add := func(s *model.Snapshot, kind, path, body string) *model.Object {
		o := &model.Object{Kind: kind, Path: path, Body: mustJSON(t, body)}
		if err := s.Add(o); err != nil {
			t.Fatal(err)
		}
		return o
	}
	// both adds an object to both trees, the current one a twin when the
	// bodies are the same text.
	both := func(kind, dPath, cPath, dBody, cBody string) {
		o := add(desired, kind, dPath, dBody)
		if dPath == cPath && dBody == cBody {
			if err := current.Add(o.Twin()); err != nil {
				t.Fatal(err)
			}
			return
		}
		add(current, kind, cPath, cBody)
	}
	group := func(name, desc string) string {
		return fmt.Sprintf(`{"profile":{"name":%q,"description":%q}}`, name, desc)
	}
	// dPathOf is the desired path of current group i.
	dPathOf := func(i int) string {
		if i%10 == 1 {
			return fmt.Sprintf("groups/renamed-g%d", i)
		}
		return fmt.Sprintf("groups/g%d", i)
	}
	for i := range n {
		name, desc := fmt.Sprintf("G%d", i), "d"
		if i%7 == 0 {
			desc = "team ${var:ENV}"
		}
		dName, dDesc := name, desc
		switch i % 10 {
		case 2:
			dName = fmt.Sprintf("G%d", i+1) // swapped with the next
		case 3:
			dName = fmt.Sprintf("G%d", i-1)
		case 4:
			dDesc = "changed"
		}
		both("groups", dPathOf(i), fmt.Sprintf("groups/g%d", i), group(dName, dDesc), group(name, desc))
		if i%25 == 0 {
			add(current, "groups", fmt.Sprintf("groups/old%d", i), group(fmt.Sprintf("Old%d", i), "gone"))
		}
		if i%30 == 0 {
			add(desired, "groups", fmt.Sprintf("groups/new%d", i), group(fmt.Sprintf("New%d", i), "${var:ENV} new"))
		}
	}
	rule := `{"name":"R%d","status":"ACTIVE","actions":{"assignUserToGroups":{"groupIds":["${ref:%s}"]}},"conditions":{"expression":{"value":"isMemberOfAnyGroup(\"${ref:%s}\")"}}}`
	for j := range n / 2 {
		g := (j * 3) % n
		cg := fmt.Sprintf("groups/g%d", g)
		da, dc := dPathOf(g), dPathOf(g)
		if j%9 == 0 {
			da = dPathOf((g + 5) % n) // actions are immutable: a replace
		}
		both("group-rules", fmt.Sprintf("group-rules/r%d", j), fmt.Sprintf("group-rules/r%d", j),
			fmt.Sprintf(rule, j, da, dc), fmt.Sprintf(rule, j, cg, cg))
	}
	for p := range n / 20 {
		path := fmt.Sprintf("policies/okta-sign-on/p%d", p)
		cPrio, dPrio := p+1, p+1
		switch p % 4 {
		case 1:
			dPrio = p + 2 // swapped with the next
		case 2:
			dPrio = p
		}
		pol := `{"name":"P%d","priority":%d,"status":"ACTIVE","type":"OKTA_SIGN_ON","description":"%s"}`
		desc := "x"
		if p%3 == 0 {
			desc = "${var:ENV}"
		}
		both("policies", path, path, fmt.Sprintf(pol, p, dPrio, desc), fmt.Sprintf(pol, p, cPrio, desc))
		for r := range 3 {
			rp := fmt.Sprintf("%s/rules/r%d", path, r)
			body := `{"name":"Rule %d","priority":%d,"status":"ACTIVE","type":"SIGN_ON","actions":{"signon":{"access":"%s"}}}`
			access := "ALLOW"
			if (p+r)%5 == 0 {
				access = "DENY"
			}
			both("policy-rules", rp, rp, fmt.Sprintf(body, r, r+1, access), fmt.Sprintf(body, r, r+1, "ALLOW"))
		}
	}
	// App group assignments are identified by their group: a reference,
	// to renamed groups too. Their priority orders them.
	for a := range n / 20 {
		ap := fmt.Sprintf("apps/a%d", a)
		app := fmt.Sprintf(`{"label":"A%d","signOnMode":"BOOKMARK","status":"ACTIVE"}`, a)
		both("apps", ap, ap, app, app)
		for j := range 3 {
			g := (a*3 + j) % n
			cPrio, dPrio := j, j
			if a%5 == 0 {
				dPrio = 2 - j
			}
			body := `{"id":"${ref:%s}","priority":%d}`
			both("app-group-assignments", ap+"/"+dPathOf(g), fmt.Sprintf("%s/groups/g%d", ap, g),
				fmt.Sprintf(body, dPathOf(g), dPrio), fmt.Sprintf(body, fmt.Sprintf("groups/g%d", g), cPrio))
		}
	}
	// Read-only fields, written in both trees: warned about in every
	// desired file; a group with two goes through the walk (their order).
	for i := range n / 10 {
		body := fmt.Sprintf(`{"profile":{"name":"RO%d"},"type":"OKTA_GROUP"}`, i)
		if i%4 == 0 {
			body = fmt.Sprintf(`{"profile":{"name":"RO%d"},"type":"OKTA_GROUP","objectClass":["okta:user_group"]}`, i)
		}
		both("groups", fmt.Sprintf("groups/ro%d", i), fmt.Sprintf("groups/ro%d", i), body, body)
	}
	// Claims that name a scope by reference stand for its name: a scope
	// renamed in place forces a change on its unchanged claims.
	for a := range n / 50 {
		as := fmt.Sprintf("authorization-servers/as%d", a)
		srv := fmt.Sprintf(`{"audiences":["api://%d"],"description":"x","issuerMode":"ORG_URL","name":"AS %d","status":"ACTIVE"}`, a, a)
		both("authorization-servers", as, as, srv, srv)
		for m := range 2 {
			sp := fmt.Sprintf("%s/scopes/s%d", as, m)
			scope := `{"consent":"IMPLICIT","default":false,"metadataPublish":"ALL_CLIENTS","name":"scope%d%s"}`
			dSuffix := ""
			if (a+m)%2 == 0 {
				dSuffix = "-renamed"
			}
			both("auth-server-scopes", sp, sp, fmt.Sprintf(scope, m, dSuffix), fmt.Sprintf(scope, m, ""))
			cp := fmt.Sprintf("%s/claims/resource/c%d", as, m)
			claim := fmt.Sprintf(`{"alwaysIncludeInToken":true,"claimType":"RESOURCE","conditions":{"scopes":["${ref:%s}"]},"name":"c%d","status":"ACTIVE","value":"app.clientId","valueType":"EXPRESSION"}`, sp, m)
			both("auth-server-claims", cp, cp, claim, claim)
		}
	}
	return desired, current
}

// TestShortcutsGenerated plans generated trees with and without Compute's
// shortcuts: the plans must be the same, byte for byte, and hold every
// kind of step the trees call for.
func TestShortcutsGenerated(t *testing.T) {
	reg := newRegistry(t)
	desired, current := shortcutTrees(t, reg, 600)
	render := func(noShortcuts bool) (string, string) {
		p, err := Compute(desired, current, Options{Registry: reg, AllowDelete: true, MaxDeletes: -1, Vars: map[string]string{"ENV": "prod"}, noShortcuts: noShortcuts})
		if err != nil {
			t.Fatal(err)
		}
		var js, txt bytes.Buffer
		if err := RenderJSON(&js, p); err != nil {
			t.Fatal(err)
		}
		if err := RenderText(&txt, p, TextOptions{}); err != nil {
			t.Fatal(err)
		}
		return js.String(), txt.String()
	}
	wantJSON, wantText := render(true)
	gotJSON, gotText := render(false)
	if diff := cmp.Diff(wantText, gotText); diff != "" {
		t.Errorf("text plan differs (-without +with shortcuts):\n%s", diff)
	}
	if wantJSON != gotJSON {
		t.Errorf("JSON plan differs with shortcuts (%d and %d bytes)", len(gotJSON), len(wantJSON))
	}
	for _, s := range []string{`"action": "create"`, `"action": "update"`, `"action": "delete"`, `"action": "reorder"`, `"current_path": "groups/g113"`, `renamed-g`, `"replace"`} {
		if !strings.Contains(gotJSON, s) {
			t.Errorf("the plan has no %s; the trees should call for it", s)
		}
	}
}
