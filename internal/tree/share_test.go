package tree

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/oktasync/oktasync/internal/model"
)

// twinRule is a policy rule written with the same bytes under two policies:
// its per-file problems (a schema error, a control character, a secret out
// of place) are memoized once and must be reported at each file, and its
// dangling reference is not a per-file problem.
const twinRule = "kind: policy-rules\nname: twin\nbody:\n  actions:\n    appSignOn:\n      access: ALLOW\n" +
	"  conditions: null\n  name: \"Twin\\u0007 ${ref:groups/missing}\"\n  description: ${secret:X}\n  priority: many\n  type: ACCESS_POLICY\n"

// TestSharedReadAndMemoMatchPlain reads two trees that share most files
// byte for byte, the second sharing the first's parse (ReadSharing) and
// both validated with one memo (ValidateMemo), and requires exactly what
// reading and validating each on its own gives: the same objects, lines,
// read problems and validation problems, file and line included. The trees
// hold files invalid in both (equal bytes), invalid in one only, changed,
// added and removed, and equal bytes at two paths.
func TestSharedReadAndMemoMatchPlain(t *testing.T) {
	reg := testRegistry(t)
	a := exampleFS(t)
	rules := "policies/access-policy/"
	for p, data := range map[string]string{
		"groups/bad-both.yaml":                            "kind: groups\nname: bad-both\nbody:\n  profile:\n    description: x\n    name:\n      - not a string\n",
		"groups/bad-in-b.yaml":                            "kind: groups\nname: bad-in-b\nbody:\n  profile:\n    name: fine\n",
		"groups/bad-in-a.yaml":                            "kind: groups\nname: bad-in-a\nbody:\n  profile:\n    name: [x\n",
		"groups/only-in-a.yaml":                           "kind: groups\nname: only-in-a\nbody:\n  profile:\n    name: only-in-a\n",
		"groups/four-byte.yaml":                           "kind: groups\nname: four-byte\nbody:\n  profile:\n    description: rocket \U0001F680\n    name: four\n",
		"groups/comment.yaml":                             "# a comment\nkind: groups\nname: comment\nbody:\n  profile:\n    name: \"a\\tb\" # here\n",
		rules + "engineering-apps-policy/rules/twin.yaml": twinRule,
		rules + "finance-apps-policy/rules/twin.yaml":     twinRule,
	} {
		a[p] = &fstest.MapFile{Data: []byte(data)}
	}
	b := fstest.MapFS{}
	i := 0
	for p, f := range a {
		b[p] = f
		if i++; i%5 == 0 && strings.Contains(string(f.Data), "\n    description: ") {
			b[p] = &fstest.MapFile{Data: []byte(strings.Replace(string(f.Data), "\n    description: ", "\n    description: changed ", 1))}
		}
	}
	delete(b, "groups/only-in-a.yaml")
	b["groups/bad-in-b.yaml"] = &fstest.MapFile{Data: []byte("kind: groups\nname: bad-in-b\nbody:\n  profile:\n    name: 7\n    description: ${ref:groups/nowhere}\n")}
	b["groups/bad-in-a.yaml"] = &fstest.MapFile{Data: []byte("kind: groups\nname: bad-in-a\nbody:\n  profile:\n    name: now fine\n")}
	b["groups/only-in-b.yaml"] = &fstest.MapFile{Data: []byte("kind: groups\nname: only-in-b\nbody:\n  profile:\n    name: \"x\\u200by\"\n")}

	plainA, readA := ReadFS(a, reg)
	plainB, readB := ReadFS(b, reg)
	sharedA, sharedReadA := ReadFS(a, reg)
	sharedB, sharedReadB := readFS(b, reg, false, sharedA)
	for _, c := range []struct {
		name         string
		plain, share *model.Snapshot
		pr, sr       []model.Problem
	}{{"a", plainA, sharedA, readA, sharedReadA}, {"b", plainB, sharedB, readB, sharedReadB}} {
		if diff := cmp.Diff(c.pr, c.sr); diff != "" {
			t.Errorf("tree %s: read problems (-plain +shared):\n%s", c.name, diff)
		}
		if c.plain.Len() != c.share.Len() {
			t.Fatalf("tree %s: %d objects plain, %d shared", c.name, c.plain.Len(), c.share.Len())
		}
		for _, want := range c.plain.Objects() {
			got, ok := c.share.Get(want.Path)
			if !ok {
				t.Errorf("%s: missing from the shared read of %s", want.Path, c.name)
				continue
			}
			if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(model.Object{})); diff != "" {
				t.Errorf("%s in %s (-plain +shared):\n%s", want.Path, c.name, diff)
			}
			for _, ptr := range pointers(want) {
				if g, w := got.Line(ptr), want.Line(ptr); g != w {
					t.Errorf("%s in %s: line of %s is %d, want %d", want.Path, c.name, ptr, g, w)
				}
			}
		}
	}
	shared := 0
	for _, o := range sharedB.Objects() {
		if ao, ok := sharedA.Get(o.Path); ok && o.Content() == ao.Content() {
			shared++
		}
	}
	if shared < sharedB.Len()/2 {
		t.Errorf("only %d of %d objects share content: the test does not exercise sharing", shared, sharedB.Len())
	}

	// The diff command validates the desired tree (b) first, then a.
	memo := NewMemo()
	gotB := ValidateMemo(sharedB, reg, memo)
	gotA := ValidateMemo(sharedA, reg, memo)
	wantB, wantA := Validate(plainB, reg), Validate(plainA, reg)
	if diff := cmp.Diff(wantB, gotB); diff != "" {
		t.Errorf("validation problems of b (-plain +memo):\n%s", diff)
	}
	if diff := cmp.Diff(wantA, gotA); diff != "" {
		t.Errorf("validation problems of a (-plain +memo):\n%s", diff)
	}
	if len(memo.m) == 0 || len(memo.m) >= sharedA.Len()+sharedB.Len()-shared {
		t.Errorf("the memo holds %d entries for %d objects: not exercised", len(memo.m), sharedA.Len()+sharedB.Len())
	}
	reported := strings.Join(problemFiles(readA, readB, wantA, wantB), " ")
	for _, want := range []string{"groups/bad-both", "groups/bad-in-b", "groups/bad-in-a", "groups/four-byte", "groups/only-in-b",
		rules + "engineering-apps-policy/rules/twin", rules + "finance-apps-policy/rules/twin"} {
		if !strings.Contains(reported, want+".yaml") {
			t.Errorf("%s.yaml: no problem reported, so the comparison above proves nothing for it", want)
		}
	}
	for _, twin := range []string{"engineering", "finance"} {
		n := 0
		for _, p := range wantB {
			if p.File == rules+twin+"-apps-policy/rules/twin.yaml" {
				n++
			}
		}
		if n < 3 {
			t.Errorf("%s twin rule: %d problems, want its schema, text, secret and reference problems", twin, n)
		}
	}
}

// TestCloneHasNoContent: a clone is made to be changed, so the memo must
// never answer for it.
func TestCloneHasNoContent(t *testing.T) {
	reg := testRegistry(t)
	snap, _ := ReadFS(fstest.MapFS{"groups/g.yaml": {Data: []byte("kind: groups\nname: g\nbody:\n  profile:\n    name: g\n")}}, reg)
	o, _ := snap.Get("groups/g")
	if o.Content() == "" || o.Twin().Content() != o.Content() {
		t.Fatalf("a read object has content %q, its twin %q", o.Content(), o.Twin().Content())
	}
	if c := o.Clone().Content(); c != "" {
		t.Errorf("a clone has content %q", c)
	}
}

// TestReadDirMatchesFS: Read's own file reads (dirFS.readLimited) give what
// reading through os.DirFS gives, for files shorter and longer than its
// buffer, one over the size limit and one that cannot be opened (but by
// root, which these tests may run as).
func TestReadDirMatchesFS(t *testing.T) {
	reg := testRegistry(t)
	group := func(name string, pad int) string {
		return "kind: groups\nname: " + name + "\nbody:\n  profile:\n    description: " + strings.Repeat("d", pad) + "\n    name: " + name + "\n"
	}
	files := map[string]string{
		"groups/small.yaml": group("small", 10),
		"groups/edge.yaml":  group("edge", 32<<10-len(group("edge", 0))),
		"groups/large.yaml": group("large", 100<<10),
		"groups/huge.yaml":  group("huge", MaxFileSize),
		"groups/shut.yaml":  group("shut", 1),
	}
	dir := writeFiles(t, files)
	if err := os.Chmod(dir+"/groups/shut.yaml", 0); err != nil {
		t.Fatal(err)
	}
	got, gotProblems := Read(dir, reg)
	sameAsDirFS(t, reg, dir, got, gotProblems)
	if len(gotProblems) == 0 {
		t.Error("no problem for the oversized file")
	}
}

// sameAsDirFS requires what Read gave for dir (got, gotProblems) to be what
// ReadFS gives through os.DirFS, the portable reader: the same problems and
// the same objects, at least three of them.
func sameAsDirFS(t *testing.T, reg *model.Registry, dir string, got *model.Snapshot, gotProblems []model.Problem) {
	t.Helper()
	want, wantProblems := ReadFS(os.DirFS(dir), reg)
	if diff := cmp.Diff(wantProblems, gotProblems); diff != "" {
		t.Errorf("problems (-os.DirFS +Read):\n%s", diff)
	}
	if got.Len() != want.Len() || got.Len() < 3 {
		t.Errorf("objects: %d read, %d through os.DirFS", got.Len(), want.Len())
	}
	for _, w := range want.Objects() {
		g, ok := got.Get(w.Path)
		if !ok {
			t.Errorf("%s: missing", w.Path)
		} else if diff := cmp.Diff(w, g, cmpopts.IgnoreUnexported(model.Object{})); diff != "" {
			t.Errorf("%s (-os.DirFS +Read):\n%s", w.Path, diff)
		}
	}
}
