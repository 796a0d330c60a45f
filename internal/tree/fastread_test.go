package tree

import (
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/oktasync/oktasync/internal/model"
)

// TestFastReadMatchesLibrary reads one tree twice, through the fast path and
// with the library only, and requires the same result: the same objects, the
// same line for every value of every file, the same read problems and the
// same validation problems (the validator asks for lines the fast path only
// finds when asked). The tree holds the example export, a file for every
// value shape Encode writes, and files with problems of each stage, some in
// the canonical subset (so the fast path parses them and must still hand
// them over) and some outside it.
func TestFastReadMatchesLibrary(t *testing.T) {
	reg := testRegistry(t)
	fsys := exampleFS(t)
	for p, f := range fsys {
		if _, _, ok := fastDecode(f.Data); strings.HasSuffix(p, ".yaml") && !ok && strings.Contains(p, "/") {
			// Export writes every file; the fast path is there for them.
			t.Errorf("%s: the fast path gave up on an exported file", p)
		}
	}
	i := 0
	for _, body := range canonicalBodies() {
		i++
		name := "fast-" + strconv.Itoa(i)
		body["profile"] = map[string]any{"name": name}
		o := &model.Object{Kind: "groups", Name: name, Path: "groups/" + name, Body: body}
		data, err := Encode(o, nil)
		if err != nil {
			t.Fatal(err)
		}
		fsys[o.Path+".yaml"] = &fstest.MapFile{Data: data}
	}
	for p, data := range map[string]string{
		// In the subset, wrong only to the validator: its lines are found
		// when the problem is reported.
		"groups/schema-error.yaml": "kind: groups\nname: schema-error\nbody:\n  profile:\n    description: x\n    name:\n      - not a string\n",
		"groups/bad-ref.yaml":      "kind: groups\nname: bad-ref\nrelations:\n  owner: ${ref:groups/missing}\nbody:\n  profile:\n    name: x\n",
		"groups/placeholder.yaml":  "kind: groups\nname: placeholder\nbody:\n  profile:\n    name: ${var:NOPE\n",
		"groups/four-byte.yaml":    "kind: groups\nname: four-byte\nbody:\n  profile:\n    description: rocket \U0001F680\n    name: x\n",
		// In the subset, wrong at the top level: buildObject's problems.
		"groups/misnamed.yaml":      "kind: groups\nname: other\nbody:\n  profile:\n    name: x\n",
		"groups/wrong-kind.yaml":    "kind: apps\nname: wrong-kind\nbody: {}\n",
		"groups/extra-key.yaml":     "kind: groups\nname: extra-key\nprofile: {}\nbody: {}\n",
		"groups/no-body.yaml":       "kind: groups\nname: no-body\n",
		"groups/list-body.yaml":     "kind: groups\nname: list-body\nbody: []\n",
		"groups/no-kind.yaml":       "name: no-kind\nbody: {}\n",
		"groups/bad-relation.yaml":  "kind: groups\nname: bad-relation\nrelations:\n  owner:\n    - x\nbody: {}\n",
		"groups/role-not-text.yaml": "kind: groups\nname: role-not-text\nrole: 5\nbody: {}\n",
		// Outside the subset: the library's messages.
		"groups/duplicate.yaml": "kind: groups\nname: duplicate\nbody:\n  profile:\n    name: A\n    name: B\n",
		"groups/comment.yaml":   "# a comment\nkind: groups\nname: comment\nbody:\n  profile:\n    name: x # here\n",
		"groups/flow.yaml":      "kind: groups\nname: flow\nbody: {profile: {name: [x}\n",
		"groups/indent.yaml":    "kind: groups\nname: indent\nbody:\n  profile:\n   name: x\n  description: y\n",
		"groups/empty.yaml":     "",
		"groups/infinity.yaml":  "kind: groups\nname: infinity\nbody:\n  x: .inf\n",
	} {
		fsys[p] = &fstest.MapFile{Data: []byte(data)}
	}

	fast, fastProblems := readFS(fsys, reg, false, nil)
	lib, libProblems := readFS(fsys, reg, true, nil)
	if diff := cmp.Diff(libProblems, fastProblems); diff != "" {
		t.Errorf("read problems (-library +fast):\n%s", diff)
	}
	if fast.Len() < 300 || fast.Len() != lib.Len() {
		t.Fatalf("objects: %d fast, %d library", fast.Len(), lib.Len())
	}
	for _, want := range lib.Objects() {
		got, ok := fast.Get(want.Path)
		if !ok {
			t.Errorf("%s: missing from the fast read", want.Path)
			continue
		}
		if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(model.Object{})); diff != "" {
			t.Errorf("%s (-library +fast):\n%s", want.Path, diff)
		}
		for _, ptr := range pointers(want) {
			if g, w := got.Line(ptr), want.Line(ptr); g != w {
				t.Errorf("%s: line of %s is %d, want %d", want.Path, ptr, g, w)
			}
		}
	}
	libValid := Validate(lib, reg)
	if diff := cmp.Diff(libValid, Validate(fast, reg)); diff != "" {
		t.Errorf("validation problems (-library +fast):\n%s", diff)
	}
	reported := strings.Join(problemFiles(libProblems, libValid), " ")
	for _, want := range []string{"schema-error", "bad-ref", "placeholder", "four-byte", "misnamed", "duplicate", "indent"} {
		if !strings.Contains(reported, "groups/"+want+".yaml") {
			t.Errorf("groups/%s.yaml: no problem reported, so the comparison above proves nothing for it", want)
		}
	}
}

// pointers lists the JSON pointer of every value of an object's file, and
// one below each that is not there (Line falls back to the ancestor).
func pointers(o *model.Object) []string {
	doc := map[string]any{"kind": o.Kind, "name": o.Name, "body": o.Body}
	if o.Role != "" {
		doc["role"] = o.Role
	}
	if o.Relations != nil {
		rel := map[string]any{}
		for k, v := range o.Relations {
			rel[k] = v
		}
		doc["relations"] = rel
	}
	var out []string
	var walk func(ptr string, v any)
	walk = func(ptr string, v any) {
		out = append(out, ptr, ptr+"/absent")
		switch t := v.(type) {
		case map[string]any:
			for k, e := range t {
				walk(ptr+"/"+model.EscapePointer(k), e)
			}
		case []any:
			for i, e := range t {
				walk(ptr+"/"+strconv.Itoa(i), e)
			}
		}
	}
	walk("", doc)
	sort.Strings(out)
	return out
}

func problemFiles(lists ...[]model.Problem) []string {
	var files []string
	for _, l := range lists {
		for _, p := range l {
			files = append(files, p.File)
		}
	}
	return files
}

// exampleFS is the example export (examples/org-snapshot) in memory.
func exampleFS(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	example := os.DirFS("../../examples/org-snapshot")
	err := fs.WalkDir(example, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(example, p)
		fsys[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}
