package conformance

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// signInNullFilled are the widgetCustomizations keys a PUT's answer fills
// with null (VCR TestAccResourceOktaCustomizedSignInPage_crud #6).
var signInNullFilled = []string{"signInLabel", "usernameLabel", "usernameInfoTip", "passwordLabel", "passwordInfoTip",
	"forgotPasswordLabel", "forgotPasswordUrl", "unlockAccountLabel", "unlockAccountUrl", "helpLabel", "helpUrl",
	"customLink1Label", "customLink1Url", "customLink2Label", "customLink2Url", "authenticatorPageCustomLinkLabel",
	"authenticatorPageCustomLinkUrl", "classicRecoveryFlowEmailOrUsernameLabel"}

func TestSignInPages(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	_, _, v := ahbCall(t, o, "POST", "/api/v1/brands", engine.Obj{"name": "testBrand"})
	pages := "/api/v1/brands/" + engine.Str(ahbObj(t, v), "id") + "/pages/sign-in"

	st, _, v := ahbCall(t, o, "GET", pages+"/default", nil)
	def := ahbObj(t, v)
	if st != http.StatusOK || !strings.HasPrefix(engine.Str(def, "pageContent"), "<!DOCTYPE html") || engine.Str(def, "widgetVersion") != "^7" ||
		engine.Str(def, "widgetCustomizations.postAuthKeepMeSignedInPrompt.title") != "Keep me signed in" {
		t.Fatalf("default page (VCR TestAccDataSourceOktaDefaultSigninPage_read): %d %v", st, def)
	}
	for _, variant := range []string{"customized", "preview"} {
		st, _, v := ahbCall(t, o, "GET", pages+"/"+variant, nil)
		ahbWantError(t, variant+" before any PUT", st, v, http.StatusNotFound, "E0000007")
	}

	// A full page (#6): every widget key comes back, nulls included, no
	// postAuthKeepMeSignedInPrompt and no CSP in the PUT's answer.
	body := engine.Obj{"pageContent": "<html>\n<body>{{{SignInWidgetResources}}}</body>\n</html>\n",
		"widgetCustomizations": engine.Obj{"showPasswordVisibilityToggle": false, "showUserIdentifier": false, "widgetGeneration": "G2"},
		"widgetVersion":        "^6"}
	st, _, v = ahbCall(t, o, "PUT", pages+"/customized", body)
	got := ahbObj(t, v)
	if st != http.StatusOK || engine.Str(got, "pageContent") != engine.Str(body, "pageContent") || engine.Str(got, "widgetVersion") != "^6" {
		t.Fatalf("put: %d %v", st, got)
	}
	wc, _ := got["widgetCustomizations"].(map[string]any)
	for _, k := range signInNullFilled {
		if x, has := wc[k]; !has || x != nil {
			t.Errorf("widgetCustomizations.%s = %v (present %v), want null", k, x, has)
		}
	}
	if _, has := wc["postAuthKeepMeSignedInPrompt"]; has {
		t.Errorf("the PUT's answer has postAuthKeepMeSignedInPrompt")
	}
	if _, has := got["contentSecurityPolicySetting"]; has {
		t.Errorf("CSP in an answer to a PUT without one")
	}
	// A GET adds the keep-me-signed-in prompt, null-filled (#10).
	_, _, v = ahbCall(t, o, "GET", pages+"/customized", nil)
	want := engine.Obj{"title": nil, "subtitle": nil, "acceptButtonText": nil, "rejectButtonText": nil}
	if kp := engine.At(ahbObj(t, v), "widgetCustomizations.postAuthKeepMeSignedInPrompt"); !reflect.DeepEqual(kp, want) {
		t.Errorf("GET postAuthKeepMeSignedInPrompt %v", kp)
	}

	// Only widget customizations (#7): pageContent and widgetVersion null.
	st, _, v = ahbCall(t, o, "PUT", pages+"/customized", engine.Obj{"widgetCustomizations": engine.Obj{"helpLabel": "Help URL Test",
		"helpUrl": "https://helpurltest.com", "widgetGeneration": "G3"}})
	got = ahbObj(t, v)
	if st != http.StatusOK || got["pageContent"] != nil || got["widgetVersion"] != nil || engine.Str(got, "widgetCustomizations.helpLabel") != "Help URL Test" ||
		engine.At(got, "widgetCustomizations.showUserIdentifier") != false {
		t.Fatalf("put widget only: %d %v", st, got)
	}

	// A CSP comes back as sent, on the PUT and the GETs after (#16, #21); the preview too.
	csp := engine.Obj{"mode": "report_only", "reportUri": "", "srcList": []any{"https://idp.example.com/authorize"}}
	body["contentSecurityPolicySetting"] = csp
	for _, variant := range []string{"customized", "preview"} {
		if st, _, v = ahbCall(t, o, "PUT", pages+"/"+variant, body); st != http.StatusOK ||
			!reflect.DeepEqual(engine.At(ahbObj(t, v), "contentSecurityPolicySetting"), map[string]any(csp)) {
			t.Fatalf("put %s with CSP: %d %v", variant, st, v)
		}
		_, _, v = ahbCall(t, o, "GET", pages+"/"+variant, nil)
		if !reflect.DeepEqual(engine.At(ahbObj(t, v), "contentSecurityPolicySetting"), map[string]any(csp)) {
			t.Errorf("GET %s lost the CSP: %v", variant, v)
		}
	}

	st, _, v = ahbCall(t, o, "GET", pages+"?expand=default,customized,customizedUrl,preview,previewUrl", nil)
	root := ahbObj(t, v)
	for _, k := range []string{"_embedded.default.pageContent", "_embedded.customized.pageContent", "_embedded.preview.pageContent",
		"_embedded.customizedUrl", "_embedded.previewUrl", "_links.self.href", "_links.customized.href"} {
		if engine.Str(root, k) == "" {
			t.Errorf("root: no %s (%d %v)", k, st, root)
		}
	}
	_, _, v = ahbCall(t, o, "GET", pages+"/widget-versions", nil)
	if arr, _ := v.([]any); len(arr) == 0 {
		t.Errorf("widget versions %v", v)
	}

	// DELETE reverts to the default (#23, preview #7).
	for _, variant := range []string{"customized", "preview"} {
		if st, _, v := ahbCall(t, o, "DELETE", pages+"/"+variant, nil); st != http.StatusNoContent {
			t.Fatalf("delete %s: %d %v", variant, st, v)
		}
		st, _, v := ahbCall(t, o, "GET", pages+"/"+variant, nil)
		ahbWantError(t, variant+" after delete", st, v, http.StatusNotFound, "E0000007")
	}

	for _, tc := range []struct {
		name string
		path string
		body any
		code string
	}{
		{"full semver-less garbage version", pages + "/customized", engine.Obj{"widgetVersion": "latest"}, "E0000001"},
		{"unknown CSP mode", pages + "/customized", engine.Obj{"contentSecurityPolicySetting": engine.Obj{"mode": "block"}}, "E0000001"},
		{"pageContent wrong type", pages + "/preview", engine.Obj{"pageContent": 7}, "E0000003"},
		{"error page CSP mode", strings.Replace(pages, "sign-in", "error", 1) + "/customized", engine.Obj{"contentSecurityPolicySetting": engine.Obj{"mode": "off"}}, "E0000001"},
	} {
		st, _, v := ahbCall(t, o, "PUT", tc.path, tc.body)
		ahbWantError(t, tc.name, st, v, http.StatusBadRequest, tc.code)
	}
	st, _, v = ahbCall(t, o, "GET", "/api/v1/brands/bndNOPE0000000000000/pages/sign-in/default", nil)
	ahbWantError(t, "unknown brand", st, v, http.StatusNotFound, "E0000007")
}

func TestErrorAndSignOutPages(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	pages := "/api/v1/brands/" + engine.Str(ahbDefaultBrand(t, o), "id") + "/pages"

	_, _, v := ahbCall(t, o, "GET", pages+"/error/default", nil)
	if !strings.Contains(engine.Str(ahbObj(t, v), "pageContent"), "{{errorSummary}}") {
		t.Errorf("default error page %v", v)
	}
	body := engine.Obj{"pageContent": "<html><body>{{errorSummary}}</body></html>",
		"contentSecurityPolicySetting": engine.Obj{"mode": "enforced", "srcList": []any{}}}
	if st, _, v := ahbCall(t, o, "PUT", pages+"/error/customized", body); st != http.StatusOK || engine.Str(ahbObj(t, v), "pageContent") != engine.Str(body, "pageContent") {
		t.Fatalf("put error page: %d %v", st, v)
	}
	if st, _, v := ahbCall(t, o, "PUT", pages+"/error/preview", engine.Obj{}); st != http.StatusOK || ahbObj(t, v)["pageContent"] != nil {
		t.Fatalf("put empty preview: %d %v", st, v)
	}

	st, _, v := ahbCall(t, o, "GET", pages+"/sign-out/customized", nil)
	if st != http.StatusOK || !reflect.DeepEqual(ahbObj(t, v), engine.Obj{"type": "OKTA_DEFAULT"}) {
		t.Fatalf("default sign-out page: %d %v", st, v)
	}
	ext := engine.Obj{"type": "EXTERNALLY_HOSTED", "url": "https://example.com/bye"}
	if st, _, v := ahbCall(t, o, "PUT", pages+"/sign-out/customized", ext); st != http.StatusOK || !reflect.DeepEqual(ahbObj(t, v), ext) {
		t.Fatalf("put sign-out: %d %v", st, v)
	}
	_, _, v = ahbCall(t, o, "GET", pages+"/sign-out/customized", nil)
	if !reflect.DeepEqual(ahbObj(t, v), ext) {
		t.Errorf("get sign-out %v", v)
	}
	if _, _, v := ahbCall(t, o, "PUT", pages+"/sign-out/customized", engine.Obj{"type": "OKTA_DEFAULT", "url": "https://x"}); !reflect.DeepEqual(ahbObj(t, v), engine.Obj{"type": "OKTA_DEFAULT"}) {
		t.Errorf("OKTA_DEFAULT keeps no url: %v", v)
	}
	for _, tc := range []struct {
		name string
		body any
	}{
		{"no type", engine.Obj{"url": "https://example.com"}},
		{"unknown type", engine.Obj{"type": "SOMEWHERE"}},
		{"externally hosted without url", engine.Obj{"type": "EXTERNALLY_HOSTED"}},
		{"externally hosted with a bad url", engine.Obj{"type": "EXTERNALLY_HOSTED", "url": "example.com"}},
	} {
		st, _, v := ahbCall(t, o, "PUT", pages+"/sign-out/customized", tc.body)
		ahbWantError(t, tc.name, st, v, http.StatusBadRequest, "E0000001")
	}
}
