package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
	"github.com/oktasync/oktasync/internal/sandbox/security"
)

// behaviorTime is the form real Okta writes a behavior's timestamps in
// (VCR TestAccResourceOktaBehavior_crud: "2025-08-25 08:23:50.0").
var behaviorTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{1,3}$`)

// TestBehaviors drives behavior detection rules as the recording does:
// create (200, not the spec's 201), get, a PUT that changes settings and
// ignores status, deactivate (200 with the rule), delete; plus the
// predefined behaviors every org has and the validation the spec implies.
func TestBehaviors(t *testing.T) {
	o := newZoneTestOrg(t, sandbox.Options{})
	off := zoneTestOrg{o.offSpec(), t}

	list := o.must(200, "GET", "/api/v1/behaviors", nil).([]any)
	var names []string
	for _, x := range list {
		b := x.(map[string]any)
		names = append(names, engine.Str(b, "name"))
		if !behaviorTime.MatchString(engine.Str(b, "created")) || !strings.HasPrefix(engine.Str(b, "id"), "bhv") {
			t.Errorf("seeded %s: created %q id %q", engine.Str(b, "name"), engine.Str(b, "created"), engine.Str(b, "id"))
		}
	}
	if !slices.Equal(names, security.BehaviorBuiltInNames()) {
		t.Errorf("predefined behaviors %v, want %v", names, security.BehaviorBuiltInNames())
	}

	// The create answers 200, which the spec (201) does not document.
	created := off.mustObj(200, "POST", "/api/v1/behaviors", engine.Obj{"name": "testAcc_behavior", "status": "ACTIVE", "type": "ANOMALOUS_LOCATION",
		"settings": engine.Obj{"granularity": "LAT_LONG", "maxEventsUsedForEvaluation": 50, "minEventsNeededForEvaluation": 0, "radiusKilometers": 20}})
	id := engine.Str(created, "id")
	raw := func(path string) string {
		_, _, data := off.do(t, "GET", path, nil)
		return string(data)
	}
	if body := raw("/api/v1/behaviors/" + id); !strings.Contains(body, `"radiusKilometers":20.0`) {
		t.Errorf("radius not answered as 20.0: %s", body)
	}
	got := o.mustObj(200, "GET", "/api/v1/behaviors/"+id, nil)
	if !behaviorTime.MatchString(engine.Str(got, "created")) || !behaviorTime.MatchString(engine.Str(got, "lastUpdated")) {
		t.Errorf("timestamps %q %q", engine.Str(got, "created"), engine.Str(got, "lastUpdated"))
	}
	if ahbAllow(got, "self") == nil || fmt.Sprint(ahbAllow(got, "self")) != "[GET PUT DELETE]" || engine.At(got, "_links.deactivate") == nil {
		t.Errorf("links: %v", got["_links"])
	}

	// PUT changes settings; the status it sends is ignored.
	upd := o.mustObj(200, "PUT", "/api/v1/behaviors/"+id, engine.Obj{"name": "testAcc_behavior_updated", "status": "INACTIVE", "type": "ANOMALOUS_LOCATION",
		"settings": engine.Obj{"granularity": "LAT_LONG", "maxEventsUsedForEvaluation": 100, "radiusKilometers": 5}})
	if engine.Str(upd, "status") != "ACTIVE" || fmt.Sprint(engine.At(upd, "settings.maxEventsUsedForEvaluation")) != "100" {
		t.Errorf("after PUT: %v", upd)
	}
	deact := o.mustObj(200, "POST", "/api/v1/behaviors/"+id+"/lifecycle/deactivate", nil)
	if engine.Str(deact, "status") != "INACTIVE" || engine.At(deact, "_links.activate") == nil {
		t.Errorf("deactivate: %v", deact)
	}
	o.fail(400, "E0000001", "PUT", "/api/v1/behaviors/"+id, engine.Obj{"name": "x", "type": "VELOCITY"})

	for _, tt := range []struct {
		name string
		body engine.Obj
		code string
	}{
		{"no name", engine.Obj{"type": "ANOMALOUS_IP"}, "E0000001"},
		{"unknown type", engine.Obj{"name": "x", "type": "ANOMALOUS_MOOD"}, "E0000001"},
		{"location without granularity", engine.Obj{"name": "x", "type": "ANOMALOUS_LOCATION"}, "E0000001"},
		{"LAT_LONG without radius", engine.Obj{"name": "x", "type": "ANOMALOUS_LOCATION", "settings": engine.Obj{"granularity": "LAT_LONG"}}, "E0000001"},
		{"duplicate name", engine.Obj{"name": "New City", "type": "ANOMALOUS_DEVICE"}, "E0000001"},
		{"settings not an object", engine.Obj{"name": "x", "type": "ANOMALOUS_IP", "settings": "strict"}, "E0000003"},
	} {
		st, _, v := o.call("POST", "/api/v1/behaviors", tt.body)
		if st != 400 || engine.Str(v.(map[string]any), "errorCode") != tt.code {
			t.Errorf("%s: %d %v", tt.name, st, v)
		}
	}
	vel := off.mustObj(200, "POST", "/api/v1/behaviors", engine.Obj{"name": "Fast travel", "type": "VELOCITY"})
	if fmt.Sprint(engine.At(vel, "settings.velocityKph")) != "805" || engine.At(vel, "settings.maxEventsUsedForEvaluation") != nil {
		t.Errorf("velocity defaults: %v", vel["settings"])
	}
	ip := off.mustObj(200, "POST", "/api/v1/behaviors", engine.Obj{"name": "IPs", "type": "ANOMALOUS_IP"})
	if fmt.Sprint(engine.At(ip, "settings")) != "map[maxEventsUsedForEvaluation:50 minEventsNeededForEvaluation:0]" {
		t.Errorf("IP defaults: %v", ip["settings"])
	}
	o.must(204, "DELETE", "/api/v1/behaviors/"+id, nil)
	o.fail(404, "E0000007", "GET", "/api/v1/behaviors/"+id, nil)
}

// TestBehaviorsLeaveRulesWhenDeleted: a sign-on rule names behaviors by ID;
// deleting one drops it from the rule.
func TestBehaviorsLeaveRulesWhenDeleted(t *testing.T) {
	o := newPolTestOrg(t, sandbox.Options{})
	var newCity string
	for _, b := range o.list("/api/v1/behaviors") {
		if engine.Str(b, "name") == "New City" {
			newCity = engine.Str(b, "id")
		}
	}
	pol := o.list("/api/v1/policies?type=OKTA_SIGN_ON")[0]
	path := "/api/v1/policies/" + engine.Str(pol, "id") + "/rules"
	o.wantError(400, "E0000001", "POST", path, engine.Obj{"name": "bad", "conditions": engine.Obj{"risk": engine.Obj{"behaviors": []any{"bhvnothere0000000000"}}}})
	rule := o.must(200, "POST", path, engine.Obj{"name": "Risky", "conditions": engine.Obj{"risk": engine.Obj{"behaviors": []any{newCity}}}})
	o.must(204, "DELETE", "/api/v1/behaviors/"+newCity, nil)
	after := o.must(200, "GET", path+"/"+engine.Str(rule, "id"), nil)
	if n := len(engine.StringsAt(after, "conditions.risk.behaviors")); n != 0 {
		t.Errorf("the rule still names the deleted behavior: %v", engine.At(after, "conditions.risk"))
	}
}

// TestBehaviorsSDK drives behaviors with the official SDK v5. Real Okta's
// timestamps ("2025-08-25 08:23:50.0") are not RFC 3339, so the SDK, which
// types them as time.Time, cannot decode a behavior: every call that
// answers one fails to decode after a 200, as it would against Okta. The
// list is the same.
func TestBehaviorsSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := zoneUncheckedSDK(t, o).BehaviorAPI
	ctx := context.Background()
	rule := okta.BehaviorRuleVelocityAsListBehaviorDetectionRules200ResponseInner(&okta.BehaviorRuleVelocity{
		BehaviorRule: okta.BehaviorRule{Name: "SDK velocity", Type: "VELOCITY"},
	})
	_, resp, err := api.CreateBehaviorDetectionRule(ctx).Rule(rule).Execute()
	if statusOf(resp) != http.StatusOK {
		t.Fatalf("create: status %d, %v", statusOf(resp), err)
	}
	var perr *time.ParseError
	if !errors.As(err, &perr) && (err == nil || !strings.Contains(err.Error(), "parsing time")) {
		t.Fatalf("the SDK decoded Okta's behavior timestamp: %v", err)
	}
	_, resp, err = api.ListBehaviorDetectionRules(ctx).Execute()
	if statusOf(resp) != http.StatusOK || err == nil {
		t.Fatalf("list: status %d, err %v", statusOf(resp), err)
	}
	// What the SDK could not decode is an ordinary behavior.
	var raw []map[string]any
	_, _, data := o.do(t, "GET", "/api/v1/behaviors", nil)
	if err := json.Unmarshal(data, &raw); err != nil || len(raw) != len(security.BehaviorBuiltInNames())+1 {
		t.Fatalf("list: %v %d", err, len(raw))
	}
}

// adaptBehaviorTimes turns a behavior's timestamps back into ISO 8601 for
// validation only: real Okta writes them as "2025-08-25 08:23:50.0" (VCR
// TestAccResourceOktaBehavior_crud), where the spec says date-time. The
// sandbox answers as Okta does (TestBehaviors checks the form).
func adaptBehaviorTimes(body []byte) []byte {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return body
	}
	items, isList := v.([]any)
	if !isList {
		items = []any{v}
	}
	for _, x := range items {
		m, _ := x.(map[string]any)
		for _, f := range []string{"created", "lastUpdated"} {
			if s, ok := m[f].(string); ok && behaviorTime.MatchString(s) {
				if t, err := time.Parse("2006-01-02 15:04:05", s[:19]); err == nil {
					m[f] = t.Format(time.RFC3339)
				}
			}
		}
	}
	out, err := json.Marshal(v)
	if err != nil {
		return body
	}
	return out
}
