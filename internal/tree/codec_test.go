package tree

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
)

func TestEncodeFormat(t *testing.T) {
	reg := testRegistry(t)
	k, _ := reg.Kind("group-rules")
	o := &model.Object{Kind: "group-rules", Name: "engineering-auto-assign", Path: "group-rules/engineering-auto-assign",
		Body: mustJSON(t, `{"status":"ACTIVE","name":"Engineering auto-assign","priority":1.50,
			"actions":{"assignUserToGroups":{"groupIds":["${ref:groups/b}","${ref:groups/a}"]}},"conditions":{"expression":{"value":"true"}}}`)}
	got, err := Encode(o, k)
	if err != nil {
		t.Fatal(err)
	}
	want := `kind: group-rules
name: engineering-auto-assign
body:
  actions:
    assignUserToGroups:
      groupIds:
        - ${ref:groups/a}
        - ${ref:groups/b}
  conditions:
    expression:
      value: "true"
  name: Engineering auto-assign
  priority: 1.50
  status: ACTIVE
`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("format (-want +got):\n%s", diff)
	}
	// The object itself is not reordered by writing.
	if v, _ := model.Lookup(o.Body, "actions.assignUserToGroups.groupIds"); v.([]any)[0] != "${ref:groups/b}" {
		t.Error("Encode must not modify the object")
	}
	o.Body["bad"] = make(chan int)
	if _, err := Encode(o, k); err == nil || !strings.Contains(err.Error(), "/body/bad: unsupported value of type chan int") {
		t.Errorf("unsupported value: %v", err)
	}
}

// TestMultiLineStrings: a multi-line string (an HTML page, an email body)
// is written as a literal block (|), so that it reads and diffs as text,
// and every string reads back exactly as it was, whatever its line ends,
// spaces and escapes (the YAML library quotes what a block cannot hold);
// encoding is byte-stable.
func TestMultiLineStrings(t *testing.T) {
	reg := testRegistry(t)
	k, _ := reg.Kind("groups")
	values := []struct {
		name  string
		s     string
		block bool // written as a literal block
	}{
		{"html with a final newline", "<html>\n  <body>{{{OktaUtil}}}</body>\n</html>\n", true},
		{"no final newline", "line one\nline two", true},
		{"several final newlines", "a\nb\n\n\n", true},
		{"indented first line", "  indented\nnot\n", true},
		{"a line that is a comment", "# not a comment\nx: y\n- z\n", true},
		{"trailing spaces", "a  \nb\n", false},
		{"carriage returns", "a\r\nb\r\n", false},
		{"tabs", "a\tb\n\tc\n", true},
		{"unicode", "Grüße\nnaïve\n", true},
		// A character outside the BMP (which Okta cannot store anyway)
		// makes the library quote the string.
		{"four-byte character", "hi\n👋\n", false},
		{"one line with a newline", "single\n", true},
		{"placeholders", "${ref:groups/a}\n$${literal}\n", true},
		{"empty lines inside", "a\n\nb\n", true},
	}
	for _, v := range values {
		o := &model.Object{Kind: "groups", Name: "g", Path: "groups/g",
			Body: map[string]any{"profile": map[string]any{"name": "G", "description": v.s}}}
		first, err := Encode(o, k)
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		if got := strings.Contains(string(first), "description: |"); got != v.block {
			t.Errorf("%s: literal block = %v, want %v:\n%s", v.name, got, v.block, first)
		}
		back, _, problems := decodeYAML(first)
		if len(problems) > 0 {
			t.Fatalf("%s: %v\n%s", v.name, problems, first)
		}
		desc, _ := model.Lookup(back.(map[string]any)["body"].(map[string]any), "profile.description")
		if desc != v.s {
			t.Errorf("%s: read back %q, want %q\n%s", v.name, desc, v.s, first)
		}
		o.Body["profile"].(map[string]any)["description"] = desc
		second, err := Encode(o, k)
		if err != nil || string(second) != string(first) {
			t.Errorf("%s: not byte-stable:\n%s\n---\n%s", v.name, first, second)
		}
	}
}
