package conformance

import (
	"context"
	"encoding/base64"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// A 1×1 PNG.
const tinyPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

// TestConformanceAppLogoSDK uploads a logo with the official SDK: 201, the
// app's logo link points at it; a file that is no image is refused.
func TestConformanceAppLogoSDK(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()
	app := o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestBookmark("Logo"))
	id := engine.Str(app, "id")
	upload := func(name string, data []byte) (*okta.APIResponse, error) {
		f := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(f, data, 0o600); err != nil {
			t.Fatal(err)
		}
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		return api.ApplicationLogosAPI.UploadApplicationLogo(ctx, id).File(fh).Execute()
	}
	png, _ := base64.StdEncoding.DecodeString(tinyPNG)
	resp, err := upload("logo.png", png)
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("UploadApplicationLogo: %v %d", err, statusOf(resp))
	}
	logo := o.obj(http.StatusOK, "GET", "/api/v1/apps/"+id, nil)["_links"].(map[string]any)["logo"].([]any)[0].(map[string]any)
	if href := engine.Str(logo, "href"); href != resp.Header.Get("Location") || !strings.Contains(href, "fileStoreRecord") || engine.Str(logo, "type") != "image/png" {
		t.Fatalf("logo link %v, Location %q", logo, resp.Header.Get("Location"))
	}
	resp, err = upload("notes.txt", []byte("not an image"))
	if statusOf(resp) != http.StatusBadRequest || sdkErrorCode(err) != "E0000001" {
		t.Fatalf("upload a text file: %d %q", statusOf(resp), sdkErrorCode(err))
	}
}

// TestConformanceAppUsersSDK assigns users to an OIDC app with the official
// SDK: direct assignments (scope USER) with the OIDC profile, members of
// an assigned group (scope GROUP), update, unassign, and a deleted user's
// assignment going with it.
func TestConformanceAppUsersSDK(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()
	app := o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestOIDC("Users", "web"))
	appID := engine.Str(app, "id")
	var users []string
	for _, n := range []string{"direct", "member"} {
		u, _, err := api.UserAPI.CreateUser(ctx).Body(usersNewUser(n, "App", strings.ToUpper(n[:1])+n[1:])).Execute()
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u.GetId())
	}
	a, _, err := api.ApplicationUsersAPI.AssignUserToApplication(ctx, appID).AppUser(okta.AppUserAssignRequest{Id: users[0]}).Execute()
	if err != nil {
		t.Fatalf("AssignUserToApplication: %v", err)
	}
	if a.GetScope() != "USER" || a.Credentials.GetUserName() != "direct@example.com" || a.Profile["given_name"] != "App" || a.Profile["family_name"] != "Direct" {
		t.Fatalf("assignment %+v", a)
	}
	g := o.obj(http.StatusOK, "POST", "/api/v1/groups", map[string]any{"profile": map[string]any{"name": "app users"}})
	gid := engine.Str(g, "id")
	if _, err := api.GroupAPI.AssignUserToGroup(ctx, gid, users[1]).Execute(); err != nil {
		t.Fatal(err)
	}
	o.obj(http.StatusOK, "PUT", "/api/v1/apps/"+appID+"/groups/"+gid, map[string]any{})
	list, _, err := api.ApplicationUsersAPI.ListApplicationUsers(ctx, appID).Execute()
	if err != nil || len(list) != 2 || list[0].GetScope() != "USER" || list[1].GetScope() != "GROUP" || list[1].GetId() != users[1] {
		t.Fatalf("ListApplicationUsers: %v %+v", err, list)
	}
	upd, _, err := api.ApplicationUsersAPI.UpdateApplicationUser(ctx, appID, users[0]).AppUser(okta.AppUserUpdateRequest{
		AppUserCredentialsRequestPayload: &okta.AppUserCredentialsRequestPayload{Credentials: &okta.AppUserCredentials{UserName: okta.PtrString("dee")}},
	}).Execute()
	if err != nil || upd.Credentials.GetUserName() != "dee" {
		t.Fatalf("UpdateApplicationUser: %v %+v", err, upd)
	}
	got, _, err := api.ApplicationUsersAPI.GetApplicationUser(ctx, appID, users[1]).Execute()
	if err != nil || got.GetScope() != "GROUP" {
		t.Fatalf("GetApplicationUser of a group member: %v", err)
	}
	resp, err := api.ApplicationUsersAPI.UnassignUserFromApplication(ctx, appID, users[1]).Execute()
	if statusOf(resp) != http.StatusNotFound || sdkErrorCode(err) != "E0000007" {
		t.Fatalf("unassign a group-scoped user: %d %q", statusOf(resp), sdkErrorCode(err))
	}
	if resp, err := api.ApplicationUsersAPI.UnassignUserFromApplication(ctx, appID, users[0]).Execute(); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("UnassignUserFromApplication: %v %d", err, statusOf(resp))
	}
	_, _, err = api.ApplicationUsersAPI.AssignUserToApplication(ctx, appID).AppUser(okta.AppUserAssignRequest{Id: users[0]}).Execute()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if _, err := api.UserAPI.DeleteUser(ctx, users[0]).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	if list, _, _ := api.ApplicationUsersAPI.ListApplicationUsers(ctx, appID).Execute(); len(list) != 1 {
		t.Fatalf("after deleting the direct user: %d assignments, want 1", len(list))
	}
}

// TestAppClientSecrets covers /credentials/secrets of a confidential OIDC
// client: the secret the app was created with, a second one, at most two,
// the last ACTIVE one can't be deactivated, only INACTIVE ones deleted.
// The v5.0.2 spec has no such endpoints (v6 documents them), so the
// answers are checked here by shape.
func TestAppClientSecrets(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	st, _, v := o.raw("POST", "/api/v1/apps", appTestOIDC("Secrets", "web"))
	app := v.(map[string]any)
	if st != http.StatusOK {
		t.Fatalf("create: %d %v", st, v)
	}
	id := engine.Str(app, "id")
	base := "/api/v1/apps/" + id + "/credentials/secrets"
	_, _, lv := o.raw("GET", base, nil)
	list := lv.([]any)
	first := list[0].(map[string]any)
	if len(list) != 1 || engine.Str(first, "client_secret") != engine.Str(app, "credentials.oauthClient.client_secret") ||
		engine.Str(first, "status") != "ACTIVE" || engine.At(first, "_links.deactivate") == nil || engine.Str(first, "secret_hash") == "" {
		t.Fatalf("secrets of a new client: %v", list)
	}
	st, _, sv := o.raw("POST", base, map[string]any{"client_secret": "a-chosen-secret-of-some-length"})
	second := sv.(map[string]any)
	if st != http.StatusCreated || engine.Str(second, "client_secret") != "a-chosen-secret-of-some-length" {
		t.Fatalf("second secret: %d %v", st, sv)
	}
	o.fails(true, http.StatusBadRequest, "E0000001", "POST", base, map[string]any{})
	sid := engine.Str(second, "id")
	o.fails(true, http.StatusBadRequest, "E0000001", "DELETE", base+"/"+sid, nil)
	st, _, dv := o.raw("POST", base+"/"+sid+"/lifecycle/deactivate", nil)
	if st != http.StatusOK || engine.Str(dv.(map[string]any), "status") != "INACTIVE" || engine.At(dv.(map[string]any), "_links.activate") == nil {
		t.Fatalf("deactivate: %d %v", st, dv)
	}
	o.fails(true, http.StatusBadRequest, "E0000001", "POST", base+"/"+engine.Str(first, "id")+"/lifecycle/deactivate", nil)
	if st, _, _ := o.raw("DELETE", base+"/"+sid, nil); st != http.StatusNoContent {
		t.Fatalf("delete an INACTIVE secret: %d", st)
	}
	o.fails(true, http.StatusNotFound, "E0000007", "GET", base+"/"+sid, nil)
	bookmark := engine.Str(o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestBookmark("No client")), "id")
	o.fails(true, http.StatusBadRequest, "E0000001", "GET", "/api/v1/apps/"+bookmark+"/credentials/secrets", nil)
}

// TestAppIDTokenSettings covers the internal groups-claim endpoint the
// Terraform provider calls for every OIDC app, with the recorded shapes:
// no spec documents it.
func TestAppIDTokenSettings(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	_, _, v := o.raw("POST", "/api/v1/apps", appTestOIDC("Claims", "web"))
	id := engine.Str(v.(map[string]any), "id")
	path := "/api/v1/internal/apps/" + id + "/settings/oauth/idToken"
	st, _, gv := o.raw("GET", path, nil)
	got := gv.(map[string]any)
	if st != http.StatusOK || got["issuer"] != o.URL || got["audience"] != id || got["issuerMode"] != "ORG_URL" || got["orgUrl"] != nil {
		t.Fatalf("GET before any POST: %d %v", st, got)
	}
	claim := map[string]any{"valueType": "GROUPS", "groupFilterType": "REGEX", "issuerMode": "ORG_URL", "name": "groups", "value": ".*"}
	st, _, pv := o.raw("POST", path, claim)
	posted := pv.(map[string]any)
	if st != http.StatusOK || posted["issuer"] != nil || posted["audience"] != nil || posted["name"] != "groups" || posted["groupFilterType"] != "REGEX" {
		t.Fatalf("POST: %d %v", st, posted)
	}
	_, _, gv = o.raw("GET", path, nil)
	if got := gv.(map[string]any); got["value"] != ".*" || got["audience"] != id {
		t.Fatalf("GET after POST: %v", got)
	}
	o.fails(true, http.StatusBadRequest, "E0000001", "POST", path, map[string]any{"valueType": "GROUPS", "name": "g", "groupFilterType": "NOPE"})
	// An OIN OIDC app (taken case-insensitively by name, without client
	// settings) has no such settings: 404 (OAuth2AppInstance), as recorded.
	st, _, dv := o.raw("POST", "/api/v1/apps", map[string]any{"name": "Deel", "label": "Deel", "signOnMode": "OPENID_CONNECT",
		"settings": map[string]any{"oauthClient": map[string]any{"application_type": "web", "grant_types": []any{"authorization_code"}}}})
	deel := dv.(map[string]any)
	if st != http.StatusOK || engine.Str(deel, "name") != "deel" || engine.At(deel, "settings.oauthClient") != nil ||
		engine.At(deel, "visibility.appLinks.deel_link") != true || engine.At(deel, "_links.clientCredentials") == nil {
		t.Fatalf("OIN OIDC app: %d %v", st, dv)
	}
	if e := o.fails(true, http.StatusNotFound, "E0000007", "GET", "/api/v1/internal/apps/"+engine.Str(deel, "id")+"/settings/oauth/idToken", nil); !strings.HasSuffix(engine.Str(e, "errorSummary"), "(OAuth2AppInstance)") {
		t.Errorf("OIN app idToken: %v", e)
	}
}
