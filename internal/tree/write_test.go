package tree

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/oktasync/oktasync/internal/model"
)

type sampleObj struct {
	kind, path, role string
	relations        map[string]string
	body             string
}

// sampleObjects is a small org covering every kind, with references,
// placeholders, system roles, numbers and awkward strings.
var sampleObjects = []sampleObj{
	{kind: "groups", path: "groups/engineering", body: `{"profile":{"name":"Engineering","description":"Builds things — fast"}}`},
	{kind: "groups", path: "groups/everyone", role: "Everyone", body: `{"profile":{"name":"Everyone","description":"All users in your organization"}}`},
	{kind: "group-rules", path: "group-rules/engineering-auto-assign", body: `{"name":"Engineering auto-assign","status":"ACTIVE","type":"group_rule",
		"conditions":{"expression":{"type":"urn:okta:expression:1.0","value":"isMemberOfAnyGroup(\"${ref:groups/everyone}\") && user.department == \"Eng\""},
		"people":{"users":{"exclude":[]},"groups":{"exclude":[]}}},
		"actions":{"assignUserToGroups":{"groupIds":["${ref:groups/engineering}"]}}}`},
	{kind: "group-schema", path: "group-schema/default", body: `{"title":"Okta group","definitions":{"custom":{"properties":{"costCenter":{"title":"Cost center","type":"string","maxLength":20}}}}}`},
	{kind: "user-types", path: "user-types/user", role: "default", body: `{"name":"user","displayName":"User","description":"Okta user profile template with default permission settings"}`},
	{kind: "user-schemas", path: "user-types/user/schema/default", body: `{"title":"User","definitions":{"custom":{"properties":{"employeeNumber":{"title":"Employee number","type":"string"}}}}}`},
	{kind: "apps", path: "apps/portal", relations: map[string]string{"accessPolicy": "${ref:policies/access-policy/portal-access}"},
		body: `{"label":"Portal","name":"oidc_client","signOnMode":"OPENID_CONNECT","status":"ACTIVE",
		"credentials":{"oauthClient":{"autoKeyRotation":true,"token_endpoint_auth_method":"client_secret_basic"},"userNameTemplate":{"template":"${source.login}","type":"BUILT_IN"}},
		"settings":{"oauthClient":{"grant_types":["implicit","authorization_code"],"redirect_uris":["https://${var:PORTAL_HOST}/cb","https://a.example/cb"],"response_types":["token","code"],"application_type":"web"}},
		"visibility":{"autoLaunch":false,"hide":{"iOS":true,"web":true}}}`},
	{kind: "app-group-assignments", path: "apps/portal/groups/engineering", body: `{"id":"${ref:groups/engineering}","priority":0,"profile":{}}`},
	{kind: "policies", path: "policies/access-policy/portal-access", body: `{"name":"Portal access","type":"ACCESS_POLICY","status":"ACTIVE","priority":1}`},
	{kind: "policies", path: "policies/okta-sign-on/default-policy", role: "OKTA_SIGN_ON", body: `{"name":"Default Policy","type":"OKTA_SIGN_ON","status":"ACTIVE","priority":2,
		"conditions":{"people":{"groups":{"include":["${ref:groups/everyone}"]}}}}`},
	{kind: "policy-rules", path: "policies/okta-sign-on/default-policy/rules/default-rule", role: "default-rule", body: `{"name":"Default Rule","type":"SIGN_ON","priority":1,"status":"ACTIVE",
		"conditions":{"network":{"connection":"ZONE","include":["${ref:network-zones/office}"]}},
		"actions":{"signon":{"access":"ALLOW","session":{"maxSessionIdleMinutes":120,"usePersistentCookie":false}}}}`},
	{kind: "authorization-servers", path: "authorization-servers/default", role: "default", body: `{"name":"default","audiences":["api://default"],"status":"ACTIVE","credentials":{"signing":{"rotationMode":"AUTO"}}}`},
	{kind: "auth-server-scopes", path: "authorization-servers/default/scopes/api-read", body: `{"name":"api:read","consent":"IMPLICIT","metadataPublish":"NO_CLIENTS"}`},
	{kind: "auth-server-claims", path: "authorization-servers/default/claims/resource/groups", body: `{"name":"groups","claimType":"RESOURCE","valueType":"GROUPS","value":"Eng.*","group_filter_type":"REGEX","conditions":{"scopes":["${ref:authorization-servers/default/scopes/api-read}"]}}`},
	{kind: "auth-server-policies", path: "authorization-servers/default/policies/portal", body: `{"name":"Portal","priority":1,"status":"ACTIVE","type":"OAUTH_AUTHORIZATION_POLICY","conditions":{"clients":{"include":["${ref:apps/portal}"]}}}`},
	{kind: "auth-server-policy-rules", path: "authorization-servers/default/policies/portal/rules/read", body: `{"name":"Read","priority":1,"status":"ACTIVE",
		"conditions":{"grantTypes":{"include":["authorization_code"]},"people":{"groups":{"include":["EVERYONE"]}},"scopes":{"include":["${ref:authorization-servers/default/scopes/api-read}"]}},
		"actions":{"token":{"accessTokenLifetimeMinutes":60,"refreshTokenWindowMinutes":10080,"ratio":0.5,"big":12345678901234567890123}}}`},
	{kind: "idp-keys", path: "idp-keys/wzpvobirver1x", body: `{"x5c":["MIIDnjCCAoagAwIBAgIGAVG3MN+PMA0GCSqGSIb3DQEBBQUAMIGPMQswCQYDVQQGEwJVUzET"],"x5t#S256":"wzPVobIrveR1x"}`},
	{kind: "idps", path: "idps/partner-saml", body: `{"name":"Partner SAML","type":"SAML2","status":"ACTIVE",
		"protocol":{"type":"SAML2","credentials":{"trust":{"kid":"${ref:idp-keys/wzpvobirver1x}","issuer":"https://idp.example.com"}}},
		"policy":{"provisioning":{"action":"AUTO","groups":{"action":"ASSIGN","assignments":["${ref:groups/engineering}"]}},"maxClockSkew":120000}}`},
	{kind: "network-zones", path: "network-zones/office", body: `{"name":"Office","type":"IP","status":"ACTIVE","usage":"POLICY","gateways":[{"type":"CIDR","value":"10.0.0.0/8"},{"type":"CIDR","value":"1.2.3.4/32"}]}`},
	{kind: "trusted-origins", path: "trusted-origins/portal", body: `{"name":"Portal","origin":"https://portal.example.com","status":"ACTIVE","scopes":[{"type":"REDIRECT"},{"type":"CORS"}]}`},
	{kind: "authenticators", path: "authenticators/okta-verify", role: "okta_verify", body: `{"key":"okta_verify","name":"Okta Verify","status":"ACTIVE","settings":{"channelBinding":{"required":"NEVER","style":"NUMBER_CHALLENGE"}}}`},
	{kind: "event-hooks", path: "event-hooks/audit", body: `{"name":"Audit","status":"ACTIVE","events":{"type":"EVENT_TYPE","items":["user.lifecycle.create","group.user_membership.add"]},
		"channel":{"type":"HTTP","version":"1.0.0","config":{"uri":"https://hooks.example.com/okta","authScheme":{"type":"HEADER","key":"Authorization","value":"${secret:AUDIT_HOOK_TOKEN}"},"headers":[]}}}`},
	{kind: "inline-hooks", path: "inline-hooks/token-enricher", body: `{"name":"Token enricher","type":"com.okta.oauth2.tokens.transform","version":"1.0.0","status":"ACTIVE",
		"channel":{"type":"HTTP","version":"1.0.0","config":{"uri":"https://hooks.example.com/token","method":"POST","authScheme":{"type":"HEADER","key":"Authorization","value":"${secret:TOKEN_HOOK}"}}}}`},
	{kind: "brands", path: "brands/acme", role: "default", body: `{"name":"Acme","agreeToCustomPrivacyPolicy":false,"removePoweredByOkta":false,"defaultApp":{"appInstanceId":"${ref:apps/portal}","appLinkName":null}}`},
	{kind: "themes", path: "brands/acme/themes/default", body: `{"primaryColorHex":"#1662dd","secondaryColorHex":"#ebebed","signInPageTouchPointVariant":"OKTA_DEFAULT","multiline":"line 1\nline 2\n","quoted":"true","empty":"","weird":"a: b # c"}`},
}

func sampleSnapshot(t testing.TB) *model.Snapshot {
	t.Helper()
	s := model.NewSnapshot(testRegistry(t))
	for _, so := range sampleObjects {
		body := mustJSON(t.(*testing.T), so.body)
		o := &model.Object{Kind: so.kind, Path: so.path, Role: so.role, Relations: so.relations, Body: body}
		if err := s.Add(o); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

var objectCmp = []cmp.Option{
	cmpopts.IgnoreFields(model.Object{}, "Source"),
	cmpopts.IgnoreUnexported(model.Object{}),
	cmpopts.EquateEmpty(),
}

func TestTreeRoundTrip(t *testing.T) {
	reg := testRegistry(t)
	s := sampleSnapshot(t)
	if ps := Validate(s, reg); model.HasErrors(ps) {
		t.Fatalf("sample does not validate: %v", ps)
	}
	dir := t.TempDir()
	res, err := Write(dir, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Written) != s.Len() || len(res.Unchanged) != 0 || len(res.Removed) != 0 {
		t.Errorf("first write: %+v", res)
	}
	back, problems := Read(dir, reg)
	if len(problems) > 0 {
		t.Fatalf("read back: %v", problems)
	}
	// Set-like arrays come back sorted; compare with a sorted copy.
	want := model.NewSnapshot(reg)
	for _, o := range s.Objects() {
		c := o.Clone()
		k, _ := reg.Kind(o.Kind)
		model.SortSets(k, c.Body)
		if err := want.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(want.Objects(), back.Objects(), objectCmp...); diff != "" {
		t.Fatalf("round trip mismatch (-want +got):\n%s", diff)
	}
	o, _ := back.Get("authorization-servers/default/policies/portal/rules/read")
	if v, _ := model.Lookup(o.Body, "actions.token.big"); v != any(jsonNumber("12345678901234567890123")) {
		t.Errorf("big number not kept verbatim: %#v", v)
	}
	if o.Source.File != "authorization-servers/default/policies/portal/rules/read.yaml" || o.Source.Line != 1 {
		t.Errorf("source = %+v", o.Source)
	}

	// Rendering is stable: the second write changes nothing and the bytes
	// are identical to a fresh render.
	before := snapshotFiles(t, dir)
	res2, err := Write(dir, back)
	if err != nil {
		t.Fatal(err)
	}
	if len(res2.Written) != 0 || len(res2.Removed) != 0 || len(res2.Unchanged) != s.Len() {
		t.Errorf("second write: %+v", res2)
	}
	if diff := cmp.Diff(before, snapshotFiles(t, dir)); diff != "" {
		t.Errorf("second write changed bytes:\n%s", diff)
	}
}

type jsonNumber = json.Number

func snapshotFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestWriteTreeKeepsUserFilesAndMtimes(t *testing.T) {
	reg := testRegistry(t)
	dir := t.TempDir()
	s := sampleSnapshot(t)
	if _, err := Write(dir, s); err != nil {
		t.Fatal(err)
	}
	user := map[string]string{
		"README.md":        "# our org\n",
		"okta.yaml":        "okta:\n  client:\n    orgUrl: https://x\n",
		".git/HEAD":        "ref: refs/heads/main\n",
		"vars/prod.yaml":   "PORTAL_HOST: portal.example.com\n",
		"docs/notes/a.txt": "notes\n",
	}
	for f, c := range user {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A stray file inside an owned directory is removed by the next write.
	if err := os.WriteFile(filepath.Join(dir, "groups", "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}

	old := time.Now().Add(-48 * time.Hour).Truncate(time.Second)
	unchanged := filepath.Join(dir, "groups", "engineering.yaml")
	changed := filepath.Join(dir, "network-zones", "office.yaml")
	for _, p := range []string{unchanged, changed} {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}

	// Change one object, remove another, add a new one.
	s2 := model.NewSnapshot(reg)
	for _, o := range s.Objects() {
		c := o.Clone()
		switch o.Path {
		case "network-zones/office":
			c.Body["name"] = "Office"
			c.Body["usage"] = "BLOCKLIST"
		case "trusted-origins/portal":
			continue
		}
		if err := s2.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := s2.Add(&model.Object{Kind: "groups", Path: "groups/sales", Body: mustJSON(t, `{"profile":{"name":"Sales"}}`)}); err != nil {
		t.Fatal(err)
	}
	res, err := Write(dir, s2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"groups/sales.yaml", "network-zones/office.yaml"}, res.Written); diff != "" {
		t.Errorf("written: %s", diff)
	}
	if diff := cmp.Diff([]string{"groups/notes.txt", "trusted-origins/portal.yaml"}, res.Removed); diff != "" {
		t.Errorf("removed: %s", diff)
	}
	files := snapshotFiles(t, dir)
	for f, c := range user {
		if files[f] != c {
			t.Errorf("user file %s = %q, want %q", f, files[f], c)
		}
	}
	if _, ok := files["trusted-origins/portal.yaml"]; ok {
		t.Error("vanished object's file still there")
	}
	if _, err := os.Stat(filepath.Join(dir, "trusted-origins")); !os.IsNotExist(err) {
		t.Error("an owned directory left with no objects must go")
	}
	st, _ := os.Stat(unchanged)
	if !st.ModTime().Equal(old) {
		t.Errorf("unchanged file mtime = %v, want %v", st.ModTime(), old)
	}
	st, _ = os.Stat(changed)
	if st.ModTime().Equal(old) {
		t.Error("changed file kept its old mtime")
	}
	for f := range files {
		if strings.HasPrefix(f, ".oktasync-") {
			t.Errorf("leftover %s", f)
		}
	}
	if _, problems := Read(dir, reg); len(problems) > 0 {
		t.Errorf("tree with user files does not read cleanly: %v", problems)
	}
}

func TestWriteTreeAtomic(t *testing.T) {
	reg := testRegistry(t)
	s := sampleSnapshot(t)
	s2 := model.NewSnapshot(reg)
	for _, o := range s.Objects() {
		c := o.Clone()
		if o.Kind == "groups" || o.Kind == "themes" {
			c.Body["description"] = "changed"
		}
		if o.Path == "trusted-origins/portal" {
			continue
		}
		if err := s2.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	boom := errors.New("disk full")
	for _, tt := range []struct {
		name  string
		hooks writeHooks
	}{
		{"staging fails midway", writeHooks{afterStage: func(f string) error {
			if strings.HasPrefix(f, "groups/") {
				return boom
			}
			return nil
		}}},
		{"swap fails after other kinds were swapped", writeHooks{beforeSwap: func(d string) error {
			if d == "trusted-origins" {
				return boom
			}
			return nil
		}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := Write(dir, s); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("keep"), 0o644); err != nil {
				t.Fatal(err)
			}
			before := snapshotFiles(t, dir)
			_, err := write(dir, s2, tt.hooks)
			if !errors.Is(err, boom) || !strings.Contains(err.Error(), "previous tree is unchanged") {
				t.Fatalf("err = %v", err)
			}
			if diff := cmp.Diff(before, snapshotFiles(t, dir)); diff != "" {
				t.Errorf("failed write changed the tree (-before +after):\n%s", diff)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".oktasync-") {
					t.Errorf("leftover %s", e.Name())
				}
			}
		})
	}
	// An unencodable value fails before the disk is touched.
	dir := t.TempDir()
	if _, err := Write(dir, s); err != nil {
		t.Fatal(err)
	}
	before := snapshotFiles(t, dir)
	bad := model.NewSnapshot(reg)
	for _, o := range s.Objects() {
		c := o.Clone()
		if o.Kind == "themes" {
			c.Body["x"] = func() {}
		}
		if err := bad.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Write(dir, bad); err == nil {
		t.Fatal("want an error")
	}
	if diff := cmp.Diff(before, snapshotFiles(t, dir)); diff != "" {
		t.Errorf("failed write changed the tree:\n%s", diff)
	}
}
