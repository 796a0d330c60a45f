package tree

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
)

// canonicalBodies are bodies whose files Encode writes in the canonical
// subset: every shape of value it writes, so that the fast path is known to
// take what export writes (and FuzzFastDecode starts from them).
func canonicalBodies() map[string]map[string]any {
	return map[string]map[string]any{
		"scalars": {
			"s": "plain text", "ref": "${ref:groups/a}", "colon": "a:b", "hash": "a#b", "brackets": "a [b] {c}, d",
			"t": true, "f": false, "n": nil, "int": json.Number("42"), "neg": json.Number("-7"), "dec": json.Number("1.50"),
			"exp": json.Number("1e5"), "big": json.Number("123456789012345678901234567890"),
			"quoted-true": "true", "quoted-num": "007", "quoted-null": "null", "tilde": "~", "yes": "yes", "on": "on",
			"hex-like": "0x1F", "date": "2001-12-14", "time": "2001-12-14T21:59:43.10-05:00", "2FA": "2FA", "dot": ".5",
			"empty": "", "space-led": " x", "space-trailed": "x ", "dash": "-x", "dash-space": "- x", "colon-space": "a: b",
			"space-hash": "a #b", "quote": "it's", "dquote": `say "hi"`, "backslash": `a\b`, "unicode": "Grüße naïve",
			"tab": "a\tb", "ctrl": "a\x01b", "nel": "a\u0085b", "nbsp": "a\u00a0b", "bom": "\ufeffa",
			"merge": "<<", "star": "*x", "amp": "&x", "bang": "!x", "pct": "%x", "at": "@x", "tick": "`x", "pipe": "|x",
			"gt": ">x", "q": "?x", "col": ":x", "inf": ".inf", "nan": ".NaN", "plus": "+5", "under": "1_000",
			"long": strings.Repeat("long ", 100),
		},
		"keys": {
			"a b": "space", "a:b": 1, "a: b": 2, "007": 3, "true": 4, "null": 5, "-k": 6, "'q'": 7, "k#": 8,
			"": 9, "é": 10,
		},
		"collections": {
			"empty-map": map[string]any{}, "empty-list": []any{},
			"list":          []any{"a", json.Number("1"), true, nil, map[string]any{}, []any{}},
			"list-of-maps":  []any{map[string]any{"a": "b", "c": map[string]any{"d": []any{"e"}}}, map[string]any{"x": nil}},
			"list-of-lists": []any{[]any{"a", "b"}, []any{[]any{"c"}}},
			"nested":        map[string]any{"a": map[string]any{"b": map[string]any{"c": []any{map[string]any{"d": "e"}}}}},
		},
		"blocks": {
			"html":     "<html>\n  <body>{{{OktaUtil}}}</body>\n</html>\n",
			"no-final": "line one\nline two", "finals": "a\nb\n\n\n", "indented": "  indented\nnot\n",
			"comment-like": "# not a comment\nx: y\n- z\n", "blank-inside": "a\n\nb\n", "spaces-inside": "a\n   \nb\n",
			"in-list": []any{"one\ntwo\n", "three\n", map[string]any{"k": "four\nfive"}},
			"crlf":    "a\r\nb\r\n", "trailing": "a  \nb\n",
		},
	}
}

// edgeBodies are written by Encode in ways the fast path may leave to the
// library: a key too long for one line ("? key"), characters YAML takes
// as line breaks, written raw inside quotes.
func edgeBodies() map[string]map[string]any {
	return map[string]map[string]any{
		"long key":    {strings.Repeat("k", 600): 11},
		"line breaks": {"ls": "a\u2028b", "ps": "a\u2029b"},
	}
}

func encodeBody(t testing.TB, body map[string]any) []byte {
	t.Helper()
	o := &model.Object{Kind: "groups", Name: "g", Path: "groups/g", Role: "Everyone",
		Relations: map[string]string{"r": "${ref:groups/h}"}, Body: body}
	data, err := Encode(o, nil)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestFastDecodeCanonical: every value shape Encode writes reads back the
// same through the fast path as through the library, and the usual ones
// are taken by the fast path itself (a fast path that gave up on them would
// make reading slow again without failing anything).
func TestFastDecodeCanonical(t *testing.T) {
	for name, body := range canonicalBodies() {
		data := encodeBody(t, body)
		want, lines, issues := decodeYAML(data)
		if len(issues) > 0 {
			t.Fatalf("%s: decodeYAML: %v\n%s", name, issues, data)
		}
		got, kindLine, ok := fastDecode(data)
		if !ok {
			t.Errorf("%s: the fast path gave up on a file Encode wrote:\n%s", name, data)
			continue
		}
		if diff := cmp.Diff(want, any(got)); diff != "" {
			t.Errorf("%s: (-library +fast):\n%s", name, diff)
		}
		if kindLine != lines["/kind"] {
			t.Errorf("%s: kind line %d, want %d", name, kindLine, lines["/kind"])
		}
	}
}

// TestFastDecodeGivesUp: input outside the subset goes to the library, which
// reads it (or reports it) with lines.
func TestFastDecodeGivesUp(t *testing.T) {
	head := "kind: groups\nname: g\nbody:\n"
	for name, data := range map[string]string{
		"empty":                  "",
		"no final newline":       head + "  a: b",
		"comment line":           "# hi\n" + head + "  a: b\n",
		"comment after value":    head + "  a: b # hi\n",
		"blank line":             head + "\n  a: b\n",
		"document marker":        "---\n" + head + "  a: b\n",
		"second document":        head + "  a: b\n---\nkind: x\n",
		"anchor":                 head + "  a: &x b\n  c: *x\n",
		"tag":                    head + "  a: !!str 1\n",
		"flow mapping":           head + "  a: {b: c}\n",
		"flow sequence":          head + "  a: [b]\n",
		"folded block":           head + "  a: >\n    b\n",
		"multi-line plain":       head + "  a: b\n    c\n",
		"multi-line quoted":      head + "  a: 'b\n    c'\n",
		"null by omission":       head + "  a:\n  b: c\n",
		"sequence not indented":  head + "  a:\n  - b\n",
		"two spaces after colon": head + "  a:  b\n",
		"duplicate key":          head + "  a: b\n  a: c\n",
		"merge key":              head + "  <<: {}\n",
		"tab":                    head + "  a: b\tc\n",
		"carriage return":        head + "  a: b\r\n",
		"odd indentation":        head + "  a:\n     b: c\n    d: e\n",
		"leading blank in block": head + "  a: |\n\n    b\n",
		"bad escape":             head + "  a: \"\\q\"\n",
		"line continuation":      head + "  a: \"b\\\n    c\"\n",
		"not a mapping":          "- a\n",
		"scalar document":        "a\n",
		"bad boolean":            head + "  a: !!bool maybe\n",
		"infinity":               head + "  a: .inf\n",
		"invalid UTF-8":          head + "  a: \xff\n",
	} {
		if _, _, ok := fastDecode([]byte(data)); ok {
			t.Errorf("%s: the fast path took input outside its subset:\n%s", name, data)
		}
	}
}

// TestFastDecodeDepth: nesting close to MaxDepth is left to the library,
// which reports what goes beyond it.
func TestFastDecodeDepth(t *testing.T) {
	var b strings.Builder
	b.WriteString("kind: groups\nname: g\nbody:\n")
	for i := 1; i <= MaxDepth; i++ {
		b.WriteString(strings.Repeat("  ", i) + "a:\n")
	}
	b.WriteString(strings.Repeat("  ", MaxDepth+1) + "b: c\n")
	if _, _, ok := fastDecode([]byte(b.String())); ok {
		t.Error("the fast path took a file nested deeper than MaxDepth")
	}
}

// FuzzFastDecode holds the fast path to the library: whatever it accepts,
// decodeYAML reads without a problem, to the same value, with the kind on
// the same line. Run it with `go test ./internal/tree -fuzz FuzzFastDecode`;
// the seed corpus (canonical files and near misses) runs with every test.
func FuzzFastDecode(f *testing.F) {
	bodies := canonicalBodies()
	for name, body := range edgeBodies() {
		bodies[name] = body
	}
	for _, body := range bodies {
		data := encodeBody(f, body)
		f.Add(data)
		// Near misses: each line cut short, or with a character inserted
		// where the subset is strict.
		lines := strings.SplitAfter(string(data), "\n")
		for i, l := range lines {
			for _, edit := range []string{
				strings.TrimSuffix(l, "\n"), " " + l, strings.Replace(l, ": ", ":  ", 1), strings.Replace(l, ": ", ": #", 1),
				strings.Replace(l, "- ", "-  ", 1), strings.Replace(l, "|", "|2", 1), strings.Replace(l, "|", "|+", 1),
			} {
				f.Add([]byte(strings.Join(lines[:i], "") + edit + strings.Join(lines[i+1:], "")))
			}
		}
	}
	for _, s := range []string{
		"kind: groups\nname: g\nbody:\n  a: |2\n     x\n    y\n",
		"kind: groups\nname: g\nbody:\n  a: |-\n    x\n\n  b: |+\n    y\n\n\n",
		"kind: groups\nname: g\nbody:\n  a:\n    - - x\n      - y\n    - z: |\n        w\n",
		"kind: groups\nname: g\nbody:\n  a: \"\\x41\\u00e9\\U0001F600\\N\\_\\e\"\n",
		"kind: groups\nname: g\nbody:\n  a: 1e400\n  b: -0\n  c: 0o17\n  d: 0b101\n  e: +.inf\n  f: 1_0\n",
		"kind: groups\nname: g\nbody:\n  a: yes\n  b: True\n  c: NULL\n  d: ~\n  e: 2001-12-14\n",
		"body:\n  kind: x\nkind: groups\n",
		"kind: groups\nname: g\nbody: {}\n",
		"kind: groups\nname: g\nbody: []\n",
		"'kind': groups\n\"name\": g\nbody:\n  ? a\n  : b\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, kindLine, ok := fastDecode(data)
		if !ok {
			return
		}
		want, lines, issues := decodeYAML(data)
		if len(issues) > 0 {
			t.Fatalf("the fast path took a file the library rejects (%v):\n%q", issues, data)
		}
		if diff := cmp.Diff(want, any(got)); diff != "" {
			t.Fatalf("values differ (-library +fast):\n%s\n%q", diff, data)
		}
		if kindLine != lines["/kind"] {
			t.Fatalf("kind line %d, want %d:\n%q", kindLine, lines["/kind"], data)
		}
	})
}
