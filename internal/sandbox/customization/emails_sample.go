package customization

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// sampleBrandID finds a brand brands_sample.go made, by name.
func sampleBrandID(c *engine.Call, name string) string {
	if b := c.Org.Find("brands", "", func(o engine.Obj) bool { return engine.Str(o, "name") == name }); b != nil {
		return engine.Str(b, "id")
	}
	return ""
}

// sampleEmailSettings: activation emails of the customer brand go to
// admins only; the partner brand sends no password-changed notices.
func sampleEmailSettings(c *engine.Call) error {
	for _, s := range []struct{ brand, template, recipients string }{
		{"Customer Portal", "UserActivation", "ADMINS_ONLY"},
		{"Partner Hub", "PasswordChanged", "NO_USERS"},
	} {
		if id := sampleBrandID(c, s.brand); id != "" {
			setEmailRecipients(c, id, s.template, s.recipients)
		}
	}
	return nil
}

// sampleEmailActivationEN is a realistic multi-line HTML body: what the
// exported YAML and the plan's text diff have to keep readable.
const sampleEmailActivationEN = `<!DOCTYPE html>
<html>
<body style="font-family: Arial, sans-serif;">
  <h1>Welcome to ${org.name}, ${user.profile.firstName}!</h1>
  <p>Your Customer Portal account is ready.</p>
  <p><a href="${activationLink}">Activate your account</a> within 7 days.</p>
  <p>Questions? Write to support@example.com.</p>
</body>
</html>
`

const sampleEmailActivationFR = `<!DOCTYPE html>
<html>
<body style="font-family: Arial, sans-serif;">
  <h1>Bienvenue chez ${org.name}, ${user.profile.firstName} !</h1>
  <p>Votre compte Customer Portal est prêt.</p>
  <p><a href="${activationLink}">Activez votre compte</a> sous 7 jours.</p>
</body>
</html>
`

// sampleEmailCustomizations: the customer brand's activation email in
// English (the default) and French, and its password-reset email.
func sampleEmailCustomizations(c *engine.Call) error {
	id := sampleBrandID(c, "Customer Portal")
	if id == "" {
		return nil
	}
	for _, s := range []struct {
		template string
		body     engine.Obj
	}{
		{"UserActivation", engine.Obj{"language": "en", "isDefault": true,
			"subject": "Activate your ${org.name} account", "body": sampleEmailActivationEN}},
		{"UserActivation", engine.Obj{"language": "fr", "isDefault": false,
			"subject": "Activez votre compte ${org.name}", "body": sampleEmailActivationFR}},
		{"ForgotPassword", engine.Obj{"language": "en", "isDefault": true,
			"subject": "Reset your ${org.name} password",
			"body":    "<p>Hi ${user.profile.firstName},</p>\n<p><a href=\"${resetPasswordLink}\">Reset your password</a>.</p>\n"}},
	} {
		if _, err := emailCustomizationsRes.Insert(c, emailCustomizationParent(id, s.template), s.body, nil); err != nil {
			return err
		}
	}
	return nil
}
