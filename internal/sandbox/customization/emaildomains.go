package customization

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Email domains (coverage §3.6 D1; VCR TestAccResourceOktaEmailDomain_crud,
// TestAccResourceOktaBrand_Issue_1824_with_email_domain):
//   - create takes brandId, domain, displayName, userName and optionally
//     validationSubdomain (default "mail"); it answers 201 (the spec says
//     200) and links the brand: the brand then shows emailDomainId and
//     _links.emailDomain. The domain itself never shows brandId, and has
//     no _links, created or lastUpdated;
//   - the domain keeps its case; the DNS records are a TXT
//     _oktaverification record on the domain as given and three CNAMEs
//     (lower-cased) into SendGrid, recordType "cname" in lower case as
//     recorded;
//   - a second domain with the same name is 409 E0000197; a PUT changes
//     displayName and userName; a delete unlinks the brand;
//   - verify needs the DNS records, which the sandbox cannot see: it
//     answers 400 E0000218 for an unverified domain (E0000217 for one that
//     is already verified).
var emailDomainsRes = &engine.Resource{
	Name: "emailDomains", TypeName: "EmailDomain", Prefix: "OeD", Area: "emailDomains",
	Events: &engine.Events{Type: "EmailDomain", Create: "system.email_domain.create", Update: "system.email_domain.update", Delete: "system.email_domain.delete"},
	Coll:   "/api/v1/email-domains", IDParam: "emailDomainId",
	CreateStatus: http.StatusCreated,
	DeleteStatus: http.StatusNoContent,
	UpdateMethod: http.MethodPut,
	Fields: []engine.Field{
		{Path: "displayName", Type: engine.TString, Required: true},
		{Path: "userName", Type: engine.TString, Required: true},
		{Path: "domain", Type: engine.TString},
		{Path: "validationSubdomain", Type: engine.TString},
	},
	ReadOnly: []string{"validationStatus", "dnsValidationRecords"},
	Keep:     []string{"domain", "validationSubdomain", "validationStatus", "dnsValidationRecords"},
}

// emailUserName is the local part of an address.
var emailUserName = regexp.MustCompile(`^[A-Za-z0-9._%+-]+$`)

func init() {
	emailDomainsRes.Prepare = prepareEmailDomain
	emailDomainsRes.AfterCreate = func(_ *engine.Call, _ string, obj engine.Obj) *engine.APIError {
		brandDropTimestamps(obj)
		return nil
	}
	emailDomainsRes.AfterDelete = func(c *engine.Call, _ string, cur engine.Obj) {
		id := engine.Str(cur, "id")
		for _, b := range c.Org.List("brands", "") {
			if engine.Str(b, "emailDomainId") == id {
				delete(b, "emailDomainId")
			}
		}
	}
	engine.Register(engine.Module{
		Name: "email-domains", Phase: 61,
		Routes: func(rt *engine.Router) {
			item := emailDomainsRes.ItemPattern()
			read, manage := engine.ScopeFor("emailDomains", "GET"), engine.ScopeFor("emailDomains", "PUT")
			rt.Handle("GET", emailDomainsRes.Coll, read, listEmailDomains)
			rt.Handle("POST", emailDomainsRes.Coll, manage, createEmailDomain)
			rt.Handle("GET", item, read, getEmailDomain)
			rt.Handle("PUT", item, manage, replaceEmailDomain)
			rt.Handle("DELETE", item, manage, emailDomainsRes.HandleDelete)
			rt.Handle("POST", item+"/verify", manage, verifyEmailDomain)
		},
		Sample: sampleEmailDomains,
	})
}

func prepareEmailDomain(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	if u := engine.Str(body, "userName"); !emailUserName.MatchString(u) {
		return engine.ErrValidation("userName", "userName: '"+u+"' is not the local part of an email address")
	}
	if cur != nil {
		// A PUT changes displayName and userName only.
		for k := range body {
			if k != "displayName" && k != "userName" {
				delete(body, k)
			}
		}
		return nil
	}
	d := strings.TrimSpace(engine.Str(body, "domain"))
	lower := strings.ToLower(d)
	if !domainName.MatchString(lower) {
		return engine.ErrValidation("domain", "domain: '"+d+"' is not a valid domain name")
	}
	if c.Org.Find("emailDomains", "", func(o engine.Obj) bool { return strings.EqualFold(engine.Str(o, "domain"), d) }) != nil {
		return engine.NewError(http.StatusConflict, "E0000197", "Email domain already exists.")
	}
	sub := engine.Str(body, "validationSubdomain")
	if sub == "" {
		sub = "mail"
	}
	account := "u" + domainDigits(c, 8) + ".wl" + domainDigits(c, 3) + ".sendgrid.net"
	body["domain"] = d
	body["validationSubdomain"] = sub
	body["validationStatus"] = "NOT_STARTED"
	body["dnsValidationRecords"] = []any{
		engine.Obj{"recordType": "TXT", "fqdn": "_oktaverification." + d, "verificationValue": domainToken(c)},
		engine.Obj{"recordType": "cname", "fqdn": sub + "." + lower, "verificationValue": account},
		engine.Obj{"recordType": "cname", "fqdn": "p03._domainkey." + lower, "verificationValue": "p03.domainkey." + account},
		engine.Obj{"recordType": "cname", "fqdn": "p032._domainkey." + lower, "verificationValue": "p032.domainkey." + account},
	}
	delete(body, "brandId")
	return nil
}

func domainDigits(c *engine.Call, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + c.Org.RandIntn(10))
	}
	return string(b)
}

// emailDomainRender adds the linked brands when ?expand=brands asks.
func emailDomainRender(c *engine.Call, o engine.Obj) engine.Obj {
	out := engine.CloneObj(o)
	for _, v := range c.Query()["expand"] {
		if strings.Contains(v, "brands") {
			var brands []any
			for _, b := range c.Org.List("brands", "") {
				if engine.Str(b, "emailDomainId") == engine.Str(o, "id") {
					brands = append(brands, brandsRes.Render(c, "", b))
				}
			}
			out["_embedded"] = engine.Obj{"brands": append([]any{}, brands...)}
		}
	}
	return out
}

func listEmailDomains(c *engine.Call) engine.Reply {
	items := c.Org.List("emailDomains", "")
	out := make([]any, len(items))
	for i, d := range items {
		out[i] = emailDomainRender(c, d)
	}
	return engine.OK(out)
}

func createEmailDomain(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, []engine.Field{
		{Path: "brandId", Type: engine.TString, Required: true},
		{Path: "domain", Type: engine.TString, Required: true},
	}); err != nil {
		return engine.Fail(err)
	}
	brand, err := brandsRes.Lookup(c, "", engine.Str(body, "brandId"))
	if err != nil {
		return engine.Fail(err)
	}
	obj, err := emailDomainsRes.Insert(c, "", body, nil)
	if err != nil {
		return engine.Fail(err)
	}
	brand["emailDomainId"] = engine.Str(obj, "id")
	return engine.Created(emailDomainRender(c, obj))
}

func getEmailDomain(c *engine.Call) engine.Reply {
	obj, err := emailDomainsRes.Lookup(c, "", c.Param("emailDomainId"))
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(emailDomainRender(c, obj))
}

func replaceEmailDomain(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	obj, err := emailDomainsRes.Replace(c, "", c.Param("emailDomainId"), body)
	if err != nil {
		return engine.Fail(err)
	}
	brandDropTimestamps(obj)
	return engine.OK(emailDomainRender(c, obj))
}

func verifyEmailDomain(c *engine.Call) engine.Reply {
	obj, err := emailDomainsRes.Lookup(c, "", c.Param("emailDomainId"))
	if err != nil {
		return engine.Fail(err)
	}
	if engine.Str(obj, "validationStatus") == "VERIFIED" {
		return engine.Fail(engine.NewError(http.StatusBadRequest, "E0000217", "Invalid status. Can't validate email domain with current status."))
	}
	return engine.Fail(engine.NewError(http.StatusBadRequest, "E0000218", "Email domain couldn't be verified by mail provider."))
}
