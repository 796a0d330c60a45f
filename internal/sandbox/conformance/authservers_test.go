package conformance

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

var authServerTestNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func newAuthServerTestOrg(t *testing.T, opts sandbox.Options) *conformanceOrg {
	t.Helper()
	opts.Now = func() time.Time { return authServerTestNow }
	return newConformanceOrg(t, opts)
}

// authServerCall sends a request and decodes the JSON answer (nil for none).
func authServerCall(t *testing.T, o *conformanceOrg, method, path string, body any) (int, http.Header, any) {
	t.Helper()
	status, hdr, data := o.do(t, method, path, body)
	if len(data) == 0 {
		return status, hdr, nil
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s %s: answer is not JSON: %v: %s", method, path, err, data)
	}
	return status, hdr, v
}

// authServerMust sends a request and fails unless the status is want.
func authServerMust(t *testing.T, o *conformanceOrg, want int, method, path string, body any) engine.Obj {
	t.Helper()
	status, _, v := authServerCall(t, o, method, path, body)
	if status != want {
		t.Fatalf("%s %s: status %d, want %d: %v", method, path, status, want, v)
	}
	m, _ := v.(map[string]any)
	return m
}

func authServerList(t *testing.T, o *conformanceOrg, path string) []engine.Obj {
	t.Helper()
	status, _, v := authServerCall(t, o, "GET", path, nil)
	if status != http.StatusOK {
		t.Fatalf("GET %s: status %d: %v", path, status, v)
	}
	var out []engine.Obj
	for _, x := range v.([]any) {
		out = append(out, x.(map[string]any))
	}
	return out
}

// authServerWantError checks a refusal's status and errorCode.
func authServerWantError(t *testing.T, o *conformanceOrg, status int, code, method, path string, body any) {
	t.Helper()
	got, _, v := authServerCall(t, o, method, path, body)
	m, _ := v.(map[string]any)
	if got != status || engine.Str(m, "errorCode") != code {
		t.Fatalf("%s %s: got %d %v, want %d %s", method, path, got, v, status, code)
	}
}

func authServerNames(items []engine.Obj) []string {
	var out []string
	for _, o := range items {
		out = append(out, engine.Str(o, "name"))
	}
	return out
}

func authServerFind(items []engine.Obj, name string) engine.Obj {
	for _, o := range items {
		if engine.Str(o, "name") == name {
			return o
		}
	}
	return nil
}

func newAuthServer(t *testing.T, o *conformanceOrg, name string) engine.Obj {
	t.Helper()
	return authServerMust(t, o, http.StatusCreated, "POST", "/api/v1/authorizationServers", engine.Obj{
		"name": name, "description": "test " + name, "audiences": []any{"api://" + name},
	})
}

func TestAuthServerDefaultServer(t *testing.T) {
	o := newAuthServerTestOrg(t, sandbox.Options{})
	def := authServerMust(t, o, http.StatusOK, "GET", "/api/v1/authorizationServers/default", nil)
	id := engine.Str(def, "id")
	if !regexp.MustCompile(`^aus[A-Za-z0-9]{17}$`).MatchString(id) {
		t.Fatalf("default server id %q is not an aus id", id)
	}
	for path, want := range map[string]any{
		"name": "default", "default": true, "status": "ACTIVE", "issuer": o.URL + "/oauth2/default",
		"audiences": []any{"api://default"}, "issuerMode": "ORG_URL",
		"_links.self.href":   o.URL + "/api/v1/authorizationServers/default",
		"_links.scopes.href": o.URL + "/api/v1/authorizationServers/default/scopes",
	} {
		if got := engine.At(def, path); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("default server %s = %v, want %v", path, got, want)
		}
	}
	// Addressed by its aus id, it still renders as `default`.
	byID := authServerMust(t, o, http.StatusOK, "GET", "/api/v1/authorizationServers/"+id, nil)
	if engine.Str(byID, "issuer") != o.URL+"/oauth2/default" || engine.Str(byID, "_links.self.href") != o.URL+"/api/v1/authorizationServers/default" {
		t.Fatalf("default server by id: issuer %q self %q", engine.Str(byID, "issuer"), engine.Str(byID, "_links.self.href"))
	}

	scopes := authServerList(t, o, "/api/v1/authorizationServers/default/scopes")
	if len(scopes) != 27 {
		t.Fatalf("default server has %d scopes, want 27 (20 okta.myAccount.* + 7 system)", len(scopes))
	}
	if names := authServerNames(scopes); names[0] != "okta.myAccount.appAuthenticator.maintenance.manage" || names[20] != "openid" || names[26] != "device_sso" {
		t.Fatalf("scope order: %v", names)
	}
	openid := authServerFind(scopes, "openid")
	if !engine.BoolAt(openid, "system") || engine.Str(openid, "_links.self.href") != o.URL+"/api/v1/authorizationServers/default/scopes/"+engine.Str(openid, "id") {
		t.Fatalf("openid scope: %v", openid)
	}
	claims := authServerList(t, o, "/api/v1/authorizationServers/default/claims")
	if len(claims) != 19 {
		t.Fatalf("default server has %d claims, want 19", len(claims))
	}
	sub := authServerFind(claims, "sub")
	if engine.Str(sub, "valueType") != "EXPRESSION" || !engine.BoolAt(sub, "system") || !engine.BoolAt(sub, "alwaysIncludeInToken") {
		t.Fatalf("sub claim: %v", sub)
	}
	pols := authServerList(t, o, "/api/v1/authorizationServers/default/policies")
	if len(pols) != 1 || engine.Str(pols[0], "name") != "Default Policy" || fmt.Sprint(engine.At(pols[0], "conditions.clients.include")) != "[ALL_CLIENTS]" {
		t.Fatalf("default policies: %v", pols)
	}
	rules := authServerList(t, o, "/api/v1/authorizationServers/default/policies/"+engine.Str(pols[0], "id")+"/rules")
	if len(rules) != 1 || engine.Str(rules[0], "name") != "Default Policy Rule" ||
		fmt.Sprint(engine.At(rules[0], "conditions.people.groups.include")) != "[EVERYONE]" ||
		fmt.Sprint(engine.At(rules[0], "conditions.scopes.include")) != "[*]" || engine.Str(rules[0], "type") != "RESOURCE_ACCESS" {
		t.Fatalf("default rules: %v", rules)
	}

	// The default server and system scopes and claims can't be deleted.
	authServerWantError(t, o, http.StatusForbidden, "E0000006", "DELETE", "/api/v1/authorizationServers/default", nil)
	authServerWantError(t, o, http.StatusForbidden, "E0000006", "DELETE", "/api/v1/authorizationServers/"+id, nil)
	authServerWantError(t, o, http.StatusForbidden, "E0000006", "DELETE", "/api/v1/authorizationServers/default/scopes/"+engine.Str(openid, "id"), nil)
	authServerWantError(t, o, http.StatusForbidden, "E0000006", "DELETE", "/api/v1/authorizationServers/default/claims/"+engine.Str(sub, "id"), nil)

	// A PUT carrying what GET returned (as Terraform does) is accepted.
	def["description"] = "Changed"
	got := authServerMust(t, o, http.StatusOK, "PUT", "/api/v1/authorizationServers/default", def)
	if engine.Str(got, "description") != "Changed" || !engine.BoolAt(got, "default") || engine.Str(got, "credentials.signing.kid") != engine.Str(def, "credentials.signing.kid") {
		t.Fatalf("PUT default: %v", got)
	}
}

func TestAuthServerCRUD(t *testing.T) {
	o := newAuthServerTestOrg(t, sandbox.Options{})
	created := authServerMust(t, o, http.StatusCreated, "POST", "/api/v1/authorizationServers", engine.Obj{
		"name": "Orders", "audiences": []any{"api://orders"},
		"credentials": engine.Obj{"signing": engine.Obj{"rotationMode": "MANUAL"}},
		"issuer":      "https://ignored.example.com", "default": true,
	})
	id := engine.Str(created, "id")
	now := "2026-01-02T03:04:05.000Z"
	for path, want := range map[string]any{
		"status": "ACTIVE", "issuerMode": "ORG_URL", "default": false, "description": nil,
		"issuer":                           o.URL + "/oauth2/" + id,
		"created":                          now,
		"credentials.signing.rotationMode": "AUTO", // Okta ignores MANUAL on create (gh299)
		"credentials.signing.lastRotated":  now,
		"credentials.signing.nextRotation": "2026-04-02T03:04:05.000Z",
		"_links.self.hints.allow":          []any{"GET", "DELETE", "PUT"},
		"_links.deactivate.href":           o.URL + "/api/v1/authorizationServers/" + id + "/lifecycle/deactivate",
		"_links.metadata":                  engine.At(created, "_links.metadata"),
	} {
		if got := engine.At(created, path); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("created %s = %v, want %v", path, got, want)
		}
	}
	if _, ok := created["description"]; !ok {
		t.Errorf("description should be an explicit null")
	}
	if len(engine.Str(created, "credentials.signing.kid")) != 43 {
		t.Errorf("kid %q", engine.Str(created, "credentials.signing.kid"))
	}
	if meta, _ := engine.At(created, "_links.metadata").([]any); len(meta) != 2 {
		t.Errorf("metadata links: %v", meta)
	}
	// A new server gets the system scopes and claims, and no policy.
	if n := len(authServerList(t, o, "/api/v1/authorizationServers/"+id+"/scopes")); n != 7 {
		t.Errorf("new server has %d scopes, want 7", n)
	}
	if n := len(authServerList(t, o, "/api/v1/authorizationServers/"+id+"/claims")); n != 19 {
		t.Errorf("new server has %d claims, want 19", n)
	}
	if n := len(authServerList(t, o, "/api/v1/authorizationServers/"+id+"/policies")); n != 0 {
		t.Errorf("new server has %d policies, want 0", n)
	}

	// q searches names and audiences.
	newAuthServer(t, o, "Other")
	for q, want := range map[string]int{"ord": 1, "api://oth": 1, "nothing": 0, "": 3} {
		if n := len(authServerList(t, o, "/api/v1/authorizationServers?q="+q)); n != want {
			t.Errorf("q=%q: %d servers, want %d", q, n, want)
		}
	}

	// PUT: MANUAL rotation drops nextRotation and keeps the key.
	upd := authServerMust(t, o, http.StatusOK, "PUT", "/api/v1/authorizationServers/"+id, engine.Obj{
		"name": "Orders", "description": "Order API", "audiences": []any{"api://orders2"},
		"issuerMode": "DYNAMIC", "credentials": engine.Obj{"signing": engine.Obj{"rotationMode": "MANUAL"}},
	})
	if engine.Str(upd, "credentials.signing.rotationMode") != "MANUAL" || engine.At(upd, "credentials.signing.nextRotation") != nil ||
		engine.Str(upd, "credentials.signing.kid") != engine.Str(created, "credentials.signing.kid") ||
		engine.Str(upd, "issuerMode") != "DYNAMIC" || engine.Str(upd, "description") != "Order API" {
		t.Fatalf("PUT: %v", upd)
	}
	upd = authServerMust(t, o, http.StatusOK, "PUT", "/api/v1/authorizationServers/"+id, engine.Obj{
		"name": "Orders", "audiences": []any{"api://orders2"}, "credentials": engine.Obj{"signing": engine.Obj{"rotationMode": "AUTO"}},
	})
	if engine.Str(upd, "credentials.signing.nextRotation") != "2026-04-02T03:04:05.000Z" {
		t.Fatalf("back to AUTO: %v", engine.At(upd, "credentials"))
	}

	// Lifecycle answers 204.
	authServerMust(t, o, http.StatusNoContent, "POST", "/api/v1/authorizationServers/"+id+"/lifecycle/deactivate", nil)
	got := authServerMust(t, o, http.StatusOK, "GET", "/api/v1/authorizationServers/"+id, nil)
	if engine.Str(got, "status") != "INACTIVE" || engine.At(got, "_links.activate") == nil || engine.At(got, "_links.deactivate") != nil {
		t.Fatalf("after deactivate: %v", got)
	}
	authServerMust(t, o, http.StatusNoContent, "POST", "/api/v1/authorizationServers/"+id+"/lifecycle/activate", nil)

	// Delete (an ACTIVE server may be deleted) drops the children.
	pol := authServerMust(t, o, http.StatusCreated, "POST", "/api/v1/authorizationServers/"+id+"/policies", engine.Obj{
		"name": "p", "description": "p", "conditions": engine.Obj{"clients": engine.Obj{"include": []any{"ALL_CLIENTS"}}},
	})
	authServerMust(t, o, http.StatusCreated, "POST", "/api/v1/authorizationServers/"+id+"/policies/"+engine.Str(pol, "id")+"/rules", engine.Obj{
		"name": "r", "conditions": engine.Obj{"people": engine.Obj{"groups": engine.Obj{"include": []any{"EVERYONE"}}}, "grantTypes": engine.Obj{"include": []any{"implicit"}}},
	})
	authServerMust(t, o, http.StatusNoContent, "DELETE", "/api/v1/authorizationServers/"+id, nil)
	authServerWantError(t, o, http.StatusNotFound, "E0000007", "GET", "/api/v1/authorizationServers/"+id, nil)
	authServerWantError(t, o, http.StatusNotFound, "E0000007", "GET", "/api/v1/authorizationServers/"+id+"/scopes", nil)
	for _, table := range []string{"authServerScopes", "authServerClaims", "authServerPolicies", "authServerPolicyRules"} {
		for k := range o.Srv.Org().Tables {
			if strings.HasPrefix(k, table+"|"+id) || k == "authServerPolicyRules|"+engine.Str(pol, "id") {
				t.Errorf("table %s left behind", k)
			}
		}
	}
}

func TestAuthServerValidation(t *testing.T) {
	o := newAuthServerTestOrg(t, sandbox.Options{})
	newAuthServer(t, o, "taken")
	for _, tc := range []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"no name", engine.Obj{"audiences": []any{"a"}}, 400, "E0000001"},
		{"blank name", engine.Obj{"name": "  ", "audiences": []any{"a"}}, 400, "E0000001"},
		{"no audiences", engine.Obj{"name": "x"}, 400, "E0000001"},
		{"empty audiences", engine.Obj{"name": "x", "audiences": []any{}}, 400, "E0000001"},
		{"two audiences", engine.Obj{"name": "x", "audiences": []any{"a", "b"}}, 400, "E0000001"},
		{"name is a number", engine.Obj{"name": 3, "audiences": []any{"a"}}, 400, "E0000003"},
		{"audience is a number", engine.Obj{"name": "x", "audiences": []any{3}}, 400, "E0000003"},
		{"bad issuerMode", engine.Obj{"name": "x", "audiences": []any{"a"}, "issuerMode": "NOPE"}, 400, "E0000001"},
		{"bad rotationMode", engine.Obj{"name": "x", "audiences": []any{"a"}, "credentials": engine.Obj{"signing": engine.Obj{"rotationMode": "X"}}}, 400, "E0000001"},
		{"duplicate name", engine.Obj{"name": "TAKEN", "audiences": []any{"a"}}, 400, "E0000001"},
		{"not JSON", "{", 400, "E0000003"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			authServerWantError(t, o, tc.status, tc.code, "POST", "/api/v1/authorizationServers", tc.body)
		})
	}
	authServerWantError(t, o, http.StatusNotFound, "E0000007", "GET", "/api/v1/authorizationServers/ausNOPENOPENOPENOPE0", nil)
	authServerWantError(t, o, http.StatusNotFound, "E0000007", "POST", "/api/v1/authorizationServers/ausNOPENOPENOPENOPE0/lifecycle/activate", nil)
}

func TestAuthServerPaging(t *testing.T) {
	o := newAuthServerTestOrg(t, sandbox.Options{})
	for i := 0; i < 4; i++ {
		newAuthServer(t, o, fmt.Sprintf("s%d", i))
	}
	next := regexp.MustCompile(`<([^>]+)>; rel="next"`)
	path, seen, pages := "/api/v1/authorizationServers?limit=2", map[string]bool{}, 0
	for path != "" {
		status, hdr, v := authServerCall(t, o, "GET", path, nil)
		if status != 200 {
			t.Fatalf("GET %s: %d", path, status)
		}
		items := v.([]any)
		if len(items) > 2 {
			t.Fatalf("page of %d with limit 2", len(items))
		}
		for _, it := range items {
			seen[engine.Str(it.(map[string]any), "id")] = true
		}
		pages++
		path = ""
		for _, l := range hdr.Values("Link") {
			if m := next.FindStringSubmatch(l); m != nil {
				path = strings.TrimPrefix(m[1], o.URL)
			}
		}
	}
	if len(seen) != 5 || pages != 3 {
		t.Fatalf("paged %d servers in %d pages, want 5 in 3", len(seen), pages)
	}
}

func TestAuthServerScopes(t *testing.T) {
	o := newAuthServerTestOrg(t, sandbox.Options{})
	as := newAuthServer(t, o, "api")
	base := "/api/v1/authorizationServers/" + engine.Str(as, "id") + "/scopes"
	sc := authServerMust(t, o, http.StatusCreated, "POST", base, engine.Obj{"name": "orders:read", "description": "Read orders"})
	for path, want := range map[string]any{
		"consent": "IMPLICIT", "metadataPublish": "NO_CLIENTS", "default": false, "optional": false,
		"system": false, "_links.self.hints.allow": []any{"GET", "PUT", "DELETE"},
	} {
		if got := engine.At(sc, path); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("scope %s = %v, want %v", path, got, want)
		}
	}
	if v, ok := sc["apiResourceId"]; !ok || v != nil {
		t.Errorf("apiResourceId should be an explicit null: %v", sc)
	}
	if _, ok := sc["created"]; ok {
		t.Errorf("scopes carry no created: %v", sc)
	}
	for _, name := range []string{"a:write", "z:admin"} {
		authServerMust(t, o, http.StatusCreated, "POST", base, engine.Obj{"name": name, "consent": "REQUIRED", "metadataPublish": "ALL_CLIENTS"})
	}
	for _, tc := range []struct {
		name string
		body engine.Obj
		code string
	}{
		{"duplicate", engine.Obj{"name": "orders:read"}, "E0000001"},
		{"reserved okta.", engine.Obj{"name": "okta.users.read"}, "E0000001"},
		{"whitespace", engine.Obj{"name": "a b"}, "E0000001"},
		{"no name", engine.Obj{"description": "x"}, "E0000001"},
		{"bad consent", engine.Obj{"name": "x", "consent": "MAYBE"}, "E0000001"},
		{"consent not a string", engine.Obj{"name": "x", "consent": true}, "E0000003"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			authServerWantError(t, o, 400, tc.code, "POST", base, tc.body)
		})
	}

	// Custom scopes sorted by name, then system ones; paging and q.
	all := authServerList(t, o, base)
	if got := strings.Join(authServerNames(all)[:4], ","); got != "a:write,orders:read,z:admin,openid" {
		t.Fatalf("scope order %s", got)
	}
	next := regexp.MustCompile(`<([^>]+)>; rel="next"`)
	path, n := base+"?limit=3", 0
	for path != "" {
		_, hdr, v := authServerCall(t, o, "GET", path, nil)
		n += len(v.([]any))
		path = ""
		for _, l := range hdr.Values("Link") {
			if m := next.FindStringSubmatch(l); m != nil {
				path = strings.TrimPrefix(m[1], o.URL)
			}
		}
	}
	if n != 10 {
		t.Fatalf("paged %d scopes, want 10", n)
	}
	if got := authServerNames(authServerList(t, o, base+"?q=ORD")); fmt.Sprint(got) != "[orders:read]" {
		t.Fatalf("q=ORD: %v", got)
	}
	if got := authServerNames(authServerList(t, o, base+`?filter=name+eq+"z:admin"+or+name+eq+"email"`)); fmt.Sprint(got) != "[z:admin email]" {
		t.Fatalf("filter: %v", got)
	}

	// Update, system scope protection, delete.
	id := engine.Str(sc, "id")
	upd := authServerMust(t, o, http.StatusOK, "PUT", base+"/"+id, engine.Obj{"name": "orders:read", "displayName": "Orders", "consent": "REQUIRED", "system": true})
	if engine.Str(upd, "displayName") != "Orders" || engine.Str(upd, "consent") != "REQUIRED" || engine.BoolAt(upd, "system") {
		t.Fatalf("PUT scope: %v", upd)
	}
	if _, ok := upd["lastUpdated"]; ok {
		t.Fatalf("scopes carry no lastUpdated: %v", upd)
	}
	openid := authServerFind(all, "openid")
	authServerWantError(t, o, 400, "E0000001", "PUT", base+"/"+engine.Str(openid, "id"), engine.Obj{"name": "openid2"})
	got := authServerMust(t, o, http.StatusOK, "PUT", base+"/"+engine.Str(openid, "id"), engine.Obj{"name": "openid", "description": "OIDC"})
	if !engine.BoolAt(got, "system") || engine.Str(got, "description") != "OIDC" {
		t.Fatalf("PUT system scope: %v", got)
	}
	authServerWantError(t, o, http.StatusForbidden, "E0000006", "DELETE", base+"/"+engine.Str(openid, "id"), nil)
	authServerMust(t, o, http.StatusNoContent, "DELETE", base+"/"+id, nil)
	authServerWantError(t, o, http.StatusNotFound, "E0000007", "GET", base+"/"+id, nil)

	// The alias works for children too, and links name the default server.
	d := authServerMust(t, o, http.StatusCreated, "POST", "/api/v1/authorizationServers/default/scopes", engine.Obj{"name": "extra"})
	if !strings.HasSuffix(engine.Str(d, "_links.self.href"), "/authorizationServers/default/scopes/"+engine.Str(d, "id")) {
		t.Fatalf("default scope link: %v", d["_links"])
	}
}

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

// authServerSummary describes the custom servers by name, for comparing
// builds and checking the sample's shape.
func authServerSummary(srv *sandbox.Server) []string {
	org := srv.Org()
	org.Lock()
	defer org.Unlock()
	groupName := map[string]string{}
	for _, g := range org.List("groups", "") {
		groupName[engine.Str(g, "id")] = engine.Str(g, "profile.name")
	}
	var out []string
	for _, as := range org.List("authServers", "") {
		id := engine.Str(as, "id")
		line := fmt.Sprintf("%s [%s] scopes:", engine.Str(as, "name"), engine.Str(as, "status"))
		for _, s := range org.List("authServerScopes", id) {
			if !engine.BoolAt(s, "system") {
				line += " " + engine.Str(s, "name")
			}
		}
		line += " claims:"
		for _, c := range org.List("authServerClaims", id) {
			if !engine.BoolAt(c, "system") {
				line += " " + engine.Str(c, "name") + "/" + engine.Str(c, "status")
			}
		}
		for _, p := range org.List("authServerPolicies", id) {
			line += fmt.Sprintf(" | %s#%v[%s] %v:", engine.Str(p, "name"), p["priority"], engine.Str(p, "status"), engine.At(p, "conditions.clients.include"))
			for _, r := range org.List("authServerPolicyRules", engine.Str(p, "id")) {
				var groups []string
				for _, g := range engine.StringsAt(r, "conditions.people.groups.include") {
					if n := groupName[g]; n != "" {
						g = n
					}
					groups = append(groups, g)
				}
				line += fmt.Sprintf(" %s#%v(%s)", engine.Str(r, "name"), r["priority"], strings.Join(groups, ","))
			}
		}
		out = append(out, line)
	}
	return out
}

func TestAuthServerSample(t *testing.T) {
	build := func() *sandbox.Server {
		srv, err := sandbox.New(sandbox.Options{Token: "t", Sample: true, Now: func() time.Time { return authServerTestNow }})
		if err != nil {
			t.Fatal(err)
		}
		return srv
	}
	a, b := build(), build()
	sa, sb := authServerSummary(a), authServerSummary(b)
	if strings.Join(sa, "\n") != strings.Join(sb, "\n") {
		t.Fatalf("sample is not deterministic:\n%s\n---\n%s", strings.Join(sa, "\n"), strings.Join(sb, "\n"))
	}
	org := a.Org()
	counts := map[string]int{}
	for _, as := range org.List("authServers", "") {
		if engine.BoolAt(as, "default") {
			continue
		}
		counts["servers"]++
		id := engine.Str(as, "id")
		for _, s := range org.List("authServerScopes", id) {
			if !engine.BoolAt(s, "system") {
				counts["scopes"]++
			}
		}
		for _, c := range org.List("authServerClaims", id) {
			if !engine.BoolAt(c, "system") {
				counts["claims"]++
			}
		}
		for _, p := range org.List("authServerPolicies", id) {
			counts["policies"]++
			counts["rules"] += len(org.List("authServerPolicyRules", engine.Str(p, "id")))
		}
	}
	if counts["servers"] != 4 || counts["scopes"] < 8 || counts["claims"] < 8 || counts["policies"] < 5 || counts["rules"] < 8 {
		t.Fatalf("sample counts %v\n%s", counts, strings.Join(sa, "\n"))
	}
	// Rules name real sample groups.
	joined := strings.Join(sa, "\n")
	for _, want := range []string{"Portal users#1(Portal Users)", "Engineers#1(Engineering,Engineering Managers)", "Legacy Billing API [INACTIVE]"} {
		if !strings.Contains(joined, want) {
			t.Errorf("sample lacks %q:\n%s", want, joined)
		}
	}
	// Every sample object renders and passes the spec through the API.
	hs := newConformanceOrg(t, sandbox.Options{Sample: true, Now: func() time.Time { return authServerTestNow }})
	for _, as := range authServerList(t, hs, "/api/v1/authorizationServers") {
		base := "/api/v1/authorizationServers/" + engine.Str(as, "id")
		authServerList(t, hs, base+"/scopes")
		authServerList(t, hs, base+"/claims")
		for _, p := range authServerList(t, hs, base+"/policies") {
			authServerList(t, hs, base+"/policies/"+engine.Str(p, "id")+"/rules")
		}
	}
}

func TestAuthServerGenerate(t *testing.T) {
	srv, err := sandbox.New(sandbox.Options{Token: "t", Generate: map[string]int{"groups": 3, "authServers": 5}, Now: func() time.Time { return authServerTestNow }})
	if err != nil {
		t.Fatal(err)
	}
	sum := authServerSummary(srv)
	var gen []string
	for _, l := range sum {
		if strings.HasPrefix(l, "gen-authserver-") {
			gen = append(gen, l)
		}
	}
	sort.Strings(gen)
	if len(gen) != 5 {
		t.Fatalf("generated %d servers:\n%s", len(gen), strings.Join(sum, "\n"))
	}
	want := "gen-authserver-00001 [ACTIVE] scopes: gen:read gen:write gen:admin claims: gen_level/ACTIVE | Generated policy#1[ACTIVE] [ALL_CLIENTS]: Generated rule#1(gen-group-00001)"
	if gen[0] != want {
		t.Fatalf("generated server:\n%s\nwant\n%s", gen[0], want)
	}
	if !strings.HasSuffix(gen[3], "(gen-group-00001)") {
		t.Fatalf("groups are not used round robin: %s", gen[3])
	}
}
