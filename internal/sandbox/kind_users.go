package sandbox

import (
	"strings"
)

// Users are data, not config, and oktasync does not manage them; but every
// org has a super administrator who owns the API token, and clients look
// that user up (GET /api/v1/users/me) to check their configuration. The
// sandbox answers the read endpoints clients touch: me, get by id or
// login, and list.
var usersRes = &resource{
	name: "users", typeName: "User", prefix: "00u", area: "users",
	coll: "/api/v1/users", idParam: "userId",
	page:     pageSpec{def: 200, max: 200, cursor: true},
	noCreate: true, noUpdate: true, noDelete: true,
}

func init() {
	usersRes.links = func(c *call, _ string, o Obj, l Obj) {
		l["self"] = Obj{"href": c.base + "/api/v1/users/" + str(o, "id")}
	}
	usersRes.filter = func(c *call, _ string, items []Obj) ([]Obj, *apiError) {
		q := c.query()
		out := items[:0:0]
		for _, u := range items {
			if p := strings.ToLower(q.Get("q")); p != "" &&
				!hasPrefixIn(u, p, []string{"profile.login", "profile.firstName", "profile.email"}) {
				continue
			}
			out = append(out, u)
		}
		return out, nil
	}
	register(module{
		name: "users", phase: 15,
		routes: func(rt *router) {
			rt.handle("GET", "/api/v1/users", scopeFor("users", "GET"), usersRes.handleList)
			rt.handle("GET", "/api/v1/users/me", scopeFor("users", "GET"), func(c *call) reply {
				return ok(usersRes.render(c, "", superAdmin(c)))
			})
			rt.handle("GET", "/api/v1/users/{userId}", scopeFor("users", "GET"), getUser)
		},
		seed: seedUsers,
	})
}

// getUser accepts an id or a login, as Okta does.
func getUser(c *call) reply {
	key := c.param("userId")
	u := c.o.get("users", "", key)
	if u == nil {
		u = c.o.find("users", "", func(o Obj) bool { return strings.EqualFold(str(o, "profile.login"), key) })
	}
	if u == nil {
		return fail(errNotFound(key, "User"))
	}
	return ok(usersRes.render(c, "", u))
}

func superAdmin(c *call) Obj { return c.o.get("users", "", c.o.AdminID) }

func seedUsers(c *call) error {
	now := c.o.timestamp()
	id := c.o.newID("00u")
	typeID := ""
	if t := c.o.find("userTypes", "", func(o Obj) bool { return boolAt(o, "default") }); t != nil {
		typeID = str(t, "id")
	}
	admin := Obj{
		"id": id, "status": "ACTIVE", "created": now, "activated": now, "statusChanged": now,
		"lastLogin": nil, "lastUpdated": now, "passwordChanged": now,
		"type":    Obj{"id": typeID},
		"profile": Obj{"firstName": "Sandbox", "lastName": "Administrator", "email": "admin@sandbox.example.com", "login": "admin@sandbox.example.com", "mobilePhone": nil, "secondEmail": nil},
		"credentials": Obj{
			"password": Obj{},
			"provider": Obj{"type": "OKTA", "name": "OKTA"},
		},
	}
	c.o.put("users", "", id, admin)
	c.o.AdminID = id
	return nil
}
