package customization

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// System Log events of the customization writes that do not go through a
// resource's generic Insert, Replace or Remove (which emit their
// Resource.Events). Okta documents none of these event types except the
// two verify events (release notes 2024.08.2: system.custom_url_domain.verify
// and system.email_domain.verify; an email domain's verify always fails in
// the sandbox, and a failed call records nothing); the others are the sandbox's choice,
// named as Okta names its brand events (system.brand.…), and
// internal/model's descriptors list the same names. A page and a
// template's settings are named by their brand, the target Okta gives a
// brand's parts.
const (
	eventSignInPageUpdate  = "system.brand.sign_in_page.update"
	eventSignInPageDelete  = "system.brand.sign_in_page.delete"
	eventErrorPageUpdate   = "system.brand.error_page.update"
	eventErrorPageDelete   = "system.brand.error_page.delete"
	eventSignOutPageUpdate = "system.brand.sign_out_page.update"
	eventEmailSettings     = "system.brand.email_template.settings.update"
	eventDomainVerify      = "system.custom_url_domain.verify"
)

// brandTarget is the log target naming a brand.
func brandTarget(c *engine.Call, brandID string) engine.Target {
	if b := c.Org.Get("brands", "", brandID); b != nil {
		return brandsRes.TargetOf(b)
	}
	return engine.Target{ID: brandID, Type: brandsRes.Events.Type}
}

// pageEvent is the event of a write to a page variant.
func pageEvent(page string, remove bool) string {
	switch {
	case page == "sign-in" && remove:
		return eventSignInPageDelete
	case page == "sign-in":
		return eventSignInPageUpdate
	case remove:
		return eventErrorPageDelete
	}
	return eventErrorPageUpdate
}
