package conformance

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
	"github.com/oktasync/oktasync/internal/sandbox/hooks"
)

func ahbInlineHTTP(name, typ string) engine.Obj {
	return engine.Obj{
		"name": name, "type": typ, "version": "1.0.0", "status": "ACTIVE",
		"channel": engine.Obj{"type": "HTTP", "version": "1.0.0", "config": engine.Obj{
			"uri": "https://example.com/" + strings.ReplaceAll(name, " ", "-"), "method": "POST",
			"authScheme": engine.Obj{"type": "HEADER", "key": "Authorization", "value": "secret"},
		}},
	}
}

func ahbInlineOAuth(name string) engine.Obj {
	return engine.Obj{
		"name": name, "type": "com.okta.saml.tokens.transform", "version": "1.0.2",
		"channel": engine.Obj{"type": "OAUTH", "version": "1.0.0", "config": engine.Obj{
			"uri": "https://example.com/service", "method": "POST",
			"headers":  []any{engine.Obj{"key": "Field 1", "value": "Value 1"}},
			"authType": "client_secret_post", "clientId": "abc123", "clientSecret": "def456",
			"tokenUrl": "https://example.com/token", "scope": "api",
		}},
	}
}

func TestInlineHooksCreate(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	body := ahbInlineHTTP("twilio", "com.okta.telephony.provider")
	body["status"] = "INACTIVE" // ignored (VCR)
	st, _, v := ahbCall(t, o, "POST", "/api/v1/inlineHooks", body)
	if st != http.StatusOK {
		t.Fatalf("create: %d %v", st, v)
	}
	h := ahbObj(t, v)
	if engine.Str(h, "status") != "ACTIVE" || !strings.HasPrefix(engine.Str(h, "id"), "cal") || engine.Str(h, "version") != "1.0.0" {
		t.Errorf("created: %v", h)
	}
	if engine.At(h, "channel.config.authScheme.value") != nil || engine.Str(h, "channel.config.authScheme.key") != "Authorization" {
		t.Errorf("authScheme: %v", engine.At(h, "channel.config.authScheme"))
	}
	if hs, ok := engine.At(h, "channel.config.headers").([]any); !ok || len(hs) != 0 {
		t.Errorf("headers %v, want []", engine.At(h, "channel.config.headers"))
	}
	if engine.At(h, "_links.self.hints") != nil || engine.At(h, "_links.execute.href") == nil || engine.At(h, "_links.deactivate.href") == nil {
		t.Errorf("links: %v", h["_links"])
	}
	// No authScheme: an explicit null (VCR).
	noAuth := ahbInlineHTTP("import", "com.okta.import.transform")
	engine.Del(noAuth, "channel.config.authScheme")
	st, _, v = ahbCall(t, o, "POST", "/api/v1/inlineHooks", noAuth)
	if cfg, _ := engine.At(ahbObj(t, v), "channel.config").(map[string]any); st != http.StatusOK || cfg == nil || cfg["authScheme"] != nil {
		t.Fatalf("no authScheme: %d %v", st, v)
	} else if _, has := cfg["authScheme"]; !has {
		t.Errorf("authScheme should be present as null")
	}
	// OAUTH: clientSecret is write-only, authScheme null, the rest returned.
	st, _, v = ahbCall(t, o, "POST", "/api/v1/inlineHooks", ahbInlineOAuth("saml"))
	oh := ahbObj(t, v)
	if st != http.StatusOK || engine.At(oh, "channel.config.clientSecret") != nil || engine.Str(oh, "channel.config.clientId") != "abc123" ||
		engine.Str(oh, "channel.config.authType") != "client_secret_post" || engine.Str(oh, "version") != "1.0.2" {
		t.Fatalf("oauth: %d %v", st, oh)
	}

	mut := func(base engine.Obj, f func(b engine.Obj)) engine.Obj { b := engine.CloneObj(base); f(b); return b }
	tests := []struct {
		name       string
		body       engine.Obj
		wantStatus int
		wantCode   string
	}{
		{"no type", mut(body, func(b engine.Obj) { delete(b, "type") }), 400, "E0000001"},
		{"bad type", mut(body, func(b engine.Obj) { b["type"] = "com.okta.unknown" }), 400, "E0000001"},
		{"no name", mut(body, func(b engine.Obj) { delete(b, "name") }), 400, "E0000001"},
		{"http uri", mut(body, func(b engine.Obj) { engine.Set(b, "channel.config.uri", "http://example.com") }), 400, "E0000001"},
		{"bad channel type", mut(body, func(b engine.Obj) { engine.Set(b, "channel.type", "SOAP") }), 400, "E0000001"},
		{"oauth without authType", mut(ahbInlineOAuth("x"), func(b engine.Obj) { engine.Del(b, "channel.config.authType") }), 400, "E0000001"},
		{"oauth without secret", mut(ahbInlineOAuth("x"), func(b engine.Obj) { engine.Del(b, "channel.config.clientSecret") }), 400, "E0000001"},
		{"jwt without key", mut(ahbInlineOAuth("x"), func(b engine.Obj) { engine.Set(b, "channel.config.authType", "private_key_jwt") }), 400, "E0000001"},
		{"headers wrong type", mut(body, func(b engine.Obj) { engine.Set(b, "channel.config.headers", "x") }), 400, "E0000003"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, _, v := ahbCall(t, o, "POST", "/api/v1/inlineHooks", tc.body)
			ahbWantError(t, tc.name, st, v, tc.wantStatus, tc.wantCode)
		})
	}
}

func TestInlineHooksUpdateAndDelete(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	_, _, v := ahbCall(t, o, "POST", "/api/v1/inlineHooks", ahbInlineHTTP("tokens", "com.okta.oauth2.tokens.transform"))
	h := ahbObj(t, v)
	path := "/api/v1/inlineHooks/" + engine.Str(h, "id")

	// PUT replaces and ignores status (VCR).
	put := ahbInlineHTTP("tokens v2", "com.okta.oauth2.tokens.transform")
	put["status"] = "INACTIVE"
	engine.Set(put, "channel.config.headers", []any{engine.Obj{"key": "x-stuff", "value": "yes"}})
	st, _, v := ahbCall(t, o, "PUT", path, put)
	got := ahbObj(t, v)
	if st != http.StatusOK || engine.Str(got, "status") != "ACTIVE" || engine.Str(got, "name") != "tokens v2" || engine.Str(got, "created") != engine.Str(h, "created") {
		t.Fatalf("put: %d %v", st, got)
	}
	// POST on the item merges.
	st, _, v = ahbCall(t, o, "POST", path, engine.Obj{"name": "tokens v3", "channel": engine.Obj{"config": engine.Obj{"uri": "https://example.com/v3"}}})
	got = ahbObj(t, v)
	if st != http.StatusOK || engine.Str(got, "name") != "tokens v3" || engine.Str(got, "channel.config.uri") != "https://example.com/v3" ||
		len(engine.At(got, "channel.config.headers").([]any)) != 1 || engine.Str(got, "channel.config.authScheme.key") != "Authorization" {
		t.Fatalf("partial update: %d %v", st, got)
	}
	st, _, v = ahbCall(t, o, "POST", path, engine.Obj{"type": "com.okta.import.transform"})
	ahbWantError(t, "type change", st, v, http.StatusBadRequest, "E0000001")
	st, _, v = ahbCall(t, o, "PUT", path, ahbInlineHTTP("tokens", "com.okta.import.transform"))
	ahbWantError(t, "type change by PUT", st, v, http.StatusBadRequest, "E0000001")

	st, _, v = ahbCall(t, o, "DELETE", path, nil)
	ahbWantError(t, "delete active", st, v, http.StatusForbidden, "E0000006")
	st, _, v = ahbCall(t, o, "POST", path+"/lifecycle/deactivate", nil)
	got = ahbObj(t, v)
	if st != http.StatusOK || engine.Str(got, "status") != "INACTIVE" || engine.At(got, "_links.delete.href") == nil || engine.At(got, "_links.execute") != nil {
		t.Fatalf("deactivate: %d %v", st, got)
	}
	if st, _, _ = ahbCall(t, o, "DELETE", path, nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d", st)
	}
	st, _, v = ahbCall(t, o, "GET", path, nil)
	ahbWantError(t, "get deleted", st, v, http.StatusNotFound, "E0000007")
	st, _, v = ahbCall(t, o, "POST", path, engine.Obj{"name": "ghost"})
	ahbWantError(t, "update deleted", st, v, http.StatusNotFound, "E0000007")
}

func TestInlineHooksListAndLimit(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	for i := 0; i < hooks.InlineHookMax; i++ {
		typ := hooks.InlineHookTypes[i%len(hooks.InlineHookTypes)]
		if st, _, v := ahbCall(t, o, "POST", "/api/v1/inlineHooks", ahbInlineHTTP(fmt.Sprintf("hook %02d", i), typ)); st != http.StatusOK {
			t.Fatalf("create %d: %d %v", i, st, v)
		}
	}
	st, _, v := ahbCall(t, o, "POST", "/api/v1/inlineHooks", ahbInlineHTTP("one too many", hooks.InlineHookTypes[0]))
	ahbWantError(t, "51st hook", st, v, http.StatusBadRequest, "E0000001")

	st, hdr, v := ahbCall(t, o, "GET", "/api/v1/inlineHooks", nil)
	if st != http.StatusOK || len(ahbList(t, v)) != hooks.InlineHookMax || len(hdr.Values("Link")) != 0 {
		t.Fatalf("list: %d %d", st, len(ahbList(t, v)))
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/inlineHooks?type=com.okta.user.pre-registration", nil)
	list := ahbList(t, v)
	if len(list) == 0 {
		t.Fatal("type filter returned nothing")
	}
	for _, h := range list {
		if engine.Str(h, "type") != "com.okta.user.pre-registration" {
			t.Errorf("type filter let %s through", engine.Str(h, "type"))
		}
	}
}
