package iam

import (
	"net/http"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Targets narrow a standard role assignment (SPEC RoleBTarget*; VCR
// TestAccResourceOktaGroupRole_admin_crud,
// TestAccResourceOktaAdminRoleTargets_crud): group targets for USER_ADMIN,
// HELP_DESK_ADMIN and GROUP_MEMBERSHIP_ADMIN, app targets for APP_ADMIN,
// either every instance of an OIN app (…/catalog/apps/{appName}) or one
// instance (…/catalog/apps/{appName}/{appId}). PUT adds and DELETE removes
// one (204); lists page at 20 and are most recent first; an assignment
// without targets applies to everything, so the last target can't be
// removed (delete and recreate the assignment instead). An OIN app target
// replaces the instance targets of that app, and an instance can't be
// added beside its app's OIN target. Targets are kept in the assignment:
// _groups (group ids) and _apps ({name[, id]}), oldest first.

// targetPage is the paging of target lists: the server caps limit at 20
// (VCR: a request for limit=200 came back with limit=20 in its self link).
var targetPage = engine.PageSpec{Def: 20, Max: 20, Cursor: true}

func targetRoutes(rt *engine.Router, item string, h func(func(*engine.Call, principal) engine.Reply) engine.HandlerFunc, users bool) {
	groups := item + "/targets/groups"
	apps := item + "/targets/catalog/apps"
	rt.Handle("GET", groups, engine.ScopeFor(scopeArea, "GET"), h(listGroupTargets))
	rt.Handle("PUT", groups+"/{targetGroupId}", engine.ScopeFor(scopeArea, "PUT"), h(addGroupTarget))
	rt.Handle("DELETE", groups+"/{targetGroupId}", engine.ScopeFor(scopeArea, "DELETE"), h(removeGroupTarget))
	rt.Handle("GET", apps, engine.ScopeFor(scopeArea, "GET"), h(listAppTargets))
	rt.Handle("PUT", apps+"/{appName}", engine.ScopeFor(scopeArea, "PUT"), h(addAppTarget))
	rt.Handle("DELETE", apps+"/{appName}", engine.ScopeFor(scopeArea, "DELETE"), h(removeAppTarget))
	rt.Handle("PUT", apps+"/{appName}/{appId}", engine.ScopeFor(scopeArea, "PUT"), h(addAppTarget))
	rt.Handle("DELETE", apps+"/{appName}/{appId}", engine.ScopeFor(scopeArea, "DELETE"), h(removeAppTarget))
	if users {
		// PUT …/targets/catalog/apps makes an APP_ADMIN user's role apply
		// to every app again (SPEC assignAllAppsAsTargetToRoleForUser).
		rt.Handle("PUT", apps, engine.ScopeFor(scopeArea, "PUT"), h(clearAppTargets))
	}
}

// targetable finds the path's standard assignment and checks that its
// role takes targets of the kind asked for: E0000091 otherwise (Okta's
// "The provided role type was not the same as required role type.").
func targetable(c *engine.Call, p principal, kind targetKind) (engine.Obj, *engine.APIError) {
	a, cm, err := lookupAssignment(c, p)
	if err != nil {
		return nil, err
	}
	if cm != nil || standardRoles[engine.Str(a, "type")].targets != kind {
		return nil, engine.NewError(http.StatusBadRequest, "E0000091", "The provided role type was not the same as required role type.")
	}
	return a, nil
}

func touch(c *engine.Call, a engine.Obj) { a["lastUpdated"] = c.Org.Timestamp() }

func lastTargetError() *engine.APIError {
	return engine.ErrValidation("target",
		"target: The last target of a role assignment can't be removed; delete the role assignment to make it apply to all")
}

func listGroupTargets(c *engine.Call, p principal) engine.Reply {
	a, cm, err := lookupAssignment(c, p)
	if err != nil {
		return engine.Fail(err)
	}
	var items []engine.Obj
	if cm == nil {
		for _, id := range engine.StringsAt(a, "_groups") {
			if g := c.Org.Get(engine.TableGroups, "", id); g != nil {
				items = append(items, g)
			}
		}
	}
	page, hdr := engine.Page(c, targetPage, newestFirst(items), func(o engine.Obj) string { return engine.Str(o, "id") })
	out := make([]any, len(page))
	for i, g := range page {
		out[i] = renderGroup(c, g)
	}
	return engine.Reply{Status: http.StatusOK, Body: out, Header: hdr}
}

// renderGroup is a group as the groups endpoints show it (the directory
// family's shape: _links logo, users, apps, owners, self).
func renderGroup(c *engine.Call, g engine.Obj) engine.Obj {
	out := engine.CloneObj(g)
	if c.Base != "" {
		self := c.Base + "/api/v1/groups/" + engine.Str(g, "id")
		out["_links"] = engine.Obj{
			"logo": []any{
				engine.Obj{"name": "medium", "href": c.Base + "/assets/img/logos/groups/okta-medium.png", "type": "image/png"},
				engine.Obj{"name": "large", "href": c.Base + "/assets/img/logos/groups/okta-large.png", "type": "image/png"},
			},
			"users": href(self + "/users"), "apps": href(self + "/apps"), "owners": href(self + "/owners"), "self": href(self),
		}
	}
	return out
}

func addGroupTarget(c *engine.Call, p principal) engine.Reply {
	a, err := targetable(c, p, groupTargets)
	if err != nil {
		return engine.Fail(err)
	}
	gid := c.Param("targetGroupId")
	if c.Org.Get(engine.TableGroups, "", gid) == nil {
		return engine.Fail(engine.ErrNotFound(gid, "UserGroup"))
	}
	ids := engine.StringsAt(a, "_groups")
	for _, id := range ids {
		if id == gid {
			return engine.NoContent()
		}
	}
	a["_groups"] = engine.AnyStrings(append(ids, gid))
	touch(c, a)
	emitPrivilege(c, p, true)
	return engine.NoContent()
}

func removeGroupTarget(c *engine.Call, p principal) engine.Reply {
	a, err := targetable(c, p, groupTargets)
	if err != nil {
		return engine.Fail(err)
	}
	gid := c.Param("targetGroupId")
	ids := engine.StringsAt(a, "_groups")
	keep := ids[:0:0]
	for _, id := range ids {
		if id != gid {
			keep = append(keep, id)
		}
	}
	if len(keep) == len(ids) {
		return engine.Fail(engine.ErrNotFound(gid, "UserGroup"))
	}
	if len(keep) == 0 {
		return engine.Fail(lastTargetError())
	}
	a["_groups"] = engine.AnyStrings(keep)
	touch(c, a)
	emitPrivilege(c, p, false)
	return engine.NoContent()
}

// appTargets reads an assignment's app targets: {name} for every instance
// of an OIN app, {name, id} for one instance.
func appTargetsOf(a engine.Obj) []engine.Obj {
	arr, _ := a["_apps"].([]any)
	out := make([]engine.Obj, 0, len(arr))
	for _, x := range arr {
		if m, ok := x.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func setAppTargets(a engine.Obj, ts []engine.Obj) {
	arr := make([]any, len(ts))
	for i, t := range ts {
		arr[i] = t
	}
	a["_apps"] = arr
}

func listAppTargets(c *engine.Call, p principal) engine.Reply {
	a, cm, err := lookupAssignment(c, p)
	if err != nil {
		return engine.Fail(err)
	}
	var items []engine.Obj
	if cm == nil {
		for _, t := range newestFirst(appTargetsOf(a)) {
			if id := engine.Str(t, "id"); id != "" {
				if app := c.Org.Get(engine.TableApps, "", id); app != nil {
					items = append(items, instanceTarget(c, app))
				}
				continue
			}
			items = append(items, catalogEntry(c, engine.Str(t, "name")))
		}
	}
	page, hdr := engine.Page(c, targetPage, items, func(o engine.Obj) string {
		if id := engine.Str(o, "id"); id != "" {
			return id
		}
		return engine.Str(o, "name")
	})
	return engine.Reply{Status: http.StatusOK, Body: anys(page), Header: hdr}
}

// instanceTarget is how Okta lists one app instance target: the app's
// label as its name, its status and id, and a link to it (VCR
// TestAccResourceOktaAdminRoleTargets_crud#15).
func instanceTarget(c *engine.Call, app engine.Obj) engine.Obj {
	out := engine.Obj{"name": engine.Str(app, "label"), "status": engine.Str(app, "status"), "id": engine.Str(app, "id")}
	if c.Base != "" {
		out["_links"] = engine.Obj{"self": href(c.Base + "/api/v1/apps/" + engine.Str(app, "id"))}
	}
	return out
}

func addAppTarget(c *engine.Call, p principal) engine.Reply {
	a, err := targetable(c, p, appTargets)
	if err != nil {
		return engine.Fail(err)
	}
	name, appID := c.Param("appName"), c.Param("appId")
	if !catalogName.MatchString(name) {
		return engine.Fail(engine.ErrNotFound(name, "CatalogApp"))
	}
	ts := appTargetsOf(a)
	if appID == "" {
		// An OIN app target replaces the instance targets of that app.
		keep := ts[:0:0]
		for _, t := range ts {
			if engine.Str(t, "name") != name {
				keep = append(keep, t)
			}
		}
		setAppTargets(a, append(keep, engine.Obj{"name": name}))
		touch(c, a)
		emitPrivilege(c, p, true)
		return engine.NoContent()
	}
	app := c.Org.Get(engine.TableApps, "", appID)
	if app == nil || engine.Str(app, "name") != name {
		return engine.Fail(engine.ErrNotFound(appID, "AppInstance"))
	}
	for _, t := range ts {
		if engine.Str(t, "name") != name {
			continue
		}
		if engine.Str(t, "id") == "" {
			return engine.Fail(engine.ErrValidation("target",
				"target: The role already applies to every "+name+" app; an instance of it can't be added as well"))
		}
		if engine.Str(t, "id") == appID {
			return engine.NoContent()
		}
	}
	setAppTargets(a, append(ts, engine.Obj{"name": name, "id": appID}))
	touch(c, a)
	emitPrivilege(c, p, true)
	return engine.NoContent()
}

func removeAppTarget(c *engine.Call, p principal) engine.Reply {
	a, err := targetable(c, p, appTargets)
	if err != nil {
		return engine.Fail(err)
	}
	name, appID := c.Param("appName"), c.Param("appId")
	ts := appTargetsOf(a)
	keep := ts[:0:0]
	for _, t := range ts {
		if engine.Str(t, "name") != name || engine.Str(t, "id") != appID {
			keep = append(keep, t)
		}
	}
	if len(keep) == len(ts) {
		if appID != "" {
			return engine.Fail(engine.ErrNotFound(appID, "AppInstance"))
		}
		return engine.Fail(engine.ErrNotFound(name, "CatalogApp"))
	}
	if len(keep) == 0 {
		return engine.Fail(lastTargetError())
	}
	setAppTargets(a, keep)
	touch(c, a)
	emitPrivilege(c, p, false)
	return engine.NoContent()
}

func clearAppTargets(c *engine.Call, p principal) engine.Reply {
	a, err := targetable(c, p, appTargets)
	if err != nil {
		return engine.Fail(err)
	}
	delete(a, "_apps")
	touch(c, a)
	emitPrivilege(c, p, true)
	return engine.Reply{Status: http.StatusOK}
}

// dropTargetsNaming removes a deleted group or app from every
// assignment's targets. An assignment whose last target goes is removed
// too: without targets it would apply to every group or app, more than
// anyone granted. (Okta's behaviour here is not recorded.)
func dropTargetsNaming(c *engine.Call, field, id string) {
	for _, key := range c.Org.Parents(tblAssignments) {
		for _, a := range c.Org.List(tblAssignments, key) {
			changed, empty := false, false
			switch field {
			case "_groups":
				ids := engine.StringsAt(a, "_groups")
				keep := ids[:0:0]
				for _, x := range ids {
					if x != id {
						keep = append(keep, x)
					}
				}
				if changed, empty = len(keep) != len(ids), len(keep) == 0; changed {
					a["_groups"] = engine.AnyStrings(keep)
				}
			case "_apps":
				ts := appTargetsOf(a)
				keep := ts[:0:0]
				for _, t := range ts {
					if engine.Str(t, "id") != id {
						keep = append(keep, t)
					}
				}
				if changed, empty = len(keep) != len(ts), len(keep) == 0; changed {
					setAppTargets(a, keep)
				}
			}
			if !changed {
				continue
			}
			if empty {
				c.Org.Remove(tblAssignments, key, engine.Str(a, "id"))
				continue
			}
			touch(c, a)
		}
	}
}
