package customization

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// signInDefaultContent is the default sign-in page's HTML, as recorded
// (VCR TestAccDataSourceOktaDefaultSigninPage_read).
const signInDefaultContent = `<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">
<html>
<head>
    <meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <meta name="robots" content="noindex,nofollow" />
    <!-- Styles generated from theme -->
    <link href="{{themedStylesUrl}}" rel="stylesheet" type="text/css">
    <!-- Favicon from theme -->
    <link rel="shortcut icon" href="{{faviconUrl}}" type="image/x-icon"/>

    <title>{{pageTitle}}</title>
    {{{SignInWidgetResources}}}

    <style nonce="{{nonceValue}}">
        {{#useSiwGen3}}
        html {
            font-size: 87.5%;
        }
        {{/useSiwGen3}}

        #login-bg-image-id {
            background-image: {{bgImageUrl}}
        }
    </style>
</head>
<body>
    <div id="login-bg-image-id" class="login-bg-image tb--background"></div>
    <div id="okta-login-container"></div>

    <!--
        "OktaUtil" defines a global OktaUtil object
        that contains methods used to complete the Okta login flow.
     -->
    {{{OktaUtil}}}

    <script type="text/javascript" nonce="{{nonceValue}}">
        // "config" object contains default widget configuration
        // with any custom overrides defined in your admin settings.
        var config = OktaUtil.getSignInWidgetConfig();

        // Render the Okta Sign-In Widget
        var oktaSignIn = new OktaSignIn(config);
        oktaSignIn.renderEl({ el: '#okta-login-container' },
            OktaUtil.completeLogin,
            function(error) {
                // Logs errors that occur when configuring the widget.
                // Remove or replace this with your own custom error handler.
                console.log(error.message, error);
            }
        );
    </script>
</body>
</html>
`

// errorDefaultContent is the default error page's HTML. No recording
// holds it; this is the shape of Okta's documented default (a themed page
// with the error's {{errorSummary}} and a back link), kept short.
const errorDefaultContent = `<!DOCTYPE html>
<html>
<head>
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <meta name="robots" content="noindex,nofollow" />
    <title>{{orgName}} - {{errorSummary}}</title>
    <link href="{{themedStylesUrl}}" rel="stylesheet" type="text/css">
    <link rel="shortcut icon" href="{{faviconUrl}}" type="image/x-icon"/>
</head>
<body>
    <div class="content">
        <h2 class="o-form-title">{{errorSummary}}</h2>
        <p class="o-form-explain">{{{errorDescription}}}</p>
        <a href="{{back}}" class="button">{{buttonText}}</a>
    </div>
</body>
</html>
`

// signInWidgetKeys are the widgetCustomizations keys Okta returns on
// every sign-in page, null when not set (VCR
// TestAccResourceOktaCustomizedSignInPage_crud); the two booleans are
// false when not set.
var signInWidgetKeys = []string{
	"signInLabel", "usernameLabel", "usernameInfoTip", "passwordLabel", "passwordInfoTip",
	"showPasswordVisibilityToggle", "showUserIdentifier", "forgotPasswordLabel", "forgotPasswordUrl",
	"unlockAccountLabel", "unlockAccountUrl", "helpLabel", "helpUrl", "customLink1Label", "customLink1Url",
	"customLink2Label", "customLink2Url", "authenticatorPageCustomLinkLabel", "authenticatorPageCustomLinkUrl",
	"classicRecoveryFlowEmailOrUsernameLabel", "widgetGeneration",
}

// signInKeepSignedInKeys are the keys of widgetCustomizations.
// postAuthKeepMeSignedInPrompt, which a GET adds (null-filled) although a
// PUT's answer leaves it out.
var signInKeepSignedInKeys = []string{"title", "subtitle", "acceptButtonText", "rejectButtonText"}

// signInDefaultPage is the default sign-in page (VCR
// TestAccDataSourceOktaDefaultSigninPage_read).
func signInDefaultPage() engine.Obj {
	return engine.Obj{
		"pageContent":   signInDefaultContent,
		"widgetVersion": "^7",
		"widgetCustomizations": engine.Obj{
			"signInLabel": "Sign In", "usernameLabel": "Username", "usernameInfoTip": "",
			"passwordLabel": "Password", "passwordInfoTip": "",
			"showPasswordVisibilityToggle": true, "showUserIdentifier": true,
			"forgotPasswordLabel": "Forgot password?", "forgotPasswordUrl": "",
			"unlockAccountLabel": "Unlock account?", "unlockAccountUrl": "",
			"helpLabel": "Help", "helpUrl": "",
			"customLink1Label": "", "customLink1Url": "", "customLink2Label": "", "customLink2Url": "",
			"authenticatorPageCustomLinkLabel": "", "authenticatorPageCustomLinkUrl": "",
			"classicRecoveryFlowEmailOrUsernameLabel": "Email or Username",
			"widgetGeneration":                        "G2",
			"postAuthKeepMeSignedInPrompt": engine.Obj{
				"title":            "Keep me signed in",
				"subtitle":         "Sign in and enter security methods less frequently.",
				"acceptButtonText": "Stay signed in",
				"rejectButtonText": "Don't stay signed in",
			},
		},
	}
}

// errorDefaultPage is the default error page.
func errorDefaultPage() engine.Obj {
	return engine.Obj{"pageContent": errorDefaultContent}
}

// signInWidgetVersions are the versions widget-versions lists (SPEC:
// "major.minor" strings, newest first).
var signInWidgetVersions = []string{"7.30", "7.29", "7.28", "7.27", "7.26", "7.25", "6.9", "5.16"}
