package model

import (
	"strings"
	"testing"
)

func TestCheckText(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		isName  bool
		errs    int
		warns   int
		message string
	}{
		{"plain", "Sales team", true, 0, 0, ""},
		{"accents are one script", "Équipe Développement", true, 0, 0, ""},
		{"all Cyrillic", "Продажи", true, 0, 0, ""},
		{"NUL in a name", "Sa\x00les", true, 1, 0, "control character U+0000"},
		{"escape in a description", "a\x1bb", false, 1, 0, "U+001B"},
		{"line break in a name", "Sales\nTeam", true, 1, 0, "U+000A"},
		{"line break in a description", "Line one\nLine two", false, 0, 0, ""},
		{"C1 control", "x\u0085y", false, 1, 0, "U+0085"},
		{"zero-width space", "Sales\u200b", false, 0, 1, `invisible character U+200B in "Sales\u200b"`},
		{"bidi override", "abc\u202edef", true, 0, 1, "U+202E"},
		{"Cyrillic a in a Latin name", "S\u0430les", true, 0, 1, `"S\u0430les" mixes Latin and Cyrillic letters`},
		{"mixed word among others", "Team S\u0430les EU", true, 0, 1, `: "S\u0430les"`},
		{"mixed script outside a name", "S\u0430les", false, 0, 0, ""},
		{"Greek omicron", "Adm\u03bfn", true, 0, 1, "Latin and Greek"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var errs, warns int
			var msgs []string
			for _, is := range CheckText(tc.in, tc.isName) {
				if is.Error {
					errs++
				} else {
					warns++
				}
				msgs = append(msgs, is.Message)
			}
			if errs != tc.errs || warns != tc.warns {
				t.Errorf("%d errors, %d warnings (%q); want %d, %d", errs, warns, msgs, tc.errs, tc.warns)
			}
			if tc.message != "" && !strings.Contains(strings.Join(msgs, "\n"), tc.message) {
				t.Errorf("messages %q lack %q", msgs, tc.message)
			}
		})
	}
}

func TestEscapeText(t *testing.T) {
	for in, want := range map[string]string{
		"Sales":       "Sales",
		"Sales\u200b": `Sales\u200b`,
		"S\u0430les":  `S\u0430les`,
		// Mostly Cyrillic: the Latin letters are the odd ones out.
		"\u0421\u0430l\u0435s":   "\u0421\u0430\\u006c\u0435\\u0073",
		"Продажи":                "Продажи",
		"a\x00b":                 `a\u0000b`,
		"two\nlines\tand a tab":  "two\nlines\tand a tab",
		"caf\u00e9 ok":           "caf\u00e9 ok",
		"x\u2066y\u2069":         `x\u2066y\u2069`,
		"\u041f\u0440\u043educt": `\u041f\u0440\u043educt`,
	} {
		if got := EscapeText(in); got != want {
			t.Errorf("EscapeText(%q) = %q, want %q", in, got, want)
		}
	}
}
