package directory

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func sampleUserTypes(c *engine.Call) error {
	for _, t := range [][3]string{
		{"contractor", "Contractor", "External contractors engaged through an agency"},
		{"partner", "Partner", "Employees of partner companies with portal access"},
		{"serviceAccount", "Service Account", "Non-human accounts used by integrations"},
		{"customer", "Customer", "Customer identities for the support portal"},
	} {
		if _, err := userTypesRes.Insert(c, "", engine.Obj{"name": t[0], "displayName": t[1], "description": t[2]}, nil); err != nil {
			return err
		}
	}
	return nil
}
