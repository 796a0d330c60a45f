package lint

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/schemas"
)

// kindNamesAllowed are the only places whose non-test Go files may name a
// kind, each with why. A path ending in "/" is a directory and everything
// under it; otherwise it is a file-name prefix.
var kindNamesAllowed = []struct{ path, why string }{
	{"internal/model/kinds_", "the kind descriptors: this is where kinds are defined"},
	{"internal/sandbox/", "the Okta emulator, which carries its own knowledge of Okta's endpoints"},
	{"scripts/schemagen/", "the spec-type generator's overrides: the spec component of a kind whose endpoints do not lead to it, or none"},
	{"internal/synthetic/", "builds trees of many objects of named kinds, for the benchmarks and tests, apart from the engines"},
	{"bench/baseline/", "the hand-written Okta SDK exporter `make bench` compares oktasync with: it stands for a user's script, " +
		"which knows its kinds by heart; deriving it from the registry would give it oktasync's knowledge"},
}

// kindWords are what counts as naming a kind in a string literal: the
// kinds' names (which are also the top-level directories of a tree and the
// first segments of ref paths), and the directories child kinds live in.
type kindWords struct {
	kinds map[string]bool // a literal equal to one of these names a kind
	dirs  []string        // a literal starting with "<dir>/" is a ref path
}

func newKindWords(reg *model.Registry) kindWords {
	w := kindWords{kinds: map[string]bool{}}
	dirs := map[string]bool{}
	for _, k := range reg.Kinds() {
		w.kinds[k.Name] = true
		dirs[k.Dir()] = true
	}
	for d := range dirs {
		w.dirs = append(w.dirs, d)
	}
	sort.Strings(w.dirs)
	return w
}

// names reports whether a string literal's value names a kind. The rule is
// deliberately narrow, so that it can hold without exceptions: the whole
// literal is a kind name ("groups"), or it starts with a kind's directory
// and a slash (a ref path or a tree path: "groups/engineering",
// "rules/catch-all"). A word inside a sentence, an endpoint path
// ("/api/v1/groups") or a JSON field ("scopes" is a child directory, and
// also Okta's field name) is not a kind name.
func (w kindWords) names(s string) bool {
	if w.kinds[s] {
		return true
	}
	for _, d := range w.dirs {
		if strings.HasPrefix(s, d+"/") {
			return true
		}
	}
	return false
}

// kindNameHit is one string literal that names a kind.
type kindNameHit struct {
	file string
	line int
	lit  string
}

func (h kindNameHit) String() string { return fmt.Sprintf("%s:%d: %s", h.file, h.line, h.lit) }

// scanKindNames returns the string literals of one Go source file that
// name a kind. Import paths are not values and are skipped.
func scanKindNames(w kindWords, file string, src []byte) ([]kindNameHit, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var hits []kindNameHit
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ImportSpec:
			return false
		case *ast.BasicLit:
			if n.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(n.Value)
			if err == nil && w.names(s) {
				hits = append(hits, kindNameHit{file: file, line: fset.Position(n.Pos()).Line, lit: n.Value})
			}
		}
		return true
	})
	return hits, nil
}

func allowedToNameKinds(rel string) bool {
	for _, a := range kindNamesAllowed {
		if strings.HasPrefix(rel, a.path) {
			return true
		}
	}
	return false
}

// goSources lists the non-test Go files under dir, relative to it, with
// forward slashes.
func goSources(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "testdata", "node_modules", "bin", "demo-out":
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			r, err := filepath.Rel(dir, path)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(r))
		}
		return nil
	})
	return out, err
}

// checkKindNames is the whole check over the tree at dir: every non-test
// Go file that is not allowed to name kinds, scanned. It returns the hits
// and how many files it scanned.
func checkKindNames(dir string, w kindWords) ([]kindNameHit, int, error) {
	files, err := goSources(dir)
	if err != nil {
		return nil, 0, err
	}
	var hits []kindNameHit
	scanned := 0
	for _, file := range files {
		if allowedToNameKinds(file) {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
		if err != nil {
			return nil, 0, err
		}
		h, err := scanKindNames(w, file, src)
		if err != nil {
			return nil, 0, err
		}
		hits = append(hits, h...)
		scanned++
	}
	return hits, scanned, nil
}

// TestNoKindNamesOutsideDescriptors: no non-test Go file outside the kind
// descriptors, the sandbox and internal/synthetic (and the SDK baseline of
// the benchmark, see kindNamesAllowed) has a string literal that names a
// kind. A kind's name in an engine, a command or a script is a per-kind
// fact that belongs in its descriptor.
func TestNoKindNamesOutsideDescriptors(t *testing.T) {
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		t.Fatal(err)
	}
	hits, scanned, err := checkKindNames(root, newKindWords(reg))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		t.Errorf("%s names a kind; say it in the kind's descriptor (internal/model/kinds_*.go) and derive it from the registry", h)
	}
	if scanned < 50 {
		t.Fatalf("only %d Go files scanned: the walk is broken", scanned)
	}
	// Every allowance must still be needed, or it silently widens.
	files, err := goSources(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range kindNamesAllowed {
		found := false
		for _, file := range files {
			if strings.HasPrefix(file, a.path) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("kindNamesAllowed lists %s, which matches no Go file", a.path)
		}
	}
}

// TestKindNameRule: the scanner finds a kind named in an engine's source,
// with its line, in the forms the rule covers, and leaves alone the
// generic words and endpoint paths it must not flag.
func TestKindNameRule(t *testing.T) {
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		t.Fatal(err)
	}
	w := newKindWords(reg)
	src := "package apply\n\n" +
		"import \"github.com/oktasync/oktasync/internal/groups\"\n\n" + // 3: an import path, not a value
		"func f(kind string) bool {\n" +
		"\tif kind == \"groups\" {\n" + // 6
		"\t\treturn true\n\t}\n" +
		"\tswitch kind {\n" +
		"\tcase `policy-rules`, \"network-zones\":\n" + // 10: two hits
		"\t}\n" +
		"\t_ = \"policies/okta-sign-on/default-policy/rules/catch-all\"\n" + // 12
		"\t_ = \"rules/catch-all\"\n" + // 13: a child directory
		"\t_ = \"/api/v1/groups\"\n" + // an endpoint path
		"\t_ = \"scopes\"\n" + // a child directory alone: also Okta's field name
		"\t_ = \"the groups of an app\"\n" + // a word in a sentence
		"\t_ = \"groups-extra\"\n" + // a longer word
		"\treturn false\n}\n"
	hits, err := scanKindNames(w, "internal/apply/fixture.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hits {
		got = append(got, h.String())
	}
	want := []string{
		`internal/apply/fixture.go:6: "groups"`,
		"internal/apply/fixture.go:10: `policy-rules`",
		`internal/apply/fixture.go:10: "network-zones"`,
		`internal/apply/fixture.go:12: "policies/okta-sign-on/default-policy/rules/catch-all"`,
		`internal/apply/fixture.go:13: "rules/catch-all"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("hits:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if allowedToNameKinds("internal/apply/fixture.go") || !allowedToNameKinds("internal/model/kinds_groups.go") ||
		allowedToNameKinds("internal/model/kind.go") || !allowedToNameKinds("internal/sandbox/kind_groups.go") {
		t.Error("the allowances cover the wrong files")
	}
}

// TestKindNameCheckFailsOnANewFile: the whole check, run over a copy of
// the layout, catches a file in internal/apply that names a kind, and only
// that one: the same literal in a descriptor, the sandbox, synthetic or a
// test file is allowed.
func TestKindNameCheckFailsOnANewFile(t *testing.T) {
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	const src = "package x\n\nconst k = \"app-group-assignments\"\n"
	for _, f := range []string{
		"internal/apply/steps.go", "internal/apply/steps_test.go", "internal/model/kinds_apps.go",
		"internal/sandbox/kinds/apps/apps.go", "internal/synthetic/synthetic.go", "internal/apply/testdata/x.go",
	} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	hits, scanned, err := checkKindNames(dir, newKindWords(reg))
	if err != nil {
		t.Fatal(err)
	}
	if scanned != 1 || len(hits) != 1 || hits[0].String() != `internal/apply/steps.go:3: "app-group-assignments"` {
		t.Fatalf("scanned %d files, hits %v; want internal/apply/steps.go:3 only", scanned, hits)
	}
}
