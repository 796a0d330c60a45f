package conformance

import (
	"maps"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
	"github.com/oktasync/oktasync/internal/sandbox/idps"
)

var idpTestAudience = regexp.MustCompile(`^https://www\.okta\.com/saml2/service-provider/sp[a-z]{18}$`)

// idpTestSetup is an org with a trust key and two groups.
func idpTestSetup(t *testing.T) (o zoneTestOrg, kid string, groups []string) {
	o = newZoneTestOrg(t, sandbox.Options{})
	kid = engine.Str(o.mustObj(http.StatusOK, "POST", "/api/v1/idps/credentials/keys", engine.Obj{"x5c": []any{idps.CertAcme}}), "kid")
	for _, n := range []string{"partners", "staff"} {
		g := o.mustObj(http.StatusOK, "POST", "/api/v1/groups", engine.Obj{"profile": engine.Obj{"name": n}})
		groups = append(groups, engine.Str(g, "id"))
	}
	return o, kid, groups
}

func idpTestLinks(o engine.Obj) []string {
	l, _ := o["_links"].(map[string]any)
	out := slices.Sorted(maps.Keys(l))
	sort.Strings(out)
	return out
}

func TestIdPsCreateDefaults(t *testing.T) {
	o, kid, groups := idpTestSetup(t)

	saml := o.mustObj(http.StatusOK, "POST", "/api/v1/idps", engine.Obj{
		"type": "SAML2", "name": "Partner SAML", "issuerMode": "ORG_URL",
		"protocol": engine.Obj{"type": "SAML2",
			"endpoints":   engine.Obj{"sso": engine.Obj{"url": "https://idp.example.com", "binding": "HTTP-POST", "destination": "https://idp.example.com"}},
			"credentials": engine.Obj{"trust": engine.Obj{"issuer": "https://idp.example.com", "kid": kid}}},
		"policy": engine.Obj{"provisioning": engine.Obj{"action": "AUTO", "groups": engine.Obj{"action": "ASSIGN", "assignments": []any{groups[0]}}}},
	})
	id := engine.Str(saml, "id")
	if !strings.HasPrefix(id, "0oa") || len(id) != 20 || engine.Str(saml, "status") != "ACTIVE" {
		t.Fatalf("id %q status %q", id, engine.Str(saml, "status"))
	}
	for path, want := range map[string]any{
		"policy.provisioning.profileMaster":                   false,
		"policy.provisioning.groups.action":                   "ASSIGN",
		"policy.provisioning.conditions.deprovisioned.action": "NONE",
		"policy.provisioning.conditions.suspended.action":     "NONE",
		"policy.accountLink.action":                           "AUTO",
		"policy.subject.userNameTemplate.template":            "idpuser.email",
		"policy.subject.matchType":                            "USERNAME",
		"policy.maxClockSkew":                                 float64(0),
		"policy.trustClaims":                                  false,
		"policy.transformedUsernameMatchingEnabled":           false,
		"protocol.credentials.trust.revocationCacheLifetime":  float64(0),
		"protocol.endpoints.acs.type":                         "INSTANCE",
		"protocol.algorithms.response.signature.scope":        "ANY",
		"protocol.settings.nameFormat":                        "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
		"protocol.credentials.trust.kid":                      kid,
		"protocol.algorithms.request.signature.algorithm":     "SHA-256",
		"protocol.endpoints.sso.binding":                      "HTTP-POST",
		"protocol.credentials.trust.issuer":                   "https://idp.example.com",
		"protocol.credentials.trust.revocation":               nil,
		"policy.accountLink.filter":                           nil,
		"policy.subject.matchAttribute":                       nil,
		"protocol.credentials.client":                         nil,
		"protocol.algorithms.request.signature.scope":         "REQUEST",
		"protocol.algorithms.response.signature.algorithm":    "SHA-256",
		"policy.provisioning.action":                          "AUTO",
		"protocol.endpoints.acs.binding":                      "HTTP-POST",
		"protocol.type":                                       "SAML2",
		"protocol.endpoints.sso.destination":                  "https://idp.example.com",
		"protocol.endpoints.sso.url":                          "https://idp.example.com",
		"type":                                                "SAML2",
		"name":                                                "Partner SAML",
		"issuerMode":                                          nil, // not part of a SAML IdP
		"policy.subject.filter":                               nil,
	} {
		if got := engine.At(saml, path); !zoneTestEqual(got, want) {
			t.Errorf("SAML %s = %v, want %v", path, got, want)
		}
	}
	for _, p := range []string{"policy.accountLink.filter", "policy.subject.filter", "policy.subject.matchAttribute", "protocol.credentials.trust.revocation"} {
		parent, leaf := p[:strings.LastIndex(p, ".")], p[strings.LastIndex(p, ".")+1:]
		if m, _ := engine.At(saml, parent).(map[string]any); m == nil {
			t.Errorf("%s missing", parent)
		} else if _, has := m[leaf]; !has {
			t.Errorf("%s is absent, want an explicit null", p)
		}
	}
	if aud := engine.Str(saml, "protocol.credentials.trust.audience"); !idpTestAudience.MatchString(aud) {
		t.Errorf("audience %q", aud)
	}
	if sk := engine.Str(saml, "protocol.credentials.signing.kid"); len(sk) != 43 {
		t.Errorf("signing kid %q", sk)
	}
	if got := strings.Join(idpTestLinks(saml), ","); got != "acs,deactivate,metadata,users" {
		t.Errorf("SAML links %s", got)
	}
	// Every SAML IdP of an org shares the org's signing key; audiences differ.
	second := o.mustObj(http.StatusOK, "POST", "/api/v1/idps", idps.SAMLBody("second", "https://second.example", kid))
	if engine.Str(second, "protocol.credentials.signing.kid") != engine.Str(saml, "protocol.credentials.signing.kid") ||
		engine.Str(second, "protocol.credentials.trust.audience") == engine.Str(saml, "protocol.credentials.trust.audience") {
		t.Errorf("second SAML IdP credentials %v", second["protocol"])
	}

	oidc := idps.OIDCBody("Partner OIDC", "https://id.example.com", "efg456", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
	engine.Set(oidc, "protocol.credentials.client.pkce_required", nil)
	engine.Set(oidc, "protocol.settings", engine.Obj{"honorPersistentNameId": false})
	engine.Set(oidc, "protocol.endpoints.slo", engine.Obj{"url": "https://www.slo-url.com/logout"})
	got := o.mustObj(http.StatusOK, "POST", "/api/v1/idps", oidc)
	for path, want := range map[string]any{
		"issuerMode":                            "ORG_URL",
		"protocol.settings":                     map[string]any{"nameFormat": nil},
		"protocol.credentials.client":           map[string]any{"client_id": "efg456", "client_secret": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
		"protocol.endpoints.slo":                map[string]any{"url": "https://www.slo-url.com/logout", "binding": "HTTP-REDIRECT"},
		"protocol.algorithms.request.signature": map[string]any{"algorithm": "HS256", "scope": "REQUEST"},
		"policy.trustClaims":                    false,
		"policy.provisioning.groups":            map[string]any{"action": "NONE"},
		"protocol.credentials.trust":            nil,
		"protocol.credentials.signing":          nil,
		"protocol.issuer":                       map[string]any{"url": "https://id.example.com"},
		"protocol.endpoints.authorization.url":  "https://id.example.com/oauth2/v1/authorize",
		"protocol.endpoints.token.binding":      "HTTP-POST",
		"protocol.scopes":                       []any{"openid", "profile", "email"},
		"policy.subject.userNameTemplate":       map[string]any{"template": "idpuser.email"},
		"policy.accountLink":                    map[string]any{"action": "AUTO", "filter": nil},
		"protocol.endpoints.userInfo.binding":   "HTTP-REDIRECT",
		"protocol.credentials.client.client_id": "efg456",
		"protocol.endpoints.jwks.url":           "https://id.example.com/oauth2/v1/keys",
	} {
		if g := engine.At(got, path); !zoneTestEqual(engine.NormalizeJSON(g), engine.NormalizeJSON(want)) {
			t.Errorf("OIDC %s = %v, want %v", path, g, want)
		}
	}
	if links := strings.Join(idpTestLinks(got), ","); links != "authorize,clientRedirectUri" {
		t.Errorf("OIDC links %s", links)
	}
	if href := engine.Str(got, "_links.authorize.href"); !strings.Contains(href, "/oauth2/v1/authorize?idp="+engine.Str(got, "id")+"&client_id={clientId}") ||
		got["_links"].(map[string]any)["authorize"].(map[string]any)["templated"] != true {
		t.Errorf("authorize link %v", got["_links"])
	}

	// A SAML signature algorithm on an OIDC IdP is dropped (VCR
	// TestAccResourceOktaIdpOidc_algorithm).
	alg := idps.OIDCBody("alg", "https://alg.example.com", "c", "s")
	engine.Set(alg, "protocol.algorithms", engine.Obj{"request": engine.Obj{"signature": engine.Obj{"algorithm": "SHA-256", "scope": "REQUEST"}}})
	if got := o.mustObj(http.StatusOK, "POST", "/api/v1/idps", alg); got["protocol"].(map[string]any)["algorithms"] != nil {
		t.Errorf("OIDC kept a SAML algorithm: %v", got["protocol"])
	}

	google := o.mustObj(http.StatusOK, "POST", "/api/v1/idps", engine.Obj{
		"type": "GOOGLE", "name": "Google",
		"protocol": engine.Obj{"scopes": []any{"openid", "profile", "email"},
			"credentials": engine.Obj{"client": engine.Obj{"client_id": "abcd123", "client_secret": "abcd123"}}},
		"policy": engine.Obj{"accountLink": engine.Obj{"action": "AUTO", "filter": engine.Obj{"groups": engine.Obj{"include": []any{groups[1]}}}}},
	})
	for path, want := range map[string]any{
		"protocol.type": "OIDC",
		"protocol.endpoints": map[string]any{
			"authorization": map[string]any{"url": "https://accounts.google.com/o/oauth2/auth", "binding": "HTTP-REDIRECT"},
			"token":         map[string]any{"url": "https://www.googleapis.com/oauth2/v3/token", "binding": "HTTP-POST"},
		},
		"protocol.settings":  nil,
		"policy.trustClaims": nil,
		"issuerMode":         "ORG_URL",
		"policy.accountLink.filter.groups.include": []any{groups[1]},
	} {
		if g := engine.At(google, path); !zoneTestEqual(engine.NormalizeJSON(g), engine.NormalizeJSON(want)) {
			t.Errorf("GOOGLE %s = %v, want %v", path, g, want)
		}
	}
}

func TestIdPsValidation(t *testing.T) {
	o, kid, groups := idpTestSetup(t)
	o.mustObj(http.StatusOK, "POST", "/api/v1/idps", idps.OIDCBody("taken", "https://a.example", "c", "s"))
	with := func(b engine.Obj, path string, v any) engine.Obj {
		engine.Set(b, path, v)
		return b
	}
	without := func(b engine.Obj, path string) engine.Obj {
		engine.Del(b, path)
		return b
	}
	oidc := func() engine.Obj { return idps.OIDCBody("new", "https://n.example", "c", "s") }
	for _, tc := range []struct {
		name string
		body any
		code string
	}{
		{"no name", without(oidc(), "name"), "E0000001"},
		{"duplicate name", with(oidc(), "name", "TAKEN"), "E0000001"},
		{"no type", without(oidc(), "type"), "E0000001"},
		{"unknown type", with(oidc(), "type", "MYSPACE"), "E0000001"},
		{"no protocol", without(oidc(), "protocol"), "E0000001"},
		{"protocol not an object", with(oidc(), "protocol", "OIDC"), "E0000003"},
		{"OIDC without issuer", without(oidc(), "protocol.issuer"), "E0000001"},
		{"OIDC without client_id", without(oidc(), "protocol.credentials.client.client_id"), "E0000001"},
		{"OIDC without scopes", without(oidc(), "protocol.scopes"), "E0000001"},
		{"SAML protocol on OIDC", with(oidc(), "protocol.type", "SAML2"), "E0000001"},
		{"bad provisioning action", with(oidc(), "policy.provisioning.action", "SOMETIMES"), "E0000001"},
		{"unknown group", with(oidc(), "policy.provisioning.groups", engine.Obj{"action": "ASSIGN", "assignments": []any{"00g00000000000000000"}}), "E0000001"},
		{"ASSIGN without groups", with(oidc(), "policy.provisioning.groups", engine.Obj{"action": "ASSIGN"}), "E0000001"},
		{"unknown account-link group", with(oidc(), "policy.accountLink.filter", engine.Obj{"groups": engine.Obj{"include": []any{groups[0], "00gnothere0000000000"}}}), "E0000001"},
		{"custom match without attribute", with(oidc(), "policy.subject.matchType", "CUSTOM_ATTRIBUTE"), "E0000001"},
		{"SAML without key", without(idps.SAMLBody("s", "https://s.example", kid), "protocol.credentials.trust.kid"), "E0000001"},
		{"SAML with unknown key", idps.SAMLBody("s", "https://s.example", "3c7f6d0e-0000-4000-8000-000000000000"), "E0000001"},
		{"SAML without SSO URL", without(idps.SAMLBody("s", "https://s.example", kid), "protocol.endpoints.sso.url"), "E0000001"},
		{"social without client", without(idps.SocialBody("FACEBOOK", "fb", "c", "s", "email"), "protocol.credentials"), "E0000001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o.fail(http.StatusBadRequest, tc.code, "POST", "/api/v1/idps", tc.body)
		})
	}
	m := o.fail(http.StatusNotFound, "E0000007", "GET", "/api/v1/idps/0oa00000000000000000", nil)
	if got := engine.Str(m, "errorSummary"); got != "Not found: Resource not found: 0oa00000000000000000 (IdentityProvider)" {
		t.Errorf("404 summary %q", got)
	}
}

func TestIdPsUpdateLifecycleDelete(t *testing.T) {
	o, kid, groups := idpTestSetup(t)
	idp := o.mustObj(http.StatusOK, "POST", "/api/v1/idps", idps.SAMLBody("p", "https://p.example", kid))
	id, path := engine.Str(idp, "id"), "/api/v1/idps/"+engine.Str(idp, "id")
	aud := engine.Str(idp, "protocol.credentials.trust.audience")

	// PUT replaces; the generated audience stays when the body leaves it
	// out; Okta's answer carries created: null, the next GET the real one.
	body := idps.SAMLBody("p renamed", "https://p.example", kid)
	engine.Set(body, "policy.maxClockSkew", 60)
	engine.Set(body, "policy.provisioning.groups", engine.Obj{"action": "SYNC", "filter": []any{groups[0], groups[1]}})
	got := o.mustObj(http.StatusOK, "PUT", path, body)
	if v, has := got["created"]; !has || v != nil {
		t.Errorf("PUT answer created = %v, want null", v)
	}
	if engine.Str(got, "name") != "p renamed" || engine.Str(got, "protocol.credentials.trust.audience") != aud ||
		engine.At(got, "policy.maxClockSkew") != float64(60) || engine.Str(got, "policy.provisioning.groups.action") != "SYNC" {
		t.Errorf("PUT answer %v", got)
	}
	got = o.mustObj(http.StatusOK, "GET", path, nil)
	if engine.Str(got, "created") != engine.Str(idp, "created") || engine.Str(got, "name") != "p renamed" {
		t.Errorf("GET after PUT: %v", got)
	}
	o.fail(http.StatusBadRequest, "E0000001", "PUT", path, idps.OIDCBody("p renamed", "https://p.example", "c", "s"))
	o.fail(http.StatusNotFound, "E0000007", "PUT", "/api/v1/idps/0oa00000000000000000", body)

	got = o.mustObj(http.StatusOK, "POST", path+"/lifecycle/deactivate", nil)
	if engine.Str(got, "status") != "INACTIVE" || engine.At(got, "_links.activate") == nil || engine.At(got, "_links.deactivate") != nil {
		t.Fatalf("deactivate: %v", got)
	}
	got = o.mustObj(http.StatusOK, "POST", path+"/lifecycle/activate", nil)
	if engine.Str(got, "status") != "ACTIVE" {
		t.Fatalf("activate: %v", got)
	}
	// Okta deletes an IdP in any status (Terraform deactivates first, but
	// nothing documents that Okta requires it).
	o.must(http.StatusNoContent, "DELETE", path, nil)
	o.fail(http.StatusNotFound, "E0000007", "GET", "/api/v1/idps/"+id, nil)
	o.fail(http.StatusNotFound, "E0000007", "POST", path+"/lifecycle/activate", nil)
}

func TestIdPsListPagingAndSearch(t *testing.T) {
	o, kid, _ := idpTestSetup(t)
	o.mustObj(http.StatusOK, "POST", "/api/v1/idps", idps.SAMLBody("Acme SAML", "https://a.example", kid))
	o.mustObj(http.StatusOK, "POST", "/api/v1/idps", idps.OIDCBody("Acme OIDC", "https://b.example", "c", "s"))
	o.mustObj(http.StatusOK, "POST", "/api/v1/idps", idps.SocialBody("GOOGLE", "testAcc_google_1", "c", "s", "openid"))
	o.mustObj(http.StatusOK, "POST", "/api/v1/idps", idps.SocialBody("FACEBOOK", "Facebook", "c", "s", "email"))
	o.mustObj(http.StatusOK, "POST", "/api/v1/idps", idps.SocialBody("MICROSOFT", "Entra", "c", "s", "openid"))

	all, n := o.pages("/api/v1/idps?limit=2")
	if len(all) != 5 || n != 3 {
		t.Fatalf("paged %d IdPs in %d pages, want 5 in 3", len(all), n)
	}
	for _, tc := range []struct{ query, want string }{
		{"q=acme", "Acme SAML,Acme OIDC"},
		{"q=google", "testAcc_google_1"},
		{"type=SAML2", "Acme SAML"},
		{"q=acme&type=OIDC", "Acme OIDC"},
		{"type=LINKEDIN", ""},
	} {
		items, _ := o.pages("/api/v1/idps?" + tc.query)
		if got := strings.Join(zoneTestNames(items), ","); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.query, got, tc.want)
		}
	}
}

func TestIdPsSampleAndGenerate(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC) }
	build := func() *sandbox.Server {
		srv, err := sandbox.New(sandbox.Options{Token: "t", Sample: true, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return srv
	}
	a, b := build(), build()
	for _, table := range []string{"idps", "idpKeys", "zones", "trustedOrigins"} {
		if !zoneTestEqual(a.Org().List(table, ""), b.Org().List(table, "")) {
			t.Errorf("sample %s differs between two builds with the same seed", table)
		}
	}
	idps := a.Org().List("idps", "")
	types := map[string]int{}
	withGroups := 0
	for _, idp := range idps {
		types[engine.Str(idp, "type")]++
		for _, gid := range append(engine.StringsAt(idp, "policy.provisioning.groups.assignments"), engine.StringsAt(idp, "policy.provisioning.groups.filter")...) {
			if a.Org().Get("groups", "", gid) == nil {
				t.Errorf("%s names missing group %s", engine.Str(idp, "name"), gid)
			}
			withGroups++
		}
	}
	if len(idps) < 4 || types["SAML2"] < 2 || types["OIDC"] < 1 || types["GOOGLE"] != 1 || withGroups < 4 {
		t.Errorf("sample IdPs: %v, %d group references", types, withGroups)
	}
	if n := len(a.Org().List("idpKeys", "")); n != 3 {
		t.Errorf("sample has %d IdP keys", n)
	}

	srv, err := sandbox.New(sandbox.Options{Token: "t", Generate: map[string]int{"idps": 250}})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Org().List("idps", "")); n != 250 {
		t.Fatalf("generated %d IdPs, want 250", n)
	}
}
