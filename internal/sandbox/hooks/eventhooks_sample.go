package hooks

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func sampleEventHooks(c *engine.Call) error {
	hooks := []struct {
		name, desc, uri string
		events          []string
		headers         []any
		verified        bool
		inactive        bool
		filter          engine.Obj
	}{
		{name: "SIEM user lifecycle export", desc: "Streams user lifecycle events to the SIEM collector",
			uri:      "https://siem.example.com/okta/events",
			events:   []string{"user.lifecycle.create", "user.lifecycle.activate", "user.lifecycle.deactivate", "user.lifecycle.delete.initiated"},
			headers:  []any{engine.Obj{"key": "X-Source", "value": "okta-sandbox"}},
			verified: true},
		{name: "HR sync group membership", uri: "https://hr-sync.example.com/hooks/okta",
			events:   []string{"group.user_membership.add", "group.user_membership.remove"},
			verified: true,
			filter: engine.Obj{"eventFilterMap": []any{engine.Obj{
				"event":     "group.user_membership.add",
				"condition": engine.Obj{"expression": `event.target.?[type eq 'UserGroup'].size()>0 && event.target.?[displayName eq 'All Employees'].size()>0`},
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
		body := engine.Obj{
			"name":   h.name,
			"events": engine.Obj{"type": "EVENT_TYPE", "items": engine.AnyStrings(h.events)},
			"channel": engine.Obj{"type": "HTTP", "version": "1.0.0", "config": engine.Obj{
				"uri":        h.uri,
				"authScheme": engine.Obj{"type": "HEADER", "key": "Authorization", "value": "Bearer sandbox-" + c.Org.Secret(24)},
			}},
		}
		if h.desc != "" {
			body["description"] = h.desc
		}
		if h.headers != nil {
			engine.Set(body, "channel.config.headers", h.headers)
		}
		if h.filter != nil {
			engine.Set(body, "events.filter", h.filter)
		}
		obj, err := eventHooksRes.Insert(c, "", body, nil)
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
