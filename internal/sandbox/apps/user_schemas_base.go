package apps

import (
	"encoding/json"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// The base attributes of an app user schema come from the app's template
// (coverage.md C1: "every app has one with template base attributes"). The
// OIDC template's are recorded (TestAccResourceOktaAppUserBaseSchema_change:
// the OpenID Connect standard claims, userName → preferred_username, the
// address parts → address.*); every other template here gets the one
// attribute every app profile has, userName, which is not recorded for
// them and is Okta's documented minimum.

// appSchemaAttr is one base attribute of a template.
type appSchemaAttr struct {
	name, title, description, externalName string
}

var appSchemaOIDCBase = []appSchemaAttr{
	{"userName", "Username", "", "preferred_username"},
	{"name", "Name", "End-User's full name in displayable form.", ""},
	{"nickname", "Nickname", "Casual name of the End-User (may or may not be the same as the given_name)", ""},
	{"given_name", "Given Name", "Given name or first name of the End-User.", ""},
	{"middle_name", "Middle Name", "Middle name of the End-User.", ""},
	{"family_name", "Family Name", "Surname or last name of the End-User.", ""},
	{"email", "Email", "End-User's preferred e-mail address.", ""},
	{"profile", "Profile URL", "URL of the End-User's profile page.", ""},
	{"picture", "Picture URL", "URL of the End-User's profile picture.", ""},
	{"website", "Website", "URL of the End-User's Web page or blog.", ""},
	{"gender", "Gender", "End-User's gender.", ""},
	{"birthdate", "Birthdate", "End-User's birthday, represented as an ISO 8601:2004 YYYY-MM-DD format.", ""},
	{"zoneinfo", "Time Zone", "String representing the End-User's time zone.", ""},
	{"locale", "Locale Name", "ISO3166‑1 country code in uppercase, separated by a dash (e.g. 'en-US')", ""},
	{"phone_number", "Phone Number", "End-User's preferred telephone number in E.164 format.", ""},
	{"street_address", "Street Address", "Full street address component.", "address.street_address"},
	{"locality", "Locality", "City or locality component.", "address.locality"},
	{"region", "Region", "State, province, prefecture, or region component.", "address.region"},
	{"postal_code", "Postal Code", "Zip code or postal code component.", "address.postal_code"},
	{"country", "Country", "Country name component.", "address.country"},
	{"formatted", "Formatted", "Full mailing address, formatted for display.", "address.formatted"},
}

var appSchemaMinimalBase = []appSchemaAttr{{"userName", "Username", "", ""}}

// appSchemaTemplate returns the base subschema of a new app's user schema:
// userName is required (and stays so), every other attribute optional.
func appSchemaTemplate(app engine.Obj) engine.Obj {
	attrs := appSchemaMinimalBase
	if engine.Str(app, "signOnMode") == "OPENID_CONNECT" {
		attrs = appSchemaOIDCBase
	}
	props := engine.Obj{}
	for _, a := range attrs {
		p := engine.Obj{"title": a.title, "type": "string", "scope": "SELF"}
		if a.description != "" {
			p["description"] = a.description
		}
		if a.externalName != "" {
			p["externalName"] = a.externalName
		}
		if a.name == "userName" {
			p["required"] = true
			if len(attrs) == 1 {
				p["scope"] = "NONE"
				p["maxLength"] = json.Number("100")
			}
		}
		props[a.name] = p
	}
	return engine.Obj{"id": "#base", "type": "object", "properties": props, "required": []any{"userName"}}
}

// appSchemaTemplateRequired reports whether the template makes a base
// attribute required, which can then never be relaxed (SPEC
// updateApplicationUserProfile: only a nullable base property's
// nullability may change).
func appSchemaTemplateRequired(app engine.Obj, name string) bool {
	return name == "userName"
}

// appSchemaName is the schema's generated name: the app's name and a
// random suffix ("oidc_client_ige9i80" in the recordings).
func appSchemaName(c *engine.Call, app engine.Obj) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	var b strings.Builder
	for range 7 {
		b.WriteByte(alphabet[c.Org.RandIntn(len(alphabet))])
	}
	return engine.Str(app, "name") + "_" + b.String()
}
