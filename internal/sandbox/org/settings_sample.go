package org

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// sampleOrgSettings fills what an admin sets first: the company's details
// and where end users get help, no footer on the dashboard, no marketing
// emails from Okta to users, and one security email switched off.
func sampleOrgSettings(c *engine.Call) error {
	general := orgSettings(c)
	for k, v := range map[string]string{
		"companyName": "Acme Corporation", "website": "https://www.acme.example.com",
		"phoneNumber": "+1 415 555 0100", "supportPhoneNumber": "+1 415 555 0199",
		"endUserSupportHelpURL": "https://help.acme.example.com/okta",
		"address1":              "100 Market Street", "address2": "Floor 12", "city": "San Francisco",
		"state": "CA", "country": "United States", "postalCode": "94105",
	} {
		general[k] = v
	}
	c.Org.Get(tableOrgToggles, "", "preferences")["showEndUserFooter"] = false
	c.Org.Get(tableOrgToggles, "", "communication")["optOutEmailUsers"] = true
	c.Org.Get(tableSecurityNotifications, "", "settings")["sendEmailForFactorEnrollmentEnabled"] = false
	return nil
}
