package conformance

import (
	"context"
	"net/http"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestOrgFeatures: the self-service feature catalog every org lists
// (VCR TestAccResourceOktaFeatures_crud): self-service EA features, all
// DISABLED in a new org, each with self, enable, dependents and
// dependencies links (and Okta's doc links where it has them); ENABLE and
// DISABLE in either case switch the status and the action link and
// answer the feature, also when nothing changes; an unknown feature is
// 404 E0000007 and an unknown lifecycle 400.
func TestOrgFeatures(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	st, _, v := ahbCall(t, o, "GET", "/api/v1/features", nil)
	list, _ := v.([]any)
	if st != http.StatusOK || len(list) < 50 {
		t.Fatalf("list: %d, %d features", st, len(list))
	}
	var docs int
	for _, e := range list {
		f := e.(map[string]any)
		if engine.Str(f, "type") != "self-service" || engine.Str(f, "status") != "DISABLED" || engine.Str(f, "stage.value") != "EA" ||
			engine.Str(f, "name") == "" || engine.Str(f, "description") == "" {
			t.Fatalf("a feature: %v", f)
		}
		self := o.URL + "/api/v1/features/" + engine.Str(f, "id")
		if engine.Str(f, "_links.self.href") != self || engine.Str(f, "_links.enable.href") != self+"/enable" ||
			engine.Str(f, "_links.dependents.href") != self+"/dependents" || engine.Str(f, "_links.dependencies.href") != self+"/dependencies" ||
			engine.At(f, "_links.disable") != nil {
			t.Fatalf("a disabled feature's links: %v", engine.At(f, "_links"))
		}
		if engine.At(f, "_links.helpDoc") != nil || engine.At(f, "_links.devDoc") != nil {
			docs++
		}
	}
	if docs == 0 {
		t.Error("no feature links to Okta's documentation")
	}
	id := engine.Str(list[0].(map[string]any), "id")
	path := "/api/v1/features/" + id
	for _, step := range []struct{ lifecycle, status, link string }{
		{"ENABLE", "ENABLED", "disable"}, {"enable", "ENABLED", "disable"}, {"DISABLE", "DISABLED", "enable"},
	} {
		st, _, v := ahbCall(t, o, "POST", path+"/"+step.lifecycle, nil)
		f := ahbObj(t, v)
		if st != http.StatusOK || engine.Str(f, "status") != step.status || engine.At(f, "_links."+step.link) == nil {
			t.Fatalf("%s: %d %v", step.lifecycle, st, f)
		}
		st, _, v = ahbCall(t, o, "GET", path, nil)
		if st != http.StatusOK || engine.Str(ahbObj(t, v), "status") != step.status {
			t.Fatalf("read after %s: %d %v", step.lifecycle, st, v)
		}
	}
	for _, rel := range []string{"dependencies", "dependents"} {
		if st, _, v := ahbCall(t, o, "GET", path+"/"+rel, nil); st != http.StatusOK || len(v.([]any)) != 0 {
			t.Errorf("%s: %d %v", rel, st, v)
		}
	}
	st, _, v = ahbCall(t, o, "GET", "/api/v1/features/ftrNOPE", nil)
	ahbWantError(t, "unknown feature", st, v, 404, "E0000007")
	st, v = ahbRaw(t, o, "POST", path+"/TOGGLE", nil)
	ahbWantError(t, "unknown lifecycle", st, v, 400, "E0000001")
}

// TestOrgFeaturesSDK: the official SDK lists, reads, enables and disables
// a feature (with mode=force) and lists its dependencies.
func TestOrgFeaturesSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t).FeatureAPI
	ctx := context.Background()
	list, _, err := api.ListFeatures(ctx).Execute()
	if err != nil || len(list) == 0 {
		t.Fatalf("ListFeatures: %v %d", err, len(list))
	}
	id := list[len(list)-1].GetId()
	got, _, err := api.GetFeature(ctx, id).Execute()
	if err != nil || got.GetName() != list[len(list)-1].GetName() {
		t.Fatalf("GetFeature: %v %+v", err, got)
	}
	on, _, err := api.UpdateFeatureLifecycle(ctx, id, "ENABLE").Mode("force").Execute()
	if err != nil || on.GetStatus() != "ENABLED" {
		t.Fatalf("UpdateFeatureLifecycle ENABLE: %v %+v", err, on)
	}
	off, _, err := api.UpdateFeatureLifecycle(ctx, id, "DISABLE").Execute()
	if err != nil || off.GetStatus() != "DISABLED" {
		t.Fatalf("UpdateFeatureLifecycle DISABLE: %v %+v", err, off)
	}
	deps, _, err := api.ListFeatureDependencies(ctx, id).Execute()
	if err != nil || len(deps) != 0 {
		t.Fatalf("ListFeatureDependencies: %v %v", err, deps)
	}
	if _, _, err := api.ListFeatureDependents(ctx, id).Execute(); err != nil {
		t.Fatalf("ListFeatureDependents: %v", err)
	}
}
