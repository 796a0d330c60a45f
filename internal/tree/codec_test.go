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
