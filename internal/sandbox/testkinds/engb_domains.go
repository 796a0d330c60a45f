package testkinds

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// test-custom-domains stands for custom domains (coverage.md D7; v6.1.0
// spec CustomDomain, DomainResponse, DNSRecordDomains): GET answers
// {domains:[…]}, with the org's own Okta domain as a system entry
// (id "default", OKTA_MANAGED, COMPLETED); POST {domain,
// certificateSourceType} creates a domain at once, lower-cased,
// validationStatus NOT_STARTED, with the DNS records the customer must
// publish (a TXT _oktaverification record and a CNAME); PUT changes only
// brandId; POST …/verify checks the records: VERIFIED once they are
// published (then Okta obtains a certificate: publicCertificate),
// IN_PROGRESS until then. Served under /api/v1/test-domains.
//
// The sandbox cannot see DNS: PublishDNS is how a test publishes a
// domain's records.

const (
	tableTestDomains = "testDomains"
	tableTestDNS     = "testDNS" // by domain: records the customer published
	tableBrands      = "brands"  // the customization family's brands
)

func init() {
	const coll, item = "/api/v1/test-domains", "/api/v1/test-domains/{domainId}"
	engine.Register(engine.Module{
		Name: "test-custom-domains", Phase: 65, // after brands
		Routes: func(rt *engine.Router) {
			rt.Handle("GET", coll, engine.ScopeFor("domains", "GET"), listTestDomains)
			rt.Handle("POST", coll, engine.ScopeFor("domains", "POST"), createTestDomain)
			rt.Handle("GET", item, engine.ScopeFor("domains", "GET"), func(c *engine.Call) engine.Reply {
				d, err := lookupTestDomain(c)
				if err != nil {
					return engine.Fail(err)
				}
				return engine.OK(renderTestDomain(c, d))
			})
			rt.Handle("PUT", item, engine.ScopeFor("domains", "PUT"), replaceTestDomain)
			rt.Handle("DELETE", item, engine.ScopeFor("domains", "DELETE"), deleteTestDomain)
			rt.Handle("POST", item+"/verify", engine.ScopeFor("domains", "POST"), verifyTestDomain)
		},
		Seed: func(c *engine.Call) error {
			brand := c.Org.Find(tableBrands, "", func(o engine.Obj) bool { return engine.BoolAt(o, "isDefault") })
			d := engine.Obj{"id": "default", "domain": c.Org.Sub + ".okta.com", "certificateSourceType": "OKTA_MANAGED",
				"validationStatus": "COMPLETED", "dnsRecords": []any{}}
			if brand != nil {
				d["brandId"] = engine.Str(brand, "id")
			}
			c.Org.Put(tableTestDomains, "", "default", d)
			return nil
		},
	})
}

// PublishDNS records that the customer published a domain's DNS records:
// its next verify succeeds. It takes the org lock.
func PublishDNS(s *engine.Server, domain string) {
	org := s.Org()
	org.Lock()
	defer org.Unlock()
	org.Put(tableTestDNS, "", strings.ToLower(domain), engine.Obj{"domain": strings.ToLower(domain)})
}

func renderTestDomain(c *engine.Call, d engine.Obj) engine.Obj {
	out := engine.CloneObj(d)
	if c.Base != "" {
		self := c.Base + "/api/v1/test-domains/" + engine.Str(d, "id")
		allow := []any{"GET", "PUT", "DELETE"}
		switch {
		case engine.Str(d, "id") == "default":
			allow = []any{"GET"}
		case engine.Str(d, "validationStatus") != "VERIFIED":
			// Okta offers only DELETE on an unverified domain (VCR).
			allow = []any{"DELETE"}
		}
		out["_links"] = engine.Obj{"self": engine.Obj{"href": self, "hints": engine.Obj{"allow": allow}},
			"verify": engine.Obj{"href": self + "/verify", "hints": engine.Obj{"allow": []any{"POST"}}}}
	}
	return out
}

func listTestDomains(c *engine.Call) engine.Reply {
	items := c.Org.List(tableTestDomains, "")
	out := make([]any, len(items))
	for i, d := range items {
		out[i] = renderTestDomain(c, d)
	}
	return engine.OK(engine.Obj{"domains": out})
}

func lookupTestDomain(c *engine.Call) (engine.Obj, *engine.APIError) {
	d := c.Org.Get(tableTestDomains, "", c.Param("domainId"))
	if d == nil {
		return nil, engine.ErrNotFound(c.Param("domainId"), "Domain")
	}
	return d, nil
}

func createTestDomain(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	domain := strings.ToLower(strings.TrimSpace(engine.Str(body, "domain")))
	if domain == "" || !strings.Contains(domain, ".") {
		return engine.Fail(engine.ErrValidation("Api validation failed: domain", "domain: '"+domain+"' is not a domain name"))
	}
	src := engine.Str(body, "certificateSourceType")
	if src != "MANUAL" && src != "OKTA_MANAGED" {
		return engine.Fail(engine.ErrValidation("Api validation failed: certificateSourceType",
			"certificateSourceType: '"+src+"' is not MANUAL or OKTA_MANAGED"))
	}
	if c.Org.Find(tableTestDomains, "", func(o engine.Obj) bool { return engine.Str(o, "domain") == domain }) != nil {
		return engine.Fail(engine.NewError(http.StatusBadRequest, "E0000001", "Api validation failed: domain", "domain: The domain is already in use"))
	}
	sum := sha256.Sum256([]byte(domain))
	id := c.Org.NewID("OcD")
	d := engine.Obj{
		"id": id, "domain": domain, "certificateSourceType": src, "validationStatus": "NOT_STARTED",
		"dnsRecords": []any{
			engine.Obj{"recordType": "TXT", "fqdn": "_oktaverification." + domain, "values": []any{hex.EncodeToString(sum[:16])}},
			engine.Obj{"recordType": "CNAME", "fqdn": domain, "values": []any{c.Org.Sub + ".customdomains.okta.com"}},
		},
	}
	c.Org.Put(tableTestDomains, "", id, d)
	return engine.OK(renderTestDomain(c, d))
}

func replaceTestDomain(c *engine.Call) engine.Reply {
	d, err := lookupTestDomain(c)
	if err != nil {
		return engine.Fail(err)
	}
	if engine.Str(d, "id") == "default" {
		return engine.Fail(engine.NewError(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action"))
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	brandID := engine.Str(body, "brandId")
	if c.Org.Get(tableBrands, "", brandID) == nil {
		return engine.Fail(engine.ErrValidation("Api validation failed: brandId", "brandId: Brand "+brandID+" does not exist"))
	}
	d["brandId"] = brandID
	return engine.OK(renderTestDomain(c, d))
}

func deleteTestDomain(c *engine.Call) engine.Reply {
	d, err := lookupTestDomain(c)
	if err != nil {
		return engine.Fail(err)
	}
	if engine.Str(d, "id") == "default" {
		return engine.Fail(engine.NewError(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action"))
	}
	c.Org.Remove(tableTestDomains, "", engine.Str(d, "id"))
	return engine.NoContent()
}

func verifyTestDomain(c *engine.Call) engine.Reply {
	d, err := lookupTestDomain(c)
	if err != nil {
		return engine.Fail(err)
	}
	if engine.Str(d, "validationStatus") == "NOT_STARTED" || engine.Str(d, "validationStatus") == "IN_PROGRESS" {
		d["validationStatus"] = "IN_PROGRESS"
		if c.Org.Get(tableTestDNS, "", engine.Str(d, "domain")) != nil {
			d["validationStatus"] = "VERIFIED"
			d["publicCertificate"] = engine.Obj{"subject": "CN=" + engine.Str(d, "domain"),
				"fingerprint": "8E:7C:1B:0A", "expiration": "2027-01-01T00:00:00.000Z"}
		}
	}
	return engine.OK(renderTestDomain(c, d))
}
