package conformance

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestAgentPoolUpdates: the sample org's AD pool and a scheduled update in
// the shape TestAccResourceOktaAgentPoolUpdate_crud recorded (raw
// requests, validated against v6.1.0: the v5.0.2 SDK cannot decode the
// epoch-millisecond lastConnection Okta sends), its lifecycle, and the
// pool's update settings through the SDK.
func TestAgentPoolUpdates(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{Sample: true})
	st, _, v := ahbCall(t, o, "GET", "/api/v1/agentPools", nil)
	pools := ahbList(t, v)
	if st != http.StatusOK || len(pools) != 1 {
		t.Fatalf("pools: %d %v", st, v)
	}
	pool := pools[0]
	pid := engine.Str(pool, "id")
	agents, _ := pool["agents"].([]any)
	if engine.Str(pool, "type") != "AD" || !strings.HasPrefix(pid, "0oa") || len(agents) != 2 {
		t.Fatalf("pool: %v", pool)
	}
	agent := ahbObj(t, agents[0])
	if _, isNum := agent["lastConnection"].(float64); !isNum || !strings.HasPrefix(engine.Str(agent, "id"), "a53") {
		t.Fatalf("agent: %v", agent)
	}
	for _, q := range []string{"?poolType=LDAP", "?limitPerPoolType=1&poolType=AD"} {
		st, _, v := ahbCall(t, o, "GET", "/api/v1/agentPools"+q, nil)
		if want := strings.Contains(q, "AD"); st != http.StatusOK || (len(ahbList(t, v)) == 1) != want {
			t.Errorf("pools%s: %d %v", q, st, v)
		}
	}

	coll := "/api/v1/agentPools/" + pid + "/updates"
	body := engine.Obj{"agentType": "AD", "agents": []any{engine.Obj{"id": engine.Str(agent, "id"), "poolId": pid}},
		"enabled": false, "name": "schedule_test", "notifyAdmin": true, "reason": "", "sortOrder": 0, "targetVersion": "",
		"schedule": engine.Obj{"cron": "0 3 * * WED", "delay": 0, "duration": 1020, "timezone": "Asia/Calcutta"}}
	st, _, v = ahbCall(t, o, "POST", coll, body)
	u := ahbObj(t, v)
	uid := engine.Str(u, "id")
	ua, _ := u["agents"].([]any)
	if st != http.StatusOK || !strings.HasPrefix(uid, "ajd") || engine.Str(u, "status") != "Scheduled" || engine.Str(u, "targetVersion") != "3.22.0" ||
		len(ua) != 1 || engine.Str(ahbObj(t, ua[0]), "updateStatus") != "Scheduled" || engine.Str(ahbObj(t, ua[0]), "name") == "" {
		t.Fatalf("create: %d %v", st, u)
	}
	if _, has := engine.At(u, "schedule").(map[string]any)["delay"]; has || u["reason"] != nil || u["sortOrder"] != nil {
		t.Errorf("create echoes what Okta drops: %v", u)
	}
	if l, ok := u["_links"].(map[string]any); !ok || len(l) != 0 {
		t.Errorf("_links: %v", u["_links"])
	}
	body["schedule"].(engine.Obj)["cron"] = "0 3 * * MON"
	st, _, v = ahbCall(t, o, "POST", coll+"/"+uid, body)
	if st != http.StatusOK || engine.Str(ahbObj(t, v), "schedule.cron") != "0 3 * * MON" || engine.Str(ahbObj(t, v), "id") != uid {
		t.Fatalf("replace: %d %v", st, v)
	}

	for _, step := range []struct {
		call, status string
		enabled      bool
	}{
		{"activate", "Scheduled", true}, {"pause", "Paused", true}, {"resume", "Scheduled", true},
		{"stop", "Cancelled", true}, {"retry", "Scheduled", true}, {"deactivate", "Scheduled", false},
	} {
		st, _, v := ahbCall(t, o, "POST", coll+"/"+uid+"/"+step.call, nil)
		got := ahbObj(t, v)
		if st != http.StatusCreated || engine.Str(got, "status") != step.status || got["enabled"] != step.enabled {
			t.Fatalf("%s: %d %v", step.call, st, got)
		}
	}
	st, _, v = ahbCall(t, o, "GET", coll+"?scheduled=true", nil)
	if st != http.StatusOK || len(ahbList(t, v)) != 1 {
		t.Fatalf("scheduled updates: %d %v", st, v)
	}

	api := o.sdk(t).AgentPoolsAPI
	ctx := context.Background()
	s, _, err := api.GetAgentPoolsUpdateSettings(ctx, pid).Execute()
	if err != nil || s.GetPoolId() != pid || s.GetAgentType() != "AD" || s.GetReleaseChannel() != "GA" || s.GetLatestVersion() != "3.22.0" {
		t.Fatalf("settings: %v %+v", err, s)
	}
	s, _, err = api.UpdateAgentPoolsUpdateSettings(ctx, pid).AgentPoolUpdateSetting(okta.AgentPoolUpdateSetting{
		ReleaseChannel: okta.PtrString("EA"), ContinueOnError: okta.PtrBool(true)}).Execute()
	if err != nil || s.GetReleaseChannel() != "EA" || !s.GetContinueOnError() {
		t.Fatalf("settings update: %v %+v", err, s)
	}
	if s, _, _ = api.GetAgentPoolsUpdateSettings(ctx, pid).Execute(); s.GetReleaseChannel() != "EA" || s.GetPoolName() == "" {
		t.Errorf("settings after update: %+v", s)
	}

	if st, _, _ := o.do(t, "DELETE", coll+"/"+uid, nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d", st)
	}
	st, _, v = ahbCall(t, o, "GET", coll+"/"+uid, nil)
	ahbWantError(t, "deleted update", st, v, http.StatusNotFound, "E0000007")
}

// TestAgentPoolRefusals: what a pool or update refuses, and an org with no
// agent installed, which has no pool (the recordings' pool is 404).
func TestAgentPoolRefusals(t *testing.T) {
	fresh := newConformanceOrg(t, sandbox.Options{})
	st, _, v := ahbCall(t, fresh, "GET", "/api/v1/agentPools", nil)
	if st != http.StatusOK || len(ahbList(t, v)) != 0 {
		t.Fatalf("fresh org pools: %d %v", st, v)
	}
	st, _, v = ahbCall(t, fresh, "POST", "/api/v1/agentPools/0oaspf3cfatE1nDO31d7/updates", engine.Obj{"name": "x", "agentType": "AD"})
	ahbWantError(t, "unknown pool", st, v, http.StatusNotFound, "E0000007")

	o := newConformanceOrg(t, sandbox.Options{Sample: true})
	_, _, v = ahbCall(t, o, "GET", "/api/v1/agentPools", nil)
	pid := engine.Str(ahbList(t, v)[0], "id")
	coll := "/api/v1/agentPools/" + pid + "/updates"
	_, _, v = ahbCall(t, o, "POST", coll, engine.Obj{"name": "u", "agentType": "AD", "agents": []any{}})
	uid := engine.Str(ahbObj(t, v), "id")
	for _, tc := range []struct {
		name, path string
		body       any
		code       string
	}{
		{"another type of agent", coll, engine.Obj{"name": "x", "agentType": "LDAP"}, "E0000001"},
		{"an agent of no pool", coll, engine.Obj{"name": "x", "agentType": "AD", "agents": []any{engine.Obj{"id": "a5300000000000000000"}}}, "E0000001"},
		{"an unknown agent type", coll, engine.Obj{"name": "x", "agentType": "NT4"}, "E0000001"},
		{"resume what is not paused", coll + "/" + uid + "/resume", nil, "E0000001"},
		{"retry what did not fail", coll + "/" + uid + "/retry", nil, "E0000001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, v := ahbRaw(t, o, "POST", tc.path, tc.body)
			ahbWantError(t, tc.name, st, v, http.StatusBadRequest, tc.code)
		})
	}
}
