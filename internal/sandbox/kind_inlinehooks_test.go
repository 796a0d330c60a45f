package sandbox

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func ahbInlineHTTP(name, typ string) Obj {
	return Obj{
		"name": name, "type": typ, "version": "1.0.0", "status": "ACTIVE",
		"channel": Obj{"type": "HTTP", "version": "1.0.0", "config": Obj{
			"uri": "https://example.com/" + strings.ReplaceAll(name, " ", "-"), "method": "POST",
			"authScheme": Obj{"type": "HEADER", "key": "Authorization", "value": "secret"},
		}},
	}
}

func ahbInlineOAuth(name string) Obj {
	return Obj{
		"name": name, "type": "com.okta.saml.tokens.transform", "version": "1.0.2",
		"channel": Obj{"type": "OAUTH", "version": "1.0.0", "config": Obj{
			"uri": "https://example.com/service", "method": "POST",
			"headers":  []any{Obj{"key": "Field 1", "value": "Value 1"}},
			"authType": "client_secret_post", "clientId": "abc123", "clientSecret": "def456",
			"tokenUrl": "https://example.com/token", "scope": "api",
		}},
	}
}

func TestInlineHooksCreate(t *testing.T) {
	o := newConformanceOrg(t, Options{})
	body := ahbInlineHTTP("twilio", "com.okta.telephony.provider")
	body["status"] = "INACTIVE" // ignored (VCR)
	st, _, v := ahbCall(t, o, "POST", "/api/v1/inlineHooks", body)
	if st != http.StatusOK {
		t.Fatalf("create: %d %v", st, v)
	}
	h := ahbObj(t, v)
	if str(h, "status") != "ACTIVE" || !strings.HasPrefix(str(h, "id"), "cal") || str(h, "version") != "1.0.0" {
		t.Errorf("created: %v", h)
	}
	if at(h, "channel.config.authScheme.value") != nil || str(h, "channel.config.authScheme.key") != "Authorization" {
		t.Errorf("authScheme: %v", at(h, "channel.config.authScheme"))
	}
	if hs, ok := at(h, "channel.config.headers").([]any); !ok || len(hs) != 0 {
		t.Errorf("headers %v, want []", at(h, "channel.config.headers"))
	}
	if at(h, "_links.self.hints") != nil || at(h, "_links.execute.href") == nil || at(h, "_links.deactivate.href") == nil {
		t.Errorf("links: %v", h["_links"])
	}
	// No authScheme: an explicit null (VCR).
	noAuth := ahbInlineHTTP("import", "com.okta.import.transform")
	del(noAuth, "channel.config.authScheme")
	st, _, v = ahbCall(t, o, "POST", "/api/v1/inlineHooks", noAuth)
	if cfg, _ := at(ahbObj(t, v), "channel.config").(map[string]any); st != http.StatusOK || cfg == nil || cfg["authScheme"] != nil {
		t.Fatalf("no authScheme: %d %v", st, v)
	} else if _, has := cfg["authScheme"]; !has {
		t.Errorf("authScheme should be present as null")
	}
	// OAUTH: clientSecret is write-only, authScheme null, the rest returned.
	st, _, v = ahbCall(t, o, "POST", "/api/v1/inlineHooks", ahbInlineOAuth("saml"))
	oh := ahbObj(t, v)
	if st != http.StatusOK || at(oh, "channel.config.clientSecret") != nil || str(oh, "channel.config.clientId") != "abc123" ||
		str(oh, "channel.config.authType") != "client_secret_post" || str(oh, "version") != "1.0.2" {
		t.Fatalf("oauth: %d %v", st, oh)
	}

	mut := func(base Obj, f func(b Obj)) Obj { b := cloneObj(base); f(b); return b }
	tests := []struct {
		name       string
		body       Obj
		wantStatus int
		wantCode   string
	}{
		{"no type", mut(body, func(b Obj) { delete(b, "type") }), 400, "E0000001"},
		{"bad type", mut(body, func(b Obj) { b["type"] = "com.okta.unknown" }), 400, "E0000001"},
		{"no name", mut(body, func(b Obj) { delete(b, "name") }), 400, "E0000001"},
		{"http uri", mut(body, func(b Obj) { set(b, "channel.config.uri", "http://example.com") }), 400, "E0000001"},
		{"bad channel type", mut(body, func(b Obj) { set(b, "channel.type", "SOAP") }), 400, "E0000001"},
		{"oauth without authType", mut(ahbInlineOAuth("x"), func(b Obj) { del(b, "channel.config.authType") }), 400, "E0000001"},
		{"oauth without secret", mut(ahbInlineOAuth("x"), func(b Obj) { del(b, "channel.config.clientSecret") }), 400, "E0000001"},
		{"jwt without key", mut(ahbInlineOAuth("x"), func(b Obj) { set(b, "channel.config.authType", "private_key_jwt") }), 400, "E0000001"},
		{"headers wrong type", mut(body, func(b Obj) { set(b, "channel.config.headers", "x") }), 400, "E0000003"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, _, v := ahbCall(t, o, "POST", "/api/v1/inlineHooks", tc.body)
			ahbWantError(t, tc.name, st, v, tc.wantStatus, tc.wantCode)
		})
	}
}

func TestInlineHooksUpdateAndDelete(t *testing.T) {
	o := newConformanceOrg(t, Options{})
	_, _, v := ahbCall(t, o, "POST", "/api/v1/inlineHooks", ahbInlineHTTP("tokens", "com.okta.oauth2.tokens.transform"))
	h := ahbObj(t, v)
	path := "/api/v1/inlineHooks/" + str(h, "id")

	// PUT replaces and ignores status (VCR).
	put := ahbInlineHTTP("tokens v2", "com.okta.oauth2.tokens.transform")
	put["status"] = "INACTIVE"
	set(put, "channel.config.headers", []any{Obj{"key": "x-stuff", "value": "yes"}})
	st, _, v := ahbCall(t, o, "PUT", path, put)
	got := ahbObj(t, v)
	if st != http.StatusOK || str(got, "status") != "ACTIVE" || str(got, "name") != "tokens v2" || str(got, "created") != str(h, "created") {
		t.Fatalf("put: %d %v", st, got)
	}
	// POST on the item merges.
	st, _, v = ahbCall(t, o, "POST", path, Obj{"name": "tokens v3", "channel": Obj{"config": Obj{"uri": "https://example.com/v3"}}})
	got = ahbObj(t, v)
	if st != http.StatusOK || str(got, "name") != "tokens v3" || str(got, "channel.config.uri") != "https://example.com/v3" ||
		len(at(got, "channel.config.headers").([]any)) != 1 || str(got, "channel.config.authScheme.key") != "Authorization" {
		t.Fatalf("partial update: %d %v", st, got)
	}
	st, _, v = ahbCall(t, o, "POST", path, Obj{"type": "com.okta.import.transform"})
	ahbWantError(t, "type change", st, v, http.StatusBadRequest, "E0000001")
	st, _, v = ahbCall(t, o, "PUT", path, ahbInlineHTTP("tokens", "com.okta.import.transform"))
	ahbWantError(t, "type change by PUT", st, v, http.StatusBadRequest, "E0000001")

	st, _, v = ahbCall(t, o, "DELETE", path, nil)
	ahbWantError(t, "delete active", st, v, http.StatusForbidden, "E0000006")
	st, _, v = ahbCall(t, o, "POST", path+"/lifecycle/deactivate", nil)
	got = ahbObj(t, v)
	if st != http.StatusOK || str(got, "status") != "INACTIVE" || at(got, "_links.delete.href") == nil || at(got, "_links.execute") != nil {
		t.Fatalf("deactivate: %d %v", st, got)
	}
	if st, _, _ = ahbCall(t, o, "DELETE", path, nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d", st)
	}
	st, _, v = ahbCall(t, o, "GET", path, nil)
	ahbWantError(t, "get deleted", st, v, http.StatusNotFound, "E0000007")
	st, _, v = ahbCall(t, o, "POST", path, Obj{"name": "ghost"})
	ahbWantError(t, "update deleted", st, v, http.StatusNotFound, "E0000007")
}

func TestInlineHooksListAndLimit(t *testing.T) {
	o := newConformanceOrg(t, Options{})
	for i := 0; i < inlineHookMax; i++ {
		typ := inlineHookTypes[i%len(inlineHookTypes)]
		if st, _, v := ahbCall(t, o, "POST", "/api/v1/inlineHooks", ahbInlineHTTP(fmt.Sprintf("hook %02d", i), typ)); st != http.StatusOK {
			t.Fatalf("create %d: %d %v", i, st, v)
		}
	}
	st, _, v := ahbCall(t, o, "POST", "/api/v1/inlineHooks", ahbInlineHTTP("one too many", inlineHookTypes[0]))
	ahbWantError(t, "51st hook", st, v, http.StatusBadRequest, "E0000001")

	st, hdr, v := ahbCall(t, o, "GET", "/api/v1/inlineHooks", nil)
	if st != http.StatusOK || len(ahbList(t, v)) != inlineHookMax || len(hdr.Values("Link")) != 0 {
		t.Fatalf("list: %d %d", st, len(ahbList(t, v)))
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/inlineHooks?type=com.okta.user.pre-registration", nil)
	list := ahbList(t, v)
	if len(list) == 0 {
		t.Fatal("type filter returned nothing")
	}
	for _, h := range list {
		if str(h, "type") != "com.okta.user.pre-registration" {
			t.Errorf("type filter let %s through", str(h, "type"))
		}
	}
}
