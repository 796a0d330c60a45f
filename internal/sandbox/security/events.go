package security

import "github.com/oktasync/oktasync/internal/sandbox/engine"

// orgTarget names the org in the System Log events of its org-wide
// settings (the org CAPTCHA, ThreatInsight, attack protection).
func orgTarget(c *engine.Call) engine.Target {
	return engine.Target{ID: c.Org.OrgID, Type: "Org", DisplayName: c.Org.OrgID}
}
