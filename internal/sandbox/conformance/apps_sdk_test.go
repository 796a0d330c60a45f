package conformance

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/apps"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// appSDKError returns the HTTP status and Okta errorCode of an SDK call.
func appSDKError(resp *okta.APIResponse, err error) (int, string) {
	status := 0
	if resp != nil && resp.Response != nil {
		status = resp.StatusCode
	}
	var ge *okta.GenericOpenAPIError
	if errors.As(err, &ge) {
		switch m := ge.Model().(type) {
		case okta.Error:
			return status, m.GetErrorCode()
		case *okta.Error:
			return status, m.GetErrorCode()
		}
	}
	return status, ""
}

// TestConformanceAppsSDK drives applications, their group assignments and
// their authentication policy with the official SDK: polymorphic create
// (OIDC and bookmark), paging with limit 2, get, replace, the lifecycle,
// the delete-while-active refusal, delete and 404. Lists are narrowed with
// q: an unfiltered list holds the first-party apps, whose names
// (saasure, …) real Okta returns under signOnMode OPENID_CONNECT although
// the spec's OpenIdConnectApplication.name enum only allows oidc_client.
func TestConformanceAppsSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{Sample: true})
	api := o.sdk(t)
	ctx := context.Background()

	// Every sample app and its group assignments conform to the spec.
	o.Srv.Org().Lock()
	var sample []string
	for _, a := range o.Srv.Org().List("apps", "") {
		if !apps.IsBuiltIn(a) {
			sample = append(sample, engine.Str(a, "id"))
		}
	}
	o.Srv.Org().Unlock()
	for _, id := range sample {
		if st, _, body := o.do(t, "GET", "/api/v1/apps/"+id, nil); st != http.StatusOK {
			t.Fatalf("GET sample app %s: %d %s", id, st, body)
		}
		if st, _, body := o.do(t, "GET", "/api/v1/apps/"+id+"/groups?expand=group", nil); st != http.StatusOK {
			t.Fatalf("GET sample app groups %s: %d %s", id, st, body)
		}
	}

	oidc := okta.NewOpenIdConnectApplication(
		okta.OAuthApplicationCredentials{OauthClient: &okta.ApplicationCredentialsOAuthClient{
			TokenEndpointAuthMethod: okta.PtrString("client_secret_basic")}},
		"oidc_client",
		okta.OpenIdConnectApplicationSettings{OauthClient: &okta.OpenIdConnectApplicationSettingsClient{
			ApplicationType: okta.PtrString("web"),
			GrantTypes:      []string{"authorization_code"},
			ResponseTypes:   []string{"code"},
			RedirectUris:    []string{"https://conf.example.com/callback"},
		}},
		"conf-oidc", "OPENID_CONNECT")
	created, _, err := api.ApplicationAPI.CreateApplication(ctx).
		Application(okta.OpenIdConnectApplicationAsListApplications200ResponseInner(oidc)).Execute()
	if err != nil {
		t.Fatalf("create OIDC app: %v", err)
	}
	oa := created.OpenIdConnectApplication
	if oa == nil || !strings.HasPrefix(oa.GetId(), "0oa") || oa.GetStatus() != "ACTIVE" {
		t.Fatalf("created %+v", created)
	}
	if oa.Credentials.OauthClient.GetClientId() != oa.GetId() || len(oa.Credentials.OauthClient.GetClientSecret()) != 64 {
		t.Fatalf("client id %q secret %q", oa.Credentials.OauthClient.GetClientId(), oa.Credentials.OauthClient.GetClientSecret())
	}
	oidcID := oa.GetId()

	var bookmarks []string
	for _, label := range []string{"conf-bookmark-a", "conf-bookmark-b", "conf-bookmark-c"} {
		b := okta.NewBookmarkApplication("bookmark", okta.BookmarkApplicationSettings{
			App: &okta.BookmarkApplicationSettingsApplication{Url: okta.PtrString("https://" + label + ".example.com")},
		}, label, "BOOKMARK")
		got, _, err := api.ApplicationAPI.CreateApplication(ctx).
			Application(okta.BookmarkApplicationAsListApplications200ResponseInner(b)).Activate(label != "conf-bookmark-c").Execute()
		if err != nil {
			t.Fatalf("create bookmark: %v", err)
		}
		bookmarks = append(bookmarks, got.BookmarkApplication.GetId())
	}

	// Paging with limit 2 through the SDK's Link-following.
	page, resp, err := api.ApplicationAPI.ListApplications(ctx).Q("conf-").Limit(2).Execute()
	if err != nil {
		t.Fatal(err)
	}
	seen := len(page)
	pages := 1
	for resp.HasNextPage() {
		var next []okta.ListApplications200ResponseInner
		if resp, err = resp.Next(&next); err != nil {
			t.Fatal(err)
		}
		if len(next) > 2 {
			t.Fatalf("page of %d with limit 2", len(next))
		}
		seen += len(next)
		pages++
	}
	if seen != 4 || pages != 2 {
		t.Fatalf("paged through %d apps in %d pages, want 4 in 2", seen, pages)
	}

	// GET never shows the client secret.
	got, _, err := api.ApplicationAPI.GetApplication(ctx, oidcID).Execute()
	if err != nil {
		t.Fatal(err)
	}
	if got.OpenIdConnectApplication.Credentials.OauthClient.ClientSecret != nil {
		t.Fatalf("GET returned the client secret")
	}

	// Replace the bookmark (full PUT of what GET returned, with a new label).
	cur, _, err := api.ApplicationAPI.GetApplication(ctx, bookmarks[0]).Execute()
	if err != nil {
		t.Fatal(err)
	}
	bm := cur.BookmarkApplication
	bm.Label = "conf-bookmark-renamed"
	bm.Settings.App.Url = okta.PtrString("https://renamed.example.com")
	rep, _, err := api.ApplicationAPI.ReplaceApplication(ctx, bookmarks[0]).
		Application(okta.BookmarkApplicationAsListApplications200ResponseInner(bm)).Execute()
	if err != nil {
		t.Fatalf("replace: %v", err)
	}
	if rep.BookmarkApplication.Label != "conf-bookmark-renamed" || rep.BookmarkApplication.Settings.App.GetUrl() != "https://renamed.example.com" {
		t.Fatalf("replace did not apply: %+v", rep.BookmarkApplication)
	}

	// Group assignments.
	grp, _, err := api.GroupAPI.CreateGroup(ctx).Group(okta.Group{Profile: &okta.GroupProfile{Name: okta.PtrString("conf-app-group")}}).Execute()
	if err != nil {
		t.Fatal(err)
	}
	asg, _, err := api.ApplicationGroupsAPI.AssignGroupToApplication(ctx, oidcID, grp.GetId()).
		ApplicationGroupAssignment(okta.ApplicationGroupAssignment{Priority: okta.PtrInt32(0)}).Execute()
	if err != nil || asg.GetId() != grp.GetId() || asg.GetPriority() != 0 {
		t.Fatalf("assign group: %v %+v", err, asg)
	}
	list, _, err := api.ApplicationGroupsAPI.ListApplicationGroupAssignments(ctx, oidcID).Expand("group").Execute()
	if err != nil || len(list) != 1 || list[0].Embedded["group"] == nil {
		t.Fatalf("list assignments: %v %+v", err, list)
	}
	if _, _, err := api.ApplicationGroupsAPI.GetApplicationGroupAssignment(ctx, oidcID, grp.GetId()).Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := api.ApplicationGroupsAPI.UnassignApplicationFromGroup(ctx, oidcID, grp.GetId()).Execute(); err != nil {
		t.Fatal(err)
	}
	_, resp, err = api.ApplicationGroupsAPI.GetApplicationGroupAssignment(ctx, oidcID, grp.GetId()).Execute()
	if st, code := appSDKError(resp, err); st != http.StatusNotFound || code != "E0000007" {
		t.Fatalf("unassigned: %d %q", st, code)
	}

	// Authentication policy.
	o.Srv.Org().Lock()
	var policyID string
	if p := apps.CustomAccessPolicies(o.Srv.Org()); len(p) > 0 {
		policyID = engine.Str(p[0], "id")
	}
	o.Srv.Org().Unlock()
	if policyID == "" {
		t.Fatal("the sample has no custom ACCESS_POLICY")
	}
	if resp, err := api.ApplicationPoliciesAPI.AssignApplicationPolicy(ctx, oidcID, policyID).Execute(); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("assign policy: %v", err)
	}
	got, _, err = api.ApplicationAPI.GetApplication(ctx, oidcID).Execute()
	if err != nil || !strings.HasSuffix(got.OpenIdConnectApplication.Links.AccessPolicy.GetHref(), "/api/v1/policies/"+policyID) {
		t.Fatalf("accessPolicy after assign: %v", err)
	}

	// Lifecycle: delete while ACTIVE is refused; deactivate, delete, 404.
	resp, err = api.ApplicationAPI.DeleteApplication(ctx, oidcID).Execute()
	if st, code := appSDKError(resp, err); st != http.StatusForbidden || code != "E0000056" {
		t.Fatalf("delete active app: %d %q", st, code)
	}
	if _, err := api.ApplicationAPI.DeactivateApplication(ctx, oidcID).Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := api.ApplicationAPI.ActivateApplication(ctx, bookmarks[2]).Execute(); err != nil {
		t.Fatal(err)
	}
	got, _, err = api.ApplicationAPI.GetApplication(ctx, bookmarks[2]).Execute()
	if err != nil || got.BookmarkApplication.GetStatus() != "ACTIVE" {
		t.Fatalf("activated: %v", err)
	}
	if _, err := api.ApplicationAPI.DeleteApplication(ctx, oidcID).Execute(); err != nil {
		t.Fatalf("delete inactive app: %v", err)
	}
	_, resp, err = api.ApplicationAPI.GetApplication(ctx, oidcID).Execute()
	if st, code := appSDKError(resp, err); st != http.StatusNotFound || code != "E0000007" {
		t.Fatalf("get deleted app: %d %q", st, code)
	}
}
