package model

import (
	"maps"
	"slices"
	"testing"
)

// TestWritableKindsFollowTheLog: every kind the API can change either has
// a Log descriptor (so an incremental plan knows which events change it)
// or says in NoLog why not; a kind with both, or a Log that names no
// target type or event, is a mistake. Without this a new kind whose
// writes the sandbox does not log would silently drop out of incremental
// plans.
func TestWritableKindsFollowTheLog(t *testing.T) {
	for _, k := range testRegistry(t).Kinds() {
		writable := k.Create != nil || k.Update != nil || k.Delete != nil || len(k.Toggles) > 0
		switch {
		case k.Log != nil && k.NoLog != "":
			t.Errorf("%s: has both Log and NoLog (%q)", k.Name, k.NoLog)
		case k.Log != nil && (k.Log.TargetType == "" || len(k.Log.Types) == 0):
			t.Errorf("%s: Log names no target type or no event type: %+v", k.Name, *k.Log)
		case writable && k.Log == nil && k.NoLog == "":
			t.Errorf("%s: can be written but has no Log descriptor and no NoLog reason", k.Name)
		}
	}
}

// TestEventKinds: what one event means for the registry's kinds.
func TestEventKinds(t *testing.T) {
	reg := testRegistry(t)
	app := LogTarget{ID: "0oa1", Type: "AppInstance"}
	org := LogTarget{ID: "00o1", Type: "Org"}
	brand := LogTarget{ID: "bnd1", Type: "Brand"}
	for _, tc := range []struct {
		name      string
		eventType string
		targets   []LogTarget
		kinds     []string
		unmapped  bool
		unplaced  bool
	}{
		{"app update", "application.lifecycle.update", []LogTarget{app}, []string{"apps"}, false, false},
		// An app's keys, CSRs and logo are not configuration: no kind, and
		// no re-read of the kinds that don't follow the log.
		{"app key", "app.keys.generate", []LogTarget{app}, nil, false, false},
		{"app key clone", "app.keys.clone", []LogTarget{app}, nil, false, false},
		{"app CSR", "app.app_instance.csr.publish", []LogTarget{app}, nil, false, false},
		{"app logo", "application.configuration.update_logo", []LogTarget{app}, nil, false, false},
		{"sign-in", "user.session.start", []LogTarget{{ID: "00u1", Type: "User"}}, nil, false, false},
		// A device's lifecycle and an API token's revocation are data and
		// credentials, not configuration.
		{"device suspend", "device.lifecycle.suspend", []LogTarget{{ID: "guo1", Type: "Device"}}, nil, false, false},
		{"API token revoke", "system.api_token.revoke", []LogTarget{{ID: "00T1", Type: "Token"}}, nil, false, false},
		{"unknown event and target", "system.something.new", []LogTarget{{ID: "x", Type: "Gadget"}}, nil, false, true},
		{"org settings", "system.org.settings.update", []LogTarget{org}, []string{"org-settings"}, false, false},
		{"org communication", "system.org.okta_communication.opt_out", []LogTarget{org}, []string{"org-communication"}, false, false},
		{"org dashboard", "system.org.end_user_footer.hide", []LogTarget{org}, []string{"org-dashboard"}, false, false},
		{"org support", "user.session.impersonation.grant", []LogTarget{org}, []string{"org-support"}, false, false},
		{"org support extended", "user.session.impersonation.extend", []LogTarget{org}, []string{"org-support"}, false, false},
		{"security notifications", "system.org.security_notification_settings.update", []LogTarget{org}, []string{"security-notification-emails"}, false, false},
		{"billing contact", "system.org.contact.update", []LogTarget{{ID: "BILLING", Type: "OrgContact"}}, []string{"org-billing-contact"}, false, false},
		{"technical contact", "system.org.contact.update", []LogTarget{{ID: "TECHNICAL", Type: "OrgContact"}}, []string{"org-technical-contact"}, false, false},
		{"group schema", "directory.group_profile.update", []LogTarget{{ID: "group", Type: "GroupSchema"}}, []string{"group-schema"}, false, false},
		{"org event no kind lists", "system.org.something", []LogTarget{org}, nil, true, false},
		// A brand's pages and template settings name the brand; the
		// brand's own kind does not list their events.
		{"sign-in page", "system.custom_signin.update", []LogTarget{brand}, []string{"sign-in-page-previews", "sign-in-pages"}, false, false},
		{"error page reverted", "system.custom_error.delete", []LogTarget{brand}, []string{"error-page-previews", "error-pages"}, false, false},
		{"sign-out page", "system.custom_signout.update", []LogTarget{brand}, []string{"sign-out-pages"}, false, false},
		{"template recipients", "system.email.template.settings_changed", []LogTarget{brand}, []string{"email-template-settings"}, false, false},
		{"email customization", "system.email.template.update", []LogTarget{{ID: "oel1", Type: "EmailCustomization"}}, []string{"email-customizations"}, false, false},
		{"theme", "system.theme.update", []LogTarget{{ID: "the1", Type: "Theme"}, {ID: "bnd1", Type: "Brand"}}, []string{"themes"}, false, false},
		{"SMTP server", "system.custom_email_server.lifecycle.update", []LogTarget{{ID: "ces1", Type: "EmailServer"}}, []string{"email-servers"}, false, false},
		{"domain certificate", "system.custom_url_domain.cert_upload", []LogTarget{{ID: "OcD1", Type: "Domain"}}, []string{"custom-domains"}, false, false},
		// Emails Okta sends are no configuration; a template event whose
		// target no kind knows is not taken for one.
		{"email sent", "system.email.password_reset.sent_message", []LogTarget{{ID: "00u1", Type: "User"}}, nil, false, false},
		{"template event, unknown target", "system.email.template.update", []LogTarget{{ID: "x", Type: "EmailTemplate"}}, nil, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := reg.EventKinds(tc.eventType, tc.targets)
			got := slices.Sorted(maps.Keys(m.Kinds))
			if !slices.Equal(got, tc.kinds) || m.Unmapped != tc.unmapped || m.Unplaced != tc.unplaced {
				t.Errorf("kinds %v unmapped %v unplaced %v, want %v %v %v", got, m.Unmapped, m.Unplaced, tc.kinds, tc.unmapped, tc.unplaced)
			}
		})
	}
}

// TestFollowsLog: a kind with an unverified Log is still re-read on an
// unplaced event, like one with none.
func TestFollowsLog(t *testing.T) {
	reg := testRegistry(t)
	for _, tc := range []struct {
		kind string
		want bool
	}{
		{"groups", true},
		{"org-settings", false},
		{"group-schema", false},
		{"custom-admin-roles", false},
		// The page kinds' events are the catalog's.
		{"sign-out-pages", true},
		{"sign-in-page-previews", true},
		{"email-template-settings", true},
		{"email-customizations", true},
		{"custom-domains", true},
		{"email-domains", true},
		{"email-servers", true},
		// The catalog names no SMS template event.
		{"sms-templates", false},
	} {
		k, ok := reg.Kind(tc.kind)
		if !ok {
			t.Fatalf("no kind %s", tc.kind)
		}
		if got := k.FollowsLog(); got != tc.want {
			t.Errorf("%s: FollowsLog %v, want %v", tc.kind, got, tc.want)
		}
	}
}
