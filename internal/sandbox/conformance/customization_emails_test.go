package conformance

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/customization"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func TestEmailTemplatesCatalogue(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	brand := "/api/v1/brands/" + engine.Str(ahbDefaultBrand(t, o), "id")

	st, hdr, v := ahbCall(t, o, "GET", brand+"/templates/email?limit=200&expand=settings,customizationCount", nil)
	if st != http.StatusOK {
		t.Fatalf("list: %d %v", st, v)
	}
	list := ahbList(t, v)
	var names []string
	for _, tm := range list {
		names = append(names, engine.Str(tm, "name"))
		if engine.Str(tm, "_embedded.settings.recipients") != "ALL_USERS" {
			t.Errorf("%s: settings %v, want ALL_USERS by default", engine.Str(tm, "name"), tm["_embedded"])
		}
		if n, ok := engine.IntAt(tm, "_embedded.customizationCount"); !ok || n != 0 {
			t.Errorf("%s: customizationCount %v", engine.Str(tm, "name"), engine.At(tm, "_embedded.customizationCount"))
		}
	}
	if len(names) != 31 || !reflect.DeepEqual(names, customization.EmailTemplateNames) {
		t.Errorf("catalogue: %d templates %v (VCR TestAccDataSourceOktaEmailTemplates_read: 31)", len(names), names)
	}
	if got := strings.Join(ahbAllow(list[0], "customizations"), ","); got != "GET,POST,DELETE" {
		t.Errorf("customizations link allows %s", got)
	}
	if ahbNextLink(hdr) != "" {
		t.Errorf("one page of 200 has a next link")
	}

	// Paged without expand: no _embedded, cursor by name.
	st, hdr, v = ahbCall(t, o, "GET", brand+"/templates/email?limit=20", nil)
	if page := ahbList(t, v); st != http.StatusOK || len(page) != 20 || page[0]["_embedded"] != nil {
		t.Fatalf("page 1: %d %d items", st, len(page))
	}
	next := ahbNextLink(hdr)
	if !strings.Contains(next, "after=NewSignOnNotification") {
		t.Fatalf("next link %q", next)
	}
	u := strings.TrimPrefix(next, o.URL)
	_, _, v = ahbCall(t, o, "GET", u, nil)
	if page := ahbList(t, v); len(page) != 11 || engine.Str(page[10], "name") != "MyAccountChangeConfirmation" {
		t.Errorf("page 2: %d items", len(page))
	}

	_, _, v = ahbCall(t, o, "GET", brand+"/templates/email/ForgotPassword", nil)
	if tm := ahbObj(t, v); engine.Str(tm, "name") != "ForgotPassword" || tm["_embedded"] != nil {
		t.Errorf("get: %v", tm)
	}
	_, _, v = ahbCall(t, o, "GET", brand+"/templates/email/ForgotPassword/default-content", nil)
	if dc := ahbObj(t, v); engine.Str(dc, "subject") == "" || !strings.Contains(engine.Str(dc, "body"), "${") {
		t.Errorf("default content %v", dc)
	}
	_, _, v = ahbCall(t, o, "GET", brand+"/templates/email/UserActivation/default-content/preview", nil)
	if p := ahbObj(t, v); strings.Contains(engine.Str(p, "subject"), "${org.name}") {
		t.Errorf("preview left variables in: %v", p)
	}
	if st, _, v := ahbCall(t, o, "POST", brand+"/templates/email/UserActivation/test", nil); st != http.StatusNoContent {
		t.Errorf("test email: %d %v", st, v)
	}

	for _, tc := range []struct{ name, path string }{
		{"unknown template", brand + "/templates/email/NoSuchTemplate"},
		{"template names are case-sensitive", brand + "/templates/email/forgotpassword"},
		{"unknown brand", "/api/v1/brands/bndNOPE0000000000000/templates/email"},
		{"unknown template's settings", brand + "/templates/email/NoSuchTemplate/settings"},
	} {
		st, _, v := ahbCall(t, o, "GET", tc.path, nil)
		ahbWantError(t, tc.name, st, v, http.StatusNotFound, "E0000007")
	}
}

func TestEmailTemplateSettings(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	settings := "/api/v1/brands/" + engine.Str(ahbDefaultBrand(t, o), "id") + "/templates/email/UserActivation/settings"
	// VCR TestAccResourceOktaEmailTemplateSettings_crud.
	for _, r := range []string{"NO_USERS", "ADMINS_ONLY"} {
		st, _, v := ahbCall(t, o, "PUT", settings, engine.Obj{"recipients": r})
		got := ahbObj(t, v)
		if st != http.StatusOK || engine.Str(got, "recipients") != r || engine.Str(got, "_links.template.href") == "" {
			t.Fatalf("put %s: %d %v", r, st, got)
		}
		_, _, v = ahbCall(t, o, "GET", settings, nil)
		if engine.Str(ahbObj(t, v), "recipients") != r {
			t.Errorf("get after put %s: %v", r, v)
		}
	}
	for _, tc := range []struct {
		name string
		body any
		code string
	}{
		{"no recipients", engine.Obj{}, "E0000001"},
		{"unknown recipients", engine.Obj{"recipients": "EVERYONE"}, "E0000001"},
		{"wrong type", engine.Obj{"recipients": true}, "E0000003"},
	} {
		st, _, v := ahbCall(t, o, "PUT", settings, tc.body)
		ahbWantError(t, tc.name, st, v, http.StatusBadRequest, tc.code)
	}
}

// customizationsOf lists a template's customizations by language.
func customizationsOf(t *testing.T, o *conformanceOrg, coll string) map[string]engine.Obj {
	t.Helper()
	_, _, v := ahbCall(t, o, "GET", coll, nil)
	out := map[string]engine.Obj{}
	for _, c := range ahbList(t, v) {
		out[engine.Str(c, "language")] = c
	}
	return out
}

func TestEmailCustomizationsDefaultRules(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	brandID := engine.Str(ahbDefaultBrand(t, o), "id")
	coll := "/api/v1/brands/" + brandID + "/templates/email/ForgotPassword/customizations"

	// The recorded flow (VCR TestAccResourceOktaEmailCustomization_crud).
	en := engine.Obj{"body": "Hi $$user.firstName,<br/><br/>Click this link to reset your password: $$resetPasswordLink",
		"isDefault": true, "language": "en", "subject": "Account password reset"}
	st, _, v := ahbCall(t, o, "POST", coll, en)
	enObj := ahbObj(t, v)
	if st != http.StatusCreated || !strings.HasPrefix(engine.Str(enObj, "id"), "oel") || engine.Str(enObj, "body") != engine.Str(en, "body") ||
		!engine.BoolAt(enObj, "isDefault") || engine.Str(enObj, "created") == "" {
		t.Fatalf("create en: %d %v", st, enObj)
	}
	for _, rel := range []string{"self", "preview", "template", "settings", "test"} {
		if engine.Str(enObj, "_links."+rel+".href") == "" {
			t.Errorf("no %s link", rel)
		}
	}
	if got := strings.Join(ahbAllow(enObj, "self"), ","); got != "GET,PUT,DELETE" {
		t.Errorf("self allows %s", got)
	}
	es := engine.Obj{"body": "Hola $$user.firstName", "isDefault": false, "language": "es", "subject": "Restablecimiento"}
	st, _, v = ahbCall(t, o, "POST", coll, es)
	esObj := ahbObj(t, v)
	if st != http.StatusCreated || engine.BoolAt(esObj, "isDefault") {
		t.Fatalf("create es: %d %v", st, esObj)
	}
	enPath, esPath := coll+"/"+engine.Str(enObj, "id"), coll+"/"+engine.Str(esObj, "id")

	// isDefault: true on es moves the default (#20); en, put without it, stays not default (#21).
	es["isDefault"] = true
	if st, _, v = ahbCall(t, o, "PUT", esPath, es); st != http.StatusOK || !engine.BoolAt(ahbObj(t, v), "isDefault") {
		t.Fatalf("put es default: %d %v", st, v)
	}
	if got := customizationsOf(t, o, coll); engine.BoolAt(got["en"], "isDefault") || !engine.BoolAt(got["es"], "isDefault") {
		t.Fatalf("default did not move: %v", got)
	}
	delete(en, "isDefault")
	if st, _, v = ahbCall(t, o, "PUT", enPath, en); st != http.StatusOK || engine.BoolAt(ahbObj(t, v), "isDefault") {
		t.Fatalf("put en: %d %v", st, v)
	}
	// Leaving isDefault out of the default's PUT keeps it the default.
	delete(es, "isDefault")
	es["subject"] = "Restablecimiento de contraseña"
	if st, _, v = ahbCall(t, o, "PUT", esPath, es); st != http.StatusOK || !engine.BoolAt(ahbObj(t, v), "isDefault") {
		t.Fatalf("put es without isDefault: %d %v", st, v)
	}

	tests := []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"second default", "POST", coll, engine.Obj{"language": "fr", "subject": "s", "body": "b", "isDefault": true}, 409, "E0000182"},
		{"language taken", "POST", coll, engine.Obj{"language": "en", "subject": "s", "body": "b"}, 409, "E0000183"},
		{"rename to a taken language", "PUT", enPath, engine.Obj{"language": "es", "subject": "s", "body": "b"}, 409, "E0000183"},
		{"clear the default's flag", "PUT", esPath, engine.Obj{"language": "es", "subject": "s", "body": "b", "isDefault": false}, 409, "E0000185"},
		{"delete the default", "DELETE", esPath, nil, 409, "E0000184"},
		{"no language", "POST", coll, engine.Obj{"subject": "s", "body": "b"}, 400, "E0000001"},
		{"no subject", "POST", coll, engine.Obj{"language": "de", "body": "b"}, 400, "E0000001"},
		{"no body", "POST", coll, engine.Obj{"language": "de", "subject": "s"}, 400, "E0000001"},
		{"not a language", "POST", coll, engine.Obj{"language": "klingon please", "subject": "s", "body": "b"}, 400, "E0000001"},
		{"isDefault wrong type", "POST", coll, engine.Obj{"language": "de", "subject": "s", "body": "b", "isDefault": "yes"}, 400, "E0000003"},
		{"unknown customization", "GET", coll + "/oelNOPE0000000000000", nil, 404, "E0000007"},
		{"unknown template", "POST", "/api/v1/brands/" + brandID + "/templates/email/Nope/customizations", engine.Obj{"language": "de", "subject": "s", "body": "b"}, 404, "E0000007"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, _, v := ahbCall(t, o, tc.method, tc.path, tc.body)
			ahbWantError(t, tc.name, st, v, tc.status, tc.code)
		})
	}

	// The count shows in the template list; the preview renders variables.
	_, _, v = ahbCall(t, o, "GET", "/api/v1/brands/"+brandID+"/templates/email/ForgotPassword?expand=customizationCount", nil)
	if n, _ := engine.IntAt(ahbObj(t, v), "_embedded.customizationCount"); n != 2 {
		t.Errorf("customizationCount %d, want 2", n)
	}
	_, _, v = ahbCall(t, o, "GET", enPath+"/preview", nil)
	if p := ahbObj(t, v); strings.Contains(engine.Str(p, "body"), "$$user.firstName") || engine.Str(p, "_links.contentSource.href") == "" {
		t.Errorf("preview %v", p)
	}

	// A non-default one deletes (#50); the collection delete removes the rest (#52).
	if st, _, v := ahbCall(t, o, "DELETE", enPath, nil); st != http.StatusNoContent {
		t.Fatalf("delete en: %d %v", st, v)
	}
	if st, _, v := ahbCall(t, o, "DELETE", coll, nil); st != http.StatusNoContent {
		t.Fatalf("delete all: %d %v", st, v)
	}
	if got := customizationsOf(t, o, coll); len(got) != 0 {
		t.Errorf("left after delete all: %v", got)
	}
	// The first customization of an empty template is the default, whatever it says.
	st, _, v = ahbCall(t, o, "POST", coll, engine.Obj{"language": "de", "subject": "s", "body": "b", "isDefault": false})
	if st != http.StatusCreated || !engine.BoolAt(ahbObj(t, v), "isDefault") {
		t.Errorf("first customization: %d %v", st, v)
	}
}

func TestEmailCustomizationsPagingAndBrandDelete(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	_, _, v := ahbCall(t, o, "POST", "/api/v1/brands", engine.Obj{"name": "Mail brand"})
	brandID := engine.Str(ahbObj(t, v), "id")
	coll := "/api/v1/brands/" + brandID + "/templates/email/UserActivation/customizations"
	langs := []string{"en", "fr", "de", "es", "it", "nl-NL", "pt-BR", "sv", "da", "fi", "ja", "ko"}
	for _, l := range langs {
		if st, _, v := ahbCall(t, o, "POST", coll, engine.Obj{"language": l, "subject": "Hi " + l, "body": "<p>" + l + "</p>"}); st != http.StatusCreated {
			t.Fatalf("create %s: %d %v", l, st, v)
		}
	}
	// The default page is 10 (the recorded Link header).
	_, hdr, v := ahbCall(t, o, "GET", coll, nil)
	if n := len(ahbList(t, v)); n != 10 || ahbNextLink(hdr) == "" {
		t.Fatalf("default page: %d items, next %q", n, ahbNextLink(hdr))
	}
	var seen []string
	for path := coll + "?limit=5"; path != ""; {
		_, hdr, v := ahbCall(t, o, "GET", path, nil)
		for _, c := range ahbList(t, v) {
			seen = append(seen, engine.Str(c, "language"))
		}
		path = strings.TrimPrefix(ahbNextLink(hdr), o.URL)
	}
	if !reflect.DeepEqual(seen, langs) {
		t.Errorf("paged: %v", seen)
	}
	if _, _, v := ahbCall(t, o, "PUT", "/api/v1/brands/"+brandID+"/templates/email/UserActivation/settings", engine.Obj{"recipients": "NO_USERS"}); v == nil {
		t.Fatal("settings")
	}
	if st, _, v := ahbCall(t, o, "DELETE", "/api/v1/brands/"+brandID, nil); st != http.StatusNoContent {
		t.Fatalf("delete brand: %d %v", st, v)
	}
	o.Srv.Org().Lock()
	defer o.Srv.Org().Unlock()
	if n := len(o.Srv.Org().List("emailCustomizations", brandID+"/UserActivation")); n != 0 {
		t.Errorf("%d customizations outlived their brand", n)
	}
	if o.Srv.Org().Table("emailSettings", brandID) != nil {
		t.Errorf("settings outlived their brand")
	}
}
