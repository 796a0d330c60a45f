package tree

import (
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/oktasync/oktasync/internal/model"
)

// memoTrees are two trees made of the example and files with problems of
// every check against the rest of the tree (dangling, malformed and
// misdirected references, text around a reference, IDs, relations, item
// sets, scopes of another server, duplicates, an unknown relation), most of them with equal
// bytes in both trees, some reported in one tree only because the tree
// around them differs, and a file written with equal bytes at two paths
// whose problems differ.
func memoTrees(t *testing.T) (a, b fstest.MapFS) {
	a = exampleFS(t)
	group := func(name, extra string) string {
		return "kind: groups\nname: " + name + "\nbody:\n  profile:\n    name: " + name + "\n" + extra
	}
	rule := func(name, include string) string {
		return "kind: policy-rules\nname: " + name + "\nbody:\n  actions:\n    appSignOn:\n      access: ALLOW\n" +
			"  conditions:\n    people:\n      groups:\n        include:\n" + include + "  name: " + name + "\n  priority: 1\n  type: ACCESS_POLICY\n"
	}
	role := func(typ, targets string) string {
		return "kind: group-role-assignments\nname: admin\nbody:\n  targets:\n" + targets + "  type: " + typ + "\n"
	}
	// A rule written under two authorization servers: its scope is the
	// first's, so only the copy under the second is refused.
	scoped := "kind: auth-server-policy-rules\nname: scoped\nbody:\n  actions:\n    token:\n      accessTokenLifetimeMinutes: 15\n" +
		"  conditions:\n    grantTypes:\n      include:\n        - client_credentials\n    people:\n      groups:\n        include:\n          - EVERYONE\n" +
		"    scopes:\n      include:\n        - ${ref:authorization-servers/customer-api/scopes/customer-read}\n" +
		"  name: Scoped\n  priority: 1\n  status: ACTIVE\n  type: RESOURCE_ACCESS\n"
	rules := "policies/access-policy/"
	for p, data := range map[string]string{
		"groups/dangling.yaml":  group("dangling", "    description: ${ref:groups/nowhere}\n"),
		"groups/malformed.yaml": group("malformed", "    description: \"${ref:oops\"\n"),
		"groups/in-a-only.yaml": group("in-a-only", ""),
		"groups/needs-a.yaml":   group("needs-a", "    description: ${ref:groups/in-a-only}\n"),
		"groups/dup-one.yaml":   group("dup-one", "") + "    description: same\n",
		"groups/dup-two.yaml":   strings.Replace(group("dup-two", ""), "    name: dup-two\n", "    name: dup-one\n", 1),
		"groups/relations.yaml": "kind: groups\nname: relations\nrelations:\n  nope: ${ref:groups/dangling}\nbody:\n  profile:\n    name: relations\n",
		"apps/odd-relations.yaml": strings.Replace(strings.Replace(string(a["apps/build-server.yaml"].Data),
			"name: build-server", "name: odd-relations", 1),
			"accessPolicy: ${ref:policies/access-policy/default-policy}", "accessPolicy: ${ref:groups/dangling}", 1),
		rules + "default-policy/rules/wrong-kind.yaml":                                      rule("wrong-kind", "          - ${ref:apps/customer-portal}\n"),
		rules + "default-policy/rules/around.yaml":                                          rule("around", "          - x${ref:groups/dangling}\n"),
		rules + "default-policy/rules/an-id.yaml":                                           rule("an-id", "          - 00g1abcdEFGH2345ijk7\n"),
		rules + "default-policy/rules/user-in-it.yaml":                                      rule("user-in-it", "          - ${user:ada@example.com}\n"),
		"groups/dangling/roles/admin.yaml":                                                  role("READ_ONLY_ADMIN", "    groups:\n      - ${ref:groups/dangling}\n"),
		"groups/malformed/roles/admin.yaml":                                                 role("APP_ADMIN", "    apps:\n      - salesforce/${ref:apps/customer-portal}\n"),
		"groups/needs-a/roles/admin.yaml":                                                   role("APP_ADMIN", "    apps:\n      - oidc_client/${ref:apps/customer-portal}\n"),
		"groups/dup-one/roles/admin.yaml":                                                   role("APP_ADMIN", "    apps:\n      - oidc_client/${ref:groups/dangling}\n"),
		"authorization-servers/customer-api/policies/service-to-service/rules/scoped.yaml":  scoped,
		"authorization-servers/internal-tools/policies/contractor-access/rules/scoped.yaml": scoped,
	} {
		a[p] = &fstest.MapFile{Data: []byte(data)}
	}
	b = fstest.MapFS{}
	for p, f := range a {
		b[p] = f
	}
	// In b, a reference target is gone, and the app of a joined item has
	// another OIN name: equal files that refer to them are refused in b only.
	delete(b, "groups/in-a-only.yaml")
	portal := string(a["apps/customer-portal.yaml"].Data)
	if !strings.Contains(portal, "\n  name: oidc_client\n") {
		t.Fatalf("apps/customer-portal.yaml is not an oidc_client:\n%s", portal)
	}
	b["apps/customer-portal.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(portal, "\n  name: oidc_client\n", "\n  name: other_client\n", 1))}
	return a, b
}

// TestMemoGivesThePlainProblems validates two trees that share most files
// byte for byte, and whose files have problems of every check against the
// rest of the tree, in every way the memo and the cache serve them: with a
// memo of their own, one memo for both (cold, then warm), b sharing a's
// parse (ReadSharing), and from a cache file filled by an earlier run; it
// requires exactly the problems, in order, of validating each tree alone
// without a memo.
func TestMemoGivesThePlainProblems(t *testing.T) {
	reg := testRegistry(t)
	fa, fb := memoTrees(t)
	plainA, _ := ReadFS(fa, reg)
	plainB, _ := ReadFS(fb, reg)
	wantA, wantB := Validate(plainA, reg), Validate(plainB, reg)

	for _, want := range []struct{ tree, file, msg string }{
		{"a", "groups/dangling.yaml", "dangling reference ${ref:groups/nowhere}"},
		{"a", "groups/malformed.yaml", "malformed placeholder"},
		{"b", "groups/needs-a.yaml", "dangling reference ${ref:groups/in-a-only}"},
		{"a", "groups/dup-two.yaml", "duplicate identity"},
		{"a", "groups/relations.yaml", `unknown relation "nope"`},
		{"a", "apps/odd-relations.yaml", "must refer to a policies object"},
		{"a", "policies/access-policy/default-policy/rules/wrong-kind.yaml", "must refer to a groups object"},
		{"a", "policies/access-policy/default-policy/rules/around.yaml", "not text around it"},
		{"a", "policies/access-policy/default-policy/rules/an-id.yaml", "points outside the export"},
		{"a", "policies/access-policy/default-policy/rules/user-in-it.yaml", "does not hold users"},
		{"a", "groups/dangling/roles/admin.yaml", "takes no targets.groups"},
		{"a", "groups/malformed/roles/admin.yaml", "does not match apps/customer-portal"},
		{"b", "groups/needs-a/roles/admin.yaml", "does not match apps/customer-portal"},
		{"a", "groups/dup-one/roles/admin.yaml", "must refer to a apps object"},
		{"a", "authorization-servers/internal-tools/policies/contractor-access/rules/scoped.yaml", "must refer to an object under"},
	} {
		ps := wantA
		if want.tree == "b" {
			ps = wantB
		}
		if !hasProblem(ps, want.file, want.msg) {
			t.Errorf("tree %s: no problem %q at %s, so the comparisons below prove nothing for it", want.tree, want.msg, want.file)
		}
	}
	for _, ok := range []struct{ tree, file string }{
		{"a", "groups/needs-a.yaml"}, {"a", "groups/needs-a/roles/admin.yaml"},
		{"a", "authorization-servers/customer-api/policies/service-to-service/rules/scoped.yaml"},
	} {
		if hasProblem(wantA, ok.file, "") {
			t.Errorf("tree a: %s has a problem, but only its equal file elsewhere should: %v", ok.file, wantA)
		}
	}

	check := func(how string, gotA, gotB []model.Problem) {
		t.Helper()
		if diff := cmp.Diff(wantA, gotA, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: problems of a (-plain +got):\n%s", how, diff)
		}
		if diff := cmp.Diff(wantB, gotB, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: problems of b (-plain +got):\n%s", how, diff)
		}
	}
	check("a memo each", ValidateMemo(plainA, reg, NewMemo()), ValidateMemo(plainB, reg, NewMemo()))

	memo := NewMemo()
	gotB := ValidateMemo(plainB, reg, memo) // diff validates the desired tree first
	gotA := ValidateMemo(plainA, reg, memo)
	check("one memo", gotA, gotB)
	if len(memo.m) >= plainA.Len()+plainB.Len()/2 {
		t.Errorf("the memo holds %d entries for %d and %d objects: not shared", len(memo.m), plainA.Len(), plainB.Len())
	}
	check("one memo, warm", ValidateMemo(plainA, reg, memo), ValidateMemo(plainB, reg, memo))

	sharedA, _ := ReadFS(fa, reg)
	sharedB, _ := readFS(fb, reg, false, sharedA)
	memo = NewMemo()
	gotB = ValidateMemo(sharedB, reg, memo)
	check("shared read", ValidateMemo(sharedA, reg, memo), gotB)

	path := filepath.Join(t.TempDir(), "cache")
	for run := range 2 {
		c := OpenCache(path, testVersion)
		memo := NewCachedMemo(c)
		gotB := ValidateMemo(plainB, reg, memo)
		check("cache run "+itoa(run+1), ValidateMemo(plainA, reg, memo), gotB)
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
		if hits, _ := c.Stats(); run == 1 && hits == 0 {
			t.Error("the second run found nothing in the cache")
		}
	}
}

// hasProblem reports whether ps has a problem at file whose message holds
// msg.
func hasProblem(ps []model.Problem, file, msg string) bool {
	for _, p := range ps {
		if p.File == file && strings.Contains(p.Message, msg) {
			return true
		}
	}
	return false
}

// TestCacheEntryRoundTrip: every clean file's cache entry (encodeEntry)
// reads back (decodeEntry) as the checks and identity key it was made of,
// and a cut entry, or one with a byte changed, is refused or read
// without a panic (the cache file's checksum is what guards it).
func TestCacheEntryRoundTrip(t *testing.T) {
	reg := testRegistry(t)
	fa, _ := memoTrees(t)
	snap, _ := ReadFS(fa, reg)
	n := 0
	for _, o := range snap.Objects() {
		k, ok := reg.Kind(o.Kind)
		if !ok {
			continue
		}
		e := &memoEntry{cross: findCrossChecks(reg, o, k), ident: identityKey(o, k)}
		b := encodeEntry(e, k)
		cross, ident, ok := decodeEntry(b, k)
		if !ok {
			t.Fatalf("%s: its entry does not read back", o.Path)
		}
		if diff := cmp.Diff(*e.cross, *cross, cmp.AllowUnexported(crossChecks{}, crossCheck{}), cmpopts.EquateEmpty()); diff != "" || ident != e.ident {
			t.Fatalf("%s: read back (-made +read):\n%s\nidentity %q, want %q", o.Path, diff, ident, e.ident)
		}
		if len(e.cross.pre)+len(e.cross.post) > 0 {
			n++
		}
		for i := range b {
			if _, _, ok := decodeEntry(b[:i], k); ok {
				t.Fatalf("%s: its entry cut to %d of %d bytes reads", o.Path, i, len(b))
			}
			changed := append([]byte(nil), b...)
			changed[i] ^= 0x80
			decodeEntry(changed, k)
		}
	}
	if n < 20 {
		t.Fatalf("only %d objects have checks against the tree: the test proves little", n)
	}
}
