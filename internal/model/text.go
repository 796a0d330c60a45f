package model

import (
	"fmt"
	"strings"
	"unicode"
)

// Text that reaches Okta is checked for characters a reviewer cannot see:
//
//   - control characters (NUL, ESC, DEL, the C1 range, and in names also
//     tabs and line breaks) are errors: Okta refuses or mangles them, and
//     they hide what a name really is;
//   - invisible characters (zero-width spaces and joiners, bidirectional
//     controls, soft hyphens, fillers) are warnings, since they have
//     legitimate uses in some scripts but make two different names look
//     the same;
//   - a word mixing scripts (a Cyrillic "а" among Latin letters in "Sаles")
//     is a warning in names: it is the classic look-alike.
//
// Plans show such characters escaped (EscapeText), so a reviewer sees that
// "Sаles" is not "Sales".

// TextIssue is one finding about a string.
type TextIssue struct {
	// Error is set for control characters; the rest are warnings.
	Error   bool
	Message string
}

// CheckText returns what is wrong with s. name says whether s is a name
// (an identity or slug field), where line breaks and tabs are control
// characters too and mixed scripts are reported.
func CheckText(s string, name bool) []TextIssue {
	var out []TextIssue
	var ctl, inv []rune
	for _, r := range s {
		switch {
		case isControl(r, name):
			ctl = appendOnce(ctl, r)
		case IsInvisible(r):
			inv = appendOnce(inv, r)
		}
	}
	if len(ctl) > 0 {
		out = append(out, TextIssue{Error: true, Message: fmt.Sprintf("control character %s in %s", runeList(ctl), quoteEscaped(s))})
	}
	if len(inv) > 0 {
		out = append(out, TextIssue{Message: fmt.Sprintf("invisible character %s in %s", runeList(inv), quoteEscaped(s))})
	}
	if name {
		if w, scripts := mixedScriptWord(s); w != "" {
			msg := fmt.Sprintf("%s mixes %s letters in one word (a look-alike?)", quoteEscaped(s), strings.Join(scripts, " and "))
			if w != s {
				msg += ": " + quoteEscaped(w)
			}
			out = append(out, TextIssue{Message: msg})
		}
	}
	return out
}

func appendOnce(rs []rune, r rune) []rune {
	for _, x := range rs {
		if x == r {
			return rs
		}
	}
	return append(rs, r)
}

func runeList(rs []rune) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("U+%04X", r)
	}
	return strings.Join(parts, ", ")
}

func quoteEscaped(s string) string {
	const max = 80
	e := EscapeText(s)
	if len(e) > max {
		cut := max
		for cut > 0 && !isRuneStart(e[cut]) {
			cut--
		}
		e = e[:cut] + "…"
	}
	return `"` + e + `"`
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// isControl: C0 controls, DEL and C1 controls; tab, line feed and carriage
// return are allowed outside names (descriptions, templates, PEM blocks).
func isControl(r rune, name bool) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return name
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	}
	return false
}

// IsInvisible reports whether r renders as nothing (or as blank space that
// is not a space): format characters (zero-width space, joiners, marks,
// bidirectional controls, the byte order mark, the soft hyphen) and the
// Hangul fillers.
func IsInvisible(r rune) bool {
	switch r {
	case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x034F, 0x180E:
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// confusableScripts are the scripts whose letters pass for Latin ones.
var confusableScripts = []struct {
	name  string
	table *unicode.RangeTable
}{
	{"Latin", unicode.Latin},
	{"Cyrillic", unicode.Cyrillic},
	{"Greek", unicode.Greek},
	{"Armenian", unicode.Armenian},
	{"Cherokee", unicode.Cherokee},
}

func scriptOf(r rune) string {
	for _, s := range confusableScripts {
		if unicode.Is(s.table, r) {
			return s.name
		}
	}
	return ""
}

// mixedScriptWord returns the first word of s whose letters come from more
// than one of the confusable scripts, and those scripts in order of
// appearance.
func mixedScriptWord(s string) (string, []string) {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) }) {
		var scripts []string
		for _, r := range w {
			sc := scriptOf(r)
			if sc == "" {
				continue
			}
			found := false
			for _, x := range scripts {
				found = found || x == sc
			}
			if !found {
				scripts = append(scripts, sc)
			}
		}
		if len(scripts) > 1 {
			return w, scripts
		}
	}
	return "", nil
}

// EscapeText writes the characters CheckText reports as \uXXXX: control
// and invisible characters everywhere, and in a word that mixes scripts the
// letters not of the word's main script (the most frequent; Latin on a
// tie). Line breaks and tabs are kept. Text with nothing to escape is
// returned as it is.
func EscapeText(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	word := []rune{}
	flush := func() {
		b.WriteString(escapeWord(word))
		word = word[:0]
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsMark(r) {
			word = append(word, r)
			continue
		}
		flush()
		if (isControl(r, false) || IsInvisible(r)) && r != '\n' && r != '\t' && r != '\r' {
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	flush()
	return b.String()
}

func needsEscape(s string) bool {
	for _, r := range s {
		if r >= 0x80 || (r < 0x20 && r != '\n' && r != '\t' && r != '\r') || r == 0x7f {
			if isControl(r, false) || IsInvisible(r) {
				return true
			}
		}
	}
	w, _ := mixedScriptWord(s)
	return w != ""
}

func escapeWord(w []rune) string {
	count := map[string]int{}
	for _, r := range w {
		if sc := scriptOf(r); sc != "" {
			count[sc]++
		}
	}
	if len(count) < 2 {
		return string(w)
	}
	main := "Latin"
	for _, s := range confusableScripts {
		if count[s.name] > count[main] {
			main = s.name
		}
	}
	var b strings.Builder
	for _, r := range w {
		if sc := scriptOf(r); sc != "" && sc != main {
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// NamePointers returns the JSON pointers of a body's name fields: its
// identity and slug fields, where CheckText is strictest.
func (k *Kind) NamePointers(body map[string]any) map[string]bool {
	out := map[string]bool{}
	for _, list := range [][]string{k.Identity, k.SlugFields} {
		for _, f := range list {
			for _, m := range Find(body, f) {
				out[m.Pointer] = true
			}
		}
	}
	return out
}

// CheckBodyText runs CheckText over every key and string of a body and
// calls fn with the pointer of each finding.
func (k *Kind) CheckBodyText(body map[string]any, fn func(pointer string, issue TextIssue)) {
	names := k.NamePointers(body)
	WalkKeysAndStrings(body, func(ptr, s string) {
		for _, is := range CheckText(s, names[ptr]) {
			fn(ptr, is)
		}
	})
}
