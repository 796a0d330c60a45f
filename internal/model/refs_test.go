package model

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestScanPlaceholders(t *testing.T) {
	tests := []struct {
		in      string
		want    []Placeholder
		wantErr string
	}{
		{in: "plain", want: nil},
		{in: "${ref:groups/engineering}", want: []Placeholder{{PlaceholderRef, "groups/engineering", 0, 25}}},
		{in: "${var:ORG_URL}", want: []Placeholder{{PlaceholderVar, "ORG_URL", 0, 14}}},
		{in: "${secret:CLIENT_SECRET}", want: []Placeholder{{PlaceholderSecret, "CLIENT_SECRET", 0, 23}}},
		{in: `isMemberOfAnyGroup("${ref:groups/a}","${ref:groups/b-2}")`, want: []Placeholder{
			{PlaceholderRef, "groups/a", 20, 35}, {PlaceholderRef, "groups/b-2", 38, 55}}},
		{in: "https://${var:HOST}/cb", want: []Placeholder{{PlaceholderVar, "HOST", 8, 19}}},
		// Okta's own expression language is not ours.
		{in: "${source.login}", want: nil},
		{in: "${user.firstName} ${user.lastName}", want: nil},
		{in: "${org.externalKey}", want: nil},
		// The $${ escape is a literal ${ and never a placeholder.
		{in: "$${ref:groups/a}", want: nil},
		{in: "$$${ref:groups/a}", want: nil},
		{in: "$${x} then ${var:A}", want: []Placeholder{{PlaceholderVar, "A", 11, 19}}},
		{in: "$ {ref:x} and $", want: nil},
		{in: "${ref:groups/a", wantErr: "missing closing"},
		{in: "${ref:Groups/A}", wantErr: "ref path"},
		{in: "${ref:}", wantErr: "ref path"},
		{in: "${ref:groups//a}", wantErr: "ref path"},
		{in: "${var:lower}", wantErr: "[A-Z][A-Z0-9_]*"},
		{in: "${secret:1X}", wantErr: "[A-Z][A-Z0-9_]*"},
	}
	for _, tt := range tests {
		got, err := ScanPlaceholders(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ScanPlaceholders(%q) error = %v, want containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ScanPlaceholders(%q): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ScanPlaceholders(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseAndFormat(t *testing.T) {
	if got := FormatRef("groups/x"); got != "${ref:groups/x}" {
		t.Errorf("FormatRef = %q", got)
	}
	if got := FormatVar("A"); got != "${var:A}" {
		t.Errorf("FormatVar = %q", got)
	}
	if got := FormatSecret("S"); got != "${secret:S}" {
		t.Errorf("FormatSecret = %q", got)
	}
	for _, tt := range []struct {
		in   string
		path string
		ok   bool
	}{
		{"${ref:groups/x}", "groups/x", true},
		{" ${ref:groups/x}", "", false},
		{"${ref:groups/x}${ref:groups/y}", "", false},
		{"${var:X}", "", false},
		{"$${ref:groups/x}", "", false},
		{"00g1abcdEFGH2345ijk7", "", false},
	} {
		p, ok := ParseRef(tt.in)
		if p != tt.path || ok != tt.ok {
			t.Errorf("ParseRef(%q) = %q, %v; want %q, %v", tt.in, p, ok, tt.path, tt.ok)
		}
	}
	p, ok := ParsePlaceholder("${secret:X}")
	if !ok || p.Type != PlaceholderSecret || p.String() != "${secret:X}" {
		t.Errorf("ParsePlaceholder = %+v, %v", p, ok)
	}
}

func TestEscapeExpandRoundTrip(t *testing.T) {
	for _, lit := range []string{
		"", "plain", "${source.login}", "$", "$$", "${", "$${", "$$${", "${ref:groups/a}",
		"$${ref:groups/a}", "a ${var:X} b", "${secret:S}", "$${x}", "$$${x}", "x$", "${ref:unterminated",
		`isMemberOfAnyGroup("00g1abcdEFGH2345ijk7")`, "cost: $5 ${user.x}",
	} {
		esc := EscapeLiteral(lit)
		if ps, err := ScanPlaceholders(esc); err != nil || len(ps) != 0 {
			t.Errorf("EscapeLiteral(%q) = %q still has placeholders %v (err %v)", lit, esc, ps, err)
		}
		back, err := ExpandPlaceholders(esc, func(p Placeholder) (string, error) {
			t.Errorf("unexpected placeholder %v in %q", p, esc)
			return "", nil
		})
		if err != nil || back != lit {
			t.Errorf("round trip of %q via %q = %q, %v", lit, esc, back, err)
		}
	}
	if got := EscapeLiteral("${source.login}"); got != "${source.login}" {
		t.Errorf("Okta EL must stay untouched, got %q", got)
	}
	if got := EscapeLiteral("${ref:a}"); got != "$${ref:a}" {
		t.Errorf("EscapeLiteral(${ref:a}) = %q", got)
	}
}

func TestExpandPlaceholders(t *testing.T) {
	ids := map[string]string{"groups/a": "00gAAAAAAAAAAAAAAAAA", "groups/b": "00gBBBBBBBBBBBBBBBBB"}
	got, err := ExpandPlaceholders(`isMemberOfAnyGroup("${ref:groups/a}","${ref:groups/b}") && $${source.login} != "${var:X}"`,
		func(p Placeholder) (string, error) {
			if p.Type == PlaceholderVar {
				return "vx", nil
			}
			return ids[p.Value], nil
		})
	want := `isMemberOfAnyGroup("00gAAAAAAAAAAAAAAAAA","00gBBBBBBBBBBBBBBBBB") && ${source.login} != "vx"`
	if err != nil || got != want {
		t.Errorf("got %q, %v\nwant %q", got, err, want)
	}
	if _, err := ExpandPlaceholders("${ref:x", nil); err == nil {
		t.Error("malformed placeholder must fail")
	}
}

func TestFindIDs(t *testing.T) {
	expr := `isMemberOfAnyGroup("00g1abcdEFGH2345ijk7", "00u1abcdEFGH2345ijk7") || user.x == "00g1abcdEFGH2345ijk7x"`
	got := FindIDs(expr, "00g")
	want := []IDToken{{ID: "00g1abcdEFGH2345ijk7", Start: 20, End: 40}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FindIDs mismatch (-want +got):\n%s", diff)
	}
	if n := len(FindIDs(expr)); n != 2 {
		t.Errorf("without prefixes want 2 tokens, got %d", n)
	}
	if !LooksLikeOktaID("0oa1abcdEFGH2345ijk7", "0oa") || LooksLikeOktaID("0oa1abcd", "0oa") || LooksLikeOktaID("0oa1abcd-FGH2345ijk7") {
		t.Error("LooksLikeOktaID")
	}
}

func mustJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	v, err := ParseJSON([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return v.(map[string]any)
}

func TestFieldPaths(t *testing.T) {
	body := mustJSON(t, `{"conditions":{"people":{"groups":{"include":["a","b"]}}},
		"settings":{"authenticators":[{"id":"x","key":"k"},{"key":"k2"},{"id":"y"}]},"n":1.50}`)
	var ptrs []string
	for _, m := range Find(body, "conditions.people.groups.include[]") {
		ptrs = append(ptrs, m.Pointer+"="+m.Value.(string))
		m.Set("R" + m.Value.(string))
	}
	if diff := cmp.Diff([]string{"/conditions/people/groups/include/0=a", "/conditions/people/groups/include/1=b"}, ptrs); diff != "" {
		t.Error(diff)
	}
	ids := Find(body, "settings.authenticators[].id")
	if len(ids) != 2 || ids[1].Pointer != "/settings/authenticators/2/id" {
		t.Errorf("got %+v", ids)
	}
	if v, _ := Lookup(body, "conditions.people.groups.include"); !cmp.Equal(v, []any{"Ra", "Rb"}) {
		t.Errorf("Set did not write through: %v", v)
	}
	if v, _ := Lookup(body, "n"); v != json.Number("1.50") {
		t.Errorf("number not kept verbatim: %#v", v)
	}
	if len(Find(body, "missing.path[]")) != 0 || len(Find(body, "n.x")) != 0 {
		t.Error("missing paths must not match")
	}
	if !DeleteField(body, "settings.authenticators[].key") {
		t.Error("DeleteField reported nothing removed")
	}
	if len(Find(body, "settings.authenticators[].key")) != 0 {
		t.Error("keys not deleted")
	}
	if err := SetField(body, "a.b.c", "v"); err != nil {
		t.Fatal(err)
	}
	if v, _ := Lookup(body, "a.b.c"); v != "v" {
		t.Errorf("SetField: %v", v)
	}
	if err := SetField(body, "n.x", 1); err == nil {
		t.Error("SetField through a number must fail")
	}
	for _, bad := range []string{"", "a..b", "a[", "[]", "a.[]"} {
		if _, err := ParseFieldPath(bad); err == nil {
			t.Errorf("ParseFieldPath(%q) must fail", bad)
		}
	}
	if fp, _ := ParseFieldPath("a[].x5t#S256"); fp.String() != "a[].x5t#S256" {
		t.Errorf("String() = %q", fp.String())
	}
}
