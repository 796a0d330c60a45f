package directory

import (
	"net/http"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Users (api-facts §1.1; recorded bodies of TestAccResourceOktaUser_*,
// TestAccDataSourceOktaUser_read, TestAccDataSourceOktaGroup_read). Users
// are data, not configuration, and oktasync does not export them; but
// configuration points at them and every client the sandbox serves
// creates them, so they behave as in a real org:
//
//   - create (users_write.go) answers 200, not 201. The status follows
//     the request: ?activate=false is STAGED, a password (value or hash)
//     makes the user ACTIVE, no password PROVISIONED. A profile property
//     the user type's schema doesn't define is refused, as is a login
//     another user has.
//   - GET takes an id or a login; PUT replaces the profile (and whatever
//     else the body carries); POST updates it partially.
//   - the lifecycle endpoints (users_lifecycle.go) move a user through
//     STAGED, PROVISIONED, ACTIVE, SUSPENDED, PASSWORD_EXPIRED, RECOVERY,
//     LOCKED_OUT and DEPROVISIONED with Okta's preconditions and error
//     codes; DELETE deactivates a user that isn't DEPROVISIONED and
//     deletes one that is, so a client deletes with two calls.
//   - `_links` follow the status (usersLinks); inside a list a user has
//     only `self`.
//   - the list takes `q`, `filter` and `search` (users_search.go) and
//     leaves DEPROVISIONED users out unless an expression asks for them.
//
// Secrets never land in the user object: a password or recovery answer is
// kept as a salted hash in the userSecrets table (parent-less, keyed by
// user id), so that change_password can check the old one. The userLogins
// table indexes logins (lower case) so that lookups by login and the
// uniqueness check stay O(1) in a generated org of 50,000 users.
// Group membership lives in users_groups.go.
var usersRes = &engine.Resource{
	Name: engine.TableUsers, TypeName: "User", Prefix: "00u", Area: "users",
	Events: &engine.Events{Type: "User", Create: "user.lifecycle.create", Update: "user.account.update_profile", Delete: "user.lifecycle.delete.completed", Activate: "user.lifecycle.activate", Deactivate: "user.lifecycle.deactivate"},
	Coll:   "/api/v1/users", IDParam: "userId",
	// SPEC listUsers: limit default 200 (10 with q), at most 200.
	Page:     engine.PageSpec{Def: 200, Max: 200, Cursor: true},
	NoCreate: true, NoUpdate: true, NoDelete: true,
}

const (
	tableUserLogins  = "userLogins"
	tableUserSecrets = "userSecrets"
)

// User statuses (SPEC UserStatus).
const (
	userStaged          = "STAGED"
	userProvisioned     = "PROVISIONED"
	userActive          = "ACTIVE"
	userSuspended       = "SUSPENDED"
	userPasswordExpired = "PASSWORD_EXPIRED"
	userRecovery        = "RECOVERY"
	userLockedOut       = "LOCKED_OUT"
	userDeprovisioned   = "DEPROVISIONED"
)

func init() {
	usersRes.Filter = filterUsers
	usersRes.AfterDelete = func(c *engine.Call, _ string, cur engine.Obj) { userDropRefs(c, cur) }
	engine.Register(engine.Module{
		Name: "users", Phase: 15,
		Routes:   userRoutes,
		Seed:     seedUsers,
		Sample:   sampleUsers,
		Generate: generateUsers,
	})
}

func userRoutes(rt *engine.Router) {
	read, manage := engine.ScopeFor("users", "GET"), engine.ScopeFor("users", "POST")
	item := "/api/v1/users/{userId}"
	rt.Handle("GET", "/api/v1/users", read, listUsers)
	rt.Handle("POST", "/api/v1/users", manage, createUserHandler)
	rt.Handle("GET", "/api/v1/users/me", read, func(c *engine.Call) engine.Reply {
		return engine.OK(userRender(c, superAdmin(c)))
	})
	rt.Handle("GET", item, read, func(c *engine.Call) engine.Reply {
		u, err := userLookup(c, c.Param("userId"))
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(userRender(c, u))
	})
	rt.Handle("PUT", item, manage, func(c *engine.Call) engine.Reply { return updateUserHandler(c, true) })
	rt.Handle("POST", item, manage, func(c *engine.Call) engine.Reply { return updateUserHandler(c, false) })
	rt.Handle("DELETE", item, manage, deleteUserHandler)
	userLifecycleRoutes(rt)
	userGroupRoutes(rt)
	userRiskRoutes(rt)
	linkedObjectValueRoutes(rt)
	groupOwnerRoutes(rt)
}

// userLookup finds a user by id or by login (case-insensitive), as
// GET /api/v1/users/{idOrLogin} does.
func userLookup(c *engine.Call, key string) (engine.Obj, *engine.APIError) {
	if u := c.Org.Get(engine.TableUsers, "", key); u != nil {
		return u, nil
	}
	if ix := c.Org.Get(tableUserLogins, "", strings.ToLower(key)); ix != nil {
		if u := c.Org.Get(engine.TableUsers, "", engine.Str(ix, "userId")); u != nil {
			return u, nil
		}
	}
	return nil, engine.ErrNotFound(key, "User")
}

func superAdmin(c *engine.Call) engine.Obj { return c.Org.Get(engine.TableUsers, "", c.Org.AdminID) }

// userRender is a user as GET, POST and PUT show it: the stored body and
// the _links of its status.
func userRender(c *engine.Call, u engine.Obj) engine.Obj {
	out := engine.CloneObj(u)
	if c.Base != "" {
		out["_links"] = usersLinks(c, u)
	}
	return out
}

// userRenderInList is a user inside a list (/users, /groups/{id}/users):
// Okta gives it only a self link.
func userRenderInList(c *engine.Call, u engine.Obj) engine.Obj {
	out := engine.CloneObj(u)
	if c.Base != "" {
		out["_links"] = engine.Obj{"self": engine.Obj{"href": c.Base + "/api/v1/users/" + engine.Str(u, "id")}}
	}
	return out
}

// userLinkRels are the operation links each status offers, as the
// recordings show them (ACTIVE with a password and a recovery question:
// TestAccResourceOktaUser_updateCredentials#0; PROVISIONED:
// TestAccDataSourceOktaAppUserAssignments_read#1; STAGED:
// TestAccResourceOktaUser_updateAllAttributes#0; DEPROVISIONED:
// TestAccResourceOktaUser_statusDeprovisioned#6). The statuses no
// recording shows offer what their lifecycle endpoints accept.
var userLinkRels = map[string][]string{
	userStaged:          {"activate", "resetFactors"},
	userProvisioned:     {"suspend", "deactivate", "reactivate", "resetPassword", "resetFactors"},
	userActive:          {"suspend", "deactivate", "resetPassword", "expirePassword", "resetFactors"},
	userPasswordExpired: {"suspend", "deactivate", "resetPassword", "resetFactors"},
	userRecovery:        {"suspend", "deactivate", "resetPassword", "expirePassword", "resetFactors"},
	userLockedOut:       {"unlock", "deactivate", "resetPassword", "resetFactors"},
	userSuspended:       {"unsuspend", "deactivate", "resetFactors"},
	userDeprovisioned:   {"activate"},
}

// userLinkPaths are the lifecycle links' endpoints.
var userLinkPaths = map[string]string{
	"activate": "lifecycle/activate", "reactivate": "lifecycle/reactivate", "deactivate": "lifecycle/deactivate",
	"suspend": "lifecycle/suspend", "unsuspend": "lifecycle/unsuspend", "unlock": "lifecycle/unlock",
	"resetPassword": "lifecycle/reset_password", "expirePassword": "lifecycle/expire_password",
	"resetFactors": "lifecycle/reset_factors", "forgotPassword": "credentials/forgot_password",
	"changePassword": "credentials/change_password", "changeRecoveryQuestion": "credentials/change_recovery_question",
}

// usersLinks renders a user's _links: self, schema and type always; the
// lifecycle operations its status allows, each {href, method: POST}; the
// credential operations of an OKTA-mastered user who has a password
// (forgotPassword only with a recovery question); and `delete` once the
// user is DEPROVISIONED.
func usersLinks(c *engine.Call, u engine.Obj) engine.Obj {
	self := c.Base + "/api/v1/users/" + engine.Str(u, "id")
	typeID := engine.Str(u, "type.id")
	l := engine.Obj{
		"self":   engine.Obj{"href": self},
		"schema": engine.Obj{"href": c.Base + "/api/v1/meta/schemas/user/" + userSchemaIDForType(typeID)},
		"type":   engine.Obj{"href": c.Base + "/api/v1/meta/types/user/" + typeID},
	}
	post := func(rel string) { l[rel] = engine.Obj{"href": self + "/" + userLinkPaths[rel], "method": "POST"} }
	status := engine.Str(u, "status")
	for _, rel := range userLinkRels[status] {
		post(rel)
	}
	hasPassword := engine.At(u, "credentials.password") != nil
	if engine.Str(u, "credentials.provider.type") == "OKTA" && hasPassword &&
		(status == userActive || status == userPasswordExpired) {
		post("changePassword")
		post("changeRecoveryQuestion")
		if engine.At(u, "credentials.recovery_question") != nil {
			post("forgotPassword")
		}
	}
	if status == userDeprovisioned {
		l["delete"] = engine.Obj{"href": self, "method": "DELETE"}
	}
	return l
}

// listUsers is GET /api/v1/users: q, filter or search, then paging. With q
// the default page is 10 (SPEC listUsers).
func listUsers(c *engine.Call) engine.Reply {
	items := c.Org.List(engine.TableUsers, "")
	items, err := filterUsers(c, "", items)
	if err != nil {
		return engine.Fail(err)
	}
	page := usersRes.Page
	if c.Query().Get("q") != "" {
		page.Def = 10
	}
	items, hdr := engine.Page(c, page, items, func(o engine.Obj) string { return engine.Str(o, "id") })
	out := make([]any, len(items))
	for i, u := range items {
		out[i] = userRenderInList(c, u)
	}
	return engine.Reply{Status: http.StatusOK, Body: out, Header: hdr}
}
