package customization

import (
	"fmt"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// generateBrands builds n brands, "Brand 0000" on, each with its theme
// (Okta makes one with the brand), for --generate brands=n.
func generateBrands(c *engine.Call, n int) error {
	for i := 0; i < n; i++ {
		obj, err := brandsRes.Insert(c, "", engine.Obj{"name": fmt.Sprintf("Brand %04d", i)}, nil)
		if err != nil {
			return err
		}
		if _, err := brandsRes.Replace(c, "", engine.Str(obj, "id"), engine.Obj{
			"name": fmt.Sprintf("Brand %04d", i), "locale": "en", "removePoweredByOkta": i%2 == 0,
		}); err != nil {
			return err
		}
	}
	return nil
}

// customBrands is the first n brands other than the default one, which
// the generators below customize.
func customBrands(c *engine.Call, n int) []engine.Obj {
	var out []engine.Obj
	for _, b := range c.Org.List("brands", "") {
		if len(out) == n {
			break
		}
		if !engine.BoolAt(b, "isDefault") {
			out = append(out, b)
		}
	}
	return out
}

// generatePages customizes the pages of the first n brands other than
// the default one (--generate pages=n): each gets a customized sign-in
// page, every second one its error page too and every fourth a sign-in
// preview, so an export reads present and absent variants alike.
func generatePages(c *engine.Call, n int) error {
	for i, b := range customBrands(c, n) {
		id, name := engine.Str(b, "id"), engine.Str(b, "name")
		page := engine.Obj{"pageContent": strings.Replace(signInDefaultContent, `<div id="okta-login-container"></div>`,
			`<div class="banner">`+name+`</div>`+"\n"+`    <div id="okta-login-container"></div>`, 1), "widgetVersion": "^7",
			"widgetCustomizations": engine.Obj{"helpLabel": "Help for " + name, "helpUrl": fmt.Sprintf("https://help.example.com/%d", i)}}
		if err := prepareSignInPage(page); err != nil {
			return err
		}
		putPage(c, id, "sign-in/customized", page)
		if i%4 == 0 {
			putPage(c, id, "sign-in/preview", engine.CloneObj(page))
		}
		if i%2 == 0 {
			errPage := engine.Obj{"pageContent": strings.Replace(errorDefaultContent, "{{buttonText}}", "Back to "+name, 1)}
			if err := prepareErrorPage(errPage); err != nil {
				return err
			}
			putPage(c, id, "error/customized", errPage)
		}
	}
	return nil
}

// generateEmailSettings changes who receives one email template on the
// first n brands other than the default one (--generate
// email-templates=n): activation emails to admins only on even ones,
// password-changed notices to nobody on odd ones.
func generateEmailSettings(c *engine.Call, n int) error {
	for i, b := range customBrands(c, n) {
		if i%2 == 0 {
			setEmailRecipients(c, engine.Str(b, "id"), "UserActivation", "ADMINS_ONLY")
		} else {
			setEmailRecipients(c, engine.Str(b, "id"), "PasswordChanged", "NO_USERS")
		}
	}
	return nil
}

// generateEmailCustomizations customizes the activation email of the
// first n brands other than the default one (--generate
// email-customizations=n): English (the default) and French, so that an
// export lists the customizations of those templates only.
func generateEmailCustomizations(c *engine.Call, n int) error {
	for _, b := range customBrands(c, n) {
		parent := emailCustomizationParent(engine.Str(b, "id"), "UserActivation")
		for _, body := range []engine.Obj{
			{"language": "en", "isDefault": true, "subject": "Activate your ${org.name} account", "body": sampleEmailActivationEN},
			{"language": "fr", "isDefault": false, "subject": "Activez votre compte ${org.name}", "body": sampleEmailActivationFR},
		} {
			if _, err := emailCustomizationsRes.Insert(c, parent, body, nil); err != nil {
				return err
			}
		}
	}
	return nil
}
