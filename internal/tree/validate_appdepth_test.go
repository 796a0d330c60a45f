package tree

import (
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
)

// TestValidateAppDepth: bad input in each kind below an app, and in a
// profile mapping, is an error (or a warning) at its file and line, with a
// hint, before anything reaches the org. (A provisioning token in clear is
// plan's to report: scenario provisioning-token-in-clear.)
func TestValidateAppDepth(t *testing.T) {
	reg := testRegistry(t)
	tests := []struct {
		name, file, body string
		line             int
		want             string
		sev              model.Severity
	}{
		{"user schema: attribute without a type", "apps/portal/user-schema/default.yaml",
			"kind: app-user-schemas\nname: default\nbody:\n  definitions:\n    custom:\n      properties:\n        costCenter:\n          type: strng\n",
			8, "schema: at /body/definitions/custom/properties/costCenter/type", model.SeverityError},
		{"provisioning: unknown status", "apps/portal/provisioning/default.yaml",
			"kind: app-provisioning-connections\nname: default\nbody:\n  profile:\n    authScheme: TOKEN\n    token: ${secret:PORTAL_SCIM_TOKEN}\n  status: ACTIVE\n",
			7, "schema: at /body/status", model.SeverityError},
		{"feature: bad capability status", "apps/portal/features/user-provisioning.yaml",
			"kind: app-features\nname: user-provisioning\nbody:\n  name: USER_PROVISIONING\n  capabilities:\n    update:\n      profile:\n        status: ON\n",
			8, "schema: at /body/capabilities/update/profile/status", model.SeverityError},
		{"group push: source is not a group", "apps/portal/group-push/engineering.yaml",
			"kind: group-push-mappings\nname: engineering\nbody:\n  sourceGroupId: ${ref:apps/portal}\n  targetGroupName: okta-engineering\n",
			4, "sourceGroupId must refer to a groups object, but apps/portal is a apps", model.SeverityError},
		{"group push: no target name", "apps/portal/group-push/engineering.yaml",
			"kind: group-push-mappings\nname: engineering\nbody:\n  sourceGroupId: ${ref:groups/engineering}\n",
			3, "missing properties: 'targetGroupName'", model.SeverityError},
		{"federated claim: no expression", "apps/portal/federated-claims/cost-center.yaml",
			"kind: app-federated-claims\nname: cost-center\nbody:\n  name: cost_center\n",
			3, "missing properties: 'expression'", model.SeverityError},
		{"scope grant: no scope", "apps/portal/grants/okta-users-read.yaml",
			"kind: app-scope-grants\nname: okta-users-read\nbody:\n  issuer: ${org:url}\n",
			3, "missing properties: 'scopeId'", model.SeverityError},
		{"scope grant: issuer not the org's URL", "apps/portal/grants/okta-users-read.yaml",
			"kind: app-scope-grants\nname: okta-users-read\nbody:\n  issuer: ${org:url}/oauth2/default\n  scopeId: okta.users.read\n",
			4, "has none of the forms this field takes", model.SeverityError},
		{"profile mapping: source of no mapped kind", "profile-mappings/engineering/portal.yaml",
			"kind: profile-mappings\nname: engineering/portal\nbody:\n  source:\n    id: ${ref:groups/engineering}\n  target:\n    id: ${ref:apps/portal}\n",
			5, "source.id must refer to a user-types or apps or idps object, but groups/engineering is a groups", model.SeverityError},
		{"profile mapping: dangling target", "profile-mappings/portal/user.yaml",
			"kind: profile-mappings\nname: portal/user\nbody:\n  source:\n    id: ${ref:apps/portal}\n  target:\n    id: ${ref:user-types/nope}\n",
			7, "dangling reference ${ref:user-types/nope}", model.SeverityError},
		{"profile mapping: an app ID left in it", "profile-mappings/portal/user.yaml",
			"kind: profile-mappings\nname: portal/user\nbody:\n  source:\n    id: 0oa1abcdEFGH2345ijk7\n  target:\n    id: ${ref:apps/portal}\n",
			5, "source.id: ID 0oa1abcdEFGH2345ijk7 points outside the export", model.SeverityWarning},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for f, c := range validTree {
				files[f] = c
			}
			files[tt.file] = tt.body
			s, problems := Read(writeFiles(t, files), reg)
			problems = append(problems, Validate(s, reg)...)
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
			if hit.Hint == "" {
				t.Errorf("no hint: %s", hit)
			}
		})
	}
}
