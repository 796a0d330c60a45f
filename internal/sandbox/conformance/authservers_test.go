package conformance

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
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
