package sandbox

import (
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
)

// Event hooks (api-facts §1.9). Created ACTIVE and UNVERIFIED; the verify
// endpoint is where Okta calls the endpoint once (the sandbox always
// succeeds); changing the channel needs a new verification; only INACTIVE
// hooks can be deleted. channel.config.authScheme.value is write-only. A
// PUT honours `status` (VCR TestAccResourceOktaEventHook_crud: a PUT with
// "status":"INACTIVE" answered INACTIVE without a lifecycle call).
var eventHooksRes = &resource{
	name: "eventHooks", typeName: "EventHook", prefix: "who", area: "eventHooks",
	coll: "/api/v1/eventHooks", idParam: "eventHookId",
	noUpdate: true, // PUT is installed by hand, to honour status
	life:     lifecycle{enabled: true, reply: replyObject},
	fields: []field{
		{path: "name", typ: tString, required: true},
		{path: "description", typ: tString},
		{path: "events", typ: tObject, required: true},
		{path: "events.type", typ: tString, required: true, enum: []string{"EVENT_TYPE"}},
		{path: "events.items", typ: tArray, required: true},
		{path: "events.filter", typ: tObject},
		{path: "events.filter.eventFilterMap", typ: tArray},
		{path: "channel", typ: tObject, required: true},
		{path: "channel.type", typ: tString, required: true, enum: []string{"HTTP"}},
		{path: "channel.version", typ: tString, required: true, enum: []string{"1.0.0"}},
		{path: "channel.config", typ: tObject, required: true},
		{path: "channel.config.uri", typ: tString, required: true},
		{path: "channel.config.headers", typ: tArray},
		{path: "channel.config.authScheme", typ: tObject},
		{path: "channel.config.authScheme.type", typ: tString, enum: []string{"HEADER"}},
		{path: "channel.config.authScheme.key", typ: tString},
		{path: "channel.config.authScheme.value", typ: tString},
	},
	readOnly: []string{"createdBy", "verificationStatus", "channel.config.method", "events.filter.type"},
	keep:     []string{"createdBy"},
}

func init() {
	eventHooksRes.prepare = prepareEventHook
	eventHooksRes.links = eventHookLinks
	// Created ACTIVE whatever the body says (SPEC createEventHook).
	eventHooksRes.afterCreate = func(_ *call, _ string, obj Obj) *apiError {
		obj["status"] = "ACTIVE"
		return nil
	}
	eventHooksRes.beforeDelete = func(_ *call, _ string, cur Obj) *apiError {
		return hookRefuseActiveDelete(cur, "EventHook")
	}
	register(module{
		name: "event-hooks", phase: 10,
		routes: func(rt *router) {
			eventHooksRes.install(rt)
			item := eventHooksRes.itemPattern()
			rt.handle("PUT", item, scopeFor("eventHooks", "PUT"), replaceEventHook)
			rt.handle("POST", item+"/lifecycle/verify", scopeFor("eventHooks", "POST"), verifyEventHook)
		},
		sample: sampleEventHooks,
	})
}

// hookRefuseActiveDelete is Okta's precondition for deleting an event or
// inline hook. The spec documents only 403 and 404 for these deletes, so
// the refusal is a 403 (the exact code is not recorded anywhere:
// api-facts §4.2, an unverified choice).
func hookRefuseActiveDelete(cur Obj, typeName string) *apiError {
	if str(cur, "status") != "ACTIVE" {
		return nil
	}
	return newError(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action", "Cannot delete an ACTIVE "+typeName+". Deactivate it first.")
}

// hookCheckURI requires an absolute https URL, as Okta does for hook
// endpoints ("Your external service must use a valid HTTPS endpoint").
func hookCheckURI(path, raw string) *apiError {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return errValidation(path, path+": The URI must be a valid HTTPS URL")
	}
	return nil
}

// hookHeaders checks channel.config.headers: an array of {key, value}.
func hookHeaders(body Obj, path string) *apiError {
	setDefault(body, path, []any{})
	arr, ok := at(body, path).([]any)
	if !ok {
		return errMalformed()
	}
	for _, h := range arr {
		m, ok := h.(map[string]any)
		if !ok {
			return errMalformed()
		}
		for _, k := range []string{"key", "value"} {
			if v, has := m[k]; has && v != nil {
				if _, ok := v.(string); !ok {
					return errMalformed()
				}
			}
		}
		if strings.TrimSpace(str(m, "key")) == "" {
			return errValidation(path, path+".key: The field cannot be left blank")
		}
	}
	return nil
}

func prepareEventHook(c *call, _ string, body, cur Obj) *apiError {
	if strings.TrimSpace(str(body, "name")) == "" {
		return errValidation("name", "name: The field cannot be left blank")
	}
	if _, has := body["description"]; !has {
		body["description"] = nil
	}
	items := stringsAt(body, "events.items")
	if arr, _ := at(body, "events.items").([]any); len(items) != len(arr) {
		return errMalformed()
	}
	if len(items) == 0 {
		return errValidation("events.items", "events.items: At least one event type is required")
	}
	if f, ok := at(body, "events.filter").(map[string]any); ok {
		f["type"] = "EXPRESSION_LANGUAGE"
		maps, _ := f["eventFilterMap"].([]any)
		for _, m := range maps {
			fm, ok := m.(map[string]any)
			if !ok {
				return errMalformed()
			}
			if !slices.Contains(items, str(fm, "event")) {
				return errValidation("events.filter.eventFilterMap",
					"events.filter.eventFilterMap: event '"+str(fm, "event")+"' is not one of the subscribed events")
			}
			if str(fm, "condition.expression") == "" {
				return errValidation("events.filter.eventFilterMap",
					"events.filter.eventFilterMap.condition.expression: The field cannot be left blank")
			}
			set(fm, "condition.version", nil)
		}
	} else {
		set(body, "events.filter", nil)
	}
	if err := hookCheckURI("channel.config.uri", str(body, "channel.config.uri")); err != nil {
		return err
	}
	if err := hookHeaders(body, "channel.config.headers"); err != nil {
		return err
	}
	set(body, "channel.config.method", "POST")
	if at(body, "channel.config.authScheme") == nil {
		set(body, "channel.config.authScheme", nil)
	} else {
		setDefault(body, "channel.config.authScheme.type", "HEADER")
		del(body, "channel.config.authScheme.value") // write-only
	}
	if cur == nil {
		body["createdBy"] = c.o.AdminID
		body["verificationStatus"] = "UNVERIFIED"
		return nil
	}
	// "Updating the channel property requires you to verify the hook
	// again" (SPEC replaceEventHook).
	body["verificationStatus"] = str(cur, "verificationStatus")
	if !reflect.DeepEqual(normalizeJSON(body["channel"]), normalizeJSON(cur["channel"])) {
		body["verificationStatus"] = "UNVERIFIED"
	}
	return nil
}

func replaceEventHook(c *call) reply {
	body, err := c.body()
	if err != nil {
		return fail(err)
	}
	want, _ := body["status"].(string)
	obj, err := eventHooksRes.replace(c, "", c.param("eventHookId"), body)
	if err != nil {
		return fail(err)
	}
	if (want == "ACTIVE" || want == "INACTIVE") && want != str(obj, "status") {
		obj["status"] = want
	}
	return ok(eventHooksRes.render(c, "", obj))
}

// verifyEventHook is Okta's one-time verification call to the endpoint.
// The sandbox makes no outbound call and treats it as answered.
func verifyEventHook(c *call) reply {
	cur, err := eventHooksRes.lookup(c, "", c.param("eventHookId"))
	if err != nil {
		return fail(err)
	}
	if str(cur, "status") != "ACTIVE" {
		return fail(errValidation("status", "status: Only an ACTIVE event hook can be verified"))
	}
	cur["verificationStatus"] = "VERIFIED"
	cur["lastUpdated"] = c.o.timestamp()
	return ok(eventHooksRes.render(c, "", cur))
}

// eventHookLinks: the self link carries no hints; an ACTIVE hook offers
// verify and deactivate, an INACTIVE one activate and delete (VCR).
func eventHookLinks(c *call, _ string, o Obj, l Obj) {
	self := c.base + "/api/v1/eventHooks/" + str(o, "id")
	l["self"] = Obj{"href": self}
	if str(o, "status") == "ACTIVE" {
		l["verify"] = Obj{"href": self + "/lifecycle/verify", "hints": Obj{"allow": []any{"POST"}}}
	} else {
		l["delete"] = Obj{"href": self, "hints": Obj{"allow": []any{"DELETE"}}}
	}
}

func sampleEventHooks(c *call) error {
	hooks := []struct {
		name, desc, uri string
		events          []string
		headers         []any
		verified        bool
		inactive        bool
		filter          Obj
	}{
		{name: "SIEM user lifecycle export", desc: "Streams user lifecycle events to the SIEM collector",
			uri:      "https://siem.example.com/okta/events",
			events:   []string{"user.lifecycle.create", "user.lifecycle.activate", "user.lifecycle.deactivate", "user.lifecycle.delete.initiated"},
			headers:  []any{Obj{"key": "X-Source", "value": "okta-sandbox"}},
			verified: true},
		{name: "HR sync group membership", uri: "https://hr-sync.example.com/hooks/okta",
			events:   []string{"group.user_membership.add", "group.user_membership.remove"},
			verified: true,
			filter: Obj{"eventFilterMap": []any{Obj{
				"event":     "group.user_membership.add",
				"condition": Obj{"expression": `event.target.?[type eq 'UserGroup'].size()>0 && event.target.?[displayName eq 'All Employees'].size()>0`},
			}}}},
		{name: "Security alerts to chat", desc: "Posts admin privilege changes to the security channel",
			uri:    "https://alerts.example.com/okta",
			events: []string{"user.account.privilege.grant", "user.account.privilege.revoke", "policy.lifecycle.update"}},
		{name: "Legacy provisioning audit", desc: "Replaced by the SIEM export; kept for reference",
			uri:      "https://audit.example.com/legacy/okta",
			events:   []string{"application.user_membership.add", "application.user_membership.remove"},
			inactive: true},
	}
	for _, h := range hooks {
		body := Obj{
			"name":   h.name,
			"events": Obj{"type": "EVENT_TYPE", "items": anyStrings(h.events)},
			"channel": Obj{"type": "HTTP", "version": "1.0.0", "config": Obj{
				"uri":        h.uri,
				"authScheme": Obj{"type": "HEADER", "key": "Authorization", "value": "Bearer sandbox-" + c.o.secret(24)},
			}},
		}
		if h.desc != "" {
			body["description"] = h.desc
		}
		if h.headers != nil {
			set(body, "channel.config.headers", h.headers)
		}
		if h.filter != nil {
			set(body, "events.filter", h.filter)
		}
		obj, err := eventHooksRes.insert(c, "", body, nil)
		if err != nil {
			return err
		}
		if h.verified {
			obj["verificationStatus"] = "VERIFIED"
		}
		if h.inactive {
			obj["status"] = "INACTIVE"
		}
	}
	return nil
}
