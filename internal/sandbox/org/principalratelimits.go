package org

import (
	"net/http"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Principal rate limits (SPEC PrincipalRateLimitAPI; recorded
// TestAccResourceOktaPrincipalRateLimits_crud): the share of the org's
// rate limits an API token or an OAuth 2.0 client may use. One entity per
// principal: {id: prl…, orgId, principalId, principalType (SSWS_TOKEN or
// OAUTH_CLIENT), defaultPercentage, defaultConcurrencyPercentage,
// createdBy, createdDate, lastUpdatedBy, lastUpdate}, the dates in
// seconds, without _links, as recorded. Create answers 201; the list needs
// a filter on principalType and principalId (SPEC: required; without one,
// 400 E0000001, the sandbox's choice of code) and pages by at most 50. An
// OAUTH_CLIENT must be an app of the org (by id or client_id), an
// SSWS_TOKEN one of its API tokens (the operations family's table; a
// revoked token is gone). Neither refusal is recorded: both are 400
// E0000001, the sandbox's choice.
var principalRateLimitsRes = &engine.Resource{
	Name: "principalRateLimits", TypeName: "PrincipalRateLimitEntity", Prefix: "prl", Area: "principalRateLimits",
	Events: &engine.Events{Type: "PrincipalRateLimitEntity", Create: "system.rate_limit.configuration.update", Update: "system.rate_limit.configuration.update", Delete: "system.rate_limit.configuration.update"},
	Coll:   "/api/v1/principal-rate-limits", IDParam: "principalRateLimitId",
	Page:         engine.PageSpec{Def: 20, Max: 50, Cursor: true},
	CreateStatus: http.StatusCreated,
	Fields: []engine.Field{
		{Path: "principalId", Type: engine.TString, Required: true},
		{Path: "principalType", Type: engine.TString, Required: true, Enum: []string{"OAUTH_CLIENT", "SSWS_TOKEN"}},
		{Path: "defaultPercentage", Type: engine.TNumber},
		{Path: "defaultConcurrencyPercentage", Type: engine.TNumber},
	},
	ReadOnly: []string{"orgId", "createdBy", "createdDate", "lastUpdatedBy", "lastUpdate"},
	Keep:     []string{"orgId", "createdBy", "createdDate"},
}

const prlTimeLayout = "2006-01-02T15:04:05Z"

func init() {
	principalRateLimitsRes.Prepare = func(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
		pid, typ := engine.Str(body, "principalId"), engine.Str(body, "principalType")
		if cur != nil && (pid != engine.Str(cur, "principalId") || typ != engine.Str(cur, "principalType")) {
			return engine.ErrValidation("principalId", "principalId: The principal of a rate limit can't be changed")
		}
		if typ == "OAUTH_CLIENT" && c.Org.Find(engine.TableApps, "", func(a engine.Obj) bool {
			return engine.Str(a, "id") == pid || engine.Str(a, "credentials.oauthClient.client_id") == pid
		}) == nil {
			return engine.ErrValidation("principalId", "principalId: OAuth client "+pid+" does not exist")
		}
		if typ == "SSWS_TOKEN" && c.Org.Get(engine.TableAPITokens, "", pid) == nil {
			return engine.ErrValidation("principalId", "principalId: API token "+pid+" does not exist")
		}
		if cur == nil && c.Org.Find(principalRateLimitsRes.Name, "", func(o engine.Obj) bool { return engine.Str(o, "principalId") == pid }) != nil {
			return engine.ErrValidation("principalId", "principalId: The principal already has a rate limit")
		}
		for _, k := range []string{"defaultPercentage", "defaultConcurrencyPercentage"} {
			engine.SetDefault(body, k, engine.JSONInt(50))
			if n, ok := engine.IntAt(body, k); !ok || n < 0 || n > 100 {
				return engine.ErrValidation(k, k+": must be a percentage between 0 and 100")
			}
		}
		now := c.Org.Now().UTC().Format(prlTimeLayout)
		if cur == nil {
			body["orgId"], body["createdBy"], body["createdDate"] = c.Org.OrgID, c.Org.AdminID, now
		}
		body["lastUpdatedBy"], body["lastUpdate"] = c.Org.AdminID, now
		return nil
	}
	principalRateLimitsRes.Filter = func(c *engine.Call, _ string, items []engine.Obj) ([]engine.Obj, *engine.APIError) {
		return engine.FilterList(c, items, nil, engine.FilterEq, func(o engine.Obj) func(string) ([]string, bool) {
			return func(field string) ([]string, bool) {
				switch field {
				case "principalType", "principalId":
					return []string{engine.Str(o, field)}, true
				}
				return nil, false
			}
		})
	}
	engine.Register(engine.Module{
		Name: "principal-rate-limits", Phase: 45,
		Routes: principalRateLimitRoutes,
	})
}

// principalRateLimitRoutes are the generic endpoints, answering without
// the created/lastUpdated/_links every other resource shows.
func principalRateLimitRoutes(rt *engine.Router) {
	res := principalRateLimitsRes
	read, manage := engine.ScopeFor(res.Area, "GET"), engine.ScopeFor(res.Area, "POST")
	rt.Handle("GET", res.Coll, read, func(c *engine.Call) engine.Reply {
		if c.Query().Get("filter") == "" {
			return engine.Fail(engine.ErrValidation("filter", "filter: The filter parameter is required, e.g. principalType eq \"SSWS_TOKEN\""))
		}
		items, err := res.Filter(c, "", c.Org.List(res.Name, ""))
		if err != nil {
			return engine.Fail(err)
		}
		items, hdr := engine.Page(c, res.Page, items, func(o engine.Obj) string { return engine.Str(o, "id") })
		out := make([]any, len(items))
		for i, o := range items {
			out[i] = principalRateLimitRender(o)
		}
		return engine.Reply{Status: http.StatusOK, Body: out, Header: hdr}
	})
	rt.Handle("POST", res.Coll, manage, func(c *engine.Call) engine.Reply {
		body, err := c.Body()
		if err != nil {
			return engine.Fail(err)
		}
		obj, err := res.Insert(c, "", body, nil)
		if err != nil {
			return engine.Fail(err)
		}
		return engine.Created(principalRateLimitRender(obj))
	})
	rt.Handle("GET", res.ItemPattern(), read, func(c *engine.Call) engine.Reply {
		obj, err := res.Lookup(c, "", c.Param(res.IDParam))
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(principalRateLimitRender(obj))
	})
	rt.Handle("PUT", res.ItemPattern(), engine.ScopeFor(res.Area, "PUT"), func(c *engine.Call) engine.Reply {
		body, err := c.Body()
		if err != nil {
			return engine.Fail(err)
		}
		obj, err := res.Replace(c, "", c.Param(res.IDParam), body)
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(principalRateLimitRender(obj))
	})
}

// principalRateLimitRender drops what the engine keeps for every object
// but this kind does not show (created, lastUpdated, _links).
func principalRateLimitRender(o engine.Obj) engine.Obj {
	out := engine.CloneObj(o)
	delete(out, "created")
	delete(out, "lastUpdated")
	delete(out, "_links")
	return out
}
