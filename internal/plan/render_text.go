package plan

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// TextOptions control RenderText.
type TextOptions struct {
	// Color adds ANSI colours. The CLI decides: a terminal, and no NO_COLOR.
	Color bool
}

// ANSI styles used by the text renderer.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

type textWriter struct {
	w     *bufio.Writer
	color bool
}

func (t *textWriter) style(s string, styles ...string) string {
	if !t.color || s == "" {
		return s
	}
	return strings.Join(styles, "") + s + ansiReset
}

func (t *textWriter) line(format string, args ...any) {
	// Errors of the underlying writer surface where the output is flushed.
	fmt.Fprintf(t.w, format, args...)
	_ = t.w.WriteByte('\n')
}

// RenderText writes the plan for a terminal: one block per object with its
// field changes (unified diffs for long strings), destructive steps marked,
// the steps in order with what each waits for, what was refused, warnings,
// and the summary line. Secrets are already masked in the plan.
func RenderText(w io.Writer, p *Plan, o TextOptions) error {
	t := &textWriter{w: bufio.NewWriter(w), color: o.Color}
	if p.Desired != "" && p.Current != "" {
		t.line("Comparing %s with %s.", p.Desired, p.Current)
	}
	if s := readText(p); s != "" {
		t.line("%s", t.style(s, ansiDim))
	}
	if p.Digest != "" {
		t.line("%s", t.style(digestText(p), ansiDim))
	}
	if (p.Desired != "" && p.Current != "") || p.Digest != "" {
		t.line("")
	}
	switch {
	case p.Empty():
		t.line("%s", t.style("No changes.", ansiBold, ansiGreen))
		if s := ignoredText(p); s != "" {
			t.line("%s", t.style(s, ansiDim))
		}
		t.warnings(p)
		return t.w.Flush()
	case !p.HasChanges():
		t.line("%s", t.style("No changes to apply.", ansiBold))
		t.line("")
	default:
		for _, b := range blocks(p) {
			t.block(b)
			t.line("")
		}
		t.steps(p)
	}
	unmanaged, refused := refusedSplit(p)
	if len(unmanaged) > 0 {
		t.line("%s", t.style(upperFirst(unmanagedText(p))+":", ansiBold, ansiYellow))
		for _, r := range unmanaged {
			t.line("  %s %s", t.style("?", ansiYellow), unmanagedItem(r))
		}
		t.line("")
	}
	if len(p.ChangedBy) > 0 {
		t.line("%s", t.style("Changed in the org since the export:", ansiBold))
		for _, path := range changedPaths(p) {
			t.line("  %s", changedText(path, p.ChangedBy[path]))
		}
		t.line("")
	}
	if len(refused) > 0 {
		t.line("%s", t.style("Refused (not applied):", ansiBold, ansiYellow))
		for _, r := range refused {
			t.line("  %s %s", t.style("!", ansiYellow), refusalText(r))
			for _, ch := range r.Changes {
				t.field(changeLine(ch), "      ")
			}
			for _, it := range r.Items {
				t.field(refusedItemLine(it), "      ")
			}
		}
		t.line("")
	}
	t.warnings(p)
	t.line("%s", t.style(summaryLine(p), ansiBold))
	if s := ignoredText(p); s != "" {
		t.line("%s", t.style(s, ansiDim))
	}
	return t.w.Flush()
}

func (t *textWriter) warnings(p *Plan) {
	if len(p.Warnings) == 0 {
		return
	}
	if p.Empty() {
		t.line("")
	}
	t.line("%s", t.style("Warnings:", ansiBold, ansiYellow))
	for _, w := range p.Warnings {
		t.line("  %s %s", t.style("!", ansiYellow), warningText(w))
	}
	t.line("")
}

func symbolStyle(sym string) string {
	switch sym {
	case "+":
		return ansiGreen
	case "-", "-/+":
		return ansiRed
	}
	return ansiYellow
}

func (t *textWriter) block(b *objBlock) {
	sym := b.symbol()
	head := fmt.Sprintf("%s %s  (%s)", t.style(b.head(), ansiBold, symbolStyle(sym)), t.style(b.path, ansiBold), b.actionText())
	if b.destructive {
		head += "  " + t.style("DESTRUCTIVE", ansiBold, ansiRed)
	}
	t.line("%s", head)
	for _, l := range b.lines {
		t.field(l, "    ")
	}
}

// field writes one line under an object.
func (t *textWriter) field(l fieldLine, indent string) {
	cont := indent + "    "
	multi := func(sign, style, v string) {
		for _, x := range strings.Split(v, "\n") {
			t.line("%s%s", cont, t.style(sign+" "+x, style))
		}
	}
	suffix := ""
	if l.op != lineNote && l.text != "" {
		suffix = "  " + t.style("# "+l.text, ansiDim)
	}
	switch l.op {
	case lineNote:
		t.line("%s%s", indent, t.style("# "+l.text, ansiDim))
	case lineAdd:
		if len(l.afterLines) > 0 {
			// A multi-line string, as a text block (the file's "|").
			t.line("%s%s%s", indent, t.style("+ "+l.path+" = |", ansiGreen), suffix)
			for _, x := range l.afterLines {
				t.line("%s%s", cont, t.style("+ "+x, ansiGreen))
			}
			return
		}
		if strings.Contains(l.after, "\n") {
			t.line("%s%s%s", indent, t.style("+ "+l.path+" =", ansiGreen), suffix)
			multi(" ", ansiGreen, l.after)
			return
		}
		t.line("%s%s%s", indent, t.style("+ "+l.path+" = "+l.after, ansiGreen), suffix)
	case lineClear:
		t.line("%s%s%s", indent, t.style("- "+l.path+" = null (was "+oneLine(l.before)+")", ansiRed), suffix)
	case lineRemove:
		if strings.Contains(l.before, "\n") {
			t.line("%s%s%s", indent, t.style("- "+l.path+" =", ansiRed), suffix)
			multi(" ", ansiRed, l.before)
			return
		}
		t.line("%s%s%s", indent, t.style("- "+l.path+" = "+l.before, ansiRed), suffix)
	case lineModify:
		switch {
		case len(l.diff) > 0:
			t.line("%s%s%s", indent, t.style("~ "+l.path+":", ansiYellow), suffix)
			for _, d := range l.diff {
				style := ""
				switch {
				case strings.HasPrefix(d, "+++"), strings.HasPrefix(d, "---"):
					style = ansiBold
				case strings.HasPrefix(d, "+"):
					style = ansiGreen
				case strings.HasPrefix(d, "-"):
					style = ansiRed
				case strings.HasPrefix(d, "@@"):
					style = ansiCyan
				}
				t.line("%s%s", cont, t.style(d, style))
			}
		case strings.Contains(l.before, "\n") || strings.Contains(l.after, "\n"):
			t.line("%s%s%s", indent, t.style("~ "+l.path+":", ansiYellow), suffix)
			multi("-", ansiRed, l.before)
			multi("+", ansiGreen, l.after)
		default:
			t.line("%s%s%s", indent, t.style("~ "+l.path+": "+l.before+" → "+l.after, ansiYellow), suffix)
		}
	}
}

// oneLine shortens a multi-line value for a parenthesis.
func oneLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

func (t *textWriter) steps(p *Plan) {
	t.line("%s", t.style("Steps, in order:", ansiBold))
	num := stepNumbers(p)
	width := len(fmt.Sprint(len(p.Steps)))
	pathW := 0
	for _, s := range p.Steps {
		if l := len(s.Path); l > pathW && l <= 60 {
			pathW = l
		}
	}
	for i, s := range p.Steps {
		line := fmt.Sprintf("  %*d. %-12s %-*s", width, i+1, s.Action, pathW, s.Path)
		if a := afterText(s, num); a != "" {
			line += "  " + a
		}
		line = strings.TrimRight(line, " ")
		if s.Destructive {
			line += "  " + t.style("DESTRUCTIVE", ansiBold, ansiRed)
		}
		t.line("%s", line)
	}
	t.line("")
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
