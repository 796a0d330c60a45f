package conformance

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestAppsGeneratedNames checks <subdomain>_<label>_<n> and its counter,
// which survives deletes and is not changed by a replace.
func TestAppsGeneratedNames(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	a := o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestSAML("Payroll (EU)"))
	b := o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestSAML("payroll-eu"))
	if engine.Str(a, "name") != "sandbox_payrolleu_1" || engine.Str(b, "name") != "sandbox_payrolleu_2" {
		t.Fatalf("names %q %q", engine.Str(a, "name"), engine.Str(b, "name"))
	}
	o.obj(http.StatusOK, "POST", "/api/v1/apps/"+engine.Str(b, "id")+"/lifecycle/deactivate", nil)
	if st, _, _ := o.call("DELETE", "/api/v1/apps/"+engine.Str(b, "id"), nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d", st)
	}
	c := o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestSAML("Payroll EU"))
	if engine.Str(c, "name") != "sandbox_payrolleu_3" {
		t.Fatalf("after a delete: %q, want _3", engine.Str(c, "name"))
	}
	body := appTestSAML("Payroll renamed")
	body["name"] = "something_else"
	r := o.obj(http.StatusOK, "PUT", "/api/v1/apps/"+engine.Str(a, "id"), body)
	if engine.Str(r, "name") != "sandbox_payrolleu_1" || engine.Str(r, "label") != "Payroll renamed" {
		t.Fatalf("replace: name %q label %q", engine.Str(r, "name"), engine.Str(r, "label"))
	}
	if engine.Str(r, "credentials.signing.kid") != engine.Str(a, "credentials.signing.kid") {
		t.Errorf("replace changed the kid")
	}
	body = appTestSAML("x")
	engine.Set(body, "credentials.signing.kid", "not-a-key-of-this-app")
	o.fails(false, http.StatusBadRequest, "E0000001", "PUT", "/api/v1/apps/"+engine.Str(a, "id"), body)
	auto := o.obj(http.StatusOK, "POST", "/api/v1/apps", engine.Obj{"label": "Payroll EU", "signOnMode": "AUTO_LOGIN",
		"settings": engine.Obj{"signOn": engine.Obj{"loginUrl": "https://x"}}})
	if engine.Str(auto, "name") != "sandbox_payrolleu_4" {
		t.Errorf("auto-login shares the counter: %q", engine.Str(auto, "name"))
	}
}

func TestAppsListPagingAndFilters(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	var ids []string
	for i := 0; i < 5; i++ {
		q := ""
		if i == 3 {
			q = "?activate=false"
		}
		a := o.obj(http.StatusOK, "POST", "/api/v1/apps"+q, appTestBookmark(fmt.Sprintf("pg-%d", i)))
		ids = append(ids, engine.Str(a, "id"))
	}
	o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestSAML("Other"))

	// Default limit -1: everything (raw: the first-party apps' names are
	// outside the spec's enum, although real Okta returns them so).
	_, _, all := o.raw("GET", "/api/v1/apps", nil)
	if n := len(all.([]any)); n != 3+6 {
		t.Fatalf("unpaged list has %d apps, want 9", n)
	}

	var seen []string
	next := "/api/v1/apps?q=PG-&limit=2"
	pages := 0
	for next != "" {
		arr, hdr := o.list("GET", next)
		pages++
		if len(arr) > 2 {
			t.Fatalf("page of %d", len(arr))
		}
		for _, a := range arr {
			seen = append(seen, engine.Str(a.(map[string]any), "id"))
		}
		next = ""
		for _, l := range hdr.Values("Link") {
			if strings.HasSuffix(l, `rel="next"`) {
				next = strings.TrimPrefix(l[1:strings.Index(l, ">")], o.URL)
			}
		}
	}
	if !reflect.DeepEqual(seen, ids) || pages != 3 {
		t.Fatalf("paged %v in %d pages, want %v in 3", seen, pages, ids)
	}

	arr, _ := o.list("GET", `/api/v1/apps?filter=`+urlq(`status eq "INACTIVE"`))
	if len(arr) != 1 || engine.Str(arr[0].(map[string]any), "id") != ids[3] {
		t.Fatalf("status filter: %v", arr)
	}
	arr, _ = o.list("GET", `/api/v1/apps?filter=`+urlq(`name eq "bookmark" and status eq "ACTIVE"`))
	if len(arr) != 4 {
		t.Fatalf("name and status filter: %d apps", len(arr))
	}
	arr, _ = o.list("GET", "/api/v1/apps?q=sandbox_other")
	if len(arr) != 1 {
		t.Fatalf("q on name: %d apps", len(arr))
	}
	// An unsupported filter is a 400 (not in the spec's documented answers).
	o.fails(true, http.StatusBadRequest, "E0000001", "GET", "/api/v1/apps?filter="+urlq(`label sw "x"`), nil)
}

func urlq(s string) string {
	return strings.NewReplacer(" ", "%20", `"`, "%22").Replace(s)
}

func TestAppsLifecycle(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	a := o.obj(http.StatusOK, "POST", "/api/v1/apps?activate=false", appTestBookmark("Life"))
	id := engine.Str(a, "id")
	if engine.Str(a, "status") != "INACTIVE" || engine.At(a, "_links.activate") == nil || engine.At(a, "_links.deactivate") != nil {
		t.Fatalf("created inactive: %v %v", engine.Str(a, "status"), a["_links"])
	}
	if engine.At(a, "_links.activate.hints") != nil {
		t.Errorf("lifecycle links carry no hints in real Okta")
	}
	for _, step := range []struct{ path, status string }{{"activate", "ACTIVE"}, {"activate", "ACTIVE"}, {"deactivate", "INACTIVE"}, {"activate", "ACTIVE"}} {
		got := o.obj(http.StatusOK, "POST", "/api/v1/apps/"+id+"/lifecycle/"+step.path, nil)
		if len(got) != 0 {
			t.Fatalf("%s answered %v, want {}", step.path, got)
		}
		if s := engine.Str(o.obj(http.StatusOK, "GET", "/api/v1/apps/"+id, nil), "status"); s != step.status {
			t.Fatalf("after %s: %s", step.path, s)
		}
	}
	e := o.fails(false, http.StatusForbidden, "E0000056", "DELETE", "/api/v1/apps/"+id, nil)
	if engine.Str(e, "errorSummary") != "Delete application forbidden." {
		t.Errorf("summary %q", engine.Str(e, "errorSummary"))
	}
	g := o.group("Life group")
	o.obj(http.StatusOK, "PUT", "/api/v1/apps/"+id+"/groups/"+g, engine.Obj{})
	o.obj(http.StatusOK, "POST", "/api/v1/apps/"+id+"/lifecycle/deactivate", nil)
	if st, _, v := o.call("DELETE", "/api/v1/apps/"+id, nil); st != http.StatusNoContent {
		t.Fatalf("delete inactive: %d %v", st, v)
	}
	o.fails(false, http.StatusNotFound, "E0000007", "GET", "/api/v1/apps/"+id, nil)
	o.fails(false, http.StatusNotFound, "E0000007", "POST", "/api/v1/apps/"+id+"/lifecycle/activate", nil)
	o.fails(false, http.StatusNotFound, "E0000007", "GET", "/api/v1/apps/"+id+"/groups", nil)
	o.Srv.Org().Lock()
	left := len(o.Srv.Org().List("appGroups", id)) + len(o.Srv.Org().List("appClientSecrets", id))
	_, policyRow := o.Srv.Org().Tables["appAccessPolicy"].Items[id]
	o.Srv.Org().Unlock()
	if left != 0 || policyRow {
		t.Errorf("delete left side rows behind")
	}
}

func TestAppsReplace(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	a := o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestOIDC("Before", "web"))
	id, secret := engine.Str(a, "id"), engine.Str(a, "credentials.oauthClient.client_secret")

	body := appTestOIDC("After", "web")
	engine.Set(body, "settings.oauthClient.redirect_uris", []any{"https://new.example.com/cb"})
	engine.Set(body, "credentials.oauthClient.client_id", "hijack")
	body["id"], body["created"], body["orn"], body["status"] = "0oaXXXXXXXXXXXXXXXXX", "2000-01-01T00:00:00.000Z", "orn:x", "INACTIVE"
	r := o.obj(http.StatusOK, "PUT", "/api/v1/apps/"+id, body)
	for _, k := range []string{"id", "created", "orn", "name", "status", "credentials.oauthClient.client_id", "credentials.signing.kid"} {
		if !reflect.DeepEqual(engine.At(r, k), engine.At(a, k)) {
			t.Errorf("%s changed: %v → %v", k, engine.At(a, k), engine.At(r, k))
		}
	}
	if engine.Str(r, "label") != "After" || !reflect.DeepEqual(engine.StringsAt(r, "settings.oauthClient.redirect_uris"), []string{"https://new.example.com/cb"}) {
		t.Errorf("replace did not apply: %v", r)
	}
	if engine.At(r, "credentials.oauthClient.client_secret") != nil {
		t.Errorf("a PUT without client_secret must not echo it")
	}
	// A PUT that carries client_secret "" gets the current one back; a
	// new value sets it.
	engine.Set(body, "credentials.oauthClient.client_secret", "")
	r = o.obj(http.StatusOK, "PUT", "/api/v1/apps/"+id, body)
	if engine.Str(r, "credentials.oauthClient.client_secret") != secret {
		t.Errorf("echoed secret %q, want %q", engine.Str(r, "credentials.oauthClient.client_secret"), secret)
	}
	engine.Set(body, "credentials.oauthClient.client_secret", "a-brand-new-secret-value")
	r = o.obj(http.StatusOK, "PUT", "/api/v1/apps/"+id, body)
	if engine.Str(r, "credentials.oauthClient.client_secret") != "a-brand-new-secret-value" {
		t.Errorf("secret not set: %v", r["credentials"])
	}
	if g := o.obj(http.StatusOK, "GET", "/api/v1/apps/"+id, nil); engine.At(g, "credentials.oauthClient.client_secret") != nil {
		t.Errorf("GET shows the secret")
	}
	// Full replace: what the body leaves out is back to its default.
	if engine.At(r, "settings.notes") == nil || engine.Str(r, "settings.oauthClient.consent_method") != "TRUSTED" {
		t.Errorf("defaults not refilled on replace: %v", r["settings"])
	}
	other := appTestBookmark("x")
	o.fails(false, http.StatusBadRequest, "E0000001", "PUT", "/api/v1/apps/"+id, other)
	o.fails(false, http.StatusBadRequest, "E0000001", "PUT", "/api/v1/apps/"+id, engine.Obj{"signOnMode": "OPENID_CONNECT"})
	o.fails(false, http.StatusNotFound, "E0000007", "PUT", "/api/v1/apps/0oa00000000000000000", appTestBookmark("x"))
	// Active apps can be replaced (no deactivate first).
	if s := engine.Str(r, "status"); s != "ACTIVE" {
		t.Errorf("status %s", s)
	}
}
