package tree

import "unicode/utf8"

// The scalars of the fast path's subset (fastDecode): what may start and
// fill a plain scalar on one line, and quoted scalars with the escapes the
// library knows.

func documentMarker(r []byte) bool {
	return len(r) >= 3 && (string(r[:3]) == "---" || string(r[:3]) == "...")
}

// indicator reports the characters that cannot start a plain scalar,
// unless (for "-", "?" and ":") a non-space follows.
func indicator(c byte) bool {
	switch c {
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return true
	}
	return false
}

// plainStart reports whether a plain scalar may start at r[0]: not a space,
// not an indicator, but "-", "?" or ":" before a non-space (as in -5).
func plainStart(r []byte) bool {
	switch r[0] {
	case ' ':
		return false
	case '-', '?', ':':
		return len(r) > 1 && r[1] != ' '
	}
	return !indicator(r[0])
}

// plainScalar reports whether r, a whole rest of a line, is one plain
// scalar: a plain start, no ": " or " #" inside, no colon or space at the
// end.
func plainScalar(r []byte) bool {
	if !plainStart(r) {
		return false
	}
	last := r[len(r)-1]
	if last == ' ' || last == ':' {
		return false
	}
	// The last byte is neither a space nor a colon, so r[i+1] exists.
	for i := 1; i < len(r)-1; i++ {
		switch r[i] {
		case ' ':
			if r[i+1] == '#' {
				return false
			}
		case ':':
			if r[i+1] == ' ' {
				return false
			}
		}
	}
	return true
}

// quoted parses a single- or double-quoted scalar that closes on the same
// line; n is its length with the quotes.
func quoted(r []byte) (s string, n int, ok bool) {
	q := r[0]
	var out []byte
	for i := 1; i < len(r); i++ {
		c := r[i]
		switch {
		case q == '\'' && c == '\'':
			if i+1 < len(r) && r[i+1] == '\'' {
				out = append(out, '\'')
				i++
				continue
			}
			return string(out), i + 1, true
		case q == '"' && c == '"':
			return string(out), i + 1, true
		case q == '"' && c == '\\':
			if i+1 >= len(r) {
				return "", 0, false // a line continuation
			}
			var size int
			if out, size, ok = unescape(out, r[i+1:]); !ok {
				return "", 0, false
			}
			i += size
		default:
			out = append(out, c)
		}
	}
	return "", 0, false
}

// unescape appends the character of the escape sequence that starts at e
// (after its backslash), as the library reads it; size is the length of
// the sequence after the backslash.
func unescape(out, e []byte) ([]byte, int, bool) {
	digits := 0
	switch e[0] {
	case '0':
		return append(out, 0), 1, true
	case 'a':
		return append(out, '\a'), 1, true
	case 'b':
		return append(out, '\b'), 1, true
	case 't':
		return append(out, '\t'), 1, true
	case 'n':
		return append(out, '\n'), 1, true
	case 'v':
		return append(out, '\v'), 1, true
	case 'f':
		return append(out, '\f'), 1, true
	case 'r':
		return append(out, '\r'), 1, true
	case 'e':
		return append(out, 0x1b), 1, true
	case ' ', '"', '/', '\\':
		return append(out, e[0]), 1, true
	case 'N':
		return utf8.AppendRune(out, 0x85), 1, true
	case '_':
		return utf8.AppendRune(out, 0xa0), 1, true
	case 'L':
		return utf8.AppendRune(out, 0x2028), 1, true
	case 'P':
		return utf8.AppendRune(out, 0x2029), 1, true
	case 'x':
		digits = 2
	case 'u':
		digits = 4
	case 'U':
		digits = 8
	default:
		return nil, 0, false
	}
	if len(e) < 1+digits {
		return nil, 0, false
	}
	var r rune
	for _, c := range e[1 : 1+digits] {
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return nil, 0, false
		}
		r = r<<4 | rune(d)
	}
	if (r >= 0xd800 && r <= 0xdfff) || r > 0x10ffff {
		return nil, 0, false
	}
	return utf8.AppendRune(out, r), 1 + digits, true
}
