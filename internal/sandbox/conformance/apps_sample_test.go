package conformance

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/apps"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestAppsBuiltIn checks the first-party apps every org has.
func TestAppsBuiltIn(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	_, _, v := o.raw("GET", "/api/v1/apps", nil)
	apps := v.([]any)
	if len(apps) != 3 {
		t.Fatalf("a fresh org has %d apps, want 3", len(apps))
	}
	for i, want := range []string{"saasure", "okta_enduser", "okta_browser_plugin"} {
		a := apps[i].(map[string]any)
		if engine.Str(a, "name") != want || engine.Str(a, "signOnMode") != "OPENID_CONNECT" || engine.Str(a, "status") != "ACTIVE" {
			t.Fatalf("app %d: %s %s %s", i, engine.Str(a, "name"), engine.Str(a, "signOnMode"), engine.Str(a, "status"))
		}
		if pid := o.policyID("ACCESS_POLICY", engine.Str(a, "label")); !strings.HasSuffix(engine.Str(a, "_links.accessPolicy.href"), pid) {
			t.Errorf("%s: accessPolicy %s, want the %q policy", want, engine.Str(a, "_links.accessPolicy.href"), engine.Str(a, "label"))
		}
		id := engine.Str(a, "id")
		for _, req := range []struct{ method, path string }{
			{"DELETE", "/api/v1/apps/" + id},
			{"POST", "/api/v1/apps/" + id + "/lifecycle/deactivate"},
		} {
			o.fails(false, http.StatusForbidden, "E0000006", req.method, req.path, nil)
		}
		body := engine.CloneObj(a)
		body["label"] = "Renamed"
		o.fails(true, http.StatusForbidden, "E0000006", "PUT", "/api/v1/apps/"+id, body)
	}
	admin := apps[0].(map[string]any)
	links := engine.At(admin, "_links.appLinks").([]any)
	if len(links) != 1 || engine.Str(links[0].(map[string]any), "name") != "admin" {
		t.Errorf("admin console appLinks %v", links)
	}
}

func TestAppsAccessPolicy(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{Sample: true})
	a := o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestBookmark("Bound"))
	id := engine.Str(a, "id")
	o.Srv.Org().Lock()
	policies := apps.CustomAccessPolicies(o.Srv.Org())
	o.Srv.Org().Unlock()
	if len(policies) == 0 {
		t.Fatal("the sample has no custom ACCESS_POLICY")
	}
	custom := engine.Str(policies[0], "id")
	if st, _, v := o.call("PUT", "/api/v1/apps/"+id+"/policies/"+custom, nil); st != http.StatusNoContent {
		t.Fatalf("assign: %d %v", st, v)
	}
	got := o.obj(http.StatusOK, "GET", "/api/v1/apps/"+id, nil)
	if !strings.HasSuffix(engine.Str(got, "_links.accessPolicy.href"), "/api/v1/policies/"+custom) {
		t.Fatalf("accessPolicy %s", engine.Str(got, "_links.accessPolicy.href"))
	}
	o.fails(false, http.StatusNotFound, "E0000007", "PUT", "/api/v1/apps/"+id+"/policies/rst00000000000000000", nil)
	o.fails(false, http.StatusNotFound, "E0000007", "PUT", "/api/v1/apps/0oa00000000000000000/policies/"+custom, nil)
	// A policy of another type: 400 (not among the spec's documented answers).
	o.fails(true, http.StatusBadRequest, "E0000001", "PUT", "/api/v1/apps/"+id+"/policies/"+o.policyID("PASSWORD", ""), nil)
	// The policies module refuses to delete a policy in use.
	o.fails(false, http.StatusForbidden, "E0000006", "DELETE", "/api/v1/policies/"+custom, nil)
}

func TestAppsSample(t *testing.T) {
	build := func() (*sandbox.Server, []byte) {
		srv, err := sandbox.New(sandbox.Options{Token: "t", Sample: true, Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }})
		if err != nil {
			t.Fatal(err)
		}
		data, _ := json.Marshal([]any{srv.Org().List("apps", ""), srv.Org().Tables["appAccessPolicy"], srv.Org().Parents("appGroups")})
		return srv, data
	}
	srv, first := build()
	if _, second := build(); !bytes.Equal(first, second) {
		t.Fatalf("the sample is not deterministic")
	}
	o := srv.Org()
	modes := map[string]bool{}
	custom := map[string]int{}
	assigned := 0
	system := ""
	for _, p := range o.List("policies", "") {
		if engine.Str(p, "type") == "ACCESS_POLICY" && engine.BoolAt(p, "system") {
			system = engine.Str(p, "id")
		}
	}
	for _, a := range o.List("apps", "") {
		if apps.IsBuiltIn(a) {
			continue
		}
		modes[engine.Str(a, "signOnMode")+"/"+engine.Str(a, "name")] = true
		if ap := o.Get("appAccessPolicy", "", engine.Str(a, "id")); ap != nil && engine.Str(ap, "policyId") != system {
			custom[engine.Str(ap, "policyId")]++
			custom["total"]++
		}
		assigned += len(o.List("appGroups", engine.Str(a, "id")))
	}
	for _, want := range []string{"OPENID_CONNECT/oidc_client", "BOOKMARK/bookmark", "BROWSER_PLUGIN/template_swa",
		"BROWSER_PLUGIN/template_swa3field", "BASIC_AUTH/template_basic_auth", "SAML_2_0/sandbox_expensereports_1",
		"AUTO_LOGIN/sandbox_supportknowledgebase_1"} {
		if !modes[want] {
			t.Errorf("sample lacks %s (has %v)", want, modes)
		}
	}
	if n := len(o.List("apps", "")) - 3; n < 10 {
		t.Errorf("sample has %d apps", n)
	}
	if n := custom["total"]; n < 2 && len(apps.CustomAccessPolicies(o)) > 0 {
		t.Errorf("want at least two apps on custom policies, got %v", custom)
	}
	if assigned < 10 {
		t.Errorf("only %d group assignments", assigned)
	}
}

func TestAppsGenerate(t *testing.T) {
	srv, err := sandbox.New(sandbox.Options{Token: "t", Sample: true, Generate: map[string]int{"groups": 30, "apps": 40}})
	if err != nil {
		t.Fatal(err)
	}
	o := srv.Org()
	var gen []engine.Obj
	for _, a := range o.List("apps", "") {
		if strings.HasPrefix(engine.Str(a, "label"), "gen-app-") {
			gen = append(gen, a)
		}
	}
	if len(gen) != 40 {
		t.Fatalf("%d generated apps", len(gen))
	}
	modes := map[string]int{}
	onCustom := 0
	for _, a := range gen {
		modes[engine.Str(a, "signOnMode")+"/"+engine.Str(a, "settings.oauthClient.application_type")]++
		n := len(o.List("appGroups", engine.Str(a, "id")))
		if n < 1 || n > 3 {
			t.Errorf("%s has %d group assignments", engine.Str(a, "label"), n)
		}
		if ap := o.Get("appAccessPolicy", "", engine.Str(a, "id")); ap != nil {
			if p := o.Get("policies", "", engine.Str(ap, "policyId")); p != nil && !engine.BoolAt(p, "system") {
				onCustom++
			}
		}
	}
	if len(modes) != 5 || onCustom != 10 {
		t.Errorf("modes %v, %d on custom policies", modes, onCustom)
	}
}
