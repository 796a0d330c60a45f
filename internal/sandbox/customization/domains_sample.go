package customization

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// sampleDomains: the customer brand's sign-in is served on its own domain,
// the most common setup, not yet verified (the sandbox sees no DNS), with
// an Okta-managed certificate.
func sampleDomains(c *engine.Call) error {
	brandID := sampleBrandID(c, "Customer Portal")
	if brandID == "" {
		return nil
	}
	obj, err := domainsRes.Insert(c, "", engine.Obj{"domain": "login.example.com", "certificateSourceType": "OKTA_MANAGED"}, nil)
	if err != nil {
		return err
	}
	obj["brandId"] = brandID
	return nil
}
