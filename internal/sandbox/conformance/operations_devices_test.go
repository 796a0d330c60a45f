package conformance

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestDevicesSDK: the sample org's devices through the official SDK's
// DeviceAPI: the recorded shape (resourceType UDDevice, resourceId,
// resourceDisplayName, _embedded.originatedFrom Okta Verify), search,
// expand, paging, users, and the lifecycle a device goes through
// (suspend, unsuspend, deactivate, activate, deactivate, delete), each
// answering 204 and logging device.lifecycle.*.
func TestDevicesSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{Sample: true})
	api := o.sdk(t).DeviceAPI
	ctx := context.Background()
	all, _, err := api.ListDevices(ctx).Execute()
	if err != nil || len(all) < 5 {
		t.Fatalf("list: %d devices, %v", len(all), err)
	}
	statuses := map[string]int{}
	for _, d := range all {
		statuses[d.GetStatus()]++
		if !strings.HasPrefix(d.GetId(), "guo") || len(d.GetId()) != 20 || d.GetResourceType() != "UDDevice" || d.GetResourceId() != d.GetId() {
			t.Errorf("device %s: %+v", d.GetId(), d)
		}
	}
	if statuses["ACTIVE"] == 0 || statuses["SUSPENDED"] != 1 || statuses["DEACTIVATED"] != 1 {
		t.Errorf("sample statuses: %v", statuses)
	}

	page, resp, err := api.ListDevices(ctx).Limit(2).Execute()
	if err != nil || len(page) != 2 || !resp.HasNextPage() {
		t.Fatalf("page of 2: %d, next %v, %v", len(page), resp != nil && resp.HasNextPage(), err)
	}
	ios, _, err := api.ListDevices(ctx).Search(`profile.platform eq "IOS"`).Expand("userSummary").Execute()
	if err != nil || len(ios) != 1 || ios[0].Profile.GetPlatform() != "IOS" {
		t.Fatalf("search IOS: %d %v", len(ios), err)
	}
	if users := ios[0].Embedded.GetUsers(); len(users) != 1 || !strings.HasPrefix(users[0].User.Profile.GetLogin(), "ada.") {
		t.Errorf("expand=userSummary: %+v", ios[0].Embedded)
	}

	var id string
	for _, d := range all {
		if d.GetStatus() == "ACTIVE" {
			id = d.GetId()
			break
		}
	}
	d, _, err := api.GetDevice(ctx, id).Execute()
	if err != nil || d.ResourceDisplayName.GetValue() != d.Profile.GetDisplayName() {
		t.Fatalf("get: %v %+v", err, d)
	}
	users, _, err := api.ListDeviceUsers(ctx, id).Execute()
	if err != nil || len(users) != 1 || users[0].GetManagementStatus() == "" || users[0].User.GetId() == "" {
		t.Fatalf("users: %v %+v", err, users)
	}
	_, _, raw := o.do(t, "GET", "/api/v1/devices/"+id, nil)
	dev := ahbObj(t, ahbDecode(t, raw))
	if from, _ := engine.At(dev, "_embedded.originatedFrom").([]any); len(from) != 1 || engine.Str(ahbObj(t, from[0]), "key") != "okta_verify" {
		t.Errorf("originatedFrom: %s", raw)
	}

	tail := &logTail{o: o}
	tail.next(t)
	steps := []struct {
		name   string
		call   func() (*http.Response, error)
		status string
	}{
		{"suspend", func() (*http.Response, error) { r, err := api.SuspendDevice(ctx, id).Execute(); return r.Response, err }, "SUSPENDED"},
		{"unsuspend", func() (*http.Response, error) {
			r, err := api.UnsuspendDevice(ctx, id).Execute()
			return r.Response, err
		}, "ACTIVE"},
		{"deactivate", func() (*http.Response, error) {
			r, err := api.DeactivateDevice(ctx, id).Execute()
			return r.Response, err
		}, "DEACTIVATED"},
		{"activate", func() (*http.Response, error) {
			r, err := api.ActivateDevice(ctx, id).Execute()
			return r.Response, err
		}, "ACTIVE"},
		{"deactivate", func() (*http.Response, error) {
			r, err := api.DeactivateDevice(ctx, id).Execute()
			return r.Response, err
		}, "DEACTIVATED"},
	}
	for _, s := range steps {
		resp, err := s.call()
		if err != nil || resp.StatusCode != http.StatusNoContent {
			t.Fatalf("%s: %v", s.name, err)
		}
		got, _, err := api.GetDevice(ctx, id).Execute()
		if err != nil || got.GetStatus() != s.status {
			t.Fatalf("after %s: %q %v", s.name, got.GetStatus(), err)
		}
	}
	_, _, raw = o.do(t, "GET", "/api/v1/devices/"+id, nil)
	dev = ahbObj(t, ahbDecode(t, raw))
	if l := ahbObj(t, dev["_links"]); l["activate"] == nil || l["users"] != nil || l["suspend"] != nil || !strings.Contains(string(raw), `"allow":["GET","DELETE"]`) {
		t.Errorf("deactivated links: %v", l)
	}
	if users, _, err := api.ListDeviceUsers(ctx, id).Execute(); err != nil || len(users) != 0 {
		t.Errorf("a deactivated device keeps no users: %d %v", len(users), err)
	}
	if _, err := api.DeleteDevice(ctx, id).Execute(); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, resp, _ := api.GetDevice(ctx, id).Execute(); resp == nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("deleted device still there")
	}
	var got []string
	for _, ev := range tail.next(t) {
		tg, _ := ev["target"].([]any)
		if len(tg) != 1 {
			t.Fatalf("%s: targets %v", engine.Str(ev, "eventType"), tg)
		}
		got = append(got, engine.Str(ev, "eventType")+" "+engine.Str(ahbObj(t, tg[0]), "type"))
	}
	want := "device.lifecycle.suspend Device,device.lifecycle.unsuspend Device,device.lifecycle.deactivate Device," +
		"device.lifecycle.activate Device,device.lifecycle.deactivate Device,device.lifecycle.delete Device"
	if strings.Join(got, ",") != want {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, ","), want)
	}
}

// TestDevicesFreshOrg: an org nobody enrolled a device in has none, and a
// device id it never had is 404 E0000007, as for the recordings' devices.
func TestDevicesFreshOrg(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	st, _, v := ahbCall(t, o, "GET", "/api/v1/devices", nil)
	if st != http.StatusOK || len(ahbList(t, v)) != 0 {
		t.Fatalf("fresh org devices: %d %v", st, v)
	}
	st, _, v = ahbCall(t, o, "GET", "/api/v1/devices/guo00000000000000000", nil)
	ahbWantError(t, "unknown device", st, v, http.StatusNotFound, "E0000007")
}
