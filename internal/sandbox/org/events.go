package org

import "github.com/oktasync/oktasync/internal/sandbox/engine"

// The System Log events of the org's own settings. Okta's event-type
// catalog names only Okta Support access (user.session.impersonation.*);
// for the others it names none, so the sandbox uses names of the
// catalog's system.org.* form, marked unverified in docs/sandbox.md (see
// docs/design-notes.md). Each names the org (Org, the org's id), except
// a contact, named by its type (OrgContact, BILLING or TECHNICAL), so
// that an incremental plan re-reads that contact alone.
const (
	evOrgSettings     = "system.org.settings.update"                       // unverified
	evOrgContact      = "system.org.contact.update"                        // unverified
	evCommOptIn       = "system.org.okta_communication.opt_in"             // unverified
	evCommOptOut      = "system.org.okta_communication.opt_out"            // unverified
	evFooterShow      = "system.org.end_user_footer.show"                  // unverified
	evFooterHide      = "system.org.end_user_footer.hide"                  // unverified
	evSupportGrant    = "user.session.impersonation.grant"                 // catalog
	evSupportExtend   = "user.session.impersonation.extend"                // catalog
	evSupportRevoke   = "user.session.impersonation.revoke"                // catalog
	evSecurityNotices = "system.org.security_notification_settings.update" // unverified

	targetOrg        = "Org"
	targetOrgContact = "OrgContact"
)

// orgTarget names the org in the events of its org-wide settings.
func orgTarget(c *engine.Call) engine.Target {
	return engine.Target{ID: c.Org.OrgID, Type: targetOrg, DisplayName: c.Org.OrgID}
}
