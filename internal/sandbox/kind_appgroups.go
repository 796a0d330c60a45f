package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strings"
)

// App group assignments (api-facts §1.2): table appGroups, parent = app
// id, item id = group id. PUT creates or replaces ({priority, profile});
// the answer is {id: groupId, lastUpdated, priority, profile, _links:
// {app, self, group}} as recorded (TestAccResourceOktaAppGroupAssignment_crud).
// A priority left out is the next free one, 0-based. Lists page with
// limit default 20, min 20, max 200 and the group id as the cursor.
//
// Deleting an app drops its assignments (kind_apps.go). Deleting a group
// can't be hooked from here, so an assignment whose group no longer exists
// is treated as gone: lists skip it, GET and DELETE answer 404.
var appGroupsPage = pageSpec{def: 20, min: 20, max: 200, cursor: true}

const appGroupsType = "ApplicationGroupAssignment"

func init() {
	register(module{
		name: "app-groups", phase: 40,
		// A deleted group's app assignments go with it.
		onDelete: map[string]deleteHook{"groups": func(c *call, _ string, group Obj) {
			id := str(group, "id")
			for _, app := range c.o.parents("appGroups") {
				c.o.remove("appGroups", app, id)
			}
		}},
		routes: func(rt *router) {
			coll := "/api/v1/apps/{appId}/groups"
			item := coll + "/{groupId}"
			rt.handle("GET", coll, scopeFor("apps", "GET"), appGroupsList)
			rt.handle("GET", item, scopeFor("apps", "GET"), appGroupsGet)
			rt.handle("PUT", item, scopeFor("apps", "PUT"), appGroupsPutHandler)
			rt.handle("PATCH", item, scopeFor("apps", "PATCH"), appGroupsPatch)
			rt.handle("DELETE", item, scopeFor("apps", "DELETE"), appGroupsDelete)
		},
	})
}

var appGroupsFields = []field{
	{path: "priority", typ: tNumber},
	{path: "profile", typ: tObject},
}

// appGroupsApp returns the parent app or a 404 naming it.
func appGroupsApp(c *call) (Obj, *apiError) {
	id := c.param("appId")
	app := c.o.get("apps", "", id)
	if app == nil {
		return nil, errNotFound(id, appsRes.typeName)
	}
	return app, nil
}

// appGroupsLive returns the assignments of an app whose groups still
// exist, by priority (ties in assignment order).
func appGroupsLive(c *call, appID string) []Obj {
	var out []Obj
	for _, a := range c.o.list("appGroups", appID) {
		if c.o.get("groups", "", str(a, "id")) != nil {
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, _ := intAt(out[i], "priority")
		b, _ := intAt(out[j], "priority")
		return a < b
	})
	return out
}

// appGroupsLookup returns a live assignment or a 404.
func appGroupsLookup(c *call) (Obj, *apiError) {
	app, err := appGroupsApp(c)
	if err != nil {
		return nil, err
	}
	gid := c.param("groupId")
	a := c.o.get("appGroups", str(app, "id"), gid)
	if a == nil || c.o.get("groups", "", gid) == nil {
		return nil, errNotFound(gid, appGroupsType)
	}
	return a, nil
}

func appGroupsRender(c *call, appID string, a Obj, expand bool) Obj {
	out := cloneObj(a)
	if c.base == "" {
		return out
	}
	gid := str(a, "id")
	app := c.base + "/api/v1/apps/" + appID
	out["_links"] = Obj{
		"app":   Obj{"href": app},
		"self":  Obj{"href": app + "/groups/" + gid},
		"group": Obj{"href": c.base + "/api/v1/groups/" + gid},
	}
	if expand {
		if g := c.o.get("groups", "", gid); g != nil {
			eg := cloneObj(g)
			self := c.base + "/api/v1/groups/" + gid
			eg["_links"] = Obj{
				"logo": []any{
					Obj{"name": "medium", "href": c.base + "/assets/img/logos/groups/okta-medium.png", "type": "image/png"},
					Obj{"name": "large", "href": c.base + "/assets/img/logos/groups/okta-large.png", "type": "image/png"},
				},
				"users": Obj{"href": self + "/users"}, "apps": Obj{"href": self + "/apps"},
			}
			out["_embedded"] = Obj{"group": eg}
		}
	}
	return out
}

func appGroupsExpand(c *call) bool {
	for _, e := range strings.Split(c.query().Get("expand"), ",") {
		if strings.TrimSpace(e) == "group" {
			return true
		}
	}
	return false
}

func appGroupsList(c *call) reply {
	app, err := appGroupsApp(c)
	if err != nil {
		return fail(err)
	}
	appID := str(app, "id")
	items := appGroupsLive(c, appID)
	if p := strings.ToLower(c.query().Get("q")); p != "" {
		kept := items[:0:0]
		for _, a := range items {
			g := c.o.get("groups", "", str(a, "id"))
			if strings.HasPrefix(strings.ToLower(str(g, "profile.name")), p) {
				kept = append(kept, a)
			}
		}
		items = kept
	}
	items, hdr := page(c, appGroupsPage, items, func(o Obj) string { return str(o, "id") })
	expand := appGroupsExpand(c)
	out := make([]any, len(items))
	for i, a := range items {
		out[i] = appGroupsRender(c, appID, a, expand)
	}
	return reply{status: http.StatusOK, body: out, header: hdr}
}

func appGroupsGet(c *call) reply {
	a, err := appGroupsLookup(c)
	if err != nil {
		return fail(err)
	}
	return ok(appGroupsRender(c, c.param("appId"), a, appGroupsExpand(c)))
}

// appGroupPut creates or replaces an assignment; the group must exist.
func appGroupPut(c *call, appID, groupID string, body Obj) (Obj, *apiError) {
	if c.o.get("groups", "", groupID) == nil {
		return nil, errNotFound(groupID, "UserGroup")
	}
	if err := checkShape(body, appGroupsFields); err != nil {
		return nil, err
	}
	cur := c.o.get("appGroups", appID, groupID)
	prio, has := intAt(body, "priority")
	switch {
	case has && prio < 0:
		return nil, errValidation("priority", "priority: The priority must be 0 or greater")
	case !has && cur != nil:
		prio, _ = intAt(cur, "priority")
	case !has:
		// The next free priority, 0-based (recorded: the first
		// assignment made with {} got priority 0).
		prio = 0
		for _, a := range appGroupsLive(c, appID) {
			if p, _ := intAt(a, "priority"); p >= prio {
				prio = p + 1
			}
		}
	}
	profile, _ := body["profile"].(map[string]any)
	if profile == nil {
		profile = Obj{}
	}
	a := Obj{"id": groupID, "lastUpdated": c.o.timestamp(), "priority": jsonInt(prio), "profile": cloneObj(profile)}
	c.o.put("appGroups", appID, groupID, a)
	return a, nil
}

func appGroupsPutHandler(c *call) reply {
	app, err := appGroupsApp(c)
	if err != nil {
		return fail(err)
	}
	body, err := c.body()
	if err != nil {
		return fail(err)
	}
	a, err := appGroupPut(c, str(app, "id"), c.param("groupId"), body)
	if err != nil {
		return fail(err)
	}
	return ok(appGroupsRender(c, str(app, "id"), a, false))
}

// appGroupsPatch applies a JSON Patch (SPEC updateGroupAssignmentToApplication:
// an array of {op, path, value}) to /priority and /profile.
func appGroupsPatch(c *call) reply {
	a, err := appGroupsLookup(c)
	if err != nil {
		return fail(err)
	}
	var ops []struct {
		Op    string `json:"op"`
		Path  string `json:"path"`
		Value any    `json:"value"`
	}
	data, rerr := io.ReadAll(io.LimitReader(c.request().Body, maxBody+1))
	if rerr != nil || len(data) > maxBody {
		return fail(errMalformed())
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&ops); err != nil {
		return fail(errMalformed())
	}
	next := cloneObj(a)
	for _, op := range ops {
		path := strings.Split(strings.TrimPrefix(op.Path, "/"), "/")
		switch {
		case path[0] == "priority" && len(path) == 1 && (op.Op == "replace" || op.Op == "add"):
			n, ok := intAt(Obj{"v": op.Value}, "v")
			if !ok || n < 0 {
				return fail(errValidation("priority", "priority: The priority must be a number, 0 or greater"))
			}
			next["priority"] = jsonInt(n)
		case path[0] == "profile" && len(path) == 1 && (op.Op == "replace" || op.Op == "add"):
			m, ok := op.Value.(map[string]any)
			if !ok {
				return fail(errMalformed())
			}
			next["profile"] = clone(m)
		case path[0] == "profile" && len(path) == 2 && (op.Op == "replace" || op.Op == "add"):
			next["profile"].(map[string]any)[path[1]] = clone(op.Value)
		case path[0] == "profile" && len(path) == 2 && op.Op == "remove":
			delete(next["profile"].(map[string]any), path[1])
		default:
			return fail(errValidation("path", "path: Unsupported operation "+op.Op+" "+op.Path))
		}
	}
	next["lastUpdated"] = c.o.timestamp()
	appID := c.param("appId")
	c.o.put("appGroups", appID, str(a, "id"), next)
	return ok(appGroupsRender(c, appID, next, false))
}

func appGroupsDelete(c *call) reply {
	a, err := appGroupsLookup(c)
	if err != nil {
		return fail(err)
	}
	c.o.remove("appGroups", c.param("appId"), str(a, "id"))
	return noContent()
}
