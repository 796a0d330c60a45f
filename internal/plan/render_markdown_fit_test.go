package plan

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestMarkdownTruncationKeepsEveryKind: when a comment must be cut, every
// kind keeps its section and counts; the small kinds keep all their objects
// and the large one is cut, never dropped whole while others are kept.
func TestMarkdownTruncationKeepsEveryKind(t *testing.T) {
	reg := newRegistry(t)
	var desired, current []obj
	for i := range 400 {
		desired = append(desired, obj{kind: "groups", path: fmt.Sprintf("groups/g%03d", i),
			body: fmt.Sprintf(`{"profile":{"name":"G%d","description":"%s"}}`, i, strings.Repeat("x", 60))})
	}
	for i := range 3 {
		desired = append(desired, obj{kind: "trusted-origins", path: fmt.Sprintf("trusted-origins/o%d", i),
			body: fmt.Sprintf(`{"name":"O%d","origin":"https://o%d.example.com"}`, i, i)})
		current = append(current, obj{kind: "network-zones", path: fmt.Sprintf("network-zones/z%d", i),
			body: fmt.Sprintf(`{"name":"Z%d","type":"IP","status":"INACTIVE"}`, i)})
	}
	p := mustCompute(t, reg, desired, current, Options{AllowDelete: true, MaxDeletes: -1})

	for _, max := range []int{12000, 30000} {
		t.Run(fmt.Sprint(max), func(t *testing.T) {
			var b bytes.Buffer
			if err := RenderMarkdown(&b, p, MarkdownOptions{MaxBytes: max}); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if len(out) > max {
				t.Fatalf("%d bytes over %d", len(out), max)
			}
			for _, want := range []string{
				"<b>groups</b>: 400 to create", "<b>trusted-origins</b>: 3 to create", "<b>network-zones</b>: ",
				"`trusted-origins/o0`", "`trusted-origins/o2`", "`network-zones/z0`", "`network-zones/z2`",
				"`groups/g000`", // the large kind keeps its first objects
				"more objects of this kind left out", "the execution order are left out",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("lacks %q", want)
				}
			}
			if strings.Contains(out, "`groups/g399`") {
				t.Error("the large kind was not cut")
			}
			if strings.Contains(out, "Truncated: the plan is too large") {
				t.Error("fell back to clipping the top part")
			}
		})
	}
}
