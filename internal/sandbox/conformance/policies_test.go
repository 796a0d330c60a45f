package conformance

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
	"github.com/oktasync/oktasync/internal/sandbox/policies"
)

// polTestOrg is a conformance org (every answer is checked against the
// official spec) with JSON helpers for the policy tests.
type polTestOrg struct {
	*conformanceOrg
	t *testing.T
}

func newPolTestOrg(t *testing.T, opts sandbox.Options) polTestOrg {
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
func (o polTestOrg) must(want int, method, path string, body any) engine.Obj {
	o.t.Helper()
	status, _, v := o.call(method, path, body)
	if status != want {
		o.t.Fatalf("%s %s: status %d, want %d: %v", method, path, status, want, v)
	}
	m, _ := v.(map[string]any)
	return m
}

// list GETs a collection and returns its items.
func (o polTestOrg) list(path string) []engine.Obj {
	o.t.Helper()
	status, _, v := o.call("GET", path, nil)
	if status != 200 {
		o.t.Fatalf("GET %s: %d %v", path, status, v)
	}
	var out []engine.Obj
	for _, x := range v.([]any) {
		out = append(out, x.(map[string]any))
	}
	return out
}

// rules lists a policy's rules. MFA_ENROLL rules are fetched without the
// spec check: real Okta types them MFA_ENROLL, a value the spec's
// listPolicyRules discriminator does not map.
func (o polTestOrg) rules(policyID string) []engine.Obj {
	o.t.Helper()
	path := "/api/v1/policies/" + policyID + "/rules"
	o.Srv.Org().Lock()
	typ := engine.Str(o.Srv.Org().Get("policies", "", policyID), "type")
	o.Srv.Org().Unlock()
	if typ != "MFA_ENROLL" {
		return o.list(path)
	}
	status, v := o.unchecked("GET", path)
	if status != 200 {
		o.t.Fatalf("GET %s: %d %v", path, status, v)
	}
	var out []engine.Obj
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
	if got != status || engine.Str(m, "errorCode") != code {
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

func polTestNames(items []engine.Obj) []string {
	var out []string
	for _, it := range items {
		out = append(out, fmt.Sprintf("%s:%v", engine.Str(it, "name"), engine.At(it, "priority")))
	}
	return out
}

func polTestGroup(o polTestOrg, name string) string {
	o.t.Helper()
	g := o.must(200, "POST", "/api/v1/groups", engine.Obj{"profile": engine.Obj{"name": name}})
	return engine.Str(g, "id")
}

func polTestAllow(o engine.Obj, link string) string {
	return fmt.Sprint(engine.At(o, "_links."+link+".hints.allow"))
}

func TestPoliciesSeed(t *testing.T) {
	o := newPolTestOrg(t, sandbox.Options{})
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
			if policies.TypeIsOIE(typ) {
				prefix = "rst"
			}
			if !strings.HasPrefix(engine.Str(p, "id"), prefix) {
				t.Errorf("%s id %s, want prefix %s", typ, engine.Str(p, "id"), prefix)
			}
			if !engine.BoolAt(p, "system") {
				continue
			}
			systems++
			if polTestAllow(p, "self") != "[GET PUT]" || engine.At(p, "_links.deactivate") != nil || engine.At(p, "_links.mappings") != nil {
				t.Errorf("%s system policy links: %v", typ, p["_links"])
			}
			rules := o.rules(engine.Str(p, "id"))
			if len(rules) != 1 || !engine.BoolAt(rules[0], "system") {
				t.Fatalf("%s system policy rules: %v", typ, rules)
			}
			r := rules[0]
			wantRule, wantPrio, wantPrefix := "Default Rule:1", 1, "0pr"
			if policies.TypeIsOIE(typ) {
				wantRule, wantPrio, wantPrefix = "Catch-all Rule:99", 99, "rul"
			}
			if n, _ := engine.IntAt(r, "priority"); polTestNames(rules)[0] != wantRule || n != wantPrio || !strings.HasPrefix(engine.Str(r, "id"), wantPrefix) {
				t.Errorf("%s default rule %v (%s)", typ, polTestNames(rules), engine.Str(r, "id"))
			}
			if engine.Str(r, "type") != policies.RuleType(typ) {
				t.Errorf("%s default rule type %s", typ, engine.Str(r, "type"))
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
					t.Errorf("ACCESS_POLICY %s: conditions %v", engine.Str(p, "name"), p["conditions"])
				}
			}
		}
	}
	// The classic defaults apply to Everyone.
	pw := o.list("/api/v1/policies?type=PASSWORD")[0]
	everyone := o.list("/api/v1/groups?q=Everyone")[0]
	if fmt.Sprint(engine.At(pw, "conditions.people.groups.include")) != "["+engine.Str(everyone, "id")+"]" ||
		engine.Str(pw, "conditions.authProvider.provider") != "OKTA" {
		t.Errorf("default PASSWORD conditions: %v", pw["conditions"])
	}
	if n, _ := engine.IntAt(pw, "settings.password.complexity.minLength"); n != 8 {
		t.Errorf("default PASSWORD settings: %v", pw["settings"])
	}
	mfa := o.list("/api/v1/policies?type=MFA_ENROLL")[0]
	if engine.Str(mfa, "settings.type") != "AUTHENTICATORS" || len(engine.At(mfa, "settings.authenticators").([]any)) == 0 {
		t.Errorf("default MFA_ENROLL settings: %v", mfa["settings"])
	}
}

func TestPoliciesCreateDefaults(t *testing.T) {
	o := newPolTestOrg(t, sandbox.Options{})
	eng := polTestGroup(o, "Engineering")
	cases := []struct {
		name, query string
		body        engine.Obj
		check       func(t *testing.T, p engine.Obj)
	}{
		{"sign-on", "", engine.Obj{"type": "OKTA_SIGN_ON", "name": "Engineers", "conditions": engine.Obj{"people": engine.Obj{"groups": engine.Obj{"include": []any{eng}}}}},
			func(t *testing.T, p engine.Obj) {
				if !strings.HasPrefix(engine.Str(p, "id"), "00p") || engine.Str(p, "status") != "ACTIVE" || engine.BoolAt(p, "system") {
					t.Errorf("id/status/system: %s %s %v", engine.Str(p, "id"), engine.Str(p, "status"), p["system"])
				}
				if n, _ := engine.IntAt(p, "priority"); n != 1 {
					t.Errorf("priority %d, want 1 (before the default policy)", n)
				}
				if polTestAllow(p, "self") != "[GET PUT DELETE]" || engine.At(p, "_links.deactivate.href") == nil || engine.At(p, "_links.mappings.href") == nil {
					t.Errorf("links %v", p["_links"])
				}
			}},
		{"password defaults", "", engine.Obj{"type": "PASSWORD", "name": "Strict", "settings": engine.Obj{"password": engine.Obj{"complexity": engine.Obj{"minLength": 14}}}},
			func(t *testing.T, p engine.Obj) {
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
					if got := fmt.Sprint(engine.At(p, path)); got != want {
						t.Errorf("%s = %s, want %s", path, got, want)
					}
				}
				if len(engine.StringsAt(p, "conditions.people.groups.include")) != 1 {
					t.Errorf("no Everyone default: %v", p["conditions"])
				}
			}},
		{"inactive via query", "?activate=false", engine.Obj{"type": "OKTA_SIGN_ON", "name": "Later"},
			func(t *testing.T, p engine.Obj) {
				if engine.Str(p, "status") != "INACTIVE" || engine.At(p, "_links.activate.href") == nil {
					t.Errorf("status %s links %v", engine.Str(p, "status"), p["_links"])
				}
			}},
		{"mfa enroll", "", engine.Obj{"type": "MFA_ENROLL", "name": "Verify", "settings": engine.Obj{"authenticators": []any{
			engine.Obj{"key": "okta_verify", "enroll": engine.Obj{"self": "REQUIRED"}}}}},
			func(t *testing.T, p engine.Obj) {
				if engine.Str(p, "settings.type") != "AUTHENTICATORS" {
					t.Errorf("settings.type %v", engine.At(p, "settings.type"))
				}
				found := 0
				for _, e := range engine.At(p, "settings.authenticators").([]any) {
					m := e.(map[string]any)
					switch engine.Str(m, "key") {
					case "okta_verify":
						if engine.Str(m, "enroll.self") != "REQUIRED" {
							t.Errorf("okta_verify %v", m)
						}
					default:
						if engine.Str(m, "enroll.self") != "NOT_ALLOWED" {
							t.Errorf("%s should default to NOT_ALLOWED: %v", engine.Str(m, "key"), m)
						}
					}
					found++
				}
				if found < 2 {
					t.Errorf("authenticators not filled in: %v", engine.At(p, "settings.authenticators"))
				}
			}},
		{"access policy", "", engine.Obj{"type": "ACCESS_POLICY", "name": "Apps", "description": "d", "priority": 5, "conditions": engine.Obj{"people": engine.Obj{}}},
			func(t *testing.T, p engine.Obj) {
				if !strings.HasPrefix(engine.Str(p, "id"), "rst") || p["conditions"] != nil || fmt.Sprint(p["priority"]) != "1" {
					t.Errorf("id %s conditions %v priority %v", engine.Str(p, "id"), p["conditions"], p["priority"])
				}
				if _, ok := p["_embedded"]; ok {
					t.Errorf("a single ACCESS_POLICY has no _embedded: %v", p["_embedded"])
				}
				rules := o.list("/api/v1/policies/" + engine.Str(p, "id") + "/rules")
				if len(rules) != 1 || engine.Str(rules[0], "name") != "Catch-all Rule" || fmt.Sprint(rules[0]["priority"]) != "99" ||
					!engine.BoolAt(rules[0], "system") || rules[0]["conditions"] != nil || engine.Str(rules[0], "actions.appSignOn.access") != "ALLOW" ||
					!strings.HasPrefix(engine.Str(rules[0], "id"), "rul") {
					t.Errorf("catch-all rule: %v", rules)
				}
			}},
		{"profile enrollment", "", engine.Obj{"type": "PROFILE_ENROLLMENT", "name": "Sign up"},
			func(t *testing.T, p engine.Obj) {
				rules := o.list("/api/v1/policies/" + engine.Str(p, "id") + "/rules")
				if len(rules) != 1 || engine.Str(rules[0], "actions.profileEnrollment.unknownUserAction") != "REGISTER" ||
					fmt.Sprint(engine.At(rules[0], "actions.profileEnrollment.allowedIdentifiers")) != "[login]" {
					t.Errorf("catch-all rule: %v", rules)
				}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := o.must(200, "POST", "/api/v1/policies"+tc.query, tc.body)
			tc.check(t, p)
			got := o.must(200, "GET", "/api/v1/policies/"+engine.Str(p, "id"), nil)
			delete(got, "_links")
			delete(p, "_links")
			if !reflect.DeepEqual(engine.NormalizeJSON(got), engine.NormalizeJSON(p)) {
				t.Errorf("GET differs from the create answer:\n%v\n%v", got, p)
			}
		})
	}
}

func TestPoliciesValidation(t *testing.T) {
	o := newPolTestOrg(t, sandbox.Options{})
	o.must(200, "POST", "/api/v1/policies", engine.Obj{"type": "OKTA_SIGN_ON", "name": "Taken"})
	cases := []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"no name", engine.Obj{"type": "OKTA_SIGN_ON"}, 400, "E0000001"},
		{"no type", engine.Obj{"name": "x"}, 400, "E0000001"},
		{"unknown type", engine.Obj{"type": "NOPE", "name": "x"}, 400, "E0000001"},
		{"idp discovery can't be created", engine.Obj{"type": "IDP_DISCOVERY", "name": "x"}, 400, "E0000001"},
		{"name is a number", engine.Obj{"type": "OKTA_SIGN_ON", "name": 5}, 400, "E0000003"},
		{"not JSON", "{", 400, "E0000003"},
		{"duplicate name per type", engine.Obj{"type": "OKTA_SIGN_ON", "name": "taken"}, 400, "E0000001"},
		{"unknown group", engine.Obj{"type": "OKTA_SIGN_ON", "name": "x", "conditions": engine.Obj{"people": engine.Obj{"groups": engine.Obj{"include": []any{"00gnothere0000000000"}}}}}, 400, "E0000001"},
		{"unknown user", engine.Obj{"type": "PASSWORD", "name": "x", "conditions": engine.Obj{"people": engine.Obj{"users": engine.Obj{"exclude": []any{"00unothere0000000000"}}}}}, 400, "E0000001"},
		{"unknown authenticator", engine.Obj{"type": "MFA_ENROLL", "name": "x", "settings": engine.Obj{"authenticators": []any{engine.Obj{"key": "carrier_pigeon"}}}}, 400, "E0000001"},
		{"bad auth provider", engine.Obj{"type": "PASSWORD", "name": "x", "conditions": engine.Obj{"authProvider": engine.Obj{"provider": "NOPE"}}}, 400, "E0000001"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o.wantError(tc.status, tc.code, "POST", "/api/v1/policies", tc.body)
		})
	}
	// The same name under another type is fine.
	o.must(200, "POST", "/api/v1/policies", engine.Obj{"type": "PASSWORD", "name": "Taken"})
	o.wantError(404, "E0000007", "GET", "/api/v1/policies/00pnothere0000000000", nil)
	p := o.list("/api/v1/policies?type=OKTA_SIGN_ON")[0]
	o.wantError(400, "E0000001", "PUT", "/api/v1/policies/"+engine.Str(p, "id"), engine.Obj{"type": "PASSWORD", "name": "Taken"})

	// `type` is required on the list; the spec documents no 400 for it, so
	// these answers are not spec-checked.
	for _, q := range []string{"", "?type=NOPE", "?type=PASSWORD&status=MAYBE"} {
		status, v := o.unchecked("GET", "/api/v1/policies"+q)
		if status != 400 || engine.Str(v.(map[string]any), "errorCode") != "E0000001" {
			t.Errorf("GET /api/v1/policies%s: %d %v", q, status, v)
		}
	}
	// A valid type the org has no policies of lists nothing.
	if got := o.list("/api/v1/policies?type=POST_AUTH_SESSION"); len(got) != 0 {
		t.Errorf("POST_AUTH_SESSION: %v", got)
	}
}

func TestPoliciesListPaging(t *testing.T) {
	o := newPolTestOrg(t, sandbox.Options{})
	for i := 1; i <= 5; i++ {
		o.must(200, "POST", "/api/v1/policies", engine.Obj{"type": "OKTA_SIGN_ON", "name": fmt.Sprintf("p%d", i)})
	}
	o.must(200, "POST", "/api/v1/policies?activate=false", engine.Obj{"type": "OKTA_SIGN_ON", "name": "off"})
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
			names = append(names, engine.Str(it.(map[string]any), "name"))
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
	o := newPolTestOrg(t, sandbox.Options{})
	base := "/api/v1/policies"
	a := o.must(200, "POST", base, engine.Obj{"type": "PASSWORD", "name": "A"})
	b := o.must(200, "POST", base, engine.Obj{"type": "PASSWORD", "name": "B", "priority": 99})
	c := o.must(200, "POST", base, engine.Obj{"type": "PASSWORD", "name": "C", "priority": 1})
	order := func() string { return strings.Join(polTestNames(o.list(base+"?type=PASSWORD")), ",") }
	if got := order(); got != "C:1,A:2,B:3,Default Policy:4" {
		t.Fatalf("after inserts: %s", got)
	}
	body := o.must(200, "GET", base+"/"+engine.Str(b, "id"), nil)
	body["priority"] = 1
	o.must(200, "PUT", base+"/"+engine.Str(b, "id"), body)
	if got := order(); got != "B:1,C:2,A:3,Default Policy:4" {
		t.Fatalf("after moving B to 1: %s", got)
	}
	o.must(204, "DELETE", base+"/"+engine.Str(c, "id"), nil)
	if got := order(); got != "B:1,A:2,Default Policy:3" {
		t.Fatalf("after deleting C: %s", got)
	}
	// A PUT without a priority keeps the place.
	body = o.must(200, "GET", base+"/"+engine.Str(a, "id"), nil)
	delete(body, "priority")
	body["description"] = "kept"
	o.must(200, "PUT", base+"/"+engine.Str(a, "id"), body)
	if got := order(); got != "B:1,A:2,Default Policy:3" {
		t.Fatalf("after PUT without priority: %s", got)
	}
	// Other types keep their own order; ACCESS_POLICYs all report 1.
	if got := strings.Join(polTestNames(o.list(base+"?type=OKTA_SIGN_ON")), ","); got != "Default Policy:1" {
		t.Errorf("OKTA_SIGN_ON: %s", got)
	}
	o.must(200, "POST", base, engine.Obj{"type": "ACCESS_POLICY", "name": "X", "priority": 3})
	for _, p := range o.list(base + "?type=ACCESS_POLICY") {
		if fmt.Sprint(p["priority"]) != "1" {
			t.Errorf("ACCESS_POLICY %s priority %v", engine.Str(p, "name"), p["priority"])
		}
	}
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

func TestPoliciesSample(t *testing.T) {
	o := newPolTestOrg(t, sandbox.Options{Sample: true})
	groups := map[string]string{}
	for _, g := range o.list("/api/v1/groups") {
		groups[engine.Str(g, "id")] = engine.Str(g, "profile.name")
	}
	total := 0
	for _, typ := range policies.TypesServed {
		for _, p := range o.list("/api/v1/policies?type=" + typ) {
			if engine.BoolAt(p, "system") {
				continue
			}
			total++
			for _, id := range engine.StringsAt(p, "conditions.people.groups.include") {
				if groups[id] == "" {
					t.Errorf("%s names unknown group %s", engine.Str(p, "name"), id)
				}
			}
			for _, r := range o.rules(engine.Str(p, "id")) {
				for _, id := range engine.StringsAt(r, "conditions.people.groups.include") {
					if groups[id] == "" {
						t.Errorf("rule %s names unknown group %s", engine.Str(r, "name"), id)
					}
				}
			}
		}
	}
	if total < 10 {
		t.Errorf("%d non-system sample policies, want at least 10", total)
	}
	var eng engine.Obj
	for _, p := range o.list("/api/v1/policies?type=OKTA_SIGN_ON") {
		if engine.Str(p, "name") == "Engineering Sign-On" {
			eng = p
		}
	}
	got := strings.Join(polTestNames(o.list("/api/v1/policies/"+engine.Str(eng, "id")+"/rules")), ",")
	if want := "Break glass admins always MFA:1,MFA off the corporate network:2,Engineering default session:3"; got != want {
		t.Errorf("Engineering Sign-On rules: %s, want %s", got, want)
	}
	pw := o.list("/api/v1/policies?type=PASSWORD")[0]
	if engine.Str(pw, "name") != "Contractor Password Policy" || fmt.Sprint(engine.At(pw, "settings.password.complexity.minLength")) != "14" {
		t.Errorf("first PASSWORD policy: %v", pw)
	}
	// The sample is deterministic (ids depend on every module's draws from
	// the seeded source, so only names, order and priorities are compared).
	again := newPolTestOrg(t, sandbox.Options{Sample: true})
	for _, typ := range policies.TypesServed {
		a, b := o.list("/api/v1/policies?type="+typ), again.list("/api/v1/policies?type="+typ)
		if fmt.Sprint(polTestNames(a)) != fmt.Sprint(polTestNames(b)) {
			t.Errorf("%s: two sample orgs differ: %v vs %v", typ, polTestNames(a), polTestNames(b))
		}
	}
}

func TestPoliciesGenerate(t *testing.T) {
	o := newPolTestOrg(t, sandbox.Options{Generate: map[string]int{"groups": 5, "policies": 9}})
	counts := map[string]int{}
	for _, typ := range []string{"OKTA_SIGN_ON", "PASSWORD", "ACCESS_POLICY", "MFA_ENROLL"} {
		for _, p := range o.list("/api/v1/policies?type=" + typ) {
			if !strings.HasPrefix(engine.Str(p, "name"), "gen-policy-") {
				continue
			}
			counts[typ]++
			n := 0
			for _, r := range o.rules(engine.Str(p, "id")) {
				if engine.BoolAt(r, "system") {
					continue
				}
				n++
				if len(engine.StringsAt(r, "conditions.people.groups.include")) != 1 {
					t.Errorf("generated rule without a group: %v", r)
				}
			}
			if n < 2 || n > 3 {
				t.Errorf("%s has %d rules", engine.Str(p, "name"), n)
			}
		}
	}
	if fmt.Sprint(counts) != "map[ACCESS_POLICY:2 MFA_ENROLL:2 OKTA_SIGN_ON:3 PASSWORD:2]" {
		t.Errorf("generated: %v", counts)
	}
	if _, err := sandbox.ParseGenerate("policies=3"); err != nil {
		t.Errorf("ParseGenerate: %v", err)
	}
}
