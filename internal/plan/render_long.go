package plan

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/oktasync/oktasync/internal/model"
)

// Long strings in text and Markdown plans. A sign-in page or an email body
// is kilobytes of HTML: shown as one JSON string replaced by another, a
// one-word edit is unreviewable. So a changed string that is multi-line or
// long is shown as a unified line diff, a multi-line string that is added
// or created as its lines, and a very long line is cut around what changed,
// with its length. The JSON plan keeps every value whole: it is what apply
// executes.

const (
	// diffOver is the length from which a changed single-line string is
	// shown as a diff rather than "before → after" on one line.
	diffOver = 60
	// clipOver is the longest line shown whole; clipWidth is how much of
	// a longer one is shown, starting a little before what changed.
	clipOver  = 160
	clipWidth = 120
	clipLead  = 40
	// diffContext is the unchanged lines shown around each change.
	diffContext = 3
)

// longString is a string better shown as a unified diff than inline.
func longString(s string) bool {
	return strings.Contains(s, "\n") || utf8.RuneCountInString(s) > diffOver
}

// clipText cuts a line longer than clipOver characters to clipWidth of
// them, starting clipLead characters before rune index at (where a change
// begins; 0 for the start), with "…" where text was left out, followed by
// the line's length.
func clipText(s string, at int) string {
	cut, n, ok := clipLine(s, at)
	if !ok {
		return s
	}
	return cut + lengthNote(n)
}

// clipLine is clipText without the length: the cut text, the line's
// length in characters, and whether it was cut.
func clipLine(s string, at int) (string, int, bool) {
	n := utf8.RuneCountInString(s)
	if n <= clipOver {
		return s, n, false
	}
	r := []rune(s)
	start := max(0, min(at-clipLead, n-clipWidth))
	end := min(n, start+clipWidth)
	out := string(r[start:end])
	if start > 0 {
		out = "…" + out
	}
	if end < n {
		out += "…"
	}
	return out, n, true
}

func lengthNote(n int) string { return fmt.Sprintf(" (%d characters)", n) }

// firstDiff is the rune index where a and b first differ.
func firstDiff(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	return i
}

// textLines splits a string into lines; a final newline ends the last line
// rather than starting an empty one.
func textLines(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }

// blockLines are the lines of a multi-line string as a text block shows
// them, each cut if very long; nil for a single-line string.
func blockLines(s string) []string {
	if !strings.Contains(strings.TrimSuffix(s, "\n"), "\n") {
		return nil
	}
	lines := textLines(s)
	for i, l := range lines {
		lines[i] = model.EscapeText(clipText(l, 0))
	}
	return lines
}

// unifiedDiff is the unified line diff of two strings, with the lines of
// a changed pair cut around their first difference.
func unifiedDiff(a, b string) []string {
	text, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: diffLines(a), B: diffLines(b),
		FromFile: "before", ToFile: "after", Context: diffContext,
	})
	if err != nil {
		return nil
	}
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, l := range lines {
		// An empty context line would end in a blank.
		lines[i] = strings.TrimRight(l, " ")
	}
	lines = clipDiff(lines)
	for i, l := range lines {
		// What a reviewer cannot see is shown escaped (model.EscapeText).
		lines[i] = model.EscapeText(l)
	}
	return lines
}

// diffLines splits a string into lines for difflib. A final newline ends
// the last line rather than starting an empty one (difflib.SplitLines would
// show it as a blank line of context).
func diffLines(s string) []string {
	parts := textLines(s)
	for i := range parts {
		parts[i] += "\n"
	}
	return parts
}

// clipDiff cuts the long lines of a unified diff. A run of removed lines
// followed by a run of added ones pairs them in order, and each pair is cut
// around where the two lines first differ, so that the edit stays in view.
func clipDiff(lines []string) []string {
	out := append([]string(nil), lines...)
	isBody := func(l, sign string) bool {
		return strings.HasPrefix(l, sign) && !strings.HasPrefix(l, sign+sign+sign)
	}
	for i := 0; i < len(out); {
		if !isBody(out[i], "-") {
			if !strings.HasPrefix(out[i], "@@") && !strings.HasPrefix(out[i], "---") && !strings.HasPrefix(out[i], "+++") && len(out[i]) > 0 {
				out[i] = out[i][:1] + clipText(out[i][1:], 0)
			}
			i++
			continue
		}
		j := i
		for j < len(out) && isBody(out[j], "-") {
			j++
		}
		k := j
		for k < len(out) && isBody(out[k], "+") {
			k++
		}
		for x := i; x < k; x++ {
			at := 0
			switch pair := x + (j - i); {
			case x < j && pair < k:
				at = firstDiff(lines[x][1:], lines[pair][1:])
			case x >= j && x-(j-i) < j:
				at = firstDiff(lines[x-(j-i)][1:], lines[x][1:])
			}
			out[x] = lines[x][:1] + clipText(lines[x][1:], at)
		}
		i = k
	}
	return out
}
