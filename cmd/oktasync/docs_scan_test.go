package main

import (
	"strings"
)

// The Markdown the docs check reads, cut into the blocks that matter: prose
// (paragraphs, list items, headings), code (indented or fenced) and tables.
// It is not a Markdown parser; it reads the subset docs/ is written in.

type blockKind int

const (
	proseBlock blockKind = iota
	codeBlock
	tableBlock
)

type mdBlock struct {
	kind  blockKind
	line  int // the first line's number, 1-based
	lines []string
}

// text joins a prose block's lines, so that a code span or a sentence
// broken across lines reads whole; lineAt maps an offset back.
func (b mdBlock) text() string { return strings.Join(b.lines, "\n") }

func (b mdBlock) lineAt(offset int) int {
	return b.line + strings.Count(b.text()[:offset], "\n")
}

func scanMarkdown(src string) []mdBlock {
	var blocks []mdBlock
	var cur *mdBlock
	flush := func() {
		if cur != nil {
			blocks = append(blocks, *cur)
			cur = nil
		}
	}
	start := func(k blockKind, n int) {
		flush()
		cur = &mdBlock{kind: k, line: n}
	}
	fenced, prevBlank := false, true
	for i, line := range strings.Split(src, "\n") {
		n := i + 1
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			if fenced {
				flush()
			} else {
				start(codeBlock, n+1)
			}
			fenced = !fenced
			prevBlank = false
			continue
		case fenced:
			cur.lines = append(cur.lines, line)
			continue
		case trimmed == "":
			if cur != nil && cur.kind != codeBlock {
				flush()
			}
			prevBlank = true
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		switch {
		// An indented line starts code after a blank line (a list item's
		// code is indented further, and also follows a blank line); a code
		// block goes on over blank lines while lines stay indented.
		case indent >= 4 && (prevBlank || (cur != nil && cur.kind == codeBlock)):
			if cur == nil || cur.kind != codeBlock {
				start(codeBlock, n)
			}
			for len(cur.lines) < n-cur.line {
				cur.lines = append(cur.lines, "") // the blank lines inside
			}
		case strings.HasPrefix(trimmed, "|"):
			if cur == nil || cur.kind != tableBlock {
				start(tableBlock, n)
			}
		case strings.HasPrefix(trimmed, "#"):
			start(proseBlock, n)
			cur.lines = append(cur.lines, line)
			flush()
			prevBlank = false
			continue
		default:
			if cur == nil || cur.kind != proseBlock {
				start(proseBlock, n)
			}
		}
		cur.lines = append(cur.lines, line)
		prevBlank = false
	}
	flush()
	return blocks
}

// tableRows splits a table into cells, without the |---| separator row.
func tableRows(b mdBlock) [][]string {
	var rows [][]string
	for _, line := range b.lines {
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		sep := true
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
			if strings.Trim(cells[i], "-: ") != "" {
				sep = false
			}
		}
		if !sep {
			rows = append(rows, cells)
		}
	}
	return rows
}
