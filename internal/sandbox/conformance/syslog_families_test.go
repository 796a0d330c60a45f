package conformance

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestConformanceSystemLogFamilies: writes of several families leave
// Okta's event with the object, then its parent, as targets: the engine's
// generic paths (policies and rules, zones, authorization servers, apps)
// and handlers of their own (app group assignments).
func TestConformanceSystemLogFamilies(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	obj := func(method, path string, body any) engine.Obj {
		t.Helper()
		st, _, data := o.do(t, method, path, body)
		if st >= 300 {
			t.Fatalf("%s %s: %d %s", method, path, st, data)
		}
		var out engine.Obj
		_ = json.Unmarshal(data, &out)
		return out
	}
	tail := &logTail{o: o}
	next := func() []engine.Obj { t.Helper(); return tail.next(t) }
	targets := func(ev engine.Obj) string {
		var s []string
		for _, tg := range ev["target"].([]any) {
			m := tg.(map[string]any)
			s = append(s, engine.Str(m, "type")+":"+engine.Str(m, "id"))
		}
		return strings.Join(s, ",")
	}
	g := obj("POST", "/api/v1/groups", map[string]any{"profile": map[string]any{"name": "Eng"}})
	p := obj("POST", "/api/v1/policies", map[string]any{"type": "OKTA_SIGN_ON", "name": "Strict"})
	r := obj("POST", "/api/v1/policies/"+engine.Str(p, "id")+"/rules", map[string]any{"type": "SIGN_ON", "name": "r1",
		"actions": map[string]any{"signon": map[string]any{"access": "ALLOW"}}})
	obj("POST", "/api/v1/policies/"+engine.Str(p, "id")+"/rules/"+engine.Str(r, "id")+"/lifecycle/deactivate", nil)
	z := obj("POST", "/api/v1/zones", map[string]any{"type": "IP", "name": "Office", "gateways": []any{map[string]any{"type": "CIDR", "value": "10.0.0.0/24"}}})
	as := obj("POST", "/api/v1/authorizationServers", map[string]any{"name": "api", "audiences": []any{"api://x"}})
	a := obj("POST", "/api/v1/apps", map[string]any{"name": "bookmark", "label": "Wiki", "signOnMode": "BOOKMARK",
		"settings": map[string]any{"app": map[string]any{"requestIntegration": false, "url": "https://wiki.example.com"}}})
	obj("PUT", "/api/v1/apps/"+engine.Str(a, "id")+"/groups/"+engine.Str(g, "id"), map[string]any{})
	if st, _, _ := o.do(t, "DELETE", "/api/v1/apps/"+engine.Str(a, "id")+"/groups/"+engine.Str(g, "id"), nil); st != http.StatusNoContent {
		t.Fatalf("unassign: %d", st)
	}
	want := []string{
		"group.lifecycle.create UserGroup:" + engine.Str(g, "id"),
		"policy.lifecycle.create Policy:" + engine.Str(p, "id"),
		"policy.rule.add PolicyRule:" + engine.Str(r, "id") + ",Policy:" + engine.Str(p, "id"),
		"policy.rule.deactivate PolicyRule:" + engine.Str(r, "id") + ",Policy:" + engine.Str(p, "id"),
		"zone.create NetworkZone:" + engine.Str(z, "id"),
		"oauth2.as.created AuthorizationServer:" + engine.Str(as, "id"),
		"application.lifecycle.create AppInstance:" + engine.Str(a, "id"),
		"group.application_assignment.add AppInstance:" + engine.Str(a, "id") + ",UserGroup:" + engine.Str(g, "id"),
		"group.application_assignment.remove AppInstance:" + engine.Str(a, "id") + ",UserGroup:" + engine.Str(g, "id"),
	}
	var got []string
	for _, ev := range next() {
		got = append(got, engine.Str(ev, "eventType")+" "+targets(ev))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
