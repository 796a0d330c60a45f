package security

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Behavior detection rules (coverage §3.4 B1; VCR
// TestAccResourceOktaBehavior_crud). What the recording shows and the
// sandbox reproduces:
//   - create answers 200 (the spec says 201) with `bhv…` ids;
//   - `created` and `lastUpdated` come back as "2025-08-25 08:23:50.0"
//     (Java's Timestamp.toString), not ISO 8601; they are stored in ISO and
//     written in that form on the way out;
//   - `radiusKilometers: 20` comes back as 20.0;
//   - PUT ignores `status` (a PUT with INACTIVE left the rule ACTIVE); the
//     lifecycle endpoints change it and answer 200 with the rule;
//   - `_links` has self (GET, PUT, DELETE) and activate or deactivate
//     (the spec calls the field `_link`; real answers say `_links`).
//
// From the spec: type is ANOMALOUS_LOCATION, ANOMALOUS_IP, ANOMALOUS_DEVICE
// or VELOCITY (the recordings add nothing); history-based settings default
// maxEventsUsedForEvaluation (20, 50 for ANOMALOUS_IP) and
// minEventsNeededForEvaluation (0); a location rule needs a granularity,
// and LAT_LONG a radius; VELOCITY needs velocityKph (default 805); names
// are at most 128 characters. Names are unique (the sandbox's reading of
// the identity the admin console shows; not recorded). The list is not
// paged.
var behaviorsRes = &engine.Resource{
	Name: engine.TableBehaviors, TypeName: "BehaviorDetectionRule", Prefix: "bhv", Area: "behaviors",
	Events: &engine.Events{Type: "BehaviorDetectionRule", Create: "security.behavior.settings.create", Update: "security.behavior.settings.update", Delete: "security.behavior.settings.delete", Activate: "security.behavior.settings.update", Deactivate: "security.behavior.settings.update"},
	Coll:   "/api/v1/behaviors", IDParam: "behaviorId",
	Life: engine.Lifecycle{Enabled: true, Reply: engine.ReplyObject},
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "type", Type: engine.TString, Required: true, Enum: behaviorTypes},
		{Path: "settings", Type: engine.TObject},
		{Path: "settings.maxEventsUsedForEvaluation", Type: engine.TNumber},
		{Path: "settings.minEventsNeededForEvaluation", Type: engine.TNumber},
		{Path: "settings.granularity", Type: engine.TString, Enum: []string{"CITY", "COUNTRY", "LAT_LONG", "SUBDIVISION"}},
		{Path: "settings.radiusKilometers", Type: engine.TNumber},
		{Path: "settings.velocityKph", Type: engine.TNumber},
	},
}

var behaviorTypes = []string{"ANOMALOUS_LOCATION", "ANOMALOUS_IP", "ANOMALOUS_DEVICE", "VELOCITY"}

func init() {
	behaviorsRes.Prepare = prepareBehavior
	engine.Register(engine.Module{
		Name: "behaviors", Phase: 22,
		Routes: func(rt *engine.Router) { behaviorsRes.InstallWrapped(rt, behaviorTimestamps) },
		Seed:   seedBehaviors,
		Sample: sampleBehaviors,
		Generate: func(c *engine.Call, n int) error {
			for i := 1; i <= n; i++ {
				if _, err := behaviorsRes.Insert(c, "", engine.Obj{"name": fmt.Sprintf("gen-behavior-%05d", i), "type": "ANOMALOUS_LOCATION",
					"settings": engine.Obj{"granularity": "LAT_LONG", "radiusKilometers": engine.JSONInt(10 + i%90)}}, nil); err != nil {
					return err
				}
			}
			return nil
		},
	})
}

func prepareBehavior(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	name := engine.Str(body, "name")
	if strings.TrimSpace(name) == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	if len([]rune(name)) > 128 {
		return engine.ErrValidation("name", "name: The field cannot exceed 128 characters")
	}
	typ := engine.Str(body, "type")
	if cur != nil && typ != engine.Str(cur, "type") {
		return engine.ErrValidation("type", "type: The type of a behavior detection rule can't be changed")
	}
	dup := c.Org.Find(engine.TableBehaviors, "", func(o engine.Obj) bool {
		return strings.EqualFold(engine.Str(o, "name"), name) && (cur == nil || engine.Str(o, "id") != engine.Str(cur, "id"))
	})
	if dup != nil {
		return engine.ErrValidation("name", "name: A behavior with this name already exists")
	}
	s, _ := body["settings"].(map[string]any)
	if s == nil {
		s = engine.Obj{}
		body["settings"] = s
	}
	if typ != "VELOCITY" {
		max := 20
		if typ == "ANOMALOUS_IP" {
			max = 50
		}
		engine.SetDefault(s, "maxEventsUsedForEvaluation", engine.JSONInt(max))
		engine.SetDefault(s, "minEventsNeededForEvaluation", engine.JSONInt(0))
		if n, _ := engine.IntAt(s, "maxEventsUsedForEvaluation"); n < 0 || n > 100 {
			return engine.ErrValidation("settings.maxEventsUsedForEvaluation", "settings.maxEventsUsedForEvaluation: must be between 1 and 100")
		}
		if n, _ := engine.IntAt(s, "minEventsNeededForEvaluation"); n < 0 || n > 10 {
			return engine.ErrValidation("settings.minEventsNeededForEvaluation", "settings.minEventsNeededForEvaluation: must be between 0 and 10")
		}
	}
	switch typ {
	case "ANOMALOUS_LOCATION":
		g := engine.Str(s, "granularity")
		if g == "" {
			return engine.ErrValidation("settings.granularity", "settings.granularity: The field cannot be left blank")
		}
		r, hasRadius := engine.IntAt(s, "radiusKilometers")
		if g == "LAT_LONG" && (!hasRadius || r < 1) {
			return engine.ErrValidation("settings.radiusKilometers", "settings.radiusKilometers: Required when granularity is LAT_LONG")
		}
		if hasRadius {
			// Okta answers the radius as a decimal: 20 becomes 20.0.
			s["radiusKilometers"] = behaviorDecimal(engine.At(s, "radiusKilometers"))
		}
	case "VELOCITY":
		engine.SetDefault(s, "velocityKph", engine.JSONInt(805))
		if n, _ := engine.IntAt(s, "velocityKph"); n < 1 {
			return engine.ErrValidation("settings.velocityKph", "settings.velocityKph: must be at least 1")
		}
	}
	return nil
}

// behaviorDecimal writes a whole number with one decimal place, as Okta
// answers radiusKilometers.
func behaviorDecimal(v any) any {
	s := fmt.Sprint(v)
	if !strings.ContainsAny(s, ".eE") {
		return json.Number(s + ".0")
	}
	return v
}

// behaviorTimestamps rewrites created and lastUpdated of every answer into
// the form real Okta gives behaviors: "2025-08-25 08:23:50.0".
func behaviorTimestamps(h engine.HandlerFunc) engine.HandlerFunc {
	return func(c *engine.Call) engine.Reply {
		r := h(c)
		switch b := r.Body.(type) {
		case engine.Obj:
			behaviorTimes(b)
		case []any:
			for _, x := range b {
				if m, ok := x.(map[string]any); ok {
					behaviorTimes(m)
				}
			}
		}
		return r
	}
}

func behaviorTimes(o engine.Obj) {
	for _, f := range []string{"created", "lastUpdated"} {
		if s, ok := o[f].(string); ok {
			o[f] = BehaviorTime(s)
		}
	}
}

// BehaviorTime turns an ISO 8601 timestamp into Java's Timestamp form,
// which real Okta uses for behaviors: the fraction without trailing zeros,
// at least one digit.
func BehaviorTime(iso string) string {
	t, err := time.Parse("2006-01-02T15:04:05.000Z", iso)
	if err != nil {
		return iso
	}
	frac := strings.TrimRight(fmt.Sprintf("%03d", t.Nanosecond()/int(time.Millisecond)), "0")
	if frac == "" {
		frac = "0"
	}
	return t.UTC().Format("2006-01-02 15:04:05") + "." + frac
}

// behaviorBuiltIn are the behaviors Okta predefines in every org (Okta
// help, "Behavior detection"; not recorded, so the settings are the
// spec's defaults).
var behaviorBuiltIn = []engine.Obj{
	{"name": "New City", "type": "ANOMALOUS_LOCATION", "settings": engine.Obj{"granularity": "CITY"}},
	{"name": "New State", "type": "ANOMALOUS_LOCATION", "settings": engine.Obj{"granularity": "SUBDIVISION"}},
	{"name": "New Country", "type": "ANOMALOUS_LOCATION", "settings": engine.Obj{"granularity": "COUNTRY"}},
	{"name": "New Geo-Location", "type": "ANOMALOUS_LOCATION", "settings": engine.Obj{"granularity": "LAT_LONG", "radiusKilometers": engine.JSONInt(20)}},
	{"name": "New Device", "type": "ANOMALOUS_DEVICE"},
	{"name": "New IP", "type": "ANOMALOUS_IP"},
	{"name": "Velocity", "type": "VELOCITY", "settings": engine.Obj{"velocityKph": engine.JSONInt(805)}},
}

// BehaviorBuiltInNames are the names of the predefined behaviors.
func BehaviorBuiltInNames() []string {
	out := make([]string, len(behaviorBuiltIn))
	for i, b := range behaviorBuiltIn {
		out[i] = engine.Str(b, "name")
	}
	return out
}

func seedBehaviors(c *engine.Call) error {
	for _, b := range behaviorBuiltIn {
		if _, err := behaviorsRes.Insert(c.Internal(), "", b, nil); err != nil {
			return fmt.Errorf("behavior %s: %w", b["name"], err)
		}
	}
	return nil
}

// sampleBehaviors adds the custom behaviors a security team would define:
// a tighter geo-location radius and a stricter velocity, plus one it keeps
// inactive.
func sampleBehaviors(c *engine.Call) error {
	for _, s := range []struct {
		body   engine.Obj
		active bool
	}{
		{engine.Obj{"name": "New location within 50 km", "type": "ANOMALOUS_LOCATION",
			"settings": engine.Obj{"granularity": "LAT_LONG", "radiusKilometers": engine.JSONInt(50), "maxEventsUsedForEvaluation": engine.JSONInt(50)}}, true},
		{engine.Obj{"name": "Impossible travel (500 km/h)", "type": "VELOCITY", "settings": engine.Obj{"velocityKph": engine.JSONInt(500)}}, true},
		{engine.Obj{"name": "New IP (strict)", "type": "ANOMALOUS_IP",
			"settings": engine.Obj{"maxEventsUsedForEvaluation": engine.JSONInt(100), "minEventsNeededForEvaluation": engine.JSONInt(5)}}, false},
	} {
		b, err := behaviorsRes.Insert(c.Internal(), "", s.body, nil)
		if err != nil {
			return fmt.Errorf("behavior %s: %w", s.body["name"], err)
		}
		if !s.active {
			b["status"] = "INACTIVE"
		}
	}
	return nil
}
