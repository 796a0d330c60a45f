package operations

import (
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Agent pool updates: scheduled upgrades of a pool's agents. What the
// recordings show (TestAccResourceOktaAgentPoolUpdate_crud):
//
//   - POST …/updates takes {name, agentType, agents[{id, poolId}], enabled,
//     notifyAdmin, reason, schedule{cron, delay, duration, timezone},
//     sortOrder, targetVersion} and answers 200 (the spec says 201) with
//     {id ajd…, name, agentType, agents (each the pool's full agent, now
//     updateStatus Scheduled, "Queued for update."), enabled, schedule
//     without delay, notifyAdmin, status "Scheduled", targetVersion (an
//     empty one becomes the latest version), _links: {}}: reason and
//     sortOrder are not echoed;
//   - POST …/updates/{id} replaces it, answering 200 the same way;
//   - GET answers the update, DELETE 204.
//
// From the spec: GET …/updates lists them (scheduled=true keeps the
// Scheduled ones), and activate, deactivate, pause, resume, retry and stop
// answer 201 with the update. Nothing runs in the sandbox, so an update
// stays where its last call put it: activate and deactivate set enabled;
// pause needs Scheduled or InProgress; resume needs Paused and schedules
// again; stop cancels anything not finished; retry needs Failed or
// Cancelled. A refusal is 400 E0000001 (not recorded).
var agentPoolUpdatesRes = &engine.Resource{
	Name: tableAgentPoolUpdates, TypeName: "AgentPoolUpdate", Prefix: "ajd", Area: "agentPools",
	Coll: "/api/v1/agentPools/{poolId}/updates", IDParam: "updateId", ParentParam: "poolId",
}

const tableAgentPoolUpdates = "agentPoolUpdates"

// updateTransition is one lifecycle endpoint of an update.
type updateTransition struct {
	from []string // statuses it may start from; nil for any
	to   string   // the status it leaves; "" keeps it
	set  func(u engine.Obj)
}

var updateTransitions = map[string]updateTransition{
	"activate":   {nil, "", func(u engine.Obj) { u["enabled"] = true }},
	"deactivate": {nil, "", func(u engine.Obj) { u["enabled"] = false }},
	"pause":      {[]string{"Scheduled", "InProgress"}, "Paused", nil},
	"resume":     {[]string{"Paused"}, "Scheduled", nil},
	"stop":       {[]string{"Scheduled", "InProgress", "Paused"}, "Cancelled", nil},
	"retry":      {[]string{"Failed", "Cancelled"}, "Scheduled", nil},
}

func agentPoolUpdateRoutes(rt *engine.Router, read, manage string) {
	res := agentPoolUpdatesRes
	item := res.ItemPattern()
	rt.Handle("GET", res.Coll, read, func(c *engine.Call) engine.Reply {
		p, err := agentPool(c)
		if err != nil {
			return engine.Fail(err)
		}
		scheduled := c.Query().Get("scheduled")
		out := []any{}
		for _, u := range c.Org.List(tableAgentPoolUpdates, engine.Str(p, "id")) {
			if scheduled != "" && (engine.Str(u, "status") == "Scheduled") != (scheduled == "true") {
				continue
			}
			out = append(out, renderAgentPoolUpdate(u))
		}
		return engine.OK(out)
	})
	rt.Handle("POST", res.Coll, manage, func(c *engine.Call) engine.Reply {
		return saveAgentPoolUpdate(c, nil)
	})
	rt.Handle("GET", item, read, func(c *engine.Call) engine.Reply {
		u, err := agentPoolUpdate(c)
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(renderAgentPoolUpdate(u))
	})
	rt.Handle("POST", item, manage, func(c *engine.Call) engine.Reply {
		u, err := agentPoolUpdate(c)
		if err != nil {
			return engine.Fail(err)
		}
		return saveAgentPoolUpdate(c, u)
	})
	rt.Handle("DELETE", item, manage, func(c *engine.Call) engine.Reply {
		u, err := agentPoolUpdate(c)
		if err != nil {
			return engine.Fail(err)
		}
		c.Org.Remove(tableAgentPoolUpdates, c.Param("poolId"), engine.Str(u, "id"))
		return engine.NoContent()
	})
	for name, tr := range updateTransitions {
		rt.Handle("POST", item+"/"+name, manage, updateLifecycle(name, tr))
	}
}

func updateLifecycle(name string, tr updateTransition) engine.HandlerFunc {
	return func(c *engine.Call) engine.Reply {
		u, err := agentPoolUpdate(c)
		if err != nil {
			return engine.Fail(err)
		}
		st := engine.Str(u, "status")
		if tr.from != nil && !contains(tr.from, st) {
			return engine.Fail(engine.ErrBadRequest("Cannot "+name+" an agent pool update whose status is "+st+".",
				"status: "+name+" needs "+strings.Join(tr.from, " or ")))
		}
		if tr.to != "" {
			u["status"] = tr.to
			setAgentsStatus(u, tr.to)
		}
		if tr.set != nil {
			tr.set(u)
		}
		return engine.Created(renderAgentPoolUpdate(u))
	}
}

// agentPoolUpdate is the update the request names in its pool, or a 404.
func agentPoolUpdate(c *engine.Call) (engine.Obj, *engine.APIError) {
	p, err := agentPool(c)
	if err != nil {
		return nil, err
	}
	id := c.Param("updateId")
	u := c.Org.Get(tableAgentPoolUpdates, engine.Str(p, "id"), id)
	if u == nil {
		return nil, engine.ErrNotFound(id, "AgentPoolUpdate")
	}
	return u, nil
}

// saveAgentPoolUpdate creates (cur == nil) or replaces an update.
func saveAgentPoolUpdate(c *engine.Call, cur engine.Obj) engine.Reply {
	p, err := agentPool(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, []engine.Field{
		{Path: "name", Type: engine.TString},
		{Path: "agentType", Type: engine.TString, Enum: agentTypes},
		{Path: "agents", Type: engine.TArray},
		{Path: "enabled", Type: engine.TBool},
		{Path: "notifyAdmin", Type: engine.TBool},
		{Path: "schedule", Type: engine.TObject},
		{Path: "schedule.cron", Type: engine.TString},
		{Path: "schedule.timezone", Type: engine.TString},
		{Path: "schedule.duration", Type: engine.TNumber},
		{Path: "targetVersion", Type: engine.TString},
	}); err != nil {
		return engine.Fail(err)
	}
	pid, ptype := engine.Str(p, "id"), engine.Str(p, "type")
	if t := engine.Str(body, "agentType"); t != "" && t != ptype {
		return engine.Fail(engine.ErrValidation("agentType", "agentType: The pool's agents are "+ptype+" agents, not "+t))
	}
	agents, aerr := updateAgents(p, body["agents"])
	if aerr != nil {
		return engine.Fail(aerr)
	}
	target := engine.Str(body, "targetVersion")
	if target == "" {
		target = agentLatest[ptype]
	}
	u := engine.Obj{
		"name": engine.Str(body, "name"), "agentType": ptype, "agents": agents,
		"enabled": engine.BoolAt(body, "enabled"), "notifyAdmin": engine.BoolAt(body, "notifyAdmin"),
		"status": "Scheduled", "targetVersion": target,
	}
	if s, ok := body["schedule"].(map[string]any); ok {
		sched := engine.Obj{}
		for _, k := range []string{"cron", "timezone", "duration"} {
			if v, ok := s[k]; ok {
				sched[k] = v
			}
		}
		u["schedule"] = sched
	}
	if cur == nil {
		u["id"] = c.Org.NewID(agentPoolUpdatesRes.Prefix)
	} else {
		u["id"], u["status"] = cur["id"], cur["status"]
	}
	setAgentsStatus(u, engine.Str(u, "status"))
	c.Org.Put(tableAgentPoolUpdates, pid, engine.Str(u, "id"), u)
	return engine.OK(renderAgentPoolUpdate(u))
}

// updateAgents resolves the request's agents ({id, poolId}) to the pool's
// agents; every one must belong to the pool.
func updateAgents(p engine.Obj, v any) ([]any, *engine.APIError) {
	pool := map[string]engine.Obj{}
	for _, a := range agentList(p) {
		pool[engine.Str(a, "id")] = a
	}
	arr, _ := v.([]any)
	out := []any{}
	for _, x := range arr {
		m, _ := x.(map[string]any)
		id := engine.Str(m, "id")
		a := pool[id]
		if a == nil {
			return nil, engine.ErrValidation("agents", "agents: Agent "+id+" is not in the pool "+engine.Str(p, "id"))
		}
		out = append(out, engine.CloneObj(a))
	}
	return out, nil
}

// setAgentsStatus mirrors an update's status on its agents.
func setAgentsStatus(u engine.Obj, status string) {
	msg := map[string]string{"Scheduled": "Queued for update.", "Paused": "Update paused.", "Cancelled": "Update cancelled."}[status]
	arr, _ := u["agents"].([]any)
	for _, x := range arr {
		if a, ok := x.(map[string]any); ok {
			a["updateStatus"], a["updateMessage"] = status, msg
		}
	}
}

// renderAgentPoolUpdate answers with the empty _links object recorded.
func renderAgentPoolUpdate(u engine.Obj) engine.Obj {
	out := engine.CloneObj(u)
	out["_links"] = engine.Obj{}
	return out
}
