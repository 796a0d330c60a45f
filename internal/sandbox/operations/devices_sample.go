package operations

import (
	"fmt"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// deviceModel is one kind of device people register with Okta Verify.
type deviceModel struct {
	platform, manufacturer, model, osVersion, encryption string
	name                                                 string // display name pattern, %s = first name
	managed                                              bool
}

var deviceModels = []deviceModel{
	{"MACOS", "Apple", "MacBookPro18,3", "14.4.1", "ALL_INTERNAL_VOLUMES", "%s's MacBook Pro", true},
	{"IOS", "Apple", "iPhone15,2", "17.4.1", "FULL", "%s's iPhone", false},
	{"WINDOWS", "LENOVO", "20XW0026US", "10.0.22631", "ALL_INTERNAL_VOLUMES", "%s's ThinkPad", true},
	{"ANDROID", "samsung", "SM-S921B", "14:2024-04-01", "USER", "%s's Galaxy S24", false},
}

// sampleDevices registers the devices a small company's people enrolled:
// laptops and phones of active users, one suspended (reported lost) and
// one deactivated (the laptop of a user who left).
func sampleDevices(c *engine.Call) error {
	for _, d := range []struct {
		login  string
		model  int
		status string
	}{
		{"ada.lovelace@sandbox.example.com", 0, deviceActive},
		{"ada.lovelace@sandbox.example.com", 1, deviceActive},
		{"grace.hopper@sandbox.example.com", 2, deviceActive},
		{"alan.turing@sandbox.example.com", 0, deviceActive},
		{"margaret.hamilton@sandbox.example.com", 3, deviceSuspended},
		{"edsger.dijkstra@sandbox.example.com", 2, deviceDeactivated},
	} {
		u := c.Org.Find(engine.TableUsers, "", func(o engine.Obj) bool { return engine.Str(o, "profile.login") == d.login })
		if u == nil {
			continue
		}
		putDevice(c, deviceModels[d.model], u, d.status)
	}
	return nil
}

// generateDevices makes n devices for --generate devices=n, spread over
// the org's users (one user may hold several), the platforms in turn.
func generateDevices(c *engine.Call, n int) error {
	users := c.Org.List(engine.TableUsers, "")
	for i := 0; i < n; i++ {
		var u engine.Obj
		if len(users) > 0 {
			u = users[i%len(users)]
		}
		putDevice(c, deviceModels[i%len(deviceModels)], u, deviceActive)
	}
	return nil
}

// putDevice stores a registered device and, unless it is deactivated,
// its link to the user who enrolled it.
func putDevice(c *engine.Call, m deviceModel, u engine.Obj, status string) {
	id := c.Org.NewID(devicesRes.Prefix)
	now := c.Org.Timestamp()
	first := "Shared"
	if u != nil {
		first = engine.Str(u, "profile.firstName")
	}
	name := fmt.Sprintf(m.name, first)
	serial := fmt.Sprintf("C0%08X", c.Org.RandIntn(1<<31))
	profile := engine.Obj{
		"displayName": name, "platform": m.platform, "manufacturer": m.manufacturer, "model": m.model,
		"osVersion": m.osVersion, "registered": true, "secureHardwarePresent": true, "diskEncryptionType": m.encryption,
	}
	if m.platform == "MACOS" || m.platform == "WINDOWS" {
		profile["serialNumber"] = serial
	}
	c.Org.Put(tableDevices, "", id, engine.Obj{
		"id": id, "status": status, "created": now, "lastUpdated": now, "profile": profile,
		"resourceType": "UDDevice", "resourceDisplayName": engine.Obj{"value": name, "sensitive": false},
		"resourceId": id, "resourceAlternateId": nil,
	})
	if u == nil || status == deviceDeactivated {
		return
	}
	mgmt := "NOT_MANAGED"
	if m.managed {
		mgmt = "MANAGED"
	}
	uid := engine.Str(u, "id")
	c.Org.Put(tableDeviceUsers, id, uid, engine.Obj{"id": uid, "created": now, "managementStatus": mgmt, "screenLockType": "BIOMETRIC"})
}
