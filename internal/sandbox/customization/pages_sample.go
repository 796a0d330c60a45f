package customization

import (
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// samplePages: the customer brand has a customized sign-in page (the
// default one with a support banner, help links and a CSP in report-only
// mode), the next version of it in preview (a new banner), and a customized
// error page with its next version in preview; the partner brand signs
// users out to its own site.
func samplePages(c *engine.Call) error {
	if id := sampleBrandID(c, "Customer Portal"); id != "" {
		content := strings.Replace(signInDefaultContent,
			`    <div id="okta-login-container"></div>`,
			"    <div class=\"banner\">Need help? Call +1 555 0100, 8am-6pm CET.</div>\n"+
				`    <div id="okta-login-container"></div>`, 1)
		page := engine.Obj{
			"pageContent":   content,
			"widgetVersion": "^7",
			"widgetCustomizations": engine.Obj{
				"widgetGeneration": "G3", "showPasswordVisibilityToggle": true, "showUserIdentifier": true,
				"helpLabel": "Customer support", "helpUrl": "https://support.example.com/sign-in",
				"forgotPasswordLabel": "Forgot your password?",
			},
			"contentSecurityPolicySetting": engine.Obj{"mode": "report_only", "reportUri": "https://csp.example.com/report",
				"srcList": []any{"https://cdn.example.com"}},
		}
		if err := prepareSignInPage(page); err != nil {
			return err
		}
		putPage(c, id, "sign-in/customized", page)
		preview := engine.CloneObj(page)
		preview["pageContent"] = strings.Replace(content, "Need help? Call +1 555 0100, 8am-6pm CET.",
			"Need help? Chat with us at https://support.example.com, 24/7.", 1)
		putPage(c, id, "sign-in/preview", preview)
		errPage := engine.Obj{"pageContent": strings.Replace(errorDefaultContent,
			`<a href="{{back}}" class="button">{{buttonText}}</a>`,
			"<a href=\"{{back}}\" class=\"button\">{{buttonText}}</a>\n        <p>Contact support@example.com if this keeps happening.</p>", 1)}
		if err := prepareErrorPage(errPage); err != nil {
			return err
		}
		putPage(c, id, "error/customized", errPage)
		errPreview := engine.CloneObj(errPage)
		errPreview["pageContent"] = strings.Replace(engine.Str(errPage, "pageContent"), "Contact support@example.com",
			"Chat with us at https://support.example.com", 1)
		putPage(c, id, "error/preview", errPreview)
	}
	if id := sampleBrandID(c, "Partner Hub"); id != "" {
		putPage(c, id, signOutKey, engine.Obj{"type": "EXTERNALLY_HOSTED", "url": "https://partners.example.com/signed-out"})
	}
	return nil
}
