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
	if got := o.list("/api/v1/policies?type=CONTINUOUS_ACCESS"); len(got) != 0 {
		t.Errorf("CONTINUOUS_ACCESS: %v", got)
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
