package conformance

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
)

// The official SDK drives email templates and customizations, pages,
// custom and email domains, SMTP servers and SMS templates; every
// response is checked against the official spec on the way.

func TestConformanceEmailTemplatesSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()
	brands, _, err := api.BrandsAPI.ListBrands(ctx).Execute()
	if err != nil || len(brands) != 1 {
		t.Fatalf("ListBrands: %v %d", err, len(brands))
	}
	bid := brands[0].GetId()

	tmpls, _, err := api.CustomTemplatesAPI.ListEmailTemplates(ctx, bid).Limit(200).Expand([]string{"settings", "customizationCount"}).Execute()
	if err != nil || len(tmpls) != 31 {
		t.Fatalf("ListEmailTemplates: %v %d", err, len(tmpls))
	}
	if emb, settings := tmpls[0].GetEmbedded(), tmpls[0].GetEmbedded().Settings; settings == nil || settings.GetRecipients() != "ALL_USERS" || emb.GetCustomizationCount() != 0 {
		t.Errorf("embedded %+v", emb)
	}
	if _, _, err := api.CustomTemplatesAPI.ReplaceEmailSettings(ctx, bid, "UserActivation").EmailSettings(*okta.NewEmailSettings("ADMINS_ONLY")).Execute(); err != nil {
		t.Fatalf("ReplaceEmailSettings: %v", err)
	}
	if s, _, err := api.CustomTemplatesAPI.GetEmailSettings(ctx, bid, "UserActivation").Execute(); err != nil || s.GetRecipients() != "ADMINS_ONLY" {
		t.Fatalf("GetEmailSettings: %v %+v", err, s)
	}

	en := okta.NewEmailCustomization("<p>Welcome ${user.profile.firstName}</p>", "Welcome", "en")
	created, resp, err := api.CustomTemplatesAPI.CreateEmailCustomization(ctx, bid, "UserActivation").Instance(*en).Execute()
	if err != nil || statusOf(resp) != http.StatusCreated || !created.GetIsDefault() {
		t.Fatalf("CreateEmailCustomization: %v %d %+v", err, statusOf(resp), created)
	}
	fr := okta.NewEmailCustomization("<p>Bienvenue</p>", "Bienvenue", "fr")
	fr.SetIsDefault(true)
	_, resp, err = api.CustomTemplatesAPI.CreateEmailCustomization(ctx, bid, "UserActivation").Instance(*fr).Execute()
	if statusOf(resp) != http.StatusConflict || sdkErrorCode(err) != "E0000182" {
		t.Fatalf("second default: %d %v", statusOf(resp), err)
	}
	fr.SetIsDefault(false)
	frObj, _, err := api.CustomTemplatesAPI.CreateEmailCustomization(ctx, bid, "UserActivation").Instance(*fr).Execute()
	if err != nil {
		t.Fatalf("create fr: %v", err)
	}
	fr.SetIsDefault(true)
	if got, _, err := api.CustomTemplatesAPI.ReplaceEmailCustomization(ctx, bid, "UserActivation", frObj.GetId()).Instance(*fr).Execute(); err != nil || !got.GetIsDefault() {
		t.Fatalf("move the default: %v %+v", err, got)
	}
	list, _, err := api.CustomTemplatesAPI.ListEmailCustomizations(ctx, bid, "UserActivation").Limit(1).Execute()
	if err != nil || len(list) != 1 {
		t.Fatalf("ListEmailCustomizations: %v %d", err, len(list))
	}
	if got, _, err := api.CustomTemplatesAPI.GetEmailCustomization(ctx, bid, "UserActivation", created.GetId()).Execute(); err != nil || got.GetIsDefault() {
		t.Fatalf("the old default: %v %+v", err, got)
	}
	if p, _, err := api.CustomTemplatesAPI.GetCustomizationPreview(ctx, bid, "UserActivation", created.GetId()).Execute(); err != nil || strings.Contains(p.GetBody(), "${") {
		t.Fatalf("preview: %v %+v", err, p)
	}
	if _, _, err := api.CustomTemplatesAPI.GetEmailDefaultContent(ctx, bid, "UserActivation").Execute(); err != nil {
		t.Fatalf("GetEmailDefaultContent: %v", err)
	}
	if _, _, err := api.CustomTemplatesAPI.GetEmailDefaultPreview(ctx, bid, "UserActivation").Execute(); err != nil {
		t.Fatalf("GetEmailDefaultPreview: %v", err)
	}
	if _, err := api.CustomTemplatesAPI.SendTestEmail(ctx, bid, "UserActivation").Execute(); err != nil {
		t.Fatalf("SendTestEmail: %v", err)
	}
	resp, err = api.CustomTemplatesAPI.DeleteEmailCustomization(ctx, bid, "UserActivation", frObj.GetId()).Execute()
	if statusOf(resp) != http.StatusConflict || sdkErrorCode(err) != "E0000184" {
		t.Fatalf("delete the default: %d %v", statusOf(resp), err)
	}
	if _, err := api.CustomTemplatesAPI.DeleteAllCustomizations(ctx, bid, "UserActivation").Execute(); err != nil {
		t.Fatalf("DeleteAllCustomizations: %v", err)
	}
	if tm, _, err := api.CustomTemplatesAPI.GetEmailTemplate(ctx, bid, "UserActivation").Expand([]string{"customizationCount"}).Execute(); err != nil ||
		tm.Embedded == nil || tm.Embedded.GetCustomizationCount() != 0 {
		t.Fatalf("GetEmailTemplate after delete all: %v %+v", err, tm)
	}
}

func TestConformancePagesSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()
	brands, _, err := api.BrandsAPI.ListBrands(ctx).Execute()
	if err != nil {
		t.Fatal(err)
	}
	bid := brands[0].GetId()

	def, _, err := api.CustomPagesAPI.GetDefaultSignInPage(ctx, bid).Execute()
	if err != nil || def.GetWidgetVersion() != "^7" {
		t.Fatalf("GetDefaultSignInPage: %v %+v", err, def)
	}
	page := okta.NewSignInPage()
	page.SetPageContent(def.GetPageContent())
	page.SetWidgetVersion("^7")
	wc := okta.NewSignInPageAllOfWidgetCustomizations()
	wc.SetHelpLabel("Support")
	wc.SetWidgetGeneration("G3")
	page.SetWidgetCustomizations(*wc)
	got, _, err := api.CustomPagesAPI.ReplaceCustomizedSignInPage(ctx, bid).SignInPage(*page).Execute()
	if err != nil || got.WidgetCustomizations == nil || got.WidgetCustomizations.GetHelpLabel() != "Support" {
		t.Fatalf("ReplaceCustomizedSignInPage: %v %+v", err, got)
	}
	if got, _, err := api.CustomPagesAPI.GetCustomizedSignInPage(ctx, bid).Execute(); err != nil || got.GetPageContent() != def.GetPageContent() {
		t.Fatalf("GetCustomizedSignInPage: %v", err)
	}
	if _, _, err := api.CustomPagesAPI.ReplacePreviewSignInPage(ctx, bid).SignInPage(*page).Execute(); err != nil {
		t.Fatalf("ReplacePreviewSignInPage: %v", err)
	}
	root, _, err := api.CustomPagesAPI.GetSignInPage(ctx, bid).Expand([]string{"default", "customized", "preview", "customizedUrl", "previewUrl"}).Execute()
	if err != nil || root.Embedded == nil || root.Embedded.Customized == nil || root.Embedded.Customized.GetPageContent() == "" {
		t.Fatalf("GetSignInPage: %v %+v", err, root)
	}
	if vs, _, err := api.CustomPagesAPI.ListAllSignInWidgetVersions(ctx, bid).Execute(); err != nil || len(vs) == 0 {
		t.Fatalf("ListAllSignInWidgetVersions: %v %v", err, vs)
	}
	for _, del := range []func() (*okta.APIResponse, error){
		api.CustomPagesAPI.DeleteCustomizedSignInPage(ctx, bid).Execute,
		api.CustomPagesAPI.DeletePreviewSignInPage(ctx, bid).Execute,
	} {
		if _, err := del(); err != nil {
			t.Fatalf("delete: %v", err)
		}
	}
	if _, resp, err := api.CustomPagesAPI.GetCustomizedSignInPage(ctx, bid).Execute(); statusOf(resp) != http.StatusNotFound || sdkErrorCode(err) != "E0000007" {
		t.Fatalf("customized after delete: %d %v", statusOf(resp), err)
	}

	ep := okta.NewErrorPage()
	ep.SetPageContent("<html>{{errorSummary}}</html>")
	if _, _, err := api.CustomPagesAPI.ReplaceCustomizedErrorPage(ctx, bid).ErrorPage(*ep).Execute(); err != nil {
		t.Fatalf("ReplaceCustomizedErrorPage: %v", err)
	}
	if got, _, err := api.CustomPagesAPI.GetCustomizedErrorPage(ctx, bid).Execute(); err != nil || got.GetPageContent() != ep.GetPageContent() {
		t.Fatalf("GetCustomizedErrorPage: %v", err)
	}
	if _, _, err := api.CustomPagesAPI.GetDefaultErrorPage(ctx, bid).Execute(); err != nil {
		t.Fatalf("GetDefaultErrorPage: %v", err)
	}
	hp := okta.NewHostedPage("EXTERNALLY_HOSTED")
	hp.SetUrl("https://example.com/bye")
	if got, _, err := api.CustomPagesAPI.ReplaceSignOutPageSettings(ctx, bid).HostedPage(*hp).Execute(); err != nil || got.GetUrl() != hp.GetUrl() {
		t.Fatalf("ReplaceSignOutPageSettings: %v %+v", err, got)
	}
	if got, _, err := api.CustomPagesAPI.GetSignOutPageSettings(ctx, bid).Execute(); err != nil || got.GetType() != "EXTERNALLY_HOSTED" {
		t.Fatalf("GetSignOutPageSettings: %v %+v", err, got)
	}
}

func TestConformanceDomainsSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()

	list, _, err := api.CustomDomainAPI.ListCustomDomains(ctx).Execute()
	if err != nil || len(list.GetDomains()) != 1 || list.GetDomains()[0].GetId() != "default" {
		t.Fatalf("ListCustomDomains: %v %+v", err, list)
	}
	d, resp, err := api.CustomDomainAPI.CreateCustomDomain(ctx).Domain(*okta.NewDomainRequest("MANUAL", "Login.Example.com")).Execute()
	if err != nil || statusOf(resp) != http.StatusCreated || d.GetDomain() != "login.example.com" {
		t.Fatalf("CreateCustomDomain: %v %d %+v", err, statusOf(resp), d)
	}
	if v, _, err := api.CustomDomainAPI.VerifyDomain(ctx, d.GetId()).Execute(); err != nil || v.GetValidationStatus() != "FAILED_TO_VERIFY" {
		t.Fatalf("VerifyDomain: %v %+v", err, v)
	}
	cert, key := testCertificate(t, "login.example.com")
	if _, err := api.CustomDomainAPI.UpsertCertificate(ctx, d.GetId()).Certificate(*okta.NewDomainCertificate(cert, cert, key, "PEM")).Execute(); err != nil {
		t.Fatalf("UpsertCertificate: %v", err)
	}
	brands, _, err := api.BrandsAPI.ListBrands(ctx).Execute()
	if err != nil || len(brands) != 2 {
		t.Fatalf("brands after a domain: %v %d", err, len(brands))
	}
	if got, _, err := api.CustomDomainAPI.ReplaceCustomDomain(ctx, d.GetId()).UpdateDomain(*okta.NewUpdateDomain(brands[0].GetId())).Execute(); err != nil ||
		got.GetBrandId() != brands[0].GetId() {
		t.Fatalf("ReplaceCustomDomain: %v %+v", err, got)
	}
	if got, _, err := api.CustomDomainAPI.GetCustomDomain(ctx, d.GetId()).Execute(); err != nil || got.PublicCertificate == nil || got.PublicCertificate.GetSubject() != "CN=login.example.com" {
		t.Fatalf("GetCustomDomain: %v %+v", err, got)
	}
	if _, err := api.CustomDomainAPI.DeleteCustomDomain(ctx, d.GetId()).Execute(); err != nil {
		t.Fatalf("DeleteCustomDomain: %v", err)
	}

	// SDK v5.0.2's NewEmailDomain drops its brandId and domain arguments.
	edReq := okta.NewEmailDomain("", "", "Example", "noreply")
	edReq.BrandId, edReq.Domain = brands[1].GetId(), "mail.example.com"
	ed, resp, err := api.EmailDomainAPI.CreateEmailDomain(ctx).EmailDomain(*edReq).Execute()
	if err != nil || statusOf(resp) != http.StatusCreated || len(ed.GetDnsValidationRecords()) != 4 {
		t.Fatalf("CreateEmailDomain: %v %d %+v", err, statusOf(resp), ed)
	}
	if got, _, err := api.EmailDomainAPI.ListEmailDomains(ctx).Expand([]string{"brands"}).Execute(); err != nil || len(got) != 1 || len(got[0].GetEmbedded().Brands) != 1 {
		t.Fatalf("ListEmailDomains: %v %+v", err, got)
	}
	if got, _, err := api.EmailDomainAPI.ReplaceEmailDomain(ctx, ed.GetId()).UpdateEmailDomain(*okta.NewUpdateEmailDomain("IT", "it")).Execute(); err != nil || got.GetUserName() != "it" {
		t.Fatalf("ReplaceEmailDomain: %v %+v", err, got)
	}
	if _, resp, err := api.EmailDomainAPI.VerifyEmailDomain(ctx, ed.GetId()).Execute(); statusOf(resp) != http.StatusBadRequest || sdkErrorCode(err) != "E0000218" {
		t.Fatalf("VerifyEmailDomain: %d %v", statusOf(resp), err)
	}
	if _, err := api.EmailDomainAPI.DeleteEmailDomain(ctx, ed.GetId()).Execute(); err != nil {
		t.Fatalf("DeleteEmailDomain: %v", err)
	}
}

func TestConformanceEmailServersAndSmsSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()

	s, resp, err := api.EmailServerAPI.CreateEmailServer(ctx).EmailServerPost(*okta.NewEmailServerPost("relay", "smtp.example.com", 587, "u", "secret")).Execute()
	if err != nil || statusOf(resp) != http.StatusCreated || s.GetId() == "" {
		t.Fatalf("CreateEmailServer: %v %d %+v", err, statusOf(resp), s)
	}
	req := okta.NewEmailServerRequest()
	req.SetEnabled(true)
	if got, _, err := api.EmailServerAPI.UpdateEmailServer(ctx, s.GetId()).EmailServerRequest(*req).Execute(); err != nil || !got.GetEnabled() || got.GetAlias() != "relay" {
		t.Fatalf("UpdateEmailServer: %v %+v", err, got)
	}
	if l, _, err := api.EmailServerAPI.ListEmailServers(ctx).Execute(); err != nil || len(l.GetEmailServers()) != 1 {
		t.Fatalf("ListEmailServers: %v %+v", err, l)
	}
	if _, _, err := api.EmailServerAPI.GetEmailServer(ctx, s.GetId()).Execute(); err != nil {
		t.Fatalf("GetEmailServer: %v", err)
	}
	if _, err := api.EmailServerAPI.TestEmailServer(ctx, s.GetId()).EmailTestAddresses(*okta.NewEmailTestAddresses("a@example.com", "b@example.com")).Execute(); err != nil {
		t.Fatalf("TestEmailServer: %v", err)
	}
	if _, err := api.EmailServerAPI.DeleteEmailServer(ctx, s.GetId()).Execute(); err != nil {
		t.Fatalf("DeleteEmailServer: %v", err)
	}

	tmpl := okta.NewSmsTemplate()
	tmpl.SetName("Custom")
	tmpl.SetType("SMS_VERIFY_CODE")
	tmpl.SetTemplate("${org.name}: ${code}")
	tmpl.SetTranslations(map[string]interface{}{"fr": "${org.name} : ${code}"})
	sms, _, err := api.TemplateAPI.CreateSmsTemplate(ctx).SmsTemplate(*tmpl).Execute()
	if err != nil || sms.GetId() == "" {
		t.Fatalf("CreateSmsTemplate: %v %+v", err, sms)
	}
	part := okta.NewSmsTemplate()
	part.SetTranslations(map[string]interface{}{"de": "${org.name}: ${code}"})
	got, _, err := api.TemplateAPI.UpdateSmsTemplate(ctx, sms.GetId()).SmsTemplate(*part).Execute()
	if tr := got.GetTranslations(); err != nil || tr["fr"] == nil || tr["de"] == nil {
		t.Fatalf("UpdateSmsTemplate: %v %+v", err, got)
	}
	if _, _, err := api.TemplateAPI.ReplaceSmsTemplate(ctx, sms.GetId()).SmsTemplate(*tmpl).Execute(); err != nil {
		t.Fatalf("ReplaceSmsTemplate: %v", err)
	}
	if l, _, err := api.TemplateAPI.ListSmsTemplates(ctx).TemplateType("SMS_VERIFY_CODE").Execute(); err != nil || len(l) != 1 {
		t.Fatalf("ListSmsTemplates: %v %d", err, len(l))
	}
	if _, err := api.TemplateAPI.DeleteSmsTemplate(ctx, sms.GetId()).Execute(); err != nil {
		t.Fatalf("DeleteSmsTemplate: %v", err)
	}
}
