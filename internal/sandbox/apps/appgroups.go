package apps

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// App group assignments (api-facts §1.2): table appGroups, parent = app
// id, item id = group id. PUT creates or replaces ({priority, profile});
// the answer is {id: groupId, lastUpdated, priority, profile, _links:
// {app, self, group}} as recorded (TestAccResourceOktaAppGroupAssignment_crud).
// A priority left out is the next free one, 0-based. Lists page with
// limit default 20, min 20, max 200 and the group id as the cursor.
//
// Deleting an app drops its assignments (apps.go); deleting a group drops
// its assignments too, through this module's OnDelete hook on the groups
// table. Lists, GET and DELETE still treat an assignment whose group is
// missing as gone (lists skip it, GET and DELETE answer 404), so a
// dangling row can never show.
var appGroupsPage = engine.PageSpec{Def: 20, Min: 20, Max: 200, Cursor: true}

const appGroupsType = "ApplicationGroupAssignment"

func init() {
	engine.Register(engine.Module{
		Name: "app-groups", Phase: 40,
		// A deleted group's app assignments go with it.
		OnDelete: map[string]engine.DeleteHook{engine.TableGroups: func(c *engine.Call, _ string, group engine.Obj) {
			id := engine.Str(group, "id")
			for _, app := range c.Org.Parents("appGroups") {
				c.Org.Remove("appGroups", app, id)
			}
		}},
		Routes: func(rt *engine.Router) {
			coll := "/api/v1/apps/{appId}/groups"
			item := coll + "/{groupId}"
			rt.Handle("GET", coll, engine.ScopeFor("apps", "GET"), appGroupsList)
			rt.Handle("GET", item, engine.ScopeFor("apps", "GET"), appGroupsGet)
			rt.Handle("PUT", item, engine.ScopeFor("apps", "PUT"), appGroupsPutHandler)
			rt.Handle("PATCH", item, engine.ScopeFor("apps", "PATCH"), appGroupsPatch)
			rt.Handle("DELETE", item, engine.ScopeFor("apps", "DELETE"), appGroupsDelete)
		},
	})
}

var appGroupsFields = []engine.Field{
	{Path: "priority", Type: engine.TNumber},
	{Path: "profile", Type: engine.TObject},
}

// appGroupsApp returns the parent app or a 404 naming it.
func appGroupsApp(c *engine.Call) (engine.Obj, *engine.APIError) {
	id := c.Param("appId")
	app := c.Org.Get(engine.TableApps, "", id)
	if app == nil {
		return nil, engine.ErrNotFound(id, appsRes.TypeName)
	}
	return app, nil
}

// appGroupsLive returns the assignments of an app whose groups still
// exist, by priority (ties in assignment order).
func appGroupsLive(c *engine.Call, appID string) []engine.Obj {
	var out []engine.Obj
	for _, a := range c.Org.List("appGroups", appID) {
		if c.Org.Get(engine.TableGroups, "", engine.Str(a, "id")) != nil {
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, _ := engine.IntAt(out[i], "priority")
		b, _ := engine.IntAt(out[j], "priority")
		return a < b
	})
	return out
}

// appGroupsLookup returns a live assignment or a 404.
func appGroupsLookup(c *engine.Call) (engine.Obj, *engine.APIError) {
	app, err := appGroupsApp(c)
	if err != nil {
		return nil, err
	}
	gid := c.Param("groupId")
	a := c.Org.Get("appGroups", engine.Str(app, "id"), gid)
	if a == nil || c.Org.Get(engine.TableGroups, "", gid) == nil {
		return nil, engine.ErrNotFound(gid, appGroupsType)
	}
	return a, nil
}

func appGroupsRender(c *engine.Call, appID string, a engine.Obj, expand bool) engine.Obj {
	out := engine.CloneObj(a)
	if c.Base == "" {
		return out
	}
	gid := engine.Str(a, "id")
	app := c.Base + "/api/v1/apps/" + appID
	out["_links"] = engine.Obj{
		"app":   engine.Obj{"href": app},
		"self":  engine.Obj{"href": app + "/groups/" + gid},
		"group": engine.Obj{"href": c.Base + "/api/v1/groups/" + gid},
	}
	if expand {
		if g := c.Org.Get(engine.TableGroups, "", gid); g != nil {
			eg := engine.CloneObj(g)
			self := c.Base + "/api/v1/groups/" + gid
			eg["_links"] = engine.Obj{
				"logo": []any{
					engine.Obj{"name": "medium", "href": c.Base + "/assets/img/logos/groups/okta-medium.png", "type": "image/png"},
					engine.Obj{"name": "large", "href": c.Base + "/assets/img/logos/groups/okta-large.png", "type": "image/png"},
				},
				"users": engine.Obj{"href": self + "/users"}, "apps": engine.Obj{"href": self + "/apps"},
			}
			out["_embedded"] = engine.Obj{"group": eg}
		}
	}
	return out
}

func appGroupsExpand(c *engine.Call) bool {
	for _, e := range strings.Split(c.Query().Get("expand"), ",") {
		if strings.TrimSpace(e) == "group" {
			return true
		}
	}
	return false
}

func appGroupsList(c *engine.Call) engine.Reply {
	app, err := appGroupsApp(c)
	if err != nil {
		return engine.Fail(err)
	}
	appID := engine.Str(app, "id")
	items := appGroupsLive(c, appID)
	if p := strings.ToLower(c.Query().Get("q")); p != "" {
		kept := items[:0:0]
		for _, a := range items {
			g := c.Org.Get(engine.TableGroups, "", engine.Str(a, "id"))
			if strings.HasPrefix(strings.ToLower(engine.Str(g, "profile.name")), p) {
				kept = append(kept, a)
			}
		}
		items = kept
	}
	items, hdr := engine.Page(c, appGroupsPage, items, func(o engine.Obj) string { return engine.Str(o, "id") })
	expand := appGroupsExpand(c)
	out := make([]any, len(items))
	for i, a := range items {
		out[i] = appGroupsRender(c, appID, a, expand)
	}
	return engine.Reply{Status: http.StatusOK, Body: out, Header: hdr}
}

func appGroupsGet(c *engine.Call) engine.Reply {
	a, err := appGroupsLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(appGroupsRender(c, c.Param("appId"), a, appGroupsExpand(c)))
}

// appGroupPut creates or replaces an assignment; the group must exist.
func appGroupPut(c *engine.Call, appID, groupID string, body engine.Obj) (engine.Obj, *engine.APIError) {
	if c.Org.Get(engine.TableGroups, "", groupID) == nil {
		return nil, engine.ErrNotFound(groupID, "UserGroup")
	}
	if err := engine.CheckShape(body, appGroupsFields); err != nil {
		return nil, err
	}
	cur := c.Org.Get("appGroups", appID, groupID)
	prio, has := engine.IntAt(body, "priority")
	switch {
	case has && prio < 0:
		return nil, engine.ErrValidation("priority", "priority: The priority must be 0 or greater")
	case !has && cur != nil:
		prio, _ = engine.IntAt(cur, "priority")
	case !has:
		// The next free priority, 0-based (recorded: the first
		// assignment made with {} got priority 0).
		prio = 0
		for _, a := range appGroupsLive(c, appID) {
			if p, _ := engine.IntAt(a, "priority"); p >= prio {
				prio = p + 1
			}
		}
	}
	profile, _ := body["profile"].(map[string]any)
	if profile == nil {
		profile = engine.Obj{}
	}
	a := engine.Obj{"id": groupID, "lastUpdated": c.Org.Timestamp(), "priority": engine.JSONInt(prio), "profile": engine.CloneObj(profile)}
	c.Org.Put("appGroups", appID, groupID, a)
	return a, nil
}

func appGroupsPutHandler(c *engine.Call) engine.Reply {
	app, err := appGroupsApp(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	existed := c.Org.Get("appGroups", engine.Str(app, "id"), c.Param("groupId")) != nil
	a, err := appGroupPut(c, engine.Str(app, "id"), c.Param("groupId"), body)
	if err != nil {
		return engine.Fail(err)
	}
	ev := "group.application_assignment.add"
	if existed {
		ev = "group.application_assignment.update"
	}
	appGroupsEmit(c, ev, app, engine.Str(a, "id"))
	return engine.OK(appGroupsRender(c, engine.Str(app, "id"), a, false))
}

// appGroupsPatch applies a JSON Patch (SPEC updateGroupAssignmentToApplication:
// an array of {op, path, value}) to /priority and /profile.
func appGroupsPatch(c *engine.Call) engine.Reply {
	a, err := appGroupsLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	var ops []struct {
		Op    string `json:"op"`
		Path  string `json:"path"`
		Value any    `json:"value"`
	}
	data, rerr := io.ReadAll(io.LimitReader(c.Request().Body, engine.MaxBody+1))
	if rerr != nil || len(data) > engine.MaxBody {
		return engine.Fail(engine.ErrMalformed())
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&ops); err != nil {
		return engine.Fail(engine.ErrMalformed())
	}
	next := engine.CloneObj(a)
	for _, op := range ops {
		path := strings.Split(strings.TrimPrefix(op.Path, "/"), "/")
		switch {
		case path[0] == "priority" && len(path) == 1 && (op.Op == "replace" || op.Op == "add"):
			n, ok := engine.IntAt(engine.Obj{"v": op.Value}, "v")
			if !ok || n < 0 {
				return engine.Fail(engine.ErrValidation("priority", "priority: The priority must be a number, 0 or greater"))
			}
			next["priority"] = engine.JSONInt(n)
		case path[0] == "profile" && len(path) == 1 && (op.Op == "replace" || op.Op == "add"):
			m, ok := op.Value.(map[string]any)
			if !ok {
				return engine.Fail(engine.ErrMalformed())
			}
			next["profile"] = engine.Clone(m)
		case path[0] == "profile" && len(path) == 2 && (op.Op == "replace" || op.Op == "add"):
			next["profile"].(map[string]any)[path[1]] = engine.Clone(op.Value)
		case path[0] == "profile" && len(path) == 2 && op.Op == "remove":
			delete(next["profile"].(map[string]any), path[1])
		default:
			return engine.Fail(engine.ErrValidation("path", "path: Unsupported operation "+op.Op+" "+op.Path))
		}
	}
	next["lastUpdated"] = c.Org.Timestamp()
	appID := c.Param("appId")
	c.Org.Put("appGroups", appID, engine.Str(a, "id"), next)
	appGroupsEmit(c, "group.application_assignment.update", c.Org.Get(engine.TableApps, "", appID), engine.Str(a, "id"))
	return engine.OK(appGroupsRender(c, appID, next, false))
}

func appGroupsDelete(c *engine.Call) engine.Reply {
	a, err := appGroupsLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	appGroupsEmit(c, "group.application_assignment.remove", c.Org.Get(engine.TableApps, "", c.Param("appId")), engine.Str(a, "id"))
	c.Org.Remove("appGroups", c.Param("appId"), engine.Str(a, "id"))
	return engine.NoContent()
}

// appGroupsEmit logs a group assignment change: the app, then the group.
func appGroupsEmit(c *engine.Call, eventType string, app engine.Obj, groupID string) {
	targets := []engine.Target{appsRes.TargetOf(app)}
	if g := c.Org.Get(engine.TableGroups, "", groupID); g != nil {
		targets = append(targets, engine.Target{ID: groupID, Type: "UserGroup", DisplayName: engine.Str(g, "profile.name")})
	}
	c.Emit(eventType, targets...)
}
