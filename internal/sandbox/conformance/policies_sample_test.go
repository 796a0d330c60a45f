package conformance

import (
	"fmt"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
	"github.com/oktasync/oktasync/internal/sandbox/policies"
)

func TestPoliciesSample(t *testing.T) {
	o := newPolTestOrg(t, sandbox.Options{Sample: true})
	groups := map[string]string{}
	for _, g := range o.list("/api/v1/groups") {
		groups[engine.Str(g, "id")] = engine.Str(g, "profile.name")
	}
	total := 0
	for _, typ := range policies.TypesServed {
		for _, p := range o.list("/api/v1/policies?type=" + typ) {
			if engine.BoolAt(p, "system") {
				continue
			}
			total++
			for _, id := range engine.StringsAt(p, "conditions.people.groups.include") {
				if groups[id] == "" {
					t.Errorf("%s names unknown group %s", engine.Str(p, "name"), id)
				}
			}
			for _, r := range o.rules(engine.Str(p, "id")) {
				for _, id := range engine.StringsAt(r, "conditions.people.groups.include") {
					if groups[id] == "" {
						t.Errorf("rule %s names unknown group %s", engine.Str(r, "name"), id)
					}
				}
			}
		}
	}
	if total < 10 {
		t.Errorf("%d non-system sample policies, want at least 10", total)
	}
	var eng engine.Obj
	for _, p := range o.list("/api/v1/policies?type=OKTA_SIGN_ON") {
		if engine.Str(p, "name") == "Engineering Sign-On" {
			eng = p
		}
	}
	got := strings.Join(polTestNames(o.list("/api/v1/policies/"+engine.Str(eng, "id")+"/rules")), ",")
	if want := "Break glass admins always MFA:1,MFA off the corporate network:2,Engineering default session:3"; got != want {
		t.Errorf("Engineering Sign-On rules: %s, want %s", got, want)
	}
	pw := o.list("/api/v1/policies?type=PASSWORD")[0]
	if engine.Str(pw, "name") != "Contractor Password Policy" || fmt.Sprint(engine.At(pw, "settings.password.complexity.minLength")) != "14" {
		t.Errorf("first PASSWORD policy: %v", pw)
	}
	// The sample is deterministic (ids depend on every module's draws from
	// the seeded source, so only names, order and priorities are compared).
	again := newPolTestOrg(t, sandbox.Options{Sample: true})
	for _, typ := range policies.TypesServed {
		a, b := o.list("/api/v1/policies?type="+typ), again.list("/api/v1/policies?type="+typ)
		if fmt.Sprint(polTestNames(a)) != fmt.Sprint(polTestNames(b)) {
			t.Errorf("%s: two sample orgs differ: %v vs %v", typ, polTestNames(a), polTestNames(b))
		}
	}
}

func TestPoliciesGenerate(t *testing.T) {
	o := newPolTestOrg(t, sandbox.Options{Generate: map[string]int{"groups": 5, "policies": 9}})
	counts := map[string]int{}
	for _, typ := range []string{"OKTA_SIGN_ON", "PASSWORD", "ACCESS_POLICY", "MFA_ENROLL"} {
		for _, p := range o.list("/api/v1/policies?type=" + typ) {
			if !strings.HasPrefix(engine.Str(p, "name"), "gen-policy-") {
				continue
			}
			counts[typ]++
			n := 0
			for _, r := range o.rules(engine.Str(p, "id")) {
				if engine.BoolAt(r, "system") {
					continue
				}
				n++
				if len(engine.StringsAt(r, "conditions.people.groups.include")) != 1 {
					t.Errorf("generated rule without a group: %v", r)
				}
			}
			if n < 2 || n > 3 {
				t.Errorf("%s has %d rules", engine.Str(p, "name"), n)
			}
		}
	}
	if fmt.Sprint(counts) != "map[ACCESS_POLICY:2 MFA_ENROLL:2 OKTA_SIGN_ON:3 PASSWORD:2]" {
		t.Errorf("generated: %v", counts)
	}
	if _, err := sandbox.ParseGenerate("policies=3"); err != nil {
		t.Errorf("ParseGenerate: %v", err)
	}
}
