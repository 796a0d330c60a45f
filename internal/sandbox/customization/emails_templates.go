package customization

import (
	"net/http"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Email templates (coverage §3.6 D2/D3). Every brand has the whole
// catalogue (emails_catalogue.go); a template is read, never created.
// Each template has settings (recipients, ALL_USERS until changed; stored
// only once changed, in emailSettings keyed by template under the brand)
// and customizations (emails_customizations.go). The list answers
// `expand=settings,customizationCount` with both in _embedded, which is
// how a client reads a brand's templates in one call.
const (
	emailTemplatesPath = "/api/v1/brands/{brandId}/templates/email"
	emailTemplatePath  = emailTemplatesPath + "/{templateName}"
	tableEmailSettings = "emailSettings"
)

var emailTemplatesPage = engine.PageSpec{Def: 20, Max: 200, Cursor: true}

// emailRecipients are the settings' allowed values (SPEC EmailSettings).
var emailRecipients = []string{"ALL_USERS", "ADMINS_ONLY", "NO_USERS"}

func init() {
	engine.Register(engine.Module{
		Name: "email-templates", Phase: 61,
		Routes: func(rt *engine.Router) {
			read, manage := engine.ScopeFor("templates", "GET"), engine.ScopeFor("templates", "PUT")
			rt.Handle("GET", emailTemplatesPath, read, listEmailTemplates)
			rt.Handle("GET", emailTemplatePath, read, getEmailTemplate)
			rt.Handle("GET", emailTemplatePath+"/default-content", read, getEmailDefaultContent)
			rt.Handle("GET", emailTemplatePath+"/default-content/preview", read, previewEmailDefaultContent)
			// Sending a test email needs only the read scope (SPEC sendTestEmail).
			rt.Handle("POST", emailTemplatePath+"/test", read, sendTestEmail)
			rt.Handle("GET", emailTemplatePath+"/settings", read, getEmailSettings)
			rt.Handle("PUT", emailTemplatePath+"/settings", manage, replaceEmailSettings)
		},
		Sample:   sampleEmailSettings,
		Generate: generateEmailSettings,
	})
}

// emailTemplateLookup checks the brand and the template of a request.
func emailTemplateLookup(c *engine.Call) (brandID, name string, err *engine.APIError) {
	brandID, name = c.Param("brandId"), c.Param("templateName")
	if _, err := brandsRes.Lookup(c, "", brandID); err != nil {
		return "", "", err
	}
	if !isEmailTemplate(name) {
		return "", "", engine.ErrNotFound(name, emailTemplateType)
	}
	return brandID, name, nil
}

func emailTemplateHref(c *engine.Call, brandID, name string) string {
	return c.Base + "/api/v1/brands/" + brandID + "/templates/email/" + name
}

func emailLink(href string, allow ...string) engine.Obj {
	return engine.Obj{"href": href, "hints": engine.Obj{"allow": engine.AnyStrings(allow)}}
}

// emailTemplateRender is a template as the API shows it, with the
// _embedded parts ?expand= asks for.
func emailTemplateRender(c *engine.Call, brandID, name string) engine.Obj {
	self := emailTemplateHref(c, brandID, name)
	out := engine.Obj{
		"name": name,
		"_links": engine.Obj{
			"self":           emailLink(self, "GET"),
			"settings":       emailLink(self+"/settings", "GET", "PUT"),
			"defaultContent": emailLink(self+"/default-content", "GET"),
			"test":           emailLink(self+"/test", "POST"),
			"customizations": emailLink(self+"/customizations", "GET", "POST", "DELETE"),
		},
	}
	emb := engine.Obj{}
	for _, v := range c.Query()["expand"] {
		for _, e := range strings.Split(v, ",") {
			switch strings.TrimSpace(e) {
			case "settings":
				emb["settings"] = emailSettingsRender(c, brandID, name)
			case "customizationCount":
				emb["customizationCount"] = engine.JSONInt(len(c.Org.List(tableEmailCustomizations, emailCustomizationParent(brandID, name))))
			}
		}
	}
	if len(emb) > 0 {
		out["_embedded"] = emb
	}
	return out
}

func listEmailTemplates(c *engine.Call) engine.Reply {
	brandID := c.Param("brandId")
	if _, err := brandsRes.Lookup(c, "", brandID); err != nil {
		return engine.Fail(err)
	}
	items := make([]engine.Obj, len(EmailTemplateNames))
	for i, n := range EmailTemplateNames {
		items[i] = engine.Obj{"name": n}
	}
	page, hdr := engine.Page(c, emailTemplatesPage, items, func(o engine.Obj) string { return engine.Str(o, "name") })
	out := make([]any, len(page))
	for i, t := range page {
		out[i] = emailTemplateRender(c, brandID, engine.Str(t, "name"))
	}
	return engine.Reply{Status: http.StatusOK, Body: out, Header: hdr}
}

func getEmailTemplate(c *engine.Call) engine.Reply {
	brandID, name, err := emailTemplateLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(emailTemplateRender(c, brandID, name))
}

func getEmailDefaultContent(c *engine.Call) engine.Reply {
	brandID, name, err := emailTemplateLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	subject, body := emailDefaultContent(name)
	self := emailTemplateHref(c, brandID, name) + "/default-content"
	return engine.OK(engine.Obj{"subject": subject, "body": body, "_links": engine.Obj{
		"self":     emailLink(self, "GET"),
		"template": emailLink(emailTemplateHref(c, brandID, name), "GET"),
		"preview":  emailLink(self+"/preview", "GET"),
		"test":     emailLink(emailTemplateHref(c, brandID, name)+"/test", "POST"),
	}})
}

func previewEmailDefaultContent(c *engine.Call) engine.Reply {
	brandID, name, err := emailTemplateLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	subject, body := emailDefaultContent(name)
	tmpl := emailTemplateHref(c, brandID, name)
	return engine.OK(engine.Obj{"subject": emailPreview(c, subject), "body": emailPreview(c, body), "_links": engine.Obj{
		"self":          emailLink(tmpl+"/default-content/preview", "GET"),
		"contentSource": emailLink(tmpl+"/default-content", "GET"),
		"template":      emailLink(tmpl, "GET"),
	}})
}

func sendTestEmail(c *engine.Call) engine.Reply {
	if _, _, err := emailTemplateLookup(c); err != nil {
		return engine.Fail(err)
	}
	return engine.NoContent()
}

// emailRecipientsOf is a template's recipients: ALL_USERS until changed.
func emailRecipientsOf(c *engine.Call, brandID, name string) string {
	if s := c.Org.Get(tableEmailSettings, brandID, name); s != nil {
		return engine.Str(s, "recipients")
	}
	return "ALL_USERS"
}

func emailSettingsRender(c *engine.Call, brandID, name string) engine.Obj {
	tmpl := emailTemplateHref(c, brandID, name)
	return engine.Obj{"recipients": emailRecipientsOf(c, brandID, name), "_links": engine.Obj{
		"self":     emailLink(tmpl+"/settings", "GET", "PUT"),
		"template": emailLink(tmpl, "GET"),
	}}
}

func getEmailSettings(c *engine.Call) engine.Reply {
	brandID, name, err := emailTemplateLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(emailSettingsRender(c, brandID, name))
}

func replaceEmailSettings(c *engine.Call) engine.Reply {
	brandID, name, err := emailTemplateLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, []engine.Field{
		{Path: "recipients", Type: engine.TString, Required: true, Enum: emailRecipients},
	}); err != nil {
		return engine.Fail(err)
	}
	setEmailRecipients(c, brandID, name, engine.Str(body, "recipients"))
	c.Emit(eventEmailSettings, brandTarget(c, brandID))
	return engine.OK(emailSettingsRender(c, brandID, name))
}

func setEmailRecipients(c *engine.Call, brandID, name, recipients string) {
	c.Org.Put(tableEmailSettings, brandID, name, engine.Obj{"id": name, "recipients": recipients})
}

// dropBrandEmails removes a deleted brand's settings and customizations.
func dropBrandEmails(c *engine.Call, brandID string) {
	c.Org.DropTable(tableEmailSettings, brandID)
	for _, n := range EmailTemplateNames {
		c.Org.DropTable(tableEmailCustomizations, emailCustomizationParent(brandID, n))
	}
}
