package apply

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/export"
	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/plan"
	"github.com/oktasync/oktasync/internal/sandbox"
	sbtestkinds "github.com/oktasync/oktasync/internal/sandbox/testkinds"
	"github.com/oktasync/oktasync/internal/tree"
)

// editCase is one edit a person makes to an exported file: the text old
// replaced by new in file. want lists the steps the plan must hold, as
// "<action> <path>" followed by the JSON pointers the step changes, and
// nothing else; then what it refuses, as "refused <action> <path>".
type editCase struct {
	name, file, old, new string
	allowDelete          bool
	// users are logins put into the org before the export (the sandbox's
	// users have no create endpoint).
	users []string
	want  []string
}

// editCases holds one row or more per kind: an edit of an exported file
// shows as exactly that edit, and applying it leaves nothing to do.
var editCases = []editCase{
	{name: "group description", file: "groups/engineering.yaml",
		old: "description: Software engineers", new: "description: Software engineers and SREs",
		want: []string{"update groups/engineering /profile/description"}},
	{name: "event hook switched off", file: "event-hooks/security-alerts-to-chat.yaml",
		old: "status: ACTIVE", new: "status: INACTIVE",
		want: []string{"deactivate event-hooks/security-alerts-to-chat /status"}},
	{name: "inline hook endpoint", file: "inline-hooks/registration-domain-check.yaml",
		old: "uri: https://registration.example.com/okta/pre-reg", new: "uri: https://registration.example.com/okta/v2/pre-reg",
		want: []string{"update inline-hooks/registration-domain-check /channel/config/uri"}},
	{name: "hook key renamed", file: "hook-keys/token-hook-signing-key-next.yaml",
		old: "name: Token hook signing key (next)", new: "name: Token hook signing key (2027)",
		want: []string{"update hook-keys/token-hook-signing-key-next /name"}},
	{name: "inline hook signs with the other key", file: "inline-hooks/vendor-token-claims.yaml",
		old: "hookKeyId: ${ref:hook-keys/token-hook-signing-key}", new: "hookKeyId: ${ref:hook-keys/token-hook-signing-key-next}",
		want: []string{"update inline-hooks/vendor-token-claims /channel/config/hookKeyId"}},
	{name: "authenticator method: security keys need no user verification", file: "authenticators/security-key-or-biometric/methods/webauthn.yaml",
		old: "userVerification: REQUIRED", new: "userVerification: PREFERRED",
		want: []string{"update authenticators/security-key-or-biometric/methods/webauthn /settings/userVerification"}},
	{name: "authenticator method: voice calls switched on", file: "authenticators/phone/methods/voice.yaml",
		old: "status: INACTIVE", new: "status: ACTIVE",
		want: []string{"activate authenticators/phone/methods/voice /status"}},
	{name: "push provider: APNs team", file: "push-providers/field-sales-ios.yaml",
		old: "teamId: DEF123GHIJ", new: "teamId: XYZ987GHIJ",
		want: []string{"update push-providers/field-sales-ios /configuration/teamId"}},
	{name: "push provider: FCM key file name", file: "push-providers/field-sales-android.yaml",
		old: "fileName: field-sales-firebase.json", new: "fileName: field-sales-firebase-2027.json",
		want: []string{"update push-providers/field-sales-android /configuration/fileName"}},
	{name: "log stream: Splunk host", file: "log-streams/security-siem-splunk.yaml",
		old: "host: acme-security.splunkcloud.com", new: "host: acme-soc.splunkcloud.com",
		want: []string{"update log-streams/security-siem-splunk /settings/host"}},
	{name: "log stream switched on", file: "log-streams/data-lake-eventbridge.yaml",
		old: "status: INACTIVE", new: "status: ACTIVE",
		want: []string{"activate log-streams/data-lake-eventbridge /status"}},
	{name: "log stream: write-once EventBridge region", file: "log-streams/data-lake-eventbridge.yaml",
		old: "region: us-east-1", new: "region: eu-west-1",
		want: []string{"refused delete log-streams/data-lake-eventbridge"}},
	{name: "log stream: write-once EventBridge region, replaced", file: "log-streams/data-lake-eventbridge.yaml",
		old: "region: us-east-1", new: "region: eu-west-1", allowDelete: true,
		want: []string{"delete log-streams/data-lake-eventbridge", "create log-streams/data-lake-eventbridge",
			"deactivate log-streams/data-lake-eventbridge /status"}},
	{name: "org settings: the company moved", file: "org-settings/general.yaml",
		old: "city: San Francisco", new: "city: Oakland",
		want: []string{"update org-settings/general /city"}},
	{name: "org settings: a field left out is kept (partial update)", file: "org-settings/general.yaml",
		old: "  supportPhoneNumber: +1 415 555 0199\n", new: "",
		want: nil},
	{name: "org settings: no support phone number", file: "org-settings/general.yaml",
		old: "supportPhoneNumber: +1 415 555 0199", new: "supportPhoneNumber: null",
		want: []string{"update org-settings/general /supportPhoneNumber"}},
	{name: "org: Okta's communication emails to users again", file: "org-communication/settings.yaml",
		old: "optOutEmailUsers: true", new: "optOutEmailUsers: false",
		want: []string{"toggle org-communication/settings /optOutEmailUsers"}},
	{name: "org: the dashboard footer shown", file: "org-dashboard/settings.yaml",
		old: "showEndUserFooter: false", new: "showEndUserFooter: true",
		want: []string{"toggle org-dashboard/settings /showEndUserFooter"}},
	{name: "org: users are told when an authenticator is enrolled", file: "security-notification-emails/settings.yaml",
		old: "sendEmailForFactorEnrollmentEnabled: false", new: "sendEmailForFactorEnrollmentEnabled: true",
		want: []string{"update security-notification-emails/settings /sendEmailForFactorEnrollmentEnabled"}},
	{name: "org: the billing contact is the finance lead", file: "org-billing-contact/user.yaml",
		users: []string{"finance.lead@acme.example.com"},
		old:   "userId: ${user:admin@sandbox.example.com}", new: "userId: ${user:finance.lead@acme.example.com}",
		want: []string{"update org-billing-contact/user /userId"}},
	{name: "org: the technical contact is the IAM team's lead", file: "org-technical-contact/user.yaml",
		users: []string{"iam.lead@acme.example.com"},
		old:   "userId: ${user:admin@sandbox.example.com}", new: "userId: ${user:iam.lead@acme.example.com}",
		want: []string{"update org-technical-contact/user /userId"}},
	{name: "sign-in page: one line of its HTML", file: "brands/customer-portal/sign-in-page/customized.yaml",
		old: "Need help? Call +1 555 0100, 8am-6pm CET.", new: "Need help? Call +1 555 0199, 8am-8pm CET.",
		want: []string{"update brands/customer-portal/sign-in-page/customized /pageContent"}},
	{name: "sign-in page: a widget label", file: "brands/customer-portal/sign-in-page/customized.yaml",
		old: "helpLabel: Customer support", new: "helpLabel: Support centre",
		want: []string{"update brands/customer-portal/sign-in-page/customized /widgetCustomizations/helpLabel"}},
	{name: "error page preview: a line of its HTML", file: "brands/customer-portal/error-page/preview.yaml",
		old: "Chat with us at https://support.example.com", new: "Chat with us at https://help.example.com",
		want: []string{"update brands/customer-portal/error-page/preview /pageContent"}},
	{name: "email template: activation emails to every user again", file: "brands/customer-portal/email-templates/useractivation.yaml",
		old: "recipients: ADMINS_ONLY", new: "recipients: ALL_USERS",
		want: []string{"update brands/customer-portal/email-templates/useractivation /recipients"}},
	{name: "email customization: one line of the HTML", file: "brands/customer-portal/email-templates/useractivation/customizations/en.yaml",
		old: "within 7 days", new: "within 14 days",
		want: []string{"update brands/customer-portal/email-templates/useractivation/customizations/en /body"}},
	{name: "email customization: the subject", file: "brands/customer-portal/email-templates/useractivation/customizations/fr.yaml",
		old: "subject: Activez votre compte ${org.name}", new: "subject: Activez votre compte ${org.name} maintenant",
		want: []string{"update brands/customer-portal/email-templates/useractivation/customizations/fr /subject"}},
	{name: "custom domain moved to another brand", file: "custom-domains/login-example-com.yaml",
		old: "brandId: ${ref:brands/customer-portal}", new: "brandId: ${ref:brands/partner-hub}",
		want: []string{"update custom-domains/login-example-com /brandId"}},
	{name: "custom domain: another certificate source is a replace, refused", file: "custom-domains/login-example-com.yaml",
		old: "certificateSourceType: OKTA_MANAGED", new: "certificateSourceType: MANUAL",
		want: []string{"refused delete custom-domains/login-example-com"}},
	{name: "email domain: the sender's name", file: "email-domains/partners-example-com.yaml",
		old: "displayName: Partner Hub", new: "displayName: Partner Hub Team",
		want: []string{"update email-domains/partners-example-com /displayName"}},
	{name: "email domain: another brand, replaced", file: "email-domains/partners-example-com.yaml",
		old: "brandId: ${ref:brands/partner-hub}", new: "brandId: ${ref:brands/contractor-access}", allowDelete: true,
		want: []string{"delete email-domains/partners-example-com", "create email-domains/partners-example-com",
			"verify email-domains/partners-example-com"}},
	{name: "linked object: a new title is a replace, refused", file: "linked-object-definitions/manager.yaml",
		old: "title: Direct reports", new: "title: Team members",
		want: []string{"refused delete linked-object-definitions/manager"}},
	{name: "linked object: a new title, replaced", file: "linked-object-definitions/manager.yaml",
		old: "title: Direct reports", new: "title: Team members", allowDelete: true,
		want: []string{"delete linked-object-definitions/manager", "create linked-object-definitions/manager"}},
}

// TestEditIsThatEdit: the sample org is exported, one file is edited as a
// person would, and the plan against the same org holds exactly the steps
// and field changes the edit means. Applied, the next plan has nothing to
// do, and refuses what the first refused.
func TestEditIsThatEdit(t *testing.T) {
	t.Parallel()
	reg := registry(t)
	for _, tc := range editCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			o := newOrg(t, reg, sandbox.Options{Sample: true, Seed: 3})
			for _, login := range tc.users {
				sbtestkinds.AddUser(o.srv, login)
			}
			dir := t.TempDir()
			exported, err := export.Export(ctx, o.client, reg, dir, export.Options{})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, filepath.FromSlash(tc.file))
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Count(string(data), tc.old) != 1 {
				t.Fatalf("%s holds %q %d times, want once:\n%s", tc.file, tc.old, strings.Count(string(data), tc.old), data)
			}
			if err := os.WriteFile(path, []byte(strings.Replace(string(data), tc.old, tc.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			desired, problems := tree.Read(dir, reg)
			problems = append(problems, tree.Validate(desired, reg)...)
			if model.HasErrors(problems) {
				t.Fatalf("the edited tree does not validate: %v", problems)
			}

			opts := plan.Options{AllowDelete: tc.allowDelete, MaxDeletes: -1}
			// The export's own read is the current state: the org has not
			// changed since.
			p := computePlan(t, reg, desired, exported.Snapshot, opts)
			if diff := cmp.Diff(tc.want, describeSteps(p)); diff != "" {
				var buf strings.Builder
				_ = plan.RenderText(&buf, p, plan.TextOptions{})
				t.Fatalf("the plan is not the edit (-want +got):\n%s\n%s", diff, buf.String())
			}
			read := o.readKinds(TouchedKinds(p, reg))
			rep, err := Run(ctx, RunOptions{Plan: p, Client: o.client, Registry: reg, Read: read,
				Options: Options{Environ: secretEnv(p), AllowDelete: tc.allowDelete}, BackupDir: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			if rep.HasFailures() {
				t.Fatalf("apply failed:%s", failures(rep))
			}
			if again := computePlan(t, reg, desired, o.snapshot(t), opts); again.HasChanges() || len(again.Refused) != len(p.Refused) {
				var buf strings.Builder
				_ = plan.RenderText(&buf, again, plan.TextOptions{})
				t.Errorf("the plan after applying the edit still has work:\n%s", buf.String())
			}
		})
	}
}

// describeSteps renders each step as "<action> <path> <changed pointers>"
// and each refusal as "refused <action> <path>".
func describeSteps(p *plan.Plan) []string {
	var out []string
	for _, s := range p.Steps {
		ptrs := make([]string, 0, len(s.Changes))
		for _, ch := range s.Changes {
			ptrs = append(ptrs, ch.Path)
		}
		sort.Strings(ptrs)
		out = append(out, strings.TrimSpace(s.Action.String()+" "+s.Path+" "+strings.Join(ptrs, " ")))
	}
	for _, r := range p.Refused {
		out = append(out, "refused "+r.Action.String()+" "+r.Path)
	}
	return out
}
