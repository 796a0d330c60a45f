package conformance

import (
	"fmt"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func TestPoliciesLifecycleAndDelete(t *testing.T) {
	o := newPolTestOrg(t, sandbox.Options{})
	p := o.must(200, "POST", "/api/v1/policies", engine.Obj{"type": "ACCESS_POLICY", "name": "Apps"})
	path := "/api/v1/policies/" + engine.Str(p, "id")
	status, _, v := o.call("POST", path+"/lifecycle/deactivate", nil)
	if status != 204 || v != nil {
		t.Fatalf("deactivate: %d %v", status, v)
	}
	if got := o.must(200, "GET", path, nil); engine.Str(got, "status") != "INACTIVE" || engine.At(got, "_links.activate") == nil {
		t.Fatalf("after deactivate: %v", got)
	}
	o.must(204, "POST", path+"/lifecycle/activate", nil)
	if got := o.must(200, "GET", path, nil); engine.Str(got, "status") != "ACTIVE" {
		t.Fatalf("after activate: %v", got)
	}

	// An ACCESS_POLICY that an app uses can't be deleted until the app is
	// re-pointed (the apps module keeps the assignment in appAccessPolicy).
	rules := o.list(path + "/rules")
	o.Srv.Org().Lock()
	appID := "0oaapp00000000000001"
	if apps := o.Srv.Org().List("apps", ""); len(apps) > 0 {
		appID = engine.Str(apps[0], "id")
	}
	prev := o.Srv.Org().Get("appAccessPolicy", "", appID)
	o.Srv.Org().Put("appAccessPolicy", "", appID, engine.Obj{"id": appID, "policyId": engine.Str(p, "id")})
	o.Srv.Org().Unlock()
	o.wantError(403, "E0000006", "DELETE", path, nil)
	o.Srv.Org().Lock()
	if prev != nil {
		o.Srv.Org().Put("appAccessPolicy", "", appID, prev)
	} else {
		o.Srv.Org().Remove("appAccessPolicy", "", appID)
	}
	o.Srv.Org().Unlock()
	o.must(204, "DELETE", path, nil)
	o.wantError(404, "E0000007", "GET", path, nil)
	o.wantError(404, "E0000007", "GET", path+"/rules", nil)
	o.wantError(404, "E0000007", "GET", path+"/rules/"+engine.Str(rules[0], "id"), nil)
	o.Srv.Org().Lock()
	leftover := o.Srv.Org().Table("policyRules", engine.Str(p, "id"))
	o.Srv.Org().Unlock()
	if leftover != nil {
		t.Errorf("rules of a deleted policy are left behind")
	}
}

func TestPolicyRulesCRUD(t *testing.T) {
	o := newPolTestOrg(t, sandbox.Options{})
	eng := polTestGroup(o, "Engineering")
	p := o.must(200, "POST", "/api/v1/policies", engine.Obj{"type": "OKTA_SIGN_ON", "name": "Engineers",
		"conditions": engine.Obj{"people": engine.Obj{"groups": engine.Obj{"include": []any{eng}}}}})
	rules := "/api/v1/policies/" + engine.Str(p, "id") + "/rules"

	r1 := o.must(200, "POST", rules, engine.Obj{"type": "SIGN_ON", "name": "first", "conditions": engine.Obj{"riskScore": engine.Obj{"level": "LOW"}}})
	for path, want := range map[string]string{
		"type":                                         "SIGN_ON",
		"status":                                       "ACTIVE",
		"priority":                                     "1",
		"system":                                       "false",
		"conditions.people.users.exclude":              "[]",
		"conditions.network.connection":                "ANYWHERE",
		"conditions.authContext.authType":              "ANY",
		"conditions.identityProvider.provider":         "ANY",
		"conditions.risk.behaviors":                    "[]",
		"actions.signon.access":                        "ALLOW",
		"actions.signon.primaryFactor":                 "PASSWORD_IDP_ANY_FACTOR",
		"actions.signon.session.maxSessionIdleMinutes": "120",
	} {
		if got := fmt.Sprint(engine.At(r1, path)); got != want {
			t.Errorf("%s = %s, want %s", path, got, want)
		}
	}
	if !strings.HasPrefix(engine.Str(r1, "id"), "0pr") || polTestAllow(r1, "self") != "[GET PUT DELETE]" || engine.At(r1, "_links.deactivate") == nil {
		t.Errorf("id %s links %v", engine.Str(r1, "id"), r1["_links"])
	}
	r2 := o.must(200, "POST", rules+"?activate=false", engine.Obj{"name": "second", "priority": 999})
	r3 := o.must(200, "POST", rules, engine.Obj{"name": "third", "priority": 1})
	if engine.Str(r2, "status") != "INACTIVE" {
		t.Errorf("?activate=false: %s", engine.Str(r2, "status"))
	}
	order := func(q string) string { return strings.Join(polTestNames(o.list(rules+q)), ",") }
	if got := order(""); got != "third:1,first:2,second:3" {
		t.Fatalf("order: %s", got)
	}
	if got := order("?limit=2"); got != "third:1,first:2" {
		t.Errorf("limit: %s", got)
	}
	// Reorder by PUT.
	body := o.must(200, "GET", rules+"/"+engine.Str(r2, "id"), nil)
	body["priority"] = 1
	body["actions"] = engine.Obj{"signon": engine.Obj{"access": "DENY"}}
	got := o.must(200, "PUT", rules+"/"+engine.Str(r2, "id"), body)
	if engine.Str(got, "actions.signon.access") != "DENY" || engine.Str(got, "status") != "INACTIVE" {
		t.Errorf("PUT: %v", got)
	}
	if got := order(""); got != "second:1,third:2,first:3" {
		t.Fatalf("after PUT: %s", got)
	}
	// Lifecycle answers 204.
	o.must(204, "POST", rules+"/"+engine.Str(r2, "id")+"/lifecycle/activate", nil)
	o.must(204, "POST", rules+"/"+engine.Str(r2, "id")+"/lifecycle/deactivate", nil)
	// Delete and renumber.
	o.must(204, "DELETE", rules+"/"+engine.Str(r3, "id"), nil)
	o.wantError(404, "E0000007", "GET", rules+"/"+engine.Str(r3, "id"), nil)
	if got := order(""); got != "second:1,first:2" {
		t.Fatalf("after delete: %s", got)
	}
	o.wantError(404, "E0000007", "POST", "/api/v1/policies/00pnothere0000000000/rules", engine.Obj{"name": "x"})
}

func TestPolicyRulesSystemAndValidation(t *testing.T) {
	o := newPolTestOrg(t, sandbox.Options{Sample: true})
	find := func(typ, name string) engine.Obj {
		for _, p := range o.list("/api/v1/policies?type=" + typ) {
			if engine.Str(p, "name") == name {
				return p
			}
		}
		t.Fatalf("no %s policy %q", typ, name)
		return nil
	}
	access := find("ACCESS_POLICY", "Engineering Apps Policy")
	rules := "/api/v1/policies/" + engine.Str(access, "id") + "/rules"
	var catchAll engine.Obj
	for _, r := range o.list(rules) {
		if engine.BoolAt(r, "system") {
			catchAll = r
		}
	}
	ca := rules + "/" + engine.Str(catchAll, "id")
	o.wantError(403, "E0000006", "DELETE", ca, nil)
	o.wantError(403, "E0000006", "POST", ca+"/lifecycle/deactivate", nil)
	if engine.At(catchAll, "_links.deactivate") != nil || polTestAllow(catchAll, "self") != "[GET PUT]" {
		t.Errorf("catch-all links: %v", catchAll["_links"])
	}
	// The catch-all can be changed but stays at 99 with no conditions.
	body := engine.CloneObj(catchAll)
	delete(body, "_links")
	body["priority"] = 1
	engine.Set(body, "actions.appSignOn.access", "DENY")
	got := o.must(200, "PUT", ca, body)
	if fmt.Sprint(got["priority"]) != "99" || engine.Str(got, "actions.appSignOn.access") != "DENY" || got["conditions"] != nil {
		t.Errorf("catch-all after PUT: %v", got)
	}
	// A new ACCESS_POLICY rule: OIE id, defaults, dense priority below 99.
	r := o.must(200, "POST", rules, engine.Obj{"name": "new", "type": "ACCESS_POLICY", "priority": 50,
		"actions": engine.Obj{"appSignOn": engine.Obj{"access": "ALLOW", "verificationMethod": engine.Obj{"factorMode": "2FA", "type": "ASSURANCE"}}}})
	if !strings.HasPrefix(engine.Str(r, "id"), "rul") || fmt.Sprint(r["priority"]) != "3" ||
		engine.Str(r, "actions.appSignOn.verificationMethod.reauthenticateIn") != "PT12H" ||
		engine.Str(r, "actions.appSignOn.keepMeSignedIn.postAuth") != "NOT_ALLOWED" ||
		fmt.Sprint(engine.At(r, "conditions.userType.include")) != "[]" || engine.Str(r, "conditions.riskScore.level") != "ANY" {
		t.Errorf("new ACCESS_POLICY rule: %v", r)
	}

	// PROFILE_ENROLLMENT policies take no further rules.
	pe := find("PROFILE_ENROLLMENT", "Portal Self-Registration")
	o.wantError(400, "E0000001", "POST", "/api/v1/policies/"+engine.Str(pe, "id")+"/rules", engine.Obj{"name": "more", "type": "PROFILE_ENROLLMENT"})

	// The IdP discovery default rule is immutable.
	disc := find("IDP_DISCOVERY", "Idp Discovery Policy")
	for _, dr := range o.list("/api/v1/policies/" + engine.Str(disc, "id") + "/rules") {
		if engine.BoolAt(dr, "system") {
			b := engine.CloneObj(dr)
			delete(b, "_links")
			o.wantError(403, "E0000006", "PUT", "/api/v1/policies/"+engine.Str(disc, "id")+"/rules/"+engine.Str(dr, "id"), b)
		}
	}

	pw := find("PASSWORD", "Contractor Password Policy")
	pwRules := "/api/v1/policies/" + engine.Str(pw, "id") + "/rules"
	cases := []struct {
		name string
		body engine.Obj
		code string
	}{
		{"no name", engine.Obj{"type": "PASSWORD"}, "E0000001"},
		{"wrong type", engine.Obj{"name": "x", "type": "SIGN_ON"}, "E0000001"},
		{"unknown zone", engine.Obj{"name": "x", "conditions": engine.Obj{"network": engine.Obj{"connection": "ZONE", "include": []any{"nzonothere0000000000"}}}}, "E0000001"},
		{"zone connection without zones", engine.Obj{"name": "x", "conditions": engine.Obj{"network": engine.Obj{"connection": "ZONE"}}}, "E0000001"},
		{"bad connection", engine.Obj{"name": "x", "conditions": engine.Obj{"network": engine.Obj{"connection": "SOMEWHERE"}}}, "E0000001"},
		{"unknown group", engine.Obj{"name": "x", "conditions": engine.Obj{"people": engine.Obj{"groups": engine.Obj{"exclude": []any{"00gnothere0000000000"}}}}}, "E0000001"},
		{"duplicate name", engine.Obj{"name": "Contractors: no self-service reset"}, "E0000001"},
		{"actions not an object", engine.Obj{"name": "x", "actions": "ALLOW"}, "E0000003"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { o.wantError(400, tc.code, "POST", pwRules, tc.body) })
	}
	// A zone that exists is accepted, and connection defaults to ZONE.
	zones := o.list("/api/v1/zones")
	if len(zones) > 0 {
		r := o.must(200, "POST", pwRules, engine.Obj{"name": "office only", "conditions": engine.Obj{"network": engine.Obj{"include": []any{engine.Str(zones[0], "id")}}}})
		if engine.Str(r, "conditions.network.connection") != "ZONE" {
			t.Errorf("network: %v", engine.At(r, "conditions.network"))
		}
	}
	// IdP and app references.
	o.wantError(400, "E0000001", "POST", "/api/v1/policies/"+engine.Str(disc, "id")+"/rules", engine.Obj{"name": "to nowhere",
		"actions": engine.Obj{"idp": engine.Obj{"providers": []any{engine.Obj{"type": "SAML2", "id": "0oanothere0000000000"}}}}})
	o.wantError(400, "E0000001", "POST", "/api/v1/policies/"+engine.Str(disc, "id")+"/rules", engine.Obj{"name": "no app",
		"conditions": engine.Obj{"app": engine.Obj{"include": []any{engine.Obj{"type": "APP", "id": "0oanothere0000000000"}}}}})
}

func TestPoliciesSystemProtected(t *testing.T) {
	o := newPolTestOrg(t, sandbox.Options{})
	o.must(200, "POST", "/api/v1/policies", engine.Obj{"type": "PASSWORD", "name": "First"})
	var def engine.Obj
	for _, p := range o.list("/api/v1/policies?type=PASSWORD") {
		if engine.BoolAt(p, "system") {
			def = p
		}
	}
	path := "/api/v1/policies/" + engine.Str(def, "id")
	o.wantError(403, "E0000006", "DELETE", path, nil)
	o.wantError(403, "E0000006", "POST", path+"/lifecycle/deactivate", nil)

	// The default PASSWORD policy's priority is read-only.
	body := engine.CloneObj(def)
	delete(body, "_links")
	body["priority"] = 1
	o.wantError(400, "E0000077", "PUT", path, body)
	// With its current priority (and a client claiming system=false) the
	// PUT goes through and the policy stays a system policy.
	body["priority"] = 2
	body["system"] = false
	engine.Set(body, "settings.password.complexity.minLength", 10)
	got := o.must(200, "PUT", path, body)
	if !engine.BoolAt(got, "system") || fmt.Sprint(got["priority"]) != "2" || fmt.Sprint(engine.At(got, "settings.password.complexity.minLength")) != "10" {
		t.Errorf("PUT of the default policy: %v", got)
	}
	// Without a priority it keeps its own.
	delete(body, "priority")
	o.must(200, "PUT", path, body)

	// A client can't create a system policy.
	p := o.must(200, "POST", "/api/v1/policies", engine.Obj{"type": "OKTA_SIGN_ON", "name": "Sneaky", "system": true})
	if engine.BoolAt(p, "system") {
		t.Errorf("client-created policy is system: %v", p)
	}
}
