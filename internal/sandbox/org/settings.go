package org

import (
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Org settings (coverage §3.7 E6, §1.10): singletons every org has and
// never loses. No recording reads them (the Terraform provider's org
// configuration test has no cassette), so the shapes are the spec's
// (OrgSetting, OrgContactTypeObj, OrgContactUser, …) and the values of a
// new org are choices, marked here:
//
//   - general, /api/v1/org: GET; POST is a partial update, PUT a full one
//     (fields left out are cleared, as Terraform warns). id, subdomain,
//     status, expiresAt, created and lastUpdated are the server's.
//   - contacts, /api/v1/org/contacts[/{contactType}]: BILLING and
//     TECHNICAL, each a user of the org (the super administrator in a new
//     org, an unverified choice); PUT {userId} names another user, who
//     must exist.
//
// The toggled singletons (communication, preferences, support) are in
// settings_toggles.go, the security notification emails in
// settings_internal.go.
const (
	tableOrgSettings = "orgSettings" // id: the org id
	tableOrgContacts = "orgContacts" // id: the contact type
)

// orgSettingFields are the writable fields of the general settings (SPEC
// OrgSetting): all strings.
var orgSettingFields = []string{"companyName", "website", "phoneNumber", "endUserSupportHelpURL", "supportPhoneNumber",
	"address1", "address2", "city", "state", "country", "postalCode"}

// OrgContactTypes are the contact types (SPEC OrgContactType).
var OrgContactTypes = []string{"BILLING", "TECHNICAL"}

func init() {
	engine.Register(engine.Module{
		Name: "org-settings", Phase: 16, // after users: contacts name one
		Routes: orgSettingsRoutes,
		Seed:   seedOrgSettings,
		Sample: sampleOrgSettings,
	})
}

func orgSettingsRoutes(rt *engine.Router) {
	read, manage := engine.ScopeFor("orgs", "GET"), engine.ScopeFor("orgs", "POST")
	rt.Handle("GET", "/api/v1/org", read, func(c *engine.Call) engine.Reply {
		return engine.OK(renderOrgSettings(c))
	})
	rt.Handle("POST", "/api/v1/org", manage, func(c *engine.Call) engine.Reply { return writeOrgSettings(c, false) })
	rt.Handle("PUT", "/api/v1/org", manage, func(c *engine.Call) engine.Reply { return writeOrgSettings(c, true) })

	rt.Handle("GET", "/api/v1/org/contacts", read, func(c *engine.Call) engine.Reply {
		var out []any
		for _, t := range OrgContactTypes {
			out = append(out, engine.Obj{"contactType": t, "_links": engine.Obj{
				"self": engine.Obj{"href": c.Base + "/api/v1/org/contacts/" + strings.ToLower(t)}}})
		}
		return engine.OK(out)
	})
	rt.Handle("GET", "/api/v1/org/contacts/{contactType}", read, func(c *engine.Call) engine.Reply {
		ct, err := orgContact(c)
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(renderOrgContact(c, ct))
	})
	rt.Handle("PUT", "/api/v1/org/contacts/{contactType}", manage, func(c *engine.Call) engine.Reply {
		ct, err := orgContact(c)
		if err != nil {
			return engine.Fail(err)
		}
		body, err := c.Body()
		if err != nil {
			return engine.Fail(err)
		}
		user, ok := body["userId"].(string)
		if _, has := body["userId"]; has && !ok {
			return engine.Fail(engine.ErrMalformed())
		}
		if user == "" {
			return engine.Fail(engine.ErrValidation("userId", "userId: The field cannot be left blank"))
		}
		if c.Org.Get(engine.TableUsers, "", user) == nil {
			return engine.Fail(engine.ErrValidation("userId", "userId: User "+user+" does not exist"))
		}
		ct["userId"] = user
		t := engine.Str(ct, "contactType")
		c.Emit(evOrgContact, engine.Target{ID: t, Type: targetOrgContact, DisplayName: t})
		return engine.OK(renderOrgContact(c, ct))
	})
}

// orgSettings is the stored general settings object. An org saved by an
// older sandbox (--state) lacks the org singletons: they are seeded on
// first use, as every org has them.
func orgSettings(c *engine.Call) engine.Obj {
	if o := c.Org.Get(tableOrgSettings, "", c.Org.OrgID); o != nil {
		return o
	}
	_ = seedOrgSettings(c)
	return c.Org.Get(tableOrgSettings, "", c.Org.OrgID)
}

func renderOrgSettings(c *engine.Call) engine.Obj {
	out := engine.CloneObj(orgSettings(c))
	api := c.Base + "/api/v1/org"
	out["_links"] = engine.Obj{
		"contacts":          engine.Obj{"href": api + "/contacts"},
		"preferences":       engine.Obj{"href": api + "/preferences"},
		"oktaCommunication": engine.Obj{"href": api + "/privacy/oktaCommunication"},
		"oktaSupport":       engine.Obj{"href": api + "/privacy/oktaSupport"},
		"uploadLogo":        engine.Obj{"href": api + "/logo", "hints": engine.Obj{"allow": []any{"POST"}}},
	}
	return out
}

// writeOrgSettings is POST (merge: a field left out is kept, null clears
// it) and PUT (replace: a field left out is cleared). Server-owned fields
// in the body are ignored.
func writeOrgSettings(c *engine.Call, replace bool) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	// The change is made on a copy: a refused write changes nothing.
	stored := orgSettings(c)
	cur := engine.CloneObj(stored)
	for _, f := range orgSettingFields {
		v, has := body[f]
		if !has {
			if replace {
				cur[f] = nil
			}
			continue
		}
		if _, ok := v.(string); v != nil && !ok {
			return engine.Fail(engine.ErrMalformed())
		}
		cur[f] = v
	}
	if strings.TrimSpace(engine.Str(cur, "companyName")) == "" {
		return engine.Fail(engine.ErrValidation("companyName", "companyName: The field cannot be left blank"))
	}
	for _, f := range []string{"website", "endUserSupportHelpURL"} {
		if s := engine.Str(cur, f); s != "" && !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") {
			return engine.Fail(engine.ErrValidation(f, f+": must be an http or https URL"))
		}
	}
	for k, v := range cur {
		stored[k] = v
	}
	stored["lastUpdated"] = c.Org.Timestamp()
	c.Emit(evOrgSettings, orgTarget(c))
	return engine.OK(renderOrgSettings(c))
}

// orgContact is the stored contact the path names; the type is matched
// without regard to case (the docs write /contacts/billing).
func orgContact(c *engine.Call) (engine.Obj, *engine.APIError) {
	orgSettings(c)
	t := strings.ToUpper(c.Param("contactType"))
	ct := c.Org.Get(tableOrgContacts, "", t)
	if ct == nil {
		return nil, engine.ErrNotFound(c.Param("contactType"), "OrgContactType")
	}
	return ct, nil
}

func renderOrgContact(c *engine.Call, ct engine.Obj) engine.Obj {
	user := engine.Str(ct, "userId")
	return engine.Obj{"userId": user, "_links": engine.Obj{"user": engine.Obj{"href": c.Base + "/api/v1/users/" + user}}}
}

// seedOrgSettings makes what a new org has: its general settings with the
// company name it was created with, both contacts set to the super
// administrator, and the toggled settings at their defaults.
func seedOrgSettings(c *engine.Call) error {
	now := c.Org.Timestamp()
	general := engine.Obj{"id": c.Org.OrgID, "subdomain": c.Org.Sub, "status": "ACTIVE", "expiresAt": nil,
		"created": now, "lastUpdated": now, "companyName": strings.ToUpper(c.Org.Sub[:1]) + c.Org.Sub[1:]}
	for _, f := range orgSettingFields[1:] {
		general[f] = nil
	}
	c.Org.Put(tableOrgSettings, "", c.Org.OrgID, general)
	for _, t := range OrgContactTypes {
		c.Org.Put(tableOrgContacts, "", t, engine.Obj{"id": t, "contactType": t, "userId": c.Org.AdminID})
	}
	seedOrgToggles(c)
	seedSecurityNotifications(c)
	return nil
}
