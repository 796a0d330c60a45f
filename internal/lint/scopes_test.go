package lint

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/initrepo"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/schemas"
)

var update = flag.Bool("update", false, "rewrite the scope lists in docs, templates and examples from the registry")

// root is the repository, seen from this package's directory.
const root = "../.."

// minListLen is how many scopes make a run of scope names a full list. The
// docs also give short examples ("e.g. okta.groups.read,okta.apps.read"),
// which are not meant to be complete.
const minListLen = 3

// scopeRun matches a run of two or more Okta API scope names separated by
// commas or white space (a list may wrap over lines).
var scopeRun = regexp.MustCompile(`okta\.[A-Za-z]+\.(?:read|manage)(?:[,\s]+okta\.[A-Za-z]+\.(?:read|manage))+`)

var scopeName = regexp.MustCompile(`okta\.[A-Za-z]+\.(?:read|manage)`)

// scopeCount matches "13 scopes", a count written next to a list.
var scopeCount = regexp.MustCompile(`\b(\d+) scopes\b`)

// scopeList is one full list found in a file.
type scopeList struct {
	start, end int // byte offsets of the run
	scopes     []string
	manage     bool
}

func (l scopeList) String() string { return strings.Join(l.scopes, ",") }

// findLists returns the full scope lists in text.
func findLists(text string) []scopeList {
	var out []scopeList
	for _, m := range scopeRun.FindAllStringIndex(text, -1) {
		scopes := scopeName.FindAllString(text[m[0]:m[1]], -1)
		if len(scopes) < minListLen {
			continue
		}
		out = append(out, scopeList{start: m[0], end: m[1], scopes: scopes, manage: strings.HasSuffix(scopes[0], ".manage")})
	}
	return out
}

// wrapWidth is the narrowest a wrapped list is wrapped at: the width of
// the docs' prose.
const wrapWidth = 100

// rewriteList renders want in the style of the list at text[l.start:l.end]:
// comma-separated, or separated by white space and wrapped at the width the
// original lines had (at least wrapWidth).
func rewriteList(text string, l scopeList, want []string) string {
	old := text[l.start:l.end]
	if !strings.ContainsAny(old, " \t\n") {
		return strings.Join(want, ",")
	}
	if !strings.Contains(old, "\n") {
		return strings.Join(want, " ")
	}
	lineStart := strings.LastIndexByte(text[:l.start], '\n') + 1
	col := l.start - lineStart
	indent := ""
	if i := strings.IndexByte(old, '\n'); i >= 0 {
		rest := old[i+1:]
		indent = rest[:len(rest)-len(strings.TrimLeft(rest, " \t"))]
	}
	width := wrapWidth
	for _, line := range strings.Split(text[lineStart:l.end], "\n") {
		width = max(width, len(line))
	}
	var b strings.Builder
	at := col
	for i, s := range want {
		switch {
		case i == 0:
		case at+1+len(s) > width:
			b.WriteString("\n" + indent)
			at = len(indent)
		default:
			b.WriteString(" ")
			at++
		}
		b.WriteString(s)
		at += len(s)
	}
	return b.String()
}

// scopeFiles are the text files that may hold scope lists: every Markdown
// and YAML file of the repository outside test data.
func scopeFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
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
		switch filepath.Ext(path) {
		case ".md", ".yml", ".yaml":
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestScopeListsMatchRegistry: every full list of scopes in the repository's
// docs, templates and examples is the registry's read or manage list, and a
// count of scopes written in a file with a list is the list's length. The
// files users copy their scopes from must hold a list, so that reformatting
// one out of recognition cannot make the check pass.
func TestScopeListsMatchRegistry(t *testing.T) {
	reg, err := model.NewRegistry(schemas.FS())
	if err != nil {
		t.Fatal(err)
	}
	files := readFiles(t, scopeFiles(t))
	problems, rewritten := checkScopeLists(reg, files)
	if *update {
		for path, text := range rewritten {
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("rewrote %s", rel(path))
		}
		return
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// TestNewScopeAreaFailsTheCheck: a kind with a scope area no other kind
// has (an imaginary one, so that no real kind ever takes its name) makes
// every list in the repository wrong until it is rewritten.
func TestNewScopeAreaFailsTheCheck(t *testing.T) {
	kinds := model.BuiltinKinds()
	extra := kinds[0]
	extra.Name, extra.Schema, extra.ScopeArea = "test-widgets", "test-widgets.json", "testWidgets"
	extra.Refs, extra.Relations, extra.After = nil, nil, nil
	extra.Parent, extra.ChildDir = "", ""
	extra.Lock = nil // one kind carries the apply lock
	schemaFS := fstest.MapFS{"test-widgets.json": {Data: []byte(`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object"}`)}}
	entries, err := fs.ReadDir(schemas.FS(), ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue // schemas/spec: optional, and not what this test is about
		}
		data, err := fs.ReadFile(schemas.FS(), e.Name())
		if err != nil {
			t.Fatal(err)
		}
		schemaFS[e.Name()] = &fstest.MapFile{Data: data}
	}
	reg, err := model.NewRegistryFrom(append(kinds, extra), schemaFS)
	if err != nil {
		t.Fatal(err)
	}
	files := readFiles(t, scopeFiles(t))
	problems, rewritten := checkScopeLists(reg, files)
	flagged := map[string]bool{}
	for _, p := range problems {
		if strings.Contains(p, "okta.testWidgets.") {
			flagged[strings.SplitN(p, ":", 2)[0]] = true
		}
	}
	for _, f := range []string{"docs/getting-started.md", "internal/initrepo/templates/plan.yml", "examples/github-actions/apply.yml"} {
		if !flagged[f] {
			t.Errorf("%s was not flagged for the new scope; problems: %v", f, problems)
		}
	}
	for f, want := range map[string]string{
		"docs/getting-started.md":               "okta.testWidgets.read",
		"internal/initrepo/templates/plan.yml":  "okta.testWidgets.read",
		"internal/initrepo/templates/apply.yml": "okta.testWidgets.manage",
	} {
		if text := rewritten[filepath.Join(root, filepath.FromSlash(f))]; !strings.Contains(text, want) {
			t.Errorf("%s was not rewritten with %s", f, want)
		}
	}
}

func readFiles(t *testing.T, paths []string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[p] = string(data)
	}
	return out
}

// checkScopeLists checks files (path → text) against reg's scope lists.
// It returns the problems, and the files it would rewrite, rewritten.
func checkScopeLists(reg *model.Registry, files map[string]string) (problems []string, rewritten map[string]string) {
	read, manage := reg.ReadScopes(), reg.ManageScopes()
	mustHold := map[string]int{filepath.Join(root, "docs", "getting-started.md"): 2}
	for _, w := range initrepo.Workflows() {
		mustHold[filepath.Join(root, "internal", "initrepo", "templates", w)] = 1
		mustHold[filepath.Join(root, "examples", "github-actions", w)] = 1
	}
	for path := range mustHold {
		if _, ok := files[path]; !ok {
			problems = append(problems, fmt.Sprintf("%s: missing; it should hold a full scope list", rel(path)))
		}
	}
	rewritten = map[string]string{}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, path := range paths {
		text := files[path]
		lists := findLists(text)
		if want, ok := mustHold[path]; ok && len(lists) != want {
			problems = append(problems, fmt.Sprintf("%s: %d full scope lists (%d or more scopes in a row), want %d", rel(path), len(lists), minListLen, want))
		}
		if len(lists) == 0 {
			continue
		}
		newText, ps := checkLists(path, text, lists, read, manage)
		problems = append(problems, ps...)
		newText, ps = checkCounts(path, newText, len(read))
		problems = append(problems, ps...)
		if newText != text {
			rewritten[path] = newText
		}
	}
	return problems, rewritten
}

// checkLists returns text with every list that is not the registry's
// rewritten, and a problem for each.
func checkLists(path, text string, lists []scopeList, read, manage []string) (string, []string) {
	var problems []string
	var b strings.Builder
	last := 0
	for _, l := range lists {
		want := read
		if l.manage {
			want = manage
		}
		b.WriteString(text[last:l.start])
		last = l.end
		if cmp.Equal(l.scopes, want) {
			b.WriteString(text[l.start:l.end])
			continue
		}
		b.WriteString(rewriteList(text, l, want))
		problems = append(problems, fmt.Sprintf("%s:%d: this scope list is not the registry's (%s); rewrite it with go test ./internal/lint -update",
			rel(path), lineOf(text, l.start), listDiff(l.scopes, want)))
	}
	b.WriteString(text[last:])
	return b.String(), problems
}

// checkCounts returns text with every "N scopes" (N ≥ minListLen) that does
// not count the registry's list corrected, and a problem for each.
func checkCounts(path, text string, n int) (string, []string) {
	var problems []string
	var b strings.Builder
	last := 0
	for _, m := range scopeCount.FindAllStringSubmatchIndex(text, -1) {
		got, _ := strconv.Atoi(text[m[2]:m[3]])
		if got < minListLen || got == n {
			continue
		}
		problems = append(problems, fmt.Sprintf("%s:%d: %q, but the registry's list has %d scopes; rewrite it with go test ./internal/lint -update",
			rel(path), lineOf(text, m[0]), text[m[0]:m[1]], n))
		b.WriteString(text[last:m[2]])
		b.WriteString(strconv.Itoa(n))
		last = m[3]
	}
	b.WriteString(text[last:])
	return b.String(), problems
}

func listDiff(got, want []string) string {
	has := map[string]bool{}
	for _, s := range got {
		has[s] = true
	}
	var missing, extra []string
	for _, s := range want {
		if !has[s] {
			missing = append(missing, s)
		}
		delete(has, s)
	}
	for _, s := range got {
		if has[s] {
			extra = append(extra, s)
		}
	}
	parts := []string{}
	if len(missing) > 0 {
		parts = append(parts, "missing "+strings.Join(missing, ", "))
	}
	if len(extra) > 0 {
		parts = append(parts, "not a registry scope: "+strings.Join(extra, ", "))
	}
	if len(parts) == 0 {
		parts = append(parts, "out of order")
	}
	return strings.Join(parts, "; ")
}

func lineOf(text string, offset int) int { return strings.Count(text[:offset], "\n") + 1 }

func rel(path string) string {
	r, err := filepath.Rel(root, path)
	if err != nil {
		return path
	}
	return filepath.ToSlash(r)
}

// TestScopeListRewrite: a list that lacks a new area's scope is found and
// rewritten in its own style (comma-separated, or wrapped), and a count
// next to it is corrected; short examples are left alone.
func TestScopeListRewrite(t *testing.T) {
	want := []string{"okta.apps.read", "okta.groups.read", "okta.testWidgets.read", "okta.policies.read"}
	long := []string{"okta.authorizationServers.read", "okta.authenticators.read", "okta.eventHooks.read",
		"okta.inlineHooks.read", "okta.networkZones.read", "okta.trustedOrigins.read"}
	tests := []struct{ name, in, out string }{
		{"comma-separated",
			"  OKTA_CLIENT_SCOPES: okta.apps.read,okta.groups.read,okta.policies.read\n",
			"  OKTA_CLIENT_SCOPES: okta.apps.read,okta.groups.read,okta.testWidgets.read,okta.policies.read\n"},
		{"wrapped",
			"The scopes:\n\n    okta.apps.read okta.groups.read\n    okta.policies.read\n\nand so on.\n",
			"The scopes:\n\n    okta.apps.read okta.groups.read okta.testWidgets.read okta.policies.read\n\nand so on.\n"},
		{"wrapped at the width",
			"    okta.apps.read okta.groups.read okta.policies.read okta.policies.read okta.policies.read okta.groups.read\n    okta.policies.read\n",
			"    okta.apps.read okta.groups.read okta.testWidgets.read okta.policies.read\n"},
	}
	for _, tt := range tests {
		lists := findLists(tt.in)
		if len(lists) != 1 {
			t.Fatalf("%s: %d lists", tt.name, len(lists))
		}
		got := tt.in[:lists[0].start] + rewriteList(tt.in, lists[0], want) + tt.in[lists[0].end:]
		if got != tt.out {
			t.Errorf("%s:\n%s", tt.name, cmp.Diff(tt.out, got))
		}
	}
	// A long list wraps at wrapWidth, under the first line's indentation.
	in := "    okta.apps.read okta.groups.read\n    okta.policies.read\n"
	l := findLists(in)[0]
	got := rewriteList(in, l, long)
	if got != "okta.authorizationServers.read okta.authenticators.read okta.eventHooks.read\n    okta.inlineHooks.read okta.networkZones.read okta.trustedOrigins.read" {
		t.Errorf("wrapping:\n%s", got)
	}
	if lists := findLists("e.g. okta.groups.read,okta.apps.read, or more"); len(lists) != 0 {
		t.Errorf("a two-scope example was taken for a full list: %v", lists)
	}
	text, problems := checkCounts("x.md", "the 3 scopes that export needs; 2 scopes in the example", 4)
	if text != "the 4 scopes that export needs; 2 scopes in the example" || len(problems) != 1 {
		t.Errorf("counts: %q, %v", text, problems)
	}
}
