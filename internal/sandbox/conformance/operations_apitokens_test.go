package conformance

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestAPITokensSDK: API token metadata through the official SDK's
// ApiTokenAPI, in the shape TestAccResourceAPITokenResource_basic
// recorded: the client's own token is there in a fresh org, owned by the
// super admin, expiring 30 days after it was made; PUT switches its
// network between ANYWHERE and ZONE (zones of the org only) and keeps the
// rest; revoke and revoke-current answer 204 and log
// system.api_token.revoke.
func TestAPITokensSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t).ApiTokenAPI
	ctx := context.Background()
	list, _, err := api.ListApiTokens(ctx).Execute()
	if err != nil || len(list) != 1 {
		t.Fatalf("list: %d %v", len(list), err)
	}
	tok := list[0]
	id := tok.GetId()
	if !strings.HasPrefix(id, "00T") || len(id) != 20 || tok.GetClientName() != "Okta API" || tok.GetTokenWindow() != "P30D" ||
		tok.Network.GetConnection() != "ANYWHERE" || !tok.GetExpiresAt().Equal(tok.GetCreated().Add(30*24*time.Hour)) {
		t.Fatalf("seeded token: %+v", tok)
	}
	st, _, v := ahbCall(t, o, "GET", "/api/v1/users/"+tok.GetUserId(), nil)
	if st != http.StatusOK {
		t.Fatalf("owner %s: %d %v", tok.GetUserId(), st, v)
	}

	_, _, zv := ahbCall(t, o, "POST", "/api/v1/zones", engine.Obj{"type": "IP", "name": "Office",
		"gateways": []any{engine.Obj{"type": "CIDR", "value": "10.0.0.0/24"}}})
	zone := engine.Str(ahbObj(t, zv), "id")
	upd := okta.ApiTokenUpdate{Name: okta.PtrString("ci token"), ClientName: okta.PtrString("Okta API"), UserId: tok.UserId,
		Network: &okta.ApiTokenNetwork{Connection: okta.PtrString("ZONE"), Exclude: []string{zone}}}
	got, _, err := api.UpsertApiToken(ctx, id).ApiTokenUpdate(upd).Execute()
	if err != nil || got.GetName() != "ci token" || got.Network.GetConnection() != "ZONE" || len(got.Network.Exclude) != 1 ||
		!got.GetCreated().Equal(tok.GetCreated()) || got.GetUserId() != tok.GetUserId() {
		t.Fatalf("upsert ZONE: %v %+v", err, got)
	}
	upd.Network = &okta.ApiTokenNetwork{Connection: okta.PtrString("ANYWHERE")}
	got, _, err = api.UpsertApiToken(ctx, id).ApiTokenUpdate(upd).Execute()
	if err != nil || got.Network.GetConnection() != "ANYWHERE" || len(got.Network.Exclude) != 0 {
		t.Fatalf("upsert ANYWHERE: %v %+v", err, got)
	}

	for _, tc := range []struct {
		name   string
		method string
		path   string
		body   any
		status int
		code   string
	}{
		{"unknown zone", "PUT", "/api/v1/api-tokens/" + id, engine.Obj{"name": "x", "network": engine.Obj{"connection": "ZONE", "include": []any{"nzo00000000000000000"}}}, 400, "E0000001"},
		{"ZONE without zones", "PUT", "/api/v1/api-tokens/" + id, engine.Obj{"name": "x", "network": engine.Obj{"connection": "ZONE"}}, 400, "E0000001"},
		{"bad connection", "PUT", "/api/v1/api-tokens/" + id, engine.Obj{"network": engine.Obj{"connection": "SOMEWHERE"}}, 400, "E0000001"},
		{"another owner", "PUT", "/api/v1/api-tokens/" + id, engine.Obj{"name": "x", "userId": "00u00000000000000000"}, 400, "E0000001"},
		{"unknown token", "GET", "/api/v1/api-tokens/00T00000000000000000", nil, 404, "E0000007"},
		{"revoke unknown token", "DELETE", "/api/v1/api-tokens/00T00000000000000000", nil, 404, "E0000007"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, _, v := ahbCall(t, o, tc.method, tc.path, tc.body)
			ahbWantError(t, tc.name, st, v, tc.status, tc.code)
		})
	}

	o.Srv.Org().Lock()
	logged := len(o.Srv.Org().Log)
	o.Srv.Org().Unlock()
	if _, err := api.RevokeCurrentApiToken(ctx).Execute(); err != nil {
		t.Fatalf("revoke current: %v", err)
	}
	// The revoked token is refused from then on, as Okta refuses it; what
	// the API no longer shows is read from the server's side.
	if _, resp, _ := api.GetApiToken(ctx, id).Execute(); resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("the revoked token was still accepted: %v", resp)
	}
	gst, _, gv := ahbCall(t, o, "GET", "/api/v1/groups", nil)
	ahbWantError(t, "after revoking the current token", gst, gv, 401, "E0000011")
	for _, tok := range o.Srv.Objects("apiTokens", "") {
		if tok["id"] == id {
			t.Fatalf("the current token's record survived its revocation")
		}
	}
	o.Srv.Org().Lock()
	evs := append([]engine.Obj(nil), o.Srv.Org().Log[logged:]...)
	o.Srv.Org().Unlock()
	if len(evs) != 1 || engine.Str(evs[0], "eventType") != "system.api_token.revoke" {
		t.Fatalf("events: %v", evs)
	}
}

// TestAPITokensSample: the sample org's admins made tokens for their
// integrations besides the client's; revoking one leaves the others.
func TestAPITokensSample(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{Sample: true})
	api := o.sdk(t).ApiTokenAPI
	ctx := context.Background()
	list, _, err := api.ListApiTokens(ctx).Execute()
	if err != nil || len(list) < 2 {
		t.Fatalf("list: %d %v", len(list), err)
	}
	if resp, err := api.RevokeApiToken(ctx, list[1].GetId()).Execute(); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("revoke: %v", err)
	}
	after, _, err := api.ListApiTokens(ctx).Execute()
	if err != nil || len(after) != len(list)-1 {
		t.Fatalf("after revoke: %d of %d, %v", len(after), len(list), err)
	}
	for _, tk := range after {
		if tk.GetId() == list[1].GetId() {
			t.Errorf("revoked token still listed")
		}
	}
}
