package directory

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// userSchemaBaseProps is Okta's base user profile as a fresh org has it
// (recordings TestAccResourceOktaIdpSocial_crud,
// TestAccResourceOktaUserSchema_enum_string): every property is a
// READ_WRITE, scope NONE, PROFILE_MASTER string.
var userSchemaBaseProps = []struct {
	name, title, format, perm string
	required                  bool
	minLength, maxLength      int
}{
	{"login", "Username", "", "READ_ONLY", true, 5, 100},
	{"firstName", "First name", "", "READ_WRITE", true, 1, 50},
	{"lastName", "Last name", "", "READ_WRITE", true, 1, 50},
	{"middleName", "Middle name", "", "READ_ONLY", false, 0, 0},
	{"honorificPrefix", "Honorific prefix", "", "READ_ONLY", false, 0, 0},
	{"honorificSuffix", "Honorific suffix", "", "READ_ONLY", false, 0, 0},
	{"email", "Primary email", "email", "READ_WRITE", true, 0, 0},
	{"title", "Title", "", "READ_ONLY", false, 0, 0},
	{"displayName", "Display name", "", "READ_ONLY", false, 0, 0},
	{"nickName", "Nickname", "", "READ_ONLY", false, 0, 0},
	{"profileUrl", "Profile Url", "uri", "READ_ONLY", false, 0, 0},
	{"secondEmail", "Secondary email", "email", "READ_WRITE", false, 0, 0},
	{"mobilePhone", "Mobile phone", "", "READ_WRITE", false, 0, 100},
	{"primaryPhone", "Primary phone", "", "HIDE", false, 0, 100},
	{"streetAddress", "Street address", "", "HIDE", false, 0, 0},
	{"city", "City", "", "HIDE", false, 0, 0},
	{"state", "State", "", "HIDE", false, 0, 0},
	{"zipCode", "Zip code", "", "HIDE", false, 0, 0},
	{"countryCode", "Country code", "country-code", "HIDE", false, 0, 0},
	{"postalAddress", "Postal Address", "", "HIDE", false, 0, 0},
	{"preferredLanguage", "Preferred language", "language-code", "READ_ONLY", false, 0, 0},
	{"locale", "Locale", "locale", "READ_ONLY", false, 0, 0},
	{"timezone", "Time zone", "timezone", "READ_ONLY", false, 0, 0},
	{"userType", "User type", "", "READ_ONLY", false, 0, 0},
	{"employeeNumber", "Employee number", "", "READ_ONLY", false, 0, 0},
	{"costCenter", "Cost center", "", "READ_ONLY", false, 0, 0},
	{"organization", "Organization", "", "READ_ONLY", false, 0, 0},
	{"division", "Division", "", "READ_ONLY", false, 0, 0},
	{"department", "Department", "", "READ_ONLY", false, 0, 0},
	{"managerId", "ManagerId", "", "READ_ONLY", false, 0, 0},
	{"manager", "Manager", "", "READ_ONLY", false, 0, 0},
}

func userSchemaBase() engine.Obj {
	props := engine.Obj{}
	var required []any
	for _, p := range userSchemaBaseProps {
		a := engine.Obj{
			"title": p.title, "type": "string", "mutability": "READ_WRITE", "scope": "NONE",
			"permissions": []any{engine.Obj{"principal": "SELF", "action": p.perm}},
			"master":      engine.Obj{"type": "PROFILE_MASTER"},
		}
		if p.required {
			a["required"] = true
			required = append(required, p.name)
		}
		if p.format != "" {
			a["format"] = p.format
		}
		if p.minLength > 0 {
			a["minLength"] = engine.JSONInt(p.minLength)
		}
		if p.maxLength > 0 {
			a["maxLength"] = engine.JSONInt(p.maxLength)
		}
		props[p.name] = a
	}
	return engine.Obj{"id": "#base", "type": "object", "properties": props, "required": required}
}

// groupSchemaBase is the group profile's base: name and description
// (SPEC GroupSchemaBaseProperties; required ["name"] per SPEC
// GroupSchemaResponse).
func groupSchemaBase() engine.Obj {
	attr := func(title string, maxLength int, required bool) engine.Obj {
		a := engine.Obj{
			"title": title, "description": title, "type": "string",
			"mutability": "READ_WRITE", "scope": "NONE", "maxLength": engine.JSONInt(maxLength),
			"permissions": []any{engine.Obj{"principal": "SELF", "action": "READ_ONLY"}},
			"master":      engine.Obj{"type": "OKTA"},
		}
		if required {
			a["required"] = true
		}
		return a
	}
	return engine.Obj{"id": "#base", "type": "object", "required": []any{"name"}, "properties": engine.Obj{
		"name":        attr("Name", 255, true),
		"description": attr("Description", 1024, false),
	}}
}

func seedGroupSchema(c *engine.Call) error {
	now := c.Org.Timestamp()
	c.Org.Put("schemas", "", groupSchemaKey, engine.Obj{
		"id": groupSchemaKey, "created": now, "lastUpdated": now,
		"definitions": engine.Obj{"base": groupSchemaBase(), "custom": schemaCustomEmpty()},
	})
	return nil
}
