package customization

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Custom domains (coverage §3.6 D7; VCR TestAccResourceOktaDomain_crud,
// TestAccDataSourceOktaDomain_read):
//   - the list is an object, {domains: [...]}, unpaged, and always holds
//     the system entry id "default": the org's own Okta host, OKTA_MANAGED,
//     COMPLETED, linked to the default brand, read-only;
//   - create answers 201 (the spec says 200), lower-cases the domain and
//     links it to a brand Okta makes for it (named after the domain, with
//     the Okta Dashboard as its default app); PUT changes only brandId;
//   - the DNS records (a TXT _oktaverification record and a CNAME) are
//     in the item, not in the list; verify checks them. The sandbox sees
//     no DNS, so verify always answers FAILED_TO_VERIFY (as the recording
//     of an unpublished domain does); tests that need a verified domain
//     set validationStatus themselves;
//   - _links.self.hints.allow differs by answer, as recorded: create and
//     PUT [GET, DELETE, PUT], an unverified item [DELETE], verify [GET,
//     DELETE], list items [GET, DELETE], the default [GET];
//   - a brand a domain points at cannot be deleted (409 E0000201).
//
// Domains carry neither created nor lastUpdated. The certificate upload
// (domains_certificate.go) makes the domain MANUAL; its private key is
// checked, never stored.
var domainsRes = &engine.Resource{
	Name: "domains", TypeName: "Domain", Prefix: "OcD", Area: "domains",
	Events: &engine.Events{Type: "Domain", Create: "system.custom_url_domain.initiate", Update: "system.custom_url_domain.update", Delete: "system.custom_url_domain.delete"},
	Coll:   "/api/v1/domains", IDParam: "domainId",
	DeleteStatus: http.StatusNoContent, // set here: Install is not used
	Fields: []engine.Field{
		{Path: "domain", Type: engine.TString, Required: true},
		{Path: "certificateSourceType", Type: engine.TString, Required: true, Enum: []string{"MANUAL", "OKTA_MANAGED"}},
	},
	ReadOnly: []string{"validationStatus", "brandId", "dnsRecords", "publicCertificate"},
	System:   func(o engine.Obj) bool { return engine.Str(o, "id") == defaultDomainID },
}

const defaultDomainID = "default"

// domainName is a DNS name of at least two labels.
var domainName = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$`)

// domainAllow says which methods _links.self lists for an answer.
type domainAllow int

const (
	allowWritten  domainAllow = iota // create, PUT
	allowItem                        // GET of one domain
	allowVerified                    // the answer of verify
	allowListed                      // a list item
)

func init() {
	domainsRes.Prepare = prepareDomain
	domainsRes.AfterCreate = func(_ *engine.Call, _ string, obj engine.Obj) *engine.APIError {
		brandDropTimestamps(obj)
		return nil
	}
	engine.Register(engine.Module{
		Name: "domains", Phase: 61,
		Routes: func(rt *engine.Router) {
			item := domainsRes.ItemPattern()
			read, manage := engine.ScopeFor("domains", "GET"), engine.ScopeFor("domains", "PUT")
			rt.Handle("GET", domainsRes.Coll, read, listDomains)
			rt.Handle("POST", domainsRes.Coll, manage, createDomain)
			rt.Handle("GET", item, read, getDomain)
			rt.Handle("PUT", item, manage, replaceDomain)
			rt.Handle("DELETE", item, manage, domainsRes.HandleDelete)
			rt.Handle("POST", item+"/verify", manage, verifyDomain)
			rt.Handle("PUT", item+"/certificate", manage, upsertDomainCertificate)
			rt.Handle("GET", brandsRes.ItemPattern()+"/domains", engine.ScopeFor("brands", "GET"), listBrandDomains)
		},
		Seed:   seedDomains,
		Sample: sampleDomains,
	})
}

func prepareDomain(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	if cur != nil {
		return nil
	}
	d := strings.ToLower(strings.TrimSpace(engine.Str(body, "domain")))
	if !domainName.MatchString(d) {
		return engine.ErrValidation("domain", "domain: '"+engine.Str(body, "domain")+"' is not a valid domain name")
	}
	if c.Org.Find("domains", "", func(o engine.Obj) bool { return engine.Str(o, "domain") == d }) != nil {
		return engine.ErrValidation("domain", "domain: A custom domain with this name already exists")
	}
	body["domain"] = d
	body["validationStatus"] = "NOT_STARTED"
	body["dnsRecords"] = []any{
		engine.Obj{"recordType": "TXT", "fqdn": "_oktaverification." + d, "values": []any{domainToken(c)}},
		engine.Obj{"recordType": "CNAME", "fqdn": d, "values": []any{c.Org.Sub + ".customdomains.okta.com"}},
	}
	return nil
}

// domainToken is a 32-hex verification value.
func domainToken(c *engine.Call) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 32)
	for i := range b {
		b[i] = hex[c.Org.RandIntn(16)]
	}
	return string(b)
}

func domainVerified(o engine.Obj) bool {
	s := engine.Str(o, "validationStatus")
	return s == "VERIFIED" || s == "COMPLETED"
}

// domainRender shapes a domain for one kind of answer.
func domainRender(c *engine.Call, o engine.Obj, how domainAllow) engine.Obj {
	out := engine.CloneObj(o)
	if engine.Str(out, "id") == defaultDomainID && engine.Str(out, "domain") == "" {
		// The default domain is the host the client reached.
		out["domain"] = strings.Split(strings.TrimPrefix(strings.TrimPrefix(c.Base, "https://"), "http://"), ":")[0]
	}
	if how == allowListed {
		delete(out, "dnsRecords")
	}
	self := c.Base + "/api/v1/domains/" + engine.Str(o, "id")
	var allow []string
	switch {
	case engine.Str(o, "id") == defaultDomainID:
		allow = []string{"GET"}
	case how == allowWritten || domainVerified(o):
		allow = []string{"GET", "DELETE", "PUT"}
	case how == allowItem:
		allow = []string{"DELETE"}
	default:
		allow = []string{"GET", "DELETE"}
	}
	l := engine.Obj{"self": emailLink(self, allow...),
		"brand": emailLink(c.Base+"/api/v1/brands/"+engine.Str(o, "brandId"), "GET", "PUT", "DELETE")}
	if (how == allowWritten || how == allowItem) && !domainVerified(o) {
		l["verify"] = emailLink(self+"/verify", "POST")
	}
	if engine.Str(o, "certificateSourceType") == "MANUAL" && domainVerified(o) {
		l["certificate"] = emailLink(self+"/certificate", "PUT")
	}
	out["_links"] = l
	return out
}

func listDomains(c *engine.Call) engine.Reply {
	items := c.Org.List("domains", "")
	out := make([]any, 0, len(items))
	// Custom domains first, the system entry last (as recorded).
	for _, sys := range []bool{false, true} {
		for _, d := range items {
			if (engine.Str(d, "id") == defaultDomainID) == sys {
				out = append(out, domainRender(c, d, allowListed))
			}
		}
	}
	return engine.OK(engine.Obj{"domains": out})
}

func listBrandDomains(c *engine.Call) engine.Reply {
	brandID := c.Param("brandId")
	if _, err := brandsRes.Lookup(c, "", brandID); err != nil {
		return engine.Fail(err)
	}
	out := []any{}
	for _, d := range c.Org.List("domains", "") {
		if engine.Str(d, "brandId") == brandID {
			out = append(out, domainRender(c, d, allowListed))
		}
	}
	return engine.OK(out)
}

func createDomain(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	obj, err := domainsRes.Insert(c, "", body, nil)
	if err != nil {
		return engine.Fail(err)
	}
	brandID, err := domainBrand(c, engine.Str(obj, "domain"))
	if err != nil {
		c.Org.Remove("domains", "", engine.Str(obj, "id"))
		return engine.Fail(err)
	}
	obj["brandId"] = brandID
	return engine.Created(domainRender(c, obj, allowWritten))
}

// domainBrand makes the brand Okta creates with a domain: named after the
// domain (a number is added if that name is taken), the Okta Dashboard as
// its default app.
func domainBrand(c *engine.Call, domain string) (string, *engine.APIError) {
	name := domain
	for n := 2; c.Org.Find("brands", "", func(o engine.Obj) bool { return strings.EqualFold(engine.Str(o, "name"), name) }) != nil; n++ {
		name = domain + " " + strconv.Itoa(n)
	}
	b, err := brandsRes.Insert(c.Internal(), "", engine.Obj{"name": name}, nil)
	if err != nil {
		return "", err
	}
	if app := c.Org.Find(engine.TableApps, "", func(o engine.Obj) bool { return engine.Str(o, "name") == "okta_enduser" }); app != nil {
		engine.Set(b, "defaultApp.appInstanceId", engine.Str(app, "id"))
	}
	// The brand is new configuration: an incremental read must see it.
	c.Emit(brandsRes.Events.Create, brandsRes.TargetOf(b))
	return engine.Str(b, "id"), nil
}

func getDomain(c *engine.Call) engine.Reply {
	obj, err := domainsRes.Lookup(c, "", c.Param("domainId"))
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(domainRender(c, obj, allowItem))
}

// replaceDomain changes the domain's brand, the only thing a PUT changes
// (SPEC UpdateDomain).
func replaceDomain(c *engine.Call) engine.Reply {
	obj, err := domainsRes.Lookup(c, "", c.Param("domainId"))
	if err != nil {
		return engine.Fail(err)
	}
	if engine.Str(obj, "id") == defaultDomainID {
		return engine.Fail(engine.NewError(http.StatusForbidden, "E0000006",
			"You do not have permission to perform the requested action", "The default domain cannot be changed"))
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, []engine.Field{{Path: "brandId", Type: engine.TString, Required: true}}); err != nil {
		return engine.Fail(err)
	}
	brandID := engine.Str(body, "brandId")
	if c.Org.Get("brands", "", brandID) == nil {
		return engine.Fail(engine.ErrValidation("brandId", "brandId: Brand "+brandID+" does not exist"))
	}
	obj["brandId"] = brandID
	c.Emit(domainsRes.Events.Update, domainsRes.TargetOf(obj))
	return engine.OK(domainRender(c, obj, allowWritten))
}

// verifyDomain checks the DNS records, which the sandbox cannot see: an
// unverified domain stays unverified.
func verifyDomain(c *engine.Call) engine.Reply {
	obj, err := domainsRes.Lookup(c, "", c.Param("domainId"))
	if err != nil {
		return engine.Fail(err)
	}
	if !domainVerified(obj) {
		obj["validationStatus"] = "FAILED_TO_VERIFY"
	}
	c.Emit(eventDomainVerify, domainsRes.TargetOf(obj))
	return engine.OK(domainRender(c, obj, allowVerified))
}

// domainOfBrand is the first domain that points at a brand, or nil.
func domainOfBrand(c *engine.Call, brandID string) engine.Obj {
	return c.Org.Find("domains", "", func(o engine.Obj) bool { return engine.Str(o, "brandId") == brandID })
}
