package directory

import (
	"net/http"
	"slices"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// A user's risk level as an admin overrides it (v6 spec getUserRisk,
// upsertUserRisk; recorded TestAccResourceOktaUserRisk_crud): PUT
// {riskLevel: HIGH|LOW} answers 201 the first time and 200 after, with
// {riskLevel, reason: "Admin override risk", _links: {user, self}}; GET
// answers the same, or riskLevel NONE (no reason) before any override.
// Table userRisk is keyed by user id.
const tableUserRisk = "userRisk"

func userRiskRoutes(rt *engine.Router) {
	p := "/api/v1/users/{userId}/risk"
	rt.Handle("GET", p, engine.ScopeFor("users", "GET"), func(c *engine.Call) engine.Reply {
		u, err := userLookup(c, c.Param("userId"))
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(userRiskRender(c, u, c.Org.Get(tableUserRisk, "", engine.Str(u, "id"))))
	})
	rt.Handle("PUT", p, engine.ScopeFor("users", "PUT"), func(c *engine.Call) engine.Reply {
		u, err := userLookup(c, c.Param("userId"))
		if err != nil {
			return engine.Fail(err)
		}
		body, err := c.Body()
		if err != nil {
			return engine.Fail(err)
		}
		level := engine.Str(body, "riskLevel")
		if !slices.Contains([]string{"HIGH", "LOW"}, level) {
			return engine.Fail(engine.ErrValidation("riskLevel", "riskLevel: '"+level+"' is not a valid value; allowed: HIGH, LOW"))
		}
		id := engine.Str(u, "id")
		status := http.StatusOK
		if c.Org.Get(tableUserRisk, "", id) == nil {
			status = http.StatusCreated
		}
		r := engine.Obj{"id": id, "riskLevel": level}
		c.Org.Put(tableUserRisk, "", id, r)
		c.Emit("user.risk.change", usersRes.TargetOf(u))
		return engine.Reply{Status: status, Body: userRiskRender(c, u, r)}
	})
}

func userRiskRender(c *engine.Call, u, r engine.Obj) engine.Obj {
	self := c.Base + "/api/v1/users/" + engine.Str(u, "id")
	out := engine.Obj{"riskLevel": "NONE"}
	if r != nil {
		out["riskLevel"], out["reason"] = r["riskLevel"], "Admin override risk"
	}
	out["_links"] = engine.Obj{
		"user": engine.Obj{"href": self, "hints": engine.Obj{"allow": []any{"GET"}}},
		"self": engine.Obj{"href": self + "/risk", "hints": engine.Obj{"allow": []any{"GET", "PUT"}}},
	}
	return out
}
