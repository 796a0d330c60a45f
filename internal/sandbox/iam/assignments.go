package iam

import (
	"encoding/base32"
	"net/http"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Admin role assignments of users, groups and OAuth clients (SPEC Role,
// AssignRoleRequest; VCR TestAccResourceOktaGroupRole_admin_crud,
// TestAccResourceOktaUserAdminRoles_crud,
// TestAccResourceOktaAppOAuthRoleAssignment_basic): GET|POST
// …/roles (POST answers 201), GET|DELETE …/roles/{roleAssignmentId}; no
// update. Standard assignments live in iamAssignments under the
// principal's key with their targets (targets.go); CUSTOM ones are binding
// members (bindings.go).
const assignmentType = "RoleAssignment"

// standardRole is what Okta knows of a standard role type: its label
// (VCR for the recorded ones: "Read-only Administrator", "Group
// Administrator" for USER_ADMIN) and which targets it takes.
type standardRole struct {
	label   string
	targets targetKind
}

type targetKind int

const (
	noTargets targetKind = iota
	groupTargets
	appTargets
)

var standardRoles = map[string]standardRole{
	"SUPER_ADMIN":                 {"Super Administrator", noTargets},
	"ORG_ADMIN":                   {"Organization Administrator", noTargets},
	"APP_ADMIN":                   {"Application Administrator", appTargets},
	"USER_ADMIN":                  {"Group Administrator", groupTargets},
	"HELP_DESK_ADMIN":             {"Help Desk Administrator", groupTargets},
	"GROUP_MEMBERSHIP_ADMIN":      {"Group Membership Administrator", groupTargets},
	"READ_ONLY_ADMIN":             {"Read-only Administrator", noTargets},
	"API_ACCESS_MANAGEMENT_ADMIN": {"API Access Management Administrator", noTargets},
	"REPORT_ADMIN":                {"Report Administrator", noTargets},
	"MOBILE_ADMIN":                {"Mobile Administrator", noTargets},
	"WORKFLOWS_ADMIN":             {"Workflows Administrator", noTargets},
	"ACCESS_CERTIFICATIONS_ADMIN": {"Access Certifications Administrator", noTargets},
	"ACCESS_REQUESTS_ADMIN":       {"Access Requests Administrator", noTargets},
}

// assignmentID is Okta's id for a new standard assignment: the roles that
// take targets have the unpadded base32 of their type, the same for every
// principal (IFIFAX2BIRGUSTQ = APP_ADMIN, VCR); the others an ordinary id,
// gra… on groups and ra1… on users (VCR). Clients' ordinary ids are not
// recorded; ra1… is a guess.
func assignmentID(c *engine.Call, p principal, typ string) string {
	if standardRoles[typ].targets != noTargets {
		return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte(typ))
	}
	if p.kind == "groups" {
		return c.Org.NewID("gra")
	}
	return c.Org.NewID("ra1")
}

// principalRoutes registers the role endpoints of one kind of principal
// under base (e.g. /api/v1/users/{userId}).
func principalRoutes(rt *engine.Router, kind, base, param string) {
	h := func(f func(*engine.Call, principal) engine.Reply) engine.HandlerFunc {
		return func(c *engine.Call) engine.Reply {
			p, err := resolvePrincipal(c, kind, c.Param(param))
			if err != nil {
				return engine.Fail(err)
			}
			return f(c, p)
		}
	}
	coll := base + "/roles"
	item := coll + "/{roleAssignmentId}"
	rt.Handle("GET", coll, engine.ScopeFor(scopeArea, "GET"), h(listAssignments))
	rt.Handle("POST", coll, engine.ScopeFor(scopeArea, "POST"), h(createAssignment))
	rt.Handle("GET", item, engine.ScopeFor(scopeArea, "GET"), h(getAssignment))
	rt.Handle("DELETE", item, engine.ScopeFor(scopeArea, "DELETE"), h(deleteAssignment))
	targetRoutes(rt, item, h, kind == "users")
}

// resolvePrincipal finds the path's principal: a user by id or login, a
// group by id, a client by client_id.
func resolvePrincipal(c *engine.Call, kind, key string) (principal, *engine.APIError) {
	switch kind {
	case "users":
		u := c.Org.Get(engine.TableUsers, "", key)
		if u == nil {
			u = c.Org.Find(engine.TableUsers, "", func(o engine.Obj) bool { return engine.Str(o, "profile.login") == key })
		}
		if u == nil {
			return principal{}, engine.ErrNotFound(key, "User")
		}
		return principal{kind, engine.Str(u, "id")}, nil
	case "groups":
		if c.Org.Get(engine.TableGroups, "", key) == nil {
			return principal{}, engine.ErrNotFound(key, "UserGroup")
		}
	default:
		if clientApp(c, key) == nil {
			return principal{}, engine.ErrNotFound(key, "OAuth2Client")
		}
	}
	return principal{kind, key}, nil
}

func renderAssignment(c *engine.Call, p principal, a engine.Obj) engine.Obj {
	out := render(a)
	if c.Base != "" {
		out["_links"] = engine.Obj{"assignee": href(p.href(c.Base))}
	}
	return out
}

// renderMembership shows a binding membership as a CUSTOM role assignment
// (SPEC CustomRoleAssignmentResponse).
func renderMembership(c *engine.Call, p principal, cm customMembership) engine.Obj {
	role := c.Org.Get(tblRoles, "", cm.roleID)
	out := engine.Obj{
		"id": engine.Str(cm.member, "id"), "label": engine.Str(role, "label"), "type": "CUSTOM", "status": "ACTIVE",
		"created": cm.member["created"], "lastUpdated": cm.member["lastUpdated"],
		"assignmentType": p.assignmentType(), "resource-set": cm.setID, "role": cm.roleID,
	}
	if c.Base != "" {
		roleURL := roleHref(c, cm.roleID)
		out["_links"] = engine.Obj{
			"role": href(roleURL), "resource-set": href(setHref(c, cm.setID)), "permissions": href(roleURL + "/permissions"),
			"member":   href(bindingHref(c, cm.setID, cm.roleID) + "/members/" + engine.Str(cm.member, "id")),
			"assignee": href(p.href(c.Base)),
		}
	}
	return out
}

func listAssignments(c *engine.Call, p principal) engine.Reply {
	out := []any{}
	for _, a := range c.Org.List(tblAssignments, p.key()) {
		out = append(out, renderAssignment(c, p, a))
	}
	for _, cm := range membershipsOf(c, p) {
		out = append(out, renderMembership(c, p, cm))
	}
	return engine.OK(out)
}

func createAssignment(c *engine.Call, p principal) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, []engine.Field{
		{Path: "type", Type: engine.TString, Required: true},
		{Path: "role", Type: engine.TString},
		{Path: "resource-set", Type: engine.TString},
	}); err != nil {
		return engine.Fail(err)
	}
	typ := engine.Str(body, "type")
	if typ == "CUSTOM" {
		return assignCustom(c, p, engine.Str(body, "role"), engine.Str(body, "resource-set"))
	}
	a, err := assignStandard(c, p, typ)
	if err != nil {
		return engine.Fail(err)
	}
	emitPrivilege(c, p, true)
	return engine.Reply{Status: http.StatusCreated, Body: renderAssignment(c, p, a)}
}

// assignStandard gives the principal a standard role: the path of the API,
// the seed and --sample.
func assignStandard(c *engine.Call, p principal, typ string) (engine.Obj, *engine.APIError) {
	sr, ok := standardRoles[typ]
	if !ok {
		return nil, engine.ErrValidation("type", "type: '"+typ+"' is not a role type")
	}
	if c.Org.Find(tblAssignments, p.key(), func(o engine.Obj) bool { return engine.Str(o, "type") == typ }) != nil {
		return nil, errDuplicateAssignment()
	}
	now := c.Org.Timestamp()
	a := engine.Obj{
		"id": assignmentID(c, p, typ), "label": sr.label, "type": typ, "status": "ACTIVE",
		"created": now, "lastUpdated": now, "assignmentType": p.assignmentType(),
	}
	c.Org.Put(tblAssignments, p.key(), engine.Str(a, "id"), a)
	return a, nil
}

// errDuplicateAssignment is Okta's answer to a role the principal already
// holds (error code E0000090, "Duplicate role assignment").
func errDuplicateAssignment() *engine.APIError {
	return engine.NewError(http.StatusConflict, "E0000090", "Duplicate role assignment exception.")
}

func assignCustom(c *engine.Call, p principal, roleKey, setKey string) engine.Reply {
	if roleKey == "" || setKey == "" {
		return engine.Fail(engine.ErrValidation("role", "role, resource-set: A CUSTOM role assignment names a custom role and a resource set"))
	}
	r := byIDOrLabel(c, tblRoles, roleKey)
	if r == nil {
		return engine.Fail(engine.ErrValidation("role", "role: '"+roleKey+"' is not a custom role of this org"))
	}
	s := byIDOrLabel(c, tblSets, setKey)
	if s == nil {
		return engine.Fail(engine.ErrValidation("resource-set", "resource-set: '"+setKey+"' is not a resource set of this org"))
	}
	setID, roleID := engine.Str(s, "id"), engine.Str(r, "id")
	for _, cm := range membershipsOf(c, p) {
		if cm.setID == setID && cm.roleID == roleID {
			return engine.Fail(errDuplicateAssignment())
		}
	}
	m := bind(c, setID, roleID, []principal{p})[0]
	emitBinding(c, evBindingAdd, setID, roleID)
	emitPrivilege(c, p, true)
	return engine.Reply{Status: http.StatusCreated, Body: renderMembership(c, p, customMembership{setID, roleID, m})}
}

// lookupAssignment finds the path's assignment: a standard one, or a
// binding membership by its member id.
func lookupAssignment(c *engine.Call, p principal) (engine.Obj, *customMembership, *engine.APIError) {
	id := c.Param("roleAssignmentId")
	if a := c.Org.Get(tblAssignments, p.key(), id); a != nil {
		return a, nil, nil
	}
	for _, cm := range membershipsOf(c, p) {
		if engine.Str(cm.member, "id") == id {
			return nil, &cm, nil
		}
	}
	return nil, nil, engine.ErrNotFound(id, assignmentType)
}

func getAssignment(c *engine.Call, p principal) engine.Reply {
	a, cm, err := lookupAssignment(c, p)
	if err != nil {
		return engine.Fail(err)
	}
	if cm != nil {
		return engine.OK(renderMembership(c, p, *cm))
	}
	return engine.OK(renderAssignment(c, p, a))
}

func deleteAssignment(c *engine.Call, p principal) engine.Reply {
	a, cm, err := lookupAssignment(c, p)
	if err != nil {
		return engine.Fail(err)
	}
	if cm != nil {
		c.Org.Remove(tblMembers, membersParent(cm.setID, cm.roleID), engine.Str(cm.member, "id"))
		emitBinding(c, evBindingDelete, cm.setID, cm.roleID)
		emitPrivilege(c, p, false)
		return engine.NoContent()
	}
	if engine.Str(a, "type") == "SUPER_ADMIN" && superAdmins(c) == 1 {
		return engine.Fail(engine.NewError(http.StatusForbidden, "E0000006",
			"You do not have permission to perform the requested action",
			"The org must keep at least one super administrator"))
	}
	c.Org.Remove(tblAssignments, p.key(), engine.Str(a, "id"))
	emitPrivilege(c, p, false)
	return engine.NoContent()
}

// superAdmins counts the org's SUPER_ADMIN assignments, to users and to
// groups.
func superAdmins(c *engine.Call) int {
	n := 0
	for _, key := range c.Org.Parents(tblAssignments) {
		for _, a := range c.Org.List(tblAssignments, key) {
			if engine.Str(a, "type") == "SUPER_ADMIN" {
				n++
			}
		}
	}
	return n
}
