package tree

import (
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
)

// TestValidateRoleAssignments: every bad input in a group's admin role
// file is reported at its file and line: targets on a role that takes
// none, an app target whose OIN name is not the app's, a custom role
// (a binding member, not an assignment), a target of the wrong kind.
func TestValidateRoleAssignments(t *testing.T) {
	reg := testRegistry(t)
	const file = "groups/engineering/roles/app-admin.yaml"
	app := "kind: apps\nname: portal\nrelations:\n  accessPolicy: ${ref:policies/access-policy/portal}\n" +
		"body:\n  label: Portal\n  name: oidc_client\n  signOnMode: OPENID_CONNECT\n  status: ACTIVE\n"
	role := func(typ, targets string) string {
		return "kind: group-role-assignments\nname: app-admin\nbody:\n" + targets + "  type: " + typ + "\n"
	}
	tests := []struct {
		name, body string
		line       int
		want       string
		sev        model.Severity
	}{
		{"app admin of one app and an app type", role("APP_ADMIN", "  targets:\n    apps:\n      - oidc_client/${ref:apps/portal}\n      - salesforce\n"), 0, "", 0},
		{"help desk of a group", role("HELP_DESK_ADMIN", "  targets:\n    groups:\n      - ${ref:groups/engineering}\n"), 0, "", 0},
		{"unscoped app admin", role("APP_ADMIN", "  targets:\n    apps: []\n"), 0, "", 0},
		{"group targets on a read-only admin", role("READ_ONLY_ADMIN", "  targets:\n    groups:\n      - ${ref:groups/engineering}\n"),
			5, "targets.groups: a READ_ONLY_ADMIN Group admin role takes no targets.groups", model.SeverityError},
		{"app targets on a help desk admin", role("HELP_DESK_ADMIN", "  targets:\n    apps:\n      - salesforce\n"),
			5, "takes no targets.apps", model.SeverityError},
		{"app target with another app's OIN name", role("APP_ADMIN", "  targets:\n    apps:\n      - salesforce/${ref:apps/portal}\n"),
			6, `"salesforce/${ref:apps/portal}" does not match apps/portal, whose item is "oidc_client/${ref:apps/portal}"`, model.SeverityError},
		{"app target naming a group", role("APP_ADMIN", "  targets:\n    apps:\n      - oidc_client/${ref:groups/engineering}\n"),
			6, "must refer to a apps object, but groups/engineering is a groups", model.SeverityError},
		{"app target that dangles", role("APP_ADMIN", "  targets:\n    apps:\n      - oidc_client/${ref:apps/nope}\n"),
			6, "dangling reference ${ref:apps/nope}", model.SeverityError},
		{"group target naming an app", role("USER_ADMIN", "  targets:\n    groups:\n      - ${ref:apps/portal}\n"),
			6, "must refer to a groups object, but apps/portal is a apps", model.SeverityError},
		{"a custom role", role("CUSTOM", ""), 4, "schema: at /body/type", model.SeverityError},
		{"no type", "kind: group-role-assignments\nname: app-admin\nbody:\n  targets:\n    apps: []\n",
			3, "schema: at /body: missing properties: 'type'", model.SeverityError},
		{"targets of an unknown kind", role("APP_ADMIN", "  targets:\n    users: []\n"), 4, "schema: at /body/targets", model.SeverityError},
		{"an app instance by ID", role("APP_ADMIN", "  targets:\n    apps:\n      - oidc_client/0oa1abcdEFGH2345ijk7\n"),
			6, "targets.apps[]: ID 0oa1abcdEFGH2345ijk7 points outside the export", model.SeverityWarning},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for f, c := range validTree {
				files[f] = c
			}
			files["apps/portal.yaml"] = app
			files[file] = tt.body
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
			if hit.File != file || hit.Line != tt.line || hit.Severity != tt.sev {
				t.Errorf("got %s, want %s:%d %s", hit, file, tt.line, tt.sev)
			}
		})
	}
}

// TestValidateClientRoles: a service app's admin roles are checked as a
// group's are.
func TestValidateClientRoles(t *testing.T) {
	reg := testRegistry(t)
	const file = "apps/portal/roles/read-only-admin.yaml"
	files := map[string]string{}
	for f, c := range validTree {
		files[f] = c
	}
	files[file] = "kind: client-role-assignments\nname: read-only-admin\nbody:\n  targets:\n    groups:\n      - ${ref:groups/engineering}\n  type: READ_ONLY_ADMIN\n"
	s, problems := Read(writeFiles(t, files), reg)
	problems = append(problems, Validate(s, reg)...)
	if len(problems) != 1 || problems[0].File != file || problems[0].Line != 5 ||
		!strings.Contains(problems[0].Message, "a READ_ONLY_ADMIN Service app admin role takes no targets.groups") {
		t.Fatalf("problems: %v", problems)
	}
}
