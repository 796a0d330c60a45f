package conformance

import (
	"context"
	"net/http"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// The official SDK drives authenticators, event hooks, inline hooks, brands
// and themes; every response is checked against the official spec.

type ahbAuthenticatorIdentity interface {
	GetId() string
	GetKey() string
	GetStatus() string
}

func TestConformanceAuthenticatorsSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()

	list, _, err := api.AuthenticatorAPI.ListAuthenticators(ctx).Execute()
	if err != nil {
		t.Fatalf("ListAuthenticators: %v", err)
	}
	ids := map[string]string{}
	for _, item := range list {
		a, ok := item.GetActualInstance().(ahbAuthenticatorIdentity)
		if !ok {
			t.Fatalf("list item decoded as %T", item.GetActualInstance())
		}
		ids[a.GetKey()] = a.GetId()
	}
	for _, k := range []string{"okta_email", "okta_password", "okta_verify", "phone_number", "security_question", "webauthn", "google_otp"} {
		if ids[k] == "" {
			t.Fatalf("built-in %s not listed (%v)", k, ids)
		}
	}

	email, _, err := api.AuthenticatorAPI.GetAuthenticator(ctx, ids["okta_email"]).Execute()
	if err != nil || email.GetKey() != "okta_email" || email.GetType() != "email" {
		t.Fatalf("GetAuthenticator: %v %+v", err, email)
	}
	email.AdditionalProperties = map[string]any{"settings": map[string]any{"allowedFor": "any", "tokenLifetimeInMinutes": 10}}
	got, _, err := api.AuthenticatorAPI.ReplaceAuthenticator(ctx, email.GetId()).Authenticator(*email).Execute()
	if err != nil {
		t.Fatalf("ReplaceAuthenticator: %v", err)
	}
	if s, _ := got.AdditionalProperties["settings"].(map[string]any); s["allowedFor"] != "any" || s["tokenLifetimeInMinutes"] != float64(10) {
		t.Fatalf("replaced settings: %v", got.AdditionalProperties)
	}

	sq, _, err := api.AuthenticatorAPI.DeactivateAuthenticator(ctx, ids["security_question"]).Execute()
	if err != nil || sq.GetStatus() != "INACTIVE" {
		t.Fatalf("DeactivateAuthenticator: %v %v", err, sq.GetStatus())
	}
	sq, _, err = api.AuthenticatorAPI.ActivateAuthenticator(ctx, ids["security_question"]).Execute()
	if err != nil || sq.GetStatus() != "ACTIVE" {
		t.Fatalf("ActivateAuthenticator: %v %v", err, sq.GetStatus())
	}

	// Refused: an enrollment policy still offers Okta Verify.
	ahbSetEnrollPolicies(o, map[string][]any{"Default Policy": {
		engine.Obj{"key": "okta_verify", "enroll": engine.Obj{"self": "REQUIRED"}},
	}})
	_, resp, err := api.AuthenticatorAPI.DeactivateAuthenticator(ctx, ids["okta_verify"]).Execute()
	if statusOf(resp) != http.StatusForbidden || sdkErrorCode(err) != "E0000148" {
		t.Fatalf("deactivate enrolled okta_verify: status %v code %q", statusOf(resp), sdkErrorCode(err))
	}

	// A second instance of a built-in is refused.
	_, resp, err = api.AuthenticatorAPI.CreateAuthenticator(ctx).Authenticator(okta.AuthenticatorBase{
		Key: okta.PtrString("okta_verify"), Name: okta.PtrString("Okta Verify again")}).Execute()
	if statusOf(resp) != http.StatusBadRequest || sdkErrorCode(err) != "E0000001" {
		t.Fatalf("create duplicate built-in: status %v code %q", statusOf(resp), sdkErrorCode(err))
	}
	_, resp, err = api.AuthenticatorAPI.GetAuthenticator(ctx, "autNOPE0000000000000").Execute()
	if statusOf(resp) != http.StatusNotFound || sdkErrorCode(err) != "E0000007" {
		t.Fatalf("get unknown: status %v code %q", statusOf(resp), sdkErrorCode(err))
	}
}

func TestConformanceEventHooksSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()

	hook := func(name, uri string) okta.EventHook {
		return okta.EventHook{
			Name:   name,
			Events: okta.EventSubscriptions{Type: "EVENT_TYPE", Items: []string{"user.lifecycle.create", "user.lifecycle.deactivate"}},
			Channel: okta.EventHookChannel{Type: "HTTP", Version: "1.0.0", Config: okta.EventHookChannelConfig{
				Uri: uri,
				AuthScheme: &okta.EventHookChannelConfigAuthScheme{
					Type: okta.PtrString("HEADER"), Key: okta.PtrString("Authorization"), Value: okta.PtrString("s3cret")},
				Headers: []okta.EventHookChannelConfigHeader{{Key: okta.PtrString("X-Env"), Value: okta.PtrString("test")}},
			}},
		}
	}
	created, _, err := api.EventHookAPI.CreateEventHook(ctx).EventHook(hook("siem", "https://siem.example.com/hook")).Execute()
	if err != nil {
		t.Fatalf("CreateEventHook: %v", err)
	}
	if created.GetStatus() != "ACTIVE" || created.GetVerificationStatus() != "UNVERIFIED" || created.Channel.Config.AuthScheme.Value != nil {
		t.Fatalf("created: %+v", created)
	}
	if _, _, err := api.EventHookAPI.CreateEventHook(ctx).EventHook(hook("hr", "https://hr.example.com/hook")).Execute(); err != nil {
		t.Fatal(err)
	}
	id := created.GetId()
	got, _, err := api.EventHookAPI.GetEventHook(ctx, id).Execute()
	if err != nil || got.Name != "siem" || len(got.Channel.Config.Headers) != 1 {
		t.Fatalf("GetEventHook: %v %+v", err, got)
	}
	all, _, err := api.EventHookAPI.ListEventHooks(ctx).Execute()
	if err != nil || len(all) != 2 {
		t.Fatalf("ListEventHooks: %v %d", err, len(all))
	}
	verified, _, err := api.EventHookAPI.VerifyEventHook(ctx, id).Execute()
	if err != nil || verified.GetVerificationStatus() != "VERIFIED" {
		t.Fatalf("VerifyEventHook: %v %v", err, verified.GetVerificationStatus())
	}
	upd := hook("siem v2", "https://siem.example.com/hook/v2")
	replaced, _, err := api.EventHookAPI.ReplaceEventHook(ctx, id).EventHook(upd).Execute()
	if err != nil || replaced.Name != "siem v2" || replaced.GetVerificationStatus() != "UNVERIFIED" {
		t.Fatalf("ReplaceEventHook: %v %+v", err, replaced)
	}
	resp, err := api.EventHookAPI.DeleteEventHook(ctx, id).Execute()
	if statusOf(resp) != http.StatusForbidden || sdkErrorCode(err) != "E0000006" {
		t.Fatalf("delete ACTIVE hook: status %v code %q", statusOf(resp), sdkErrorCode(err))
	}
	deact, _, err := api.EventHookAPI.DeactivateEventHook(ctx, id).Execute()
	if err != nil || deact.GetStatus() != "INACTIVE" {
		t.Fatalf("DeactivateEventHook: %v", err)
	}
	if _, err := api.EventHookAPI.DeleteEventHook(ctx, id).Execute(); err != nil {
		t.Fatalf("DeleteEventHook: %v", err)
	}
	_, resp, err = api.EventHookAPI.GetEventHook(ctx, id).Execute()
	if statusOf(resp) != http.StatusNotFound || sdkErrorCode(err) != "E0000007" {
		t.Fatalf("get deleted: status %v code %q", statusOf(resp), sdkErrorCode(err))
	}
}

func TestConformanceInlineHooksSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()

	httpHook := func(name, typ, uri string) okta.InlineHook {
		return okta.InlineHook{
			Name: okta.PtrString(name), Type: okta.PtrString(typ), Version: okta.PtrString("1.0.0"),
			Channel: &okta.InlineHookChannel{Type: okta.PtrString("HTTP"), Version: okta.PtrString("1.0.0"),
				AdditionalProperties: map[string]any{"config": map[string]any{
					"uri": uri, "method": "POST",
					"authScheme": map[string]any{"type": "HEADER", "key": "Authorization", "value": "s3cret"},
				}}},
		}
	}
	tokens, _, err := api.InlineHookAPI.CreateInlineHook(ctx).InlineHook(
		httpHook("tokens", "com.okta.oauth2.tokens.transform", "https://hooks.example.com/tokens")).Execute()
	if err != nil || tokens.GetStatus() != "ACTIVE" {
		t.Fatalf("CreateInlineHook: %v", err)
	}
	oauth := okta.InlineHook{
		Name: okta.PtrString("saml"), Type: okta.PtrString("com.okta.saml.tokens.transform"),
		Channel: &okta.InlineHookChannel{Type: okta.PtrString("OAUTH"), Version: okta.PtrString("1.0.0"),
			AdditionalProperties: map[string]any{"config": map[string]any{
				"uri": "https://hooks.example.com/saml", "authType": "client_secret_post",
				"clientId": "cid", "clientSecret": "csecret", "tokenUrl": "https://auth.example.com/token", "scope": "hooks",
			}}},
	}
	saml, _, err := api.InlineHookAPI.CreateInlineHook(ctx).InlineHook(oauth).Execute()
	if err != nil {
		t.Fatalf("CreateInlineHook OAUTH: %v", err)
	}
	if cfg, _ := saml.Channel.AdditionalProperties["config"].(map[string]any); cfg["clientSecret"] != nil || cfg["clientId"] != "cid" {
		t.Fatalf("OAUTH config: %v", cfg)
	}

	id := tokens.GetId()
	got, _, err := api.InlineHookAPI.GetInlineHook(ctx, id).Execute()
	if err != nil || got.GetName() != "tokens" {
		t.Fatalf("GetInlineHook: %v", err)
	}
	filtered, _, err := api.InlineHookAPI.ListInlineHooks(ctx).Type_("com.okta.saml.tokens.transform").Execute()
	if err != nil || len(filtered) != 1 || filtered[0].GetId() != saml.GetId() {
		t.Fatalf("ListInlineHooks type filter: %v %d", err, len(filtered))
	}
	replaced, _, err := api.InlineHookAPI.ReplaceInlineHook(ctx, id).InlineHook(
		httpHook("tokens v2", "com.okta.oauth2.tokens.transform", "https://hooks.example.com/tokens/v2")).Execute()
	if err != nil || replaced.GetName() != "tokens v2" {
		t.Fatalf("ReplaceInlineHook: %v", err)
	}
	updated, _, err := api.InlineHookAPI.UpdateInlineHook(ctx, id).InlineHook(okta.InlineHook{Name: okta.PtrString("tokens v3")}).Execute()
	if err != nil || updated.GetName() != "tokens v3" || updated.Channel.AdditionalProperties["config"].(map[string]any)["uri"] != "https://hooks.example.com/tokens/v2" {
		t.Fatalf("UpdateInlineHook: %v %+v", err, updated)
	}
	resp, err := api.InlineHookAPI.DeleteInlineHook(ctx, id).Execute()
	if statusOf(resp) != http.StatusForbidden || sdkErrorCode(err) != "E0000006" {
		t.Fatalf("delete ACTIVE inline hook: status %v code %q", statusOf(resp), sdkErrorCode(err))
	}
	deact, _, err := api.InlineHookAPI.DeactivateInlineHook(ctx, id).Execute()
	if err != nil || deact.GetStatus() != "INACTIVE" {
		t.Fatalf("DeactivateInlineHook: %v", err)
	}
	act, _, err := api.InlineHookAPI.ActivateInlineHook(ctx, id).Execute()
	if err != nil || act.GetStatus() != "ACTIVE" {
		t.Fatalf("ActivateInlineHook: %v", err)
	}
	if _, _, err := api.InlineHookAPI.DeactivateInlineHook(ctx, id).Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := api.InlineHookAPI.DeleteInlineHook(ctx, id).Execute(); err != nil {
		t.Fatalf("DeleteInlineHook: %v", err)
	}
	_, resp, err = api.InlineHookAPI.GetInlineHook(ctx, id).Execute()
	if statusOf(resp) != http.StatusNotFound || sdkErrorCode(err) != "E0000007" {
		t.Fatalf("get deleted: status %v code %q", statusOf(resp), sdkErrorCode(err))
	}
}

func TestConformanceBrandsThemesSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()

	var ids []string
	for _, name := range []string{"Alpha", "Beta", "Gamma", "Delta"} {
		b, resp, err := api.BrandsAPI.CreateBrand(ctx).CreateBrandRequest(okta.CreateBrandRequest{Name: name}).Execute()
		if err != nil || statusOf(resp) != http.StatusCreated {
			t.Fatalf("CreateBrand %s: %v %v", name, statusOf(resp), err)
		}
		ids = append(ids, b.GetId())
	}
	_, resp, err := api.BrandsAPI.CreateBrand(ctx).CreateBrandRequest(okta.CreateBrandRequest{Name: "Alpha"}).Execute()
	if statusOf(resp) != http.StatusConflict || sdkErrorCode(err) != "E0000202" {
		t.Fatalf("duplicate brand: status %v code %q", statusOf(resp), sdkErrorCode(err))
	}

	brands, resp, err := api.BrandsAPI.ListBrands(ctx).Limit(2).Execute()
	if err != nil {
		t.Fatal(err)
	}
	seen := len(brands)
	var defaultID string
	for _, b := range brands {
		if b.GetIsDefault() {
			defaultID = b.GetId()
		}
	}
	for resp.HasNextPage() {
		var next []okta.BrandWithEmbedded
		if resp, err = resp.Next(&next); err != nil {
			t.Fatal(err)
		}
		if len(next) > 2 {
			t.Fatalf("page of %d with limit 2", len(next))
		}
		seen += len(next)
	}
	if seen != 5 || defaultID == "" {
		t.Fatalf("paged through %d brands (default %q), want 5", seen, defaultID)
	}

	got, _, err := api.BrandsAPI.GetBrand(ctx, ids[0]).Execute()
	if err != nil || got.GetName() != "Alpha" || got.GetIsDefault() {
		t.Fatalf("GetBrand: %v", err)
	}
	_, resp, err = api.BrandsAPI.ReplaceBrand(ctx, ids[0]).Brand(okta.BrandRequest{
		Name: "Alpha", CustomPrivacyPolicyUrl: okta.PtrString("https://alpha.example.com/privacy")}).Execute()
	if statusOf(resp) != http.StatusBadRequest || sdkErrorCode(err) != "E0000001" {
		t.Fatalf("privacy URL without consent: status %v code %q", statusOf(resp), sdkErrorCode(err))
	}
	replaced, _, err := api.BrandsAPI.ReplaceBrand(ctx, ids[0]).Brand(okta.BrandRequest{
		Name: "Alpha Corp", CustomPrivacyPolicyUrl: okta.PtrString("https://alpha.example.com/privacy"),
		AgreeToCustomPrivacyPolicy: okta.PtrBool(true), RemovePoweredByOkta: okta.PtrBool(true), Locale: okta.PtrString("en")}).Execute()
	if err != nil || replaced.GetName() != "Alpha Corp" || !replaced.GetRemovePoweredByOkta() {
		t.Fatalf("ReplaceBrand: %v %+v", err, replaced)
	}

	themes, _, err := api.ThemesAPI.ListBrandThemes(ctx, ids[0]).Execute()
	if err != nil || len(themes) != 1 {
		t.Fatalf("ListBrandThemes: %v %d", err, len(themes))
	}
	th, _, err := api.ThemesAPI.GetBrandTheme(ctx, ids[0], themes[0].GetId()).Execute()
	if err != nil || th.GetPrimaryColorHex() != "#1662dd" {
		t.Fatalf("GetBrandTheme: %v", err)
	}
	newTheme, _, err := api.ThemesAPI.ReplaceBrandTheme(ctx, ids[0], th.GetId()).Theme(okta.UpdateThemeRequest{
		PrimaryColorHex: "#0b5394", SecondaryColorHex: "#f3f6f9",
		SignInPageTouchPointVariant: "BACKGROUND_SECONDARY_COLOR", EndUserDashboardTouchPointVariant: "WHITE_LOGO_BACKGROUND",
		ErrorPageTouchPointVariant: "OKTA_DEFAULT", EmailTemplateTouchPointVariant: "OKTA_DEFAULT"}).Execute()
	if err != nil || newTheme.GetPrimaryColorHex() != "#0b5394" || newTheme.GetLoadingPageTouchPointVariant() != "OKTA_DEFAULT" {
		t.Fatalf("ReplaceBrandTheme: %v %+v", err, newTheme)
	}
	_, resp, err = api.ThemesAPI.ReplaceBrandTheme(ctx, ids[0], th.GetId()).Theme(okta.UpdateThemeRequest{
		PrimaryColorHex: "#0b5394", SecondaryColorHex: "#f3f6f9",
		SignInPageTouchPointVariant: "SPLASH", EndUserDashboardTouchPointVariant: "OKTA_DEFAULT",
		ErrorPageTouchPointVariant: "OKTA_DEFAULT", EmailTemplateTouchPointVariant: "OKTA_DEFAULT"}).Execute()
	if statusOf(resp) != http.StatusBadRequest || sdkErrorCode(err) != "E0000001" {
		t.Fatalf("bad variant: status %v code %q", statusOf(resp), sdkErrorCode(err))
	}

	resp, err = api.BrandsAPI.DeleteBrand(ctx, defaultID).Execute()
	if statusOf(resp) != http.StatusConflict || sdkErrorCode(err) != "E0000200" {
		t.Fatalf("delete default brand: status %v code %q", statusOf(resp), sdkErrorCode(err))
	}
	if _, err := api.BrandsAPI.DeleteBrand(ctx, ids[0]).Execute(); err != nil {
		t.Fatalf("DeleteBrand: %v", err)
	}
	_, resp, err = api.BrandsAPI.GetBrand(ctx, ids[0]).Execute()
	if statusOf(resp) != http.StatusNotFound || sdkErrorCode(err) != "E0000007" {
		t.Fatalf("get deleted brand: status %v code %q", statusOf(resp), sdkErrorCode(err))
	}
	_, resp, err = api.ThemesAPI.ListBrandThemes(ctx, ids[0]).Execute()
	if statusOf(resp) != http.StatusNotFound || sdkErrorCode(err) != "E0000007" {
		t.Fatalf("themes of deleted brand: status %v code %q", statusOf(resp), sdkErrorCode(err))
	}
}
