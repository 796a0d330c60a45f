package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/apps"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// appTestOrg is a conformance org with JSON helpers for the app tests.
// call checks every answer against the official spec; raw does not, and
// is used only where real Okta departs from its spec (the first-party
// apps' names are not in the OPENID_CONNECT `name` enum) or where the
// answer's status is not one the spec documents (each use says which).
type appTestOrg struct {
	*conformanceOrg
	t *testing.T
}

func newAppTestOrg(t *testing.T, opts sandbox.Options) appTestOrg {
	t.Helper()
	if opts.Now == nil {
		now := time.Date(2026, 2, 2, 11, 12, 29, 0, time.UTC)
		opts.Now = func() time.Time { return now }
	}
	return appTestOrg{newConformanceOrg(t, opts), t}
}

func appTestDecode(t *testing.T, data []byte) any {
	t.Helper()
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decoding %q: %v", data, err)
	}
	return v
}

func (o appTestOrg) call(method, path string, body any) (int, http.Header, any) {
	o.t.Helper()
	status, hdr, data := o.do(o.t, method, path, body)
	return status, hdr, appTestDecode(o.t, data)
}

func (o appTestOrg) raw(method, path string, body any) (int, http.Header, any) {
	o.t.Helper()
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, o.URL+path, rd)
	if err != nil {
		o.t.Fatal(err)
	}
	req.Header.Set("Authorization", "SSWS "+o.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		o.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, appTestDecode(o.t, data)
}

func (o appTestOrg) obj(want int, method, path string, body any) engine.Obj {
	o.t.Helper()
	status, _, v := o.call(method, path, body)
	if status != want {
		o.t.Fatalf("%s %s: status %d, want %d: %v", method, path, status, want, v)
	}
	m, ok := v.(map[string]any)
	if !ok {
		o.t.Fatalf("%s %s: answer is %T, want an object", method, path, v)
	}
	return m
}

func (o appTestOrg) list(method, path string) ([]any, http.Header) {
	o.t.Helper()
	status, hdr, v := o.call(method, path, nil)
	if status != http.StatusOK {
		o.t.Fatalf("%s %s: status %d: %v", method, path, status, v)
	}
	arr, ok := v.([]any)
	if !ok {
		o.t.Fatalf("%s %s: answer is %T, want an array", method, path, v)
	}
	return arr, hdr
}

// fails asserts an error answer (spec-checked unless raw).
func (o appTestOrg) fails(raw bool, wantStatus int, wantCode, method, path string, body any) engine.Obj {
	o.t.Helper()
	var status int
	var v any
	if raw {
		status, _, v = o.raw(method, path, body)
	} else {
		status, _, v = o.call(method, path, body)
	}
	m, _ := v.(map[string]any)
	if status != wantStatus || engine.Str(m, "errorCode") != wantCode {
		o.t.Fatalf("%s %s: got %d %v, want %d %s", method, path, status, v, wantStatus, wantCode)
	}
	return m
}

// policyID finds a policy in the org by type and name ("" = system).
func (o appTestOrg) policyID(typ, name string) string {
	o.t.Helper()
	o.Srv.Org().Lock()
	defer o.Srv.Org().Unlock()
	for _, p := range o.Srv.Org().List("policies", "") {
		if engine.Str(p, "type") == typ && ((name == "" && engine.BoolAt(p, "system")) || (name != "" && engine.Str(p, "name") == name)) {
			return engine.Str(p, "id")
		}
	}
	o.t.Fatalf("no %s policy %q in the org", typ, name)
	return ""
}

func (o appTestOrg) group(name string) string {
	o.t.Helper()
	g := o.obj(http.StatusOK, "POST", "/api/v1/groups", engine.Obj{"profile": engine.Obj{"name": name}})
	return engine.Str(g, "id")
}

func appTestOIDC(label, typ string) engine.Obj {
	body := engine.Obj{
		"name": "oidc_client", "label": label, "signOnMode": "OPENID_CONNECT",
		"settings": engine.Obj{"oauthClient": engine.Obj{"application_type": typ, "redirect_uris": []any{"https://app.example.com/cb"}}},
	}
	switch typ {
	case "service":
		body["settings"] = engine.Obj{"oauthClient": engine.Obj{"application_type": "service", "grant_types": []any{"client_credentials"}}}
	case "browser", "native":
		body["credentials"] = engine.Obj{"oauthClient": engine.Obj{"token_endpoint_auth_method": "none"}}
	}
	return body
}

func appTestBookmark(label string) engine.Obj {
	return engine.Obj{"name": "bookmark", "label": label, "signOnMode": "BOOKMARK", "settings": engine.Obj{"app": engine.Obj{"url": "https://example.com"}}}
}

func appTestSAML(label string) engine.Obj {
	return engine.Obj{"label": label, "signOnMode": "SAML_2_0", "settings": engine.Obj{"signOn": engine.Obj{
		"ssoAcsUrl": "https://sp.example.com/acs", "audience": "https://sp.example.com", "audienceOverride": ""}}}
}

var appTestKid = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// TestAppsCreateDefaults creates one app of every modelled signOnMode and
// compares the server defaults with the recorded real bodies.
func TestAppsCreateDefaults(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	system := o.policyID("ACCESS_POLICY", "")
	cases := []struct {
		name   string
		body   engine.Obj
		want   map[string]any // path → value (nil = must be null); "<kid>" any 43-char kid
		absent []string
		secret bool
		links  []string // _links keys that must be present
	}{
		{"oidc web", appTestOIDC("Web", "web"), map[string]any{
			"name":                                               "oidc_client",
			"status":                                             "ACTIVE",
			"features":                                           []any{},
			"universalLogout.status":                             "DISABLED",
			"universalLogout.protocol":                           "GLOBAL_TOKEN_REVOCATION",
			"accessibility.selfService":                          false,
			"accessibility.errorRedirectUrl":                     nil,
			"visibility.appLinks.oidc_client_link":               true,
			"visibility.autoLaunch":                              false,
			"visibility.hide.iOS":                                false,
			"credentials.userNameTemplate.template":              "${source.login}",
			"credentials.userNameTemplate.type":                  "BUILT_IN",
			"credentials.signing.kid":                            "<kid>",
			"credentials.oauthClient.autoKeyRotation":            true,
			"credentials.oauthClient.token_endpoint_auth_method": "client_secret_basic",
			"credentials.oauthClient.pkce_required":              false,
			"settings.app":                                       engine.Obj{},
			"settings.manualProvisioning":                        false,
			"settings.implicitAssignment":                        false,
			"settings.emOptInStatus":                             "NONE",
			"settings.notes.admin":                               nil,
			"settings.notifications.vpn.network.connection":      "DISABLED",
			"settings.notifications.vpn.message":                 nil,
			"settings.oauthClient.grant_types":                   []any{"authorization_code"},
			"settings.oauthClient.response_types":                []any{"code"},
			"settings.oauthClient.consent_method":                "TRUSTED",
			"settings.oauthClient.issuer_mode":                   "ORG_URL",
			"settings.oauthClient.idp_initiated_login.mode":      "DISABLED",
			"settings.oauthClient.wildcard_redirect":             "DISABLED",
			"settings.oauthClient.dpop_bound_access_tokens":      false,
			"settings.oauthClient.participate_slo":               false,
			"settings.oauthClient.client_uri":                    nil,
			"settings.oauthClient.logo_uri":                      nil,
		}, []string{"settings.oauthClient.refresh_token"}, true,
			[]string{"appLinks", "groups", "users", "logo", "policies", "uploadLogo", "accessPolicy", "profileEnrollment", "deactivate", "clientCredentials"}},
		{"oidc spa", func() engine.Obj {
			b := appTestOIDC("SPA", "browser")
			engine.Set(b, "settings.oauthClient.grant_types", []any{"authorization_code", "refresh_token"})
			return b
		}(), map[string]any{
			"credentials.oauthClient.token_endpoint_auth_method": "none", "credentials.oauthClient.pkce_required": true,
			"settings.oauthClient.refresh_token.rotation_type": "ROTATE", "settings.oauthClient.refresh_token.leeway": json.Number("30"),
		}, nil, false, []string{"appLinks"}},
		{"oidc native", appTestOIDC("Native", "native"), map[string]any{
			"settings.oauthClient.application_type": "native", "credentials.oauthClient.pkce_required": true,
		}, nil, false, nil},
		{"oidc service", appTestOIDC("Service", "service"), map[string]any{
			"settings.oauthClient.redirect_uris": []any{}, "settings.oauthClient.response_types": []any{"token"},
		}, nil, true, []string{"clientCredentials"}},
		{"saml", appTestSAML("My SAML App!"), map[string]any{
			"name":                    "sandbox_mysamlapp_1",
			"credentials.signing.kid": "<kid>",
			"visibility.appLinks.sandbox_mysamlapp_1_link": true,
			"settings.signOn.idpIssuer":                    "http://www.okta.com/${org.externalKey}",
			"settings.signOn.recipient":                    "https://sp.example.com/acs",
			"settings.signOn.destination":                  "https://sp.example.com/acs",
			"settings.signOn.slo":                          engine.Obj{"enabled": false},
			"settings.signOn.assertionEncryption":          engine.Obj{"enabled": false},
			"settings.signOn.inlineHooks":                  []any{},
			"settings.signOn.acsEndpoints":                 []any{},
			"settings.signOn.spIssuer":                     nil,
			"settings.signOn.samlSignedRequestEnabled":     false,
			"settings.signOn.defaultRelayState":            nil,
			"universalLogout.supportType":                  "FULL",
			"settings.emOptInStatus":                       "NONE",
		}, []string{"settings.signOn.audienceOverride", "credentials.oauthClient"}, false,
			[]string{"metadata", "help"}},
		{"bookmark", appTestBookmark("Docs"), map[string]any{
			"credentials.signing": engine.Obj{}, "settings.app.requestIntegration": false, "visibility.appLinks.login": true,
			"universalLogout": engine.Obj{"status": "UNSUPPORTED"},
		}, []string{"settings.emOptInStatus", "credentials.scheme"}, false, nil},
		{"swa", engine.Obj{"name": "template_swa", "label": "SWA", "signOnMode": "BROWSER_PLUGIN",
			"credentials": engine.Obj{"userName": "", "password": engine.Obj{}},
			"settings":    engine.Obj{"app": engine.Obj{"url": "https://x.example.com", "usernameField": "u", "passwordField": "p", "buttonField": "b"}}},
			map[string]any{"credentials.scheme": "EDIT_USERNAME_AND_PASSWORD", "credentials.revealPassword": false,
				"settings.app.loginUrlRegex": nil, "settings.app.redirectUrl": nil, "settings.app.checkbox": nil},
			[]string{"credentials.userName", "credentials.password"}, false, nil},
		{"swa shared", engine.Obj{"name": "template_swa", "label": "Shared", "signOnMode": "BROWSER_PLUGIN",
			"credentials": engine.Obj{"scheme": "SHARED_USERNAME_AND_PASSWORD", "userName": "team", "password": engine.Obj{"value": "s3cret"}},
			"settings":    engine.Obj{"app": engine.Obj{"url": "https://x.example.com", "usernameField": "u", "passwordField": "p", "buttonField": "b", "loginUrlRegex": ""}}},
			map[string]any{"credentials.userName": "team", "credentials.password": engine.Obj{}, "settings.app.loginUrlRegex": nil},
			nil, false, nil},
		{"swa3field", engine.Obj{"name": "template_swa3field", "label": "SWA3", "signOnMode": "BROWSER_PLUGIN",
			"settings": engine.Obj{"app": engine.Obj{"targetURL": "https://x.example.com", "userNameSelector": "u", "passwordSelector": "p", "buttonSelector": "b"}}},
			map[string]any{"settings.app.loginUrlRegex": nil, "settings.app.redirectUrl": nil},
			[]string{"settings.app.checkbox"}, false, nil},
		{"auto login", engine.Obj{"label": "Auto", "signOnMode": "AUTO_LOGIN",
			"credentials": engine.Obj{"userNameTemplate": engine.Obj{"template": "user.firstName", "type": "CUSTOM"}},
			"settings":    engine.Obj{"signOn": engine.Obj{"loginUrl": "https://x.example.com/login"}}},
			map[string]any{"name": "sandbox_auto_1", "credentials.userNameTemplate.pushStatus": "DONT_PUSH",
				"settings.signOn.redirectUrl": nil, "credentials.signing": engine.Obj{}},
			nil, false, nil},
		{"basic auth", engine.Obj{"name": "template_basic_auth", "label": "Basic", "signOnMode": "BASIC_AUTH",
			"settings": engine.Obj{"app": engine.Obj{"url": "https://x.example.com", "authURL": "https://x.example.com/auth"}}},
			map[string]any{"settings.app.loginUrlRegex": nil, "credentials.scheme": "EDIT_USERNAME_AND_PASSWORD"},
			nil, false, nil},
	}
	orgKid := ""
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := appTestOrg{o.conformanceOrg, t}
			created := o.obj(http.StatusOK, "POST", "/api/v1/apps", tc.body)
			id := engine.Str(created, "id")
			if !strings.HasPrefix(id, "0oa") || len(id) != 20 {
				t.Fatalf("id %q", id)
			}
			if want := "orn:okta:idp:"; !strings.HasPrefix(engine.Str(created, "orn"), want) || !strings.HasSuffix(engine.Str(created, "orn"), ":"+id) {
				t.Errorf("orn %q", engine.Str(created, "orn"))
			}
			for path, want := range tc.want {
				got := engine.At(created, path)
				if want == "<kid>" {
					if s, _ := got.(string); !appTestKid.MatchString(s) {
						t.Errorf("%s = %v, want a kid", path, got)
					}
					continue
				}
				if !reflect.DeepEqual(engine.NormalizeJSON(got), engine.NormalizeJSON(want)) {
					t.Errorf("%s = %#v, want %#v", path, got, want)
				}
				if want == nil {
					parent := created
					if pp := parentPath(path); pp != "" {
						parent, _ = engine.At(created, pp).(map[string]any)
					}
					if _, has := parent[lastSegment(path)]; !has {
						t.Errorf("%s: want an explicit null", path)
					}
				}
			}
			for _, path := range tc.absent {
				if engine.At(created, path) != nil {
					t.Errorf("%s = %v, want absent", path, engine.At(created, path))
				}
			}
			secret := engine.Str(created, "credentials.oauthClient.client_secret")
			if tc.secret != (len(secret) == 64) {
				t.Errorf("client_secret %q in the create answer, want one: %v", secret, tc.secret)
			}
			if oc := engine.At(created, "credentials.oauthClient"); oc != nil && engine.Str(created, "credentials.oauthClient.client_id") != id {
				t.Errorf("client_id %q, want the app id", engine.Str(created, "credentials.oauthClient.client_id"))
			}
			links, _ := created["_links"].(map[string]any)
			if _, has := links["self"]; has {
				t.Errorf("_links.self present; real Okta apps have none")
			}
			for _, k := range tc.links {
				if links[k] == nil {
					t.Errorf("_links.%s missing: %v", k, links)
				}
			}
			if got := engine.Str(created, "_links.accessPolicy.href"); !strings.HasSuffix(got, "/api/v1/policies/"+system) {
				t.Errorf("accessPolicy %q, want the system ACCESS_POLICY %s", got, system)
			}
			if engine.Str(created, "signOnMode") == "OPENID_CONNECT" {
				if orgKid == "" {
					orgKid = engine.Str(created, "credentials.signing.kid")
				} else if engine.Str(created, "credentials.signing.kid") != orgKid {
					t.Errorf("OIDC apps share the org's kid")
				}
			}

			got := o.obj(http.StatusOK, "GET", "/api/v1/apps/"+id, nil)
			if engine.At(got, "credentials.oauthClient.client_secret") != nil {
				t.Errorf("GET returned the client secret")
			}
			engine.Del(created, "credentials.oauthClient.client_secret")
			if !reflect.DeepEqual(engine.NormalizeJSON(created), engine.NormalizeJSON(got)) {
				t.Errorf("GET differs from the create answer:\ncreate %v\nget    %v", created, got)
			}
		})
	}
}

func parentPath(p string) string {
	if i := strings.LastIndex(p, "."); i >= 0 {
		return p[:i]
	}
	return ""
}

func lastSegment(p string) string { return p[strings.LastIndex(p, ".")+1:] }

func TestAppsValidation(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	cid := engine.Obj{"name": "oidc_client", "label": "A", "signOnMode": "OPENID_CONNECT",
		"credentials": engine.Obj{"oauthClient": engine.Obj{"client_id": "my-client"}},
		"settings":    engine.Obj{"oauthClient": engine.Obj{"application_type": "service"}}}
	o.obj(http.StatusOK, "POST", "/api/v1/apps", cid)
	cases := []struct {
		name, code, cause string
		status            int
		body              any
	}{
		{"no label", "E0000001", "label", 400, engine.Obj{"name": "bookmark", "signOnMode": "BOOKMARK", "settings": engine.Obj{"app": engine.Obj{"url": "https://x"}}}},
		{"blank label", "E0000001", "label", 400, engine.Obj{"name": "bookmark", "label": " ", "signOnMode": "BOOKMARK", "settings": engine.Obj{"app": engine.Obj{"url": "https://x"}}}},
		{"no signOnMode", "E0000001", "signOnMode", 400, engine.Obj{"label": "x"}},
		{"unknown signOnMode", "E0000001", "signOnMode", 400, engine.Obj{"label": "x", "signOnMode": "MAGIC"}},
		{"label not a string", "E0000003", "", 400, engine.Obj{"label": 5, "signOnMode": "BOOKMARK"}},
		{"not JSON", "E0000003", "", 400, "{"},
		{"bookmark without url", "E0000001", "settings.app.url", 400, engine.Obj{"name": "bookmark", "label": "x", "signOnMode": "BOOKMARK"}},
		{"oidc without name", "E0000001", "name", 400, engine.Obj{"label": "x", "signOnMode": "OPENID_CONNECT"}},
		{"oidc without settings", "E0000001", "settings.oauthClient", 400, engine.Obj{"name": "oidc_client", "label": "x", "signOnMode": "OPENID_CONNECT"}},
		{"oidc bad type", "E0000001", "application_type", 400, engine.Obj{"name": "oidc_client", "label": "x", "signOnMode": "OPENID_CONNECT",
			"settings": engine.Obj{"oauthClient": engine.Obj{"application_type": "desktop"}}}},
		{"oidc web without redirect", "E0000001", "redirect_uris", 400, engine.Obj{"name": "oidc_client", "label": "x", "signOnMode": "OPENID_CONNECT",
			"settings": engine.Obj{"oauthClient": engine.Obj{"application_type": "web"}}}},
		{"private_key_jwt without keys", "E0000001", "jwks", 400, engine.Obj{"name": "oidc_client", "label": "x", "signOnMode": "OPENID_CONNECT",
			"credentials": engine.Obj{"oauthClient": engine.Obj{"token_endpoint_auth_method": "private_key_jwt"}},
			"settings":    engine.Obj{"oauthClient": engine.Obj{"application_type": "service"}}}},
		{"duplicate client_id", "E0000001", "client_id", 400, cid},
		{"template of another mode", "E0000001", "name", 400, engine.Obj{"name": "oidc_client", "label": "x", "signOnMode": "BOOKMARK"}},
		{"first-party name", "E0000001", "name", 400, engine.Obj{"name": "saasure", "label": "x", "signOnMode": "OPENID_CONNECT"}},
		{"saml without acs", "E0000001", "ssoAcsUrl", 400, engine.Obj{"label": "x", "signOnMode": "SAML_2_0", "settings": engine.Obj{"signOn": engine.Obj{"audience": "a"}}}},
		{"saml unknown inline hook", "E0000001", "inlineHooks", 400, engine.Obj{"label": "x", "signOnMode": "SAML_2_0", "settings": engine.Obj{"signOn": engine.Obj{
			"ssoAcsUrl": "https://a", "audience": "a", "inlineHooks": []any{engine.Obj{"id": "calAAAAAAAAAAAAAAAAA"}}}}}},
		{"swa without fields", "E0000001", "settings.app.url", 400, engine.Obj{"name": "template_swa", "label": "x", "signOnMode": "BROWSER_PLUGIN"}},
		{"auto login without url", "E0000001", "settings.signOn.loginUrl", 400, engine.Obj{"label": "x", "signOnMode": "AUTO_LOGIN"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := appTestOrg{o.conformanceOrg, t}
			e := o.fails(false, tc.status, tc.code, "POST", "/api/v1/apps", tc.body)
			if tc.cause != "" && !strings.Contains(fmt.Sprint(e), tc.cause) {
				t.Errorf("error %v does not name %s", e, tc.cause)
			}
		})
	}
}

// TestAppsGeneratedNames checks <subdomain>_<label>_<n> and its counter,
// which survives deletes and is not changed by a replace.
func TestAppsGeneratedNames(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	a := o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestSAML("Payroll (EU)"))
	b := o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestSAML("payroll-eu"))
	if engine.Str(a, "name") != "sandbox_payrolleu_1" || engine.Str(b, "name") != "sandbox_payrolleu_2" {
		t.Fatalf("names %q %q", engine.Str(a, "name"), engine.Str(b, "name"))
	}
	o.obj(http.StatusOK, "POST", "/api/v1/apps/"+engine.Str(b, "id")+"/lifecycle/deactivate", nil)
	if st, _, _ := o.call("DELETE", "/api/v1/apps/"+engine.Str(b, "id"), nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d", st)
	}
	c := o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestSAML("Payroll EU"))
	if engine.Str(c, "name") != "sandbox_payrolleu_3" {
		t.Fatalf("after a delete: %q, want _3", engine.Str(c, "name"))
	}
	body := appTestSAML("Payroll renamed")
	body["name"] = "something_else"
	r := o.obj(http.StatusOK, "PUT", "/api/v1/apps/"+engine.Str(a, "id"), body)
	if engine.Str(r, "name") != "sandbox_payrolleu_1" || engine.Str(r, "label") != "Payroll renamed" {
		t.Fatalf("replace: name %q label %q", engine.Str(r, "name"), engine.Str(r, "label"))
	}
	if engine.Str(r, "credentials.signing.kid") != engine.Str(a, "credentials.signing.kid") {
		t.Errorf("replace changed the kid")
	}
	body = appTestSAML("x")
	engine.Set(body, "credentials.signing.kid", "not-a-key-of-this-app")
	o.fails(false, http.StatusBadRequest, "E0000001", "PUT", "/api/v1/apps/"+engine.Str(a, "id"), body)
	auto := o.obj(http.StatusOK, "POST", "/api/v1/apps", engine.Obj{"label": "Payroll EU", "signOnMode": "AUTO_LOGIN",
		"settings": engine.Obj{"signOn": engine.Obj{"loginUrl": "https://x"}}})
	if engine.Str(auto, "name") != "sandbox_payrolleu_4" {
		t.Errorf("auto-login shares the counter: %q", engine.Str(auto, "name"))
	}
}

func TestAppsListPagingAndFilters(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	var ids []string
	for i := 0; i < 5; i++ {
		q := ""
		if i == 3 {
			q = "?activate=false"
		}
		a := o.obj(http.StatusOK, "POST", "/api/v1/apps"+q, appTestBookmark(fmt.Sprintf("pg-%d", i)))
		ids = append(ids, engine.Str(a, "id"))
	}
	o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestSAML("Other"))

	// Default limit -1: everything (raw: the first-party apps' names are
	// outside the spec's enum, although real Okta returns them so).
	_, _, all := o.raw("GET", "/api/v1/apps", nil)
	if n := len(all.([]any)); n != 3+6 {
		t.Fatalf("unpaged list has %d apps, want 9", n)
	}

	var seen []string
	next := "/api/v1/apps?q=PG-&limit=2"
	pages := 0
	for next != "" {
		arr, hdr := o.list("GET", next)
		pages++
		if len(arr) > 2 {
			t.Fatalf("page of %d", len(arr))
		}
		for _, a := range arr {
			seen = append(seen, engine.Str(a.(map[string]any), "id"))
		}
		next = ""
		for _, l := range hdr.Values("Link") {
			if strings.HasSuffix(l, `rel="next"`) {
				next = strings.TrimPrefix(l[1:strings.Index(l, ">")], o.URL)
			}
		}
	}
	if !reflect.DeepEqual(seen, ids) || pages != 3 {
		t.Fatalf("paged %v in %d pages, want %v in 3", seen, pages, ids)
	}

	arr, _ := o.list("GET", `/api/v1/apps?filter=`+urlq(`status eq "INACTIVE"`))
	if len(arr) != 1 || engine.Str(arr[0].(map[string]any), "id") != ids[3] {
		t.Fatalf("status filter: %v", arr)
	}
	arr, _ = o.list("GET", `/api/v1/apps?filter=`+urlq(`name eq "bookmark" and status eq "ACTIVE"`))
	if len(arr) != 4 {
		t.Fatalf("name and status filter: %d apps", len(arr))
	}
	arr, _ = o.list("GET", "/api/v1/apps?q=sandbox_other")
	if len(arr) != 1 {
		t.Fatalf("q on name: %d apps", len(arr))
	}
	// An unsupported filter is a 400 (not in the spec's documented answers).
	o.fails(true, http.StatusBadRequest, "E0000001", "GET", "/api/v1/apps?filter="+urlq(`label sw "x"`), nil)
}

func urlq(s string) string {
	return strings.NewReplacer(" ", "%20", `"`, "%22").Replace(s)
}

func TestAppsLifecycle(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	a := o.obj(http.StatusOK, "POST", "/api/v1/apps?activate=false", appTestBookmark("Life"))
	id := engine.Str(a, "id")
	if engine.Str(a, "status") != "INACTIVE" || engine.At(a, "_links.activate") == nil || engine.At(a, "_links.deactivate") != nil {
		t.Fatalf("created inactive: %v %v", engine.Str(a, "status"), a["_links"])
	}
	if engine.At(a, "_links.activate.hints") != nil {
		t.Errorf("lifecycle links carry no hints in real Okta")
	}
	for _, step := range []struct{ path, status string }{{"activate", "ACTIVE"}, {"activate", "ACTIVE"}, {"deactivate", "INACTIVE"}, {"activate", "ACTIVE"}} {
		got := o.obj(http.StatusOK, "POST", "/api/v1/apps/"+id+"/lifecycle/"+step.path, nil)
		if len(got) != 0 {
			t.Fatalf("%s answered %v, want {}", step.path, got)
		}
		if s := engine.Str(o.obj(http.StatusOK, "GET", "/api/v1/apps/"+id, nil), "status"); s != step.status {
			t.Fatalf("after %s: %s", step.path, s)
		}
	}
	e := o.fails(false, http.StatusForbidden, "E0000056", "DELETE", "/api/v1/apps/"+id, nil)
	if engine.Str(e, "errorSummary") != "Delete application forbidden." {
		t.Errorf("summary %q", engine.Str(e, "errorSummary"))
	}
	g := o.group("Life group")
	o.obj(http.StatusOK, "PUT", "/api/v1/apps/"+id+"/groups/"+g, engine.Obj{})
	o.obj(http.StatusOK, "POST", "/api/v1/apps/"+id+"/lifecycle/deactivate", nil)
	if st, _, v := o.call("DELETE", "/api/v1/apps/"+id, nil); st != http.StatusNoContent {
		t.Fatalf("delete inactive: %d %v", st, v)
	}
	o.fails(false, http.StatusNotFound, "E0000007", "GET", "/api/v1/apps/"+id, nil)
	o.fails(false, http.StatusNotFound, "E0000007", "POST", "/api/v1/apps/"+id+"/lifecycle/activate", nil)
	o.fails(false, http.StatusNotFound, "E0000007", "GET", "/api/v1/apps/"+id+"/groups", nil)
	o.Srv.Org().Lock()
	left := len(o.Srv.Org().List("appGroups", id)) + len(o.Srv.Org().List("appClientSecrets", id))
	_, policyRow := o.Srv.Org().Tables["appAccessPolicy"].Items[id]
	o.Srv.Org().Unlock()
	if left != 0 || policyRow {
		t.Errorf("delete left side rows behind")
	}
}

func TestAppsReplace(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	a := o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestOIDC("Before", "web"))
	id, secret := engine.Str(a, "id"), engine.Str(a, "credentials.oauthClient.client_secret")

	body := appTestOIDC("After", "web")
	engine.Set(body, "settings.oauthClient.redirect_uris", []any{"https://new.example.com/cb"})
	engine.Set(body, "credentials.oauthClient.client_id", "hijack")
	body["id"], body["created"], body["orn"], body["status"] = "0oaXXXXXXXXXXXXXXXXX", "2000-01-01T00:00:00.000Z", "orn:x", "INACTIVE"
	r := o.obj(http.StatusOK, "PUT", "/api/v1/apps/"+id, body)
	for _, k := range []string{"id", "created", "orn", "name", "status", "credentials.oauthClient.client_id", "credentials.signing.kid"} {
		if !reflect.DeepEqual(engine.At(r, k), engine.At(a, k)) {
			t.Errorf("%s changed: %v → %v", k, engine.At(a, k), engine.At(r, k))
		}
	}
	if engine.Str(r, "label") != "After" || !reflect.DeepEqual(engine.StringsAt(r, "settings.oauthClient.redirect_uris"), []string{"https://new.example.com/cb"}) {
		t.Errorf("replace did not apply: %v", r)
	}
	if engine.At(r, "credentials.oauthClient.client_secret") != nil {
		t.Errorf("a PUT without client_secret must not echo it")
	}
	// A PUT that carries client_secret "" gets the current one back; a
	// new value sets it.
	engine.Set(body, "credentials.oauthClient.client_secret", "")
	r = o.obj(http.StatusOK, "PUT", "/api/v1/apps/"+id, body)
	if engine.Str(r, "credentials.oauthClient.client_secret") != secret {
		t.Errorf("echoed secret %q, want %q", engine.Str(r, "credentials.oauthClient.client_secret"), secret)
	}
	engine.Set(body, "credentials.oauthClient.client_secret", "a-brand-new-secret-value")
	r = o.obj(http.StatusOK, "PUT", "/api/v1/apps/"+id, body)
	if engine.Str(r, "credentials.oauthClient.client_secret") != "a-brand-new-secret-value" {
		t.Errorf("secret not set: %v", r["credentials"])
	}
	if g := o.obj(http.StatusOK, "GET", "/api/v1/apps/"+id, nil); engine.At(g, "credentials.oauthClient.client_secret") != nil {
		t.Errorf("GET shows the secret")
	}
	// Full replace: what the body leaves out is back to its default.
	if engine.At(r, "settings.notes") == nil || engine.Str(r, "settings.oauthClient.consent_method") != "TRUSTED" {
		t.Errorf("defaults not refilled on replace: %v", r["settings"])
	}
	other := appTestBookmark("x")
	o.fails(false, http.StatusBadRequest, "E0000001", "PUT", "/api/v1/apps/"+id, other)
	o.fails(false, http.StatusBadRequest, "E0000001", "PUT", "/api/v1/apps/"+id, engine.Obj{"signOnMode": "OPENID_CONNECT"})
	o.fails(false, http.StatusNotFound, "E0000007", "PUT", "/api/v1/apps/0oa00000000000000000", appTestBookmark("x"))
	// Active apps can be replaced (no deactivate first).
	if s := engine.Str(r, "status"); s != "ACTIVE" {
		t.Errorf("status %s", s)
	}
}

// TestAppsBuiltIn checks the first-party apps every org has.
func TestAppsBuiltIn(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	_, _, v := o.raw("GET", "/api/v1/apps", nil)
	apps := v.([]any)
	if len(apps) != 3 {
		t.Fatalf("a fresh org has %d apps, want 3", len(apps))
	}
	for i, want := range []string{"saasure", "okta_enduser", "okta_browser_plugin"} {
		a := apps[i].(map[string]any)
		if engine.Str(a, "name") != want || engine.Str(a, "signOnMode") != "OPENID_CONNECT" || engine.Str(a, "status") != "ACTIVE" {
			t.Fatalf("app %d: %s %s %s", i, engine.Str(a, "name"), engine.Str(a, "signOnMode"), engine.Str(a, "status"))
		}
		if pid := o.policyID("ACCESS_POLICY", engine.Str(a, "label")); !strings.HasSuffix(engine.Str(a, "_links.accessPolicy.href"), pid) {
			t.Errorf("%s: accessPolicy %s, want the %q policy", want, engine.Str(a, "_links.accessPolicy.href"), engine.Str(a, "label"))
		}
		id := engine.Str(a, "id")
		for _, req := range []struct{ method, path string }{
			{"DELETE", "/api/v1/apps/" + id},
			{"POST", "/api/v1/apps/" + id + "/lifecycle/deactivate"},
		} {
			o.fails(false, http.StatusForbidden, "E0000006", req.method, req.path, nil)
		}
		body := engine.CloneObj(a)
		body["label"] = "Renamed"
		o.fails(true, http.StatusForbidden, "E0000006", "PUT", "/api/v1/apps/"+id, body)
	}
	admin := apps[0].(map[string]any)
	links := engine.At(admin, "_links.appLinks").([]any)
	if len(links) != 1 || engine.Str(links[0].(map[string]any), "name") != "admin" {
		t.Errorf("admin console appLinks %v", links)
	}
}

func TestAppsAccessPolicy(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{Sample: true})
	a := o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestBookmark("Bound"))
	id := engine.Str(a, "id")
	o.Srv.Org().Lock()
	policies := apps.CustomAccessPolicies(o.Srv.Org())
	o.Srv.Org().Unlock()
	if len(policies) == 0 {
		t.Fatal("the sample has no custom ACCESS_POLICY")
	}
	custom := engine.Str(policies[0], "id")
	if st, _, v := o.call("PUT", "/api/v1/apps/"+id+"/policies/"+custom, nil); st != http.StatusNoContent {
		t.Fatalf("assign: %d %v", st, v)
	}
	got := o.obj(http.StatusOK, "GET", "/api/v1/apps/"+id, nil)
	if !strings.HasSuffix(engine.Str(got, "_links.accessPolicy.href"), "/api/v1/policies/"+custom) {
		t.Fatalf("accessPolicy %s", engine.Str(got, "_links.accessPolicy.href"))
	}
	o.fails(false, http.StatusNotFound, "E0000007", "PUT", "/api/v1/apps/"+id+"/policies/rst00000000000000000", nil)
	o.fails(false, http.StatusNotFound, "E0000007", "PUT", "/api/v1/apps/0oa00000000000000000/policies/"+custom, nil)
	// A policy of another type: 400 (not among the spec's documented answers).
	o.fails(true, http.StatusBadRequest, "E0000001", "PUT", "/api/v1/apps/"+id+"/policies/"+o.policyID("PASSWORD", ""), nil)
	// The policies module refuses to delete a policy in use.
	o.fails(false, http.StatusForbidden, "E0000006", "DELETE", "/api/v1/policies/"+custom, nil)
}

func TestAppsSample(t *testing.T) {
	build := func() (*sandbox.Server, []byte) {
		srv, err := sandbox.New(sandbox.Options{Token: "t", Sample: true, Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }})
		if err != nil {
			t.Fatal(err)
		}
		data, _ := json.Marshal([]any{srv.Org().List("apps", ""), srv.Org().Tables["appAccessPolicy"], srv.Org().Parents("appGroups")})
		return srv, data
	}
	srv, first := build()
	if _, second := build(); !bytes.Equal(first, second) {
		t.Fatalf("the sample is not deterministic")
	}
	o := srv.Org()
	modes := map[string]bool{}
	custom := map[string]int{}
	assigned := 0
	system := ""
	for _, p := range o.List("policies", "") {
		if engine.Str(p, "type") == "ACCESS_POLICY" && engine.BoolAt(p, "system") {
			system = engine.Str(p, "id")
		}
	}
	for _, a := range o.List("apps", "") {
		if apps.IsBuiltIn(a) {
			continue
		}
		modes[engine.Str(a, "signOnMode")+"/"+engine.Str(a, "name")] = true
		if ap := o.Get("appAccessPolicy", "", engine.Str(a, "id")); ap != nil && engine.Str(ap, "policyId") != system {
			custom[engine.Str(ap, "policyId")]++
			custom["total"]++
		}
		assigned += len(o.List("appGroups", engine.Str(a, "id")))
	}
	for _, want := range []string{"OPENID_CONNECT/oidc_client", "BOOKMARK/bookmark", "BROWSER_PLUGIN/template_swa",
		"BROWSER_PLUGIN/template_swa3field", "BASIC_AUTH/template_basic_auth", "SAML_2_0/sandbox_expensereports_1",
		"AUTO_LOGIN/sandbox_supportknowledgebase_1"} {
		if !modes[want] {
			t.Errorf("sample lacks %s (has %v)", want, modes)
		}
	}
	if n := len(o.List("apps", "")) - 3; n < 10 {
		t.Errorf("sample has %d apps", n)
	}
	if n := custom["total"]; n < 2 && len(apps.CustomAccessPolicies(o)) > 0 {
		t.Errorf("want at least two apps on custom policies, got %v", custom)
	}
	if assigned < 10 {
		t.Errorf("only %d group assignments", assigned)
	}
}

func TestAppsGenerate(t *testing.T) {
	srv, err := sandbox.New(sandbox.Options{Token: "t", Sample: true, Generate: map[string]int{"groups": 30, "apps": 40}})
	if err != nil {
		t.Fatal(err)
	}
	o := srv.Org()
	var gen []engine.Obj
	for _, a := range o.List("apps", "") {
		if strings.HasPrefix(engine.Str(a, "label"), "gen-app-") {
			gen = append(gen, a)
		}
	}
	if len(gen) != 40 {
		t.Fatalf("%d generated apps", len(gen))
	}
	modes := map[string]int{}
	onCustom := 0
	for _, a := range gen {
		modes[engine.Str(a, "signOnMode")+"/"+engine.Str(a, "settings.oauthClient.application_type")]++
		n := len(o.List("appGroups", engine.Str(a, "id")))
		if n < 1 || n > 3 {
			t.Errorf("%s has %d group assignments", engine.Str(a, "label"), n)
		}
		if ap := o.Get("appAccessPolicy", "", engine.Str(a, "id")); ap != nil {
			if p := o.Get("policies", "", engine.Str(ap, "policyId")); p != nil && !engine.BoolAt(p, "system") {
				onCustom++
			}
		}
	}
	if len(modes) != 5 || onCustom != 10 {
		t.Errorf("modes %v, %d on custom policies", modes, onCustom)
	}
}
