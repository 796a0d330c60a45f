package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// docFiles are the Markdown files that quote the CLI, relative to the
// repository root.
func docFiles(t *testing.T) []string {
	t.Helper()
	root := filepath.Join("..", "..")
	files, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob(filepath.Join(root, "examples", "*", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(append(files, filepath.Join(root, "README.md")), more...)
	if len(files) < 5 {
		t.Fatalf("found only %v: is the test running in cmd/oktasync?", files)
	}
	sort.Strings(files)
	return files
}

// TestDocsMatchHelp is the docs' single source of truth: every command,
// flag, placeholder and default that README.md, docs/ and the examples'
// READMEs quote must be what `oktasync … --help` says (docsChecker lists
// what is compared).
func TestDocsMatchHelp(t *testing.T) {
	c := &docsChecker{help: buildHelpIndex(t)}
	for _, f := range docFiles(t) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel := strings.TrimPrefix(filepath.ToSlash(f), "../../")
		c.check(rel, string(src))
		if rel == "README.md" {
			c.checkCommandList(rel, string(src))
		}
	}
	for _, f := range c.findings {
		t.Error(f)
	}
}

// TestDocsCheckerFinds: each kind of disagreement the check exists for is
// found, with its line, and agreeing text is not reported.
func TestDocsCheckerFinds(t *testing.T) {
	help := buildHelpIndex(t)
	for _, tc := range []struct {
		name, doc string
		want      []string
	}{
		{"default in prose, as safety.md had it",
			"Steps run in dependency order, `--parallelism` at a time (8 by default). A\nstep that fails.\n",
			[]string{"d.md:1: --parallelism: the docs say the default is 8, --help says 16 (apply)"}},
		{"default that matches",
			"- With `--allow-delete`, they become delete steps, capped by `--max-deletes` (10 by\n  default; `-1` for no cap).\n" +
				"`--max-capacity PCT` (default 90) and `--max-in-flight N` (default 10).\n" +
				"`--max-capacity` defaults to 90% of each bucket.\n",
			nil},
		{"default after an example value",
			"Leave more room: `--max-capacity 50` (the share of each bucket; default 80) and, for\nconcurrency trouble, `--max-in-flight 5`.\n",
			[]string{"d.md:1: --max-capacity: the docs say the default is 80, --help says 90 (apply, export, plan)"}},
		{"a table's default and on columns",
			"| flag | default | on | what |\n|---|---|---|---|\n| `--max-capacity PCT` | 90 | `export`, `plan` | share |\n| `--parallelism N` | 8 | `apply` | steps |\n",
			[]string{
				"d.md:3: --max-capacity: the table says it is on export, plan, --help shows it on apply, export, plan",
				"d.md:4: --parallelism: the docs say the default is 8, --help says 16 (apply)",
			}},
		{"a flag no command has, and a wrong placeholder",
			"Run with `--verbose`, or pass `--var-file F`.\n",
			[]string{"d.md:1: --verbose: no command has this flag", "d.md:1: --var-file F: --help calls the value FILE"}},
		{"command lines in code blocks and spans",
			"Run:\n\n    oktasync export --out DIR --parallelism 4\n    oktasync frobnicate --x\n    oktasync v1.2.3\n    oktasync github comment --pr 1 --file c.md &&\n      git push --force\n\nThen `apply --resume --retry` or `oktasync plan --dir okta --var-file F`.\n",
			[]string{
				"d.md:3: `oktasync export` has no flag --parallelism (oktasync export --help)",
				"d.md:4: `oktasync frobnicate`: no such command (oktasync --help lists sandbox, export, validate, kinds, plan, diff, apply, doctor, init, github)",
				"d.md:9: `oktasync apply` has no flag --retry (oktasync apply --help)",
				"d.md:9: `oktasync plan --var-file F`: --help calls the value FILE",
			}},
		{"a synopsis over two lines",
			"## Commands\n\n    oktasync plan     --dir DIR [--out FILE]\n                      [--detailed-exitcode] [--max-deletes COUNT]\n",
			[]string{"d.md:3: `oktasync plan --max-deletes COUNT`: --help calls the value N"}},
		{"other programs' flags are theirs",
			"    git diff --cached --quiet || git commit -qm x\n\nor `git switch --detach`.\n",
			nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &docsChecker{help: help}
			c.check("d.md", tc.doc)
			if d := cmp.Diff(tc.want, c.findings); d != "" {
				t.Errorf("findings (-want +got):\n%s", d)
			}
		})
	}

	t.Run("README without a command", func(t *testing.T) {
		c := &docsChecker{help: help}
		var list strings.Builder
		list.WriteString("# x\n\n## Commands\n\n")
		for _, name := range help.top {
			if name != "github" {
				list.WriteString("    oktasync " + name + "  does things\n")
			}
		}
		c.checkCommandList("README.md", list.String())
		want := []string{"README.md:1: the command list (## Commands) lacks `oktasync github`"}
		if d := cmp.Diff(want, c.findings); d != "" {
			t.Errorf("findings (-want +got):\n%s", d)
		}
	})
}
