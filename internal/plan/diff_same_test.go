package plan

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
)

// TestSameWalkAgreesWithWalk compares, on bodies compared with themselves,
// what sameWalk says with what walk finds: whenever sameWalk vouches for
// a body (no change), walk must find no change and warn about the same
// ignored fields; and it must vouch for the plain cases the shortcut is
// for.
func TestSameWalkAgreesWithWalk(t *testing.T) {
	k := &model.Kind{Name: "things", ReadOnly: []string{"created", "meta.etag", "a.b"}, OrderField: "priority",
		Sets: []string{"tags"}}
	ki := newKindInfo(k, 0)
	tests := []struct {
		name   string
		body   string
		vouch  bool // sameWalk must vouch for it
		second string
	}{
		{"plain", `{"name":"x","priority":1,"settings":{"x":[1,"a",{"y":null}]},"tags":["b","a"]}`, true, ""},
		{"one ignored at the top", `{"name":"x","created":"2020"}`, true, ""},
		{"one ignored nested", `{"name":"x","meta":{"etag":"e","v":1}}`, true, ""},
		{"ignored null", `{"name":"x","created":null}`, true, ""},
		{"two ignored", `{"created":"2020","meta":{"etag":"e"}}`, false, ""},
		{"dotted key named like an ignored field", `{"a.b":1,"name":"x"}`, true, ""},
		{"dotted key and the nested field", `{"a.b":1,"a":{"b":2}}`, false, ""},
		{"second-pass map", `{"name":"x","meta":{"etag":"e"},"links":{"to":"y"}}`, true, "/links"},
		{"empty", `{}`, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := mustJSON(t, tt.body)
			var f bodyFacts
			factsOf(body, &f)
			second := map[string]bool{}
			if tt.second != "" {
				second[tt.second] = true
			}
			for _, plain := range []bool{!f.odd, false} {
				same := &differ{ki: ki, second: second}
				ok := same.sameWalk(body, "", "", plain)
				if ok != tt.vouch {
					t.Fatalf("plain %v: sameWalk vouches %v, want %v", plain, ok, tt.vouch)
				}
				if !ok {
					continue
				}
				full := &differ{ki: ki, second: second}
				patch, patch2 := full.diff(body, body, body)
				if patch != nil || patch2 != nil || len(full.changes)+len(full.changes2) > 0 {
					t.Errorf("walk finds changes %v %v", full.changes, full.changes2)
				}
				if diff := cmp.Diff(full.ignoredSeen, same.ignoredSeen); diff != "" {
					t.Errorf("plain %v: ignored fields differ (-walk +sameWalk):\n%s", plain, diff)
				}
			}
		})
	}
}
