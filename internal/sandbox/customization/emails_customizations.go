package customization

import (
	"net/http"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Email customizations: per brand × template × language (coverage §3.6
// D2). Rules, from SPEC EmailCustomization and the recordings:
//   - each customized template has exactly one default; the first
//     customization becomes it whatever isDefault says;
//   - creating a second default is 409 E0000182, a second customization
//     for a language 409 E0000183;
//   - a PUT with isDefault: true moves the default: the previous one
//     becomes isDefault: false (VCR TestAccResourceOktaEmailCustomization_crud
//     #20, #36); a PUT that sets the default's isDefault to false is 409
//     E0000185, one that leaves it out keeps it;
//   - the default cannot be deleted alone (409 E0000184); DELETE on the
//     collection removes all of them.
//
// Subject and body are stored byte for byte. Objects live in table
// emailCustomizations under "<brandId>/<templateName>". Customizations
// carry created and lastUpdated; the list's default page is 10 (the
// recorded Link header says limit=10, the spec says 20). Writes log
// system.email.template.create, .update and .delete: Okta's catalog has
// no customization events, and a customization is what an admin edits
// when editing a template.
const tableEmailCustomizations = "emailCustomizations"

var emailCustomizationsRes = &engine.Resource{
	Name: tableEmailCustomizations, TypeName: "EmailCustomization", Prefix: "oel", Area: "templates",
	Events: &engine.Events{Type: "EmailCustomization", Create: "system.email.template.create", Update: "system.email.template.update", Delete: "system.email.template.delete"},
	Coll:   emailTemplatePath + "/customizations", IDParam: "customizationId",
	Page:         engine.PageSpec{Def: 10, Max: 200, Cursor: true},
	CreateStatus: http.StatusCreated,
	DeleteStatus: http.StatusNoContent,
	UpdateMethod: http.MethodPut,
	Fields: []engine.Field{
		{Path: "language", Type: engine.TString, Required: true},
		{Path: "subject", Type: engine.TString, Required: true},
		{Path: "body", Type: engine.TString, Required: true},
		{Path: "isDefault", Type: engine.TBool},
	},
}

func emailCustomizationParent(brandID, template string) string { return brandID + "/" + template }

func init() {
	emailCustomizationsRes.Prepare = prepareEmailCustomization
	emailCustomizationsRes.Links = emailCustomizationLinks
	emailCustomizationsRes.BeforeDelete = func(_ *engine.Call, _ string, cur engine.Obj) *engine.APIError {
		if engine.BoolAt(cur, "isDefault") {
			return engine.NewError(http.StatusConflict, "E0000184", "A default email template customization can't be deleted.")
		}
		return nil
	}
	engine.Register(engine.Module{
		Name: "email-customizations", Phase: 62,
		Routes: func(rt *engine.Router) {
			coll, item := emailCustomizationsRes.Coll, emailCustomizationsRes.ItemPattern()
			read, manage := engine.ScopeFor("templates", "GET"), engine.ScopeFor("templates", "PUT")
			rt.Handle("GET", coll, read, listEmailCustomizations)
			rt.Handle("POST", coll, manage, createEmailCustomization)
			rt.Handle("DELETE", coll, manage, deleteAllEmailCustomizations)
			rt.Handle("GET", item, read, getEmailCustomization)
			rt.Handle("PUT", item, manage, replaceEmailCustomization)
			rt.Handle("DELETE", item, manage, deleteEmailCustomization)
			rt.Handle("GET", item+"/preview", read, previewEmailCustomization)
		},
		Sample:   sampleEmailCustomizations,
		Generate: generateEmailCustomizations,
	})
}

func prepareEmailCustomization(c *engine.Call, parentID string, body, cur engine.Obj) *engine.APIError {
	lang := engine.Str(body, "language")
	if !brandLocaleRule.MatchString(lang) {
		return engine.ErrValidation("language", "language: '"+lang+"' is not an IETF BCP 47 language tag")
	}
	curID := ""
	if cur != nil {
		curID = engine.Str(cur, "id")
	}
	var def engine.Obj
	for _, o := range c.Org.List(tableEmailCustomizations, parentID) {
		if engine.Str(o, "id") == curID {
			continue
		}
		if engine.Str(o, "language") == lang {
			return engine.NewError(http.StatusConflict, "E0000183", "An email template customization for that language already exists.")
		}
		if engine.BoolAt(o, "isDefault") {
			def = o
		}
	}
	wantDefault, given := body["isDefault"].(bool)
	switch {
	case cur == nil && def == nil:
		// The first customization is the default.
		body["isDefault"] = true
	case cur == nil && wantDefault:
		return engine.NewError(http.StatusConflict, "E0000182", "A default email template customization already exists.")
	case cur != nil && engine.BoolAt(cur, "isDefault"):
		if given && !wantDefault {
			return engine.NewError(http.StatusConflict, "E0000185",
				"The isDefault parameter of the default email template customization can't be set to false.")
		}
		body["isDefault"] = true
	case wantDefault:
		// The default moves here (only an update gets this far).
		if def != nil {
			def["isDefault"] = false
		}
	default:
		body["isDefault"] = false
	}
	return nil
}

func emailCustomizationLinks(c *engine.Call, _ string, o engine.Obj, l engine.Obj) {
	tmpl := emailTemplateHref(c, c.Param("brandId"), c.Param("templateName"))
	self := tmpl + "/customizations/" + engine.Str(o, "id")
	l["preview"] = emailLink(self+"/preview", "GET")
	l["template"] = emailLink(tmpl, "GET")
	l["settings"] = emailLink(tmpl+"/settings", "GET", "PUT")
	l["test"] = emailLink(tmpl+"/test", "POST")
}

// emailCustomizationCall resolves the brand and template of a request into
// the customizations' parent key.
func emailCustomizationCall(c *engine.Call) (string, *engine.APIError) {
	brandID, name, err := emailTemplateLookup(c)
	if err != nil {
		return "", err
	}
	return emailCustomizationParent(brandID, name), nil
}

func listEmailCustomizations(c *engine.Call) engine.Reply {
	pid, err := emailCustomizationCall(c)
	if err != nil {
		return engine.Fail(err)
	}
	items, hdr := engine.Page(c, emailCustomizationsRes.Page, c.Org.List(tableEmailCustomizations, pid),
		func(o engine.Obj) string { return engine.Str(o, "id") })
	out := make([]any, len(items))
	for i, o := range items {
		out[i] = emailCustomizationsRes.Render(c, pid, o)
	}
	return engine.Reply{Status: http.StatusOK, Body: out, Header: hdr}
}

func createEmailCustomization(c *engine.Call) engine.Reply {
	pid, err := emailCustomizationCall(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	obj, err := emailCustomizationsRes.Insert(c, pid, body, nil)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.Created(emailCustomizationsRes.Render(c, pid, obj))
}

func deleteAllEmailCustomizations(c *engine.Call) engine.Reply {
	pid, err := emailCustomizationCall(c)
	if err != nil {
		return engine.Fail(err)
	}
	for _, o := range c.Org.List(tableEmailCustomizations, pid) {
		c.Emit(emailCustomizationsRes.Events.Delete, emailCustomizationsRes.TargetOf(o))
	}
	c.Org.DropTable(tableEmailCustomizations, pid)
	return engine.NoContent()
}

func getEmailCustomization(c *engine.Call) engine.Reply {
	pid, err := emailCustomizationCall(c)
	if err != nil {
		return engine.Fail(err)
	}
	obj, err := emailCustomizationsRes.Lookup(c, pid, c.Param("customizationId"))
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(emailCustomizationsRes.Render(c, pid, obj))
}

func replaceEmailCustomization(c *engine.Call) engine.Reply {
	pid, err := emailCustomizationCall(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	obj, err := emailCustomizationsRes.Replace(c, pid, c.Param("customizationId"), body)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(emailCustomizationsRes.Render(c, pid, obj))
}

func deleteEmailCustomization(c *engine.Call) engine.Reply {
	pid, err := emailCustomizationCall(c)
	if err != nil {
		return engine.Fail(err)
	}
	if err := emailCustomizationsRes.Remove(c, pid, c.Param("customizationId")); err != nil {
		return engine.Fail(err)
	}
	return engine.NoContent()
}

func previewEmailCustomization(c *engine.Call) engine.Reply {
	pid, err := emailCustomizationCall(c)
	if err != nil {
		return engine.Fail(err)
	}
	obj, err := emailCustomizationsRes.Lookup(c, pid, c.Param("customizationId"))
	if err != nil {
		return engine.Fail(err)
	}
	tmpl := emailTemplateHref(c, c.Param("brandId"), c.Param("templateName"))
	self := tmpl + "/customizations/" + engine.Str(obj, "id")
	return engine.OK(engine.Obj{
		"subject": emailPreview(c, engine.Str(obj, "subject")),
		"body":    emailPreview(c, engine.Str(obj, "body")),
		"_links": engine.Obj{
			"self":          emailLink(self+"/preview", "GET"),
			"contentSource": emailLink(self, "GET", "PUT", "DELETE"),
			"template":      emailLink(tmpl, "GET"),
			"test":          emailLink(tmpl+"/test", "POST"),
		},
	})
}
