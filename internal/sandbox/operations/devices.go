package operations

import (
	"net/http"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Devices (SPEC DeviceAPI; recorded TestAccDeviceResource_basic,
// TestAccDataSourceOktaDevice_read): the devices users registered with Okta
// Verify. Clients cannot create them: a device appears when a user enrolls.
// What the recordings show:
//
//   - the object: {id, status, created, lastUpdated, profile{displayName,
//     platform, manufacturer, model, osVersion, registered,
//     secureHardwarePresent, diskEncryptionType}, resourceType "UDDevice",
//     resourceDisplayName{value, sensitive: false}, resourceId (= id),
//     resourceAlternateId: null, _embedded.originatedFrom [{id, name, key}]
//     (the Okta Verify authenticator)};
//   - _links follow the status: an ACTIVE device offers suspend, deactivate
//     and users, and self allows GET, PATCH, PUT; a DEACTIVATED one offers
//     only activate, and self allows GET, DELETE;
//   - the lifecycle endpoints answer 204 with no body, also when the
//     device already has the status the call sets (activate on an ACTIVE
//     device; the sandbox does the same for suspend and deactivate);
//   - delete answers 204, after deactivate.
//
// From the spec and Okta's device lifecycle documentation: suspend only
// an ACTIVE device, unsuspend only a SUSPENDED one (back to ACTIVE),
// activate only from DEACTIVATED, deactivate from ACTIVE or SUSPENDED
// (the device loses its user links), delete only when DEACTIVATED. The
// refusals' status and code are not recorded: the sandbox answers 400
// E0000001 (docs/sandbox.md). The list pages with after/limit (200 by
// default), takes a SCIM-like `search` (eq and sw on id, status and the
// profile's fields) and expand=user or userSummary, which embed the
// device's users. Writes log device.lifecycle.* events with a Device
// target (the event types of Okta's catalog).
var devicesRes = &engine.Resource{
	Name: tableDevices, TypeName: "Device", Prefix: "guo", Area: "devices",
	Coll: "/api/v1/devices", IDParam: "deviceId",
	Page: engine.PageSpec{Def: 200, Max: 200, Cursor: true},
}

const (
	tableDevices     = "devices"
	tableDeviceUsers = "deviceUsers" // per device: {id: userId, created, managementStatus, screenLockType}

	deviceActive      = "ACTIVE"
	deviceDeactivated = "DEACTIVATED"
	deviceSuspended   = "SUSPENDED"
)

// deviceTransition is one lifecycle endpoint: the statuses it may start
// from, the status it leaves, and the event Okta logs.
type deviceTransition struct {
	from  []string
	to    string
	event string
}

var deviceTransitions = map[string]deviceTransition{
	"activate":   {[]string{deviceDeactivated, deviceActive}, deviceActive, "device.lifecycle.activate"},
	"deactivate": {[]string{deviceActive, deviceSuspended, deviceDeactivated}, deviceDeactivated, "device.lifecycle.deactivate"},
	"suspend":    {[]string{deviceActive, deviceSuspended}, deviceSuspended, "device.lifecycle.suspend"},
	"unsuspend":  {[]string{deviceSuspended}, deviceActive, "device.lifecycle.unsuspend"},
}

func init() {
	engine.Register(engine.Module{
		Name: "devices", Phase: 80,
		Routes:   deviceRoutes,
		Sample:   sampleDevices,
		Generate: generateDevices,
	})
}

func deviceRoutes(rt *engine.Router) {
	res := devicesRes
	item := res.ItemPattern()
	read, manage := engine.ScopeFor(res.Area, "GET"), engine.ScopeFor(res.Area, "POST")
	rt.Handle("GET", res.Coll, read, listDevices)
	rt.Handle("GET", item, read, func(c *engine.Call) engine.Reply {
		d, err := res.Lookup(c, "", c.Param(res.IDParam))
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(renderDevice(c, d, ""))
	})
	rt.Handle("DELETE", item, manage, deleteDevice)
	rt.Handle("GET", item+"/users", read, func(c *engine.Call) engine.Reply {
		d, err := res.Lookup(c, "", c.Param(res.IDParam))
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(deviceUsers(c, d, "user"))
	})
	for name, tr := range deviceTransitions {
		rt.Handle("POST", item+"/lifecycle/"+name, manage, deviceLifecycle(name, tr))
	}
}

func deviceLifecycle(name string, tr deviceTransition) engine.HandlerFunc {
	return func(c *engine.Call) engine.Reply {
		d, err := devicesRes.Lookup(c, "", c.Param(devicesRes.IDParam))
		if err != nil {
			return engine.Fail(err)
		}
		if err := deviceCheckTransition(d, name, tr); err != nil {
			return engine.Fail(err)
		}
		if engine.Str(d, "status") == tr.to {
			return engine.NoContent()
		}
		d["status"] = tr.to
		d["lastUpdated"] = c.Org.Timestamp()
		if tr.to == deviceDeactivated {
			c.Org.DropTable(tableDeviceUsers, engine.Str(d, "id"))
		}
		c.Emit(tr.event, deviceTarget(d))
		return engine.NoContent()
	}
}

// deviceCheckTransition refuses a lifecycle call the device's status does
// not allow.
func deviceCheckTransition(d engine.Obj, name string, tr deviceTransition) *engine.APIError {
	st := engine.Str(d, "status")
	for _, f := range tr.from {
		if f == st {
			return nil
		}
	}
	return engine.ErrBadRequest("Cannot "+name+" a device whose status is "+st+".",
		"Device "+engine.Str(d, "id")+" is "+st+"; "+name+" needs "+strings.Join(tr.from, " or "))
}

func deleteDevice(c *engine.Call) engine.Reply {
	d, err := devicesRes.Lookup(c, "", c.Param(devicesRes.IDParam))
	if err != nil {
		return engine.Fail(err)
	}
	if st := engine.Str(d, "status"); st != deviceDeactivated {
		return engine.Fail(engine.ErrBadRequest("Cannot delete a device whose status is "+st+". Deactivate it first.",
			"Device "+engine.Str(d, "id")+" must be DEACTIVATED before it can be deleted"))
	}
	c.Emit("device.lifecycle.delete", deviceTarget(d))
	id := engine.Str(d, "id")
	c.Org.DropTable(tableDeviceUsers, id)
	c.Org.Remove(tableDevices, "", id)
	return engine.NoContent()
}

func deviceTarget(d engine.Obj) engine.Target {
	return engine.Target{ID: engine.Str(d, "id"), Type: "Device", DisplayName: engine.Str(d, "profile.displayName")}
}

// deviceSearchFields are the fields `search` may name; each reads the
// stored object at the same path.
var deviceSearchFields = map[string]bool{
	"id": true, "status": true, "profile.displayName": true, "profile.platform": true, "profile.manufacturer": true,
	"profile.model": true, "profile.osVersion": true, "profile.serialNumber": true, "profile.udid": true,
	"profile.sid": true, "profile.imei": true, "profile.meid": true,
}

func listDevices(c *engine.Call) engine.Reply {
	q := c.Query()
	expand := q.Get("expand")
	if expand != "" && expand != "user" && expand != "userSummary" {
		return engine.Fail(engine.ErrBadRequest("Invalid expand parameter.", "expand: must be user or userSummary"))
	}
	items := c.Org.List(tableDevices, "")
	if expr := strings.TrimSpace(q.Get("search")); expr != "" {
		out := items[:0:0]
		for _, d := range items {
			hit, err := engine.MatchFilter(expr, engine.FilterEqSw, func(field string) ([]string, bool) {
				if !deviceSearchFields[field] {
					return nil, false
				}
				return []string{engine.Str(d, field)}, true
			})
			if err != nil {
				return engine.Fail(err)
			}
			if hit {
				out = append(out, d)
			}
		}
		items = out
	}
	items, hdr := engine.Page(c, devicesRes.Page, items, func(o engine.Obj) string { return engine.Str(o, "id") })
	out := make([]any, len(items))
	for i, d := range items {
		out[i] = renderDevice(c, d, expand)
	}
	return engine.Reply{Status: http.StatusOK, Body: out, Header: hdr}
}

// renderDevice is the device as the API shows it: _links by status, the
// authenticator it was registered with, and its users when expanded.
func renderDevice(c *engine.Call, d engine.Obj, expand string) engine.Obj {
	out := engine.CloneObj(d)
	self := c.Base + devicesRes.Coll + "/" + engine.Str(d, "id")
	link := func(path string, methods ...string) engine.Obj {
		return engine.Obj{"href": self + path, "hints": engine.Obj{"allow": engine.AnyStrings(methods)}}
	}
	l := engine.Obj{}
	switch engine.Str(d, "status") {
	case deviceDeactivated:
		l["self"] = link("", "GET", "DELETE")
		l["activate"] = link("/lifecycle/activate", "POST")
	case deviceSuspended:
		l["self"] = link("", "GET", "PATCH", "PUT")
		l["users"] = link("/users", "GET")
		l["unsuspend"] = link("/lifecycle/unsuspend", "POST")
		l["deactivate"] = link("/lifecycle/deactivate", "POST")
	default:
		l["self"] = link("", "GET", "PATCH", "PUT")
		l["users"] = link("/users", "GET")
		l["suspend"] = link("/lifecycle/suspend", "POST")
		l["deactivate"] = link("/lifecycle/deactivate", "POST")
	}
	out["_links"] = l
	emb := engine.Obj{}
	if ov := c.Org.Find(engine.TableAuthenticators, "", func(a engine.Obj) bool { return engine.Str(a, "key") == "okta_verify" }); ov != nil {
		emb["originatedFrom"] = []any{engine.Obj{"id": engine.Str(ov, "id"), "name": engine.Str(ov, "name"), "key": "okta_verify"}}
	}
	if expand != "" {
		emb["users"] = deviceUsers(c, d, expand)
	}
	out["_embedded"] = emb
	return out
}

// deviceUsers are the device's user links (DeviceUser): the whole user,
// or with expand=userSummary its id, status and name fields.
func deviceUsers(c *engine.Call, d engine.Obj, expand string) []any {
	out := []any{}
	for _, du := range c.Org.List(tableDeviceUsers, engine.Str(d, "id")) {
		u := c.Org.Get(engine.TableUsers, "", engine.Str(du, "id"))
		if u == nil {
			continue
		}
		user := engine.CloneObj(u)
		if expand == "userSummary" {
			user = engine.Obj{"id": u["id"], "status": u["status"], "profile": engine.Obj{
				"firstName": engine.At(u, "profile.firstName"), "lastName": engine.At(u, "profile.lastName"),
				"login": engine.At(u, "profile.login"), "email": engine.At(u, "profile.email"),
			}}
		}
		user["_links"] = engine.Obj{"self": engine.Obj{"href": c.Base + "/api/v1/users/" + engine.Str(u, "id")}}
		out = append(out, engine.Obj{
			"created": du["created"], "managementStatus": du["managementStatus"], "screenLockType": du["screenLockType"],
			"user": user,
		})
	}
	return out
}
