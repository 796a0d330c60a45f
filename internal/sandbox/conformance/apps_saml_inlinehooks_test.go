package conformance

import (
	"net/http"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestAppsSAMLInlineHookLinks: a SAML app's settings.signOn.inlineHooks[]
// carry the hook's _links.self, as Okta renders them (VCR
// TestAccResourceOktaAppSaml_inlineHook), on create, get, list and replace;
// links a client sends back are not stored.
func TestAppsSAMLInlineHookLinks(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	hook := engine.Str(o.obj(http.StatusOK, "POST", "/api/v1/inlineHooks", ahbInlineOAuth("saml")), "id")
	body := appTestSAML("Hooked")
	engine.Set(body, "settings.signOn.inlineHooks", []any{engine.Obj{"id": hook}})
	want := o.URL + "/api/v1/inlineHooks/" + hook
	check := func(what string, app engine.Obj) {
		t.Helper()
		hooks, _ := engine.At(app, "settings.signOn.inlineHooks").([]any)
		if len(hooks) != 1 {
			t.Fatalf("%s: inline hooks %v", what, hooks)
		}
		h := hooks[0].(map[string]any)
		if engine.Str(h, "id") != hook || engine.Str(h, "_links.self.href") != want ||
			len(engine.At(h, "_links.self.hints.allow").([]any)) != 3 {
			t.Errorf("%s: inline hook %v, want id %s and self %s", what, h, hook, want)
		}
	}
	app := o.obj(http.StatusOK, "POST", "/api/v1/apps", body)
	check("create", app)
	id := engine.Str(app, "id")
	got := o.obj(http.StatusOK, "GET", "/api/v1/apps/"+id, nil)
	check("get", got)
	list, _ := o.list("GET", "/api/v1/apps?q=Hooked")
	if len(list) != 1 {
		t.Fatalf("list: %d apps", len(list))
	}
	check("list", list[0].(map[string]any))
	delete(got, "_links")
	check("replace", o.obj(http.StatusOK, "PUT", "/api/v1/apps/"+id, got))
}
