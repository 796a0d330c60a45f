package tree

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for f, c := range files {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const goodGroup = "kind: groups\nname: engineering\nbody:\n  profile:\n    name: Engineering\n"

func TestReadTreeBadInput(t *testing.T) {
	reg := testRegistry(t)
	deep := "kind: groups\nname: deep\nbody:\n  profile:\n    name: Deep\n  x: " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n"
	bomb := "kind: groups\nname: bomb\nbody:\n  profile:\n    name: Bomb\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" +
		"  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n  e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
	huge := "kind: groups\nname: huge\nbody:\n  profile:\n    name: Huge\n  blob: \"" + strings.Repeat("x", MaxFileSize) + "\"\n"
	tests := []struct {
		name  string
		file  string
		body  string
		line  int
		want  string
		warns bool
	}{
		{"malformed YAML", "groups/a.yaml", "kind: groups\nname: a\nbody:\n  profile:\n    name: [unclosed\n  other: 1\n", 5, "malformed YAML", false},
		{"mapping value in a scalar", "groups/a.yaml", "kind: groups\nname: a\nbody:\n  profile:\n    name: a: b\n", 5, "mapping values are not allowed", false},
		{"bad indentation", "groups/a.yaml", "kind: groups\nname: a\nbody:\n  profile:\n   name: x\n  description: y\n bad: z\n", 7, "malformed YAML", false},
		{"unknown kind", "groups/a.yaml", "kind: gropus\nname: a\nbody: {}\n", 1, `unknown kind "gropus"`, false},
		{"kind does not match directory", "groups/a.yaml", "name: a\nkind: apps\nbody: {}\n", 2, `kind "apps" does not match the file's directory, which holds groups`, false},
		{"stray file", "groups/notes.txt", "hello", 0, "stray file: not an object file", false},
		{"yml extension", "groups/a.yml", goodGroup, 0, "not .yml", false},
		{"file at a path that fits no kind", "groups/engineering/members/a.yaml", goodGroup, 0, "does not fit the tree layout", false},
		{"upper-case file name", "groups/Engineering.yaml", goodGroup, 0, "does not fit the tree layout", false},
		{"dot-dot name", "groups/a.yaml", "kind: groups\nname: ../../etc/passwd\nbody:\n  profile:\n    name: a\n", 2, `must not contain ".."`, false},
		{"absolute name", "groups/a.yaml", "kind: groups\nname: /etc/passwd\nbody:\n  profile:\n    name: a\n", 2, `start with "/"`, false},
		{"name does not match location", "groups/a.yaml", goodGroup, 2, `name "engineering" does not match the file's location (expected "a")`, false},
		{"4-byte character", "groups/engineering.yaml", "kind: groups\nname: engineering\nbody:\n  profile:\n    description: rocket 🚀\n    name: Engineering\n", 5, "4-byte UTF-8 character", false},
		{"4-byte character in a comment", "groups/engineering.yaml", goodGroup + "# 😀\n", 6, "4-byte UTF-8 character", false},
		{"deep nesting", "groups/deep.yaml", deep, 6, "nesting is deeper than 64 levels", false},
		{"alias bomb", "groups/bomb.yaml", bomb, 6, "anchors and aliases", false},
		{"merge key", "groups/a.yaml", "kind: groups\nname: a\nbody:\n  <<: {x: 1}\n  profile:\n    name: a\n", 4, "plain strings", false},
		{"huge file", "groups/huge.yaml", huge, 0, "more than the 4194304-byte limit", false},
		{"duplicate key", "groups/engineering.yaml", "kind: groups\nname: engineering\nbody:\n  profile:\n    name: A\n    name: B\n", 6, `duplicate key "name" (first at line 5)`, false},
		{"unknown top-level key", "groups/engineering.yaml", goodGroup + "profile:\n  name: x\n", 6, `unknown top-level key "profile"`, false},
		{"missing body", "groups/engineering.yaml", "kind: groups\nname: engineering\n", 1, "missing body", false},
		{"body not a mapping", "groups/engineering.yaml", "kind: groups\nname: engineering\nbody: [1]\n", 3, "body must be a mapping", false},
		{"not a mapping", "groups/engineering.yaml", "- a\n- b\n", 1, "must be a mapping", false},
		{"empty file", "groups/engineering.yaml", "", 0, "file is empty", false},
		{"two documents", "groups/engineering.yaml", goodGroup + "---\nkind: groups\n", 6, "more than one YAML document", false},
		{"infinite number", "groups/engineering.yaml", goodGroup + "  x: .inf\n", 6, "cannot be represented in JSON", false},
		{"custom tag", "groups/engineering.yaml", goodGroup + "  x: !foo bar\n", 6, "unsupported YAML tag !foo", false},
		{"invalid UTF-8", "groups/engineering.yaml", goodGroup + "  x: \xff\n", 6, "not valid UTF-8", false},
		{"object of a known kind in a foreign directory", "grops/engineering.yaml", goodGroup, 1, "file of kind groups is outside its directory (groups/)", false},
		{"unknown kind directory", "widgets/w.yaml", "kind: widgets\nname: w\nbody: {}\n", 1, `unknown kind "widgets" (directory widgets/ is not a kind)`, false},
		{"interrupted write", ".oktasync-old-123/groups/a.yaml", goodGroup, 0, "an earlier write was interrupted", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{tt.file: tt.body})
			s, problems := Read(dir, reg)
			var hit *model.Problem
			for i, p := range problems {
				if strings.Contains(p.Message, tt.want) && hit == nil {
					hit = &problems[i]
				}
			}
			if hit == nil {
				t.Fatalf("want a problem containing %q, got %v", tt.want, problems)
			}
			wantFile := tt.file
			if tt.warns {
				wantFile = strings.SplitN(tt.file, "/", 2)[0]
			}
			if hit.File != wantFile || hit.Line != tt.line {
				t.Errorf("problem at %s:%d, want %s:%d (%s)", hit.File, hit.Line, wantFile, tt.line, hit)
			}
			if hit.Hint == "" {
				t.Errorf("problem without a hint: %s", hit)
			}
			if (hit.Severity == model.SeverityWarning) != tt.warns {
				t.Errorf("severity = %s", hit.Severity)
			}
			if !tt.warns && strings.Contains(tt.name, "4-byte") == false && s.Len() != 0 {
				t.Errorf("a broken file must not yield an object, got %d", s.Len())
			}
		})
	}
}

func TestReadTreeIgnoresUserFiles(t *testing.T) {
	reg := testRegistry(t)
	dir := writeFiles(t, map[string]string{
		"groups/engineering.yaml":   goodGroup,
		"groups/.DS_Store":          "junk",
		"README.md":                 "# hi",
		"okta.yaml":                 "okta:\n  client:\n    orgUrl: https://x\n",
		"vars/prod.yaml":            "PORTAL_HOST: x\n",
		"vars/bad.yaml":             "a: [\n",
		".git/config":               "[core]\n",
		".github/workflows/ci.yaml": "kind: nope\n",
	})
	s, problems := Read(dir, reg)
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	if s.Len() != 1 {
		t.Fatalf("objects: %d", s.Len())
	}
	o, _ := s.Get("groups/engineering")
	if o.Line("/body/profile/name") != 5 || o.BodyLine("/profile") != 4 || o.Line("/body/nope/deeper") != 3 || o.Line("/name") != 2 {
		t.Errorf("lines: %d %d %d %d", o.Line("/body/profile/name"), o.BodyLine("/profile"), o.Line("/body/nope/deeper"), o.Line("/name"))
	}
	if _, problems := Read(filepath.Join(dir, "missing"), reg); len(problems) != 1 {
		t.Errorf("a missing directory must be one problem, got %v", problems)
	}
}

func TestReadTreeProblemsSorted(t *testing.T) {
	reg := testRegistry(t)
	files := map[string]string{}
	for i := 0; i < 5; i++ {
		files[fmt.Sprintf("groups/g%d.yaml", i)] = "kind: apps\nname: x\nbody: {}\n"
	}
	_, problems := Read(writeFiles(t, files), reg)
	for i := 1; i < len(problems); i++ {
		a, b := problems[i-1], problems[i]
		if a.File > b.File || a.File == b.File && a.Line > b.Line {
			t.Fatalf("not sorted: %v before %v", a, b)
		}
	}
}

// TestReadDoesNotFollowLinks: a link in the tree, to a file or a directory
// outside it, is an error at the link, and nothing is read through it.
func TestReadDoesNotFollowLinks(t *testing.T) {
	reg := testRegistry(t)
	outside := writeFiles(t, map[string]string{
		"secret.yaml":     "kind: groups\nname: secret\nbody:\n  profile:\n    name: Outside\n",
		"groups/x.yaml":   "kind: groups\nname: x\nbody:\n  profile:\n    name: Outside dir\n",
		"notes/note.yaml": "kind: groups\nname: note\nbody:\n  profile:\n    name: Outside note\n",
	})
	dir := writeFiles(t, map[string]string{"groups/engineering.yaml": goodGroup})
	links := map[string]string{
		"groups/secret.yaml": filepath.Join(outside, "secret.yaml"),
		"apps":               filepath.Join(outside, "groups"),
		"notes":              filepath.Join(outside, "notes"),
	}
	for link, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
	}
	s, problems := Read(dir, reg)
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	want := []string{
		"apps: error: " + symlinkMsg + " (" + symlinkHint + ")",
		"groups/secret.yaml: error: " + symlinkMsg + " (" + symlinkHint + ")",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, o := range s.Objects() {
		if o.Path != "groups/engineering" {
			t.Errorf("read %s through a link", o.Path)
		}
	}
}
