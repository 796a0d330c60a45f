package conformance

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func ppFCM(name string) engine.Obj {
	return engine.Obj{"name": name, "providerType": "FCM", "configuration": engine.Obj{"serviceAccountJson": engine.Obj{
		"type": "service_account", "project_id": "PROJECT_ID", "private_key_id": "KEY_ID",
		"private_key":  "-----BEGIN PRIVATE KEY-----REDACTED-----END PRIVATE KEY-----",
		"client_email": "SERVICE_ACCOUNT_EMAIL", "client_id": "CLIENT_ID", "token_uri": "https://oauth2.googleapis.com/token"}}}
}

func ppAPNS(name string) engine.Obj {
	return engine.Obj{"name": name, "providerType": "APNS", "configuration": engine.Obj{
		"keyId": "ABC123DEFG", "teamId": "DEF123GHIJ", "fileName": "key.p8", "tokenSigningKey": "-----BEGIN PRIVATE KEY-----\nMIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQg\n-----END PRIVATE KEY-----\n"}}
}

// TestPushProvidersCRUD: the recorded shapes (FCM answers only projectId,
// lastUpdatedDate, self link with hints), write-only keys, the type filter,
// the validation errors, and a PUT that leaves out a write-only key.
func TestPushProvidersCRUD(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	st, _, v := ahbCall(t, o, "POST", "/api/v1/push-providers", ppFCM("example"))
	fcm := ahbObj(t, v)
	if st != http.StatusOK || !strings.HasPrefix(engine.Str(fcm, "id"), "ppc") || engine.Str(fcm, "lastUpdatedDate") == "" ||
		fcm["created"] != nil || fcm["lastUpdated"] != nil {
		t.Fatalf("create FCM: %d %v", st, fcm)
	}
	if cfg := ahbObj(t, fcm["configuration"]); len(cfg) != 1 || cfg["projectId"] != "PROJECT_ID" {
		t.Errorf("FCM configuration: %v", cfg)
	}
	if allow := ahbAllow(fcm, "self"); strings.Join(allow, ",") != "GET,PUT,DELETE" {
		t.Errorf("self hints: %v", allow)
	}
	st, _, v = ahbCall(t, o, "POST", "/api/v1/push-providers", ppAPNS("ios"))
	apns := ahbObj(t, v)
	if st != http.StatusOK || engine.At(apns, "configuration.tokenSigningKey") != nil || engine.Str(apns, "configuration.keyId") != "ABC123DEFG" {
		t.Fatalf("create APNs: %d %v", st, apns)
	}

	_, _, v = ahbCall(t, o, "GET", "/api/v1/push-providers?type=APNS", nil)
	if l := ahbList(t, v); len(l) != 1 || engine.Str(l[0], "name") != "ios" {
		t.Errorf("?type=APNS: %v", l)
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/push-providers", nil)
	if l := ahbList(t, v); len(l) != 2 {
		t.Errorf("list: %v", l)
	}

	// A PUT without the write-only key keeps it; the type can't change.
	put := ahbObj(t, engine.Clone(apns))
	put["name"] = "ios renamed"
	engine.Set(put, "configuration.teamId", "XYZ123GHIJ")
	path := "/api/v1/push-providers/" + engine.Str(apns, "id")
	st, _, v = ahbCall(t, o, "PUT", path, put)
	if got := ahbObj(t, v); st != http.StatusOK || engine.Str(got, "name") != "ios renamed" || engine.Str(got, "configuration.teamId") != "XYZ123GHIJ" || got["created"] != nil {
		t.Fatalf("put: %d %v", st, got)
	}
	st, _, v = ahbCall(t, o, "PUT", "/api/v1/push-providers/"+engine.Str(fcm, "id"), engine.Obj{"name": "example", "providerType": "FCM", "configuration": engine.Obj{}})
	if got := ahbObj(t, v); st != http.StatusOK || engine.Str(got, "configuration.projectId") != "PROJECT_ID" {
		t.Fatalf("put FCM without its JSON: %d %v", st, got)
	}

	mut := func(base engine.Obj, f func(b engine.Obj)) engine.Obj { b := engine.CloneObj(base); f(b); return b }
	for _, tc := range []struct {
		name, method, path string
		body               engine.Obj
		status             int
		code               string
	}{
		{"no name", "POST", "/api/v1/push-providers", mut(ppAPNS("x"), func(b engine.Obj) { delete(b, "name") }), 400, "E0000001"},
		{"duplicate name", "POST", "/api/v1/push-providers", ppAPNS("example"), 400, "E0000001"},
		{"unknown type", "POST", "/api/v1/push-providers", mut(ppAPNS("x"), func(b engine.Obj) { b["providerType"] = "SMS" }), 400, "E0000001"},
		{"APNs without its key", "POST", "/api/v1/push-providers", mut(ppAPNS("x"), func(b engine.Obj) { engine.Del(b, "configuration.tokenSigningKey") }), 400, "E0000001"},
		{"APNs key not PEM", "POST", "/api/v1/push-providers", mut(ppAPNS("x"), func(b engine.Obj) { engine.Set(b, "configuration.tokenSigningKey", "not a key") }), 400, "E0000001"},
		{"APNs without team", "POST", "/api/v1/push-providers", mut(ppAPNS("x"), func(b engine.Obj) { engine.Del(b, "configuration.teamId") }), 400, "E0000001"},
		{"FCM without its JSON", "POST", "/api/v1/push-providers", mut(ppFCM("x"), func(b engine.Obj) { engine.Del(b, "configuration.serviceAccountJson") }), 400, "E0000001"},
		{"FCM JSON as text", "POST", "/api/v1/push-providers", mut(ppFCM("x"), func(b engine.Obj) { engine.Set(b, "configuration.serviceAccountJson", "{}") }), 400, "E0000003"},
		{"FCM JSON without a key", "POST", "/api/v1/push-providers", mut(ppFCM("x"), func(b engine.Obj) { engine.Del(b, "configuration.serviceAccountJson.private_key") }), 400, "E0000001"},
		{"type changed", "PUT", path, mut(put, func(b engine.Obj) { b["providerType"] = "FCM" }), 400, "E0000001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, _, v := ahbCall(t, o, tc.method, tc.path, tc.body)
			ahbWantError(t, tc.name, st, v, tc.status, tc.code)
		})
	}
	if st, _, _ := ahbCall(t, o, "DELETE", path, nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d", st)
	}
	st, _, v = ahbCall(t, o, "GET", path, nil)
	ahbWantError(t, "get a deleted provider", st, v, http.StatusNotFound, "E0000007")
}

// TestPushProvidersUsedByAuthenticator: a custom_app authenticator names
// its providers by id, each of the right type; a provider in use can't be
// deleted (409 E0000187, SPEC).
func TestPushProvidersUsedByAuthenticator(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{Sample: true})
	_, _, v := ahbCall(t, o, "POST", "/api/v1/push-providers", ppAPNS("ios"))
	apns := engine.Str(ahbObj(t, v), "id")
	_, _, v = ahbCall(t, o, "POST", "/api/v1/push-providers", ppFCM("android"))
	fcm := engine.Str(ahbObj(t, v), "id")
	_, _, v = ahbCall(t, o, "GET", "/api/v1/apps?filter="+`name+eq+"oidc_client"`, nil)
	app := engine.Str(ahbList(t, v)[0], "id")
	auth := func(apnsID, fcmID string) engine.Obj {
		return engine.Obj{"key": "custom_app", "name": "Field Sales push", "agreeToTerms": true,
			"settings": engine.Obj{"appInstanceId": app, "userVerification": "PREFERRED"},
			"provider": engine.Obj{"type": "PUSH", "configuration": engine.Obj{
				"apns": engine.Obj{"id": apnsID, "appBundleId": "com.example.sales"}, "fcm": engine.Obj{"id": fcmID}}}}
	}
	st, _, v := ahbCall(t, o, "POST", "/api/v1/authenticators", auth(fcm, fcm))
	ahbWantError(t, "an FCM provider named as APNs", st, v, 400, "E0000001")
	st, _, v = ahbCall(t, o, "POST", "/api/v1/authenticators", auth(apns, "ppc00000000000000000"))
	ahbWantError(t, "an unknown provider", st, v, 400, "E0000001")
	st, _, v = ahbCall(t, o, "POST", "/api/v1/authenticators", auth(apns, fcm))
	if st != http.StatusOK || engine.Str(ahbObj(t, v), "provider.configuration.fcm.id") != fcm {
		t.Fatalf("custom_app authenticator: %d %v", st, v)
	}
	for _, id := range []string{apns, fcm} {
		st, _, v = ahbCall(t, o, "DELETE", "/api/v1/push-providers/"+id, nil)
		if e := ahbWantError(t, "delete a provider in use", st, v, http.StatusConflict, "E0000187"); !strings.Contains(engine.Str(e, "errorSummary"), "custom app authenticator") {
			t.Errorf("summary: %v", e)
		}
	}
}

// TestPushProvidersSDK: the official SDK creates, lists, reads, replaces
// and deletes push providers.
func TestPushProvidersSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()
	created, _, err := api.PushProviderAPI.CreatePushProvider(ctx).PushProvider(okta.APNSPushProviderAsListPushProviders200ResponseInner(&okta.APNSPushProvider{
		PushProvider: okta.PushProvider{Name: okta.PtrString("sdk ios"), ProviderType: okta.PtrString("APNS")},
		Configuration: &okta.APNSConfiguration{KeyId: okta.PtrString("ABC123DEFG"), TeamId: okta.PtrString("DEF123GHIJ"),
			TokenSigningKey: okta.PtrString("-----BEGIN PRIVATE KEY-----\nMIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQg\n-----END PRIVATE KEY-----\n")},
	})).Execute()
	if err != nil || created.APNSPushProvider == nil || created.APNSPushProvider.Configuration.GetTokenSigningKey() != "" {
		t.Fatalf("CreatePushProvider: %v %+v", err, created)
	}
	id := created.APNSPushProvider.GetId()
	list, _, err := api.PushProviderAPI.ListPushProviders(ctx).Type_("APNS").Execute()
	if err != nil || len(list) != 1 {
		t.Fatalf("ListPushProviders: %v %+v", err, list)
	}
	got, _, err := api.PushProviderAPI.GetPushProvider(ctx, id).Execute()
	if err != nil || got.APNSPushProvider.GetName() != "sdk ios" {
		t.Fatalf("GetPushProvider: %v %+v", err, got)
	}
	got.APNSPushProvider.Name = okta.PtrString("sdk ios 2")
	replaced, _, err := api.PushProviderAPI.ReplacePushProvider(ctx, id).PushProvider(*got).Execute()
	if err != nil || replaced.APNSPushProvider.GetName() != "sdk ios 2" {
		t.Fatalf("ReplacePushProvider: %v %+v", err, replaced)
	}
	if _, err := api.PushProviderAPI.DeletePushProvider(ctx, id).Execute(); err != nil {
		t.Fatalf("DeletePushProvider: %v", err)
	}
}
