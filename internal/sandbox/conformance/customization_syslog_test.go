package conformance

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestConformanceSystemLogCustomization: every write of the customization
// family leaves a System Log event naming what it changed, so that an
// incremental plan reads the kind again: pages and template settings name
// their brand, the rest themselves; a new custom domain also records the
// brand Okta makes with it.
func TestConformanceSystemLogCustomization(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{Sample: true, Seed: 5})
	call := func(method, path string, body any) engine.Obj {
		t.Helper()
		st, _, data := o.do(t, method, path, body)
		if st >= 300 {
			t.Fatalf("%s %s: %d %s", method, path, st, data)
		}
		var out engine.Obj
		_ = json.Unmarshal(data, &out)
		return out
	}
	tail := &logTail{o: o}
	events := func() []string { t.Helper(); return tail.nextTypes(t) }
	var brands []engine.Obj
	st, _, data := o.do(t, "GET", "/api/v1/brands", nil)
	if err := json.Unmarshal(data, &brands); st != http.StatusOK || err != nil || len(brands) < 2 {
		t.Fatalf("brands: %d %v", st, err)
	}
	b := "/api/v1/brands/" + engine.Str(brands[1], "id")
	var domainID string
	events() // what the sample made is not logged; start from here
	tests := []struct {
		name  string
		write func()
		want  []string
	}{
		{"sign-in page set", func() {
			call("PUT", b+"/pages/sign-in/customized", map[string]any{"pageContent": "<html></html>", "widgetVersion": "^7"})
		}, []string{"system.custom_signin.update Brand"}},
		{"sign-in preview reverted", func() { call("DELETE", b+"/pages/sign-in/preview", nil) },
			[]string{"system.custom_signin.delete Brand"}},
		{"error page set", func() { call("PUT", b+"/pages/error/customized", map[string]any{"pageContent": "<html></html>"}) },
			[]string{"system.custom_error.update Brand"}},
		{"sign-out page", func() { call("PUT", b+"/pages/sign-out/customized", map[string]any{"type": "OKTA_DEFAULT"}) },
			[]string{"system.custom_signout.update Brand"}},
		{"template recipients", func() {
			call("PUT", b+"/templates/email/UserActivation/settings", map[string]any{"recipients": "NO_USERS"})
		}, []string{"system.email.template.settings_changed Brand"}},
		{"email customization", func() {
			call("POST", b+"/templates/email/PasswordChanged/customizations", map[string]any{"language": "de", "isDefault": true,
				"subject": "Passwort geändert", "body": "<p>${user.profile.firstName}</p>"})
		}, []string{"system.email.template.create EmailCustomization"}},
		{"every customization of a template deleted", func() { call("DELETE", b+"/templates/email/PasswordChanged/customizations", nil) },
			[]string{"system.email.template.delete EmailCustomization"}},
		{"custom domain created", func() {
			domainID = engine.Str(call("POST", "/api/v1/domains", map[string]any{"domain": "id.example.org", "certificateSourceType": "OKTA_MANAGED"}), "id")
		}, []string{"system.custom_url_domain.initiate Domain", "system.brand.create Brand"}},
		{"custom domain moved", func() {
			call("PUT", "/api/v1/domains/"+domainID, map[string]any{"brandId": engine.Str(brands[1], "id")})
		},
			[]string{"system.custom_url_domain.update Domain"}},
		{"custom domain checked", func() { call("POST", "/api/v1/domains/"+domainID+"/verify", nil) },
			[]string{"system.custom_url_domain.verify Domain"}},
		{"custom domain certificate", func() {
			cert, key := testCertificate(t, "id.example.org")
			call("PUT", "/api/v1/domains/"+domainID+"/certificate", map[string]any{"type": "PEM", "certificate": cert, "certificateChain": cert, "privateKey": key})
		}, []string{"system.custom_url_domain.cert_upload Domain"}},
		{"theme", func() {
			var themes []engine.Obj
			_, _, data := o.do(t, "GET", b+"/themes", nil)
			if err := json.Unmarshal(data, &themes); err != nil || len(themes) != 1 {
				t.Fatalf("themes: %v %s", err, data)
			}
			th := themes[0]
			th["primaryColorHex"] = "#123456"
			call("PUT", b+"/themes/"+engine.Str(th, "id"), th)
		}, []string{"system.theme.update Theme,Brand"}},
		{"SMTP server", func() {
			id := engine.Str(call("POST", "/api/v1/email-servers", map[string]any{"alias": "relay", "host": "smtp.example.org", "port": 587,
				"username": "u", "password": "p", "enabled": false}), "id")
			call("PATCH", "/api/v1/email-servers/"+id, map[string]any{"port": 2525})
			call("DELETE", "/api/v1/email-servers/"+id, nil)
		}, []string{"system.custom_email_server.lifecycle.create EmailServer", "system.custom_email_server.lifecycle.update EmailServer",
			"system.custom_email_server.lifecycle.delete EmailServer"}},
		{"email domain created", func() {
			call("POST", "/api/v1/email-domains", map[string]any{"brandId": engine.Str(brands[1], "id"), "domain": "mail.example.org",
				"displayName": "Mail", "userName": "noreply"})
		}, []string{"system.email_domain.create EmailDomain"}},
	}
	for _, tc := range tests {
		tc.write()
		if got := events(); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s: events\n%s\nwant\n%s", tc.name, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
}
