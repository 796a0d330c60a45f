package conformance

import (
	"net/http"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func ahbEventHookBody(name, uri string) engine.Obj {
	return engine.Obj{
		"name":   name,
		"status": "ACTIVE",
		"events": engine.Obj{"type": "EVENT_TYPE", "items": []any{"user.lifecycle.create", "user.lifecycle.delete.initiated"}},
		"channel": engine.Obj{"type": "HTTP", "version": "1.0.0", "config": engine.Obj{
			"uri":        uri,
			"authScheme": engine.Obj{"type": "HEADER", "key": "Authorization", "value": "secret-123"},
		}},
	}
}

func TestEventHooksCreateDefaults(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	body := ahbEventHookBody("audit", "https://example.com/test")
	body["status"] = "INACTIVE" // ignored: event hooks are created ACTIVE
	st, _, v := ahbCall(t, o, "POST", "/api/v1/eventHooks", body)
	if st != http.StatusOK {
		t.Fatalf("create: %d %v", st, v)
	}
	h := ahbObj(t, v)
	for path, want := range map[string]any{
		"status":                         "ACTIVE",
		"verificationStatus":             "UNVERIFIED",
		"createdBy":                      o.Srv.Org().AdminID,
		"channel.config.method":          "POST",
		"channel.config.authScheme.type": "HEADER",
		"channel.config.authScheme.key":  "Authorization",
	} {
		if got := engine.At(h, path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
	if !strings.HasPrefix(engine.Str(h, "id"), "who") {
		t.Errorf("id %q", engine.Str(h, "id"))
	}
	if v, has := h["description"]; !has || v != nil {
		t.Errorf("description should be an explicit null, got %v %v", v, has)
	}
	if f, has := h["events"].(map[string]any)["filter"]; !has || f != nil {
		t.Errorf("events.filter should be an explicit null")
	}
	if hs, ok := engine.At(h, "channel.config.headers").([]any); !ok || len(hs) != 0 {
		t.Errorf("headers %v, want []", engine.At(h, "channel.config.headers"))
	}
	if engine.At(h, "channel.config.authScheme.value") != nil {
		t.Errorf("authScheme.value is write-only but was returned")
	}
	if engine.At(h, "_links.self.hints") != nil || engine.At(h, "_links.verify.href") == nil || engine.At(h, "_links.deactivate.href") == nil ||
		engine.At(h, "_links.delete") != nil {
		t.Errorf("links of an ACTIVE hook: %v", h["_links"])
	}
	if engine.Str(h, "created") == "" || engine.Str(h, "lastUpdated") == "" {
		t.Errorf("timestamps missing")
	}
}

func TestEventHooksValidation(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	mut := func(f func(b engine.Obj)) engine.Obj {
		b := ahbEventHookBody("v", "https://example.com/v")
		f(b)
		return b
	}
	tests := []struct {
		name       string
		body       engine.Obj
		wantStatus int
		wantCode   string
		wantCause  string
	}{
		{"no name", mut(func(b engine.Obj) { delete(b, "name") }), 400, "E0000001", "name"},
		{"no events", mut(func(b engine.Obj) { delete(b, "events") }), 400, "E0000001", "events"},
		{"empty items", mut(func(b engine.Obj) { engine.Set(b, "events.items", []any{}) }), 400, "E0000001", "events.items"},
		{"bad events type", mut(func(b engine.Obj) { engine.Set(b, "events.type", "ALL") }), 400, "E0000001", "events.type"},
		{"no channel", mut(func(b engine.Obj) { delete(b, "channel") }), 400, "E0000001", "channel"},
		{"no uri", mut(func(b engine.Obj) { engine.Del(b, "channel.config.uri") }), 400, "E0000001", "channel.config.uri"},
		{"http uri", mut(func(b engine.Obj) { engine.Set(b, "channel.config.uri", "http://example.com/x") }), 400, "E0000001", "channel.config.uri"},
		{"channel type", mut(func(b engine.Obj) { engine.Set(b, "channel.type", "SMTP") }), 400, "E0000001", "channel.type"},
		{"items not strings", mut(func(b engine.Obj) { engine.Set(b, "events.items", []any{1, 2}) }), 400, "E0000003", ""},
		{"name not a string", mut(func(b engine.Obj) { b["name"] = true }), 400, "E0000003", ""},
		{"filter on unsubscribed event", mut(func(b engine.Obj) {
			engine.Set(b, "events.filter", engine.Obj{"eventFilterMap": []any{engine.Obj{"event": "group.lifecycle.create", "condition": engine.Obj{"expression": "true"}}}})
		}), 400, "E0000001", "eventFilterMap"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, _, v := ahbCall(t, o, "POST", "/api/v1/eventHooks", tc.body)
			e := ahbWantError(t, tc.name, st, v, tc.wantStatus, tc.wantCode)
			if tc.wantCause != "" && !strings.Contains(ahbCauses(e), tc.wantCause) {
				t.Errorf("causes %q do not name %q", ahbCauses(e), tc.wantCause)
			}
		})
	}
	// A filter is accepted on a subscribed event and gets its RO fields.
	b := mut(func(b engine.Obj) {
		engine.Set(b, "events.filter", engine.Obj{"eventFilterMap": []any{engine.Obj{"event": "user.lifecycle.create",
			"condition": engine.Obj{"expression": "event.target.?[type eq 'User'].size()>0"}}}})
	})
	st, _, v := ahbCall(t, o, "POST", "/api/v1/eventHooks", b)
	if st != http.StatusOK || engine.Str(ahbObj(t, v), "events.filter.type") != "EXPRESSION_LANGUAGE" {
		t.Fatalf("filter: %d %v", st, v)
	}
}

func TestEventHooksLifecycle(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	_, _, v := ahbCall(t, o, "POST", "/api/v1/eventHooks", ahbEventHookBody("life", "https://example.com/life"))
	h := ahbObj(t, v)
	path := "/api/v1/eventHooks/" + engine.Str(h, "id")

	st, _, v := ahbCall(t, o, "POST", path+"/lifecycle/verify", nil)
	if st != http.StatusOK || engine.Str(ahbObj(t, v), "verificationStatus") != "VERIFIED" {
		t.Fatalf("verify: %d %v", st, v)
	}
	// A PUT that keeps the channel keeps the verification; one that changes
	// it needs a new one. status in a PUT body is honoured.
	same := ahbEventHookBody("life renamed", "https://example.com/life")
	st, _, v = ahbCall(t, o, "PUT", path, same)
	if st != http.StatusOK || engine.Str(ahbObj(t, v), "verificationStatus") != "VERIFIED" || engine.Str(ahbObj(t, v), "name") != "life renamed" {
		t.Fatalf("put same channel: %d %v", st, v)
	}
	moved := ahbEventHookBody("life renamed", "https://example.com/moved")
	moved["status"] = "INACTIVE"
	engine.Set(moved, "channel.config.headers", []any{engine.Obj{"key": "x-test-header", "value": "test stuff"}})
	st, _, v = ahbCall(t, o, "PUT", path, moved)
	got := ahbObj(t, v)
	if st != http.StatusOK || engine.Str(got, "verificationStatus") != "UNVERIFIED" || engine.Str(got, "status") != "INACTIVE" ||
		engine.Str(got, "createdBy") != engine.Str(h, "createdBy") || engine.Str(got, "created") != engine.Str(h, "created") {
		t.Fatalf("put moved: %d %v", st, got)
	}
	if engine.At(got, "_links.activate.href") == nil || engine.At(got, "_links.delete.href") == nil || engine.At(got, "_links.verify") != nil {
		t.Errorf("links of an INACTIVE hook: %v", got["_links"])
	}
	st, _, v = ahbCall(t, o, "POST", path+"/lifecycle/verify", nil)
	ahbWantError(t, "verify inactive", st, v, http.StatusBadRequest, "E0000001")
	st, _, v = ahbCall(t, o, "POST", path+"/lifecycle/activate", nil)
	if st != http.StatusOK || engine.Str(ahbObj(t, v), "status") != "ACTIVE" {
		t.Fatalf("activate: %d %v", st, v)
	}
	st, _, v = ahbCall(t, o, "DELETE", path, nil)
	ahbWantError(t, "delete active", st, v, http.StatusForbidden, "E0000006")
	st, _, v = ahbCall(t, o, "POST", path+"/lifecycle/deactivate", nil)
	if st != http.StatusOK || engine.Str(ahbObj(t, v), "status") != "INACTIVE" {
		t.Fatalf("deactivate: %d %v", st, v)
	}
	if st, _, _ = ahbCall(t, o, "DELETE", path, nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d", st)
	}
	st, _, v = ahbCall(t, o, "GET", path, nil)
	ahbWantError(t, "get deleted", st, v, http.StatusNotFound, "E0000007")
	st, _, v = ahbCall(t, o, "POST", path+"/lifecycle/verify", nil)
	ahbWantError(t, "verify deleted", st, v, http.StatusNotFound, "E0000007")
}

func TestEventHooksListUnpaged(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	for _, n := range []string{"a", "b", "c"} {
		if st, _, v := ahbCall(t, o, "POST", "/api/v1/eventHooks", ahbEventHookBody(n, "https://example.com/"+n)); st != http.StatusOK {
			t.Fatalf("create %s: %d %v", n, st, v)
		}
	}
	st, hdr, v := ahbCall(t, o, "GET", "/api/v1/eventHooks?limit=1", nil)
	if st != http.StatusOK || len(ahbList(t, v)) != 3 || len(hdr.Values("Link")) != 0 {
		t.Fatalf("list: %d %d items, Link %v", st, len(ahbList(t, v)), hdr.Values("Link"))
	}
	var names []string
	for _, h := range ahbList(t, v) {
		names = append(names, engine.Str(h, "name"))
	}
	if strings.Join(names, ",") != "a,b,c" {
		t.Errorf("order %v, want creation order", names)
	}
}
