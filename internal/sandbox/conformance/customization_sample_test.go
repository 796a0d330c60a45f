package conformance

import (
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestEmailDomainPagesSample reads what --sample adds for email, pages and
// domains through the API (so every answer is checked against the spec).
func TestEmailDomainPagesSample(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{Sample: true, Seed: 7})
	_, _, v := ahbCall(t, o, "GET", "/api/v1/brands", nil)
	brands := map[string]string{}
	for _, b := range ahbList(t, v) {
		brands[engine.Str(b, "name")] = engine.Str(b, "id")
	}
	cp, ph := "/api/v1/brands/"+brands["Customer Portal"], "/api/v1/brands/"+brands["Partner Hub"]
	if brands["Customer Portal"] == "" || brands["Partner Hub"] == "" {
		t.Fatalf("sample brands %v", brands)
	}

	_, _, v = ahbCall(t, o, "GET", cp+"/templates/email?limit=200&expand=settings,customizationCount", nil)
	counts, recipients := map[string]int{}, map[string]string{}
	for _, tm := range ahbList(t, v) {
		n, _ := engine.IntAt(tm, "_embedded.customizationCount")
		if n > 0 {
			counts[engine.Str(tm, "name")] = n
		}
		if r := engine.Str(tm, "_embedded.settings.recipients"); r != "ALL_USERS" {
			recipients[engine.Str(tm, "name")] = r
		}
	}
	if counts["UserActivation"] != 2 || counts["ForgotPassword"] != 1 || len(counts) != 2 || recipients["UserActivation"] != "ADMINS_ONLY" {
		t.Errorf("customer templates: counts %v recipients %v", counts, recipients)
	}
	langs := customizationsOf(t, o, cp+"/templates/email/UserActivation/customizations")
	if !engine.BoolAt(langs["en"], "isDefault") || engine.BoolAt(langs["fr"], "isDefault") ||
		strings.Count(engine.Str(langs["en"], "body"), "\n") < 5 {
		t.Errorf("activation customizations %v", langs)
	}
	_, _, v = ahbCall(t, o, "GET", ph+"/templates/email/PasswordChanged/settings", nil)
	if engine.Str(ahbObj(t, v), "recipients") != "NO_USERS" {
		t.Errorf("partner PasswordChanged settings %v", v)
	}

	_, _, v = ahbCall(t, o, "GET", cp+"/pages/sign-in/customized", nil)
	page := ahbObj(t, v)
	if !strings.Contains(engine.Str(page, "pageContent"), "Need help?") || engine.Str(page, "widgetCustomizations.helpUrl") == "" ||
		engine.Str(page, "contentSecurityPolicySetting.mode") != "report_only" {
		t.Errorf("customized sign-in page %v", page)
	}
	_, _, v = ahbCall(t, o, "GET", cp+"/pages/error/customized", nil)
	if !strings.Contains(engine.Str(ahbObj(t, v), "pageContent"), "support@example.com") {
		t.Errorf("customized error page %v", v)
	}
	_, _, v = ahbCall(t, o, "GET", ph+"/pages/sign-out/customized", nil)
	if engine.Str(ahbObj(t, v), "type") != "EXTERNALLY_HOSTED" {
		t.Errorf("partner sign-out page %v", v)
	}

	_, _, v = ahbCall(t, o, "GET", "/api/v1/domains", nil)
	domains, _ := ahbObj(t, v)["domains"].([]any)
	if len(domains) != 2 || engine.Str(ahbObj(t, domains[0]), "domain") != "login.example.com" ||
		engine.Str(ahbObj(t, domains[0]), "brandId") != brands["Customer Portal"] {
		t.Errorf("domains %v", domains)
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/email-domains?expand=brands", nil)
	eds := ahbList(t, v)
	if len(eds) != 1 || engine.Str(eds[0], "domain") != "partners.example.com" {
		t.Fatalf("email domains %v", eds)
	}
	linked, _ := engine.At(eds[0], "_embedded.brands").([]any)
	if len(linked) != 1 || engine.Str(ahbObj(t, linked[0]), "id") != brands["Partner Hub"] {
		t.Errorf("the sample email domain's brands %v, want Partner Hub", linked)
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/email-servers", nil)
	servers, _ := ahbObj(t, v)["email-servers"].([]any)
	if len(servers) != 2 || !engine.BoolAt(ahbObj(t, servers[0]), "enabled") || engine.BoolAt(ahbObj(t, servers[1]), "enabled") {
		t.Errorf("email servers %v", servers)
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/templates/sms", nil)
	sms := ahbList(t, v)
	if tr, _ := engine.At(sms[0], "translations").(map[string]any); len(sms) != 1 || len(tr) != 3 {
		t.Errorf("sms templates %v", sms)
	}
}

// TestMessagingGenerate: --generate sms-templates=n,email-servers=n makes
// that many, each valid and listed.
func TestMessagingGenerate(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{Generate: map[string]int{"sms-templates": 25, "email-servers": 3}})
	_, _, v := ahbCall(t, o, "GET", "/api/v1/templates/sms", nil)
	if n := len(ahbList(t, v)); n != 25 {
		t.Errorf("%d SMS templates, want 25", n)
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/email-servers", nil)
	servers, _ := ahbObj(t, v)["email-servers"].([]any)
	if len(servers) != 3 {
		t.Errorf("%d SMTP servers, want 3", len(servers))
	}
	for _, s := range servers {
		if _, has := ahbObj(t, s)["password"]; has {
			t.Errorf("a listed server shows its password")
		}
	}
}
