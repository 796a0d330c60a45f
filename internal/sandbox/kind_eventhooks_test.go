package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

func ahbEventHookBody(name, uri string) Obj {
	return Obj{
		"name":   name,
		"status": "ACTIVE",
		"events": Obj{"type": "EVENT_TYPE", "items": []any{"user.lifecycle.create", "user.lifecycle.delete.initiated"}},
		"channel": Obj{"type": "HTTP", "version": "1.0.0", "config": Obj{
			"uri":        uri,
			"authScheme": Obj{"type": "HEADER", "key": "Authorization", "value": "secret-123"},
		}},
	}
}

func TestEventHooksCreateDefaults(t *testing.T) {
	o := newConformanceOrg(t, Options{})
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
		if got := at(h, path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
	if !strings.HasPrefix(str(h, "id"), "who") {
		t.Errorf("id %q", str(h, "id"))
	}
	if v, has := h["description"]; !has || v != nil {
		t.Errorf("description should be an explicit null, got %v %v", v, has)
	}
	if f, has := h["events"].(map[string]any)["filter"]; !has || f != nil {
		t.Errorf("events.filter should be an explicit null")
	}
	if hs, ok := at(h, "channel.config.headers").([]any); !ok || len(hs) != 0 {
		t.Errorf("headers %v, want []", at(h, "channel.config.headers"))
	}
	if at(h, "channel.config.authScheme.value") != nil {
		t.Errorf("authScheme.value is write-only but was returned")
	}
	if at(h, "_links.self.hints") != nil || at(h, "_links.verify.href") == nil || at(h, "_links.deactivate.href") == nil ||
		at(h, "_links.delete") != nil {
		t.Errorf("links of an ACTIVE hook: %v", h["_links"])
	}
	if str(h, "created") == "" || str(h, "lastUpdated") == "" {
		t.Errorf("timestamps missing")
	}
}

func TestEventHooksValidation(t *testing.T) {
	o := newConformanceOrg(t, Options{})
	mut := func(f func(b Obj)) Obj {
		b := ahbEventHookBody("v", "https://example.com/v")
		f(b)
		return b
	}
	tests := []struct {
		name       string
		body       Obj
		wantStatus int
		wantCode   string
		wantCause  string
	}{
		{"no name", mut(func(b Obj) { delete(b, "name") }), 400, "E0000001", "name"},
		{"no events", mut(func(b Obj) { delete(b, "events") }), 400, "E0000001", "events"},
		{"empty items", mut(func(b Obj) { set(b, "events.items", []any{}) }), 400, "E0000001", "events.items"},
		{"bad events type", mut(func(b Obj) { set(b, "events.type", "ALL") }), 400, "E0000001", "events.type"},
		{"no channel", mut(func(b Obj) { delete(b, "channel") }), 400, "E0000001", "channel"},
		{"no uri", mut(func(b Obj) { del(b, "channel.config.uri") }), 400, "E0000001", "channel.config.uri"},
		{"http uri", mut(func(b Obj) { set(b, "channel.config.uri", "http://example.com/x") }), 400, "E0000001", "channel.config.uri"},
		{"channel type", mut(func(b Obj) { set(b, "channel.type", "SMTP") }), 400, "E0000001", "channel.type"},
		{"items not strings", mut(func(b Obj) { set(b, "events.items", []any{1, 2}) }), 400, "E0000003", ""},
		{"name not a string", mut(func(b Obj) { b["name"] = true }), 400, "E0000003", ""},
		{"filter on unsubscribed event", mut(func(b Obj) {
			set(b, "events.filter", Obj{"eventFilterMap": []any{Obj{"event": "group.lifecycle.create", "condition": Obj{"expression": "true"}}}})
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
	b := mut(func(b Obj) {
		set(b, "events.filter", Obj{"eventFilterMap": []any{Obj{"event": "user.lifecycle.create",
			"condition": Obj{"expression": "event.target.?[type eq 'User'].size()>0"}}}})
	})
	st, _, v := ahbCall(t, o, "POST", "/api/v1/eventHooks", b)
	if st != http.StatusOK || str(ahbObj(t, v), "events.filter.type") != "EXPRESSION_LANGUAGE" {
		t.Fatalf("filter: %d %v", st, v)
	}
}

func TestEventHooksLifecycle(t *testing.T) {
	o := newConformanceOrg(t, Options{})
	_, _, v := ahbCall(t, o, "POST", "/api/v1/eventHooks", ahbEventHookBody("life", "https://example.com/life"))
	h := ahbObj(t, v)
	path := "/api/v1/eventHooks/" + str(h, "id")

	st, _, v := ahbCall(t, o, "POST", path+"/lifecycle/verify", nil)
	if st != http.StatusOK || str(ahbObj(t, v), "verificationStatus") != "VERIFIED" {
		t.Fatalf("verify: %d %v", st, v)
	}
	// A PUT that keeps the channel keeps the verification; one that changes
	// it needs a new one. status in a PUT body is honoured.
	same := ahbEventHookBody("life renamed", "https://example.com/life")
	st, _, v = ahbCall(t, o, "PUT", path, same)
	if st != http.StatusOK || str(ahbObj(t, v), "verificationStatus") != "VERIFIED" || str(ahbObj(t, v), "name") != "life renamed" {
		t.Fatalf("put same channel: %d %v", st, v)
	}
	moved := ahbEventHookBody("life renamed", "https://example.com/moved")
	moved["status"] = "INACTIVE"
	set(moved, "channel.config.headers", []any{Obj{"key": "x-test-header", "value": "test stuff"}})
	st, _, v = ahbCall(t, o, "PUT", path, moved)
	got := ahbObj(t, v)
	if st != http.StatusOK || str(got, "verificationStatus") != "UNVERIFIED" || str(got, "status") != "INACTIVE" ||
		str(got, "createdBy") != str(h, "createdBy") || str(got, "created") != str(h, "created") {
		t.Fatalf("put moved: %d %v", st, got)
	}
	if at(got, "_links.activate.href") == nil || at(got, "_links.delete.href") == nil || at(got, "_links.verify") != nil {
		t.Errorf("links of an INACTIVE hook: %v", got["_links"])
	}
	st, _, v = ahbCall(t, o, "POST", path+"/lifecycle/verify", nil)
	ahbWantError(t, "verify inactive", st, v, http.StatusBadRequest, "E0000001")
	st, _, v = ahbCall(t, o, "POST", path+"/lifecycle/activate", nil)
	if st != http.StatusOK || str(ahbObj(t, v), "status") != "ACTIVE" {
		t.Fatalf("activate: %d %v", st, v)
	}
	st, _, v = ahbCall(t, o, "DELETE", path, nil)
	ahbWantError(t, "delete active", st, v, http.StatusForbidden, "E0000006")
	st, _, v = ahbCall(t, o, "POST", path+"/lifecycle/deactivate", nil)
	if st != http.StatusOK || str(ahbObj(t, v), "status") != "INACTIVE" {
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
	o := newConformanceOrg(t, Options{})
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
		names = append(names, str(h, "name"))
	}
	if strings.Join(names, ",") != "a,b,c" {
		t.Errorf("order %v, want creation order", names)
	}
}
