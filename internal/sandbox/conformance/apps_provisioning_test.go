package conformance

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestAppProvisioning drives an app's provisioning connection and features
// over HTTP: the connection exists DISABLED, needs a token to be
// activated, never returns the token; activating it fills the app's
// features[] and makes its features, whose PUT takes the capabilities
// object; deactivating empties features[] and the features answer 400.
func TestAppProvisioning(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	app := engine.Str(o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestSAML("Directory sync")), "id")
	conn := "/api/v1/apps/" + app + "/connections/default"
	feats := "/api/v1/apps/" + app + "/features"

	c := o.obj(http.StatusOK, "GET", conn, nil)
	if engine.Str(c, "status") != "DISABLED" || engine.Str(c, "authScheme") != "TOKEN" ||
		engine.Str(c, "_links.activate.href") != o.URL+conn+"/lifecycle/activate" || engine.At(c, "_links.deactivate") != nil {
		t.Errorf("new connection %v", c)
	}
	o.fails(false, http.StatusBadRequest, "E0000001", "GET", feats, nil)
	// The spec documents no 400 for activate; a connection that cannot be
	// activated (no token, no client, no consent) is refused like an
	// invalid update, which is the sandbox's guess (raw: unchecked).
	o.fails(true, http.StatusBadRequest, "E0000001", "POST", conn+"/lifecycle/activate", nil)

	c = o.obj(http.StatusOK, "POST", conn, engine.Obj{"baseUrl": "https://scim.example.com/v2",
		"profile": engine.Obj{"authScheme": "TOKEN", "token": "s3cr3t-token"}})
	if engine.Str(c, "baseUrl") != "https://scim.example.com/v2" || engine.At(c, "profile.token") != nil || strings.Contains(provJSON(c), "s3cr3t") {
		t.Errorf("update answered %v", c)
	}
	if st, _, _ := o.call("POST", conn+"/lifecycle/activate", nil); st != http.StatusNoContent {
		t.Fatalf("activate: %d", st)
	}
	c = o.obj(http.StatusOK, "GET", conn, nil)
	if engine.Str(c, "status") != "ENABLED" || engine.At(c, "_links.deactivate") == nil || engine.At(c, "_links.activate") != nil {
		t.Errorf("enabled connection %v", c)
	}
	a := o.obj(http.StatusOK, "GET", "/api/v1/apps/"+app, nil)
	if f := engine.StringsAt(a, "features"); len(f) == 0 || !strings.Contains(strings.Join(f, ","), "GROUP_PUSH") {
		t.Errorf("app features[] %v", f)
	}

	list, _ := o.list("GET", feats)
	var names []string
	for _, f := range list {
		names = append(names, engine.Str(f.(map[string]any), "name"))
	}
	if !reflect.DeepEqual(names, []string{"INBOUND_PROVISIONING", "USER_PROVISIONING"}) {
		t.Errorf("features %v", names)
	}
	f := o.obj(http.StatusOK, "PUT", feats+"/USER_PROVISIONING", engine.Obj{
		"create": engine.Obj{"lifecycleCreate": engine.Obj{"status": "ENABLED"}},
		"update": engine.Obj{"password": engine.Obj{"status": "ENABLED", "seed": "RANDOM", "change": "KEEP_EXISTING"}},
	})
	if engine.Str(f, "status") != "ENABLED" || engine.Str(f, "capabilities.create.lifecycleCreate.status") != "ENABLED" ||
		engine.Str(f, "capabilities.update.password.status") != "ENABLED" || engine.Str(f, "capabilities.update.profile.status") != "DISABLED" {
		t.Errorf("feature after PUT %v", f)
	}
	o.fails(false, http.StatusBadRequest, "E0000001", "PUT", feats+"/USER_PROVISIONING", engine.Obj{"capabilities": engine.Obj{}})
	o.fails(false, http.StatusBadRequest, "E0000001", "PUT", feats+"/USER_PROVISIONING",
		engine.Obj{"update": engine.Obj{"password": engine.Obj{"seed": "GUESS"}}})
	o.fails(false, http.StatusNotFound, "E0000007", "GET", feats+"/NO_SUCH_FEATURE", nil)

	if st, _, _ := o.call("POST", conn+"/lifecycle/deactivate", nil); st != http.StatusNoContent {
		t.Fatalf("deactivate: %d", st)
	}
	if f := engine.StringsAt(o.obj(http.StatusOK, "GET", "/api/v1/apps/"+app, nil), "features"); len(f) != 0 {
		t.Errorf("features[] after deactivation: %v", f)
	}
	// The spec documents the 400 for the list only (raw: unchecked).
	o.fails(true, http.StatusBadRequest, "E0000001", "GET", feats+"/USER_PROVISIONING", nil)
	// The settings come back with provisioning.
	if st, _, _ := o.call("POST", conn+"/lifecycle/activate", nil); st != http.StatusNoContent {
		t.Fatalf("reactivate: %d", st)
	}
	if f := o.obj(http.StatusOK, "GET", feats+"/USER_PROVISIONING", nil); engine.Str(f, "capabilities.create.lifecycleCreate.status") != "ENABLED" {
		t.Errorf("capabilities after reactivation: %v", f["capabilities"])
	}

	// An OAuth 2.0 connection of an app without consent needs a client ID.
	other := engine.Str(o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestBookmark("Partner org")), "id")
	oc := "/api/v1/apps/" + other + "/connections/default"
	c = o.obj(http.StatusOK, "POST", oc, engine.Obj{"profile": engine.Obj{"authScheme": "OAUTH2", "signing": engine.Obj{"rotationMode": "AUTO"}}})
	if engine.At(c, "authScheme") != nil || engine.Str(c, "profile.signing.rotationMode") != "AUTO" {
		t.Errorf("OAuth connection %v", c)
	}
	o.fails(true, http.StatusBadRequest, "E0000001", "POST", oc+"/lifecycle/activate", nil)
	c = o.obj(http.StatusOK, "POST", oc+"?activate=true", engine.Obj{"profile": engine.Obj{"authScheme": "OAUTH2", "clientId": "0oaTargetOrgClient01"}})
	if engine.Str(c, "status") != "ENABLED" || strings.Contains(provJSON(c), "0oaTargetOrgClient01") {
		t.Errorf("OAuth connection after ?activate=true: %v", c)
	}
	o.fails(false, http.StatusBadRequest, "E0000001", "POST", oc, engine.Obj{"profile": engine.Obj{"authScheme": "BASIC"}})
	o.fails(false, http.StatusNotFound, "E0000007", "GET", "/api/v1/apps/0oaMissing0000000000/connections/default", nil)
}

// TestAppProvisioningSDK drives the connection and the features with the
// official SDK.
func TestAppProvisioningSDK(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()
	app := engine.Str(o.obj(http.StatusOK, "POST", "/api/v1/apps", appTestSAML("HR system")), "id")

	conn, resp, err := api.ApplicationConnectionsAPI.GetDefaultProvisioningConnectionForApplication(ctx, app).Execute()
	if err != nil || conn.GetStatus() != "DISABLED" {
		t.Fatalf("GetDefaultProvisioningConnection: %v %d %+v", err, statusOf(resp), conn)
	}
	profile := okta.NewProvisioningConnectionTokenRequestProfile("TOKEN")
	profile.SetToken("token-value")
	req := okta.ProvisioningConnectionTokenRequestAsUpdateDefaultProvisioningConnectionForApplicationRequest(
		okta.NewProvisioningConnectionTokenRequest(*profile))
	if _, resp, err = api.ApplicationConnectionsAPI.UpdateDefaultProvisioningConnectionForApplication(ctx, app).
		UpdateDefaultProvisioningConnectionForApplicationRequest(req).Activate(true).Execute(); err != nil {
		t.Fatalf("UpdateDefaultProvisioningConnection: %v %d", err, statusOf(resp))
	}
	features, resp, err := api.ApplicationFeaturesAPI.ListFeaturesForApplication(ctx, app).Execute()
	if err != nil || len(features) != 2 {
		t.Fatalf("ListFeaturesForApplication: %v %d %d", err, statusOf(resp), len(features))
	}
	if resp, err = api.ApplicationConnectionsAPI.DeactivateDefaultProvisioningConnectionForApplication(ctx, app).Execute(); err != nil || statusOf(resp) != http.StatusNoContent {
		t.Fatalf("Deactivate: %v %d", err, statusOf(resp))
	}
	_, resp, err = api.ApplicationFeaturesAPI.ListFeaturesForApplication(ctx, app).Execute()
	if statusOf(resp) != http.StatusBadRequest || sdkErrorCode(err) != "E0000001" {
		t.Errorf("features while provisioning is off: %d %v", statusOf(resp), err)
	}
}

func provJSON(v any) string {
	data, _ := json.Marshal(v)
	return string(data)
}
