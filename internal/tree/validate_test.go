package tree

import (
	"fmt"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/model"
)

// validTree is a small tree that validates cleanly; cases below add or
// replace one file each.
var validTree = map[string]string{
	"groups/engineering.yaml": goodGroup,
	"groups/everyone.yaml":    "kind: groups\nname: everyone\nrole: Everyone\nbody:\n  profile:\n    name: Everyone\n",
	"apps/portal.yaml": `kind: apps
name: portal
relations:
  accessPolicy: ${ref:policies/access-policy/portal}
body:
  label: Portal
  signOnMode: OPENID_CONNECT
  status: ACTIVE
`,
	"policies/access-policy/portal.yaml":                 "kind: policies\nname: access-policy/portal\nbody:\n  name: Portal\n  type: ACCESS_POLICY\n",
	"authorization-servers/default.yaml":                 "kind: authorization-servers\nname: default\nrole: default\nbody:\n  audiences:\n    - api://default\n  name: default\n",
	"authorization-servers/default/scopes/api-read.yaml": "kind: auth-server-scopes\nname: api-read\nbody:\n  name: api:read\n",
	"authorization-servers/other.yaml":                   "kind: authorization-servers\nname: other\nbody:\n  audiences:\n    - api://other\n  name: other\n",
	"authorization-servers/other/scopes/api-read.yaml":   "kind: auth-server-scopes\nname: api-read\nbody:\n  name: api:read\n",
}

func TestValidateValidTree(t *testing.T) {
	reg := testRegistry(t)
	s, problems := Read(writeFiles(t, validTree), reg)
	problems = append(problems, Validate(s, reg)...)
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	if ps := Validate(sampleSnapshot(t), reg); len(ps) > 0 {
		t.Fatalf("sample problems: %v", ps)
	}
}

func TestValidateProblems(t *testing.T) {
	reg := testRegistry(t)
	tests := []struct {
		name string
		file string
		body string
		// want is the problem expected at file:line.
		line int
		want string
		sev  model.Severity
	}{
		{"schema: bad status", "groups/sales.yaml", "kind: apps\nname: sales\nbody:\n  label: Sales\n  signOnMode: BOOKMARK\n  status: ENABLED\n", 0, "", 0},
		{"schema: status enum", "apps/sales.yaml", "kind: apps\nname: sales\nbody:\n  label: Sales\n  signOnMode: BOOKMARK\n  status: ENABLED\n",
			6, `schema: at /body/status: value must be one of "ACTIVE", "INACTIVE" (or a ${var:NAME} placeholder)`, model.SeverityError},
		{"schema: missing identity field", "groups/sales.yaml", "kind: groups\nname: sales\nbody:\n  profile:\n    description: no name\n",
			4, "schema: at /body/profile: missing properties: 'name'", model.SeverityError},
		{"schema: wrong type", "policies/access-policy/p2.yaml", "kind: policies\nname: access-policy/p2\nbody:\n  name: P2\n  priority: high\n  type: ACCESS_POLICY\n",
			5, "schema: at /body/priority: expected integer, but got string", model.SeverityError},
		{"schema: variable accepted", "policies/access-policy/p2.yaml", "kind: policies\nname: access-policy/p2\nbody:\n  name: P2\n  priority: ${var:PRIO}\n  type: ACCESS_POLICY\n  status: ${var:STATUS}\n",
			0, "", 0},
		{"schema: too long", "group-rules/r.yaml", "kind: group-rules\nname: r\nbody:\n  name: " + strings.Repeat("n", 51) + "\n",
			4, "schema: at /body/name: length must be <= 50", model.SeverityError},
		{"dangling reference", "group-rules/r.yaml", "kind: group-rules\nname: r\nbody:\n  name: R\n  actions:\n    assignUserToGroups:\n      groupIds:\n        - ${ref:groups/engineering}\n        - ${ref:groups/enginering}\n",
			9, "dangling reference ${ref:groups/enginering}", model.SeverityError},
		{"dangling reference in an expression", "group-rules/r.yaml", "kind: group-rules\nname: r\nbody:\n  name: R\n  conditions:\n    expression:\n      value: isMemberOfAnyGroup(\"${ref:groups/nope}\")\n",
			7, "dangling reference ${ref:groups/nope}", model.SeverityError},
		{"reference to the wrong kind", "group-rules/r.yaml", "kind: group-rules\nname: r\nbody:\n  name: R\n  actions:\n    assignUserToGroups:\n      groupIds:\n        - ${ref:apps/portal}\n",
			8, "actions.assignUserToGroups.groupIds[] must refer to a groups object, but apps/portal is a apps", model.SeverityError},
		{"scope of another authorization server", "authorization-servers/default/policies/p.yaml", "kind: auth-server-policies\nname: p\nbody:\n  name: P\n",
			0, "", 0},
		{"scope must be within the same server", "authorization-servers/default/claims/resource/c.yaml",
			"kind: auth-server-claims\nname: resource/c\nbody:\n  name: c\n  claimType: RESOURCE\n  valueType: EXPRESSION\n  conditions:\n    scopes:\n      - ${ref:authorization-servers/other/scopes/api-read}\n",
			9, "must refer to an object under authorization-servers/default, not authorization-servers/other/scopes/api-read", model.SeverityError},
		{"duplicate identity", "groups/engineering-2.yaml", "kind: groups\nname: engineering-2\nbody:\n  profile:\n    name: Engineering\n",
			1, "duplicate identity profile.name=\"Engineering\": groups/engineering.yaml and groups/engineering-2.yaml are the same groups", model.SeverityError},
		{"duplicate role", "groups/zz-all.yaml", "kind: groups\nname: zz-all\nrole: Everyone\nbody:\n  profile:\n    name: All\n",
			1, `duplicate role "Everyone": groups/everyone.yaml and groups/zz-all.yaml`, model.SeverityError},
		{"SMTP port out of range", "email-servers/relay.yaml", "kind: email-servers\nname: relay\nbody:\n  alias: Relay\n  host: smtp.example.com\n  password: ${secret:SMTP}\n  port: 70000\n  username: okta\n",
			7, "schema: at /body/port: must be <= 65535 but found 70000", model.SeverityError},
		{"SMTP server without a password", "email-servers/relay.yaml", "kind: email-servers\nname: relay\nbody:\n  alias: Relay\n  host: smtp.example.com\n  port: 587\n  username: okta\n",
			3, "schema: at /body: missing properties: 'password'", model.SeverityError},
		{"SMTP port from a variable", "email-servers/relay.yaml", "kind: email-servers\nname: relay\nbody:\n  alias: Relay\n  host: smtp.example.com\n  password: ${secret:SMTP}\n  port: ${var:SMTP_PORT}\n  username: okta\n",
			0, "", 0},
		{"SMS template too long", "sms-templates/code.yaml", "kind: sms-templates\nname: code\nbody:\n  name: Code\n  template: " + strings.Repeat("x", 162) + "\n  type: SMS_VERIFY_CODE\n",
			5, "schema: at /body/template: length must be <= 161", model.SeverityError},
		{"SMS translation not text", "sms-templates/code.yaml", "kind: sms-templates\nname: code\nbody:\n  name: Code\n  template: ${code}\n  translations:\n    fr:\n      text: ${code}\n  type: SMS_VERIFY_CODE\n",
			7, "schema: at /body/translations/fr: expected string or null, but got object", model.SeverityError},
		{"SMS template without a type", "sms-templates/code.yaml", "kind: sms-templates\nname: code\nbody:\n  name: Code\n  template: ${code}\n",
			3, "schema: at /body: missing properties: 'type'", model.SeverityError},
		{"sign-out page without a type", "brands/b/sign-out-page/default.yaml", "kind: sign-out-pages\nname: default\nbody:\n  url: https://example.com/bye\n",
			3, "schema: at /body: missing properties: 'type'", model.SeverityError},
		{"sign-in page content not text", "brands/b/sign-in-page/customized.yaml", "kind: sign-in-pages\nname: customized\nbody:\n  pageContent:\n    html: <html></html>\n  widgetVersion: ^7\n",
			4, "schema: at /body/pageContent: expected string or null, but got object", model.SeverityError},
		{"sign-in page widget customizations a list", "brands/b/sign-in-page/preview.yaml", "kind: sign-in-page-previews\nname: preview\nbody:\n  widgetCustomizations:\n    - helpLabel\n",
			4, "schema: at /body/widgetCustomizations: expected object or null, but got array", model.SeverityError},
		{"error page CSP sources not a list", "brands/b/error-page/customized.yaml", "kind: error-pages\nname: customized\nbody:\n  contentSecurityPolicySetting:\n    mode: enforced\n    srcList: https://cdn.example.com\n  pageContent: <html></html>\n",
			6, "schema: at /body/contentSecurityPolicySetting/srcList: expected array or null, but got string", model.SeverityError},
		{"sign-in page preview in the customized page's file", "brands/b/sign-in-page/customized.yaml", "kind: sign-in-page-previews\nname: customized\nbody:\n  pageContent: <html></html>\n",
			1, "a sign-in-page-previews file is named preview.yaml in this directory; customized.yaml holds sign-in-pages", model.SeverityError},
		{"error page under another name", "brands/b/error-page/draft.yaml", "kind: error-pages\nname: draft\nbody:\n  pageContent: <html></html>\n",
			2, `error-pages has one object, named "customized", not "draft"`, model.SeverityError},
		{"email template: unknown recipients", "brands/b/email-templates/useractivation.yaml", "kind: email-template-settings\nname: useractivation\nbody:\n  name: UserActivation\n  recipients: EVERYONE\n",
			5, `schema: at /body/recipients`, model.SeverityError},
		{"email template: no recipients", "brands/b/email-templates/useractivation.yaml", "kind: email-template-settings\nname: useractivation\nbody:\n  name: UserActivation\n",
			3, "schema: at /body: missing properties: 'recipients'", model.SeverityError},
		{"email customization without a subject", "brands/b/email-templates/useractivation/customizations/en.yaml", "kind: email-customizations\nname: en\nbody:\n  body: <p>Hi</p>\n  isDefault: true\n  language: en\n",
			3, "schema: at /body: missing properties: 'subject'", model.SeverityError},
		{"email customization: isDefault not a boolean", "brands/b/email-templates/useractivation/customizations/en.yaml", "kind: email-customizations\nname: en\nbody:\n  body: <p>Hi</p>\n  isDefault: \"yes\"\n  language: en\n  subject: Hi\n",
			5, "schema: at /body/isDefault", model.SeverityError},
		{"custom domain in capitals", "custom-domains/login.yaml", "kind: custom-domains\nname: login\nbody:\n  brandId: ${var:BRAND}\n  certificateSourceType: OKTA_MANAGED\n  domain: Login.Example.com\n",
			6, "schema: at /body/domain: does not match pattern", model.SeverityError},
		{"custom domain from a variable", "custom-domains/login.yaml", "kind: custom-domains\nname: login\nbody:\n  brandId: ${var:BRAND}\n  certificateSourceType: OKTA_MANAGED\n  domain: login.${var:ENV}.example.com\n",
			0, "", 0},
		{"custom domain without a brand", "custom-domains/login.yaml", "kind: custom-domains\nname: login\nbody:\n  certificateSourceType: OKTA_MANAGED\n  domain: login.example.com\n",
			3, "schema: at /body: missing properties: 'brandId'", model.SeverityError},
		{"custom domain on something not a brand", "custom-domains/login.yaml", "kind: custom-domains\nname: login\nbody:\n  brandId: ${ref:apps/portal}\n  certificateSourceType: OKTA_MANAGED\n  domain: login.example.com\n",
			4, "brandId must refer to a brands object, but apps/portal is a apps", model.SeverityError},
		{"custom domain: unknown certificate source", "custom-domains/login.yaml", "kind: custom-domains\nname: login\nbody:\n  brandId: ${var:BRAND}\n  certificateSourceType: SELF\n  domain: login.example.com\n",
			5, "schema: at /body/certificateSourceType", model.SeverityError},
		{"the default custom domain holds only its brand", "custom-domains/default.yaml", "kind: custom-domains\nname: default\nrole: default\nbody:\n  brandId: ${var:BRAND}\n  certificateSourceType: OKTA_MANAGED\n",
			0, "", 0},
		{"email domain without a brand", "email-domains/mail.yaml", "kind: email-domains\nname: mail\nbody:\n  displayName: Mail\n  domain: mail.example.com\n  userName: noreply\n",
			3, "schema: at /body: missing properties: 'brandId'", model.SeverityError},
		{"email domain: user name with a space", "email-domains/mail.yaml", "kind: email-domains\nname: mail\nbody:\n  brandId: ${var:BRAND}\n  displayName: Mail\n  domain: mail.example.com\n  userName: no reply\n",
			7, "schema: at /body/userName", model.SeverityError},
		{"ID pointing outside the export", "group-rules/r.yaml", "kind: group-rules\nname: r\nbody:\n  name: R\n  actions:\n    assignUserToGroups:\n      groupIds:\n        - 00g1abcdEFGH2345ijk7\n",
			8, "actions.assignUserToGroups.groupIds[]: ID 00g1abcdEFGH2345ijk7 points outside the export", model.SeverityWarning},
		{"ID inside an expression", "group-rules/r.yaml", "kind: group-rules\nname: r\nbody:\n  name: R\n  conditions:\n    expression:\n      value: isMemberOfAnyGroup(\"00g1abcdEFGH2345ijk7\")\n",
			7, "conditions.expression.value: ID 00g1abcdEFGH2345ijk7 points outside the export", model.SeverityWarning},
		{"user ID in an external field", "group-rules/r.yaml", "kind: group-rules\nname: r\nbody:\n  name: R\n  conditions:\n    people:\n      users:\n        exclude:\n          - 00u1abcdEFGH2345ijk7\n",
			9, "conditions.people.users.exclude[]: ID 00u1abcdEFGH2345ijk7 points outside the export", model.SeverityWarning},
		{"reference in a user field", "group-rules/r.yaml", "kind: group-rules\nname: r\nbody:\n  name: R\n  conditions:\n    people:\n      users:\n        exclude:\n          - ${ref:groups/engineering}\n",
			9, "conditions.people.users.exclude[] holds users, which are not in the tree, so it cannot hold a reference", model.SeverityError},
		{"reference in an external field", "apps/portal.yaml", "kind: apps\nname: portal\nbody:\n  label: Portal\n  signOnMode: OPENID_CONNECT\n  settings:\n    identityStoreId: ${ref:groups/engineering}\n",
			7, "points to identity-sources, which oktasync does not export", model.SeverityError},
		{"login in a user field", "group-rules/r.yaml", "kind: group-rules\nname: r\nbody:\n  name: R\n  conditions:\n    people:\n      users:\n        exclude:\n          - ${user:alice@example.com}\n",
			0, "", 0},
		{"login in another field", "groups/sales.yaml", "kind: groups\nname: sales\nbody:\n  profile:\n    name: Sales\n    description: owned by ${user:alice@example.com}\n",
			6, "profile.description is not a field that holds ORNs, URLs or users, so it cannot hold ${user:…}", model.SeverityError},
		{"login in a reference field", "apps/portal/groups/x.yaml", "kind: app-group-assignments\nname: x\nbody:\n  id: ${user:alice@example.com}\n",
			4, "id does not hold users, so it cannot hold ${user:alice@example.com}", model.SeverityError},
		{"org token outside an ORN", "groups/sales.yaml", "kind: groups\nname: sales\nbody:\n  profile:\n    name: Sales ${org:id}\n",
			5, "cannot hold ${org:…}", model.SeverityError},
		{"malformed org token", "groups/sales.yaml", "kind: groups\nname: sales\nbody:\n  profile:\n    name: Sales ${org:host}\n",
			5, "the org's parts are ${org:id}, ${org:partition} and ${org:url}", model.SeverityError},
		{"ORN in its portable form", "test-resource-sets/s.yaml", "kind: test-resource-sets\nname: s\nbody:\n  label: S\n  resources:\n    - orn:${org:partition}:directory:${org:id}:groups:${ref:groups/engineering}\n    - orn:${org:partition}:directory:${org:id}:users\n    - orn:${org:partition}:idp:${org:id}:apps:oidc_client:${ref:apps/portal}\n",
			0, "", 0},
		{"ORN with a reference to the wrong kind", "test-resource-sets/s.yaml", "kind: test-resource-sets\nname: s\nbody:\n  label: S\n  resources:\n    - orn:${org:partition}:directory:${org:id}:groups:${ref:apps/portal}\n",
			6, "resources[] must refer to a groups object, but apps/portal is a apps", model.SeverityError},
		{"ORN of no known form", "test-resource-sets/s.yaml", "kind: test-resource-sets\nname: s\nbody:\n  label: S\n  resources:\n    - orn:${org:partition}:directory:${org:id}:teams:${ref:groups/engineering}\n",
			6, "has none of the forms this field takes", model.SeverityError},
		{"ORN with the org's ID left in it", "test-resource-sets/s.yaml", "kind: test-resource-sets\nname: s\nbody:\n  label: S\n  resources:\n    - orn:okta:directory:00o1abcdEFGH2345ijk7:groups:${ref:groups/engineering}\n",
			6, "has none of the forms this field takes", model.SeverityError},
		{"literal ORN of an unknown form", "test-resource-sets/s.yaml", "kind: test-resource-sets\nname: s\nbody:\n  label: S\n  resources:\n    - orn:okta:directory:00o1abcdEFGH2345ijk7:teams\n",
			6, "has none of the forms oktasync knows, so it is kept as written", model.SeverityWarning},
		{"ORN with a group ID left in it", "test-resource-sets/s.yaml", "kind: test-resource-sets\nname: s\nbody:\n  label: S\n  resources:\n    - orn:${org:partition}:directory:${org:id}:groups:00g1abcdEFGH2345ijk7\n",
			6, "resources[]: ID 00g1abcdEFGH2345ijk7 points outside the export", model.SeverityWarning},
		{"text around a reference", "apps/portal/groups/x.yaml", "kind: app-group-assignments\nname: x\nbody:\n  id: x-${ref:groups/engineering}\n",
			4, "id must hold a single reference", model.SeverityError},
		{"malformed placeholder", "groups/sales.yaml", "kind: groups\nname: sales\nbody:\n  profile:\n    name: Sales\n    description: ${var:lower}\n",
			6, `malformed placeholder "${var:lower}"`, model.SeverityError},
		{"literal is not a reference", "authorization-servers/default/policies/p.yaml", "kind: auth-server-policies\nname: p\nbody:\n  name: P\n  conditions:\n    clients:\n      include:\n        - ALL_CLIENTS\n",
			0, "", 0},
		{"role on a kind without system objects", "group-rules/r.yaml", "kind: group-rules\nname: r\nrole: x\nbody:\n  name: R\n",
			3, "group-rules objects have no system objects", model.SeverityError},
		{"unknown relation", "apps/p2.yaml", "kind: apps\nname: p2\nrelations:\n  signOnPolicy: ${ref:policies/access-policy/portal}\nbody:\n  label: P2\n  signOnMode: BOOKMARK\n",
			4, `unknown relation "signOnPolicy"`, model.SeverityError},
		{"relation to the wrong kind", "apps/p2.yaml", "kind: apps\nname: p2\nrelations:\n  accessPolicy: ${ref:groups/engineering}\nbody:\n  label: P2\n  signOnMode: BOOKMARK\n",
			4, `relation "accessPolicy" must refer to a policies object, but groups/engineering is a groups`, model.SeverityError},
		{"relation not a reference", "apps/p2.yaml", "kind: apps\nname: p2\nrelations:\n  accessPolicy: rst1abcdEFGH2345ijk7\nbody:\n  label: P2\n  signOnMode: BOOKMARK\n",
			4, `relation "accessPolicy" must be a ${ref:<path>}`, model.SeverityError},
		{"relation that dangles", "apps/p2.yaml", "kind: apps\nname: p2\nrelations:\n  accessPolicy: ${ref:policies/access-policy/nope}\nbody:\n  label: P2\n  signOnMode: BOOKMARK\n",
			4, `dangling reference ${ref:policies/access-policy/nope}`, model.SeverityError},
		{"group names that differ only by case", "groups/engineering-caps.yaml", "kind: groups\nname: engineering-caps\nbody:\n  profile:\n    name: ENGINEERING\n",
			1, `profile.name="ENGINEERING" and profile.name="Engineering" (groups/engineering.yaml) differ only by case`, model.SeverityError},
		{"a new group named like a system group", "groups/all.yaml", "kind: groups\nname: all\nbody:\n  profile:\n    name: EVERYONE\n",
			5, `profile.name="EVERYONE" is the name of a system group that Okta keeps in every org`, model.SeverityError},
		{"a system group's name when the tree lacks it", "groups/admins.yaml", "kind: groups\nname: admins\nbody:\n  profile:\n    name: Okta Administrators\n",
			5, `profile.name="Okta Administrators" is the name of a system group`, model.SeverityError},
		{"the lock marker's name", "groups/lock.yaml", "kind: groups\nname: lock\nbody:\n  profile:\n    name: oktasync-apply-lock\n",
			5, "reserved for oktasync's apply lock", model.SeverityError},
		{"NUL in a name", "groups/sales.yaml", "kind: groups\nname: sales\nbody:\n  profile:\n    name: \"Sa\\0les\"\n",
			5, `control character U+0000 in "Sa\u0000les"`, model.SeverityError},
		{"line break in a name", "groups/sales.yaml", "kind: groups\nname: sales\nbody:\n  profile:\n    name: \"Sales\\nTeam\"\n",
			5, "control character U+000A", model.SeverityError},
		{"escape character in a description", "groups/sales.yaml", "kind: groups\nname: sales\nbody:\n  profile:\n    description: \"red \\e[31m\"\n    name: Sales\n",
			5, "control character U+001B", model.SeverityError},
		{"zero-width space", "groups/sales.yaml", "kind: groups\nname: sales\nbody:\n  profile:\n    name: \"Sales\\u200b\"\n",
			5, `invisible character U+200B in "Sales\u200b"`, model.SeverityWarning},
		{"Cyrillic look-alike", "groups/sales.yaml", "kind: groups\nname: sales\nbody:\n  profile:\n    name: \"S\\u0430les\"\n",
			5, `"S\u0430les" mixes Latin and Cyrillic letters in one word`, model.SeverityWarning},
		{"secret outside a secret field", "groups/sales.yaml", "kind: groups\nname: sales\nbody:\n  profile:\n    description: key ${secret:SALES_KEY}\n    name: Sales\n",
			5, "profile.description is not a secret field of groups, so ${secret:SALES_KEY} would be stored in clear", model.SeverityError},
		{"secret in a hook's URL", "event-hooks/audit.yaml", "kind: event-hooks\nname: audit\nbody:\n  name: Audit\n  channel:\n    config:\n      uri: https://audit.example.com/${secret:AUDIT_TOKEN}\n",
			7, "channel.config.uri is not a secret field of event-hooks", model.SeverityError},
		{"a type error nested in a body", "policies/password/strong.yaml",
			"kind: policies\nname: password/strong\nbody:\n  name: Strong\n  type: PASSWORD\n  settings:\n    password:\n      complexity:\n        minLength: twelve\n",
			9, `type: at /body/settings/password/complexity/minLength: expected number, but got string "twelve"`, model.SeverityError},
		{"nested types Okta accepts", "policies/password/lenient.yaml",
			"kind: policies\nname: password/lenient\nbody:\n  name: Lenient\n  type: PASSWORD\n  settings:\n    password:\n      complexity:\n        minLength: \"12\"\n        minNumber: ${var:MIN_NUMBER}\n        minSymbol: null\n        futureField: {x: 1}\n",
			0, "", 0},
		{"child without its parent", "apps/missing/groups/engineering.yaml", "kind: app-group-assignments\nname: engineering\nbody:\n  id: ${ref:groups/engineering}\n",
			1, "parent apps/missing is not in the tree", model.SeverityError},
		{"hook key without a name", "hook-keys/k.yaml", "kind: hook-keys\nname: k\nbody:\n  name: \"\"\n",
			4, "schema: at /body/name: length must be >= 1", model.SeverityError},
		{"inline hook signing with a group", "inline-hooks/jwt.yaml",
			"kind: inline-hooks\nname: jwt\nbody:\n  name: JWT\n  type: com.okta.oauth2.tokens.transform\n  version: 1.0.0\n  channel:\n    type: OAUTH\n    version: 1.0.0\n    config:\n      uri: https://x.example.com\n      authType: private_key_jwt\n      hookKeyId: ${ref:groups/engineering}\n",
			13, "channel.config.hookKeyId must refer to a hook-keys object, but groups/engineering is a groups", model.SeverityError},
		{"authenticator method without its type", "authenticators/webauthn/methods/webauthn.yaml",
			"kind: authenticator-methods\nname: webauthn\nbody:\n  status: ACTIVE\n",
			3, "schema: at /body: missing properties: 'type'", model.SeverityError},
		{"authenticator method: an AAGUID group without a name", "authenticators/webauthn/methods/webauthn.yaml",
			"kind: authenticator-methods\nname: webauthn\nbody:\n  type: webauthn\n  settings:\n    aaguidGroups:\n      - aaguids: []\n",
			7, "missing properties: 'name'", model.SeverityError},
		{"push provider: APNs without its key", "push-providers/ios.yaml",
			"kind: push-providers\nname: ios\nbody:\n  name: iOS\n  providerType: APNS\n  configuration:\n    keyId: ABC123DEFG\n    teamId: DEF123GHIJ\n",
			6, "schema: at /body/configuration: missing properties: 'tokenSigningKey'", model.SeverityError},
		{"push provider: FCM without its key", "push-providers/android.yaml",
			"kind: push-providers\nname: android\nbody:\n  name: Android\n  providerType: FCM\n  configuration:\n    fileName: x.json\n",
			6, "schema: at /body/configuration: missing properties: 'serviceAccountJson'", model.SeverityError},
		{"authenticator pushing through a group", "authenticators/push.yaml",
			"kind: authenticators\nname: push\nbody:\n  key: custom_app\n  name: Push\n  provider:\n    type: PUSH\n    configuration:\n      apns:\n        id: ${ref:groups/engineering}\n",
			10, "provider.configuration.apns.id must refer to a push-providers object, but groups/engineering is a groups", model.SeverityError},
		{"log stream: EventBridge settings incomplete", "log-streams/lake.yaml",
			"kind: log-streams\nname: lake\nbody:\n  name: Lake\n  type: aws_eventbridge\n  settings:\n    accountId: \"123456789012\"\n    eventSourceName: lake\n",
			6, "schema: at /body/settings: missing properties: 'region'", model.SeverityError},
		{"log stream: Splunk without its token", "log-streams/siem.yaml",
			"kind: log-streams\nname: siem\nbody:\n  name: SIEM\n  type: splunk_cloud_logstreaming\n  settings:\n    edition: aws\n    host: acme.splunkcloud.com\n",
			6, "schema: at /body/settings: missing properties: 'token'", model.SeverityError},
		{"log stream: status", "log-streams/siem.yaml",
			"kind: log-streams\nname: siem\nbody:\n  name: SIEM\n  status: PAUSED\n  type: splunk_cloud_logstreaming\n  settings:\n    edition: aws\n    host: acme.splunkcloud.com\n    token: ${secret:SIEM_TOKEN}\n",
			5, `schema: at /body/status: value must be one of "ACTIVE", "INACTIVE"`, model.SeverityError},
		{"log stream: no settings", "log-streams/siem.yaml",
			"kind: log-streams\nname: siem\nbody:\n  name: SIEM\n  type: splunk_cloud_logstreaming\n",
			3, "schema: at /body: missing properties: 'settings'", model.SeverityError},
		{"org settings: no company name", "org-settings/general.yaml",
			"kind: org-settings\nname: general\nbody:\n  city: Oakland\n  companyName: \"\"\n",
			5, "schema: at /body/companyName: length must be >= 1", model.SeverityError},
		{"org settings: a phone number that is a number", "org-settings/general.yaml",
			"kind: org-settings\nname: general\nbody:\n  companyName: Acme\n  phoneNumber: 4155550100\n",
			5, "schema: at /body/phoneNumber: expected string or null, but got number", model.SeverityError},
		{"org settings: another name", "org-settings/acme.yaml",
			"kind: org-settings\nname: acme\nbody:\n  companyName: Acme\n",
			2, `org-settings has one object, named "general", not "acme"`, model.SeverityError},
		{"org communication: yes is not a boolean", "org-communication/settings.yaml",
			"kind: org-communication\nname: settings\nbody:\n  optOutEmailUsers: \"yes\"\n",
			4, "schema: at /body/optOutEmailUsers", model.SeverityError},
		{"org support: a grant for a day is not a value", "org-support/settings.yaml",
			"kind: org-support\nname: settings\nbody:\n  support: EXTENDED\n",
			4, "schema: at /body/support", model.SeverityError},
		{"org support: another name", "org-support/okta.yaml",
			"kind: org-support\nname: okta\nbody:\n  support: DISABLED\n",
			2, `org-support has one object, named "settings", not "okta"`, model.SeverityError},
		{"security notification emails: on is not a boolean", "security-notification-emails/settings.yaml",
			"kind: security-notification-emails\nname: settings\nbody:\n  sendEmailForNewDeviceEnabled: true\n  sendEmailForPasswordChangedEnabled: \"on\"\n",
			5, "schema: at /body/sendEmailForPasswordChangedEnabled", model.SeverityError},
		{"org dashboard: another name", "org-dashboard/footer.yaml",
			"kind: org-dashboard\nname: footer\nbody:\n  showEndUserFooter: false\n",
			2, `org-dashboard has one object, named "settings", not "footer"`, model.SeverityError},
		{"org billing contact: nobody", "org-billing-contact/user.yaml",
			"kind: org-billing-contact\nname: user\nbody:\n  _links: {}\n",
			3, "schema: at /body: missing properties: 'userId'", model.SeverityError},
		{"org technical contact: a group", "org-technical-contact/user.yaml",
			"kind: org-technical-contact\nname: user\nbody:\n  userId: ${ref:groups/engineering}\n",
			4, "userId holds users, which are not in the tree, so it cannot hold a reference", model.SeverityError},
		{"linked object: no associated side", "linked-object-definitions/manager.yaml",
			"kind: linked-object-definitions\nname: manager\nbody:\n  primary:\n    name: manager\n    title: Manager\n",
			3, "schema: at /body: missing properties: 'associated'", model.SeverityError},
		{"linked object: a side without its title", "linked-object-definitions/manager.yaml",
			"kind: linked-object-definitions\nname: manager\nbody:\n  primary:\n    name: manager\n    title: Manager\n  associated:\n    name: directReports\n",
			7, "schema: at /body/associated: missing properties: 'title'", model.SeverityError},
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
			if tt.want == "" {
				if strings.HasPrefix(tt.name, "schema: bad status") {
					// kind mismatch: reading refuses the file, so nothing
					// reaches Validate.
					if len(problems) != 1 || !strings.Contains(problems[0].Message, "does not match the file's directory") {
						t.Errorf("problems: %v", problems)
					}
					return
				}
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
			if hit.Hint == "" {
				t.Errorf("no hint: %s", hit)
			}
		})
	}
}

func TestValidateInMemory(t *testing.T) {
	reg := testRegistry(t)
	s := model.NewSnapshot(reg)
	if err := s.Add(&model.Object{Kind: "groups", Path: "groups/fun", Body: mustJSON(t, `{"profile":{"name":"Fun 🎉","tags":{"🔥":"x"}}}`)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Add(&model.Object{Kind: "group-rules", Path: "group-rules/r", Body: mustJSON(t, `{"name":"R","status":"ON"}`)}); err != nil {
		t.Fatal(err)
	}
	problems := Validate(s, reg)
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	want := []string{
		`group-rules/r.yaml: error: schema: at /body/status: value must be one of "ACTIVE", "INACTIVE", "INVALID" (or a ${var:NAME} placeholder) (see schemas/group-rules.json; body fields are Okta's own)`,
		"groups/fun.yaml: error: " + fourByteMsg + " (" + fourByteHint + ")",
		"groups/fun.yaml: error: " + fourByteMsg + " (" + fourByteHint + ")",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestValidateLimits: objects beyond Okta's limit per parent
// (Kind.MaxObjects: 50 inline hooks, 2 log streams per org) are errors,
// each at its own file; the limit itself is fine.
func TestValidateLimits(t *testing.T) {
	reg := testRegistry(t)
	hook := func(i int) (string, string) {
		name := fmt.Sprintf("hook-%02d", i)
		return "inline-hooks/" + name + ".yaml", fmt.Sprintf(`kind: inline-hooks
name: %s
body:
  channel:
    config:
      uri: https://hooks.example.com/%d
    type: HTTP
    version: 1.0.0
  name: Hook %d
  type: com.okta.oauth2.tokens.transform
  version: 1.0.0
`, name, i, i)
	}
	stream := func(i int) (string, string) {
		name := fmt.Sprintf("stream-%d", i)
		return "log-streams/" + name + ".yaml", fmt.Sprintf(`kind: log-streams
name: %s
body:
  name: Stream %d
  settings:
    accountId: "123456789012"
    eventSourceName: stream-%d
    region: us-east-1
  type: aws_eventbridge
`, name, i, i)
	}
	for _, tc := range []struct {
		file func(i int) (string, string)
		n    int
		msg  string
		want []string
	}{
		{hook, 50, "", nil},
		{hook, 52, "too many inline-hooks: Okta allows at most 50 per org", []string{"inline-hooks/hook-51.yaml", "inline-hooks/hook-52.yaml"}},
		{stream, 2, "", nil},
		{stream, 3, "too many log-streams: Okta allows at most 2 per org", []string{"log-streams/stream-3.yaml"}},
	} {
		files := map[string]string{}
		for i := 1; i <= tc.n; i++ {
			f, body := tc.file(i)
			files[f] = body
		}
		s, problems := Read(writeFiles(t, files), reg)
		problems = append(problems, Validate(s, reg)...)
		var got []string
		for _, p := range problems {
			if tc.msg == "" || !strings.Contains(p.Message, tc.msg) || p.Line != 1 || p.Severity != model.SeverityError {
				t.Errorf("%d objects: unexpected problem %s", tc.n, p)
				continue
			}
			got = append(got, p.File)
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%d objects: problems at %v, want %v", tc.n, got, tc.want)
		}
	}
}
