package directory

import (
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Users are data, not config, and oktasync does not manage them; but every
// org has a super administrator who owns the API token, and clients look
// that user up (GET /api/v1/users/me) to check their configuration. The
// sandbox answers the read endpoints clients touch: me, get by id or
// login, and list.
var usersRes = &engine.Resource{
	Name: engine.TableUsers, TypeName: "User", Prefix: "00u", Area: "users",
	Coll: "/api/v1/users", IDParam: "userId",
	Page:     engine.PageSpec{Def: 200, Max: 200, Cursor: true},
	NoCreate: true, NoUpdate: true, NoDelete: true,
}

func init() {
	usersRes.Links = func(c *engine.Call, _ string, o engine.Obj, l engine.Obj) {
		l["self"] = engine.Obj{"href": c.Base + "/api/v1/users/" + engine.Str(o, "id")}
	}
	usersRes.Filter = func(c *engine.Call, _ string, items []engine.Obj) ([]engine.Obj, *engine.APIError) {
		q := c.Query()
		out := items[:0:0]
		for _, u := range items {
			if p := strings.ToLower(q.Get("q")); p != "" &&
				!engine.HasPrefixIn(u, p, []string{"profile.login", "profile.firstName", "profile.email"}) {
				continue
			}
			out = append(out, u)
		}
		return out, nil
	}
	engine.Register(engine.Module{
		Name: "users", Phase: 15,
		Routes: func(rt *engine.Router) {
			rt.Handle("GET", "/api/v1/users", engine.ScopeFor("users", "GET"), usersRes.HandleList)
			rt.Handle("GET", "/api/v1/users/me", engine.ScopeFor("users", "GET"), func(c *engine.Call) engine.Reply {
				return engine.OK(usersRes.Render(c, "", superAdmin(c)))
			})
			rt.Handle("GET", "/api/v1/users/{userId}", engine.ScopeFor("users", "GET"), getUser)
		},
		Seed: seedUsers,
	})
}

// getUser accepts an id or a login, as Okta does.
func getUser(c *engine.Call) engine.Reply {
	key := c.Param("userId")
	u := c.Org.Get(engine.TableUsers, "", key)
	if u == nil {
		u = c.Org.Find(engine.TableUsers, "", func(o engine.Obj) bool { return strings.EqualFold(engine.Str(o, "profile.login"), key) })
	}
	if u == nil {
		return engine.Fail(engine.ErrNotFound(key, "User"))
	}
	return engine.OK(usersRes.Render(c, "", u))
}

func superAdmin(c *engine.Call) engine.Obj { return c.Org.Get(engine.TableUsers, "", c.Org.AdminID) }
