package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// polTestOrg is a conformance org (every answer is checked against the
// official spec) with JSON helpers for the policy tests.
type polTestOrg struct {
	*conformanceOrg
	t *testing.T
}

func newPolTestOrg(t *testing.T, opts Options) polTestOrg {
	t.Helper()
	return polTestOrg{newConformanceOrg(t, opts), t}
}

// call sends a spec-checked request and decodes the JSON answer.
func (o polTestOrg) call(method, path string, body any) (int, http.Header, any) {
	o.t.Helper()
	status, hdr, data := o.do(o.t, method, path, body)
	return status, hdr, polTestDecode(o.t, data)
}

// unchecked sends a request whose answer is not spec-checked: for the
// answers the spec does not document (each use says which).
func (o polTestOrg) unchecked(method, path string) (int, any) {
	o.t.Helper()
	req, err := http.NewRequest(method, o.URL+path, nil)
	if err != nil {
		o.t.Fatal(err)
	}
	req.Header.Set("Authorization", "SSWS "+o.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		o.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, polTestDecode(o.t, data)
}

// must sends a request and fails the test unless the status is want.
func (o polTestOrg) must(want int, method, path string, body any) Obj {
	o.t.Helper()
	status, _, v := o.call(method, path, body)
	if status != want {
		o.t.Fatalf("%s %s: status %d, want %d: %v", method, path, status, want, v)
	}
	m, _ := v.(map[string]any)
	return m
}

// list GETs a collection and returns its items.
func (o polTestOrg) list(path string) []Obj {
	o.t.Helper()
	status, _, v := o.call("GET", path, nil)
	if status != 200 {
		o.t.Fatalf("GET %s: %d %v", path, status, v)
	}
	var out []Obj
	for _, x := range v.([]any) {
		out = append(out, x.(map[string]any))
	}
	return out
}

// rules lists a policy's rules. MFA_ENROLL rules are fetched without the
// spec check: real Okta types them MFA_ENROLL, a value the spec's
// listPolicyRules discriminator does not map.
func (o polTestOrg) rules(policyID string) []Obj {
	o.t.Helper()
	path := "/api/v1/policies/" + policyID + "/rules"
	o.Srv.Org().Lock()
	typ := str(o.Srv.Org().get("policies", "", policyID), "type")
	o.Srv.Org().Unlock()
	if typ != "MFA_ENROLL" {
		return o.list(path)
	}
	status, v := o.unchecked("GET", path)
	if status != 200 {
		o.t.Fatalf("GET %s: %d %v", path, status, v)
	}
	var out []Obj
	for _, x := range v.([]any) {
		out = append(out, x.(map[string]any))
	}
	return out
}

// wantError checks an error answer's status and errorCode.
func (o polTestOrg) wantError(status int, code, method, path string, body any) {
	o.t.Helper()
	got, _, v := o.call(method, path, body)
	m, _ := v.(map[string]any)
	if got != status || str(m, "errorCode") != code {
		o.t.Fatalf("%s %s: got %d %v, want %d %s", method, path, got, v, status, code)
	}
}

func polTestDecode(t *testing.T, data []byte) any {
	t.Helper()
	if len(data) == 0 {
		return nil
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("not JSON: %v: %s", err, data)
	}
	return v
}

func polTestNames(items []Obj) []string {
	var out []string
	for _, it := range items {
		out = append(out, fmt.Sprintf("%s:%v", str(it, "name"), at(it, "priority")))
	}
	return out
}

func polTestGroup(o polTestOrg, name string) string {
	o.t.Helper()
	g := o.must(200, "POST", "/api/v1/groups", Obj{"profile": Obj{"name": name}})
	return str(g, "id")
}

func polTestAllow(o Obj, link string) string {
	return fmt.Sprint(at(o, "_links."+link+".hints.allow"))
}

func TestPoliciesSeed(t *testing.T) {
	o := newPolTestOrg(t, Options{})
	want := map[string][]string{
		"OKTA_SIGN_ON":       {"Default Policy:1"},
		"PASSWORD":           {"Default Policy:1"},
		"MFA_ENROLL":         {"Default Policy:1"},
		"IDP_DISCOVERY":      {"Idp Discovery Policy:1"},
		"ACCESS_POLICY":      {"Okta Admin Console:1", "Okta Dashboard:1", "Okta Browser Plugin:1", "Default Policy:1"},
		"PROFILE_ENROLLMENT": {"Default Policy:1"},
	}
	for typ, names := range want {
		items := o.list("/api/v1/policies?type=" + typ)
		if got := polTestNames(items); strings.Join(got, ",") != strings.Join(names, ",") {
			t.Errorf("%s: %v, want %v", typ, got, names)
		}
		systems := 0
		for _, p := range items {
			prefix := "00p"
			if policyTypeIsOIE(typ) {
				prefix = "rst"
			}
			if !strings.HasPrefix(str(p, "id"), prefix) {
				t.Errorf("%s id %s, want prefix %s", typ, str(p, "id"), prefix)
			}
			if !boolAt(p, "system") {
				continue
			}
			systems++
			if polTestAllow(p, "self") != "[GET PUT]" || at(p, "_links.deactivate") != nil || at(p, "_links.mappings") != nil {
				t.Errorf("%s system policy links: %v", typ, p["_links"])
			}
			rules := o.rules(str(p, "id"))
			if len(rules) != 1 || !boolAt(rules[0], "system") {
				t.Fatalf("%s system policy rules: %v", typ, rules)
			}
			r := rules[0]
			wantRule, wantPrio, wantPrefix := "Default Rule:1", 1, "0pr"
			if policyTypeIsOIE(typ) {
				wantRule, wantPrio, wantPrefix = "Catch-all Rule:99", 99, "rul"
			}
			if n, _ := intAt(r, "priority"); polTestNames(rules)[0] != wantRule || n != wantPrio || !strings.HasPrefix(str(r, "id"), wantPrefix) {
				t.Errorf("%s default rule %v (%s)", typ, polTestNames(rules), str(r, "id"))
			}
			if str(r, "type") != policyRuleType(typ) {
				t.Errorf("%s default rule type %s", typ, str(r, "type"))
			}
			if polTestAllow(r, "self") != "[GET PUT]" && !(typ == "IDP_DISCOVERY" && polTestAllow(r, "self") == "[GET]") {
				t.Errorf("%s default rule links %v", typ, r["_links"])
			}
		}
		if systems != 1 {
			t.Errorf("%s: %d system policies, want 1", typ, systems)
		}
		if typ == "ACCESS_POLICY" {
			for _, p := range items {
				if p["conditions"] != nil {
					t.Errorf("ACCESS_POLICY %s: conditions %v", str(p, "name"), p["conditions"])
				}
			}
		}
	}
	// The classic defaults apply to Everyone.
	pw := o.list("/api/v1/policies?type=PASSWORD")[0]
	everyone := o.list("/api/v1/groups?q=Everyone")[0]
	if fmt.Sprint(at(pw, "conditions.people.groups.include")) != "["+str(everyone, "id")+"]" ||
		str(pw, "conditions.authProvider.provider") != "OKTA" {
		t.Errorf("default PASSWORD conditions: %v", pw["conditions"])
	}
	if n, _ := intAt(pw, "settings.password.complexity.minLength"); n != 8 {
		t.Errorf("default PASSWORD settings: %v", pw["settings"])
	}
	mfa := o.list("/api/v1/policies?type=MFA_ENROLL")[0]
	if str(mfa, "settings.type") != "AUTHENTICATORS" || len(at(mfa, "settings.authenticators").([]any)) == 0 {
		t.Errorf("default MFA_ENROLL settings: %v", mfa["settings"])
	}
}

func TestPoliciesCreateDefaults(t *testing.T) {
	o := newPolTestOrg(t, Options{})
	eng := polTestGroup(o, "Engineering")
	cases := []struct {
		name, query string
		body        Obj
		check       func(t *testing.T, p Obj)
	}{
		{"sign-on", "", Obj{"type": "OKTA_SIGN_ON", "name": "Engineers", "conditions": Obj{"people": Obj{"groups": Obj{"include": []any{eng}}}}},
			func(t *testing.T, p Obj) {
				if !strings.HasPrefix(str(p, "id"), "00p") || str(p, "status") != "ACTIVE" || boolAt(p, "system") {
					t.Errorf("id/status/system: %s %s %v", str(p, "id"), str(p, "status"), p["system"])
				}
				if n, _ := intAt(p, "priority"); n != 1 {
					t.Errorf("priority %d, want 1 (before the default policy)", n)
				}
				if polTestAllow(p, "self") != "[GET PUT DELETE]" || at(p, "_links.deactivate.href") == nil || at(p, "_links.mappings.href") == nil {
					t.Errorf("links %v", p["_links"])
				}
			}},
		{"password defaults", "", Obj{"type": "PASSWORD", "name": "Strict", "settings": Obj{"password": Obj{"complexity": Obj{"minLength": 14}}}},
			func(t *testing.T, p Obj) {
				for path, want := range map[string]string{
					"settings.password.complexity.minLength":                                      "14",
					"settings.password.complexity.minUpperCase":                                   "1",
					"settings.password.age.historyCount":                                          "4",
					"settings.password.lockout.maxAttempts":                                       "10",
					"settings.password.breachedProtection.logoutEnabled":                          "false",
					"settings.recovery.factors.okta_email.status":                                 "ACTIVE",
					"settings.recovery.factors.recovery_question.properties.complexity.minLength": "4",
					"settings.delegation.options.skipUnlock":                                      "false",
					"conditions.authProvider.provider":                                            "OKTA",
				} {
					if got := fmt.Sprint(at(p, path)); got != want {
						t.Errorf("%s = %s, want %s", path, got, want)
					}
				}
				if len(stringsAt(p, "conditions.people.groups.include")) != 1 {
					t.Errorf("no Everyone default: %v", p["conditions"])
				}
			}},
		{"inactive via query", "?activate=false", Obj{"type": "OKTA_SIGN_ON", "name": "Later"},
			func(t *testing.T, p Obj) {
				if str(p, "status") != "INACTIVE" || at(p, "_links.activate.href") == nil {
					t.Errorf("status %s links %v", str(p, "status"), p["_links"])
				}
			}},
		{"mfa enroll", "", Obj{"type": "MFA_ENROLL", "name": "Verify", "settings": Obj{"authenticators": []any{
			Obj{"key": "okta_verify", "enroll": Obj{"self": "REQUIRED"}}}}},
			func(t *testing.T, p Obj) {
				if str(p, "settings.type") != "AUTHENTICATORS" {
					t.Errorf("settings.type %v", at(p, "settings.type"))
				}
				found := 0
				for _, e := range at(p, "settings.authenticators").([]any) {
					m := e.(map[string]any)
					switch str(m, "key") {
					case "okta_verify":
						if str(m, "enroll.self") != "REQUIRED" {
							t.Errorf("okta_verify %v", m)
						}
					default:
						if str(m, "enroll.self") != "NOT_ALLOWED" {
							t.Errorf("%s should default to NOT_ALLOWED: %v", str(m, "key"), m)
						}
					}
					found++
				}
				if found < 2 {
					t.Errorf("authenticators not filled in: %v", at(p, "settings.authenticators"))
				}
			}},
		{"access policy", "", Obj{"type": "ACCESS_POLICY", "name": "Apps", "description": "d", "priority": 5, "conditions": Obj{"people": Obj{}}},
			func(t *testing.T, p Obj) {
				if !strings.HasPrefix(str(p, "id"), "rst") || p["conditions"] != nil || fmt.Sprint(p["priority"]) != "1" {
					t.Errorf("id %s conditions %v priority %v", str(p, "id"), p["conditions"], p["priority"])
				}
				if _, ok := p["_embedded"]; ok {
					t.Errorf("a single ACCESS_POLICY has no _embedded: %v", p["_embedded"])
				}
				rules := o.list("/api/v1/policies/" + str(p, "id") + "/rules")
				if len(rules) != 1 || str(rules[0], "name") != "Catch-all Rule" || fmt.Sprint(rules[0]["priority"]) != "99" ||
					!boolAt(rules[0], "system") || rules[0]["conditions"] != nil || str(rules[0], "actions.appSignOn.access") != "ALLOW" ||
					!strings.HasPrefix(str(rules[0], "id"), "rul") {
					t.Errorf("catch-all rule: %v", rules)
				}
			}},
		{"profile enrollment", "", Obj{"type": "PROFILE_ENROLLMENT", "name": "Sign up"},
			func(t *testing.T, p Obj) {
				rules := o.list("/api/v1/policies/" + str(p, "id") + "/rules")
				if len(rules) != 1 || str(rules[0], "actions.profileEnrollment.unknownUserAction") != "REGISTER" ||
					fmt.Sprint(at(rules[0], "actions.profileEnrollment.allowedIdentifiers")) != "[login]" {
					t.Errorf("catch-all rule: %v", rules)
				}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := o.must(200, "POST", "/api/v1/policies"+tc.query, tc.body)
			tc.check(t, p)
			got := o.must(200, "GET", "/api/v1/policies/"+str(p, "id"), nil)
			delete(got, "_links")
			delete(p, "_links")
			if !reflect.DeepEqual(normalizeJSON(got), normalizeJSON(p)) {
				t.Errorf("GET differs from the create answer:\n%v\n%v", got, p)
			}
		})
	}
}

func TestPoliciesValidation(t *testing.T) {
	o := newPolTestOrg(t, Options{})
	o.must(200, "POST", "/api/v1/policies", Obj{"type": "OKTA_SIGN_ON", "name": "Taken"})
	cases := []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"no name", Obj{"type": "OKTA_SIGN_ON"}, 400, "E0000001"},
		{"no type", Obj{"name": "x"}, 400, "E0000001"},
		{"unknown type", Obj{"type": "NOPE", "name": "x"}, 400, "E0000001"},
		{"idp discovery can't be created", Obj{"type": "IDP_DISCOVERY", "name": "x"}, 400, "E0000001"},
		{"name is a number", Obj{"type": "OKTA_SIGN_ON", "name": 5}, 400, "E0000003"},
		{"not JSON", "{", 400, "E0000003"},
		{"duplicate name per type", Obj{"type": "OKTA_SIGN_ON", "name": "taken"}, 400, "E0000001"},
		{"unknown group", Obj{"type": "OKTA_SIGN_ON", "name": "x", "conditions": Obj{"people": Obj{"groups": Obj{"include": []any{"00gnothere0000000000"}}}}}, 400, "E0000001"},
		{"unknown user", Obj{"type": "PASSWORD", "name": "x", "conditions": Obj{"people": Obj{"users": Obj{"exclude": []any{"00unothere0000000000"}}}}}, 400, "E0000001"},
		{"unknown authenticator", Obj{"type": "MFA_ENROLL", "name": "x", "settings": Obj{"authenticators": []any{Obj{"key": "carrier_pigeon"}}}}, 400, "E0000001"},
		{"bad auth provider", Obj{"type": "PASSWORD", "name": "x", "conditions": Obj{"authProvider": Obj{"provider": "NOPE"}}}, 400, "E0000001"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o.wantError(tc.status, tc.code, "POST", "/api/v1/policies", tc.body)
		})
	}
	// The same name under another type is fine.
	o.must(200, "POST", "/api/v1/policies", Obj{"type": "PASSWORD", "name": "Taken"})
	o.wantError(404, "E0000007", "GET", "/api/v1/policies/00pnothere0000000000", nil)
	p := o.list("/api/v1/policies?type=OKTA_SIGN_ON")[0]
	o.wantError(400, "E0000001", "PUT", "/api/v1/policies/"+str(p, "id"), Obj{"type": "PASSWORD", "name": "Taken"})

	// `type` is required on the list; the spec documents no 400 for it, so
	// these answers are not spec-checked.
	for _, q := range []string{"", "?type=NOPE", "?type=PASSWORD&status=MAYBE"} {
		status, v := o.unchecked("GET", "/api/v1/policies"+q)
		if status != 400 || str(v.(map[string]any), "errorCode") != "E0000001" {
			t.Errorf("GET /api/v1/policies%s: %d %v", q, status, v)
		}
	}
	// A valid type the org has no policies of lists nothing.
	if got := o.list("/api/v1/policies?type=POST_AUTH_SESSION"); len(got) != 0 {
		t.Errorf("POST_AUTH_SESSION: %v", got)
	}
}

func TestPoliciesListPaging(t *testing.T) {
	o := newPolTestOrg(t, Options{})
	for i := 1; i <= 5; i++ {
		o.must(200, "POST", "/api/v1/policies", Obj{"type": "OKTA_SIGN_ON", "name": fmt.Sprintf("p%d", i)})
	}
	o.must(200, "POST", "/api/v1/policies?activate=false", Obj{"type": "OKTA_SIGN_ON", "name": "off"})
	var names []string
	next := "/api/v1/policies?type=OKTA_SIGN_ON&limit=2"
	pages := 0
	for next != "" {
		status, hdr, v := o.call("GET", next, nil)
		if status != 200 {
			t.Fatalf("GET %s: %d", next, status)
		}
		items := v.([]any)
		if len(items) > 2 {
			t.Fatalf("page of %d with limit 2", len(items))
		}
		for _, it := range items {
			names = append(names, str(it.(map[string]any), "name"))
		}
		next = ""
		for _, l := range hdr.Values("Link") {
			if strings.HasSuffix(l, `rel="next"`) {
				u, _ := url.Parse(strings.TrimSuffix(strings.TrimPrefix(l, "<"), `>; rel="next"`))
				next = u.RequestURI()
			}
		}
		pages++
	}
	if want := "p1,p2,p3,p4,p5,off,Default Policy"; strings.Join(names, ",") != want || pages != 4 {
		t.Errorf("paged %v in %d pages, want %s in 4", names, pages, want)
	}
	if got := polTestNames(o.list("/api/v1/policies?type=OKTA_SIGN_ON&status=INACTIVE")); fmt.Sprint(got) != "[off:6]" {
		t.Errorf("status filter: %v", got)
	}
	if got := polTestNames(o.list("/api/v1/policies?type=OKTA_SIGN_ON&q=P")); len(got) != 5 {
		t.Errorf("q prefix: %v", got)
	}
	if got := polTestNames(o.list("/api/v1/policies?type=OKTA_SIGN_ON&sortBy=name")); got[0] != "Default Policy:7" || got[1] != "off:6" {
		t.Errorf("sortBy=name: %v", got)
	}
	// Without a limit everything comes at once, with only a self link.
	_, hdr, _ := o.call("GET", "/api/v1/policies?type=OKTA_SIGN_ON", nil)
	if l := hdr.Values("Link"); len(l) != 1 || !strings.Contains(l[0], `rel="self"`) {
		t.Errorf("Link without limit: %v", l)
	}
}

func TestPoliciesPriorities(t *testing.T) {
	o := newPolTestOrg(t, Options{})
	base := "/api/v1/policies"
	a := o.must(200, "POST", base, Obj{"type": "PASSWORD", "name": "A"})
	b := o.must(200, "POST", base, Obj{"type": "PASSWORD", "name": "B", "priority": 99})
	c := o.must(200, "POST", base, Obj{"type": "PASSWORD", "name": "C", "priority": 1})
	order := func() string { return strings.Join(polTestNames(o.list(base+"?type=PASSWORD")), ",") }
	if got := order(); got != "C:1,A:2,B:3,Default Policy:4" {
		t.Fatalf("after inserts: %s", got)
	}
	body := o.must(200, "GET", base+"/"+str(b, "id"), nil)
	body["priority"] = 1
	o.must(200, "PUT", base+"/"+str(b, "id"), body)
	if got := order(); got != "B:1,C:2,A:3,Default Policy:4" {
		t.Fatalf("after moving B to 1: %s", got)
	}
	o.must(204, "DELETE", base+"/"+str(c, "id"), nil)
	if got := order(); got != "B:1,A:2,Default Policy:3" {
		t.Fatalf("after deleting C: %s", got)
	}
	// A PUT without a priority keeps the place.
	body = o.must(200, "GET", base+"/"+str(a, "id"), nil)
	delete(body, "priority")
	body["description"] = "kept"
	o.must(200, "PUT", base+"/"+str(a, "id"), body)
	if got := order(); got != "B:1,A:2,Default Policy:3" {
		t.Fatalf("after PUT without priority: %s", got)
	}
	// Other types keep their own order; ACCESS_POLICYs all report 1.
	if got := strings.Join(polTestNames(o.list(base+"?type=OKTA_SIGN_ON")), ","); got != "Default Policy:1" {
		t.Errorf("OKTA_SIGN_ON: %s", got)
	}
	o.must(200, "POST", base, Obj{"type": "ACCESS_POLICY", "name": "X", "priority": 3})
	for _, p := range o.list(base + "?type=ACCESS_POLICY") {
		if fmt.Sprint(p["priority"]) != "1" {
			t.Errorf("ACCESS_POLICY %s priority %v", str(p, "name"), p["priority"])
		}
	}
}

func TestPoliciesSystemProtected(t *testing.T) {
	o := newPolTestOrg(t, Options{})
	o.must(200, "POST", "/api/v1/policies", Obj{"type": "PASSWORD", "name": "First"})
	var def Obj
	for _, p := range o.list("/api/v1/policies?type=PASSWORD") {
		if boolAt(p, "system") {
			def = p
		}
	}
	path := "/api/v1/policies/" + str(def, "id")
	o.wantError(403, "E0000006", "DELETE", path, nil)
	o.wantError(403, "E0000006", "POST", path+"/lifecycle/deactivate", nil)

	// The default PASSWORD policy's priority is read-only.
	body := cloneObj(def)
	delete(body, "_links")
	body["priority"] = 1
	o.wantError(400, "E0000077", "PUT", path, body)
	// With its current priority (and a client claiming system=false) the
	// PUT goes through and the policy stays a system policy.
	body["priority"] = 2
	body["system"] = false
	set(body, "settings.password.complexity.minLength", 10)
	got := o.must(200, "PUT", path, body)
	if !boolAt(got, "system") || fmt.Sprint(got["priority"]) != "2" || fmt.Sprint(at(got, "settings.password.complexity.minLength")) != "10" {
		t.Errorf("PUT of the default policy: %v", got)
	}
	// Without a priority it keeps its own.
	delete(body, "priority")
	o.must(200, "PUT", path, body)

	// A client can't create a system policy.
	p := o.must(200, "POST", "/api/v1/policies", Obj{"type": "OKTA_SIGN_ON", "name": "Sneaky", "system": true})
	if boolAt(p, "system") {
		t.Errorf("client-created policy is system: %v", p)
	}
}

func TestPoliciesLifecycleAndDelete(t *testing.T) {
	o := newPolTestOrg(t, Options{})
	p := o.must(200, "POST", "/api/v1/policies", Obj{"type": "ACCESS_POLICY", "name": "Apps"})
	path := "/api/v1/policies/" + str(p, "id")
	status, _, v := o.call("POST", path+"/lifecycle/deactivate", nil)
	if status != 204 || v != nil {
		t.Fatalf("deactivate: %d %v", status, v)
	}
	if got := o.must(200, "GET", path, nil); str(got, "status") != "INACTIVE" || at(got, "_links.activate") == nil {
		t.Fatalf("after deactivate: %v", got)
	}
	o.must(204, "POST", path+"/lifecycle/activate", nil)
	if got := o.must(200, "GET", path, nil); str(got, "status") != "ACTIVE" {
		t.Fatalf("after activate: %v", got)
	}

	// An ACCESS_POLICY that an app uses can't be deleted until the app is
	// re-pointed (the apps module keeps the assignment in appAccessPolicy).
	rules := o.list(path + "/rules")
	o.Srv.Org().Lock()
	appID := "0oaapp00000000000001"
	if apps := o.Srv.Org().list("apps", ""); len(apps) > 0 {
		appID = str(apps[0], "id")
	}
	prev := o.Srv.Org().get("appAccessPolicy", "", appID)
	o.Srv.Org().put("appAccessPolicy", "", appID, Obj{"id": appID, "policyId": str(p, "id")})
	o.Srv.Org().Unlock()
	o.wantError(403, "E0000006", "DELETE", path, nil)
	o.Srv.Org().Lock()
	if prev != nil {
		o.Srv.Org().put("appAccessPolicy", "", appID, prev)
	} else {
		o.Srv.Org().remove("appAccessPolicy", "", appID)
	}
	o.Srv.Org().Unlock()
	o.must(204, "DELETE", path, nil)
	o.wantError(404, "E0000007", "GET", path, nil)
	o.wantError(404, "E0000007", "GET", path+"/rules", nil)
	o.wantError(404, "E0000007", "GET", path+"/rules/"+str(rules[0], "id"), nil)
	o.Srv.Org().Lock()
	leftover := o.Srv.Org().Table("policyRules", str(p, "id"))
	o.Srv.Org().Unlock()
	if leftover != nil {
		t.Errorf("rules of a deleted policy are left behind")
	}
}

func TestPolicyRulesCRUD(t *testing.T) {
	o := newPolTestOrg(t, Options{})
	eng := polTestGroup(o, "Engineering")
	p := o.must(200, "POST", "/api/v1/policies", Obj{"type": "OKTA_SIGN_ON", "name": "Engineers",
		"conditions": Obj{"people": Obj{"groups": Obj{"include": []any{eng}}}}})
	rules := "/api/v1/policies/" + str(p, "id") + "/rules"

	r1 := o.must(200, "POST", rules, Obj{"type": "SIGN_ON", "name": "first", "conditions": Obj{"riskScore": Obj{"level": "LOW"}}})
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
		if got := fmt.Sprint(at(r1, path)); got != want {
			t.Errorf("%s = %s, want %s", path, got, want)
		}
	}
	if !strings.HasPrefix(str(r1, "id"), "0pr") || polTestAllow(r1, "self") != "[GET PUT DELETE]" || at(r1, "_links.deactivate") == nil {
		t.Errorf("id %s links %v", str(r1, "id"), r1["_links"])
	}
	r2 := o.must(200, "POST", rules+"?activate=false", Obj{"name": "second", "priority": 999})
	r3 := o.must(200, "POST", rules, Obj{"name": "third", "priority": 1})
	if str(r2, "status") != "INACTIVE" {
		t.Errorf("?activate=false: %s", str(r2, "status"))
	}
	order := func(q string) string { return strings.Join(polTestNames(o.list(rules+q)), ",") }
	if got := order(""); got != "third:1,first:2,second:3" {
		t.Fatalf("order: %s", got)
	}
	if got := order("?limit=2"); got != "third:1,first:2" {
		t.Errorf("limit: %s", got)
	}
	// Reorder by PUT.
	body := o.must(200, "GET", rules+"/"+str(r2, "id"), nil)
	body["priority"] = 1
	body["actions"] = Obj{"signon": Obj{"access": "DENY"}}
	got := o.must(200, "PUT", rules+"/"+str(r2, "id"), body)
	if str(got, "actions.signon.access") != "DENY" || str(got, "status") != "INACTIVE" {
		t.Errorf("PUT: %v", got)
	}
	if got := order(""); got != "second:1,third:2,first:3" {
		t.Fatalf("after PUT: %s", got)
	}
	// Lifecycle answers 204.
	o.must(204, "POST", rules+"/"+str(r2, "id")+"/lifecycle/activate", nil)
	o.must(204, "POST", rules+"/"+str(r2, "id")+"/lifecycle/deactivate", nil)
	// Delete and renumber.
	o.must(204, "DELETE", rules+"/"+str(r3, "id"), nil)
	o.wantError(404, "E0000007", "GET", rules+"/"+str(r3, "id"), nil)
	if got := order(""); got != "second:1,first:2" {
		t.Fatalf("after delete: %s", got)
	}
	o.wantError(404, "E0000007", "POST", "/api/v1/policies/00pnothere0000000000/rules", Obj{"name": "x"})
}

func TestPolicyRulesSystemAndValidation(t *testing.T) {
	o := newPolTestOrg(t, Options{Sample: true})
	find := func(typ, name string) Obj {
		for _, p := range o.list("/api/v1/policies?type=" + typ) {
			if str(p, "name") == name {
				return p
			}
		}
		t.Fatalf("no %s policy %q", typ, name)
		return nil
	}
	access := find("ACCESS_POLICY", "Engineering Apps Policy")
	rules := "/api/v1/policies/" + str(access, "id") + "/rules"
	var catchAll Obj
	for _, r := range o.list(rules) {
		if boolAt(r, "system") {
			catchAll = r
		}
	}
	ca := rules + "/" + str(catchAll, "id")
	o.wantError(403, "E0000006", "DELETE", ca, nil)
	o.wantError(403, "E0000006", "POST", ca+"/lifecycle/deactivate", nil)
	if at(catchAll, "_links.deactivate") != nil || polTestAllow(catchAll, "self") != "[GET PUT]" {
		t.Errorf("catch-all links: %v", catchAll["_links"])
	}
	// The catch-all can be changed but stays at 99 with no conditions.
	body := cloneObj(catchAll)
	delete(body, "_links")
	body["priority"] = 1
	set(body, "actions.appSignOn.access", "DENY")
	got := o.must(200, "PUT", ca, body)
	if fmt.Sprint(got["priority"]) != "99" || str(got, "actions.appSignOn.access") != "DENY" || got["conditions"] != nil {
		t.Errorf("catch-all after PUT: %v", got)
	}
	// A new ACCESS_POLICY rule: OIE id, defaults, dense priority below 99.
	r := o.must(200, "POST", rules, Obj{"name": "new", "type": "ACCESS_POLICY", "priority": 50,
		"actions": Obj{"appSignOn": Obj{"access": "ALLOW", "verificationMethod": Obj{"factorMode": "2FA", "type": "ASSURANCE"}}}})
	if !strings.HasPrefix(str(r, "id"), "rul") || fmt.Sprint(r["priority"]) != "3" ||
		str(r, "actions.appSignOn.verificationMethod.reauthenticateIn") != "PT12H" ||
		str(r, "actions.appSignOn.keepMeSignedIn.postAuth") != "NOT_ALLOWED" ||
		fmt.Sprint(at(r, "conditions.userType.include")) != "[]" || str(r, "conditions.riskScore.level") != "ANY" {
		t.Errorf("new ACCESS_POLICY rule: %v", r)
	}

	// PROFILE_ENROLLMENT policies take no further rules.
	pe := find("PROFILE_ENROLLMENT", "Portal Self-Registration")
	o.wantError(400, "E0000001", "POST", "/api/v1/policies/"+str(pe, "id")+"/rules", Obj{"name": "more", "type": "PROFILE_ENROLLMENT"})

	// The IdP discovery default rule is immutable.
	disc := find("IDP_DISCOVERY", "Idp Discovery Policy")
	for _, dr := range o.list("/api/v1/policies/" + str(disc, "id") + "/rules") {
		if boolAt(dr, "system") {
			b := cloneObj(dr)
			delete(b, "_links")
			o.wantError(403, "E0000006", "PUT", "/api/v1/policies/"+str(disc, "id")+"/rules/"+str(dr, "id"), b)
		}
	}

	pw := find("PASSWORD", "Contractor Password Policy")
	pwRules := "/api/v1/policies/" + str(pw, "id") + "/rules"
	cases := []struct {
		name string
		body Obj
		code string
	}{
		{"no name", Obj{"type": "PASSWORD"}, "E0000001"},
		{"wrong type", Obj{"name": "x", "type": "SIGN_ON"}, "E0000001"},
		{"unknown zone", Obj{"name": "x", "conditions": Obj{"network": Obj{"connection": "ZONE", "include": []any{"nzonothere0000000000"}}}}, "E0000001"},
		{"zone connection without zones", Obj{"name": "x", "conditions": Obj{"network": Obj{"connection": "ZONE"}}}, "E0000001"},
		{"bad connection", Obj{"name": "x", "conditions": Obj{"network": Obj{"connection": "SOMEWHERE"}}}, "E0000001"},
		{"unknown group", Obj{"name": "x", "conditions": Obj{"people": Obj{"groups": Obj{"exclude": []any{"00gnothere0000000000"}}}}}, "E0000001"},
		{"duplicate name", Obj{"name": "Contractors: no self-service reset"}, "E0000001"},
		{"actions not an object", Obj{"name": "x", "actions": "ALLOW"}, "E0000003"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { o.wantError(400, tc.code, "POST", pwRules, tc.body) })
	}
	// A zone that exists is accepted, and connection defaults to ZONE.
	zones := o.list("/api/v1/zones")
	if len(zones) > 0 {
		r := o.must(200, "POST", pwRules, Obj{"name": "office only", "conditions": Obj{"network": Obj{"include": []any{str(zones[0], "id")}}}})
		if str(r, "conditions.network.connection") != "ZONE" {
			t.Errorf("network: %v", at(r, "conditions.network"))
		}
	}
	// IdP and app references.
	o.wantError(400, "E0000001", "POST", "/api/v1/policies/"+str(disc, "id")+"/rules", Obj{"name": "to nowhere",
		"actions": Obj{"idp": Obj{"providers": []any{Obj{"type": "SAML2", "id": "0oanothere0000000000"}}}}})
	o.wantError(400, "E0000001", "POST", "/api/v1/policies/"+str(disc, "id")+"/rules", Obj{"name": "no app",
		"conditions": Obj{"app": Obj{"include": []any{Obj{"type": "APP", "id": "0oanothere0000000000"}}}}})
}

func TestPoliciesSample(t *testing.T) {
	o := newPolTestOrg(t, Options{Sample: true})
	groups := map[string]string{}
	for _, g := range o.list("/api/v1/groups") {
		groups[str(g, "id")] = str(g, "profile.name")
	}
	total := 0
	for _, typ := range policyTypesServed {
		for _, p := range o.list("/api/v1/policies?type=" + typ) {
			if boolAt(p, "system") {
				continue
			}
			total++
			for _, id := range stringsAt(p, "conditions.people.groups.include") {
				if groups[id] == "" {
					t.Errorf("%s names unknown group %s", str(p, "name"), id)
				}
			}
			for _, r := range o.rules(str(p, "id")) {
				for _, id := range stringsAt(r, "conditions.people.groups.include") {
					if groups[id] == "" {
						t.Errorf("rule %s names unknown group %s", str(r, "name"), id)
					}
				}
			}
		}
	}
	if total < 10 {
		t.Errorf("%d non-system sample policies, want at least 10", total)
	}
	var eng Obj
	for _, p := range o.list("/api/v1/policies?type=OKTA_SIGN_ON") {
		if str(p, "name") == "Engineering Sign-On" {
			eng = p
		}
	}
	got := strings.Join(polTestNames(o.list("/api/v1/policies/"+str(eng, "id")+"/rules")), ",")
	if want := "Break glass admins always MFA:1,MFA off the corporate network:2,Engineering default session:3"; got != want {
		t.Errorf("Engineering Sign-On rules: %s, want %s", got, want)
	}
	pw := o.list("/api/v1/policies?type=PASSWORD")[0]
	if str(pw, "name") != "Contractor Password Policy" || fmt.Sprint(at(pw, "settings.password.complexity.minLength")) != "14" {
		t.Errorf("first PASSWORD policy: %v", pw)
	}
	// The sample is deterministic (ids depend on every module's draws from
	// the seeded source, so only names, order and priorities are compared).
	again := newPolTestOrg(t, Options{Sample: true})
	for _, typ := range policyTypesServed {
		a, b := o.list("/api/v1/policies?type="+typ), again.list("/api/v1/policies?type="+typ)
		if fmt.Sprint(polTestNames(a)) != fmt.Sprint(polTestNames(b)) {
			t.Errorf("%s: two sample orgs differ: %v vs %v", typ, polTestNames(a), polTestNames(b))
		}
	}
}

func TestPoliciesGenerate(t *testing.T) {
	o := newPolTestOrg(t, Options{Generate: map[string]int{"groups": 5, "policies": 9}})
	counts := map[string]int{}
	for _, typ := range []string{"OKTA_SIGN_ON", "PASSWORD", "ACCESS_POLICY", "MFA_ENROLL"} {
		for _, p := range o.list("/api/v1/policies?type=" + typ) {
			if !strings.HasPrefix(str(p, "name"), "gen-policy-") {
				continue
			}
			counts[typ]++
			n := 0
			for _, r := range o.rules(str(p, "id")) {
				if boolAt(r, "system") {
					continue
				}
				n++
				if len(stringsAt(r, "conditions.people.groups.include")) != 1 {
					t.Errorf("generated rule without a group: %v", r)
				}
			}
			if n < 2 || n > 3 {
				t.Errorf("%s has %d rules", str(p, "name"), n)
			}
		}
	}
	if fmt.Sprint(counts) != "map[ACCESS_POLICY:2 MFA_ENROLL:2 OKTA_SIGN_ON:3 PASSWORD:2]" {
		t.Errorf("generated: %v", counts)
	}
	if _, err := ParseGenerate("policies=3"); err != nil {
		t.Errorf("ParseGenerate: %v", err)
	}
}
