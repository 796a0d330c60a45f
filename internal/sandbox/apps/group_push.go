package apps

import (
	"net/http"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Group push mappings (coverage.md C5; v6.1.0 spec GroupPushMapping:
// listGroupPushMappings, createGroupPushMapping, getGroupPushMapping,
// updateGroupPushMapping, deleteGroupPushMapping). Okta pushes the members
// of a source group (an OKTA_GROUP) to a group of the app, which Okta
// mirrors as an APP_GROUP whose source is the app.
//   - Only apps with GROUP_PUSH in features[] (provisioning on) take them;
//     others answer 400.
//   - Create {sourceGroupId, targetGroupId | targetGroupName, status,
//     appConfig}: exactly one target. targetGroupName links the app group
//     of that name if the app has one, else creates it (the spec's words).
//     The answer is 200, as recorded, although the spec says 201. One
//     mapping per source group per app.
//   - PATCH {status} is the only update; DELETE needs the mapping INACTIVE
//     and the deleteTargetGroup query parameter (true also deletes the app
//     group).
//   - Lists page with after/limit (default 100, max 1000) and filter by
//     sourceGroupId, status and lastUpdated (on or after).
//
// The APP_GROUPs go into the directory family's groups table (type
// APP_GROUP, source.id = the app): that is where Okta lists them, and the
// only objects this family writes outside its own tables. Deleting the app
// deletes its app groups and mappings; deleting a source group deletes its
// mappings (not recorded; Okta cannot push a group that is gone).
//
// Table appGroupPush: per app (parent = app id), id gPm….
const tableAppGroupPush = "appGroupPush"

var groupPushPage = engine.PageSpec{Def: 100, Max: 1000, Cursor: true}

func init() {
	engine.Register(engine.Module{
		Name: "app-group-push", Phase: 41,
		Routes: func(rt *engine.Router) {
			coll := "/api/v1/apps/{appId}/group-push/mappings"
			item := coll + "/{mappingId}"
			rt.Handle("GET", coll, engine.ScopeFor("apps", "GET"), groupPushList)
			rt.Handle("POST", coll, engine.ScopeFor("apps", "POST"), groupPushCreate)
			rt.Handle("GET", item, engine.ScopeFor("apps", "GET"), groupPushGet)
			rt.Handle("PATCH", item, engine.ScopeFor("apps", "PATCH"), groupPushPatch)
			rt.Handle("DELETE", item, engine.ScopeFor("apps", "DELETE"), groupPushDelete)
		},
		OnDelete: map[string]engine.DeleteHook{
			engine.TableApps: func(c *engine.Call, _ string, app engine.Obj) {
				id := engine.Str(app, "id")
				c.Org.DropTable(tableAppGroupPush, id)
				for _, g := range c.Org.List(engine.TableGroups, "") {
					if engine.Str(g, "type") == "APP_GROUP" && engine.Str(g, "source.id") == id {
						c.Org.Remove(engine.TableGroups, "", engine.Str(g, "id"))
					}
				}
			},
			engine.TableGroups: func(c *engine.Call, _ string, group engine.Obj) {
				gid := engine.Str(group, "id")
				for _, appID := range c.Org.Parents(tableAppGroupPush) {
					for _, m := range c.Org.List(tableAppGroupPush, appID) {
						if engine.Str(m, "sourceGroupId") == gid || engine.Str(m, "targetGroupId") == gid {
							c.Org.Remove(tableAppGroupPush, appID, engine.Str(m, "id"))
						}
					}
				}
			},
		},
	})
}

// groupPushApp returns the app, which must push groups.
func groupPushApp(c *engine.Call) (engine.Obj, *engine.APIError) {
	appID := c.Param("appId")
	app := c.Org.Get(engine.TableApps, "", appID)
	if app == nil {
		return nil, engine.ErrNotFound(appID, appsRes.TypeName)
	}
	for _, f := range engine.StringsAt(app, "features") {
		if f == "GROUP_PUSH" {
			return app, nil
		}
	}
	return nil, engine.NewError(http.StatusBadRequest, "E0000001", "Api validation failed: groupPush",
		"Group push is not enabled for this application")
}

func groupPushRender(c *engine.Call, appID string, m engine.Obj) engine.Obj {
	out := engine.CloneObj(m)
	if c.Base != "" {
		out["_links"] = engine.Obj{
			"app":         engine.Obj{"href": c.Base + "/api/v1/apps/" + appID},
			"sourceGroup": engine.Obj{"href": c.Base + "/api/v1/groups/" + engine.Str(m, "sourceGroupId")},
			"targetGroup": engine.Obj{"href": c.Base + "/api/v1/groups/" + engine.Str(m, "targetGroupId")},
		}
	}
	return out
}

func groupPushList(c *engine.Call) engine.Reply {
	app, err := groupPushApp(c)
	if err != nil {
		return engine.Fail(err)
	}
	appID := engine.Str(app, "id")
	q := c.Query()
	if s := q.Get("status"); s != "" && s != "ACTIVE" && s != "INACTIVE" && s != "ERROR" {
		return engine.Fail(engine.ErrValidation("Api validation failed: status", "status: '"+s+"' is not ACTIVE, INACTIVE or ERROR"))
	}
	var items []engine.Obj
	for _, m := range c.Org.List(tableAppGroupPush, appID) {
		if s := q.Get("sourceGroupId"); s != "" && engine.Str(m, "sourceGroupId") != s {
			continue
		}
		if s := q.Get("status"); s != "" && engine.Str(m, "status") != s {
			continue
		}
		if s := q.Get("lastUpdated"); s != "" && groupPushSeconds(engine.Str(m, "lastUpdated")) < groupPushSeconds(s) {
			continue
		}
		items = append(items, m)
	}
	page, hdr := engine.Page(c, groupPushPage, items, func(o engine.Obj) string { return engine.Str(o, "id") })
	out := make([]any, len(page))
	for i, m := range page {
		out[i] = groupPushRender(c, appID, m)
	}
	return engine.Reply{Status: http.StatusOK, Body: out, Header: hdr}
}

func groupPushCreate(c *engine.Call) engine.Reply {
	app, err := groupPushApp(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if e := engine.CheckShape(body, []engine.Field{
		{Path: "sourceGroupId", Type: engine.TString, Required: true},
		{Path: "targetGroupId", Type: engine.TString},
		{Path: "targetGroupName", Type: engine.TString},
		{Path: "status", Type: engine.TString, Enum: []string{"ACTIVE", "INACTIVE"}},
		{Path: "appConfig", Type: engine.TObject},
	}); e != nil {
		return engine.Fail(e)
	}
	appID := engine.Str(app, "id")
	src := c.Org.Get(engine.TableGroups, "", engine.Str(body, "sourceGroupId"))
	if src == nil || engine.Str(src, "type") == "APP_GROUP" {
		return engine.Fail(engine.ErrValidation("Api validation failed: sourceGroupId",
			"sourceGroupId: No Okta group with ID "+engine.Str(body, "sourceGroupId")+" exists"))
	}
	for _, m := range c.Org.List(tableAppGroupPush, appID) {
		if engine.Str(m, "sourceGroupId") == engine.Str(src, "id") {
			return engine.Fail(engine.ErrValidation("Api validation failed: sourceGroupId",
				"sourceGroupId: The group is already pushed to this app"))
		}
	}
	tid, tname := engine.Str(body, "targetGroupId"), engine.Str(body, "targetGroupName")
	if (tid == "") == (tname == "") {
		return engine.Fail(engine.ErrValidation("Api validation failed: targetGroupId",
			"targetGroupId: Either targetGroupId or targetGroupName must be provided, but not both"))
	}
	target, terr := groupPushTarget(c, appID, tid, tname)
	if terr != nil {
		return engine.Fail(terr)
	}
	status := engine.Str(body, "status")
	if status == "" {
		status = "ACTIVE"
	}
	now := c.Org.Timestamp()
	m := engine.Obj{"id": c.Org.NewID("gPm"), "sourceGroupId": engine.Str(src, "id"), "targetGroupId": engine.Str(target, "id"),
		"status": status, "created": now, "lastUpdated": now}
	if status == "ACTIVE" {
		m["lastPush"] = now
	}
	if ac, ok := body["appConfig"].(map[string]any); ok {
		m["appConfig"] = engine.Clone(ac)
	}
	c.Org.Put(tableAppGroupPush, appID, engine.Str(m, "id"), m)
	emitApp(c, evPushCreate, appID, pushTarget(m))
	return engine.OK(groupPushRender(c, appID, m))
}

// groupPushTarget finds the app group a mapping pushes to: the one named
// by ID (it must be this app's), or the one of that name, made if absent.
func groupPushTarget(c *engine.Call, appID, id, name string) (engine.Obj, *engine.APIError) {
	if id != "" {
		g := c.Org.Get(engine.TableGroups, "", id)
		if g == nil || engine.Str(g, "type") != "APP_GROUP" || engine.Str(g, "source.id") != appID {
			return nil, engine.ErrValidation("Api validation failed: targetGroupId",
				"targetGroupId: No group of this app with ID "+id+" exists")
		}
		return g, nil
	}
	if g := c.Org.Find(engine.TableGroups, "", func(g engine.Obj) bool {
		return engine.Str(g, "type") == "APP_GROUP" && engine.Str(g, "source.id") == appID && strings.EqualFold(engine.Str(g, "profile.name"), name)
	}); g != nil {
		return g, nil
	}
	now := c.Org.Timestamp()
	g := engine.Obj{"id": c.Org.NewID("00g"), "type": "APP_GROUP", "objectClass": []any{"okta:app_group"},
		"profile": engine.Obj{"name": name, "description": ""}, "source": engine.Obj{"id": appID},
		"created": now, "lastUpdated": now, "lastMembershipUpdated": now}
	c.Org.Put(engine.TableGroups, "", engine.Str(g, "id"), g)
	c.Emit("group.lifecycle.create", engine.Target{ID: engine.Str(g, "id"), Type: "UserGroup", DisplayName: name})
	return g, nil
}

func groupPushLookup(c *engine.Call) (string, engine.Obj, *engine.APIError) {
	app, err := groupPushApp(c)
	if err != nil {
		return "", nil, err
	}
	appID := engine.Str(app, "id")
	m := c.Org.Get(tableAppGroupPush, appID, c.Param("mappingId"))
	if m == nil {
		return "", nil, engine.ErrNotFound(c.Param("mappingId"), "GroupPushMapping")
	}
	return appID, m, nil
}

func groupPushGet(c *engine.Call) engine.Reply {
	appID, m, err := groupPushLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(groupPushRender(c, appID, m))
}

func groupPushPatch(c *engine.Call) engine.Reply {
	appID, m, err := groupPushLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if e := engine.CheckShape(body, []engine.Field{{Path: "status", Type: engine.TString, Required: true, Enum: []string{"ACTIVE", "INACTIVE"}}}); e != nil {
		return engine.Fail(e)
	}
	if s := engine.Str(body, "status"); s != engine.Str(m, "status") {
		m["status"] = s
		m["lastUpdated"] = c.Org.Timestamp()
		ev := evPushDeactivate
		if s == "ACTIVE" {
			m["lastPush"] = m["lastUpdated"]
			ev = evPushActivate
		}
		emitApp(c, ev, appID, pushTarget(m))
	}
	return engine.OK(groupPushRender(c, appID, m))
}

func groupPushDelete(c *engine.Call) engine.Reply {
	appID, m, err := groupPushLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	del := c.Query().Get("deleteTargetGroup")
	if del != "true" && del != "false" {
		return engine.Fail(engine.ErrValidation("Api validation failed: deleteTargetGroup",
			"deleteTargetGroup: The query parameter is required and must be true or false"))
	}
	if engine.Str(m, "status") == "ACTIVE" {
		return engine.Fail(engine.ErrValidation("Api validation failed: status",
			"status: The group push mapping must be INACTIVE before it can be deleted"))
	}
	c.Org.Remove(tableAppGroupPush, appID, engine.Str(m, "id"))
	emitApp(c, evPushRemove, appID, pushTarget(m))
	if del == "true" {
		gid := engine.Str(m, "targetGroupId")
		if g := c.Org.Get(engine.TableGroups, "", gid); g != nil {
			c.Emit("group.lifecycle.delete", engine.Target{ID: gid, Type: "UserGroup", DisplayName: engine.Str(g, "profile.name")})
		}
		c.Org.Remove(engine.TableGroups, "", gid)
	}
	return engine.NoContent()
}

// groupPushSeconds cuts a timestamp to YYYY-MM-DDTHH:mm:ss, so that the
// filter's form (…ssZ) and the stored one (…ss.000Z) compare as strings.
func groupPushSeconds(ts string) string {
	return strings.TrimSuffix(ts, "Z")[:min(19, len(strings.TrimSuffix(ts, "Z")))]
}
