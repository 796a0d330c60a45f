package iam

import "github.com/oktasync/oktasync/internal/sandbox/engine"

// System Log events of the IAM writes. The handlers here are written by
// hand, so each write calls Emit itself (the engine's generic paths do it
// for the other families); the event commits only if the call succeeds.
//
// Event types, from Okta's event catalog: iam.resourceset.create|delete,
// iam.resourceset.resources.add|delete and iam.resourceset.bindings.add|
// delete (an admin assignment of a custom role made or deleted: a binding
// or a member); group.privilege.grant|revoke and
// user.account.privilege.grant|revoke for a principal's admin roles. The
// catalog's custom role events (iam.role.*) and the resource set update,
// and the event of an OAuth client's role, are not in the facts we hold:
// their names follow the catalog's pattern (see docs/design-notes.md).
// Target types: UserGroup and User as Okta logs them; CustomRole,
// ResourceSet and PublicClientApp for the others.

const (
	evRoleCreate      = "iam.role.create"
	evRoleUpdate      = "iam.role.update"
	evRoleDelete      = "iam.role.delete"
	evPermissionAdd   = "iam.role.permissions.add"
	evPermissionSet   = "iam.role.permissions.update"
	evPermissionDel   = "iam.role.permissions.delete"
	evSetCreate       = "iam.resourceset.create"
	evSetUpdate       = "iam.resourceset.update"
	evSetDelete       = "iam.resourceset.delete"
	evResourcesAdd    = "iam.resourceset.resources.add"
	evResourcesDelete = "iam.resourceset.resources.delete"
	evBindingAdd      = "iam.resourceset.bindings.add"
	evBindingDelete   = "iam.resourceset.bindings.delete"
)

// roleTarget names a custom role in an event.
func roleTarget(r engine.Obj) engine.Target {
	return engine.Target{ID: engine.Str(r, "id"), Type: "CustomRole", DisplayName: engine.Str(r, "label")}
}

// setTarget names a resource set in an event.
func setTarget(s engine.Obj) engine.Target {
	return engine.Target{ID: engine.Str(s, "id"), Type: "ResourceSet", DisplayName: engine.Str(s, "label")}
}

// emitBinding records a change of a binding (or of its members): the
// custom role first (a binding's id is its role's), then its set.
func emitBinding(c *engine.Call, eventType, setID, roleID string) {
	targets := []engine.Target{{ID: roleID, Type: "CustomRole"}}
	if r := c.Org.Get(tblRoles, "", roleID); r != nil {
		targets[0] = roleTarget(r)
	}
	if s := c.Org.Get(tblSets, "", setID); s != nil {
		targets = append(targets, setTarget(s))
	} else {
		targets = append(targets, engine.Target{ID: setID, Type: "ResourceSet"})
	}
	c.Emit(eventType, targets...)
}

// emitPrivilege records a change of a principal's admin roles (an
// assignment made or deleted, a target added or removed): grant when it
// gains access, revoke when it loses some.
func emitPrivilege(c *engine.Call, p principal, grant bool) {
	verb := map[bool]string{true: "grant", false: "revoke"}[grant]
	switch p.kind {
	case "users":
		t := engine.Target{ID: p.id, Type: "User"}
		if u := c.Org.Get(engine.TableUsers, "", p.id); u != nil {
			t.DisplayName = engine.Str(u, "profile.firstName") + " " + engine.Str(u, "profile.lastName")
			t.AlternateID = engine.Str(u, "profile.login")
		}
		c.Emit("user.account.privilege."+verb, t)
	case "groups":
		t := engine.Target{ID: p.id, Type: "UserGroup"}
		if g := c.Org.Get(engine.TableGroups, "", p.id); g != nil {
			t.DisplayName = engine.Str(g, "profile.name")
		}
		c.Emit("group.privilege."+verb, t)
	default:
		t := engine.Target{ID: p.id, Type: "PublicClientApp"}
		if app := clientApp(c, p.id); app != nil {
			t.DisplayName = engine.Str(app, "label")
		}
		c.Emit("app.oauth2.client.privilege."+verb, t)
	}
}

// emitRole records a change of the custom role roleID (its permissions).
func emitRole(c *engine.Call, eventType, roleID string) {
	if r := c.Org.Get(tblRoles, "", roleID); r != nil {
		c.Emit(eventType, roleTarget(r))
	}
}

// emitSet records a change of the resource set setID (its resources).
func emitSet(c *engine.Call, eventType, setID string) {
	if s := c.Org.Get(tblSets, "", setID); s != nil {
		c.Emit(eventType, setTarget(s))
	}
}
