package iam

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// The role assignment endpoints of users, groups and clients, the list of
// users who hold a role, and what happens to assignments when a user, a
// group or an app goes.
func init() {
	engine.Register(engine.Module{
		Name: "role-assignments", Phase: 75,
		Routes: func(rt *engine.Router) {
			principalRoutes(rt, "users", "/api/v1/users/{userId}", "userId")
			principalRoutes(rt, "groups", "/api/v1/groups/{groupId}", "groupId")
			principalRoutes(rt, "clients", "/oauth2/v1/clients/{clientId}", "clientId")
			rt.Handle("GET", "/api/v1/iam/assignees/users", engine.ScopeFor(scopeArea, "GET"), listAdmins)
		},
		Seed:     seedSuperAdmin,
		Sample:   sampleAssignments,
		Generate: generateAssignments,
		OnDelete: map[string]engine.DeleteHook{
			engine.TableUsers: func(c *engine.Call, _ string, u engine.Obj) {
				forget(c, principal{"users", engine.Str(u, "id")})
			},
			engine.TableGroups: func(c *engine.Call, _ string, g engine.Obj) {
				dropTargetsNaming(c, "_groups", engine.Str(g, "id"))
				forget(c, principal{"groups", engine.Str(g, "id")})
			},
			engine.TableApps: func(c *engine.Call, _ string, a engine.Obj) {
				dropTargetsNaming(c, "_apps", engine.Str(a, "id"))
				if cid := engine.Str(a, "credentials.oauthClient.client_id"); cid != "" {
					forget(c, principal{"clients", cid})
				}
			},
		},
	})
}

// forget drops a deleted principal's assignments and memberships.
func forget(c *engine.Call, p principal) {
	c.Org.DropTable(tblAssignments, p.key())
	dropMemberships(c, p)
}

// seedSuperAdmin gives the super administrator who owns the API token the
// SUPER_ADMIN role, as every org's first admin has it.
func seedSuperAdmin(c *engine.Call) error {
	if c.Org.AdminID == "" {
		return nil
	}
	if _, err := assignStandard(c, principal{"users", c.Org.AdminID}, "SUPER_ADMIN"); err != nil {
		return err
	}
	return nil
}

// listAdmins is GET /api/v1/iam/assignees/users: the users who hold a role
// directly (a standard assignment or a binding membership), in the users'
// order, as {value:[{id, orn, _links{self, roles}}], _links{next}} (VCR
// TestAccDataSourceOktaIamAssigneesUser_read; SPEC RoleAssignedUsers).
func listAdmins(c *engine.Call) engine.Reply {
	holders := map[string]bool{}
	for _, key := range c.Org.Parents(tblAssignments) {
		if p := parsePrincipalKey(key); p.kind == "users" && len(c.Org.List(tblAssignments, key)) > 0 {
			holders[p.id] = true
		}
	}
	for _, parent := range c.Org.Parents(tblMembers) {
		for _, m := range c.Org.List(tblMembers, parent) {
			if p := parsePrincipalKey(engine.Str(m, "_principal")); p.kind == "users" {
				holders[p.id] = true
			}
		}
	}
	var admins []engine.Obj
	for _, u := range c.Org.List(engine.TableUsers, "") {
		if holders[engine.Str(u, "id")] {
			admins = append(admins, u)
		}
	}
	page, links := bodyPage(c, admins, func(o engine.Obj) string { return engine.Str(o, "id") }, nil)
	out := make([]any, len(page))
	for i, u := range page {
		id := engine.Str(u, "id")
		item := engine.Obj{"id": id, "orn": ornPrefix(c, "directory") + "users:" + id}
		if c.Base != "" {
			self := c.Base + "/api/v1/users/" + id
			item["_links"] = engine.Obj{"roles": href(self + "/roles"), "self": href(self)}
		}
		out[i] = item
	}
	// The next link points at the org host, not the admin host (SPEC
	// RoleAssignedUsersResponseExample).
	if n, ok := links["next"].(engine.Obj); ok && c.Request() != nil {
		n["href"] = c.Base + engine.Str(n, "href")[len(adminBase(c.Base)):]
	}
	return engine.OK(engine.Obj{"value": out, "_links": links})
}
