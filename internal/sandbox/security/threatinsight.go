package security

import (
	"slices"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// ThreatInsight (coverage §3.4 B4; VCR
// TestAccResourceOktaThreatInsightSettings_crud,
// …_issue_1221_NetworkZoneOrdering): one configuration per org, read with
// GET and written with POST /api/v1/threats/configuration. What the
// recordings show and the sandbox reproduces:
//   - every org starts at {action: none, excludeZones: []};
//   - the POST replaces the whole object: {"action":"none"} clears
//     excludeZones;
//   - excludeZones comes back in another order than sent (A, B, C came
//     back C, B, A): the sandbox reverses it, so a client that compares
//     lists in order sees the difference real Okta shows;
//   - the answer has created, lastUpdated and a self link allowing GET and
//     POST.
//
// From the spec: action is none, audit or block and is required;
// excludeZones are network zone ids (an unknown one is 400 E0000001). A
// deleted zone leaves the list (an OnDelete hook on the zones table; Okta's
// behaviour is not recorded).
const tableThreatInsight = "threatInsight"

const threatInsightPath = "/api/v1/threats/configuration"

func init() {
	engine.Register(engine.Module{
		Name: "threat-insight", Phase: 22,
		Routes: func(rt *engine.Router) {
			rt.Handle("GET", threatInsightPath, engine.ScopeFor("threatInsights", "GET"), func(c *engine.Call) engine.Reply {
				return engine.OK(renderThreatInsight(c))
			})
			rt.Handle("POST", threatInsightPath, engine.ScopeFor("threatInsights", "POST"), updateThreatInsight)
		},
		Seed: func(c *engine.Call) error {
			now := c.Org.Timestamp()
			putSingleton(c, tableThreatInsight, engine.Obj{"action": "none", "excludeZones": []any{}, "created": now, "lastUpdated": now})
			return nil
		},
		Sample: func(c *engine.Call) error {
			// Log suspicious sign-ins, but never from the corporate
			// network or the VPN.
			var zones []any
			for _, z := range c.Org.List(engine.TableZones, "") {
				if n := engine.Str(z, "name"); n == "Corporate VPN" || n == "HQ Office" {
					zones = append(zones, engine.Str(z, "id"))
				}
			}
			cur := singleton(c, tableThreatInsight)
			cur["action"], cur["excludeZones"] = "audit", append([]any{}, zones...)
			return nil
		},
		OnDelete: map[string]engine.DeleteHook{engine.TableZones: func(c *engine.Call, _ string, zone engine.Obj) {
			cur := singleton(c, tableThreatInsight)
			if cur == nil {
				return
			}
			ids := engine.StringsAt(cur, "excludeZones")
			if i := slices.Index(ids, engine.Str(zone, "id")); i >= 0 {
				cur["excludeZones"] = engine.AnyStrings(slices.Delete(ids, i, i+1))
			}
		}},
	})
}

func updateThreatInsight(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, []engine.Field{
		{Path: "action", Type: engine.TString, Required: true, Enum: []string{"none", "audit", "block"}},
		{Path: "excludeZones", Type: engine.TArray},
	}); err != nil {
		return engine.Fail(err)
	}
	var ids []string
	if arr, _ := body["excludeZones"].([]any); arr != nil {
		for _, x := range arr {
			id, ok := x.(string)
			if !ok {
				return engine.Fail(engine.ErrMalformed())
			}
			if c.Org.Get(engine.TableZones, "", id) == nil {
				return engine.Fail(engine.ErrValidation("excludeZones", "excludeZones: Network zone "+id+" does not exist"))
			}
			ids = append(ids, id)
		}
	}
	slices.Reverse(ids)
	cur := singleton(c, tableThreatInsight)
	cur["action"] = body["action"]
	cur["excludeZones"] = append([]any{}, engine.AnyStrings(ids)...)
	cur["lastUpdated"] = c.Org.Timestamp()
	c.Emit("security.threat.configuration.update", orgTarget(c))
	return engine.OK(renderThreatInsight(c))
}

func renderThreatInsight(c *engine.Call) engine.Obj {
	out := engine.CloneObj(singleton(c, tableThreatInsight))
	out["_links"] = engine.Obj{"self": selfLink(c, threatInsightPath, "GET", "POST")}
	return out
}
