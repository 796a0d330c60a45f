package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

// update rewrites the golden files in testdata (help/*.txt, kinds.txt,
// kinds.json) from the CLI's output: go test ./cmd/oktasync -update
var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixedBuild stands in for the build information in rendered output, so
// that the golden files do not change with the toolchain or the commit.
var fixedBuild = buildInfo{Version: "v1.2.3", Commit: "0123456789abcdef0123456789abcdef01234567",
	GoVersion: "go1.26.0", Module: modulePath, Platform: "linux/amd64"}

// helpFlag is one line of a command's OPTIONS, as --help shows it.
type helpFlag struct {
	names       []string // without dashes: "version", "v"
	placeholder string   // "FILE"; "" for a flag that takes no value
	def         string   // the "(default: …)" text, unquoted; "" when none is shown
}

// helpCommand is one command's rendered --help and the flags read from it.
type helpCommand struct {
	path  string // "" for oktasync itself, "apply", "github comment"
	text  string
	flags map[string]*helpFlag // by every name
	subs  []string             // the visible subcommands' names
	bad   []string             // OPTIONS lines that do not read as "--name PLACEHOLDER  usage"
}

// helpIndex is the CLI as its --help output describes it.
type helpIndex struct {
	commands map[string]*helpCommand // by path
	top      []string                // the visible top-level commands, in order
}

// renderHelp runs `oktasync PATH… --help` through the real CLI wiring.
func renderHelp(t *testing.T, path []string) string {
	t.Helper()
	var out, errb bytes.Buffer
	args := append(append([]string{"oktasync"}, path...), "--help")
	if code := runApp(context.Background(), newApp(&out, &errb, fixedBuild), args, &errb); code != 0 || errb.Len() > 0 {
		t.Fatalf("%s: exit %d: %s", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}

// buildHelpIndex renders the help of the app and of every visible command
// and subcommand.
func buildHelpIndex(t *testing.T) *helpIndex {
	t.Helper()
	idx := &helpIndex{commands: map[string]*helpCommand{}}
	var walk func(path []string, cmds []*cli.Command)
	add := func(path []string, cmds []*cli.Command) {
		hc := parseHelp(strings.Join(path, " "), renderHelp(t, path))
		for _, c := range cmds {
			if !c.Hidden {
				hc.subs = append(hc.subs, c.Name)
			}
		}
		idx.commands[hc.path] = hc
		walk(path, cmds)
	}
	walk = func(path []string, cmds []*cli.Command) {
		for _, c := range cmds {
			if !c.Hidden {
				add(append(append([]string{}, path...), c.Name), c.Subcommands)
			}
		}
	}
	app := newApp(nil, nil, fixedBuild)
	add(nil, app.Commands)
	idx.top = idx.commands[""].subs
	return idx
}

var (
	optionNamesRE  = regexp.MustCompile(`^(-{1,2}[a-z][a-z0-9-]*(?:, -{1,2}[a-z][a-z0-9-]*)*)(.*)$`)
	placeholderRE  = regexp.MustCompile(`^([A-Z][A-Z0-9_]*)(?: \[ (--?[a-z][a-z0-9-]*) ([A-Z][A-Z0-9_]*) \])?$`)
	helpDefaultRE  = regexp.MustCompile(`\(default: (.*)\)(?: \[\$[^\]]*\])?$`)
	optionColumnRE = regexp.MustCompile(`\S {2,}\S`)
)

// parseHelp reads the OPTIONS (and GLOBAL OPTIONS) of a rendered --help.
// urfave/cli lays each flag out as "   --name PLACEHOLDER  usage (default: X)",
// the two columns at least two spaces apart.
func parseHelp(path, text string) *helpCommand {
	hc := &helpCommand{path: path, text: text, flags: map[string]*helpFlag{}}
	inOptions := false
	for _, line := range strings.Split(text, "\n") {
		switch {
		case strings.HasSuffix(line, "OPTIONS:"):
			inOptions = true
			continue
		case !strings.HasPrefix(line, "   "):
			inOptions = false
		}
		if !inOptions {
			continue
		}
		body := strings.TrimSpace(line)
		left, usage := body, ""
		if loc := optionColumnRE.FindStringIndex(body); loc != nil {
			left, usage = body[:loc[0]+1], strings.TrimSpace(body[loc[0]+1:])
		}
		m := optionNamesRE.FindStringSubmatch(left)
		if m == nil {
			hc.bad = append(hc.bad, line)
			continue
		}
		f := &helpFlag{}
		for _, n := range strings.Split(m[1], ", ") {
			f.names = append(f.names, strings.TrimLeft(n, "-"))
		}
		if rest := strings.TrimSpace(m[2]); rest != "" {
			// A repeatable flag reads "--kinds KINDS [ --kinds KINDS ]".
			pm := placeholderRE.FindStringSubmatch(rest)
			if pm == nil || (pm[2] != "" && (strings.TrimLeft(pm[2], "-") != f.names[0] || pm[3] != pm[1])) {
				hc.bad = append(hc.bad, line)
				continue
			}
			f.placeholder = pm[1]
		}
		if dm := helpDefaultRE.FindStringSubmatch(usage); dm != nil {
			f.def = strings.Trim(dm[1], `"`)
		}
		for _, n := range f.names {
			hc.flags[n] = f
		}
	}
	return hc
}

// TestHelpGolden keeps every command's --help, and --version, in
// testdata/help, so that a change to the CLI's text shows in review.
// go test ./cmd/oktasync -run TestHelpGolden -update rewrites them.
func TestHelpGolden(t *testing.T) {
	idx := buildHelpIndex(t)
	want := map[string]string{}
	for path, hc := range idx.commands {
		want[helpGoldenName(path)] = hc.text
	}
	var out bytes.Buffer
	if code := runApp(context.Background(), newApp(&out, &out, fixedBuild), []string{"oktasync", "--version"}, &out); code != 0 {
		t.Fatalf("--version: exit %d: %s", code, out.String())
	}
	want["version.txt"] = out.String()

	dir := filepath.Join("testdata", "help")
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, text := range want {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("%v (run with -update to create the golden files)", err)
	}
	for _, e := range entries {
		if _, ok := want[e.Name()]; !ok {
			t.Errorf("%s: no command renders this file any more (run with -update)", filepath.Join(dir, e.Name()))
		}
	}
	for name, text := range want {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%v (run with -update)", err)
			continue
		}
		if string(got) != text {
			t.Errorf("%s is out of date (run with -update); the CLI now prints:\n%s", filepath.Join(dir, name), text)
		}
	}
}

func helpGoldenName(path string) string {
	if path == "" {
		return "oktasync.txt"
	}
	return strings.ReplaceAll(path, " ", "-") + ".txt"
}

// TestHelpPlaceholders: every flag that takes a value names it with one
// upper-case word (`--out FILE`), never urfave/cli's "value" and never a
// backquoted phrase of the usage text taken for one (`--out oktasync
// apply`, as it once read).
func TestHelpPlaceholders(t *testing.T) {
	idx := buildHelpIndex(t)
	paths := make([]string, 0, len(idx.commands))
	for p := range idx.commands {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		hc := idx.commands[p]
		for _, line := range hc.bad {
			t.Errorf("oktasync %s --help: garbled option line: %q", p, strings.TrimSpace(line))
		}
		if len(hc.flags) == 0 {
			t.Errorf("oktasync %s --help: no options read (is the help layout still urfave/cli's?)", p)
		}
	}
}

// TestParseHelp pins the reading of option lines, including the garbled
// placeholders the checks above must catch.
func TestParseHelp(t *testing.T) {
	for _, tc := range []struct {
		line             string
		bad              bool
		name, ph, defTxt string
	}{
		{line: "   --out FILE                           save the plan to FILE", name: "out", ph: "FILE"},
		{line: `   --format FORMAT  the FORMAT (default: "text")`, name: "format", ph: "FORMAT", defTxt: "text"},
		{line: "   --kinds KINDS [ --kinds KINDS ]  export only these KINDS", name: "kinds", ph: "KINDS"},
		{line: "   --resume  continue (default: false)", name: "resume", defTxt: "false"},
		{line: `   --token TOKEN  the TOKEN (default: "sandbox-token") [$OKTASYNC_SANDBOX_TOKEN]`, name: "token", ph: "TOKEN", defTxt: "sandbox-token"},
		{line: "   --version, -v  print the version", name: "version"},
		{line: "   --out oktasync apply  save the plan (versioned JSON) for oktasync apply", bad: true},
		{line: "   --kinds oktasync kinds [ --kinds oktasync kinds ]  export only these kinds", bad: true},
		{line: "   --dir value  the desired tree", bad: true},
	} {
		hc := parseHelp("x", "OPTIONS:\n"+tc.line+"\n")
		if tc.bad {
			if len(hc.bad) != 1 {
				t.Errorf("%q: read as %+v, want a garbled line", tc.line, hc.flags)
			}
			continue
		}
		f := hc.flags[tc.name]
		if f == nil || len(hc.bad) > 0 {
			t.Errorf("%q: no flag %q read (bad: %q)", tc.line, tc.name, hc.bad)
			continue
		}
		if f.placeholder != tc.ph || f.def != tc.defTxt {
			t.Errorf("%q: placeholder %q default %q, want %q %q", tc.line, f.placeholder, f.def, tc.ph, tc.defTxt)
		}
	}
}
