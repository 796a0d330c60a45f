package customization

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// seedDomains makes the system domain every org lists: id "default", the
// org's own Okta host (filled in from the request when rendered),
// OKTA_MANAGED, COMPLETED, linked to the default brand (VCR
// TestAccDataSourceOktaDomain_read).
func seedDomains(c *engine.Call) error {
	brandID := ""
	if b := c.Org.Find("brands", "", func(o engine.Obj) bool { return engine.BoolAt(o, "isDefault") }); b != nil {
		brandID = engine.Str(b, "id")
	}
	c.Org.Put("domains", "", defaultDomainID, engine.Obj{
		"id": defaultDomainID, "domain": "", "certificateSourceType": "OKTA_MANAGED",
		"validationStatus": "COMPLETED", "brandId": brandID,
	})
	return nil
}
