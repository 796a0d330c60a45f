package conformance

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/okta/okta-sdk-golang/v5/okta"
)

// TestIdentitySourceSessionsSDK drives an import with the official SDK
// (v5.0.2, which has the session endpoints only). Its models disagree
// with real Okta, as they would against a real org:
// CreateIdentitySourceSession and StartImportFromIdentitySource expect an
// array where Okta answers one session (VCR
// TestAccResourceOktaIdentitySourceSession_basic#0,
// TestAccResourceOktaIdentitySourceImport_basic#3), so the SDK fails to
// decode them; and BulkUpsertRequestBody types each profile as
// bare attributes, where Okta takes {externalId, profile} (VCR
// TestAccResourceOktaIdentitySourceImport_basic#1, and the v6.1.0 spec), so
// the upload is built with the model's AdditionalProperties.
func TestIdentitySourceSessionsSDK(t *testing.T) {
	x := newISOrg(t)
	api := x.o.sdk(t).IdentitySourceAPI
	ctx := context.Background()

	_, resp, err := api.CreateIdentitySourceSession(ctx, x.src).Execute()
	if err == nil || statusOf(resp) != http.StatusCreated {
		t.Fatalf("create: the SDK decoded %d as its array (err %v); Okta answers one object", statusOf(resp), err)
	}
	list, _, err := api.ListIdentitySourceSessions(ctx, x.src).Execute()
	if err != nil || len(list) != 1 || list[0].GetStatus() != "CREATED" || list[0].GetIdentitySourceId() != x.src {
		t.Fatalf("list: %v %+v", err, list)
	}
	id := list[0].GetId()

	user := okta.IdentitySourceUserProfileForUpsert{AdditionalProperties: map[string]any{
		"externalId": "USEREXT1", "profile": map[string]any{"userName": "u1@example.com", "email": "u1@example.com"}}}
	if resp, err := api.UploadIdentitySourceDataForUpsert(ctx, x.src, id).BulkUpsertRequestBody(okta.BulkUpsertRequestBody{
		EntityType: okta.PtrString("USERS"), Profiles: []okta.IdentitySourceUserProfileForUpsert{user}}).Execute(); err != nil || statusOf(resp) != http.StatusAccepted {
		t.Fatalf("bulk-upsert: %d %v", statusOf(resp), err)
	}
	// The SDK's own shape (attributes without externalId) is refused.
	bare := okta.IdentitySourceUserProfileForUpsert{UserName: okta.PtrString("u2@example.com"), Email: okta.PtrString("u2@example.com")}
	if resp, err := api.UploadIdentitySourceDataForUpsert(ctx, x.src, id).BulkUpsertRequestBody(okta.BulkUpsertRequestBody{
		EntityType: okta.PtrString("USERS"), Profiles: []okta.IdentitySourceUserProfileForUpsert{bare}}).Execute(); err == nil || sdkErrorCode(err) != "E0000001" {
		t.Fatalf("bulk-upsert without externalId: %d %v", statusOf(resp), err)
	}
	del := okta.BulkDeleteRequestBody{EntityType: okta.PtrString("USERS"), Profiles: []okta.IdentitySourceUserProfileForDelete{{ExternalId: okta.PtrString("GONE")}}}
	if resp, err := api.UploadIdentitySourceDataForDelete(ctx, x.src, id).BulkDeleteRequestBody(del).Execute(); err != nil || statusOf(resp) != http.StatusAccepted {
		t.Fatalf("bulk-delete: %d %v", statusOf(resp), err)
	}
	if _, resp, err := api.StartImportFromIdentitySource(ctx, x.src, id).Execute(); err == nil || statusOf(resp) != http.StatusOK {
		t.Fatalf("start-import: the SDK decoded %d as its array (err %v); Okta answers one object", statusOf(resp), err)
	}
	s, _, err := api.GetIdentitySourceSession(ctx, x.src, id).Execute()
	if err != nil || s.GetStatus() != "TRIGGERED" || s.GetImportType() != "INCREMENTAL" {
		t.Fatalf("get after start-import: %v %+v", err, s)
	}
	if resp, err := api.DeleteIdentitySourceSession(ctx, x.src, id).Execute(); err == nil || sdkErrorCode(err) != "E0000001" {
		t.Fatalf("cancel of a TRIGGERED session: %d %v", statusOf(resp), err)
	}
	x.clock.Add(5 * time.Second)
	s, _, err = api.GetIdentitySourceSession(ctx, x.src, id).Execute()
	if err != nil || s.GetStatus() != "COMPLETED" || !s.GetLastUpdated().After(s.GetCreated()) {
		t.Fatalf("get after processing: %v %+v", err, s)
	}
	if _, resp, err := api.GetIdentitySourceSession(ctx, x.src, "apsNOTAREALSESSION00").Execute(); err == nil || statusOf(resp) != http.StatusNotFound || sdkErrorCode(err) != "E0000007" {
		t.Fatalf("unknown session: %d %v", statusOf(resp), err)
	}
	if _, resp, err := api.ListIdentitySourceSessions(ctx, "0oaNOTANIDENTITYSRC").Execute(); err == nil || statusOf(resp) != http.StatusNotFound {
		t.Fatalf("unknown identity source: %d %v", statusOf(resp), err)
	}
}
