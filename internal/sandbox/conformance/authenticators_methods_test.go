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

// TestAuthenticatorMethodsSeeded: every authenticator comes with its
// methods, in Okta's order, and the shapes of the recording and the spec's
// examples (no id or dates; self with GET and PUT; a lifecycle link only
// where the authenticator has several methods).
func TestAuthenticatorMethodsSeeded(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	for _, tc := range []struct {
		key     string
		methods string // type:status, in order
	}{
		{"okta_email", "email:ACTIVE"},
		{"okta_password", "password:ACTIVE"},
		{"phone_number", "sms:ACTIVE,voice:INACTIVE"},
		{"okta_verify", "push:ACTIVE,signed_nonce:ACTIVE,totp:ACTIVE"},
		{"webauthn", "webauthn:ACTIVE"},
		{"google_otp", "otp:ACTIVE"},
	} {
		id := ahbAuthenticatorID(t, o, tc.key)
		_, _, v := ahbCall(t, o, "GET", "/api/v1/authenticators/"+id+"/methods", nil)
		var got []string
		for _, m := range ahbList(t, v) {
			got = append(got, engine.Str(m, "type")+":"+engine.Str(m, "status"))
			if m["id"] != nil || m["created"] != nil || m["lastUpdated"] != nil {
				t.Errorf("%s/%s: server fields %v", tc.key, m["type"], m)
			}
			if allow := ahbAllow(m, "self"); strings.Join(allow, ",") != "GET,PUT" {
				t.Errorf("%s/%s: self hints %v", tc.key, m["type"], allow)
			}
			lifecycle := engine.At(m, "_links.activate") != nil || engine.At(m, "_links.deactivate") != nil
			if lifecycle != strings.Contains(tc.methods, ",") {
				t.Errorf("%s/%s: lifecycle links %v", tc.key, m["type"], m["_links"])
			}
		}
		if strings.Join(got, ",") != tc.methods {
			t.Errorf("%s: methods %v, want %s", tc.key, got, tc.methods)
		}
	}
	_, _, v := ahbCall(t, o, "GET", "/api/v1/authenticators/"+ahbAuthenticatorID(t, o, "webauthn")+"/methods/webauthn", nil)
	if m := ahbObj(t, v); engine.Str(m, "settings.userVerification") != "DISCOURAGED" || engine.Str(m, "settings.attachment") != "ANY" {
		t.Errorf("webauthn defaults: %v", m)
	}
}

// TestAuthenticatorMethodsUpdate: a PUT sets the settings and keeps type
// and status; lifecycle per method where there are several; the errors.
func TestAuthenticatorMethodsUpdate(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	webauthn := "/api/v1/authenticators/" + ahbAuthenticatorID(t, o, "webauthn") + "/methods/webauthn"
	groups := []any{engine.Obj{"name": "TestKeys", "aaguids": []any{"00000000-0000-0000-0000-000000000001"}}}
	st, _, v := ahbCall(t, o, "PUT", webauthn, engine.Obj{"type": "webauthn", "status": "INACTIVE",
		"settings": engine.Obj{"userVerification": "REQUIRED", "attachment": "ANY", "aaguidGroups": groups}})
	m := ahbObj(t, v)
	if st != http.StatusOK || engine.Str(m, "status") != "ACTIVE" || engine.Str(m, "settings.userVerification") != "REQUIRED" ||
		len(engine.At(m, "settings.aaguidGroups").([]any)) != 1 {
		t.Fatalf("put: %d %v", st, m)
	}
	st, v = ahbRaw(t, o, "POST", webauthn+"/lifecycle/deactivate", nil)
	ahbWantError(t, "deactivate an authenticator's only method", st, v, 400, "E0000001")

	phone := "/api/v1/authenticators/" + ahbAuthenticatorID(t, o, "phone_number") + "/methods/"
	st, _, v = ahbCall(t, o, "POST", phone+"voice/lifecycle/activate", nil)
	if m := ahbObj(t, v); st != http.StatusOK || engine.Str(m, "status") != "ACTIVE" || engine.At(m, "_links.deactivate") == nil {
		t.Fatalf("activate voice: %d %v", st, m)
	}
	for _, tc := range []struct {
		name, path string
		body       engine.Obj
		status     int
		code       string
	}{
		{"bad user verification", webauthn, engine.Obj{"type": "webauthn", "settings": engine.Obj{"userVerification": "SOMETIMES"}}, 400, "E0000001"},
		{"bad attachment", webauthn, engine.Obj{"type": "webauthn", "settings": engine.Obj{"attachment": "USB"}}, 400, "E0000001"},
		{"group without a name", webauthn, engine.Obj{"type": "webauthn", "settings": engine.Obj{"aaguidGroups": []any{engine.Obj{"aaguids": []any{}}}}}, 400, "E0000001"},
		{"groups not a list", webauthn, engine.Obj{"type": "webauthn", "settings": engine.Obj{"aaguidGroups": "x"}}, 400, "E0000003"},
		{"another type", webauthn, engine.Obj{"type": "sms"}, 400, "E0000001"},
		{"a method the authenticator lacks", phone + "email", engine.Obj{"type": "email"}, 404, "E0000007"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, _, v := ahbCall(t, o, "PUT", tc.path, tc.body)
			ahbWantError(t, tc.name, st, v, tc.status, tc.code)
		})
	}
	st, _, v = ahbCall(t, o, "GET", "/api/v1/authenticators/aut00000000000000000/methods", nil)
	ahbWantError(t, "methods of an unknown authenticator", st, v, 404, "E0000007")
}

// TestAuthenticatorMethodsNewAuthenticator: a custom authenticator comes
// with its methods.
func TestAuthenticatorMethodsNewAuthenticator(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{Sample: true})
	_, _, v := ahbCall(t, o, "GET", "/api/v1/apps?filter="+`name+eq+"oidc_client"`, nil)
	app := engine.Str(ahbList(t, v)[0], "id")
	st, _, v := ahbCall(t, o, "POST", "/api/v1/authenticators", engine.Obj{"key": "custom_app", "name": "Push", "agreeToTerms": true,
		"settings": engine.Obj{"appInstanceId": app}, "provider": engine.Obj{"type": "PUSH"}})
	if st != http.StatusOK {
		t.Fatalf("custom_app: %d %v", st, v)
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/authenticators/"+engine.Str(ahbObj(t, v), "id")+"/methods", nil)
	if l := ahbList(t, v); len(l) != 1 || engine.Str(l[0], "type") != "push" {
		t.Errorf("custom_app methods: %v", l)
	}
}

// TestAuthenticatorMethodsSDK: the official SDK lists, reads and replaces
// methods and switches one.
func TestAuthenticatorMethodsSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()
	wa := ahbAuthenticatorID(t, o, "webauthn")
	list, _, err := api.AuthenticatorAPI.ListAuthenticatorMethods(ctx, wa).Execute()
	if err != nil || len(list) != 1 || list[0].AuthenticatorMethodWebAuthn == nil {
		t.Fatalf("ListAuthenticatorMethods: %v %+v", err, list)
	}
	m, _, err := api.AuthenticatorAPI.GetAuthenticatorMethod(ctx, wa, "webauthn").Execute()
	if err != nil || m.AuthenticatorMethodWebAuthn == nil {
		t.Fatalf("GetAuthenticatorMethod: %v %+v", err, m)
	}
	m.AuthenticatorMethodWebAuthn.Settings.UserVerification = okta.PtrString("PREFERRED")
	got, _, err := api.AuthenticatorAPI.ReplaceAuthenticatorMethod(ctx, wa, "webauthn").ListAuthenticatorMethods200ResponseInner(*m).Execute()
	if err != nil || got.AuthenticatorMethodWebAuthn.Settings.GetUserVerification() != "PREFERRED" {
		t.Fatalf("ReplaceAuthenticatorMethod: %v %+v", err, got)
	}
	phone := ahbAuthenticatorID(t, o, "phone_number")
	voice, _, err := api.AuthenticatorAPI.ActivateAuthenticatorMethod(ctx, phone, "voice").Execute()
	if err != nil || voice.AuthenticatorMethodSimple == nil || voice.AuthenticatorMethodSimple.GetStatus() != "ACTIVE" {
		t.Fatalf("ActivateAuthenticatorMethod: %v %+v", err, voice)
	}
	if _, _, err := api.AuthenticatorAPI.DeactivateAuthenticatorMethod(ctx, phone, "voice").Execute(); err != nil {
		t.Fatalf("DeactivateAuthenticatorMethod: %v", err)
	}
}
