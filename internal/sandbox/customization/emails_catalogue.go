package customization

import (
	"slices"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// EmailTemplateNames is Okta's fixed catalogue of email templates, in the
// order the list endpoint returns them (VCR
// TestAccDataSourceOktaEmailTemplates_read: 31 templates). Templates are
// not objects a client creates or deletes: every brand has all of them.
var EmailTemplateNames = []string{
	"UserActivation", "UserBootstrappedActivation", "ForgotPassword", "ForgotPasswordDenied",
	"PasswordResetByAdmin", "PasswordResetBySupportUser", "ADUserActivation", "ADForgotPasswordDenied",
	"ADForgotPassword", "LDAPUserActivation", "LDAPForgotPassword", "LDAPForgotPasswordDenied",
	"SelfServiceUnlock", "ADSelfServiceUnlock", "LDAPSelfServiceUnlock", "OktaVerifyActivation",
	"AccountLockout", "EmailChallenge", "EmailFactorVerification", "NewSignOnNotification",
	"RegistrationActivation", "ChangeEmailConfirmation", "PendingEmailChange", "EmailChangeConfirmation",
	"RegistrationEmailVerification", "SelfServiceUnlockOnUnlockedAccount", "AuthenticatorEnrolled",
	"AuthenticatorReset", "PasswordChanged", "IGAReviewerOverdueNotification", "MyAccountChangeConfirmation",
}

// emailTemplateType is Okta's type name in a 404 for an unknown template.
const emailTemplateType = "EmailTemplate"

// isEmailTemplate reports whether name is in the catalogue. Okta's
// template names are case-sensitive path keys.
func isEmailTemplate(name string) bool { return slices.Contains(EmailTemplateNames, name) }

// emailDefaultSubjects are the subjects of Okta's default content for the
// templates whose wording is documented (SPEC examples use UserActivation);
// the others get a subject derived from the template name. Default content
// is read-only and never exported, so only its shape matters to clients.
var emailDefaultSubjects = map[string]string{
	"UserActivation":  "Welcome to ${org.name}!",
	"ForgotPassword":  "Account password reset",
	"PasswordChanged": "Your password was changed",
	"EmailChallenge":  "One-time verification code",
	"AccountLockout":  "Account locked",
}

// emailDefaultContent is a template's default subject and body in the
// given language (only the subject and body shape; Okta translates).
func emailDefaultContent(template string) (subject, body string) {
	subject = emailDefaultSubjects[template]
	if subject == "" {
		subject = emailTitle(template) + " - ${org.name}"
	}
	body = "<!DOCTYPE html><html><body><p>Hello, ${user.profile.firstName}.</p><p>" +
		emailTitle(template) + ".</p><p>${org.name}</p></body></html>"
	return subject, body
}

// emailTitle turns "PasswordResetByAdmin" into "Password reset by admin".
func emailTitle(template string) string {
	var b strings.Builder
	for i, r := range template {
		upper := r >= 'A' && r <= 'Z'
		prevLower := i > 0 && template[i-1] >= 'a' && template[i-1] <= 'z'
		if upper && i > 0 && prevLower {
			b.WriteByte(' ')
			b.WriteRune(r + ('a' - 'A'))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// emailPreview renders content the way a preview does: variable
// references filled in from the calling admin's context.
func emailPreview(c *engine.Call, content string) string {
	first, org := "Admin", "Okta"
	if admin := c.Org.Get(engine.TableUsers, "", c.Org.AdminID); admin != nil {
		if s := engine.Str(admin, "profile.firstName"); s != "" {
			first = s
		}
	}
	if b := c.Org.Find("brands", "", func(o engine.Obj) bool { return engine.BoolAt(o, "isDefault") }); b != nil {
		org = engine.Str(b, "name")
	}
	return strings.NewReplacer(
		"${user.profile.firstName}", first, "$$user.firstName", first,
		"${org.name}", org, "$$org.name", org,
	).Replace(content)
}
