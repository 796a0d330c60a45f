package tree

import (
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// fastDecode parses a file written in the tree's own canonical subset of
// YAML, the subset Encode writes: block mappings and block sequences
// indented by two, sequences indented under their key, plain, single- and
// double-quoted scalars on one line, literal blocks (|), and the empty
// collections {} and []. It is several times faster than the YAML library
// because it builds no node tree and records no lines, and it is used for
// every file of a large tree.
//
// It is not a second YAML parser. Whatever falls outside the subset
// (comments, anchors, tags, flow collections with content, folded or
// multi-line scalars, tabs, blank lines outside a literal block, keys
// whose nesting or length is close to a limit, …) makes it give up, and
// the file goes through decodeYAML, the library, which also reports every
// problem. Plain scalars are resolved by the library's own rules (the
// converter's scalar), so true, 1.50, 0x1F or 2001-12-14 mean what they
// mean to the library. FuzzFastDecode holds it to this: for any input it
// accepts, decodeYAML accepts the input too and yields the same value.
//
// It returns the document and the line of its top-level "kind" key (0 when
// there is none), or ok false.
func fastDecode(data []byte) (doc map[string]any, kindLine int, ok bool) {
	if !fastCandidate(data) {
		return nil, 0, false
	}
	p := &fastParser{data: data, line: 1}
	p.setLine(0)
	if p.indent() != 0 {
		return nil, 0, false
	}
	doc, ok = p.mapping(0, 0)
	if !ok || !p.eof() || len(p.conv.issues) > 0 {
		return nil, 0, false
	}
	return doc, p.kindLine, true
}

// fastCandidate rules out, in one pass, the bytes the subset never holds:
// anything but LF as a line end, tabs, control and non-printable characters,
// the characters YAML takes as line breaks (NEL, LS, PS), byte order marks,
// invalid UTF-8, and a last line without its LF.
func fastCandidate(data []byte) bool {
	if len(data) == 0 || len(data) > MaxFileSize || data[len(data)-1] != '\n' {
		return false
	}
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError || r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffe || r == 0xffff {
			return false
		}
		i += size
	}
	return true
}

// fastParser reads data line by line. The current line is
// data[start:end] (end at its LF); col is the column where its unread part
// begins.
type fastParser struct {
	data       []byte
	start, end int
	col        int
	line       int
	kindLine   int
	conv       converter
	node       yaml.Node
}

// The deepest nesting the fast path takes; deeper files go to the library,
// which reports nesting beyond MaxDepth.
const fastMaxDepth = MaxDepth - 2

// longestKey: the library accepts an implicit key of up to 1024 characters
// on one line; the fast path leaves long keys to it.
const longestKey = 512

func (p *fastParser) setLine(start int) {
	p.start, p.col = start, 0
	p.end = start
	for p.end < len(p.data) && p.data[p.end] != '\n' {
		p.end++
	}
}

func (p *fastParser) eof() bool { return p.start >= len(p.data) }

// nextLine moves to the start of the next line.
func (p *fastParser) nextLine() {
	p.line++
	p.setLine(p.end + 1)
}

// indent counts the spaces that start the current line.
func (p *fastParser) indent() int {
	i := p.start
	for i < p.end && p.data[i] == ' ' {
		i++
	}
	return i - p.start
}

// rest is the unread part of the current line.
func (p *fastParser) rest() []byte { return p.data[p.start+p.col : p.end] }

// mapping parses a block mapping whose keys are at column ind, the first
// at the current position (which may be after a sequence's "- ").
func (p *fastParser) mapping(ind, depth int) (map[string]any, bool) {
	if depth > fastMaxDepth {
		return nil, false
	}
	p.col = ind
	m := make(map[string]any, 8)
	for {
		key, after, ok := p.key()
		if !ok || key == "<<" {
			return nil, false
		}
		if _, dup := m[key]; dup {
			return nil, false
		}
		if depth == 0 && key == "kind" {
			p.kindLine = p.line
		}
		p.col = after
		v, ok := p.value(ind, depth+1)
		if !ok {
			return nil, false
		}
		m[key] = v
		if p.eof() {
			return m, true
		}
		switch i := p.indent(); {
		case i == ind:
			p.col = ind
		case i < ind:
			return m, true
		default:
			return nil, false
		}
	}
}

// sequence parses a block sequence whose dashes are at column ind, the
// first at the current position.
func (p *fastParser) sequence(ind, depth int) ([]any, bool) {
	if depth > fastMaxDepth {
		return nil, false
	}
	var a []any
	for {
		p.col = ind
		r := p.rest()
		if len(r) < 3 || r[0] != '-' || r[1] != ' ' || r[2] == ' ' {
			return nil, false
		}
		p.col = ind + 2
		var v any
		var ok bool
		switch r = p.rest(); {
		case r[0] == '-' && len(r) > 1 && r[1] == ' ':
			v, ok = p.sequence(ind+2, depth+1)
		case p.hasKey():
			v, ok = p.mapping(ind+2, depth+1)
		default:
			v, ok = p.inline(ind, depth+1)
		}
		if !ok {
			return nil, false
		}
		a = append(a, v)
		if p.eof() {
			return a, true
		}
		switch i := p.indent(); {
		case i == ind:
		case i < ind:
			return a, true
		default:
			return nil, false
		}
	}
}

// value parses the value of a mapping entry at column ind, after its
// "key:": either the rest of the line, or a collection on the next lines.
func (p *fastParser) value(ind, depth int) (any, bool) {
	r := p.rest()
	if len(r) == 0 {
		p.nextLine()
		if p.eof() {
			return nil, false
		}
		i := p.indent()
		if i <= ind {
			return nil, false // an empty value (null), or a sequence not indented under its key
		}
		p.col = i
		if r := p.rest(); len(r) >= 2 && r[0] == '-' && r[1] == ' ' {
			return p.sequence(i, depth)
		}
		return p.mapping(i, depth)
	}
	if r[0] != ' ' || len(r) < 2 || r[1] == ' ' {
		return nil, false
	}
	p.col++
	return p.inline(ind, depth)
}

// inline parses a scalar or empty collection that fills the rest of the
// line (or a literal block that starts there), then moves to the next
// line. ind is the indentation of the collection that holds it.
func (p *fastParser) inline(ind, depth int) (any, bool) {
	if depth > fastMaxDepth {
		return nil, false
	}
	r := p.rest()
	var v any
	switch r[0] {
	case '{', '[':
		switch string(r) {
		case "{}":
			v = map[string]any{}
		case "[]":
			v = []any{}
		default:
			return nil, false
		}
	case '\'', '"':
		s, n, ok := quoted(r)
		if !ok || n != len(r) {
			return nil, false
		}
		v = s
	case '|':
		return p.literal(r[1:], ind)
	default:
		if !plainScalar(r) {
			return nil, false
		}
		var ok bool
		if v, ok = p.resolve(string(r)); !ok {
			return nil, false
		}
	}
	p.nextLine()
	return v, true
}

// resolve gives a plain scalar its value the way decodeYAML does: by the
// library's resolution (null, booleans, numbers in every notation it
// knows, timestamps kept as text) and the converter's rules for each tag.
func (p *fastParser) resolve(s string) (any, bool) {
	switch s {
	case "true":
		return true, true
	case "false":
		return false, true
	case "null":
		return nil, true
	}
	switch c := s[0]; {
	case c >= '0' && c <= '9', c == '+', c == '-', c == '.', c == '~',
		c == 'y', c == 'Y', c == 'n', c == 'N', c == 't', c == 'T', c == 'f', c == 'F', c == 'o', c == 'O':
		// A first character the library's resolver looks further at.
	default:
		return s, true
	}
	p.node = yaml.Node{Kind: yaml.ScalarNode, Value: s, Line: p.line}
	p.node.Tag = p.node.ShortTag()
	v := p.conv.scalar(&p.node)
	return v, len(p.conv.issues) == 0
}

// literal parses a literal block scalar ("|", with an optional chomping
// indicator and indentation indicator) whose header rest follows the "|".
// ind is the indentation of the collection that holds it.
func (p *fastParser) literal(header []byte, ind int) (any, bool) {
	chomp, explicit := byte(0), 0
	for _, c := range header {
		switch {
		case (c == '-' || c == '+') && chomp == 0:
			chomp = c
		case c >= '1' && c <= '9' && explicit == 0:
			explicit = int(c - '0')
		default:
			return nil, false
		}
	}
	p.nextLine()
	if p.eof() {
		return nil, false
	}
	first := p.indent()
	if first == p.end-p.start {
		return nil, false // a leading blank line
	}
	block := first
	if explicit > 0 {
		block = ind + explicit
	}
	if first < block || block <= ind {
		return nil, false
	}
	var text []byte
	blanks := 0
	for !p.eof() {
		n := p.end - p.start
		i := p.indent()
		switch {
		case i == n && n <= block:
			blanks++ // an empty line: a line break of the content
		case i >= block:
			if len(text) > 0 {
				text = append(text, '\n')
			}
			for ; blanks > 0; blanks-- {
				text = append(text, '\n')
			}
			text = append(text, p.data[p.start+block:p.end]...)
		default:
			return p.chomp(text, chomp, blanks), true
		}
		p.nextLine()
	}
	return p.chomp(text, chomp, blanks), true
}

func (p *fastParser) chomp(text []byte, chomp byte, blanks int) string {
	switch chomp {
	case '-':
	case '+':
		text = append(text, '\n')
		for ; blanks > 0; blanks-- {
			text = append(text, '\n')
		}
	default:
		text = append(text, '\n')
	}
	return string(text)
}

// hasKey reports whether the rest of the line is a mapping entry.
func (p *fastParser) hasKey() bool {
	_, _, ok := p.key()
	return ok
}

// key parses "key:" at the current position: a plain or quoted key, then a
// colon followed by a space or the end of the line. after is the column
// just past the colon.
func (p *fastParser) key() (key string, after int, ok bool) {
	r := p.rest()
	if len(r) == 0 {
		return "", 0, false
	}
	if r[0] == '\'' || r[0] == '"' {
		s, n, ok := quoted(r)
		if !ok || n >= len(r) || r[n] != ':' || (n+1 < len(r) && r[n+1] != ' ') || n > longestKey {
			return "", 0, false
		}
		return s, p.col + n + 1, true
	}
	if !plainStart(r) || (p.col == 0 && documentMarker(r)) {
		return "", 0, false
	}
	for i := 1; i < len(r) && i <= longestKey; i++ {
		switch r[i] {
		case ':':
			if i+1 == len(r) || r[i+1] == ' ' {
				if r[i-1] == ' ' {
					return "", 0, false
				}
				return string(r[:i]), p.col + i + 1, true
			}
		case '#':
			if r[i-1] == ' ' {
				return "", 0, false
			}
		}
	}
	return "", 0, false
}
