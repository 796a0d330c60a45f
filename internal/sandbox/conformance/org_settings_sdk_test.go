package conformance

import (
	"context"
	"net/http"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestConformanceRateLimitSettingsSDK: the three rate-limit singletons
// through the official SDK, their recorded defaults and bounds.
func TestConformanceRateLimitSettingsSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t).RateLimitSettingsAPI
	ctx := context.Background()
	n, _, err := api.GetRateLimitSettingsAdminNotifications(ctx).Execute()
	if err != nil || !n.NotificationsEnabled {
		t.Fatalf("admin notifications: %v %+v", err, n)
	}
	if n, _, err = api.ReplaceRateLimitSettingsAdminNotifications(ctx).RateLimitAdminNotifications(okta.RateLimitAdminNotifications{NotificationsEnabled: false}).Execute(); err != nil || n.NotificationsEnabled {
		t.Fatalf("replace admin notifications: %v %+v", err, n)
	}
	w, _, err := api.GetRateLimitSettingsWarningThreshold(ctx).Execute()
	if err != nil || w.GetWarningThreshold() != 90 {
		t.Fatalf("warning threshold: %v %+v", err, w)
	}
	_, resp, err := api.ReplaceRateLimitSettingsWarningThreshold(ctx).RateLimitWarningThreshold(okta.RateLimitWarningThresholdRequest{WarningThreshold: 20}).Execute()
	if statusOf(resp) != http.StatusBadRequest || sdkErrorCode(err) != "E0000001" {
		t.Fatalf("threshold 20: %d %q", statusOf(resp), sdkErrorCode(err))
	}
	pc, _, err := api.GetRateLimitSettingsPerClient(ctx).Execute()
	if err != nil || pc.DefaultMode != "ENFORCE" {
		t.Fatalf("per-client: %v %+v", err, pc)
	}
	set := okta.PerClientRateLimitSettings{DefaultMode: "PREVIEW", UseCaseModeOverrides: &okta.PerClientRateLimitSettingsUseCaseModeOverrides{LOGIN_PAGE: okta.PtrString("ENFORCE")}}
	if pc, _, err = api.ReplaceRateLimitSettingsPerClient(ctx).PerClientRateLimitSettings(set).Execute(); err != nil ||
		pc.DefaultMode != "PREVIEW" || pc.UseCaseModeOverrides.GetLOGIN_PAGE() != "ENFORCE" {
		t.Fatalf("replace per-client: %v %+v", err, pc)
	}
}

// TestConformanceSecurityEventsProvidersSDK: SSF receivers through the
// official SDK: create (200, ACTIVE), list, get, replace, the lifecycle,
// delete, and the settings validation.
func TestConformanceSecurityEventsProvidersSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t).SSFReceiverAPI
	ctx := context.Background()
	settings := okta.SecurityEventsProviderSettingsNonSSFCompliantAsSecurityEventsProviderRequestSettings(
		&okta.SecurityEventsProviderSettingsNonSSFCompliant{Issuer: "https://issuer.example.com", JwksUrl: "https://issuer.example.com/keys"})
	p, resp, err := api.CreateSecurityEventsProviderInstance(ctx).Instance(okta.SecurityEventsProviderRequest{
		Name: "Provider", Type: "okta", Settings: settings}).Execute()
	if err != nil || resp.StatusCode != http.StatusOK || p.GetStatus() != "ACTIVE" || len(p.GetId()) != 20 {
		t.Fatalf("create: %v %d %+v", err, statusOf(resp), p)
	}
	id := p.GetId()
	if list, _, err := api.ListSecurityEventsProviderInstances(ctx).Execute(); err != nil || len(list) != 1 {
		t.Fatalf("list: %v %d", err, len(list))
	}
	if d, _, err := api.DeactivateSecurityEventsProviderInstance(ctx, id).Execute(); err != nil || d.GetStatus() != "INACTIVE" {
		t.Fatalf("deactivate: %v", err)
	}
	if r, _, err := api.ReplaceSecurityEventsProviderInstance(ctx, id).Instance(okta.SecurityEventsProviderRequest{
		Name: "Renamed", Type: "okta", Settings: settings}).Execute(); err != nil || r.GetName() != "Renamed" || r.GetStatus() != "INACTIVE" {
		t.Fatalf("replace: %v %+v", err, r)
	}
	if _, _, err := api.ActivateSecurityEventsProviderInstance(ctx, id).Execute(); err != nil {
		t.Fatalf("activate: %v", err)
	}
	if resp, err := api.DeleteSecurityEventsProviderInstance(ctx, id).Execute(); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %v %d", err, statusOf(resp))
	}
	st, _, v := ahbCall(t, o, "POST", "/api/v1/security-events-providers", map[string]any{"name": "Bad", "type": "okta",
		"settings": map[string]any{"issuer": "https://x.example.com"}})
	ahbWantError(t, "issuer without jwks_url", st, v, http.StatusBadRequest, "E0000001")
}

// TestConformanceRoleSubscriptions: subscriptions per admin role and
// notification type, every answer spec-checked. The official SDK v5.0.2
// can't call these endpoints: it writes its roleRef parameter (a oneOf
// wrapper) into the path with %v, a Go pointer dump that no org knows, so
// the requests are made directly.
func TestConformanceRoleSubscriptions(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	base := "/api/v1/roles/SUPER_ADMIN/subscriptions"
	st, _, v := ahbCall(t, o, "GET", base, nil)
	if all := ahbList(t, v); st != http.StatusOK || len(all) != 14 {
		t.Fatalf("list: %d %d", st, len(all))
	}
	if st, _, _ := ahbCall(t, o, "POST", base+"/APP_IMPORT/unsubscribe", nil); st != http.StatusOK {
		t.Fatalf("unsubscribe: %d", st)
	}
	st, _, v = ahbCall(t, o, "GET", base+"/APP_IMPORT", nil)
	s := ahbObj(t, v)
	if st != http.StatusOK || engine.Str(s, "status") != "unsubscribed" || engine.At(s, "_links.subscribe.href") == nil {
		t.Fatalf("after unsubscribe: %d %v", st, s)
	}
	ahbCall(t, o, "POST", base+"/APP_IMPORT/subscribe", nil)
	if _, _, v = ahbCall(t, o, "GET", base+"/APP_IMPORT", nil); engine.Str(ahbObj(t, v), "status") != "subscribed" {
		t.Fatalf("after subscribe: %v", v)
	}
	st, _, v = ahbCall(t, o, "GET", base+"/NOT_A_TYPE", nil)
	ahbWantError(t, "unknown notification type", st, v, http.StatusNotFound, "E0000007")
	st, _, v = ahbCall(t, o, "GET", "/api/v1/roles/NOT_A_ROLE/subscriptions", nil)
	ahbWantError(t, "unknown role", st, v, http.StatusNotFound, "E0000007")
}

// TestConformancePrincipalRateLimitsSDK: one entity per OAuth client or
// API token through the official SDK, found by filter, replaced.
func TestConformancePrincipalRateLimitsSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t).PrincipalRateLimitAPI
	ctx := context.Background()
	st, _, v := ahbCall(t, o, "POST", "/api/v1/apps", map[string]any{"name": "oidc_client", "label": "Limited", "signOnMode": "OPENID_CONNECT",
		"settings": map[string]any{"oauthClient": map[string]any{"application_type": "service", "grant_types": []any{"client_credentials"}}}})
	if st != http.StatusOK {
		t.Fatalf("create app: %d %v", st, v)
	}
	client := engine.Str(ahbObj(t, v), "id")
	e, resp, err := api.CreatePrincipalRateLimitEntity(ctx).Entity(okta.PrincipalRateLimitEntity{
		PrincipalId: client, PrincipalType: "OAUTH_CLIENT", DefaultPercentage: okta.PtrInt32(55), DefaultConcurrencyPercentage: okta.PtrInt32(79)}).Execute()
	if err != nil || resp.StatusCode != http.StatusCreated || e.GetOrgId() == "" || e.GetCreatedBy() == "" || e.GetDefaultPercentage() != 55 {
		t.Fatalf("create: %v %d %+v", err, statusOf(resp), e)
	}
	list, _, err := api.ListPrincipalRateLimitEntities(ctx).Filter(`principalType eq "OAUTH_CLIENT" and principalId eq "` + client + `"`).Execute()
	if err != nil || len(list) != 1 || list[0].GetId() != e.GetId() {
		t.Fatalf("list by filter: %v %+v", err, list)
	}
	r, _, err := api.ReplacePrincipalRateLimitEntity(ctx, e.GetId()).Entity(okta.PrincipalRateLimitEntity{
		PrincipalId: client, PrincipalType: "OAUTH_CLIENT", DefaultPercentage: okta.PtrInt32(49), DefaultConcurrencyPercentage: okta.PtrInt32(75)}).Execute()
	if err != nil || r.GetDefaultPercentage() != 49 || !r.GetCreatedDate().Equal(e.GetCreatedDate()) {
		t.Fatalf("replace: %v %+v", err, r)
	}
	_, resp, err = api.CreatePrincipalRateLimitEntity(ctx).Entity(okta.PrincipalRateLimitEntity{PrincipalId: client, PrincipalType: "OAUTH_CLIENT"}).Execute()
	if statusOf(resp) != http.StatusBadRequest || sdkErrorCode(err) != "E0000001" {
		t.Fatalf("a second entity for the client: %d %q", statusOf(resp), sdkErrorCode(err))
	}
	_, resp, err = api.CreatePrincipalRateLimitEntity(ctx).Entity(okta.PrincipalRateLimitEntity{PrincipalId: "0oanotaclient0000000", PrincipalType: "OAUTH_CLIENT"}).Execute()
	if statusOf(resp) != http.StatusBadRequest {
		t.Fatalf("an unknown client: %d %v", statusOf(resp), err)
	}
	// An API token principal: the org's own token (the client's), not an
	// id that merely looks like one.
	tokens, _, err := o.sdk(t).ApiTokenAPI.ListApiTokens(ctx).Execute()
	if err != nil || len(tokens) == 0 {
		t.Fatalf("api tokens: %v %d", err, len(tokens))
	}
	e, resp, err = api.CreatePrincipalRateLimitEntity(ctx).Entity(okta.PrincipalRateLimitEntity{PrincipalId: tokens[0].GetId(), PrincipalType: "SSWS_TOKEN"}).Execute()
	if err != nil || resp.StatusCode != http.StatusCreated || e.GetDefaultPercentage() != 50 {
		t.Fatalf("an API token's entity: %v %d %+v", err, statusOf(resp), e)
	}
	_, resp, err = api.CreatePrincipalRateLimitEntity(ctx).Entity(okta.PrincipalRateLimitEntity{PrincipalId: "00Tnotatoken00000000", PrincipalType: "SSWS_TOKEN"}).Execute()
	if statusOf(resp) != http.StatusBadRequest || sdkErrorCode(err) != "E0000001" {
		t.Fatalf("an unknown API token: %d %q", statusOf(resp), sdkErrorCode(err))
	}
	// The spec makes filter required.
	st, _, v = ahbCall(t, o, "GET", "/api/v1/principal-rate-limits", nil)
	ahbWantError(t, "a list without filter", st, v, http.StatusBadRequest, "E0000001")
}

// TestConformanceRealmsSDK: the default realm every user belongs to, and
// realms through the official SDK (realmType not echoed, as recorded).
func TestConformanceRealmsSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()
	realms, _, err := api.RealmAPI.ListRealms(ctx).Execute()
	if err != nil || len(realms) != 1 || !realms[0].GetIsDefault() {
		t.Fatalf("realms of a new org: %v %+v", err, realms)
	}
	def := realms[0].GetId()
	me, _, err := api.UserAPI.GetUser(ctx, "me").Execute()
	if err != nil || me.GetRealmId() != def {
		t.Fatalf("the admin's realm: %v %s", err, me.GetRealmId())
	}
	r, _, err := api.RealmAPI.CreateRealm(ctx).Body(okta.CreateRealmRequest{Profile: &okta.RealmProfile{Name: "Partners", RealmType: okta.PtrString("PARTNER")}}).Execute()
	if err != nil || r.GetIsDefault() || r.Profile.GetName() != "Partners" {
		t.Fatalf("create: %v %+v", err, r)
	}
	body := usersNewUser("partner", "Pat", "Ner")
	body.RealmId = r.Id
	u, _, err := api.UserAPI.CreateUser(ctx).Body(body).Execute()
	if err != nil || u.GetRealmId() != r.GetId() {
		t.Fatalf("user in the realm: %v", err)
	}
	resp, err := api.RealmAPI.DeleteRealm(ctx, r.GetId()).Execute()
	if statusOf(resp) != http.StatusBadRequest || sdkErrorCode(err) != "E0000178" {
		t.Fatalf("delete a realm with users: %d %q", statusOf(resp), sdkErrorCode(err))
	}
	for i := 0; i < 2; i++ {
		if _, err := api.UserAPI.DeleteUser(ctx, u.GetId()).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	if resp, err := api.RealmAPI.DeleteRealm(ctx, r.GetId()).Execute(); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %v %d", err, statusOf(resp))
	}
	resp, err = api.RealmAPI.DeleteRealm(ctx, def).Execute()
	if statusOf(resp) != http.StatusBadRequest || sdkErrorCode(err) != "E0000178" {
		t.Fatalf("delete the default realm: %d %q", statusOf(resp), sdkErrorCode(err))
	}
}
