package mappings

import (
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// The properties Okta gives a new mapping. The IdP ones are recorded
// (TestAccDataSourceOktaIdpSaml_read, TestAccDataSourceOktaIdpOidc_read);
// a social IdP gets the OIDC ones (its profile is OIDC-shaped). The
// mappings of apps are not recorded: a user type → app mapping fills the
// app's base attributes the Okta profile has an obvious source for, and an
// app → user type mapping (import) takes the login from the app's
// userName. Every default property is DONT_PUSH, as in the recordings.

type propDefault struct{ attr, expression string }

var samlIdPProps = []propDefault{
	{"firstName", "source.firstName"}, {"lastName", "source.lastName"}, {"email", "source.email"},
	{"mobilePhone", "source.mobilePhone"}, {"login", "source.userName"},
}

var oidcIdPProps = []propDefault{
	{"login", "appuser.email"}, {"displayName", "appuser.displayName"}, {"nickName", "appuser.nickname"},
	{"firstName", "appuser.firstName"}, {"middleName", "appuser.middleName"}, {"lastName", "appuser.lastName"},
	{"email", "appuser.email"}, {"profileUrl", "appuser.profile"},
	{"timezone", `appuser.zoneinfo == null ? "America/Los_Angeles" : appuser.zoneinfo`},
	{"primaryPhone", "appuser.phoneNumber"}, {"streetAddress", "appuser.street_address"}, {"city", "appuser.locality"},
	{"state", "appuser.region"}, {"zipCode", "appuser.postalCode"}, {"countryCode", "appuser.country"},
}

// oidcAppProps fill an OIDC app's standard claims from the Okta profile.
var oidcAppProps = []propDefault{
	{"given_name", "user.firstName"}, {"family_name", "user.lastName"}, {"email", "user.email"},
	{"name", "user.displayName"}, {"nickname", "user.nickName"}, {"locale", "user.locale"},
}

var importProps = []propDefault{{"login", "appuser.userName"}}

func props(list []propDefault) engine.Obj {
	out := engine.Obj{}
	for _, p := range list {
		out[p.attr] = engine.Obj{"expression": p.expression, "pushStatus": "DONT_PUSH"}
	}
	return out
}

// idpEndName is how a mapping names an IdP end: saml_idp and oidc_idp
// (recorded), the lower-cased type for the social ones.
func idpEndName(idp engine.Obj) string {
	switch t := engine.Str(idp, "type"); t {
	case "SAML2":
		return "saml_idp"
	case "OIDC":
		return "oidc_idp"
	default:
		return strings.ToLower(t)
	}
}

func idpDefaults(idp engine.Obj) engine.Obj {
	if engine.Str(idp, "type") == "SAML2" {
		return props(samlIdPProps)
	}
	return props(oidcIdPProps)
}

func appDefaults(app engine.Obj) engine.Obj {
	if engine.Str(app, "signOnMode") == "OPENID_CONNECT" {
		return props(oidcAppProps)
	}
	return engine.Obj{}
}
