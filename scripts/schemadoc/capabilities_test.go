package main

import (
	"bytes"
	"strings"
	"testing"

	testkinds "github.com/oktasync/oktasync/internal/sandbox/testkinds"
)

// TestCapabilitiesDocumented: the reference says what the descriptor data
// of item sets, ORN/URL forms and kinds without update means to a reader,
// from the test-only kinds (no built-in kind uses them yet).
func TestCapabilitiesDocumented(t *testing.T) {
	reg, err := testkinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	p := &printer{w: &buf, reg: reg}
	for _, name := range []string{testkinds.TestRoles, testkinds.TestResourceSets, testkinds.TestRoleAssignments} {
		k, _ := reg.Kind(name)
		p.f("%s: %s\n", name, endpointsText(k))
		for _, r := range k.Refs {
			p.f("| %s | %s | %s |\n", r.Path, refTarget(r), refNotes(r))
		}
		p.itemSets(k)
	}
	out := buf.String()
	for _, want := range []string{
		"| `permissions` | identified by `label` | `GET /api/v1/iam/testkinds/roles/{id}/permissions` | add `POST /api/v1/iam/testkinds/roles/{id}/permissions/{item}`; change `PUT",
		"the create takes the items' keys",
		"add `PATCH /api/v1/iam/testkinds/resource-sets/{id}/resources` (`{additions: […]}`, 1000 a request)",
		"`orn:{partition}:directory:{orgId}:groups:{id}` ([`groups`](#groups))<br>",
		"`${org:id}`, `${org:partition}` and `${org:url}`",
		"at least 1 once the object exists: fewer is a replace",
		"no update: any change is a replace",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the reference does not say %q:\n%s", want, out)
		}
	}
}
