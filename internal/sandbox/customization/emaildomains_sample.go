package customization

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// sampleEmailDomains: the partner brand's email domain, set up but not
// yet verified (the sandbox sees no DNS) and not yet used by the brand:
// the brand's emailDomainId stays empty while oktasync does not export
// email domains, since a brand pointing at one would make the sample
// tree unportable (brands.emailDomainId would be an ID outside the
// export). Link it once email-domains is a kind.
func sampleEmailDomains(c *engine.Call) error {
	_, err := emailDomainsRes.Insert(c, "", engine.Obj{"domain": "partners.example.com",
		"displayName": "Partner Hub", "userName": "noreply"}, nil)
	if err != nil {
		return err
	}
	return nil
}
