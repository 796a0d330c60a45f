package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// docsChecker compares what the docs say about the CLI with the CLI's own
// --help (helpIndex). It finds, mechanically:
//   - command lines (`oktasync plan --dir DIR …`, in code blocks and code
//     spans, and spans such as `apply --resume`) that name a command or a
//     flag the CLI does not have, or a placeholder other than --help's;
//   - flags mentioned anywhere that no command has;
//   - stated defaults ("`--parallelism` … (8 by default)", "`--max-capacity
//     PCT` (default 90)", "defaults to 90%", a table's "default" column)
//     that differ from the "(default: …)" of --help;
//   - a table's "on" column (the commands that take a flag) that is not the
//     set of commands --help shows it for;
//   - a README command list that leaves out a command.
type docsChecker struct {
	help     *helpIndex
	findings []string
}

func (c *docsChecker) findf(file string, line int, format string, args ...any) {
	c.findings = append(c.findings, fmt.Sprintf("%s:%d: %s", file, line, fmt.Sprintf(format, args...)))
}

var (
	codeSpanRE    = regexp.MustCompile("`([^`]+)`")
	flagMentionRE = regexp.MustCompile(`(?:^|[\s(\[,` + "`" + `])--([a-z][a-z0-9-]*)(?:[ =]([A-Z][A-Z0-9_]*)\b)?`)
	placeholderWd = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	commandWordRE = regexp.MustCompile(`^[a-z][a-z-]*$`)
	// The ways the docs state a default, each capturing the value. A value
	// must look like one (a number, or quoted), so that "default from the
	// tier" or "off by default" are not read as defaults.
	statedDefaultREs = []*regexp.Regexp{
		regexp.MustCompile(`\(?([0-9][0-9.]*%?|"[^"]*"|` + "`[^`]*`" + `) by default`),
		regexp.MustCompile(`defaults? to ([0-9][0-9.]*%?|"[^"]*"|` + "`[^`]*`" + `)`),
		regexp.MustCompile(`default:? ([0-9][0-9.]*%?|"[^"]*"|` + "`[^`]*`" + `)`),
	}
	sentenceEndRE = regexp.MustCompile(`[.:!?](\s|$)`)
)

// check reads one Markdown file.
func (c *docsChecker) check(file, src string) {
	for _, b := range scanMarkdown(src) {
		switch b.kind {
		case codeBlock:
			c.checkCode(file, b)
		case tableBlock:
			c.checkTable(file, b)
			for i, line := range b.lines {
				c.checkProse(file, mdBlock{kind: proseBlock, line: b.line + i, lines: []string{line}}, false)
			}
		default:
			c.checkProse(file, b, true)
		}
	}
}

// checkCode reads the command lines of a code block. A line indented
// further that starts with "[" or "--" continues the command above it, as
// in the README's synopses.
func (c *docsChecker) checkCode(file string, b mdBlock) {
	var cmdLine []string
	var cmdAt, cmdIndent int
	done := func() {
		if cmdLine != nil {
			c.checkCommand(file, cmdAt, cmdLine)
		}
		cmdLine = nil
	}
	for i, line := range b.lines {
		trimmed := strings.TrimPrefix(strings.TrimSpace(line), "$ ")
		indent := len(line) - len(strings.TrimLeft(line, " "))
		if cmdLine != nil && indent > cmdIndent && (strings.HasPrefix(trimmed, "[") || strings.HasPrefix(trimmed, "--")) {
			cmdLine = append(cmdLine, strings.Fields(trimmed)...)
			continue
		}
		done()
		fields := strings.Fields(trimmed)
		for len(fields) > 0 && strings.Contains(fields[0], "=") && !strings.HasPrefix(fields[0], "-") {
			fields = fields[1:] // VAR=value before the command
		}
		if len(fields) > 0 && fields[0] == "oktasync" {
			cmdLine, cmdAt, cmdIndent = fields[1:], b.line+i, indent
		}
	}
	done()
}

// checkCommand checks the words after "oktasync": the command path, then
// every flag against that command's --help.
func (c *docsChecker) checkCommand(file string, line int, words []string) {
	path, i := "", 0
	for i < len(words) {
		w := strings.Trim(words[i], "[]()")
		next := strings.TrimSpace(path + " " + w)
		hc := c.help.commands[path]
		if strings.HasPrefix(w, "-") || !contains(hc.subs, w) {
			break
		}
		path, i = next, i+1
	}
	if path == "" && i < len(words) && !strings.HasPrefix(strings.Trim(words[i], "[]()"), "-") {
		// Only a word that could be a command is one; "oktasync v1.2.3" is
		// --version's output, "oktasync: plan: …" an error.
		if w := strings.Trim(words[i], "[]()"); commandWordRE.MatchString(w) {
			c.findf(file, line, "`oktasync %s`: no such command (oktasync --help lists %s)", w, strings.Join(c.help.top, ", "))
		}
		return
	}
	hc := c.help.commands[path]
	for j := i; j < len(words); j++ {
		w := strings.Trim(words[j], "[]()…,")
		if w == "&&" || w == "||" || w == ";" || strings.HasPrefix(w, "#") || strings.HasPrefix(w, ">") || w == "2>&1" {
			return // the shell line goes on with another command
		}
		if w == "|" && j+1 < len(words) && !strings.HasPrefix(strings.Trim(words[j+1], "[]()"), "-") {
			return // a pipe into another program (a bare | separates alternatives)
		}
		if !strings.HasPrefix(w, "--") || w == "--" {
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimPrefix(w, "--"), "=")
		f := hc.flags[name]
		if f == nil {
			c.findf(file, line, "`oktasync %s` has no flag --%s (oktasync %s --help)", path, name, path)
			continue
		}
		if !hasValue && f.placeholder != "" && j+1 < len(words) {
			if next := strings.Trim(words[j+1], "[]()…,"); placeholderWd.MatchString(next) && next != f.placeholder {
				c.findf(file, line, "`oktasync %s --%s %s`: --help calls the value %s", path, name, next, f.placeholder)
			}
		}
	}
}

// checkProse checks code spans that are command lines, every flag
// mentioned, and the defaults stated for them. withDefaults is off for a
// table row, whose default column checkTable reads.
func (c *docsChecker) checkProse(file string, b mdBlock, withDefaults bool) {
	text := b.text()
	// Flags are looked for outside code spans and in spans that are just
	// a flag (`--max-capacity PCT`); a span that is a command line is
	// checked as one, and any other span (`git diff --cached`) is another
	// program's business. masked blanks those out, keeping offsets.
	masked := []byte(text)
	for _, m := range codeSpanRE.FindAllStringSubmatchIndex(text, -1) {
		words := strings.Fields(text[m[2]:m[3]])
		switch {
		case strings.HasPrefix(words[0], "--"):
			continue
		case words[0] == "oktasync":
			c.checkCommand(file, b.lineAt(m[0]), words[1:])
		case contains(c.help.top, words[0]) && len(words) > 1 && strings.HasPrefix(words[1], "--"):
			c.checkCommand(file, b.lineAt(m[0]), words) // `apply --resume`
		}
		for i := m[0]; i < m[1]; i++ {
			if masked[i] != '\n' {
				masked[i] = ' '
			}
		}
	}
	mentions := flagMentionRE.FindAllStringSubmatchIndex(string(masked), -1)
	for k, m := range mentions {
		name := text[m[2]:m[3]]
		line := b.lineAt(m[2])
		owners := c.owners(name)
		if len(owners) == 0 {
			c.findf(file, line, "--%s: no command has this flag", name)
			continue
		}
		if m[4] >= 0 {
			ph := text[m[4]:m[5]]
			if !c.anyPlaceholder(owners, name, ph) {
				c.findf(file, line, "--%s %s: --help calls the value %s", name, ph, c.help.commands[owners[0]].flags[name].placeholder)
			}
		}
		if !withDefaults {
			continue
		}
		// The default stated for this flag, if any, is in the rest of its
		// sentence, before the next flag is mentioned.
		end := len(text)
		if k+1 < len(mentions) {
			end = mentions[k+1][0]
		}
		window := text[m[1]:end]
		if loc := sentenceEndRE.FindStringIndex(window); loc != nil {
			window = window[:loc[0]]
		}
		for _, re := range statedDefaultREs {
			if dm := re.FindStringSubmatch(window); dm != nil {
				c.checkDefault(file, line, name, dm[1], text[:m[0]])
				break
			}
		}
	}
}

// owners are the command paths whose --help shows the flag.
func (c *docsChecker) owners(name string) []string {
	var out []string
	for path, hc := range c.help.commands {
		if hc.flags[name] != nil && name != "help" {
			out = append(out, path)
		}
	}
	sort.Strings(out)
	if name == "help" {
		out = []string{""}
	}
	return out
}

func (c *docsChecker) anyPlaceholder(owners []string, name, ph string) bool {
	for _, p := range owners {
		if c.help.commands[p].flags[name].placeholder == ph {
			return true
		}
	}
	return false
}

// checkDefault compares a stated default with --help's. When commands
// disagree on the flag's default, the command named last before the
// mention (`oktasync github comment`, `apply`) says which one is meant.
func (c *docsChecker) checkDefault(file string, line int, name, stated, before string) {
	owners := c.owners(name)
	defaults := map[string][]string{}
	for _, p := range owners {
		d := normalizeDefault(c.help.commands[p].flags[name].def)
		defaults[d] = append(defaults[d], p)
	}
	if len(defaults) > 1 {
		if p := c.lastCommandNamed(before, owners); p != "" {
			defaults = map[string][]string{normalizeDefault(c.help.commands[p].flags[name].def): {p}}
		}
	}
	want := normalizeDefault(stated)
	if _, ok := defaults[want]; ok && len(defaults) == 1 {
		return
	}
	var shown []string
	for d, paths := range defaults {
		if d == "" {
			d = "none"
		}
		shown = append(shown, fmt.Sprintf("%s (%s)", d, strings.Join(paths, ", ")))
	}
	sort.Strings(shown)
	c.findf(file, line, "--%s: the docs say the default is %s, --help says %s", name, stated, strings.Join(shown, "; "))
}

func (c *docsChecker) lastCommandNamed(text string, owners []string) string {
	best, bestAt := "", -1
	for _, p := range owners {
		for _, form := range []string{"oktasync " + p, "`" + p} {
			if at := strings.LastIndex(text, form); at > bestAt {
				best, bestAt = p, at
			}
		}
	}
	return best
}

func normalizeDefault(s string) string {
	return strings.TrimSuffix(strings.Trim(strings.TrimSpace(s), "`\"'()"), "%")
}

// checkTable reads tables with a "flag" column: a "default" column is a
// stated default, an "on" column the commands that take the flag.
func (c *docsChecker) checkTable(file string, b mdBlock) {
	rows := tableRows(b)
	if len(rows) < 2 {
		return
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.ToLower(h)] = i
	}
	fi, ok := col["flag"]
	if !ok {
		return
	}
	for r, row := range rows[1:] {
		line := b.line + r + 2 // header and separator rows
		m := flagMentionRE.FindStringSubmatch(" " + row[fi])
		if m == nil || len(c.owners(m[1])) == 0 {
			continue // checkProse reports unknown flags
		}
		name := m[1]
		if di, ok := col["default"]; ok && di < len(row) && row[di] != "" {
			c.checkDefault(file, line, name, row[di], "")
		}
		if oi, ok := col["on"]; ok && oi < len(row) {
			var stated []string
			for _, sm := range codeSpanRE.FindAllStringSubmatch(row[oi], -1) {
				stated = append(stated, sm[1])
			}
			var actual []string
			for _, p := range c.owners(name) {
				if !strings.Contains(p, " ") {
					actual = append(actual, p)
				}
			}
			sort.Strings(stated)
			if strings.Join(stated, ",") != strings.Join(actual, ",") {
				c.findf(file, line, "--%s: the table says it is on %s, --help shows it on %s", name, strings.Join(stated, ", "), strings.Join(actual, ", "))
			}
		}
	}
}

// checkCommandList: the code block under the README's "## Commands" lists
// every command.
func (c *docsChecker) checkCommandList(file, src string) {
	listed := map[string]bool{}
	inSection, found := false, false
	for _, b := range scanMarkdown(src) {
		if b.kind == proseBlock && strings.HasPrefix(b.lines[0], "#") {
			inSection = strings.TrimSpace(strings.TrimLeft(b.lines[0], "#")) == "Commands"
			continue
		}
		if !inSection || b.kind != codeBlock {
			continue
		}
		found = true
		for _, line := range b.lines {
			if f := strings.Fields(line); len(f) > 1 && f[0] == "oktasync" {
				listed[f[1]] = true
			}
		}
	}
	if !found {
		c.findf(file, 1, "no \"## Commands\" section with a code block listing the commands")
		return
	}
	for _, name := range c.help.top {
		if name != "help" && !listed[name] {
			c.findf(file, 1, "the command list (## Commands) lacks `oktasync %s`", name)
		}
	}
}
