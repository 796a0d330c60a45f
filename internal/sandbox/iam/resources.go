package iam

import (
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// A resource set's resources (SPEC ResourceSetResource(s),
// ResourceSetResourcePatchRequest; v6 adds POST one and GET/PUT one):
// GET …/resources (after, limit default 100) → {resources:[{id, orn,
// created, lastUpdated, _links}], _links{resource-set, next}}; PATCH
// {additions:[…]} adds a batch and answers 200 with the set; POST
// {resourceOrnOrUrl, conditions} adds one and answers with it; DELETE
// …/resources/{resourceId} removes one by its id (ire…), not by its ORN.
// Table iamResources, parent = set id; each resource is stored as its
// canonical ORN (orn.go), so adding a resource twice, in either form,
// keeps one.
const resourceType = "ResourceSetResource"

func resourceRoutes(rt *engine.Router, setItem string) {
	coll := setItem + "/resources"
	item := coll + "/{resourceId}"
	rt.Handle("GET", coll, engine.ScopeFor(scopeArea, "GET"), listResources)
	rt.Handle("PATCH", coll, engine.ScopeFor(scopeArea, "PATCH"), addResourcesBatch)
	rt.Handle("POST", coll, engine.ScopeFor(scopeArea, "POST"), addResourceOne)
	rt.Handle("GET", item, engine.ScopeFor(scopeArea, "GET"), getResource)
	rt.Handle("PUT", item, engine.ScopeFor(scopeArea, "PUT"), replaceResource)
	rt.Handle("DELETE", item, engine.ScopeFor(scopeArea, "DELETE"), deleteResource)
}

func renderResource(c *engine.Call, setID string, r engine.Obj) engine.Obj {
	out := render(r)
	if c.Base != "" {
		// self is the REST URL of what the resource names, resource the
		// resource-set entry itself (SPEC v6 ResourceSetResource__links).
		out["_links"] = engine.Obj{
			"self":     href(restHref(c, engine.Str(r, "orn"))),
			"resource": href(setHref(c, setID) + "/resources/" + engine.Str(r, "id")),
		}
	}
	return out
}

// addResources stores ORNs the set does not hold yet; the caller has
// checked them (canonicalResources).
func addResources(c *engine.Call, setID string, orns []string) []engine.Obj {
	have := map[string]bool{}
	for _, r := range c.Org.List(tblResources, setID) {
		have[engine.Str(r, "orn")] = true
	}
	now := c.Org.Timestamp()
	var added []engine.Obj
	for _, orn := range orns {
		if have[orn] {
			continue
		}
		have[orn] = true
		r := engine.Obj{"id": c.Org.NewID("ire"), "orn": orn, "created": now, "lastUpdated": now}
		c.Org.Put(tblResources, setID, engine.Str(r, "id"), r)
		added = append(added, r)
	}
	return added
}

func listResources(c *engine.Call) engine.Reply {
	s, err := lookupSet(c)
	if err != nil {
		return engine.Fail(err)
	}
	id := engine.Str(s, "id")
	page, links := bodyPage(c, c.Org.List(tblResources, id), func(o engine.Obj) string { return engine.Str(o, "id") },
		engine.Obj{"resource-set": href(setHref(c, id))})
	out := make([]any, len(page))
	for i, r := range page {
		out[i] = renderResource(c, id, r)
	}
	return engine.OK(engine.Obj{"resources": out, "_links": links})
}

// addResourcesBatch is PATCH {additions:[…]}: all or nothing.
func addResourcesBatch(c *engine.Call) engine.Reply {
	s, err := lookupSet(c)
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
	id := engine.Str(s, "id")
	orns, err := canonicalResources(c, in, len(c.Org.List(tblResources, id)))
	if err != nil {
		return engine.Fail(err)
	}
	if len(addResources(c, id, orns)) > 0 {
		s["lastUpdated"] = c.Org.Timestamp()
		c.Emit(evResourcesAdd, setTarget(s))
	}
	return engine.OK(renderSet(c, s))
}

// addResourceOne is POST {resourceOrnOrUrl, conditions} (SPEC v6
// ResourceSetResourcePostRequest).
func addResourceOne(c *engine.Call) engine.Reply {
	s, err := lookupSet(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, []engine.Field{
		{Path: "resourceOrnOrUrl", Type: engine.TString, Required: true},
		{Path: "conditions", Type: engine.TObject},
	}); err != nil {
		return engine.Fail(err)
	}
	id := engine.Str(s, "id")
	orns, err := canonicalResources(c, []string{engine.Str(body, "resourceOrnOrUrl")}, len(c.Org.List(tblResources, id)))
	if err != nil {
		return engine.Fail(err)
	}
	if c.Org.Find(tblResources, id, func(o engine.Obj) bool { return engine.Str(o, "orn") == orns[0] }) != nil {
		return engine.Fail(engine.ErrValidation("resourceOrnOrUrl", "resourceOrnOrUrl: The resource set already holds "+orns[0]))
	}
	r := addResources(c, id, orns)[0]
	if cond, ok := body["conditions"]; ok && cond != nil {
		r["conditions"] = engine.Clone(cond)
	}
	s["lastUpdated"] = c.Org.Timestamp()
	c.Emit(evResourcesAdd, setTarget(s))
	return engine.OK(renderResource(c, id, r))
}

func lookupResource(c *engine.Call) (string, engine.Obj, *engine.APIError) {
	s, err := lookupSet(c)
	if err != nil {
		return "", nil, err
	}
	id, rid := engine.Str(s, "id"), c.Param("resourceId")
	r := c.Org.Get(tblResources, id, rid)
	if r == nil {
		return id, nil, engine.ErrNotFound(rid, resourceType)
	}
	return id, r, nil
}

func getResource(c *engine.Call) engine.Reply {
	setID, r, err := lookupResource(c)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(renderResource(c, setID, r))
}

// replaceResource is PUT {conditions} (SPEC v6 ResourceSetResourcePutRequest).
func replaceResource(c *engine.Call) engine.Reply {
	setID, r, err := lookupResource(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, []engine.Field{{Path: "conditions", Type: engine.TObject}}); err != nil {
		return engine.Fail(err)
	}
	if cond := body["conditions"]; cond != nil {
		r["conditions"] = engine.Clone(cond)
	} else {
		delete(r, "conditions")
	}
	r["lastUpdated"] = c.Org.Timestamp()
	emitSet(c, evResourcesAdd, setID)
	return engine.OK(renderResource(c, setID, r))
}

func deleteResource(c *engine.Call) engine.Reply {
	setID, r, err := lookupResource(c)
	if err != nil {
		return engine.Fail(err)
	}
	c.Org.Remove(tblResources, setID, engine.Str(r, "id"))
	emitSet(c, evResourcesDelete, setID)
	return engine.NoContent()
}

// dropResourcesNaming removes, from every set, the resources that name an
// object being deleted (a group, an app, an authorization server):
// a resource can't outlive what it names.
func dropResourcesNaming(c *engine.Call, service, typ, id string) {
	mid := ":" + service + ":" + c.Org.OrgID + ":" + typ + ":"
	for _, setID := range c.Org.Parents(tblResources) {
		for _, r := range c.Org.List(tblResources, setID) {
			orn := engine.Str(r, "orn")
			i := strings.Index(orn, mid)
			if i < 0 {
				continue
			}
			parts := strings.Split(orn[i+len(mid):], ":")
			if parts[0] == id || len(parts) > 1 && parts[1] == id {
				c.Org.Remove(tblResources, setID, engine.Str(r, "id"))
			}
		}
	}
}
