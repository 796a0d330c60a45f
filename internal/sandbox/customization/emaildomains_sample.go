package customization

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// sampleEmailDomains: the partner brand sends its emails from its own
// domain, set up but not yet verified (the sandbox sees no DNS).
func sampleEmailDomains(c *engine.Call) error {
	brandID := sampleBrandID(c, "Partner Hub")
	if brandID == "" {
		return nil
	}
	obj, err := emailDomainsRes.Insert(c, "", engine.Obj{"domain": "partners.example.com",
		"displayName": "Partner Hub", "userName": "noreply"}, nil)
	if err != nil {
		return err
	}
	if b := c.Org.Get("brands", "", brandID); b != nil {
		b["emailDomainId"] = engine.Str(obj, "id")
	}
	return nil
}
