package tree

import (
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
)

// iamTree adds the admin-access kinds to validTree: a custom role, a
// resource set and its binding.
var iamTree = map[string]string{
	"custom-admin-roles/helpdesk.yaml": "kind: custom-admin-roles\nname: helpdesk\nbody:\n  description: d\n  label: Helpdesk\n  permissions:\n" +
		"    - label: okta.users.read\n    - conditions:\n        include:\n          okta:ResourceAttribute/User/Profile:\n            - city\n      label: okta.users.userprofile.manage\n",
	"resource-sets/support.yaml": "kind: resource-sets\nname: support\nbody:\n  description: d\n  label: Support\n  resources:\n" +
		"    - orn:${org:partition}:directory:${org:id}:groups:${ref:groups/engineering}\n    - orn:${org:partition}:directory:${org:id}:users\n" +
		"    - orn:${org:partition}:idp:${org:id}:apps:oidc_client:${ref:apps/portal}\n    - orn:${org:partition}:idp:${org:id}:authorization_servers:${ref:authorization-servers/other}\n",
	"resource-sets/support/bindings/helpdesk.yaml": "kind: resource-set-bindings\nname: helpdesk\nbody:\n  members:\n" +
		"    - ${org:url}/api/v1/groups/${ref:groups/engineering}\n    - ${org:url}/api/v1/users/${user:alice@example.com}\n  role: ${ref:custom-admin-roles/helpdesk}\n",
}

// TestValidateIAM: every bad input in an admin-access file is reported at
// its file and line, before anything reaches an org.
func TestValidateIAM(t *testing.T) {
	reg := testRegistry(t)
	const (
		role    = "custom-admin-roles/helpdesk.yaml"
		set     = "resource-sets/support.yaml"
		binding = "resource-sets/support/bindings/helpdesk.yaml"
	)
	bindingWith := func(members, role string) string {
		return "kind: resource-set-bindings\nname: helpdesk\nbody:\n  members:\n" + members + "  role: " + role + "\n"
	}
	setWith := func(resource string) string {
		return "kind: resource-sets\nname: support\nbody:\n  label: Support\n  resources:\n    - " + resource + "\n"
	}
	tests := []struct {
		name, file, body string
		line             int
		want             string
		sev              model.Severity
	}{
		{"valid", role, iamTree[role], 0, "", 0},
		{"role without a label", role, "kind: custom-admin-roles\nname: helpdesk\nbody:\n  description: d\n  permissions:\n    - label: okta.users.read\n",
			3, "schema: at /body: missing properties: 'label'", model.SeverityError},
		{"permission without a name", role, "kind: custom-admin-roles\nname: helpdesk\nbody:\n  label: Helpdesk\n  permissions:\n    - conditions: null\n",
			6, "schema: at /body/permissions/0: missing properties: 'label'", model.SeverityError},
		{"permissions not a list", role, "kind: custom-admin-roles\nname: helpdesk\nbody:\n  label: Helpdesk\n  permissions: okta.users.read\n",
			5, "schema: at /body/permissions: expected array or null, but got string", model.SeverityError},
		{"two roles with one label", "custom-admin-roles/helpdesk-2.yaml", "kind: custom-admin-roles\nname: helpdesk-2\nbody:\n  label: Helpdesk\n",
			1, `duplicate identity label="Helpdesk"`, model.SeverityError},
		{"resource set without a label", set, "kind: resource-sets\nname: support\nbody:\n  resources: []\n",
			3, "schema: at /body: missing properties: 'label'", model.SeverityError},
		{"resource naming the wrong kind", set, setWith("orn:${org:partition}:directory:${org:id}:groups:${ref:apps/portal}"),
			6, "resources[] must refer to a groups object, but apps/portal is a apps", model.SeverityError},
		{"resource of no form", set, setWith("orn:${org:partition}:directory:${org:id}:teams:${ref:groups/engineering}"),
			6, "has none of the forms this field takes", model.SeverityError},
		{"resource that dangles", set, setWith("orn:${org:partition}:directory:${org:id}:groups:${ref:groups/nope}"),
			6, "dangling reference ${ref:groups/nope}", model.SeverityError},
		{"resource with a group ID left in it", set, setWith("orn:${org:partition}:directory:${org:id}:groups:00g1abcdEFGH2345ijk7"),
			6, "resources[]: ID 00g1abcdEFGH2345ijk7 points outside the export", model.SeverityWarning},
		{"binding without a role", binding, "kind: resource-set-bindings\nname: helpdesk\nbody:\n  members: []\n",
			3, "schema: at /body: missing properties: 'role'", model.SeverityError},
		{"binding to a group", binding, bindingWith("", "${ref:groups/engineering}"),
			5, "role must refer to a custom-admin-roles object, but groups/engineering is a groups", model.SeverityError},
		{"binding to a role that dangles", binding, bindingWith("", "${ref:custom-admin-roles/nope}"),
			5, "dangling reference ${ref:custom-admin-roles/nope}", model.SeverityError},
		{"member user by reference", binding, bindingWith("    - ${org:url}/api/v1/users/${ref:groups/engineering}\n", "${ref:custom-admin-roles/helpdesk}"),
			5, "the form {orgUrl}/api/v1/users/{id} names a user, which is not in the tree", model.SeverityError},
		{"member of no form", binding, bindingWith("    - ${ref:groups/engineering}\n", "${ref:custom-admin-roles/helpdesk}"),
			5, "has none of the forms this field takes", model.SeverityError},
		{"member group that dangles", binding, bindingWith("    - ${org:url}/api/v1/groups/${ref:groups/nope}\n", "${ref:custom-admin-roles/helpdesk}"),
			5, "dangling reference ${ref:groups/nope}", model.SeverityError},
		{"two bindings of one role", "resource-sets/support/bindings/helpdesk-2.yaml",
			"kind: resource-set-bindings\nname: helpdesk-2\nbody:\n  role: ${ref:custom-admin-roles/helpdesk}\n",
			1, "duplicate identity role=", model.SeverityError},
		{"binding without its set", "resource-sets/nope/bindings/helpdesk.yaml", bindingWith("", "${ref:custom-admin-roles/helpdesk}"),
			1, "parent resource-sets/nope is not in the tree", model.SeverityError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for _, m := range []map[string]string{validTree, iamTree} {
				for f, c := range m {
					files[f] = c
				}
			}
			files[tt.file] = tt.body
			s, problems := Read(writeFiles(t, files), reg)
			problems = append(problems, Validate(s, reg)...)
			if tt.want == "" {
				if len(problems) > 0 {
					t.Fatalf("want no problems, got %v", problems)
				}
				return
			}
			var hit *model.Problem
			for i, p := range problems {
				if strings.Contains(p.Message, tt.want) {
					hit = &problems[i]
					break
				}
			}
			if hit == nil {
				t.Fatalf("want a problem containing %q, got %v", tt.want, problems)
			}
			if hit.File != tt.file || hit.Line != tt.line || hit.Severity != tt.sev {
				t.Errorf("got %s, want %s:%d %s", hit, tt.file, tt.line, tt.sev)
			}
		})
	}
}
