package conformance

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestDeviceAssurances drives device assurance policies on every platform
// as the recordings do: create (200), get, list, replace, delete; the
// response's server fields; the refusals.
func TestDeviceAssurances(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	bodies := map[string]engine.Obj{
		"ANDROID": {"name": "android", "platform": "ANDROID", "osVersion": engine.Obj{"minimum": "12"}, "jailbreak": false,
			"diskEncryptionType": engine.Obj{"include": []any{"FULL", "USER"}}, "screenLockType": engine.Obj{"include": []any{"BIOMETRIC"}}, "secureHardwarePresent": true},
		"CHROMEOS": {"name": "chromeos", "platform": "CHROMEOS", "thirdPartySignalProviders": engine.Obj{"dtc": engine.Obj{"allowScreenLock": true}}},
		"IOS":      {"name": "ios", "platform": "IOS", "osVersion": engine.Obj{"minimum": "12.4.5"}, "jailbreak": false, "screenLockType": engine.Obj{"include": []any{"BIOMETRIC"}}},
		"MACOS": {"name": "macos", "platform": "MACOS", "osVersion": engine.Obj{"minimum": "12.4.5"}, "secureHardwarePresent": true,
			"diskEncryptionType": engine.Obj{"include": []any{"ALL_INTERNAL_VOLUMES"}}, "screenLockType": engine.Obj{"include": []any{"BIOMETRIC"}}},
		"WINDOWS": {"name": "windows", "platform": "WINDOWS", "osVersion": engine.Obj{"minimum": "10.0.19041"}, "secureHardwarePresent": true,
			"thirdPartySignalProviders": engine.Obj{"dtc": engine.Obj{"osFirewall": true, "crowdStrikeAgentId": "agent"}}},
	}
	ids := map[string]string{}
	for _, p := range []string{"ANDROID", "CHROMEOS", "IOS", "MACOS", "WINDOWS"} {
		got := o.mustObj(200, "POST", "/api/v1/device-assurances", bodies[p])
		id := engine.Str(got, "id")
		ids[p] = id
		if !strings.HasPrefix(id, "dae") || engine.Str(got, "resourceId") != id || engine.Str(got, "resourceType") != "DeviceAssurancePolicyEntity" ||
			engine.Str(got, "displayRemediationMode") != "HIDE" || engine.Str(got, "resourceDisplayName.value") != bodies[p]["name"] ||
			engine.Str(got, "createdDate") == "" || engine.Str(got, "lastUpdate") == "" || engine.Str(got, "createdBy") == "" {
			t.Errorf("%s: %v", p, got)
		}
		if got["created"] != nil || got["lastUpdated"] != nil {
			t.Errorf("%s answers created/lastUpdated, which Okta's device assurances do not have", p)
		}
		if fmt.Sprint(ahbAllow(got, "self")) != "[GET PUT DELETE]" {
			t.Errorf("%s links %v", p, got["_links"])
		}
	}
	if n := len(o.must(200, "GET", "/api/v1/device-assurances", nil).([]any)); n != 5 {
		t.Errorf("list: %d", n)
	}
	upd := bodies["IOS"]
	upd["osVersion"] = engine.Obj{"minimum": "12.4.6"}
	upd["screenLockType"] = engine.Obj{"include": []any{"BIOMETRIC", "PASSCODE"}}
	got := o.mustObj(200, "PUT", "/api/v1/device-assurances/"+ids["IOS"], upd)
	if engine.Str(got, "osVersion.minimum") != "12.4.6" || len(engine.StringsAt(got, "screenLockType.include")) != 2 {
		t.Errorf("after PUT: %v", got)
	}
	o.fail(400, "E0000001", "PUT", "/api/v1/device-assurances/"+ids["IOS"], engine.Obj{"name": "ios", "platform": "ANDROID"})
	o.fail(400, "E0000001", "POST", "/api/v1/device-assurances", engine.Obj{"name": "ios", "platform": "IOS"})
	o.fail(400, "E0000001", "POST", "/api/v1/device-assurances", engine.Obj{"name": "x", "platform": "PALMOS"})
	o.fail(400, "E0000001", "POST", "/api/v1/device-assurances", engine.Obj{"platform": "IOS"})
	o.fail(404, "E0000007", "GET", "/api/v1/device-assurances/daenothere0000000000", nil)

	// An access policy rule that uses one keeps it from being deleted.
	pol := o.mustObj(200, "POST", "/api/v1/policies", engine.Obj{"type": "ACCESS_POLICY", "name": "Devices"})
	rules := "/api/v1/policies/" + engine.Str(pol, "id") + "/rules"
	st, _, v := o.call("POST", rules, engine.Obj{"name": "bad", "conditions": engine.Obj{"device": engine.Obj{"assurance": engine.Obj{"include": []any{"daenothere0000000000"}}}}})
	if st != 400 {
		t.Errorf("rule with an unknown device assurance: %d %v", st, v)
	}
	rule := o.mustObj(200, "POST", rules, engine.Obj{"name": "Managed", "conditions": engine.Obj{"device": engine.Obj{
		"registered": true, "managed": false, "assurance": engine.Obj{"include": []any{ids["MACOS"]}}}}})
	o.fail(409, "E0000001", "DELETE", "/api/v1/device-assurances/"+ids["MACOS"], nil)
	o.must(204, "DELETE", rules+"/"+engine.Str(rule, "id"), nil)
	o.must(204, "DELETE", "/api/v1/device-assurances/"+ids["MACOS"], nil)
}

// TestDeviceAssurancesSDK drives device assurance policies with the
// official SDK v5: create a macOS policy, list, get, replace, delete.
func TestDeviceAssurancesSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{Sample: true})
	api := o.sdk(t).DeviceAssuranceAPI
	ctx := context.Background()
	mac := okta.DeviceAssuranceMacOSPlatform{
		DeviceAssurance:       okta.DeviceAssurance{Name: okta.PtrString("SDK Macs"), Platform: okta.PtrString("MACOS")},
		OsVersion:             &okta.OSVersion{Minimum: okta.PtrString("14.1")},
		DiskEncryptionType:    &okta.DeviceAssuranceMacOSPlatformAllOfDiskEncryptionType{Include: []string{"ALL_INTERNAL_VOLUMES"}},
		SecureHardwarePresent: okta.PtrBool(true),
	}
	created, resp, err := api.CreateDeviceAssurancePolicy(ctx).DeviceAssurance(okta.DeviceAssuranceMacOSPlatformAsListDeviceAssurancePolicies200ResponseInner(&mac)).Execute()
	if err != nil || statusOf(resp) != http.StatusOK || created.DeviceAssuranceMacOSPlatform == nil {
		t.Fatalf("create: %d %v %+v", statusOf(resp), err, created)
	}
	id := created.DeviceAssuranceMacOSPlatform.GetId()
	all, _, err := api.ListDeviceAssurancePolicies(ctx).Execute()
	if err != nil || len(all) != 6 {
		t.Fatalf("list: %v, %d policies (5 sample + 1)", err, len(all))
	}
	platforms := map[string]bool{}
	for _, p := range all {
		switch {
		case p.DeviceAssuranceAndroidPlatform != nil:
			platforms["ANDROID"] = true
		case p.DeviceAssuranceChromeOSPlatform != nil:
			platforms["CHROMEOS"] = true
		case p.DeviceAssuranceIOSPlatform != nil:
			platforms["IOS"] = true
		case p.DeviceAssuranceMacOSPlatform != nil:
			platforms["MACOS"] = true
		case p.DeviceAssuranceWindowsPlatform != nil:
			platforms["WINDOWS"] = true
		}
	}
	if len(platforms) != 5 {
		t.Errorf("the SDK decoded platforms %v", platforms)
	}
	mac.OsVersion = &okta.OSVersion{Minimum: okta.PtrString("14.2")}
	upd, _, err := api.ReplaceDeviceAssurancePolicy(ctx, id).DeviceAssurance(okta.DeviceAssuranceMacOSPlatformAsListDeviceAssurancePolicies200ResponseInner(&mac)).Execute()
	if err != nil || upd.DeviceAssuranceMacOSPlatform.OsVersion.GetMinimum() != "14.2" {
		t.Fatalf("replace: %v", err)
	}
	got, _, err := api.GetDeviceAssurancePolicy(ctx, id).Execute()
	if err != nil || got.DeviceAssuranceMacOSPlatform.GetName() != "SDK Macs" {
		t.Fatalf("get: %v", err)
	}
	if resp, err := api.DeleteDeviceAssurancePolicy(ctx, id).Execute(); err != nil || statusOf(resp) != http.StatusNoContent {
		t.Fatalf("delete: %d %v", statusOf(resp), err)
	}
	_, resp, _ = api.GetDeviceAssurancePolicy(ctx, id).Execute()
	if statusOf(resp) != http.StatusNotFound {
		t.Errorf("get after delete: %d", statusOf(resp))
	}
}
