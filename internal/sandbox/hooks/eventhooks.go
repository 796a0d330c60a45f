package hooks

import (
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Event hooks (api-facts §1.9). Created ACTIVE and UNVERIFIED; the verify
// endpoint is where Okta calls the endpoint once (the sandbox always
// succeeds); changing the channel needs a new verification; only INACTIVE
// hooks can be deleted. channel.config.authScheme.value is write-only. A
// PUT honours `status` (VCR TestAccResourceOktaEventHook_crud: a PUT with
// "status":"INACTIVE" answered INACTIVE without a lifecycle call).
var eventHooksRes = &engine.Resource{
	Name: "eventHooks", TypeName: "EventHook", Prefix: "who", Area: "eventHooks",
	Events: &engine.Events{Type: "EventHook", Create: "event_hook.created", Update: "event_hook.updated", Delete: "event_hook.deleted", Activate: "event_hook.activated", Deactivate: "event_hook.deactivated"},
	Coll:   "/api/v1/eventHooks", IDParam: "eventHookId",
	NoUpdate: true, // PUT is installed by hand, to honour status
	Life:     engine.Lifecycle{Enabled: true, Reply: engine.ReplyObject},
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "description", Type: engine.TString},
		{Path: "events", Type: engine.TObject, Required: true},
		{Path: "events.type", Type: engine.TString, Required: true, Enum: []string{"EVENT_TYPE"}},
		{Path: "events.items", Type: engine.TArray, Required: true},
		{Path: "events.filter", Type: engine.TObject},
		{Path: "events.filter.eventFilterMap", Type: engine.TArray},
		{Path: "channel", Type: engine.TObject, Required: true},
		{Path: "channel.type", Type: engine.TString, Required: true, Enum: []string{"HTTP"}},
		{Path: "channel.version", Type: engine.TString, Required: true, Enum: []string{"1.0.0"}},
		{Path: "channel.config", Type: engine.TObject, Required: true},
		{Path: "channel.config.uri", Type: engine.TString, Required: true},
		{Path: "channel.config.headers", Type: engine.TArray},
		{Path: "channel.config.authScheme", Type: engine.TObject},
		{Path: "channel.config.authScheme.type", Type: engine.TString, Enum: []string{"HEADER"}},
		{Path: "channel.config.authScheme.key", Type: engine.TString},
		{Path: "channel.config.authScheme.value", Type: engine.TString},
	},
	ReadOnly: []string{"createdBy", "verificationStatus", "channel.config.method", "events.filter.type"},
	Keep:     []string{"createdBy"},
}

func init() {
	eventHooksRes.Prepare = prepareEventHook
	eventHooksRes.Links = eventHookLinks
	// Created ACTIVE whatever the body says (SPEC createEventHook).
	eventHooksRes.AfterCreate = func(_ *engine.Call, _ string, obj engine.Obj) *engine.APIError {
		obj["status"] = "ACTIVE"
		return nil
	}
	eventHooksRes.BeforeDelete = func(_ *engine.Call, _ string, cur engine.Obj) *engine.APIError {
		return hookRefuseActiveDelete(cur, "EventHook")
	}
	engine.Register(engine.Module{
		Name: "event-hooks", Phase: 10,
		Routes: func(rt *engine.Router) {
			eventHooksRes.Install(rt)
			item := eventHooksRes.ItemPattern()
			rt.Handle("PUT", item, engine.ScopeFor("eventHooks", "PUT"), replaceEventHook)
			rt.Handle("POST", item+"/lifecycle/verify", engine.ScopeFor("eventHooks", "POST"), verifyEventHook)
		},
		Sample: sampleEventHooks,
	})
}

// hookRefuseActiveDelete is Okta's precondition for deleting an event or
// inline hook. The spec documents only 403 and 404 for these deletes, so
// the refusal is a 403 (the exact code is not recorded anywhere:
// api-facts §4.2, an unverified choice).
func hookRefuseActiveDelete(cur engine.Obj, typeName string) *engine.APIError {
	if engine.Str(cur, "status") != "ACTIVE" {
		return nil
	}
	return engine.NewError(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action", "Cannot delete an ACTIVE "+typeName+". Deactivate it first.")
}

// hookCheckURI requires an absolute https URL, as Okta does for hook
// endpoints ("Your external service must use a valid HTTPS endpoint").
func hookCheckURI(path, raw string) *engine.APIError {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return engine.ErrValidation(path, path+": The URI must be a valid HTTPS URL")
	}
	return nil
}

// hookHeaders checks channel.config.headers: an array of {key, value}.
func hookHeaders(body engine.Obj, path string) *engine.APIError {
	engine.SetDefault(body, path, []any{})
	arr, ok := engine.At(body, path).([]any)
	if !ok {
		return engine.ErrMalformed()
	}
	for _, h := range arr {
		m, ok := h.(map[string]any)
		if !ok {
			return engine.ErrMalformed()
		}
		for _, k := range []string{"key", "value"} {
			if v, has := m[k]; has && v != nil {
				if _, ok := v.(string); !ok {
					return engine.ErrMalformed()
				}
			}
		}
		if strings.TrimSpace(engine.Str(m, "key")) == "" {
			return engine.ErrValidation(path, path+".key: The field cannot be left blank")
		}
	}
	return nil
}

func prepareEventHook(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	if strings.TrimSpace(engine.Str(body, "name")) == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	if _, has := body["description"]; !has {
		body["description"] = nil
	}
	items := engine.StringsAt(body, "events.items")
	if arr, _ := engine.At(body, "events.items").([]any); len(items) != len(arr) {
		return engine.ErrMalformed()
	}
	if len(items) == 0 {
		return engine.ErrValidation("events.items", "events.items: At least one event type is required")
	}
	if f, ok := engine.At(body, "events.filter").(map[string]any); ok {
		f["type"] = "EXPRESSION_LANGUAGE"
		maps, _ := f["eventFilterMap"].([]any)
		for _, m := range maps {
			fm, ok := m.(map[string]any)
			if !ok {
				return engine.ErrMalformed()
			}
			if !slices.Contains(items, engine.Str(fm, "event")) {
				return engine.ErrValidation("events.filter.eventFilterMap",
					"events.filter.eventFilterMap: event '"+engine.Str(fm, "event")+"' is not one of the subscribed events")
			}
			if engine.Str(fm, "condition.expression") == "" {
				return engine.ErrValidation("events.filter.eventFilterMap",
					"events.filter.eventFilterMap.condition.expression: The field cannot be left blank")
			}
			engine.Set(fm, "condition.version", nil)
		}
	} else {
		engine.Set(body, "events.filter", nil)
	}
	if err := hookCheckURI("channel.config.uri", engine.Str(body, "channel.config.uri")); err != nil {
		return err
	}
	if err := hookHeaders(body, "channel.config.headers"); err != nil {
		return err
	}
	engine.Set(body, "channel.config.method", "POST")
	if engine.At(body, "channel.config.authScheme") == nil {
		engine.Set(body, "channel.config.authScheme", nil)
	} else {
		engine.SetDefault(body, "channel.config.authScheme.type", "HEADER")
		engine.Del(body, "channel.config.authScheme.value") // write-only
	}
	if cur == nil {
		body["createdBy"] = c.Org.AdminID
		body["verificationStatus"] = "UNVERIFIED"
		return nil
	}
	// "Updating the channel property requires you to verify the hook
	// again" (SPEC replaceEventHook).
	body["verificationStatus"] = engine.Str(cur, "verificationStatus")
	if !reflect.DeepEqual(engine.NormalizeJSON(body["channel"]), engine.NormalizeJSON(cur["channel"])) {
		body["verificationStatus"] = "UNVERIFIED"
	}
	return nil
}

func replaceEventHook(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	want, _ := body["status"].(string)
	obj, err := eventHooksRes.Replace(c, "", c.Param("eventHookId"), body)
	if err != nil {
		return engine.Fail(err)
	}
	if (want == "ACTIVE" || want == "INACTIVE") && want != engine.Str(obj, "status") {
		obj["status"] = want
	}
	return engine.OK(eventHooksRes.Render(c, "", obj))
}

// verifyEventHook is Okta's one-time verification call to the endpoint.
// The sandbox makes no outbound call and treats it as answered.
func verifyEventHook(c *engine.Call) engine.Reply {
	cur, err := eventHooksRes.Lookup(c, "", c.Param("eventHookId"))
	if err != nil {
		return engine.Fail(err)
	}
	if engine.Str(cur, "status") != "ACTIVE" {
		return engine.Fail(engine.ErrValidation("status", "status: Only an ACTIVE event hook can be verified"))
	}
	cur["verificationStatus"] = "VERIFIED"
	cur["lastUpdated"] = c.Org.Timestamp()
	return engine.OK(eventHooksRes.Render(c, "", cur))
}

// eventHookLinks: the self link carries no hints; an ACTIVE hook offers
// verify and deactivate, an INACTIVE one activate and delete (VCR).
func eventHookLinks(c *engine.Call, _ string, o engine.Obj, l engine.Obj) {
	self := c.Base + "/api/v1/eventHooks/" + engine.Str(o, "id")
	l["self"] = engine.Obj{"href": self}
	if engine.Str(o, "status") == "ACTIVE" {
		l["verify"] = engine.Obj{"href": self + "/lifecycle/verify", "hints": engine.Obj{"allow": []any{"POST"}}}
	} else {
		l["delete"] = engine.Obj{"href": self, "hints": engine.Obj{"allow": []any{"DELETE"}}}
	}
}
