package tree

import (
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
)

// securityTree is a valid tree of the sign-in security kinds; each case
// below replaces or adds one file, and the problem must be reported at its
// line.
var securityTree = map[string]string{
	"network-zones/office.yaml":                                    "kind: network-zones\nname: office\nbody:\n  name: Office\n  type: IP\n",
	"behaviors/new-city.yaml":                                      "kind: behaviors\nname: new-city\nrole: New City\nbody:\n  name: New City\n  settings:\n    granularity: CITY\n  type: ANOMALOUS_LOCATION\n",
	"captchas/bots.yaml":                                           "kind: captchas\nname: bots\nbody:\n  name: Bots\n  secretKey: ${secret:CAPTCHA_SECRET}\n  siteKey: site\n  type: HCAPTCHA\n",
	"org-captcha-settings/default.yaml":                            "kind: org-captcha-settings\nname: default\nbody:\n  captchaId: ${ref:captchas/bots}\n  enabledPages:\n    - SSR\n",
	"threat-insight/default.yaml":                                  "kind: threat-insight\nname: default\nbody:\n  action: audit\n  excludeZones:\n    - ${ref:network-zones/office}\n",
	"user-lockout-settings/default.yaml":                           "kind: user-lockout-settings\nname: default\nbody:\n  preventBruteForceLockoutFromUnknownDevices: true\n",
	"device-assurance-policies/macs.yaml":                          "kind: device-assurance-policies\nname: macs\nbody:\n  name: Macs\n  osVersion:\n    minimum: \"14.0\"\n  platform: MACOS\n",
	"ui-schemas/profile-enrollment-portal.yaml":                    "kind: ui-schemas\nname: profile-enrollment-portal\nbody:\n  uiSchema:\n    elements:\n      - label: Email\n        scope: '#/properties/email'\n",
	"policies/profile-enrollment/portal.yaml":                      "kind: policies\nname: profile-enrollment/portal\nbody:\n  name: Portal\n  type: PROFILE_ENROLLMENT\n",
	"policies/profile-enrollment/portal/rules/catch-all-rule.yaml": "kind: policy-rules\nname: catch-all-rule\nrole: default-rule\nbody:\n  actions:\n    profileEnrollment:\n      uiSchemaId: ${ref:ui-schemas/profile-enrollment-portal}\n  name: Catch-all Rule\n",
}

func TestValidateSecurityKinds(t *testing.T) {
	reg := testRegistry(t)
	s, problems := Read(writeFiles(t, securityTree), reg)
	problems = append(problems, Validate(s, reg)...)
	if len(problems) > 0 {
		t.Fatalf("the valid tree has problems: %v", problems)
	}
	tests := []struct {
		name, file, body string
		line             int
		want             string
	}{
		{"behavior without a type", "behaviors/b.yaml", "kind: behaviors\nname: b\nbody:\n  name: B\n", 3, "missing properties: 'type'"},
		{"behavior radius not a number", "behaviors/b.yaml", "kind: behaviors\nname: b\nbody:\n  name: B\n  settings:\n    radiusKilometers: far\n  type: ANOMALOUS_LOCATION\n", 6, "/body/settings/radiusKilometers"},
		{"behavior granularity", "behaviors/b.yaml", "kind: behaviors\nname: b\nbody:\n  name: B\n  settings:\n    granularity: STREET\n  type: ANOMALOUS_LOCATION\n", 6, "/body/settings/granularity"},
		{"device assurance without a platform", "device-assurance-policies/d.yaml", "kind: device-assurance-policies\nname: d\nbody:\n  name: D\n", 3, "missing properties: 'platform'"},
		{"CAPTCHA secret written as a value", "captchas/bots.yaml", "kind: captchas\nname: bots\nbody:\n  name: Bots\n  secretKey: hunter2\n  siteKey: site\n  type: HCAPTCHA\n", 5, "/body/secretKey"},
		{"CAPTCHA type", "captchas/bots.yaml", "kind: captchas\nname: bots\nbody:\n  name: Bots\n  secretKey: ${secret:CAPTCHA_SECRET}\n  siteKey: site\n  type: FUNCAPTCHA\n", 7, "/body/type"},
		{"CAPTCHA page", "org-captcha-settings/default.yaml", "kind: org-captcha-settings\nname: default\nbody:\n  captchaId: ${ref:captchas/bots}\n  enabledPages:\n    - EVERYWHERE\n", 6, "/body/enabledPages/0"},
		{"CAPTCHA reference to the wrong kind", "org-captcha-settings/default.yaml", "kind: org-captcha-settings\nname: default\nbody:\n  captchaId: ${ref:behaviors/new-city}\n", 4, "captchaId must refer to a captchas object"},
		{"ThreatInsight action", "threat-insight/default.yaml", "kind: threat-insight\nname: default\nbody:\n  action: panic\n", 4, "/body/action"},
		{"ThreatInsight excluded zone that dangles", "threat-insight/default.yaml", "kind: threat-insight\nname: default\nbody:\n  action: block\n  excludeZones:\n    - ${ref:network-zones/ofice}\n", 6, "dangling reference ${ref:network-zones/ofice}"},
		{"lockout flag not a boolean", "user-lockout-settings/default.yaml", "kind: user-lockout-settings\nname: default\nbody:\n  preventBruteForceLockoutFromUnknownDevices: sometimes\n", 4, "/body/preventBruteForceLockoutFromUnknownDevices"},
		{"form element scope", "ui-schemas/profile-enrollment-portal.yaml", "kind: ui-schemas\nname: profile-enrollment-portal\nbody:\n  uiSchema:\n    elements:\n      - scope: email\n", 6, "/body/uiSchema/elements/0/scope"},
		{"rule form of the wrong kind", "policies/profile-enrollment/portal/rules/catch-all-rule.yaml", "kind: policy-rules\nname: catch-all-rule\nrole: default-rule\nbody:\n  actions:\n    profileEnrollment:\n      uiSchemaId: ${ref:captchas/bots}\n  name: Catch-all Rule\n", 7, "uiSchemaId must refer to a ui-schemas object"},
		{"workflow reference", "policies/profile-enrollment/portal/rules/catch-all-rule.yaml", "kind: policy-rules\nname: catch-all-rule\nrole: default-rule\nbody:\n  actions:\n    postAuthSession:\n      failureActions:\n        - action: RUN_WORKFLOW\n          workflow:\n            id: ${ref:groups/x}\n  name: Catch-all Rule\n", 10, "points to workflows, which oktasync does not export"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for f, c := range securityTree {
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
			if hit.File != tt.file || hit.Line != tt.line || hit.Severity != model.SeverityError {
				t.Errorf("got %s, want %s:%d error", hit, tt.file, tt.line)
			}
		})
	}
}
