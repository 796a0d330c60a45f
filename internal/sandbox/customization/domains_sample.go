package customization

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// sampleDomains: the org's sign-in is served on its own domain, the most
// common setup (one custom domain on the default brand), not yet verified
// (the sandbox sees no DNS), with an Okta-managed certificate. It is on
// the default brand because a brand a domain points at cannot be deleted,
// and oktasync does not manage custom domains yet: a custom brand holding
// one would stop the round trip's wipe.
func sampleDomains(c *engine.Call) error {
	b := c.Org.Find("brands", "", func(o engine.Obj) bool { return engine.BoolAt(o, "isDefault") })
	if b == nil {
		return nil
	}
	obj, err := domainsRes.Insert(c, "", engine.Obj{"domain": "login.example.com", "certificateSourceType": "OKTA_MANAGED"}, nil)
	if err != nil {
		return err
	}
	obj["brandId"] = engine.Str(b, "id")
	return nil
}
