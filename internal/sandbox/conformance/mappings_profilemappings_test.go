package conformance

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
	"github.com/oktasync/oktasync/internal/sandbox/idps"
)

// TestProfileMappings checks that mappings exist once their ends do (an
// IdP × every user type, the default type → every app, a provisioned app
// → the default type), that lists hold no properties, that a GET does, and
// that the partial POST adds, replaces and removes properties; deleting an
// end takes its mappings.
func TestProfileMappings(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	typ := o.obj(http.StatusOK, "POST", "/api/v1/meta/types/user", engine.Obj{"name": "contractor", "displayName": "Contractor"})
	idp := o.obj(http.StatusOK, "POST", "/api/v1/idps", idps.OIDCBody("Partner", "https://id.partner.example", "cid", "secret-secret-secret-secret-00000"))
	app := engine.Str(o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestOIDC("Portal", "web")), "id")
	prov := o.provisionedApp("Directory")

	list, _ := o.list("GET", "/api/v1/mappings?limit=200")
	pairs := map[string]engine.Obj{}
	for _, x := range list {
		m := x.(map[string]any)
		if m["properties"] != nil {
			t.Errorf("a listed mapping holds properties: %v", m)
		}
		pairs[engine.Str(m, "source.name")+">"+engine.Str(m, "target.name")] = m
	}
	for _, want := range []string{"oidc_idp>user", "oidc_idp>contractor", "user>oidc_client", "user>" + o.appName(prov), o.appName(prov) + ">user"} {
		if pairs[want] == nil {
			t.Errorf("no mapping %s among %v", want, slices.Sorted(mapsKeys(pairs)))
		}
	}
	if len(pairs) != 5 {
		t.Errorf("%d mappings, want 5: %v", len(pairs), slices.Sorted(mapsKeys(pairs)))
	}
	in := pairs["oidc_idp>user"]
	if engine.Str(in, "source.id") != engine.Str(idp, "id") || engine.Str(in, "source.type") != "appuser" ||
		engine.Str(in, "source._links.self.href") != o.URL+"/api/v1/apps/"+engine.Str(idp, "id") ||
		engine.Str(in, "target._links.schema.href") == "" {
		t.Errorf("IdP mapping ends %v / %v", in["source"], in["target"])
	}
	// Filters and paging (default 20, cursor).
	if l, _ := o.list("GET", "/api/v1/mappings?sourceId="+engine.Str(idp, "id")); len(l) != 2 {
		t.Errorf("sourceId filter: %d", len(l))
	}
	if l, _ := o.list("GET", "/api/v1/mappings?targetId="+app); len(l) != 1 {
		t.Errorf("targetId filter: %d", len(l))
	}
	if l, hdr := o.list("GET", "/api/v1/mappings?limit=2"); len(l) != 2 || !strings.Contains(strings.Join(hdr.Values("Link"), ","), `rel="next"`) {
		t.Errorf("limit 2: %d, %v", len(l), hdr.Values("Link"))
	}

	item := "/api/v1/mappings/" + engine.Str(in, "id")
	full := o.obj(http.StatusOK, "GET", item, nil)
	if engine.Str(full, "properties.login.expression") != "appuser.email" || engine.Str(full, "properties.login.pushStatus") != "DONT_PUSH" {
		t.Errorf("IdP defaults %v", full["properties"])
	}
	got := o.obj(http.StatusOK, "POST", item, engine.Obj{"properties": engine.Obj{
		"nickName":   nil,
		"department": engine.Obj{"expression": "appuser.department", "pushStatus": "PUSH"},
		"login":      engine.Obj{"expression": "appuser.preferred_username"},
	}})
	props := got["properties"].(map[string]any)
	if props["nickName"] != nil || engine.Str(props, "department.pushStatus") != "PUSH" ||
		engine.Str(props, "login.expression") != "appuser.preferred_username" || engine.Str(props, "login.pushStatus") != "DONT_PUSH" ||
		engine.Str(props, "firstName.expression") != "appuser.firstName" {
		t.Errorf("after the partial POST: %v", props)
	}
	for _, bad := range []engine.Obj{
		{},
		{"properties": engine.Obj{"x": engine.Obj{"pushStatus": "PUSH"}}},
		{"properties": engine.Obj{"x": engine.Obj{"expression": "a", "pushStatus": "SOMETIMES"}}},
	} {
		o.fails(false, http.StatusBadRequest, "E0000001", "POST", item, bad)
	}
	o.fails(false, http.StatusNotFound, "E0000007", "GET", "/api/v1/mappings/prmMissing0000000000", nil)

	// Deleting the user type takes the IdP's mapping to it.
	contractor := pairs["oidc_idp>contractor"]
	if st, _, _ := o.call("DELETE", "/api/v1/meta/types/user/"+engine.Str(typ, "id"), nil); st != http.StatusNoContent {
		t.Fatalf("delete type: %d", st)
	}
	o.fails(false, http.StatusNotFound, "E0000007", "GET", "/api/v1/mappings/"+engine.Str(contractor, "id"), nil)
}

func (o appTestOrg) appName(id string) string {
	o.t.Helper()
	return engine.Str(o.obj(http.StatusOK, "GET", "/api/v1/apps/"+id, nil), "name")
}

func mapsKeys(m map[string]engine.Obj) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestProfileMappingsSDK lists, reads and updates a mapping with the
// official SDK, whose ProfileMapping model types properties as a map.
func TestProfileMappingsSDK(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()
	key := o.obj(http.StatusOK, "POST", "/api/v1/idps/credentials/keys", engine.Obj{"x5c": []any{idpKeyTestRecordedCert}})
	idp := o.obj(http.StatusOK, "POST", "/api/v1/idps", idps.SAMLBody("partner", "https://idp.partner.example", engine.Str(key, "kid")))

	list, resp, err := api.ProfileMappingAPI.ListProfileMappings(ctx).SourceId(engine.Str(idp, "id")).Limit(200).Execute()
	if err != nil || len(list) != 1 {
		t.Fatalf("ListProfileMappings: %v %d %d", err, statusOf(resp), len(list))
	}
	m, _, err := api.ProfileMappingAPI.GetProfileMapping(ctx, list[0].GetId()).Execute()
	if login := m.GetProperties()["login"]; err != nil || login.GetExpression() != "source.userName" {
		t.Fatalf("GetProfileMapping: %v %+v", err, m)
	}
	p := okta.NewProfileMappingProperty()
	p.SetExpression("source.email")
	p.SetPushStatus("PUSH")
	req := okta.NewProfileMappingRequest(map[string]okta.ProfileMappingProperty{"email": *p})
	u, _, err := api.ProfileMappingAPI.UpdateProfileMapping(ctx, m.GetId()).ProfileMapping(*req).Execute()
	if email := u.GetProperties()["email"]; err != nil || email.GetPushStatus() != "PUSH" {
		t.Fatalf("UpdateProfileMapping: %v %+v", err, u)
	}
}
