package operations

import (
	"net/http"
	"strconv"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Agent pools (SPEC AgentPoolsAPI; recorded TestAccResourceOktaAgentPoolUpdate_crud,
// TestAccDataSourceOktaAgentPool_read): the on-premises agents (AD, LDAP,
// RADIUS, …) an org installed, grouped in one pool per directory. A pool
// appears when its first agent is installed, so the API cannot create
// one. Its id is the directory's app instance id (0oa…: the recordings'
// pool 0oaspf3cfatE1nDO31d7); agents are a53…. An agent as recorded:
// {id, name (the host), type, operationalStatus, updateStatus,
// updateMessage, version, lastConnection (epoch milliseconds, as the
// v6.1.0 spec says; v5.0.2 says date-time), isLatestGAedVersion and
// latestGAedVersion (both), poolId, isHidden}.
//
// GET /agentPools lists the pools, at most limitPerPoolType (5 by default)
// of each type, optionally of one poolType, paged by after. Each pool has
// update settings (GET, POST: releaseChannel and continueOnError; the
// spec documents 201 for the POST). Pool operations log nothing: Okta's
// event catalog names none (docs/sandbox.md).
const (
	tableAgentPools        = "agentPools"
	tableAgentPoolSettings = "agentPoolSettings" // per pool: one object {id: "settings", …}
)

// agentTypes are the pool types of the spec.
var agentTypes = []string{"AD", "IWA", "LDAP", "MFA", "OPP", "RUM", "Radius"}

// agentLatest is the newest GA version of each agent type the sandbox
// offers (the AD version recorded in 2025).
var agentLatest = map[string]string{"AD": "3.22.0", "LDAP": "5.22.0", "IWA": "1.13.2", "MFA": "3.4.0",
	"OPP": "1.4.6", "RUM": "1.4.0", "Radius": "2.21.0"}

func init() {
	engine.Register(engine.Module{
		Name: "agent-pools", Phase: 80,
		Routes: agentPoolRoutes,
		Sample: sampleAgentPools,
	})
}

func agentPoolRoutes(rt *engine.Router) {
	read, manage := engine.ScopeFor("agentPools", "GET"), engine.ScopeFor("agentPools", "POST")
	rt.Handle("GET", "/api/v1/agentPools", read, listAgentPools)
	settings := "/api/v1/agentPools/{poolId}/updates/settings"
	rt.Handle("GET", settings, read, func(c *engine.Call) engine.Reply {
		p, err := agentPool(c)
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(agentPoolSettings(c, p))
	})
	rt.Handle("POST", settings, manage, func(c *engine.Call) engine.Reply {
		p, err := agentPool(c)
		if err != nil {
			return engine.Fail(err)
		}
		body, err := c.Body()
		if err != nil {
			return engine.Fail(err)
		}
		if err := engine.CheckShape(body, []engine.Field{
			{Path: "continueOnError", Type: engine.TBool},
			{Path: "releaseChannel", Type: engine.TString, Enum: []string{"BETA", "EA", "GA", "TEST"}},
		}); err != nil {
			return engine.Fail(err)
		}
		s := agentPoolSettings(c, p)
		for _, k := range []string{"continueOnError", "releaseChannel"} {
			if v, ok := body[k]; ok {
				s[k] = v
			}
		}
		stored := engine.CloneObj(s)
		stored["id"] = "settings"
		c.Org.Put(tableAgentPoolSettings, engine.Str(p, "id"), "settings", stored)
		return engine.Created(s)
	})
	agentPoolUpdateRoutes(rt, read, manage)
}

// agentPool is the pool the request names, or a 404.
func agentPool(c *engine.Call) (engine.Obj, *engine.APIError) {
	id := c.Param("poolId")
	p := c.Org.Get(tableAgentPools, "", id)
	if p == nil {
		return nil, engine.ErrNotFound(id, "AgentPool")
	}
	return p, nil
}

func listAgentPools(c *engine.Call) engine.Reply {
	q := c.Query()
	perType := 5
	if s := q.Get("limitPerPoolType"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return engine.Fail(engine.ErrBadRequest("Invalid limitPerPoolType.", "limitPerPoolType: must be a positive integer"))
		}
		perType = n
	}
	poolType := q.Get("poolType")
	if poolType != "" && !contains(agentTypes, poolType) {
		return engine.Fail(engine.ErrBadRequest("Invalid poolType.", "poolType: must be one of AD, IWA, LDAP, MFA, OPP, RUM, Radius"))
	}
	pools := c.Org.List(tableAgentPools, "")
	if after := q.Get("after"); after != "" {
		for i, p := range pools {
			if engine.Str(p, "id") == after {
				pools = pools[i+1:]
				break
			}
		}
	}
	seen := map[string]int{}
	out := []any{}
	for _, p := range pools {
		t := engine.Str(p, "type")
		if (poolType != "" && t != poolType) || seen[t] >= perType {
			continue
		}
		seen[t]++
		out = append(out, renderAgentPool(p))
	}
	return engine.Reply{Status: http.StatusOK, Body: out}
}

// renderAgentPool counts the pool's agents by status, as v6.1.0 shows.
func renderAgentPool(p engine.Obj) engine.Obj {
	out := engine.CloneObj(p)
	disrupted, inactive := 0, 0
	for _, a := range agentList(p) {
		switch engine.Str(a, "operationalStatus") {
		case "DISRUPTED":
			disrupted++
		case "INACTIVE":
			inactive++
		}
	}
	out["disruptedAgents"], out["inactiveAgents"] = engine.JSONInt(disrupted), engine.JSONInt(inactive)
	return out
}

// agentPoolSettings is the pool's update settings: stored once changed,
// Okta's defaults before.
func agentPoolSettings(c *engine.Call, p engine.Obj) engine.Obj {
	pid := engine.Str(p, "id")
	if s := c.Org.Get(tableAgentPoolSettings, pid, "settings"); s != nil {
		out := engine.CloneObj(s)
		delete(out, "id")
		return out
	}
	t := engine.Str(p, "type")
	return engine.Obj{
		"agentType": t, "continueOnError": false, "latestVersion": agentLatest[t], "minimalSupportedVersion": agentLatest[t],
		"poolId": pid, "poolName": engine.Str(p, "name"), "releaseChannel": "GA",
	}
}

// agentList is a pool's agents.
func agentList(p engine.Obj) []engine.Obj {
	var out []engine.Obj
	arr, _ := p["agents"].([]any)
	for _, a := range arr {
		if m, ok := a.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
