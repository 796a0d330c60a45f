package org

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Security notification emails: a private endpoint of the Admin Console,
// /api/internal/org/settings/security-notification-settings, GET and PUT,
// that the Terraform provider calls with an API token (VCR
// TestAccResourceOktaSecurityNotificationEmails_crud, on the -admin host).
// Okta does not document it and asks that undocumented APIs not be used
// (coverage §3.8); the sandbox serves it because the recordings do. It
// takes no OAuth scope: only the API token reaches it.
//
// The body is five booleans; the answer adds two lists the recording shows
// empty. A PUT replaces: a boolean left out becomes false (unverified).
const tableSecurityNotifications = "securityNotifications"

var securityNotificationFields = []string{"sendEmailForNewDeviceEnabled", "sendEmailForFactorEnrollmentEnabled",
	"sendEmailForFactorResetEnabled", "sendEmailForPasswordChangedEnabled", "reportSuspiciousActivityEnabled"}

// sswsOnlyScope is a scope no access token is ever granted.
const sswsOnlyScope = "ssws-only"

func seedSecurityNotifications(c *engine.Call) {
	o := engine.Obj{"id": "settings"}
	for _, f := range securityNotificationFields {
		o[f] = true
	}
	c.Org.Put(tableSecurityNotifications, "", "settings", o)
}

func init() {
	const path = "/api/internal/org/settings/security-notification-settings"
	engine.Register(engine.Module{
		Name: "security-notifications", Phase: 16,
		Routes: func(rt *engine.Router) {
			rt.Handle("GET", path, sswsOnlyScope, func(c *engine.Call) engine.Reply {
				return engine.OK(renderSecurityNotifications(c))
			})
			rt.Handle("PUT", path, sswsOnlyScope, func(c *engine.Call) engine.Reply {
				body, err := c.Body()
				if err != nil {
					return engine.Fail(err)
				}
				orgSettingsSeeded(c)
				o := c.Org.Get(tableSecurityNotifications, "", "settings")
				for _, f := range securityNotificationFields {
					v, has := body[f]
					if !has || v == nil {
						o[f] = false
						continue
					}
					b, ok := v.(bool)
					if !ok {
						return engine.Fail(engine.ErrMalformed())
					}
					o[f] = b
				}
				c.Emit(evSecurityNotices, orgTarget(c))
				return engine.OK(renderSecurityNotifications(c))
			})
		},
	})
}

func renderSecurityNotifications(c *engine.Call) engine.Obj {
	orgSettingsSeeded(c)
	out := engine.CloneObj(c.Org.Get(tableSecurityNotifications, "", "settings"))
	delete(out, "id")
	out["customizedEmailsList"] = []any{}
	out["customizedEmailsWithReportButtonList"] = []any{}
	return out
}

// orgSettingsSeeded makes sure the org singletons exist (see orgSettings).
func orgSettingsSeeded(c *engine.Call) { orgSettings(c) }
