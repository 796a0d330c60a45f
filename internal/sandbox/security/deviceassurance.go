package security

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Device assurance policies (coverage §3.4 B2; VCR
// TestAccResourceOktaPolicyDeviceAssurance{Android,ChromeOS,IOS,MacOS,Windows}_crud,
// TestAccDataSourceOktaDeviceAssurancePolicy_read). What the recordings
// show and the sandbox reproduces:
//   - create answers 200 with `dae…` ids; the list is not paged;
//   - the body is the request's platform-specific fields plus
//     displayRemediationMode "HIDE", createdDate, createdBy, lastUpdate,
//     lastUpdatedBy (the token's administrator), resourceId (the id),
//     resourceDisplayName {value: name, sensitive: false} and resourceType
//     "DeviceAssurancePolicyEntity" (not in the spec); there is no
//     created or lastUpdated (they are stored, and renamed on the way out);
//   - self link GET, PUT, DELETE.
//
// From the spec: name and platform are required, the platform can't
// change, and a policy an access policy rule uses can't be deleted (409,
// "Device assurance is in use and cannot be deleted."; the spec's example
// has no errorCode, the sandbox answers E0000001). Which fields a platform
// takes differs (jailbreak only on ANDROID and IOS, thirdPartySignalProviders
// on CHROMEOS, MACOS and WINDOWS); Okta's answer to a field the platform
// lacks is not recorded, so they are kept as sent.
var deviceAssurancesRes = &engine.Resource{
	Name: engine.TableDeviceAssurances, TypeName: "DeviceAssurance", Prefix: "dae", Area: "deviceAssurance",
	Events: &engine.Events{Type: "DeviceAssurance", Create: "device.assurance.policy.add", Update: "device.assurance.policy.update", Delete: "device.assurance.policy.delete"},
	Coll:   "/api/v1/device-assurances", IDParam: "deviceAssuranceId",
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "platform", Type: engine.TString, Required: true, Enum: deviceAssurancePlatforms},
		{Path: "osVersion", Type: engine.TObject},
		{Path: "osVersion.minimum", Type: engine.TString},
		{Path: "diskEncryptionType", Type: engine.TObject},
		{Path: "diskEncryptionType.include", Type: engine.TArray},
		{Path: "screenLockType", Type: engine.TObject},
		{Path: "screenLockType.include", Type: engine.TArray},
		{Path: "secureHardwarePresent", Type: engine.TBool},
		{Path: "jailbreak", Type: engine.TBool},
		{Path: "thirdPartySignalProviders", Type: engine.TObject},
		{Path: "displayRemediationMode", Type: engine.TString, Enum: []string{"HIDE", "SHOW"}},
		{Path: "gracePeriod", Type: engine.TObject},
	},
	ReadOnly: []string{"createdBy", "createdDate", "lastUpdate", "lastUpdatedBy", "resourceId", "resourceDisplayName", "resourceType"},
	Keep:     []string{"createdBy"},
}

var deviceAssurancePlatforms = []string{"ANDROID", "CHROMEOS", "IOS", "MACOS", "WINDOWS"}

func init() {
	deviceAssurancesRes.Prepare = prepareDeviceAssurance
	deviceAssurancesRes.BeforeDelete = deviceAssuranceInUse
	engine.Register(engine.Module{
		Name: "device-assurances", Phase: 22,
		Routes: func(rt *engine.Router) { deviceAssurancesRes.InstallWrapped(rt, deviceAssuranceDates) },
		Sample: sampleDeviceAssurances,
		Generate: func(c *engine.Call, n int) error {
			for i := 1; i <= n; i++ {
				p := deviceAssurancePlatforms[i%len(deviceAssurancePlatforms)]
				body := engine.Obj{"name": fmt.Sprintf("gen-device-assurance-%05d", i), "platform": p}
				if p != "CHROMEOS" {
					body["osVersion"] = engine.Obj{"minimum": fmt.Sprintf("%d.0", 10+i%5)}
				}
				if _, err := deviceAssurancesRes.Insert(c.Internal(), "", body, nil); err != nil {
					return err
				}
			}
			return nil
		},
	})
}

func prepareDeviceAssurance(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	name := engine.Str(body, "name")
	if strings.TrimSpace(name) == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	if len([]rune(name)) > 255 {
		return engine.ErrValidation("name", "name: The field cannot exceed 255 characters")
	}
	if cur != nil && engine.Str(body, "platform") != engine.Str(cur, "platform") {
		return engine.ErrValidation("platform", "platform: The platform of a device assurance policy can't be changed")
	}
	dup := c.Org.Find(engine.TableDeviceAssurances, "", func(o engine.Obj) bool {
		return strings.EqualFold(engine.Str(o, "name"), name) && (cur == nil || engine.Str(o, "id") != engine.Str(cur, "id"))
	})
	if dup != nil {
		return engine.ErrValidation("name", "name: A device assurance policy with this name already exists")
	}
	engine.SetDefault(body, "displayRemediationMode", "HIDE")
	if cur == nil {
		body["createdBy"] = c.Org.AdminID
	}
	body["lastUpdatedBy"] = c.Org.AdminID
	body["resourceType"] = "DeviceAssurancePolicyEntity"
	body["resourceDisplayName"] = engine.Obj{"value": name, "sensitive": false}
	return nil
}

// deviceAssuranceInUse refuses to delete a policy an access policy rule
// names in conditions.device.assurance.include.
func deviceAssuranceInUse(c *engine.Call, _ string, cur engine.Obj) *engine.APIError {
	id := engine.Str(cur, "id")
	for _, pid := range c.Org.Parents(engine.TablePolicyRules) {
		for _, r := range c.Org.List(engine.TablePolicyRules, pid) {
			if slices.Contains(engine.StringsAt(r, "conditions.device.assurance.include"), id) {
				return engine.NewError(http.StatusConflict, "E0000001", "Device assurance is in use and cannot be deleted.",
					fmt.Sprintf("Policy rule %s uses it", engine.Str(r, "name")))
			}
		}
	}
	return nil
}

// deviceAssuranceDates renames the stored created/lastUpdated to the
// fields Okta answers with, and adds resourceId.
func deviceAssuranceDates(h engine.HandlerFunc) engine.HandlerFunc {
	fix := func(o engine.Obj) {
		if v, ok := o["created"]; ok {
			o["createdDate"] = v
			delete(o, "created")
		}
		if v, ok := o["lastUpdated"]; ok {
			o["lastUpdate"] = v
			delete(o, "lastUpdated")
		}
		if id, ok := o["id"]; ok {
			o["resourceId"] = id
		}
	}
	return func(c *engine.Call) engine.Reply {
		r := h(c)
		switch b := r.Body.(type) {
		case engine.Obj:
			fix(b)
		case []any:
			for _, x := range b {
				if m, ok := x.(map[string]any); ok {
					fix(m)
				}
			}
		}
		return r
	}
}

// sampleDeviceAssurances is one policy per platform, as a company with
// managed laptops and phones would have.
func sampleDeviceAssurances(c *engine.Call) error {
	for _, b := range []engine.Obj{
		{"name": "Managed Macs", "platform": "MACOS", "osVersion": engine.Obj{"minimum": "14.0"},
			"diskEncryptionType": engine.Obj{"include": []any{"ALL_INTERNAL_VOLUMES"}}, "screenLockType": engine.Obj{"include": []any{"PASSCODE", "BIOMETRIC"}},
			"secureHardwarePresent": true},
		{"name": "Corporate Windows laptops", "platform": "WINDOWS", "osVersion": engine.Obj{"minimum": "10.0.19045"},
			"diskEncryptionType": engine.Obj{"include": []any{"ALL_INTERNAL_VOLUMES"}}, "secureHardwarePresent": true,
			"thirdPartySignalProviders": engine.Obj{"dtc": engine.Obj{"osFirewall": true, "diskEncrypted": true, "screenLockSecured": true}}},
		{"name": "iPhones", "platform": "IOS", "osVersion": engine.Obj{"minimum": "17.0"}, "jailbreak": false,
			"screenLockType": engine.Obj{"include": []any{"BIOMETRIC"}}},
		{"name": "Android phones", "platform": "ANDROID", "osVersion": engine.Obj{"minimum": "13"}, "jailbreak": false,
			"diskEncryptionType": engine.Obj{"include": []any{"FULL", "USER"}}, "screenLockType": engine.Obj{"include": []any{"BIOMETRIC"}},
			"secureHardwarePresent": true},
		{"name": "Chromebooks", "platform": "CHROMEOS", "thirdPartySignalProviders": engine.Obj{"dtc": engine.Obj{
			"allowScreenLock": true, "keyTrustLevel": "CHROME_OS_VERIFIED_MODE", "osVersion": engine.Obj{"minimum": "120.0"}}}},
	} {
		if _, err := deviceAssurancesRes.Insert(c.Internal(), "", b, nil); err != nil {
			return fmt.Errorf("device assurance %s: %w", b["name"], err)
		}
	}
	return nil
}
