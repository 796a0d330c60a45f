package conformance

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func TestAuthServerClaims(t *testing.T) {
	o := newAuthServerTestOrg(t, sandbox.Options{})
	as := newAuthServer(t, o, "api")
	asBase := "/api/v1/authorizationServers/" + engine.Str(as, "id")
	base := asBase + "/claims"
	authServerMust(t, o, http.StatusCreated, "POST", asBase+"/scopes", engine.Obj{"name": "tier:read"})
	cl := authServerMust(t, o, http.StatusCreated, "POST", base, engine.Obj{
		"name": "tier", "claimType": "RESOURCE", "valueType": "EXPRESSION", "value": "user.tier",
		"conditions": engine.Obj{"scopes": []any{"tier:read"}},
	})
	for path, want := range map[string]any{
		"status": "ACTIVE", "system": false, "alwaysIncludeInToken": true,
		"conditions.scopes": []any{"tier:read"}, "_links.self.hints.allow": []any{"GET", "PUT", "DELETE"},
	} {
		if got := engine.At(cl, path); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("claim %s = %v, want %v", path, got, want)
		}
	}
	if _, ok := cl["created"]; ok {
		t.Errorf("claims carry no created: %v", cl)
	}
	g := authServerMust(t, o, http.StatusCreated, "POST", base, engine.Obj{
		"name": "groups", "claimType": "IDENTITY", "valueType": "GROUPS", "value": "Every",
		"group_filter_type": "STARTS_WITH", "conditions": engine.Obj{}, "status": "INACTIVE",
	})
	if engine.Str(g, "status") != "INACTIVE" || engine.BoolAt(g, "alwaysIncludeInToken") || fmt.Sprint(engine.At(g, "conditions.scopes")) != "[]" {
		t.Fatalf("GROUPS claim: %v", g)
	}
	for _, tc := range []struct {
		name string
		body engine.Obj
		code string
	}{
		{"unknown scope", engine.Obj{"name": "x", "claimType": "RESOURCE", "valueType": "EXPRESSION", "value": "1", "conditions": engine.Obj{"scopes": []any{"nope"}}}, "E0000001"},
		{"no value", engine.Obj{"name": "x", "claimType": "RESOURCE", "valueType": "EXPRESSION"}, "E0000001"},
		{"GROUPS without filter type", engine.Obj{"name": "x", "claimType": "RESOURCE", "valueType": "GROUPS", "value": "a"}, "E0000001"},
		{"SYSTEM from the API", engine.Obj{"name": "x", "claimType": "IDENTITY", "valueType": "SYSTEM"}, "E0000001"},
		{"bad claimType", engine.Obj{"name": "x", "claimType": "OTHER", "valueType": "EXPRESSION", "value": "1"}, "E0000001"},
		{"no claimType", engine.Obj{"name": "x", "valueType": "EXPRESSION", "value": "1"}, "E0000001"},
		{"duplicate", engine.Obj{"name": "tier", "claimType": "RESOURCE", "valueType": "EXPRESSION", "value": "1"}, "E0000001"},
		{"duplicate of a system claim", engine.Obj{"name": "sub", "claimType": "RESOURCE", "valueType": "EXPRESSION", "value": "1"}, "E0000001"},
		{"bad status", engine.Obj{"name": "y", "claimType": "RESOURCE", "valueType": "EXPRESSION", "value": "1", "status": "ON"}, "E0000001"},
		{"status not a string", engine.Obj{"name": "y", "claimType": "RESOURCE", "valueType": "EXPRESSION", "value": "1", "status": 1}, "E0000003"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			authServerWantError(t, o, 400, tc.code, "POST", base, tc.body)
		})
	}

	// PUT sets status like any field (recorded), and keeps it when absent.
	id := engine.Str(cl, "id")
	upd := authServerMust(t, o, http.StatusOK, "PUT", base+"/"+id, engine.Obj{
		"name": "tier2", "claimType": "RESOURCE", "valueType": "EXPRESSION", "value": "user.tier2", "status": "INACTIVE",
	})
	if engine.Str(upd, "status") != "INACTIVE" || engine.Str(upd, "name") != "tier2" || fmt.Sprint(engine.At(upd, "conditions.scopes")) != "[]" {
		t.Fatalf("PUT claim: %v", upd)
	}
	upd = authServerMust(t, o, http.StatusOK, "PUT", base+"/"+id, engine.Obj{"name": "tier2", "claimType": "RESOURCE", "valueType": "EXPRESSION", "value": "v"})
	if engine.Str(upd, "status") != "INACTIVE" {
		t.Fatalf("status not kept: %v", upd)
	}

	// System claims: only their settings change.
	claims := authServerList(t, o, base)
	email := authServerFind(claims, "email")
	authServerWantError(t, o, 400, "E0000001", "PUT", base+"/"+engine.Str(email, "id"), engine.Obj{"name": "mail", "claimType": "IDENTITY", "valueType": "SYSTEM"})
	got := authServerMust(t, o, http.StatusOK, "PUT", base+"/"+engine.Str(email, "id"), engine.Obj{
		"name": "email", "claimType": "IDENTITY", "valueType": "SYSTEM", "alwaysIncludeInToken": false,
		"conditions": engine.Obj{"scopes": []any{"email"}}, "status": "ACTIVE",
	})
	if !engine.BoolAt(got, "system") || engine.BoolAt(got, "alwaysIncludeInToken") {
		t.Fatalf("PUT system claim: %v", got)
	}
	authServerWantError(t, o, http.StatusForbidden, "E0000006", "DELETE", base+"/"+engine.Str(email, "id"), nil)
	authServerMust(t, o, http.StatusNoContent, "DELETE", base+"/"+id, nil)
	authServerWantError(t, o, http.StatusNotFound, "E0000007", "GET", base+"/"+id, nil)
	authServerWantError(t, o, http.StatusNotFound, "E0000007", "PUT", base+"/"+id, engine.Obj{"name": "x", "claimType": "RESOURCE", "valueType": "EXPRESSION", "value": "v"})
}

func TestAuthServerPoliciesAndRules(t *testing.T) {
	o := newAuthServerTestOrg(t, sandbox.Options{})
	as := newAuthServer(t, o, "api")
	asBase := "/api/v1/authorizationServers/" + engine.Str(as, "id")
	authServerMust(t, o, http.StatusCreated, "POST", asBase+"/scopes", engine.Obj{"name": "orders:read"})
	everyone := authServerGroupID(t, o, "Everyone")
	admin := engine.Str(superAdminOf(o), "id")

	pol := func(name string, prio any) engine.Obj {
		body := engine.Obj{"type": "OAUTH_AUTHORIZATION_POLICY", "name": name, "description": name,
			"conditions": engine.Obj{"clients": engine.Obj{"include": []any{"ALL_CLIENTS"}}}}
		if prio != nil {
			body["priority"] = prio
		}
		return authServerMust(t, o, http.StatusCreated, "POST", asBase+"/policies", body)
	}
	p1 := pol("first", nil)
	if engine.Str(p1, "status") != "ACTIVE" || engine.At(p1, "priority") != float64(1) || engine.BoolAt(p1, "system") ||
		engine.Str(p1, "_links.rules.href") != o.URL+asBase+"/policies/"+engine.Str(p1, "id")+"/rules" || engine.Str(p1, "created") == "" {
		t.Fatalf("policy: %v", p1)
	}
	p0 := pol("zeroth", 1)
	got := authServerMust(t, o, http.StatusOK, "GET", asBase+"/policies/"+engine.Str(p1, "id"), nil)
	if engine.At(got, "priority") != float64(2) || engine.At(p0, "priority") != float64(1) {
		t.Fatalf("priorities not renumbered: %v / %v", engine.At(got, "priority"), engine.At(p0, "priority"))
	}
	for _, tc := range []struct {
		name string
		body engine.Obj
	}{
		{"unknown client", engine.Obj{"name": "x", "description": "x", "conditions": engine.Obj{"clients": engine.Obj{"include": []any{"0oaNOPE"}}}}},
		{"no clients", engine.Obj{"name": "x", "description": "x", "conditions": engine.Obj{"clients": engine.Obj{"include": []any{}}}}},
		{"no conditions", engine.Obj{"name": "x", "description": "x"}},
		{"no description", engine.Obj{"name": "x", "conditions": engine.Obj{"clients": engine.Obj{"include": []any{"ALL_CLIENTS"}}}}},
		{"wrong type", engine.Obj{"type": "ACCESS_POLICY", "name": "x", "description": "x", "conditions": engine.Obj{"clients": engine.Obj{"include": []any{"ALL_CLIENTS"}}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			authServerWantError(t, o, 400, "E0000001", "POST", asBase+"/policies", tc.body)
		})
	}

	rules := asBase + "/policies/" + engine.Str(p1, "id") + "/rules"
	r := authServerMust(t, o, http.StatusCreated, "POST", rules, engine.Obj{
		"name": "r1", "type": "RESOURCE_ACCESS",
		"conditions": engine.Obj{
			"people":     engine.Obj{"groups": engine.Obj{"include": []any{everyone}}, "users": engine.Obj{}},
			"grantTypes": engine.Obj{"include": []any{"implicit"}},
			"scopes":     engine.Obj{},
		},
	})
	for path, want := range map[string]any{
		"status": "ACTIVE", "priority": 1, "system": false, "type": "RESOURCE_ACCESS",
		"conditions.people.users.exclude":           []any{},
		"conditions.scopes.include":                 []any{},
		"actions.token.accessTokenLifetimeMinutes":  60,
		"actions.token.refreshTokenLifetimeMinutes": 0,
		"actions.token.refreshTokenWindowMinutes":   10080,
		"_links.self.hints.allow":                   []any{"GET", "PUT", "DELETE"},
		"_links.deactivate.href":                    o.URL + rules + "/" + engine.Str(r, "id") + "/lifecycle/deactivate",
	} {
		if got := engine.At(r, path); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("rule %s = %v, want %v", path, got, want)
		}
	}
	ok := func(mod func(b engine.Obj)) engine.Obj {
		b := engine.Obj{"name": "r", "conditions": engine.Obj{
			"people":     engine.Obj{"groups": engine.Obj{"include": []any{"EVERYONE"}}},
			"grantTypes": engine.Obj{"include": []any{"authorization_code"}},
			"scopes":     engine.Obj{"include": []any{"orders:read", "openid"}},
		}}
		mod(b)
		return b
	}
	r2 := authServerMust(t, o, http.StatusCreated, "POST", rules, ok(func(b engine.Obj) {
		engine.Set(b, "conditions.people.users.include", []any{admin})
		b["priority"] = 1
	}))
	if engine.At(r2, "priority") != float64(1) {
		t.Fatalf("r2 priority %v", engine.At(r2, "priority"))
	}
	for _, tc := range []struct {
		name string
		mod  func(b engine.Obj)
	}{
		{"unknown group", func(b engine.Obj) { engine.Set(b, "conditions.people.groups.include", []any{"00gNOPE"}) }},
		{"unknown user", func(b engine.Obj) { engine.Set(b, "conditions.people.users.include", []any{"00uNOPE"}) }},
		{"nobody", func(b engine.Obj) { delete(b["conditions"].(engine.Obj), "people") }},
		{"unknown scope", func(b engine.Obj) { engine.Set(b, "conditions.scopes.include", []any{"nope"}) }},
		{"bad grant type", func(b engine.Obj) { engine.Set(b, "conditions.grantTypes.include", []any{"magic"}) }},
		{"no grant types", func(b engine.Obj) { delete(b["conditions"].(engine.Obj), "grantTypes") }},
		{"unknown inline hook", func(b engine.Obj) { engine.Set(b, "actions.token.inlineHook.id", "calNOPE") }},
		{"access lifetime too long", func(b engine.Obj) { engine.Set(b, "actions.token.accessTokenLifetimeMinutes", 5000) }},
		{"wrong type", func(b engine.Obj) { b["type"] = "SIGN_ON" }},
		{"no name", func(b engine.Obj) { delete(b, "name") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			authServerWantError(t, o, 400, "E0000001", "POST", rules, ok(tc.mod))
		})
	}
	// Wildcard scope.
	authServerMust(t, o, http.StatusCreated, "POST", rules, ok(func(b engine.Obj) { engine.Set(b, "conditions.scopes.include", []any{"*"}) }))

	// Update and lifecycle (204) on rules and policies.
	upd := authServerMust(t, o, http.StatusOK, "PUT", rules+"/"+engine.Str(r, "id"), ok(func(b engine.Obj) { b["name"] = "renamed" }))
	if engine.Str(upd, "name") != "renamed" || engine.At(upd, "priority") != float64(2) {
		t.Fatalf("PUT rule: %v", upd)
	}
	authServerMust(t, o, http.StatusNoContent, "POST", rules+"/"+engine.Str(r, "id")+"/lifecycle/deactivate", nil)
	if got := authServerMust(t, o, http.StatusOK, "GET", rules+"/"+engine.Str(r, "id"), nil); engine.Str(got, "status") != "INACTIVE" || engine.At(got, "_links.activate") == nil {
		t.Fatalf("rule after deactivate: %v", got)
	}
	authServerMust(t, o, http.StatusNoContent, "POST", asBase+"/policies/"+engine.Str(p1, "id")+"/lifecycle/deactivate", nil)
	authServerMust(t, o, http.StatusNoContent, "POST", asBase+"/policies/"+engine.Str(p1, "id")+"/lifecycle/activate", nil)
	authServerMust(t, o, http.StatusOK, "PUT", asBase+"/policies/"+engine.Str(p1, "id"), engine.Obj{
		"name": "first", "description": "changed", "conditions": engine.Obj{"clients": engine.Obj{"include": []any{"ALL_CLIENTS"}}},
	})

	// Deleting a rule renumbers; deleting a policy drops its rules.
	authServerMust(t, o, http.StatusNoContent, "DELETE", rules+"/"+engine.Str(r2, "id"), nil)
	if got := authServerMust(t, o, http.StatusOK, "GET", rules+"/"+engine.Str(r, "id"), nil); engine.At(got, "priority") != float64(1) {
		t.Fatalf("rule priority after delete: %v", engine.At(got, "priority"))
	}
	authServerMust(t, o, http.StatusNoContent, "DELETE", asBase+"/policies/"+engine.Str(p1, "id"), nil)
	authServerWantError(t, o, http.StatusNotFound, "E0000007", "GET", rules+"/"+engine.Str(r, "id"), nil)
	authServerWantError(t, o, http.StatusNotFound, "E0000007", "GET", rules, nil)
	if _, ok := o.Srv.Org().Tables["authServerPolicyRules|"+engine.Str(p1, "id")]; ok {
		t.Fatalf("rules of a deleted policy left behind")
	}
	if got := authServerMust(t, o, http.StatusOK, "GET", asBase+"/policies/"+engine.Str(p0, "id"), nil); engine.At(got, "priority") != float64(1) {
		t.Fatalf("policy priority after delete: %v", engine.At(got, "priority"))
	}
}

// authServerGroupID returns the id of a group by name.
func authServerGroupID(t *testing.T, o *conformanceOrg, name string) string {
	t.Helper()
	o.Srv.Org().Lock()
	defer o.Srv.Org().Unlock()
	for _, g := range o.Srv.Org().List("groups", "") {
		if engine.Str(g, "profile.name") == name {
			return engine.Str(g, "id")
		}
	}
	t.Fatalf("no group %q", name)
	return ""
}

func superAdminOf(o *conformanceOrg) engine.Obj {
	o.Srv.Org().Lock()
	defer o.Srv.Org().Unlock()
	return o.Srv.Org().Get("users", "", o.Srv.Org().AdminID)
}
