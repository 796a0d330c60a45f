package customization

import (
	"net/http"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Custom SMTP servers (coverage §3.6 D8; VCR TestAccResourceOktaSMTPServer_crud,
// TestAccDataSourceOktaEmailSMTPServers_read): create answers 201 with
// alias, host, port, id (ces…), username and enabled; the password is
// write-only and never returned. No _links, created or lastUpdated. The
// list is an object, {"email-servers": [...]}; a GET of one server
// answers the server itself (as recorded; the spec claims the list
// wrapper). PATCH changes the fields it carries. Enabling one server
// disables the others, since an enabled server "routes all email traffic"
// (SPEC BaseEmailServer; the exclusivity itself is unverified). Writes
// log the catalog's system.custom_email_server.lifecycle.* events.
var emailServersRes = &engine.Resource{
	Name: "emailServers", TypeName: "EmailServer", Prefix: "ces", Area: "emailServers",
	Events: &engine.Events{Type: "EmailServer", Create: "system.custom_email_server.lifecycle.create", Update: "system.custom_email_server.lifecycle.update", Delete: "system.custom_email_server.lifecycle.delete"},
	Coll:   "/api/v1/email-servers", IDParam: "emailServerId",
	CreateStatus: http.StatusCreated,
	DeleteStatus: http.StatusNoContent,
	UpdateMethod: http.MethodPatch,
	Fields:       emailServerFields(true),
}

func emailServerFields(required bool) []engine.Field {
	return []engine.Field{
		{Path: "alias", Type: engine.TString, Required: required},
		{Path: "host", Type: engine.TString, Required: required},
		{Path: "port", Type: engine.TNumber, Required: required},
		{Path: "username", Type: engine.TString, Required: required},
		{Path: "password", Type: engine.TString, Required: required},
		{Path: "enabled", Type: engine.TBool},
	}
}

func init() {
	emailServersRes.Prepare = prepareEmailServer
	emailServersRes.AfterCreate = func(c *engine.Call, _ string, obj engine.Obj) *engine.APIError {
		brandDropTimestamps(obj)
		emailServerExclusive(c, obj)
		return nil
	}
	engine.Register(engine.Module{
		Name: "email-servers", Phase: 61,
		Routes: func(rt *engine.Router) {
			item := emailServersRes.ItemPattern()
			read, manage := engine.ScopeFor("emailServers", "GET"), engine.ScopeFor("emailServers", "POST")
			rt.Handle("GET", emailServersRes.Coll, read, listEmailServers)
			rt.Handle("POST", emailServersRes.Coll, manage, createEmailServer)
			rt.Handle("GET", item, read, getEmailServer)
			rt.Handle("PATCH", item, manage, updateEmailServer)
			rt.Handle("DELETE", item, manage, emailServersRes.HandleDelete)
			rt.Handle("POST", item+"/test", manage, testEmailServer)
		},
		Sample:   sampleEmailServers,
		Generate: generateEmailServers,
	})
}

func prepareEmailServer(_ *engine.Call, _ string, body, _ engine.Obj) *engine.APIError {
	if strings.TrimSpace(engine.Str(body, "host")) == "" {
		return engine.ErrValidation("host", "host: The field cannot be left blank")
	}
	if p, _ := engine.IntAt(body, "port"); p < 1 || p > 65535 {
		return engine.ErrValidation("port", "port: must be between 1 and 65535")
	}
	engine.SetDefault(body, "enabled", false)
	return nil
}

// emailServerExclusive disables the other servers when obj is enabled.
func emailServerExclusive(c *engine.Call, obj engine.Obj) {
	if !engine.BoolAt(obj, "enabled") {
		return
	}
	for _, o := range c.Org.List("emailServers", "") {
		if engine.Str(o, "id") != engine.Str(obj, "id") {
			o["enabled"] = false
		}
	}
}

// emailServerRender drops the write-only password and the engine's
// _links: Okta's email servers have none.
func emailServerRender(o engine.Obj) engine.Obj {
	out := engine.CloneObj(o)
	delete(out, "password")
	return out
}

func listEmailServers(c *engine.Call) engine.Reply {
	items := c.Org.List("emailServers", "")
	out := make([]any, len(items))
	for i, s := range items {
		out[i] = emailServerRender(s)
	}
	return engine.OK(engine.Obj{"email-servers": out})
}

func createEmailServer(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	obj, err := emailServersRes.Insert(c, "", body, nil)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.Created(emailServerRender(obj))
}

func getEmailServer(c *engine.Call) engine.Reply {
	obj, err := emailServersRes.Lookup(c, "", c.Param("emailServerId"))
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(emailServerRender(obj))
}

// updateEmailServer is a partial update: the fields the body carries
// replace the stored ones (SPEC updateEmailServer, EmailServerRequest).
func updateEmailServer(c *engine.Call) engine.Reply {
	cur, err := emailServersRes.Lookup(c, "", c.Param("emailServerId"))
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	delete(body, "id")
	if err := engine.CheckShape(body, emailServerFields(false)); err != nil {
		return engine.Fail(err)
	}
	merged := engine.CloneObj(cur)
	for k, v := range body {
		if v != nil {
			merged[k] = engine.Clone(v)
		}
	}
	if err := prepareEmailServer(c, "", merged, cur); err != nil {
		return engine.Fail(err)
	}
	c.Org.Put("emailServers", "", engine.Str(cur, "id"), merged)
	c.Emit(emailServersRes.Events.Update, emailServersRes.TargetOf(merged))
	emailServerExclusive(c, merged)
	return engine.OK(emailServerRender(merged))
}

// testEmailServer sends a test message (SPEC EmailTestAddresses: from and
// to, both required); the sandbox sends nothing.
func testEmailServer(c *engine.Call) engine.Reply {
	if _, err := emailServersRes.Lookup(c, "", c.Param("emailServerId")); err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, []engine.Field{
		{Path: "from", Type: engine.TString, Required: true},
		{Path: "to", Type: engine.TString, Required: true},
	}); err != nil {
		return engine.Fail(err)
	}
	for _, k := range []string{"from", "to"} {
		if !strings.Contains(engine.Str(body, k), "@") {
			return engine.Fail(engine.ErrValidation(k, k+": '"+engine.Str(body, k)+"' is not an email address"))
		}
	}
	return engine.NoContent()
}
