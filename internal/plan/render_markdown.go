package plan

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// DefaultMarkdownMaxBytes is the size RenderMarkdown keeps under when
// MarkdownOptions.MaxBytes is 0: GitHub refuses comments over 65536
// characters, and a CI job usually adds a line or two around the plan.
const DefaultMarkdownMaxBytes = 64000

// markdownListCap bounds the lists at the top (destructive steps,
// refusals), which are never dropped, so that they cannot push the comment
// over the limit alone.
const markdownListCap = 50

// MarkdownOptions control RenderMarkdown.
type MarkdownOptions struct {
	// MaxBytes is the largest output; 0 means DefaultMarkdownMaxBytes.
	MaxBytes int
	// ArtifactURL links the full plan when sections are dropped.
	ArtifactURL string
}

// RenderMarkdown writes the plan for a pull-request comment or a job
// summary: destructive changes called out first, the summary line and a
// table per kind and action, refusals and warnings, then one collapsible
// section per kind with the field changes, and the execution order.
//
// When the whole would exceed MaxBytes, detail is cut (never the top part):
// the execution order first, then objects within each kind's section, the
// same room for every kind (see mdDetails), so every kind keeps its
// section and its counts; a note says what was left out, linking
// ArtifactURL.
func RenderMarkdown(w io.Writer, p *Plan, o MarkdownOptions) error {
	max := o.MaxBytes
	if max <= 0 {
		max = DefaultMarkdownMaxBytes
	}
	var head strings.Builder
	head.WriteString("### oktasync plan\n\n")
	if p.Desired != "" && p.Current != "" {
		fmt.Fprintf(&head, "Comparing %s with %s.\n\n", mdText(p.Desired), mdText(p.Current))
	}
	if s := readText(p); s != "" {
		fmt.Fprintf(&head, "%s\n\n", mdText(s))
	}
	if p.Digest != "" {
		// The digest is never cut: the apply workflow checks the plan it
		// applies against the digest in this comment.
		fmt.Fprintf(&head, "Plan digest: %s\n\n", mdDigest(p))
	}
	if p.Empty() {
		head.WriteString("**No changes.**\n")
		if s := ignoredText(p); s != "" {
			fmt.Fprintf(&head, "\n%s\n", mdText(s))
		}
		mdWarnings(&head, p)
		_, err := io.WriteString(w, clip(head.String(), max))
		return err
	}
	mdDestructive(&head, p)
	fmt.Fprintf(&head, "**%s**\n\n", summaryLine(p))
	if s := ignoredText(p); s != "" {
		fmt.Fprintf(&head, "%s\n\n", mdText(s))
	}
	mdTable(&head, p)
	mdChanged(&head, p)
	mdRefused(&head, p)
	mdWarnings(&head, p)

	out := head.String() + mdDetails(p, max-head.Len(), o.ArtifactURL)
	_, err := io.WriteString(w, clip(out, max))
	return err
}

// clip is the last resort when even the top part is too long: it cuts at a
// line boundary and says so.
func clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	const tail = "\n\n> [!NOTE]\n> Truncated: the plan is too large for one comment; see the full plan.\n"
	cut := max - len(tail)
	if cut < 0 {
		cut = 0
	}
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if i := strings.LastIndexByte(s[:cut], '\n'); i > 0 {
		cut = i
	}
	return s[:cut] + tail
}

// mdText escapes text that goes into Markdown prose.
func mdText(s string) string {
	r := strings.NewReplacer("\\", "\\\\", "*", "\\*", "_", "\\_", "`", "\\`", "<", "&lt;", ">", "&gt;", "[", "\\[", "]", "\\]", "|", "\\|")
	return r.Replace(s)
}

// mdCode puts text in an inline code span that survives backticks in it.
func mdCode(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

func mdDestructive(b *strings.Builder, p *Plan) {
	var lines []string
	for _, s := range p.Steps {
		if !s.Destructive {
			continue
		}
		l := fmt.Sprintf("> - %s %s", s.Action, mdCode(s.Path))
		if s.Action.IsItem() {
			l += fmt.Sprintf(" (%d %s)", len(s.Items), plural(len(s.Items), "item", "items"))
		}
		if s.Replace {
			l = fmt.Sprintf("> - replace %s (%s)", mdCode(s.Path), mdText(strings.TrimPrefix(s.Reason, "replace: ")))
		}
		if n := len(s.Implied); n > 0 {
			l += fmt.Sprintf(", with %d %s", n, plural(n, "child", "children"))
		}
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(b, "> [!CAUTION]\n> **This plan has %d destructive %s:**\n", len(lines), plural(len(lines), "step", "steps"))
	writeCapped(b, lines)
	b.WriteString("\n")
}

func writeCapped(b *strings.Builder, lines []string) {
	for i, l := range lines {
		if i == markdownListCap {
			fmt.Fprintf(b, "> - … and %d more\n", len(lines)-i)
			break
		}
		b.WriteString(l + "\n")
	}
}

func mdTable(b *strings.Builder, p *Plan) {
	if len(p.Summary.Kinds) == 0 {
		return
	}
	var cols []Action
	for _, a := range Actions() {
		if p.Summary.Actions[a] > 0 {
			cols = append(cols, a)
		}
	}
	b.WriteString("| Kind |")
	for _, a := range cols {
		fmt.Fprintf(b, " %s |", a)
	}
	b.WriteString("\n|---|")
	for range cols {
		b.WriteString("---:|")
	}
	b.WriteString("\n")
	for _, k := range p.Summary.Kinds {
		fmt.Fprintf(b, "| %s |", k.Kind)
		for _, a := range cols {
			if n := k.Actions[a]; n > 0 {
				fmt.Fprintf(b, " %d |", n)
			} else {
				b.WriteString("  |")
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("| **total** |")
	for _, a := range cols {
		fmt.Fprintf(b, " **%d** |", p.Summary.Actions[a])
	}
	b.WriteString("\n\n")
}

func mdRefused(b *strings.Builder, p *Plan) {
	unmanaged, refused := refusedSplit(p)
	if len(unmanaged) > 0 {
		fmt.Fprintf(b, "> [!WARNING]\n> **%s:**\n", mdText(upperFirst(unmanagedText(p))))
		lines := make([]string, len(unmanaged))
		for i, r := range unmanaged {
			lines[i] = "> - " + mdText(unmanagedItem(r))
		}
		writeCapped(b, lines)
		b.WriteString("\n")
	}
	if len(refused) == 0 {
		return
	}
	fmt.Fprintf(b, "> [!WARNING]\n> **%d refused** (not applied):\n", len(refused))
	lines := make([]string, len(refused))
	for i, r := range refused {
		lines[i] = "> - " + mdText(refusalText(r))
	}
	writeCapped(b, lines)
	b.WriteString("\n")
}

// mdDigest is the digest line's value: the digest in a code span, then
// what it was made for.
func mdDigest(p *Plan) string {
	s := "`" + p.Digest + "`"
	if p.Signature != "" {
		s += " (signed)"
	}
	if p.Org != nil {
		s += " · made for org `" + p.Org.ID + "` (" + mdText(p.Org.URL) + ")"
	}
	return s
}

func mdWarnings(b *strings.Builder, p *Plan) {
	if len(p.Warnings) == 0 {
		return
	}
	if p.Empty() {
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "<details><summary>%d %s</summary>\n\n", len(p.Warnings), plural(len(p.Warnings), "warning", "warnings"))
	for i, w := range p.Warnings {
		if i == markdownListCap {
			fmt.Fprintf(b, "- … and %d more\n", len(p.Warnings)-i)
			break
		}
		b.WriteString("- " + mdText(warningText(w)) + "\n")
	}
	b.WriteString("\n</details>\n\n")
}

// mdBlock writes one object: a heading line and a diff code block, where
// GitHub colours added lines green and removed lines red.
func mdBlock(b *strings.Builder, blk *objBlock) {
	head := fmt.Sprintf("**%s** %s (%s)", mdText(blk.head()), mdCode(blk.path), blk.actionText())
	if blk.destructive {
		head += " **destructive**"
	}
	b.WriteString(head + "\n\n")
	var lines []string
	for _, l := range blk.lines {
		lines = append(lines, mdLines(l)...)
	}
	if len(lines) == 0 {
		return
	}
	body := strings.Join(lines, "\n")
	fence := "```"
	for strings.Contains(body, fence) {
		fence += "`"
	}
	b.WriteString(fence + "diff\n" + body + "\n" + fence + "\n\n")
}

func mdLines(l fieldLine) []string {
	prefix := func(sign, v string) []string {
		parts := strings.Split(v, "\n")
		for i := range parts {
			parts[i] = sign + " " + parts[i]
		}
		return parts
	}
	var out []string
	switch l.op {
	case lineNote:
		return []string{"# " + l.text}
	case lineAdd:
		if len(l.afterLines) > 0 {
			// A multi-line string, as a text block (the file's "|").
			out = append(out, "+ "+l.path+" = |")
			for _, x := range l.afterLines {
				out = append(out, "+   "+x)
			}
			break
		}
		out = prefix("+", l.path+" = "+l.after)
	case lineClear:
		out = prefix("-", l.path+" = "+l.before)
		out = append(out, "+ "+l.path+" = null")
	case lineRemove:
		out = prefix("-", l.path+" = "+l.before)
	case lineModify:
		if len(l.diff) > 0 {
			out = append(out, "! "+l.path+":")
			for _, d := range l.diff {
				switch {
				case strings.HasPrefix(d, "+++"), strings.HasPrefix(d, "---"), strings.HasPrefix(d, "@@"):
					out = append(out, "  "+d)
				default:
					out = append(out, d)
				}
			}
		} else {
			out = append(out, prefix("-", l.path+" = "+l.before)...)
			out = append(out, prefix("+", l.path+" = "+l.after)...)
		}
	}
	if l.text != "" {
		out = append(out, "# "+l.text)
	}
	return out
}

func mdOrder(p *Plan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<details><summary>Execution order (%d %s)</summary>\n\n", len(p.Steps), plural(len(p.Steps), "step", "steps"))
	b.WriteString("| # | Action | Object | After |\n|---:|---|---|---|\n")
	num := stepNumbers(p)
	for i, s := range p.Steps {
		action := s.Action.String()
		if s.Destructive {
			action = "**" + action + "**"
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s |\n", i+1, action, mdCode(s.Path), strings.TrimPrefix(afterText(s, num), "after "))
	}
	b.WriteString("\n</details>\n\n")
	return b.String()
}

// mdChanged is drift attribution: who changed each object the plan names
// in the org since the export, and when.
func mdChanged(b *strings.Builder, p *Plan) {
	if len(p.ChangedBy) == 0 {
		return
	}
	b.WriteString("**Changed in the org since the export:**\n\n")
	for _, path := range changedPaths(p) {
		c := p.ChangedBy[path]
		fmt.Fprintf(b, "- `%s`: %s by %s at %s\n", path, mdText(c.Event), mdText(orUnknown(c.Actor)), mdText(c.When))
	}
	b.WriteString("\n")
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
