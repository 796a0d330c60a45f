package conformance

import (
	"fmt"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestSecuritySample: --sample builds the security objects a real org
// would have and the policies that use them, every reference resolving.
func TestSecuritySample(t *testing.T) {
	o := newPolTestOrg(t, sandbox.Options{Sample: true})
	exists := func(path string) bool {
		st, _, _ := o.call("GET", path, nil)
		return st == 200
	}
	if n := len(o.list("/api/v1/device-assurances")); n != 5 {
		t.Errorf("%d device assurance policies, want one per platform", n)
	}
	if n := len(o.list("/api/v1/behaviors")); n != 10 {
		t.Errorf("%d behaviors, want 7 predefined and 3 custom", n)
	}
	ti := o.must(200, "GET", "/api/v1/threats/configuration", nil)
	if engine.Str(ti, "action") != "audit" || len(engine.StringsAt(ti, "excludeZones")) != 2 {
		t.Errorf("ThreatInsight: %v", ti)
	}
	cs := o.must(200, "GET", "/api/v1/org/captcha", nil)
	if !exists("/api/v1/captchas/"+engine.Str(cs, "captchaId")) || len(engine.StringsAt(cs, "enabledPages")) != 2 {
		t.Errorf("org CAPTCHA: %v", cs)
	}
	lock := o.must(200, "GET", "/attack-protection/api/v1/user-lockout-settings", nil)
	if !engine.BoolAt(lock, "preventBruteForceLockoutFromUnknownDevices") {
		t.Errorf("lockout: %v", lock)
	}
	uses := map[string]int{}
	for _, typ := range []string{"OKTA_SIGN_ON", "ACCESS_POLICY", "PROFILE_ENROLLMENT", "ENTITY_RISK", "POST_AUTH_SESSION"} {
		for _, p := range o.list("/api/v1/policies?type=" + typ) {
			for _, r := range o.rules(engine.Str(p, "id")) {
				for _, id := range engine.StringsAt(r, "conditions.risk.behaviors") {
					uses["behaviors"]++
					if !exists("/api/v1/behaviors/" + id) {
						t.Errorf("rule %s names unknown behavior %s", engine.Str(r, "name"), id)
					}
				}
				for _, id := range engine.StringsAt(r, "conditions.device.assurance.include") {
					uses["device assurances"]++
					if !exists("/api/v1/device-assurances/" + id) {
						t.Errorf("rule %s names unknown device assurance %s", engine.Str(r, "name"), id)
					}
				}
				if id := engine.Str(r, "actions.profileEnrollment.uiSchemaId"); id != "" {
					uses["forms"]++
					if !exists("/api/v1/meta/uischemas/" + id) {
						t.Errorf("rule %s shows unknown form %s", engine.Str(r, "name"), id)
					}
				}
				if typ == "ENTITY_RISK" && !engine.BoolAt(r, "system") {
					uses["entity risk rules"]++
				}
			}
		}
	}
	if fmt.Sprint(uses) != "map[behaviors:2 device assurances:2 entity risk rules:1 forms:2]" {
		t.Errorf("sample references: %v", uses)
	}
}
