package conformance

import (
	"net/http"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func trustedOriginTestBody(name, origin string, types ...string) engine.Obj {
	scopes := make([]any, len(types))
	for i, t := range types {
		scopes[i] = engine.Obj{"type": t}
	}
	return engine.Obj{"name": name, "origin": origin, "scopes": scopes}
}

func TestTrustedOriginsCRUD(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	admin := o.Srv.Org().AdminID
	// The status in a create body is honoured, as for other kinds whose
	// create takes it; the recordings only show ACTIVE.
	body := trustedOriginTestBody("web", "https://example.com", "CORS")
	body["status"] = "ACTIVE"
	tos := o.mustObj(http.StatusOK, "POST", "/api/v1/trustedOrigins", body)
	id, path := engine.Str(tos, "id"), "/api/v1/trustedOrigins/"+engine.Str(tos, "id")
	if !strings.HasPrefix(id, "tos") || len(id) != 20 || engine.Str(tos, "status") != "ACTIVE" ||
		engine.Str(tos, "createdBy") != admin || engine.Str(tos, "lastUpdatedBy") != admin || admin == "" {
		t.Fatalf("created %v (admin %s)", tos, admin)
	}
	if got := engine.StringsAt(tos, "_links.self.hints.allow"); strings.Join(got, ",") != "GET,PUT,DELETE" || engine.At(tos, "_links.deactivate") == nil {
		t.Errorf("links %v", tos["_links"])
	}
	if got := o.mustObj(http.StatusOK, "GET", path, nil); !zoneTestEqual(got, tos) {
		t.Errorf("GET %v\n!= %v", got, tos)
	}

	got := o.mustObj(http.StatusOK, "POST", path+"/lifecycle/deactivate", nil)
	if engine.Str(got, "status") != "INACTIVE" || engine.At(got, "_links.activate") == nil {
		t.Fatalf("deactivate: %v", got)
	}
	// An INACTIVE origin can be replaced; created and createdBy stay.
	upd := trustedOriginTestBody("web", "https://example2.com", "CORS", "REDIRECT")
	upd["status"] = "INACTIVE"
	upd["createdBy"] = "00uSOMEONEELSE000000"
	got = o.mustObj(http.StatusOK, "PUT", path, upd)
	if engine.Str(got, "origin") != "https://example2.com" || len(got["scopes"].([]any)) != 2 ||
		engine.Str(got, "createdBy") != admin || engine.Str(got, "created") != engine.Str(tos, "created") || engine.Str(got, "status") != "INACTIVE" {
		t.Fatalf("PUT: %v", got)
	}
	got = o.mustObj(http.StatusOK, "POST", path+"/lifecycle/activate", nil)
	if engine.Str(got, "status") != "ACTIVE" {
		t.Fatalf("activate: %v", got)
	}
	// A trusted origin is deleted in any status (TF deletes directly).
	o.must(http.StatusNoContent, "DELETE", path, nil)
	m := o.fail(http.StatusNotFound, "E0000007", "GET", path, nil)
	if got := engine.Str(m, "errorSummary"); got != "Not found: Resource not found: "+id+" (TrustedOrigin)" {
		t.Errorf("404 summary %q", got)
	}
}

func TestTrustedOriginsValidation(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	first := o.mustObj(http.StatusOK, "POST", "/api/v1/trustedOrigins", trustedOriginTestBody("web", "https://example.com", "CORS"))
	embed := func(apps ...any) engine.Obj {
		return engine.Obj{"name": "e", "origin": "https://e.example.com", "scopes": []any{engine.Obj{"type": "IFRAME_EMBED", "allowedOktaApps": apps}}}
	}
	for _, tc := range []struct {
		name, code string
		body       any
	}{
		{"duplicate name", "E0000001", trustedOriginTestBody("WEB", "https://other.example.com", "CORS")},
		{"duplicate origin", "E0000001", trustedOriginTestBody("other", "https://EXAMPLE.com", "CORS")},
		{"no name", "E0000001", engine.Obj{"origin": "https://x.example.com", "scopes": []any{engine.Obj{"type": "CORS"}}}},
		{"no origin", "E0000001", engine.Obj{"name": "x", "scopes": []any{engine.Obj{"type": "CORS"}}}},
		{"no scopes", "E0000001", engine.Obj{"name": "x", "origin": "https://x.example.com"}},
		{"empty scopes", "E0000001", trustedOriginTestBody("x", "https://x.example.com")},
		{"unknown scope", "E0000001", trustedOriginTestBody("x", "https://x.example.com", "WEBSOCKET")},
		{"repeated scope", "E0000001", trustedOriginTestBody("x", "https://x.example.com", "CORS", "CORS")},
		{"bad scheme", "E0000001", trustedOriginTestBody("x", "javascript:alert(1)", "CORS")},
		{"no host", "E0000001", trustedOriginTestBody("x", "https://", "CORS")},
		{"bad allowed app", "E0000001", embed("OKTA_ADMIN")},
		{"scopes not an array", "E0000003", engine.Obj{"name": "x", "origin": "https://x.example.com", "scopes": "CORS"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o.fail(http.StatusBadRequest, tc.code, "POST", "/api/v1/trustedOrigins", tc.body)
		})
	}
	// Renaming onto a taken name is refused too; keeping one's own is not.
	second := o.mustObj(http.StatusOK, "POST", "/api/v1/trustedOrigins", trustedOriginTestBody("second", "https://second.example.com", "CORS"))
	o.fail(http.StatusBadRequest, "E0000001", "PUT", "/api/v1/trustedOrigins/"+engine.Str(second, "id"),
		trustedOriginTestBody("web", "https://second.example.com", "CORS"))
	o.mustObj(http.StatusOK, "PUT", "/api/v1/trustedOrigins/"+engine.Str(first, "id"),
		trustedOriginTestBody("web", "https://example.com", "REDIRECT"))

	got := o.mustObj(http.StatusOK, "POST", "/api/v1/trustedOrigins", embed("OKTA_ENDUSER"))
	if apps := engine.StringsAt(got["scopes"].([]any)[0].(map[string]any), "allowedOktaApps"); len(apps) != 1 {
		t.Errorf("IFRAME_EMBED scope %v", got["scopes"])
	}
	o.mustObj(http.StatusOK, "POST", "/api/v1/trustedOrigins", trustedOriginTestBody("app", "capacitor://localhost", "CORS"))
}

func TestTrustedOriginsListPagingAndSearch(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	for _, x := range [][3]string{
		{"Portal", "https://portal.example.com", "CORS"},
		{"Wiki", "https://wiki.example.com", "REDIRECT"},
		{"Partner", "https://partners.example.net", "IFRAME_EMBED"},
		{"Local", "http://localhost:3000", "CORS"},
		{"Old", "https://old.example.org", "REDIRECT"},
	} {
		obj := o.mustObj(http.StatusOK, "POST", "/api/v1/trustedOrigins", trustedOriginTestBody(x[0], x[1], x[2]))
		if x[0] == "Old" {
			o.mustObj(http.StatusOK, "POST", "/api/v1/trustedOrigins/"+engine.Str(obj, "id")+"/lifecycle/deactivate", nil)
		}
	}
	all, n := o.pages("/api/v1/trustedOrigins?limit=2")
	if len(all) != 5 || n != 3 {
		t.Fatalf("paged %d origins in %d pages", len(all), n)
	}
	for _, tc := range []struct{ query, want string }{
		{"q=p", "Portal,Partner"},
		{"q=https%3A%2F%2Fwiki", "Wiki"},
		{"filter=" + zoneTestQuery(`status eq "INACTIVE"`), "Old"},
		{"filter=" + zoneTestQuery(`type eq "CORS"`), "Portal,Local"},
		{"filter=" + zoneTestQuery(`name eq "Wiki" or origin eq "http://localhost:3000"`), "Wiki,Local"},
	} {
		items, _ := o.pages("/api/v1/trustedOrigins?" + tc.query)
		if got := strings.Join(zoneTestNames(items), ","); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.query, got, tc.want)
		}
	}
}

func TestTrustedOriginsSample(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{Sample: true})
	all, _ := o.pages("/api/v1/trustedOrigins?limit=3")
	if len(all) < 10 {
		t.Fatalf("sample has %d trusted origins", len(all))
	}
	inactive := 0
	for _, x := range all {
		if engine.Str(x, "status") == "INACTIVE" {
			inactive++
		}
	}
	if inactive == 0 {
		t.Error("no inactive sample origin")
	}
	srv, err := sandbox.New(sandbox.Options{Token: "t", Generate: map[string]int{"trusted-origins": 50}})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Org().List("trustedOrigins", "")); n != 50 {
		t.Fatalf("generated %d trusted origins", n)
	}
}
