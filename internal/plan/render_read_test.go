package plan

import (
	"bytes"
	"strings"
	"testing"
)

// TestReadAndAttributionRendering: how the org was read and who changed
// what reach the text and the markdown, and only the objects the plan
// names keep their attribution.
func TestReadAndAttributionRendering(t *testing.T) {
	tests := []struct {
		name string
		read *ReadInfo
		want string
	}{
		{"incremental, nothing read", &ReadInfo{Mode: ReadIncremental, Calls: 3},
			"Read the org incrementally: 0 System Log events since the export, then read nothing else (3 API calls)."},
		{"incremental", &ReadInfo{Mode: ReadIncremental, Events: 1, Kinds: []string{"groups", "policies"}, Calls: 7},
			"Read the org incrementally: 1 System Log event since the export, then read again groups, policies (7 API calls)."},
		{"full", &ReadInfo{Mode: ReadFull, Reason: "--full was given", Calls: 1},
			"Read the whole org (1 API call): --full was given."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := readText(&Plan{Read: tc.read}); got != tc.want {
				t.Fatalf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
	p := &Plan{
		Desired: "tree t", Current: "org o", Read: tests[1].read,
		Steps:   []Step{{ID: "groups/eng:update", Action: ActionUpdate, Kind: "groups", Path: "groups/eng"}},
		Summary: Summary{Actions: map[Action]int{ActionUpdate: 1}},
	}
	p.ChangedBy = attribution(p, map[string]ChangedBy{
		"groups/eng":   {Actor: "jane@example.com", When: "2026-03-01T12:00:00.000Z", Event: "group.profile.update"},
		"groups/other": {Actor: "bob@example.com", When: "2026-03-01T12:00:00.000Z", Event: "group.profile.update"},
	})
	if len(p.ChangedBy) != 1 {
		t.Fatalf("attribution kept %v, want only groups/eng", p.ChangedBy)
	}
	var text, md bytes.Buffer
	if err := RenderText(&text, p, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := RenderMarkdown(&md, p, MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": text.String(), "markdown": md.String()} {
		for _, want := range []string{tests[1].want, "groups/eng", "group.profile.update by jane@example.com at 2026-03-01T12:00:00.000Z"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s lacks %q:\n%s", name, want, out)
			}
		}
		if strings.Contains(out, "bob@example.com") {
			t.Errorf("%s attributes an object the plan does not name", name)
		}
	}
}
