package customization

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// System Log events of the customization writes that do not go through a
// resource's generic Insert, Replace or Remove (which emit their
// Resource.Events). The names are those of Okta's event-type catalog
// (developer.okta.com/docs/okta-event-types.csv): a sign-in page's
// customized and preview variants log system.custom_signin.update and
// .delete, an error page's system.custom_error.*, the sign-out page
// system.custom_signout.update, a template's settings
// system.email.template.settings_changed, a custom domain's certificate
// system.custom_url_domain.cert_upload and its check
// system.custom_url_domain.verify (also in release notes 2024.08.2; an
// email domain's verify always fails in the sandbox, and a failed call
// records nothing). The catalog names no targets: a page and a template's
// settings are named by their brand, the target Okta gives a brand's
// parts, and internal/model's descriptors list the same names.
const (
	eventSignInPageUpdate  = "system.custom_signin.update"
	eventSignInPageDelete  = "system.custom_signin.delete"
	eventErrorPageUpdate   = "system.custom_error.update"
	eventErrorPageDelete   = "system.custom_error.delete"
	eventSignOutPageUpdate = "system.custom_signout.update"
	eventEmailSettings     = "system.email.template.settings_changed"
	eventDomainVerify      = "system.custom_url_domain.verify"
	eventDomainCertUpload  = "system.custom_url_domain.cert_upload"
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
