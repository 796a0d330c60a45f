package iam

import (
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Bindings of a custom role to a resource set, and their members (SPEC
// ResourceSetBinding*, no recording): POST …/bindings {role, members[]}
// where role is the custom role's id or label and members are principals'
// REST URLs (or ORNs); GET|DELETE …/bindings/{roleIdOrLabel}; members GET
// (paged in the body), PATCH {additions:[…]}, GET|DELETE
// …/members/{memberId}. A binding has no update. Tables: iamBindings
// (parent = set id, keyed by role id) and iamMembers (parent =
// "<set id>:<role id>", id irb…, the principal in _principal).
const (
	bindingType = "ResourceSetBinding"
	memberType  = "ResourceSetBindingMember"
)

func bindingRoutes(rt *engine.Router, setItem string) {
	coll := setItem + "/bindings"
	item := coll + "/{roleIdOrLabel}"
	members := item + "/members"
	rt.Handle("GET", coll, engine.ScopeFor(scopeArea, "GET"), listBindings)
	rt.Handle("POST", coll, engine.ScopeFor(scopeArea, "POST"), createBinding)
	rt.Handle("GET", item, engine.ScopeFor(scopeArea, "GET"), getBinding)
	rt.Handle("DELETE", item, engine.ScopeFor(scopeArea, "DELETE"), deleteBinding)
	rt.Handle("GET", members, engine.ScopeFor(scopeArea, "GET"), listMembers)
	rt.Handle("PATCH", members, engine.ScopeFor(scopeArea, "PATCH"), addMembers)
	rt.Handle("GET", members+"/{memberId}", engine.ScopeFor(scopeArea, "GET"), getMember)
	rt.Handle("DELETE", members+"/{memberId}", engine.ScopeFor(scopeArea, "DELETE"), deleteMember)
}

func membersParent(setID, roleID string) string { return setID + ":" + roleID }

func bindingHref(c *engine.Call, setID, roleID string) string {
	return setHref(c, setID) + "/bindings/" + roleID
}

// renderBinding is the answer of create, get and PATCH members (SPEC
// ResourceSetBindingResponseWithIdExample).
func renderBinding(c *engine.Call, setID, roleID string) engine.Obj {
	out := engine.Obj{"id": roleID}
	if c.Base != "" {
		out["_links"] = engine.Obj{
			"self":         href(bindingHref(c, setID, roleID)),
			"bindings":     href(setHref(c, setID) + "/bindings"),
			"resource-set": href(setHref(c, setID)),
		}
	}
	return out
}

func renderMember(c *engine.Call, m engine.Obj) engine.Obj {
	out := render(m)
	if c.Base != "" {
		out["_links"] = engine.Obj{"self": href(parsePrincipalKey(engine.Str(m, "_principal")).href(c.Base))}
	}
	return out
}

// lookupBinding resolves the set and the binding of the path's role.
func lookupBinding(c *engine.Call) (setID, roleID string, err *engine.APIError) {
	s, err := lookupSet(c)
	if err != nil {
		return "", "", err
	}
	key := c.Param("roleIdOrLabel")
	r := byIDOrLabel(c, tblRoles, key)
	if r == nil {
		return "", "", engine.ErrNotFound(key, roleType)
	}
	setID, roleID = engine.Str(s, "id"), engine.Str(r, "id")
	if c.Org.Get(tblBindings, setID, roleID) == nil {
		return "", "", engine.ErrNotFound(key, bindingType)
	}
	return setID, roleID, nil
}

func listBindings(c *engine.Call) engine.Reply {
	s, err := lookupSet(c)
	if err != nil {
		return engine.Fail(err)
	}
	setID := engine.Str(s, "id")
	page, links := bodyPage(c, c.Org.List(tblBindings, setID), func(o engine.Obj) string { return engine.Str(o, "id") },
		engine.Obj{"self": href(setHref(c, setID) + "/bindings"), "resource-set": href(setHref(c, setID))})
	out := make([]any, len(page))
	for i, b := range page {
		roleID := engine.Str(b, "id")
		item := engine.Obj{"id": roleID}
		if c.Base != "" {
			item["_links"] = engine.Obj{"self": href(roleHref(c, roleID)), "members": href(bindingHref(c, setID, roleID) + "/members")}
		}
		out[i] = item
	}
	return engine.OK(engine.Obj{"roles": out, "_links": links})
}

func createBinding(c *engine.Call) engine.Reply {
	s, err := lookupSet(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, []engine.Field{
		{Path: "role", Type: engine.TString, Required: true},
		{Path: "members", Type: engine.TArray},
	}); err != nil {
		return engine.Fail(err)
	}
	in, err := stringsOf(body["members"])
	if err != nil {
		return engine.Fail(err)
	}
	r := byIDOrLabel(c, tblRoles, engine.Str(body, "role"))
	if r == nil {
		return engine.Fail(engine.ErrValidation("role", "role: '"+engine.Str(body, "role")+"' is not a custom role of this org"))
	}
	setID, roleID := engine.Str(s, "id"), engine.Str(r, "id")
	if c.Org.Get(tblBindings, setID, roleID) != nil {
		return engine.Fail(engine.ErrValidation("role", "role: The resource set already has a binding for "+engine.Str(r, "label")))
	}
	ps, err := parseMembers(c, in)
	if err != nil {
		return engine.Fail(err)
	}
	bind(c, setID, roleID, ps)
	emitBinding(c, evBindingAdd, setID, roleID)
	return engine.OK(renderBinding(c, setID, roleID))
}

func parseMembers(c *engine.Call, in []string) ([]principal, *engine.APIError) {
	out := make([]principal, 0, len(in))
	for _, s := range in {
		p, err := parseMember(c, s)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// bind makes the binding if it does not exist and adds the principals it
// does not hold yet; it returns the member of each principal, in order.
func bind(c *engine.Call, setID, roleID string, ps []principal) []engine.Obj {
	now := c.Org.Timestamp()
	if c.Org.Get(tblBindings, setID, roleID) == nil {
		c.Org.Put(tblBindings, setID, roleID, engine.Obj{"id": roleID, "created": now, "lastUpdated": now})
	}
	parent := membersParent(setID, roleID)
	out := make([]engine.Obj, 0, len(ps))
	for _, p := range ps {
		m := c.Org.Find(tblMembers, parent, func(o engine.Obj) bool { return engine.Str(o, "_principal") == p.key() })
		if m == nil {
			m = engine.Obj{"id": c.Org.NewID("irb"), "created": now, "lastUpdated": now, "_principal": p.key()}
			c.Org.Put(tblMembers, parent, engine.Str(m, "id"), m)
		}
		out = append(out, m)
	}
	return out
}

func getBinding(c *engine.Call) engine.Reply {
	setID, roleID, err := lookupBinding(c)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(renderBinding(c, setID, roleID))
}

func deleteBinding(c *engine.Call) engine.Reply {
	setID, roleID, err := lookupBinding(c)
	if err != nil {
		return engine.Fail(err)
	}
	c.Org.Remove(tblBindings, setID, roleID)
	c.Org.DropTable(tblMembers, membersParent(setID, roleID))
	emitBinding(c, evBindingDelete, setID, roleID)
	return engine.NoContent()
}

func listMembers(c *engine.Call) engine.Reply {
	setID, roleID, err := lookupBinding(c)
	if err != nil {
		return engine.Fail(err)
	}
	self := bindingHref(c, setID, roleID)
	page, links := bodyPage(c, c.Org.List(tblMembers, membersParent(setID, roleID)), func(o engine.Obj) string { return engine.Str(o, "id") },
		engine.Obj{"self": href(self + "/members"), "binding": href(self)})
	out := make([]any, len(page))
	for i, m := range page {
		out[i] = renderMember(c, m)
	}
	return engine.OK(engine.Obj{"members": out, "_links": links})
}

// addMembers is PATCH {additions:[…]}: all or nothing; a principal the
// binding already holds is not added twice.
func addMembers(c *engine.Call) engine.Reply {
	setID, roleID, err := lookupBinding(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, []engine.Field{{Path: "additions", Type: engine.TArray, Required: true}}); err != nil {
		return engine.Fail(err)
	}
	in, err := stringsOf(body["additions"])
	if err != nil {
		return engine.Fail(err)
	}
	ps, err := parseMembers(c, in)
	if err != nil {
		return engine.Fail(err)
	}
	bind(c, setID, roleID, ps)
	emitBinding(c, evBindingAdd, setID, roleID)
	return engine.OK(renderBinding(c, setID, roleID))
}

func lookupMember(c *engine.Call) (string, engine.Obj, *engine.APIError) {
	setID, roleID, err := lookupBinding(c)
	if err != nil {
		return "", nil, err
	}
	parent, id := membersParent(setID, roleID), c.Param("memberId")
	m := c.Org.Get(tblMembers, parent, id)
	if m == nil {
		return "", nil, engine.ErrNotFound(id, memberType)
	}
	return parent, m, nil
}

func getMember(c *engine.Call) engine.Reply {
	_, m, err := lookupMember(c)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(renderMember(c, m))
}

func deleteMember(c *engine.Call) engine.Reply {
	parent, m, err := lookupMember(c)
	if err != nil {
		return engine.Fail(err)
	}
	c.Org.Remove(tblMembers, parent, engine.Str(m, "id"))
	setID, roleID, _ := strings.Cut(parent, ":")
	emitBinding(c, evBindingDelete, setID, roleID)
	return engine.NoContent()
}

// customMembership is a principal's membership in a binding: a CUSTOM
// role assignment as the principal's role list shows it.
type customMembership struct {
	setID, roleID string
	member        engine.Obj
}

// membershipsOf lists the principal's binding memberships, in set, then
// role, then member order.
func membershipsOf(c *engine.Call, p principal) []customMembership {
	var out []customMembership
	for _, set := range c.Org.List(tblSets, "") {
		setID := engine.Str(set, "id")
		for _, b := range c.Org.List(tblBindings, setID) {
			roleID := engine.Str(b, "id")
			for _, m := range c.Org.List(tblMembers, membersParent(setID, roleID)) {
				if engine.Str(m, "_principal") == p.key() {
					out = append(out, customMembership{setID, roleID, m})
				}
			}
		}
	}
	return out
}

// dropMemberships removes a deleted principal from every binding.
func dropMemberships(c *engine.Call, p principal) {
	for _, cm := range membershipsOf(c, p) {
		c.Org.Remove(tblMembers, membersParent(cm.setID, cm.roleID), engine.Str(cm.member, "id"))
	}
}
