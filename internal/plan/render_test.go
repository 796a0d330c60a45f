package plan

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// bigPlan plans many creates and deletes across a few kinds.
func bigPlan(t *testing.T, n int) *Plan {
	reg := newRegistry(t)
	var desired, current []obj
	for i := range n {
		desired = append(desired, obj{kind: "groups", path: fmt.Sprintf("groups/g%d", i),
			body: fmt.Sprintf(`{"profile":{"name":"G%d","description":"%s"}}`, i, strings.Repeat("x", 40))})
		desired = append(desired, obj{kind: "trusted-origins", path: fmt.Sprintf("trusted-origins/o%d", i),
			body: fmt.Sprintf(`{"name":"O%d","origin":"https://o%d.example.com"}`, i, i)})
		current = append(current, obj{kind: "network-zones", path: fmt.Sprintf("network-zones/z%d", i),
			body: fmt.Sprintf(`{"name":"Z%d","type":"IP","status":"INACTIVE"}`, i)})
	}
	return mustCompute(t, reg, desired, current, Options{AllowDelete: true, MaxDeletes: -1})
}

func TestMarkdownTruncation(t *testing.T) {
	p := bigPlan(t, 300)
	var full bytes.Buffer
	if err := RenderMarkdown(&full, p, MarkdownOptions{MaxBytes: 1 << 30}); err != nil {
		t.Fatal(err)
	}
	for _, max := range []int{20000, 65536} {
		var b bytes.Buffer
		if err := RenderMarkdown(&b, p, MarkdownOptions{MaxBytes: max, ArtifactURL: "https://ci.example.com/plan.json"}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if len(out) > max || !utf8.ValidString(out) {
			t.Errorf("max %d: output is %d bytes (valid UTF-8: %v)", max, len(out), utf8.ValidString(out))
		}
		if len(full.String()) > max {
			for _, want := range []string{"truncated", "https://ci.example.com/plan.json", summaryLine(p), "[!CAUTION]"} {
				if !strings.Contains(out, want) {
					t.Errorf("max %d: truncated output lacks %q", max, want)
				}
			}
		}
	}
	// Even a limit below the top part gives a bounded, honest output.
	var tiny bytes.Buffer
	if err := RenderMarkdown(&tiny, p, MarkdownOptions{MaxBytes: 500}); err != nil {
		t.Fatal(err)
	}
	if tiny.Len() > 500 || !strings.Contains(tiny.String(), "Truncated") {
		t.Errorf("tiny output (%d bytes):\n%s", tiny.Len(), tiny.String())
	}
}

func TestMarkdownCodeFences(t *testing.T) {
	reg := newRegistry(t)
	p := mustCompute(t, reg, []obj{{kind: "groups", path: "groups/g", body: "{\"profile\":{\"name\":\"G\",\"description\":\"```\\nnot a fence\"}}"}}, nil, Options{})
	var b bytes.Buffer
	if err := RenderMarkdown(&b, p, MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "````diff") {
		t.Errorf("a value holding ``` must get a longer fence:\n%s", b.String())
	}
}
