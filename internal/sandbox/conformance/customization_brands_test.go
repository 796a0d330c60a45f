package conformance

import (
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/customization"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func ahbDefaultBrand(t *testing.T, o *conformanceOrg) engine.Obj {
	t.Helper()
	_, _, v := ahbCall(t, o, "GET", "/api/v1/brands", nil)
	for _, b := range ahbList(t, v) {
		if engine.BoolAt(b, "isDefault") {
			return b
		}
	}
	t.Fatal("no default brand")
	return nil
}

// ahbNextLink returns the rel="next" URL of a Link header, or "".
func ahbNextLink(hdr http.Header) string {
	for _, l := range hdr.Values("Link") {
		if strings.HasSuffix(l, `rel="next"`) {
			return strings.TrimSuffix(strings.TrimPrefix(strings.SplitN(l, ">", 2)[0], "<"), ">")
		}
	}
	return ""
}

func TestBrandsDefault(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	b := ahbDefaultBrand(t, o)
	if engine.Str(b, "name") != "Okta Default" || !strings.HasPrefix(engine.Str(b, "id"), "bnd") {
		t.Errorf("default brand %v", b)
	}
	if _, has := b["created"]; has {
		t.Errorf("brands carry no created")
	}
	if got := strings.Join(ahbAllow(b, "self"), ","); got != "GET,PUT,DELETE" {
		t.Errorf("self allow %s (Okta lists DELETE even on the default brand)", got)
	}
	st, _, v := ahbCall(t, o, "DELETE", "/api/v1/brands/"+engine.Str(b, "id"), nil)
	ahbWantError(t, "delete default", st, v, http.StatusConflict, "E0000200")
	// Its theme exists.
	_, _, v = ahbCall(t, o, "GET", "/api/v1/brands/"+engine.Str(b, "id")+"/themes", nil)
	if len(ahbList(t, v)) != 1 {
		t.Fatalf("default brand themes: %v", v)
	}
}

func TestBrandsCreateAndReplace(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	st, _, v := ahbCall(t, o, "POST", "/api/v1/brands", engine.Obj{"name": "Acme", "removePoweredByOkta": true, "locale": "de"})
	if st != http.StatusCreated {
		t.Fatalf("create: %d %v", st, v)
	}
	b := ahbObj(t, v)
	want := engine.Obj{
		"id": engine.Str(b, "id"), "name": "Acme", "removePoweredByOkta": false, "customPrivacyPolicyUrl": nil,
		"agreeToCustomPrivacyPolicy": false, "isDefault": false,
		"defaultApp": engine.Obj{"appInstanceId": nil, "appLinkName": nil, "classicApplicationUri": nil},
	}
	got := engine.CloneObj(b)
	delete(got, "_links")
	if !reflect.DeepEqual(engine.NormalizeJSON(got), engine.NormalizeJSON(want)) {
		t.Errorf("created brand\n got %v\nwant %v (VCR TestAccResourceOktaBrand_crud)", got, want)
	}
	if engine.At(b, "_links.themes.href") == nil {
		t.Errorf("no themes link")
	}
	path := "/api/v1/brands/" + engine.Str(b, "id")

	tests := []struct {
		name       string
		method     string
		path       string
		body       engine.Obj
		wantStatus int
		wantCode   string
	}{
		{"duplicate name", "POST", "/api/v1/brands", engine.Obj{"name": "acme"}, 409, "E0000202"},
		{"duplicate default name", "POST", "/api/v1/brands", engine.Obj{"name": "Okta Default"}, 409, "E0000202"},
		{"no name", "POST", "/api/v1/brands", engine.Obj{}, 400, "E0000001"},
		{"name wrong type", "POST", "/api/v1/brands", engine.Obj{"name": 5}, 400, "E0000003"},
		{"privacy url without consent", "PUT", path, engine.Obj{"name": "Acme", "customPrivacyPolicyUrl": "https://example.com/p"}, 400, "E0000001"},
		{"put without name", "PUT", path, engine.Obj{"locale": "en"}, 400, "E0000001"},
		{"rename to existing", "PUT", path, engine.Obj{"name": "Okta Default"}, 400, "E0000001"},
		{"unknown app", "PUT", path, engine.Obj{"name": "Acme", "defaultApp": engine.Obj{"appInstanceId": "0oaNOPE0000000000000"}}, 400, "E0000001"},
		{"bad locale", "PUT", path, engine.Obj{"name": "Acme", "locale": "english please"}, 400, "E0000001"},
		{"unknown brand", "PUT", "/api/v1/brands/bndNOPE0000000000000", engine.Obj{"name": "x"}, 404, "E0000007"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, _, v := ahbCall(t, o, tc.method, tc.path, tc.body)
			ahbWantError(t, tc.name, st, v, tc.wantStatus, tc.wantCode)
		})
	}

	// The recorded PUTs: "" clears the URL, {} defaultApp is all nulls.
	st, _, v = ahbCall(t, o, "PUT", path, engine.Obj{"agreeToCustomPrivacyPolicy": false, "customPrivacyPolicyUrl": "",
		"defaultApp": engine.Obj{}, "locale": "en", "name": "Acme", "removePoweredByOkta": false})
	got = ahbObj(t, v)
	if st != http.StatusOK || got["customPrivacyPolicyUrl"] != nil || engine.Str(got, "locale") != "en" || got["isDefault"] != false {
		t.Fatalf("put 1: %d %v", st, got)
	}
	st, _, v = ahbCall(t, o, "PUT", path, engine.Obj{"agreeToCustomPrivacyPolicy": true, "customPrivacyPolicyUrl": "https://example.com",
		"defaultApp": engine.Obj{"classicApplicationUri": "https://examplesss.com"}, "locale": "es", "name": "Acme Changed",
		"removePoweredByOkta": true, "emailDomainId": "OeDabcdefghijklmnopq"})
	got = ahbObj(t, v)
	if st != http.StatusOK || engine.Str(got, "customPrivacyPolicyUrl") != "https://example.com" || !engine.BoolAt(got, "removePoweredByOkta") ||
		engine.Str(got, "defaultApp.classicApplicationUri") != "https://examplesss.com" || engine.At(got, "defaultApp.appInstanceId") != nil ||
		engine.Str(got, "_links.emailDomain.href") == "" {
		t.Fatalf("put 2: %d %v", st, got)
	}
	if _, has := got["lastUpdated"]; has {
		t.Errorf("brands carry no lastUpdated")
	}
	st, _, v = ahbCall(t, o, "GET", path, nil)
	if st != http.StatusOK || engine.Str(ahbObj(t, v), "name") != "Acme Changed" {
		t.Fatalf("get: %d %v", st, v)
	}

	// Delete drops the theme too.
	_, _, v = ahbCall(t, o, "GET", path+"/themes", nil)
	themeID := engine.Str(ahbList(t, v)[0], "id")
	if st, _, _ = ahbCall(t, o, "DELETE", path, nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d", st)
	}
	st, _, v = ahbCall(t, o, "GET", path, nil)
	ahbWantError(t, "get deleted", st, v, http.StatusNotFound, "E0000007")
	st, _, v = ahbCall(t, o, "GET", path+"/themes/"+themeID, nil)
	ahbWantError(t, "theme of deleted brand", st, v, http.StatusNotFound, "E0000007")
	if len(o.Srv.Org().Parents("themes")) != 1 {
		t.Errorf("theme table of the deleted brand left behind: %v", o.Srv.Org().Parents("themes"))
	}
}

func TestBrandsListPagingAndExpand(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	for _, n := range []string{"Brand A", "Brand B", "Brand C", "Other"} {
		if st, _, v := ahbCall(t, o, "POST", "/api/v1/brands", engine.Obj{"name": n}); st != http.StatusCreated {
			t.Fatalf("create %s: %d %v", n, st, v)
		}
	}
	st, hdr, v := ahbCall(t, o, "GET", "/api/v1/brands", nil)
	if st != http.StatusOK || len(ahbList(t, v)) != 5 || !strings.Contains(strings.Join(hdr.Values("Link"), " "), "limit=20") {
		t.Fatalf("default page: %d %d %v", st, len(ahbList(t, v)), hdr.Values("Link"))
	}
	var names []string
	path := "/api/v1/brands?limit=2"
	for pages := 0; path != ""; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		st, hdr, v := ahbCall(t, o, "GET", path, nil)
		if st != http.StatusOK {
			t.Fatalf("page: %d", st)
		}
		list := ahbList(t, v)
		if len(list) > 2 {
			t.Fatalf("page of %d with limit 2", len(list))
		}
		for _, b := range list {
			names = append(names, engine.Str(b, "name"))
		}
		path = ""
		if next := ahbNextLink(hdr); next != "" {
			u, err := url.Parse(next)
			if err != nil {
				t.Fatal(err)
			}
			path = u.RequestURI()
		}
	}
	if strings.Join(names, ",") != "Okta Default,Brand A,Brand B,Brand C,Other" {
		t.Errorf("paged names %v", names)
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/brands?q=brand", nil)
	if len(ahbList(t, v)) != 3 {
		t.Errorf("q=brand matched %d", len(ahbList(t, v)))
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/brands?expand=themes,domains&limit=1", nil)
	b := ahbList(t, v)[0]
	themes, _ := engine.At(b, "_embedded.themes").([]any)
	if len(themes) != 1 || engine.Str(themes[0].(map[string]any), "primaryColorHex") != "#1662dd" {
		t.Errorf("expand=themes: %v", b["_embedded"])
	}
	st, _, v = ahbCall(t, o, "GET", "/api/v1/brands/"+engine.Str(b, "id")+"?expand=themes", nil)
	if st != http.StatusOK || engine.At(ahbObj(t, v), "_embedded.themes") == nil {
		t.Errorf("get with expand: %d %v", st, v)
	}
}

func TestThemes(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	_, _, v := ahbCall(t, o, "POST", "/api/v1/brands", engine.Obj{"name": "Themed"})
	bid := engine.Str(ahbObj(t, v), "id")
	st, _, v := ahbCall(t, o, "GET", "/api/v1/brands/"+bid+"/themes", nil)
	list := ahbList(t, v)
	if st != http.StatusOK || len(list) != 1 {
		t.Fatalf("themes: %d %v", st, v)
	}
	th := list[0]
	want := customization.ThemeDefaults()
	want["favicon"] = o.URL + "/favicon.ico"
	want["id"] = engine.Str(th, "id")
	got := engine.CloneObj(th)
	delete(got, "_links")
	if !reflect.DeepEqual(engine.NormalizeJSON(got), engine.NormalizeJSON(want)) {
		t.Errorf("new theme\n got %v\nwant %v (VCR TestAccDataSourceOktaThemes_read)", got, want)
	}
	if !strings.HasPrefix(engine.Str(th, "id"), "the") || strings.Join(ahbAllow(th, "self"), ",") != "GET,PUT" ||
		strings.Join(ahbAllow(th, "background-image"), ",") != "POST,DELETE" {
		t.Errorf("theme id/links: %v", th)
	}
	path := "/api/v1/brands/" + bid + "/themes/" + engine.Str(th, "id")
	full := engine.Obj{"emailTemplateTouchPointVariant": "OKTA_DEFAULT", "endUserDashboardTouchPointVariant": "OKTA_DEFAULT",
		"errorPageTouchPointVariant": "OKTA_DEFAULT", "primaryColorContrastHex": "#ffffff", "primaryColorHex": "#1662ff",
		"secondaryColorContrastHex": "#000000", "secondaryColorHex": "#fbfbfd", "signInPageTouchPointVariant": "OKTA_DEFAULT"}
	mut := func(f func(b engine.Obj)) engine.Obj { b := engine.CloneObj(full); f(b); return b }
	tests := []struct {
		name       string
		path       string
		body       engine.Obj
		wantStatus int
		wantCode   string
	}{
		{"no primary color", path, mut(func(b engine.Obj) { delete(b, "primaryColorHex") }), 400, "E0000001"},
		{"no sign-in variant", path, mut(func(b engine.Obj) { delete(b, "signInPageTouchPointVariant") }), 400, "E0000001"},
		{"bad variant", path, mut(func(b engine.Obj) { b["errorPageTouchPointVariant"] = "FULL_THEME" }), 400, "E0000001"},
		{"bad color", path, mut(func(b engine.Obj) { b["secondaryColorHex"] = "blue" }), 400, "E0000001"},
		{"color wrong type", path, mut(func(b engine.Obj) { b["primaryColorHex"] = 1662 }), 400, "E0000003"},
		{"unknown theme", "/api/v1/brands/" + bid + "/themes/theNOPE0000000000000", full, 404, "E0000007"},
		{"unknown brand", "/api/v1/brands/bndNOPE0000000000000/themes/" + engine.Str(th, "id"), full, 404, "E0000007"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, _, v := ahbCall(t, o, "PUT", tc.path, tc.body)
			ahbWantError(t, tc.name, st, v, tc.wantStatus, tc.wantCode)
		})
	}
	// The recorded PUT: loadingPageTouchPointVariant left out comes back
	// OKTA_DEFAULT; logo and favicon are the server's.
	st, _, v = ahbCall(t, o, "PUT", path, mut(func(b engine.Obj) { b["logo"] = "https://evil.example.com/logo.png" }))
	got = ahbObj(t, v)
	if st != http.StatusOK || engine.Str(got, "primaryColorHex") != "#1662ff" || engine.Str(got, "loadingPageTouchPointVariant") != "OKTA_DEFAULT" ||
		engine.Str(got, "logo") != customization.ThemeLogo || engine.Str(got, "favicon") != o.URL+"/favicon.ico" || got["backgroundImage"] != nil {
		t.Fatalf("put: %d %v", st, got)
	}
	if _, has := got["backgroundImage"]; !has {
		t.Errorf("backgroundImage should stay as an explicit null")
	}
	st, _, v = ahbCall(t, o, "GET", path, nil)
	if st != http.StatusOK || engine.Str(ahbObj(t, v), "secondaryColorHex") != "#fbfbfd" {
		t.Fatalf("get: %d %v", st, v)
	}
	// No create or delete endpoints.
	st, v = ahbRaw(t, o, "POST", "/api/v1/brands/"+bid+"/themes", full)
	ahbWantError(t, "create theme", st, v, http.StatusMethodNotAllowed, "E0000022")
	st, v = ahbRaw(t, o, "DELETE", path, nil)
	ahbWantError(t, "delete theme", st, v, http.StatusMethodNotAllowed, "E0000022")
	st, _, v = ahbCall(t, o, "GET", "/api/v1/brands/bndNOPE0000000000000/themes", nil)
	ahbWantError(t, "themes of unknown brand", st, v, http.StatusNotFound, "E0000007")
}

// TestAuthenticatorsHooksBrandsSample checks what --sample adds for these
// kinds, and that it is deterministic.
func TestAuthenticatorsHooksBrandsSample(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
	build := func() *conformanceOrg { return newConformanceOrg(t, sandbox.Options{Sample: true, Seed: 7, Now: now}) }
	o := build()
	_, _, v := ahbCall(t, o, "GET", "/api/v1/eventHooks", nil)
	hooks := ahbList(t, v)
	verified, inactive := 0, 0
	for _, h := range hooks {
		if engine.Str(h, "verificationStatus") == "VERIFIED" {
			verified++
		}
		if engine.Str(h, "status") == "INACTIVE" {
			inactive++
		}
	}
	if len(hooks) != 4 || verified != 2 || inactive != 1 {
		t.Errorf("event hooks: %d, %d verified, %d inactive", len(hooks), verified, inactive)
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/inlineHooks", nil)
	channels := map[string]int{}
	for _, h := range ahbList(t, v) {
		channels[engine.Str(h, "channel.type")+" "+engine.Str(h, "channel.config.authType")]++
		if key := engine.Str(h, "channel.config.hookKeyId"); key != "" {
			if st, _, _ := ahbCall(t, o, "GET", "/api/v1/hook-keys/"+key, nil); st != http.StatusOK {
				t.Errorf("%s signs with hook key %s: %d", engine.Str(h, "name"), key, st)
			}
		}
	}
	if channels["HTTP "] != 3 || channels["OAUTH client_secret_post"] != 1 || channels["OAUTH private_key_jwt"] != 1 {
		t.Errorf("inline hook channels %v", channels)
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/brands?expand=themes", nil)
	brands := ahbList(t, v)
	if len(brands) != 4 {
		t.Fatalf("brands: %d", len(brands))
	}
	for _, b := range brands[1:] {
		themes, _ := engine.At(b, "_embedded.themes").([]any)
		if len(themes) != 1 || engine.Str(themes[0].(map[string]any), "primaryColorHex") == "#1662dd" {
			t.Errorf("brand %s theme not customised: %v", engine.Str(b, "name"), themes)
		}
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/authenticators", nil)
	byKey := map[string]engine.Obj{}
	for _, a := range ahbList(t, v) {
		byKey[engine.Str(a, "key")] = a
	}
	if len(byKey) != 7 || engine.Str(byKey["webauthn"], "status") != "ACTIVE" || engine.Str(byKey["okta_email"], "settings.allowedFor") != "any" {
		t.Errorf("authenticators after sample: %v", byKey)
	}

	// Same seed, same clock: the same objects.
	o2 := build()
	for _, table := range []string{"authenticators", "eventHooks", "inlineHooks", "brands"} {
		a, b := o.Srv.Org().List(table, ""), o2.Srv.Org().List(table, "")
		if !reflect.DeepEqual(engine.NormalizeJSON(a), engine.NormalizeJSON(b)) {
			t.Errorf("sample %s differs between two builds", table)
		}
	}
}
