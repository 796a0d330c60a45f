package apply

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/internal/okta"
	"github.com/oktasync/oktasync/internal/plan"
)

func parse(t *testing.T, s string) any {
	t.Helper()
	v, err := model.ParseJSON([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestMergePatch runs the examples of RFC 7386, appendix A.
func TestMergePatch(t *testing.T) {
	cases := [][3]string{
		{`{"a":"b"}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"b"}`, `{"b":"c"}`, `{"a":"b","b":"c"}`},
		{`{"a":"b"}`, `{"a":null}`, `{}`},
		{`{"a":"b","b":"c"}`, `{"a":null}`, `{"b":"c"}`},
		{`{"a":["b"]}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"c"}`, `{"a":["b"]}`, `{"a":["b"]}`},
		{`{"a":{"b":"c"}}`, `{"a":{"b":"d","c":null}}`, `{"a":{"b":"d"}}`},
		{`{"a":[{"b":"c"}]}`, `{"a":[1]}`, `{"a":[1]}`},
		{`["a","b"]`, `["c","d"]`, `["c","d"]`},
		{`{"a":"b"}`, `["c"]`, `["c"]`},
		{`{"a":"foo"}`, `null`, `null`},
		{`{"a":"foo"}`, `"bar"`, `"bar"`},
		{`{"e":null}`, `{"a":1}`, `{"a":1,"e":null}`},
		{`[1,2]`, `{"a":"b","c":null}`, `{"a":"b"}`},
		{`{}`, `{"a":{"bb":{"ccc":null}}}`, `{"a":{"bb":{}}}`},
	}
	for _, c := range cases {
		target, patch := parse(t, c[0]), parse(t, c[1])
		before := string(model.CanonicalJSON(target))
		got := string(model.CanonicalJSON(mergePatch(target, patch)))
		if want := string(model.CanonicalJSON(parse(t, c[2]))); got != want {
			t.Errorf("merge %s with %s: got %s, want %s", c[0], c[1], got, want)
		}
		if string(model.CanonicalJSON(target)) != before {
			t.Errorf("merge %s with %s modified the target", c[0], c[1])
		}
	}
}

// testExecutor is an executor set up as Execute sets it up, for calling its
// parts directly.
func testExecutor(t *testing.T, p *plan.Plan, c Client, opts Options) *executor {
	t.Helper()
	e := newExecutor(p, c, registry(t), opts)
	var err error
	if e.secrets, err = loadSecrets(opts.SecretsFile, opts.Environ); err != nil {
		t.Fatal(err)
	}
	e.prepare(nil)
	return e
}

// TestResolveRefs: references become IDs (from the plan's targets, or from
// a create earlier in the run), inside expression strings too; references
// that stand for a field of their target become that field, read from the
// run, from the state read before it, or with one cached GET.
func TestResolveRefs(t *testing.T) {
	reg := registry(t)
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Targets: map[string]plan.Target{
		"groups/eng":                         {CurrentPath: "groups/eng", ID: "00gENGENGENGENGENGEN"},
		"apps/portal":                        {CurrentPath: "apps/portal", ID: "0oaPORTALPORTALPORTA"},
		"apps/tools":                         {CurrentPath: "apps/tools", ID: "0oaTOOLSTOOLSTOOLSTO"},
		"authorization-servers/api":          {CurrentPath: "authorization-servers/api", ID: "ausAPIAPIAPIAPIAPIAP"},
		"authorization-servers/api/scopes/r": {CurrentPath: "authorization-servers/api/scopes/r", ID: "scpREADREADREADREADR"},
	}}
	gets := 0
	c := &fakeClient{do: func(req okta.Request) (*okta.Response, error) {
		switch req.Path {
		case "/api/v1/apps/0oaTOOLSTOOLSTOOLSTO":
			gets++
			return jsonResponse(200, map[string]any{"id": "0oaTOOLSTOOLSTOOLSTO", "credentials": map[string]any{"oauthClient": map[string]any{"client_id": "tools-client"}}})
		case "/api/v1/authorizationServers/ausAPIAPIAPIAPIAPIAP/scopes/scpREADREADREADREADR":
			gets++
			return jsonResponse(200, map[string]any{"id": "scpREADREADREADREADR", "name": "api:read"})
		}
		return nil, apiError(req.Method, req.Path, 404, okta.CodeNotFound)
	}}
	current := model.NewSnapshot(reg)
	if err := current.Add(&model.Object{Kind: "apps", Path: "apps/portal", Body: map[string]any{},
		Live: &model.LiveMeta{ID: "0oaPORTALPORTALPORTA", Raw: map[string]any{"credentials": map[string]any{"oauthClient": map[string]any{"client_id": "portal-client"}}}}}); err != nil {
		t.Fatal(err)
	}
	e := testExecutor(t, p, c, Options{Current: current})
	e.objects["groups/new"] = &objectSlot{}
	e.publish("groups/new", "00gNEWNEWNEWNEWNEWNE", map[string]any{"id": "00gNEWNEWNEWNEWNEWNE"})
	ctx := context.Background()
	resolve := func(kind string, body map[string]any) map[string]any {
		t.Helper()
		k, _ := reg.Kind(kind)
		r, err := e.resolveBody(ctx, k, body, true)
		if err != nil {
			t.Fatal(err)
		}
		return r.body
	}

	rule := resolve("group-rules", map[string]any{
		"conditions": map[string]any{"expression": map[string]any{"value": `isMemberOfAnyGroup("${ref:groups/eng}", "${ref:groups/new}") && user.login != "$${x}"`}},
		"actions":    map[string]any{"assignUserToGroups": map[string]any{"groupIds": []any{"${ref:groups/new}"}}},
	})
	want := map[string]any{
		"conditions": map[string]any{"expression": map[string]any{"value": `isMemberOfAnyGroup("00gENGENGENGENGENGEN", "00gNEWNEWNEWNEWNEWNE") && user.login != "${x}"`}},
		"actions":    map[string]any{"assignUserToGroups": map[string]any{"groupIds": []any{"00gNEWNEWNEWNEWNEWNE"}}},
	}
	if diff := cmp.Diff(want, rule); diff != "" {
		t.Errorf("group rule (-want +got):\n%s", diff)
	}

	// An auth-server policy names apps by client_id: one from the state
	// read before the run, one read with a GET, which is cached.
	for i := 0; i < 2; i++ {
		pol := resolve("auth-server-policies", map[string]any{"conditions": map[string]any{"clients": map[string]any{
			"include": []any{"${ref:apps/portal}", "${ref:apps/tools}", "ALL_CLIENTS"}}}})
		if got := pol["conditions"].(map[string]any)["clients"].(map[string]any)["include"]; !cmp.Equal(got, []any{"portal-client", "tools-client", "ALL_CLIENTS"}) {
			t.Errorf("clients: %v", got)
		}
	}
	// A rule names scopes by name; the scope is read under its server.
	r := resolve("auth-server-policy-rules", map[string]any{"conditions": map[string]any{"scopes": map[string]any{
		"include": []any{"${ref:authorization-servers/api/scopes/r}"}}}})
	if got := r["conditions"].(map[string]any)["scopes"].(map[string]any)["include"]; !cmp.Equal(got, []any{"api:read"}) {
		t.Errorf("scopes: %v", got)
	}
	if gets != 2 {
		t.Errorf("%d GETs, want 2 (one per target, cached)", gets)
	}
}

// TestParentKey: a user type's schema is addressed by the last segment of
// the type's _links.schema.href, here from the type's create response.
func TestParentKey(t *testing.T) {
	reg := registry(t)
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Steps: []plan.Step{
		step("user-types/partner:create", plan.ActionCreate, "user-types", "user-types/partner", map[string]any{"name": "partner"}),
		step("user-types/partner/schema/default:update", plan.ActionUpdate, "user-schemas", "user-types/partner/schema/default",
			map[string]any{"definitions": map[string]any{"custom": map[string]any{"properties": map[string]any{"x": map[string]any{"type": "string"}}}}},
			"user-types/partner:create"),
	}}
	p.Steps[1].ParentPath = "user-types/partner"
	c := &fakeClient{do: func(req okta.Request) (*okta.Response, error) {
		if req.Path == "/api/v1/meta/types/user" {
			return jsonResponse(200, map[string]any{"id": "otyPARTNERPARTNERPAR",
				"_links": map[string]any{"schema": map[string]any{"href": "https://x.okta.com/api/v1/meta/schemas/user/oscPARTNERPARTNERPAR"}}})
		}
		return jsonResponse(200, map[string]any{})
	}}
	rep := Execute(context.Background(), p, c, reg, Options{})
	if rep.HasFailures() {
		t.Fatalf("failures:%s", failures(rep))
	}
	if got := c.sent("POST /api/v1/meta/schemas/user/"); len(got) != 1 || got[0] != "POST /api/v1/meta/schemas/user/oscPARTNERPARTNERPAR" {
		t.Errorf("schema update sent as %v", got)
	}
}

// TestSecrets: secrets come from the environment (which wins) or a file;
// a create whose secret has no value stops the run before anything is
// sent; an update leaves such a field out; and no secret value reaches the
// report or the journal, even when Okta's error quotes it.
func TestSecrets(t *testing.T) {
	reg := registry(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "secrets.yaml")
	if err := os.WriteFile(file, []byte("HOOK_KEY: from-the-file-s3cr3t\nOTHER: other-value\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{SecretEnvPrefix + "HOOK_KEY=from-the-env-s3cr3t", "PATH=/bin"}
	s, err := loadSecrets(file, env)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := s.lookup("HOOK_KEY"); v != "from-the-env-s3cr3t" {
		t.Errorf("HOOK_KEY = %q, want the environment's value", v)
	}
	if v, _ := s.lookup("OTHER"); v != "other-value" {
		t.Errorf("OTHER = %q", v)
	}
	if got := s.mask("refused: from-the-env-s3cr3t and other-value"); got != "refused: ${secret:HOOK_KEY} and ${secret:OTHER}" {
		t.Errorf("mask: %q", got)
	}
	bad := filepath.Join(dir, "bad.yaml")
	_ = os.WriteFile(bad, []byte("HOOK_KEY: [unclosed s3cr3t-in-a-broken-file\n"), 0o600)
	if _, err := loadSecrets(bad, nil); err == nil || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("a broken secrets file: %v", err)
	}

	hook := func(id string, a plan.Action, secret string) plan.Step {
		st := step(id, a, "event-hooks", "event-hooks/h", map[string]any{"name": "h", "channel": map[string]any{"config": map[string]any{
			"uri": "https://h.example.com", "authScheme": map[string]any{"type": "HEADER", "key": "Authorization", "value": model.FormatSecret(secret)}}}})
		if a != plan.ActionCreate {
			st.Live = &plan.LiveRef{ID: "whoHOOKHOOKHOOKHOOKH"}
		}
		return st
	}

	// A create with a missing secret: refused before any request.
	c := &fakeClient{}
	rep := Execute(context.Background(), &plan.Plan{FormatVersion: plan.FormatVersion, Steps: []plan.Step{
		hook("event-hooks/h:create", plan.ActionCreate, "MISSING"),
		step("groups/g:create", plan.ActionCreate, "groups", "groups/g", map[string]any{"profile": map[string]any{"name": "G"}}),
	}}, c, reg, Options{Environ: env})
	if len(c.requests) != 0 || rep.Error == "" || !strings.Contains(rep.Error, "MISSING") || rep.Steps[0].Status != StatusFailed || rep.Steps[1].Status != StatusSkipped {
		t.Errorf("missing create secret: %d requests, error %q, statuses %s/%s", len(c.requests), rep.Error, rep.Steps[0].Status, rep.Steps[1].Status)
	}

	// An update with a missing secret: the field stays as it is.
	c = &fakeClient{do: func(req okta.Request) (*okta.Response, error) {
		return jsonResponse(200, map[string]any{"id": "whoHOOKHOOKHOOKHOOKH", "name": "old", "channel": map[string]any{"config": map[string]any{
			"uri": "https://old.example.com", "authScheme": map[string]any{"type": "HEADER", "key": "Authorization"}}}})
	}}
	rep = Execute(context.Background(), &plan.Plan{FormatVersion: plan.FormatVersion, Steps: []plan.Step{
		hook("event-hooks/h:update", plan.ActionUpdate, "MISSING")}}, c, reg, Options{Environ: env})
	if rep.HasFailures() {
		t.Fatalf("update: %s", failures(rep))
	}
	put := c.bodies[len(c.bodies)-1]
	if strings.Contains(put, "MISSING") || !strings.Contains(put, `"uri":"https://h.example.com"`) || strings.Contains(put, `"value"`) {
		t.Errorf("the update sent %s", put)
	}
	if !strings.Contains(rep.Steps[0].Reason, "channel.config.authScheme.value") {
		t.Errorf("the report does not say which field was left alone: %q", rep.Steps[0].Reason)
	}

	// A create that Okta refuses, quoting the secret: masked everywhere.
	c = &fakeClient{do: func(req okta.Request) (*okta.Response, error) {
		return nil, &okta.APIError{Method: req.Method, Path: req.Path, Status: 400, ErrorCode: "E0000001",
			ErrorSummary: "Api validation failed", ErrorCauses: []string{"value from-the-env-s3cr3t is not allowed"}}
	}}
	journal := filepath.Join(dir, "journal")
	rep = Execute(context.Background(), &plan.Plan{FormatVersion: plan.FormatVersion, Steps: []plan.Step{
		hook("event-hooks/h:create", plan.ActionCreate, "HOOK_KEY")}}, c, reg, Options{Environ: env, SecretsFile: file, Journal: journal})
	if !strings.Contains(c.bodies[0], "from-the-env-s3cr3t") {
		t.Errorf("the create did not carry the secret: %s", c.bodies[0])
	}
	var out strings.Builder
	_ = RenderJSON(&out, rep, RenderOptions{})
	_ = RenderText(&out, rep, RenderOptions{})
	data, _ := os.ReadFile(journal)
	for what, text := range map[string]string{"report": out.String(), "journal": string(data)} {
		if strings.Contains(text, "s3cr3t") {
			t.Errorf("the %s holds a secret value:\n%s", what, text)
		}
	}
	if !strings.Contains(out.String(), "${secret:HOOK_KEY} is not allowed") {
		t.Errorf("the report does not show the masked cause:\n%s", out.String())
	}
}

// TestJournal: records written by one run are read back by the next; a
// line cut short by a crash is ignored; a journal of another plan, or an
// existing journal without resume, is refused.
func TestJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal")
	now := func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
	j, err := openJournal(path, "sha256:aaa", 4, false, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []journalRecord{
		{Type: recordStart, Step: "groups/a:create"},
		{Type: recordStep, Step: "groups/a:create", Status: StatusApplied, ID: "00gA"},
		{Type: recordStart, Step: "groups/b:create"},
		{Type: recordStart, Step: "groups/c:create"},
		{Type: recordStep, Step: "groups/c:create", Status: StatusFailed},
		{Type: recordStep, Step: "apps/x:activate", Status: StatusApplied},
	} {
		if err := j.write(r); err != nil {
			t.Fatal(err)
		}
	}
	_ = j.close()
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	_, _ = f.WriteString(`{"type":"step","step":"groups/b:cre`) // the crash
	_ = f.Close()

	st, err := ReadJournal(path, "sha256:aaa")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"groups/a:create": "00gA", "apps/x:activate": ""}, st.Applied); diff != "" {
		t.Errorf("applied (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]bool{"groups/b:create": true, "groups/c:create": true}, st.InFlight); diff != "" {
		t.Errorf("in flight (-want +got):\n%s", diff)
	}
	if _, err := ReadJournal(path, "sha256:bbb"); err == nil || !strings.Contains(err.Error(), "another plan") {
		t.Errorf("another plan: %v", err)
	}
	if _, err := openJournal(path, "sha256:aaa", 4, false, now); err == nil {
		t.Error("a new run over an existing journal was not refused")
	}
	lines := strings.Split(strings.TrimSpace(readString(t, path)), "\n")
	var head journalRecord
	if err := json.Unmarshal([]byte(lines[0]), &head); err != nil || head.Type != recordPlan || head.Plan != "sha256:aaa" || head.Steps != 4 {
		t.Errorf("first line: %s", lines[0])
	}
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAdoptAfterLostAnswer: Okta makes the group, then the connection
// drops before the answer arrives. The create is not sent again blindly:
// the group is found by its name and adopted, and a rule that names it
// gets its ID. A second create whose answer is lost before Okta acts is
// looked up, not found, and sent again. Neither leaves a duplicate.
func TestAdoptAfterLostAnswer(t *testing.T) {
	reg := registry(t)
	var stored []map[string]any
	posts := map[string]int{}
	c := &fakeClient{
		do: func(req okta.Request) (*okta.Response, error) {
			body, _ := req.Body.(map[string]any)
			switch req.Path {
			case "/api/v1/groups":
				name, _ := model.Lookup(body, "profile.name")
				posts[name.(string)]++
				reset := &okta.TransportError{Method: "POST", Path: req.Path, Err: errors.New("connection reset by peer")}
				switch {
				case name == "Made" && posts["Made"] == 1:
					stored = append(stored, map[string]any{"id": "00gMADEMADEMADEMADEM", "type": "OKTA_GROUP", "profile": body["profile"]})
					return nil, reset // made, answer lost
				case name == "Lost" && posts["Lost"] == 1:
					return nil, reset // lost before Okta acted
				}
				g := map[string]any{"id": "00gLOSTLOSTLOSTLOSTL", "type": "OKTA_GROUP", "profile": body["profile"]}
				stored = append(stored, g)
				return jsonResponse(200, g)
			case "/api/v1/groups/rules":
				return jsonResponse(200, map[string]any{"id": "0prRULERULERULERULER"})
			}
			return nil, apiError(req.Method, req.Path, 404, okta.CodeNotFound)
		},
		list: func(path string) ([]map[string]any, error) { return stored, nil },
	}
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Steps: []plan.Step{
		step("groups/made:create", plan.ActionCreate, "groups", "groups/made", map[string]any{"profile": map[string]any{"name": "Made"}}),
		step("groups/lost:create", plan.ActionCreate, "groups", "groups/lost", map[string]any{"profile": map[string]any{"name": "Lost"}}),
		step("group-rules/r:create", plan.ActionCreate, "group-rules", "group-rules/r", map[string]any{"name": "r",
			"actions": map[string]any{"assignUserToGroups": map[string]any{"groupIds": []any{"${ref:groups/made}"}}}}, "groups/made:create"),
	}}
	rep := Execute(context.Background(), p, c, reg, Options{RetryDelay: time.Millisecond, Parallelism: 1})
	if rep.HasFailures() {
		t.Fatalf("failures:%s", failures(rep))
	}
	made, lost := rep.Steps[0], rep.Steps[1]
	if !made.Adopted || made.CreatedID != "00gMADEMADEMADEMADEM" || posts["Made"] != 1 {
		t.Errorf("made: adopted %v, id %s, %d POSTs", made.Adopted, made.CreatedID, posts["Made"])
	}
	if lost.Adopted || lost.CreatedID != "00gLOSTLOSTLOSTLOSTL" || posts["Lost"] != 2 || lost.Attempts != 2 {
		t.Errorf("lost: adopted %v, id %s, %d POSTs, %d attempts", lost.Adopted, lost.CreatedID, posts["Lost"], lost.Attempts)
	}
	if len(stored) != 2 {
		t.Errorf("%d groups stored, want 2", len(stored))
	}
	for i, r := range c.requests {
		if r == "POST /api/v1/groups/rules" && !strings.Contains(c.bodies[i], "00gMADEMADEMADEMADEM") {
			t.Errorf("the rule was sent as %s", c.bodies[i])
		}
	}
}

// TestAdoptSystemChild: an update step without a live ID, for a system
// object Okta makes along with a parent created earlier in the run (a new
// policy's catch-all rule), finds its object by listing the parent's
// children and picking the one with the step's role, then updates it as
// usual: the live object read, the patch merged in, the whole sent back.
func TestAdoptSystemChild(t *testing.T) {
	reg := registry(t)
	const polID, customID, defID = "rstPOLICYPOLICYPOLIC", "0prCUSTOMCUSTOMCUSTO", "0prDEFAULTDEFAULTDEF"
	rules := []map[string]any{
		{"id": customID, "name": "Other", "system": false, "priority": 1, "type": "ACCESS_POLICY"},
		{"id": defID, "name": "Catch-all Rule", "system": true, "priority": 99, "type": "ACCESS_POLICY",
			"actions": map[string]any{"appSignOn": map[string]any{"access": "ALLOW"}}},
	}
	c := &fakeClient{
		do: func(req okta.Request) (*okta.Response, error) {
			switch req.Method + " " + req.Path {
			case "POST /api/v1/policies":
				return jsonResponse(200, map[string]any{"id": polID, "type": "ACCESS_POLICY", "name": "P"})
			case "GET /api/v1/policies/" + polID + "/rules/" + defID, "PUT /api/v1/policies/" + polID + "/rules/" + defID:
				return jsonResponse(200, rules[1])
			}
			return nil, apiError(req.Method, req.Path, 404, okta.CodeNotFound)
		},
		list: func(path string) ([]map[string]any, error) {
			if path != "/api/v1/policies/"+polID+"/rules" {
				return nil, apiError("GET", path, 404, okta.CodeNotFound)
			}
			return rules, nil
		},
	}
	adopt := step("policies/access-policy/p/rules/catch-all-rule:update", plan.ActionUpdate, "policy-rules",
		"policies/access-policy/p/rules/catch-all-rule",
		map[string]any{"actions": map[string]any{"appSignOn": map[string]any{"access": "DENY"}}},
		"policies/access-policy/p:create")
	adopt.ParentPath, adopt.Role = "policies/access-policy/p", "default-rule"
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Steps: []plan.Step{
		step("policies/access-policy/p:create", plan.ActionCreate, "policies", "policies/access-policy/p",
			map[string]any{"name": "P", "type": "ACCESS_POLICY"}),
		adopt,
	}}
	rep := Execute(context.Background(), p, c, reg, Options{})
	if rep.HasFailures() {
		t.Fatalf("failures:%s", failures(rep))
	}
	var put string
	for i, r := range c.requests {
		if strings.HasPrefix(r, "PUT ") {
			if r != "PUT /api/v1/policies/"+polID+"/rules/"+defID {
				t.Errorf("update sent as %s", r)
			}
			put = c.bodies[i]
		}
	}
	if !strings.Contains(put, `"access":"DENY"`) || !strings.Contains(put, `"name":"Catch-all Rule"`) {
		t.Errorf("the merged body sent is %s", put)
	}

	// Without a role, or with one no child has, the step fails and says so.
	for _, role := range []string{"", "no-such-role"} {
		q := *p
		q.Steps = append([]plan.Step(nil), p.Steps...)
		q.Steps[1].Role = role
		rep := Execute(context.Background(), &q, c, reg, Options{})
		if !rep.HasFailures() {
			t.Errorf("role %q: no failure", role)
		}
	}
}
