package conformance

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestThreatInsight: the seeded configuration, the full replace of the
// POST (VCR TestAccResourceOktaThreatInsightSettings_crud), excluded zones
// answered in another order (…_issue_1221_NetworkZoneOrdering), unknown
// zones refused, a deleted zone dropped.
func TestThreatInsight(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	const path = "/api/v1/threats/configuration"
	got := o.mustObj(200, "GET", path, nil)
	if engine.Str(got, "action") != "none" || fmt.Sprint(got["excludeZones"]) != "[]" || fmt.Sprint(ahbAllow(got, "self")) != "[GET POST]" {
		t.Fatalf("seed: %v", got)
	}
	var zones []string
	for i := 0; i < 3; i++ {
		z := o.mustObj(200, "POST", "/api/v1/zones", engine.Obj{"type": "IP", "name": fmt.Sprintf("office-%d", i),
			"gateways": []any{engine.Obj{"type": "CIDR", "value": fmt.Sprintf("10.%d.0.0/16", i)}}})
		zones = append(zones, engine.Str(z, "id"))
	}
	got = o.mustObj(200, "POST", path, engine.Obj{"action": "block", "excludeZones": engine.AnyStrings(zones)})
	want := slices.Clone(zones)
	slices.Reverse(want)
	if engine.Str(got, "action") != "block" || !slices.Equal(engine.StringsAt(got, "excludeZones"), want) {
		t.Errorf("after POST: %v (want zones %v)", got, want)
	}
	// A zone deleted leaves the list.
	o.must(200, "POST", "/api/v1/zones/"+zones[1]+"/lifecycle/deactivate", nil)
	o.must(204, "DELETE", "/api/v1/zones/"+zones[1], nil)
	if got := engine.StringsAt(o.mustObj(200, "GET", path, nil), "excludeZones"); slices.Contains(got, zones[1]) || len(got) != 2 {
		t.Errorf("after the zone's delete: %v", got)
	}
	// The POST replaces the whole object: no excludeZones clears them.
	got = o.mustObj(200, "POST", path, engine.Obj{"action": "audit"})
	if fmt.Sprint(got["excludeZones"]) != "[]" {
		t.Errorf("excludeZones survived a POST without them: %v", got)
	}
	o.fail(400, "E0000001", "POST", path, engine.Obj{"action": "panic"})
	o.fail(400, "E0000001", "POST", path, engine.Obj{"excludeZones": []any{}})
	o.fail(400, "E0000001", "POST", path, engine.Obj{"action": "audit", "excludeZones": []any{"nzonothere0000000000"}})

	// The official SDK reads and writes it too.
	api := o.sdk(t).ThreatInsightAPI
	cfg, _, err := api.UpdateConfiguration(context.Background()).ThreatInsightConfiguration(okta.ThreatInsightConfiguration{
		Action: "block", ExcludeZones: []string{zones[0]}}).Execute()
	if err != nil || cfg.GetAction() != "block" || !slices.Equal(cfg.ExcludeZones, []string{zones[0]}) {
		t.Fatalf("SDK update: %v %+v", err, cfg)
	}
	cfg, _, err = api.GetCurrentConfiguration(context.Background()).Execute()
	if err != nil || cfg.GetAction() != "block" || cfg.Created == nil {
		t.Fatalf("SDK get: %v %+v", err, cfg)
	}
}

// TestUserLockoutSettings: GET and PUT outside /api/v1, validated against
// the v6.1.0 spec (v5.0.2 says GET answers an array). The SDK v5 types that
// answer as an array too, so it is driven here only for the PUT.
func TestUserLockoutSettings(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	const path = "/attack-protection/api/v1/user-lockout-settings"
	if got := o.mustObj(200, "GET", path, nil); fmt.Sprint(got) != "map[preventBruteForceLockoutFromUnknownDevices:false]" {
		t.Fatalf("seed: %v", got)
	}
	if got := o.mustObj(200, "PUT", path, engine.Obj{"preventBruteForceLockoutFromUnknownDevices": true}); !engine.BoolAt(got, "preventBruteForceLockoutFromUnknownDevices") {
		t.Errorf("after PUT: %v", got)
	}
	o.fail(400, "E0000003", "PUT", path, engine.Obj{"preventBruteForceLockoutFromUnknownDevices": "yes"})
	// A replace without the field sets it back to its default.
	if got := o.mustObj(200, "PUT", path, engine.Obj{}); engine.BoolAt(got, "preventBruteForceLockoutFromUnknownDevices") {
		t.Errorf("after an empty PUT: %v", got)
	}
	api := zoneUncheckedSDK(t, o.conformanceOrg).AttackProtectionAPI
	got, resp, err := api.ReplaceUserLockoutSettings(context.Background()).LockoutSettings(okta.UserLockoutSettings{
		PreventBruteForceLockoutFromUnknownDevices: okta.PtrBool(true)}).Execute()
	if err != nil || statusOf(resp) != http.StatusOK || !got.GetPreventBruteForceLockoutFromUnknownDevices() {
		t.Fatalf("SDK replace: %d %v", statusOf(resp), err)
	}
	// The official scope is okta.orgs.*: a token with only other scopes is
	// refused (the sandbox's per-route scope check, as for every endpoint).
	if r := o.Srv.Routes(); !slices.Contains(r, "GET "+path) || !slices.Contains(r, "PUT "+path) {
		t.Errorf("routes: %v", r)
	}
}

// TestCaptchas: one instance per org, created 201 (VCR
// TestAccResourceOktaCaptcha_crud), secretKey never answered, partial and
// full updates, the org-wide settings (…CaptchaOrgWideSettings_crud) and
// the delete it blocks.
func TestCaptchas(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	c := o.mustObj(201, "POST", "/api/v1/captchas", engine.Obj{"name": "bots", "siteKey": "site", "secretKey": "s3cret", "type": "HCAPTCHA"})
	id := engine.Str(c, "id")
	if _, has := c["secretKey"]; has || fmt.Sprint(ahbAllow(c, "self")) != "[GET POST PUT DELETE]" {
		t.Errorf("create: %v", c)
	}
	o.fail(403, "E0000165", "POST", "/api/v1/captchas", engine.Obj{"name": "second", "siteKey": "s", "secretKey": "k", "type": "RECAPTCHA_V2"})
	o.fail(400, "E0000001", "PUT", "/api/v1/captchas/"+id, engine.Obj{"name": "bots", "siteKey": "site", "type": "HCAPTCHA"})
	got := o.mustObj(200, "PUT", "/api/v1/captchas/"+id, engine.Obj{"name": "bots2", "siteKey": "site2", "secretKey": "s3cret", "type": "HCAPTCHA"})
	if engine.Str(got, "name") != "bots2" || got["secretKey"] != nil {
		t.Errorf("PUT: %v", got)
	}
	got = o.mustObj(200, "POST", "/api/v1/captchas/"+id, engine.Obj{"siteKey": "site3"})
	if engine.Str(got, "siteKey") != "site3" || engine.Str(got, "name") != "bots2" {
		t.Errorf("partial update: %v", got)
	}
	for _, item := range o.must(200, "GET", "/api/v1/captchas", nil).([]any) {
		if _, has := item.(map[string]any)["secretKey"]; has {
			t.Error("the list answers the secret key")
		}
	}

	const org = "/api/v1/org/captcha"
	if got := o.mustObj(200, "GET", org, nil); got["captchaId"] != nil || fmt.Sprint(got["enabledPages"]) != "[]" {
		t.Errorf("unconfigured: %v", got)
	}
	got = o.mustObj(200, "PUT", org, engine.Obj{"captchaId": id, "enabledPages": []any{"SIGN_IN", "SSR", "SSPR"}})
	if engine.Str(got, "captchaId") != id || fmt.Sprint(got["enabledPages"]) != "[SSPR SSR SIGN_IN]" ||
		fmt.Sprint(ahbAllow(got, "self")) != "[GET PUT]" || engine.At(got, "_links.captcha.href") == nil {
		t.Errorf("PUT: %v", got)
	}
	o.fail(403, "E0000149", "DELETE", "/api/v1/captchas/"+id, nil)
	o.fail(400, "E0000001", "PUT", org, engine.Obj{"captchaId": nil, "enabledPages": []any{"SSR"}})
	o.fail(400, "E0000001", "PUT", org, engine.Obj{"captchaId": id, "enabledPages": []any{"EVERYWHERE"}})
	got = o.mustObj(200, "PUT", org, engine.Obj{"captchaId": nil, "enabledPages": []any{}})
	if got["captchaId"] != nil || engine.At(got, "_links.captcha") != nil {
		t.Errorf("disabled: %v", got)
	}
	o.must(204, "DELETE", org, nil)
	o.must(204, "DELETE", "/api/v1/captchas/"+id, nil)

	// The official SDK, on a fresh org.
	sdkOrg := newConformanceOrg(t, sandbox.Options{})
	api := sdkOrg.sdk(t).CAPTCHAAPI
	ctx := context.Background()
	inst, resp, err := api.CreateCaptchaInstance(ctx).Instance(okta.CAPTCHAInstance{Name: okta.PtrString("sdk"), SiteKey: okta.PtrString("k"),
		SecretKey: okta.PtrString("secret"), Type: okta.PtrString("RECAPTCHA_V2")}).Execute()
	if err != nil || statusOf(resp) != http.StatusCreated || inst.SecretKey != nil {
		t.Fatalf("SDK create: %d %v %+v", statusOf(resp), err, inst)
	}
	settings, _, err := api.ReplacesOrgCaptchaSettings(ctx).OrgCAPTCHASettings(okta.OrgCAPTCHASettings{CaptchaId: inst.Id, EnabledPages: []string{"SSR"}}).Execute()
	if err != nil || settings.GetCaptchaId() != inst.GetId() {
		t.Fatalf("SDK org settings: %v", err)
	}
	if _, err := api.DeleteOrgCaptchaSettings(ctx).Execute(); err != nil {
		t.Fatalf("SDK delete org settings: %v", err)
	}
	if _, err := api.DeleteCaptchaInstance(ctx, inst.GetId()).Execute(); err != nil {
		t.Fatalf("SDK delete: %v", err)
	}
}
