package customization

import (
	"fmt"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// sampleEmailServers: the org relays its email through its own SMTP
// service (enabled) and keeps a disabled fallback.
func sampleEmailServers(c *engine.Call) error {
	for _, s := range []engine.Obj{
		{"alias": "Corporate relay", "host": "smtp.mail.example.com", "port": engine.JSONInt(587),
			"username": "okta-relay", "password": "sandbox-sample-password", "enabled": true},
		{"alias": "Fallback relay", "host": "smtp-backup.example.com", "port": engine.JSONInt(2525),
			"username": "okta-fallback", "password": "sandbox-sample-password", "enabled": false},
	} {
		if _, err := emailServersRes.Insert(c, "", s, nil); err != nil {
			return err
		}
	}
	return nil
}

// generateEmailServers makes n disabled SMTP servers for --generate.
func generateEmailServers(c *engine.Call, n int) error {
	for i := 0; i < n; i++ {
		s := engine.Obj{"alias": fmt.Sprintf("Relay %04d", i), "host": fmt.Sprintf("smtp%04d.example.com", i),
			"port": engine.JSONInt(587), "username": fmt.Sprintf("relay%04d", i), "password": "generated"}
		if _, err := emailServersRes.Insert(c, "", s, nil); err != nil {
			return err
		}
	}
	return nil
}
