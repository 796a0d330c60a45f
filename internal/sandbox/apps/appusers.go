package apps

import (
	"net/http"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// App user assignments (SPEC assignUserToApplication, listApplicationUsers,
// getApplicationUser, updateApplicationUser, unassignUserFromApplication;
// recorded TestAccDataSourceOktaAppUserAssignments_read#10–#22). A user is
// assigned directly (scope USER, table appUsers, parent = app id, keyed
// by user id) or through a group the app is assigned to (scope GROUP,
// computed from appGroups and the directory's group members). An
// assignment shows {id: userId, externalId, created, lastUpdated, scope,
// status, statusChanged, passwordChanged, syncState, credentials
// {userName}, profile, _links {app, user}}. credentials.userName follows
// the app's userNameTemplate; an OIDC app's profile carries the standard
// claims, filled from the user's profile as the recording shows. Assigning
// an assigned user updates the assignment; only a direct assignment can
// be removed. Deleting a user drops its assignments (OnDelete on users).

const tableAppUsers = "appUsers"

var appUsersPage = engine.PageSpec{Def: 50, Max: 500, Cursor: true}

func init() {
	engine.Register(engine.Module{
		Name: "app-users", Phase: 42,
		OnDelete: map[string]engine.DeleteHook{engine.TableUsers: func(c *engine.Call, _ string, u engine.Obj) {
			id := engine.Str(u, "id")
			for _, app := range c.Org.Parents(tableAppUsers) {
				c.Org.Remove(tableAppUsers, app, id)
			}
		}},
		Routes: func(rt *engine.Router) {
			read, manage := engine.ScopeFor("apps", "GET"), engine.ScopeFor("apps", "POST")
			coll := "/api/v1/apps/{appId}/users"
			rt.Handle("GET", coll, read, appUsersList)
			rt.Handle("POST", coll, manage, appUsersAssign)
			rt.Handle("GET", coll+"/{userId}", read, appUsersGet)
			rt.Handle("POST", coll+"/{userId}", manage, appUsersUpdate)
			rt.Handle("DELETE", coll+"/{userId}", engine.ScopeFor("apps", "DELETE"), appUsersUnassign)
		},
	})
}

func appDropUsers(c *engine.Call, appID string) { c.Org.DropTable(tableAppUsers, appID) }

func appUsersApp(c *engine.Call) (engine.Obj, *engine.APIError) {
	id := c.Param("appId")
	app := c.Org.Get(engine.TableApps, "", id)
	if app == nil {
		return nil, engine.ErrNotFound(id, appsRes.TypeName)
	}
	return app, nil
}

// appUserName applies the app's userNameTemplate to a user.
func appUserName(app, user engine.Obj) string {
	switch engine.Str(app, "credentials.userNameTemplate.template") {
	case "${source.email}":
		return engine.Str(user, "profile.email")
	case "${source.samAccountName}", "${source.login.substringBefore(\"@\")}":
		login := engine.Str(user, "profile.login")
		if i := strings.Index(login, "@"); i > 0 {
			return login[:i]
		}
		return login
	}
	return engine.Str(user, "profile.login")
}

// appUserProfile is an assignment's default profile: an OIDC app's
// standard claims from the user's profile (null where the user has no
// value), nothing for other apps.
func appUserProfile(app, user engine.Obj) engine.Obj {
	if engine.Str(app, "signOnMode") != "OPENID_CONNECT" {
		return engine.Obj{}
	}
	p := engine.Obj{}
	for _, k := range []string{"street_address", "country", "website", "birthdate", "gender", "formatted", "profile",
		"locality", "middle_name", "picture", "nickname", "phone_number", "region", "postal_code"} {
		p[k] = nil
	}
	first, last := engine.Str(user, "profile.firstName"), engine.Str(user, "profile.lastName")
	p["given_name"], p["family_name"], p["email"] = first, last, engine.Str(user, "profile.email")
	p["name"] = strings.TrimSpace(first + " " + last)
	p["zoneinfo"], p["locale"] = "America/Los_Angeles", "en_US"
	return p
}

func appUserRender(c *engine.Call, appID string, a engine.Obj) engine.Obj {
	out := engine.CloneObj(a)
	out["_links"] = engine.Obj{
		"app":  engine.Obj{"href": c.Base + "/api/v1/apps/" + appID},
		"user": engine.Obj{"href": c.Base + "/api/v1/users/" + engine.Str(a, "id")},
	}
	return out
}

// appUserAssignment builds an assignment of user to app.
func appUserAssignment(c *engine.Call, app, user engine.Obj, scope string) engine.Obj {
	now := c.Org.Timestamp()
	return engine.Obj{
		"id": user["id"], "externalId": nil, "created": now, "lastUpdated": now, "scope": scope,
		"status": "ACTIVE", "statusChanged": now, "passwordChanged": nil, "syncState": "DISABLED",
		"credentials": engine.Obj{"userName": appUserName(app, user)},
		"profile":     appUserProfile(app, user),
	}
}

// appUsersAll lists the app's users: direct assignments, then the members
// of its groups that aren't assigned directly.
func appUsersAll(c *engine.Call, app engine.Obj) []engine.Obj {
	id := engine.Str(app, "id")
	out := c.Org.List(tableAppUsers, id)
	seen := map[string]bool{}
	for _, a := range out {
		seen[engine.Str(a, "id")] = true
	}
	for _, g := range c.Org.List("appGroups", id) {
		for _, m := range c.Org.List(engine.TableGroupMembers, engine.Str(g, "id")) {
			uid := engine.Str(m, "id")
			if seen[uid] {
				continue
			}
			if u := c.Org.Get(engine.TableUsers, "", uid); u != nil {
				seen[uid] = true
				a := appUserAssignment(c, app, u, "GROUP")
				a["created"], a["lastUpdated"], a["statusChanged"] = g["lastUpdated"], g["lastUpdated"], g["lastUpdated"]
				out = append(out, a)
			}
		}
	}
	return out
}

func appUsersList(c *engine.Call) engine.Reply {
	app, err := appUsersApp(c)
	if err != nil {
		return engine.Fail(err)
	}
	items := appUsersAll(c, app)
	if q := strings.ToLower(c.Query().Get("q")); q != "" {
		kept := items[:0:0]
		for _, a := range items {
			u := c.Org.Get(engine.TableUsers, "", engine.Str(a, "id"))
			if strings.HasPrefix(strings.ToLower(engine.Str(a, "credentials.userName")), q) ||
				engine.HasPrefixIn(u, q, []string{"profile.firstName", "profile.lastName", "profile.email"}) {
				kept = append(kept, a)
			}
		}
		items = kept
	}
	items, hdr := engine.Page(c, appUsersPage, items, func(o engine.Obj) string { return engine.Str(o, "id") })
	out := make([]any, len(items))
	for i, a := range items {
		out[i] = appUserRender(c, engine.Str(app, "id"), a)
	}
	return engine.Reply{Status: http.StatusOK, Body: out, Header: hdr}
}

func appUsersGet(c *engine.Call) engine.Reply {
	app, err := appUsersApp(c)
	if err != nil {
		return engine.Fail(err)
	}
	uid := c.Param("userId")
	for _, a := range appUsersAll(c, app) {
		if engine.Str(a, "id") == uid {
			return engine.OK(appUserRender(c, engine.Str(app, "id"), a))
		}
	}
	return engine.Fail(engine.ErrNotFound(uid, "AppUser"))
}

// appUsersAssign is POST /api/v1/apps/{appId}/users {id, scope,
// credentials, profile}: 200 with the assignment.
func appUsersAssign(c *engine.Call) engine.Reply {
	app, err := appUsersApp(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	uid := engine.Str(body, "id")
	if uid == "" {
		return engine.Fail(engine.ErrValidation("id", "id: The field cannot be left blank"))
	}
	user := c.Org.Get(engine.TableUsers, "", uid)
	if user == nil {
		return engine.Fail(engine.ErrNotFound(uid, "User"))
	}
	appID := engine.Str(app, "id")
	a := c.Org.Get(tableAppUsers, appID, uid)
	if a == nil {
		a = appUserAssignment(c, app, user, "USER")
	}
	if err := appUserApply(c, a, body); err != nil {
		return engine.Fail(err)
	}
	c.Org.Put(tableAppUsers, appID, uid, a)
	return engine.OK(appUserRender(c, appID, a))
}

// appUserApply takes the credentials and profile a request sets.
func appUserApply(c *engine.Call, a, body engine.Obj) *engine.APIError {
	if body["profile"] != nil && !engine.TObject.Matches(body["profile"]) ||
		body["credentials"] != nil && !engine.TObject.Matches(body["credentials"]) {
		return engine.ErrMalformed()
	}
	if n := engine.Str(body, "credentials.userName"); n != "" {
		if len(n) > 100 {
			return engine.ErrValidation("userName", "userName: The field is too long")
		}
		engine.Set(a, "credentials.userName", n)
	}
	if engine.Str(body, "credentials.password.value") != "" {
		engine.Set(a, "credentials.password", engine.Obj{})
		a["passwordChanged"] = c.Org.Timestamp()
	}
	if p, ok := body["profile"].(map[string]any); ok {
		prof, _ := a["profile"].(map[string]any)
		if prof == nil {
			prof = engine.Obj{}
		}
		for k, v := range p {
			prof[k] = engine.Clone(v)
		}
		a["profile"] = prof
	}
	a["lastUpdated"] = c.Org.Timestamp()
	return nil
}

func appUsersUpdate(c *engine.Call) engine.Reply {
	app, err := appUsersApp(c)
	if err != nil {
		return engine.Fail(err)
	}
	appID, uid := engine.Str(app, "id"), c.Param("userId")
	a := c.Org.Get(tableAppUsers, appID, uid)
	if a == nil {
		return engine.Fail(engine.ErrNotFound(uid, "AppUser"))
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := appUserApply(c, a, body); err != nil {
		return engine.Fail(err)
	}
	return engine.OK(appUserRender(c, appID, a))
}

func appUsersUnassign(c *engine.Call) engine.Reply {
	app, err := appUsersApp(c)
	if err != nil {
		return engine.Fail(err)
	}
	appID, uid := engine.Str(app, "id"), c.Param("userId")
	if c.Org.Get(tableAppUsers, appID, uid) == nil {
		return engine.Fail(engine.ErrNotFound(uid, "AppUser"))
	}
	c.Org.Remove(tableAppUsers, appID, uid)
	return engine.NoContent()
}
