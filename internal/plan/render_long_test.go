package plan

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestClipText(t *testing.T) {
	long := strings.Repeat("a", 100) + "XYZ" + strings.Repeat("b", 200) // 303 characters
	tests := []struct {
		name string
		s    string
		at   int
		want string
	}{
		{"short stays whole", "abc", 0, "abc"},
		{"at the limit stays whole", strings.Repeat("x", clipOver), 0, strings.Repeat("x", clipOver)},
		{"cut from the start", long, 0, strings.Repeat("a", 100) + "XYZ" + strings.Repeat("b", 17) + "… (303 characters)"},
		{"cut around a change", long, 100, "…" + strings.Repeat("a", 40) + "XYZ" + strings.Repeat("b", 77) + "… (303 characters)"},
		{"a change near the end shows the end", long, 300, "…" + strings.Repeat("b", 120) + " (303 characters)"},
		// Characters, not bytes: a multi-byte rune is never split.
		{"runes", strings.Repeat("é", 200), 0, strings.Repeat("é", 120) + "… (200 characters)"},
	}
	for _, tt := range tests {
		if got := clipText(tt.s, tt.at); got != tt.want {
			t.Errorf("%s: clipText = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestUnifiedDiffClipsChangedPairs(t *testing.T) {
	// Each changed line is cut around where it differs from its pair, so
	// that both sides show the edit; a long context line is cut from the
	// start.
	ctx := strings.Repeat("c", 200)
	before := "short\n" + strings.Repeat("p", 150) + "OLD" + strings.Repeat("q", 100) + "\n" + ctx + "\n"
	after := "short\n" + strings.Repeat("p", 150) + "NEW" + strings.Repeat("q", 100) + "\n" + ctx + "\n"
	got := unifiedDiff(before, after)
	want := []string{
		"--- before",
		"+++ after",
		"@@ -1,3 +1,3 @@",
		" short",
		"-…" + strings.Repeat("p", 40) + "OLD" + strings.Repeat("q", 77) + "… (253 characters)",
		"+…" + strings.Repeat("p", 40) + "NEW" + strings.Repeat("q", 77) + "… (253 characters)",
		" " + strings.Repeat("c", 120) + "… (200 characters)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("unifiedDiff (-want +got):\n%s", diff)
	}
}

func TestChangeLineForms(t *testing.T) {
	html := "<html>\n<body>\n</body>\n</html>\n"
	tests := []struct {
		name       string
		ch         Change
		wantLines  []string
		wantAfter  string
		wantDiffed bool
	}{
		{"multi-line add is a block", Change{Path: "/page", Op: OpAdd, After: html},
			[]string{"<html>", "<body>", "</body>", "</html>"}, `"<html>\n<body>\n</body>\n</html>\n"`, false},
		{"single-line add stays inline", Change{Path: "/name", Op: OpAdd, After: "x"}, nil, `"x"`, false},
		{"masked add shows the mask", Change{Path: "/key", Op: OpAdd, After: Mask, Sensitive: true}, nil, Mask, false},
		{"long single-line add is cut", Change{Path: "/v", Op: OpAdd, After: strings.Repeat("z", 170)}, nil,
			`"` + strings.Repeat("z", 120) + `…" (170 characters)`, false},
		{"multi-line modify is a diff", Change{Path: "/page", Op: OpModify, Before: html, After: strings.Replace(html, "body", "main", 2)},
			nil, "", true},
		{"sensitive modify is never diffed", Change{Path: "/key", Op: OpModify, Before: Mask, After: Mask, Sensitive: true}, nil, Mask, false},
	}
	for _, tt := range tests {
		l := changeLine(tt.ch)
		if diff := cmp.Diff(tt.wantLines, l.afterLines); diff != "" {
			t.Errorf("%s: afterLines (-want +got):\n%s", tt.name, diff)
		}
		if tt.wantAfter != "" && l.after != tt.wantAfter {
			t.Errorf("%s: after = %q, want %q", tt.name, l.after, tt.wantAfter)
		}
		if (len(l.diff) > 0) != tt.wantDiffed {
			t.Errorf("%s: diff = %q", tt.name, l.diff)
		}
	}
}
