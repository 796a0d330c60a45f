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
