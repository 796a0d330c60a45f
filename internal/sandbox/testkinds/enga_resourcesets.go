package testkinds

import (
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Test resource sets stand for resource sets (GET|POST
// /api/v1/iam/resource-sets → {"resource-sets":[…]}, GET|PUT|DELETE
// …/{resourceSetIdOrLabel}) and their resources (GET …/resources, paged by
// the body's _links.next, 100 a page by default; PATCH {additions:[…]}, at
// most 1000; DELETE …/resources/{resourceId}). A resource is an ORN or a
// REST URL of a group, an app or a collection of them in this org; Okta
// keeps it as an ORN, which is what the list returns.
const (
	tableResourceSets = "testResourceSets"
	tableResources    = "testResourceSetResources" // parent = resource set id
	maxResources      = 1000
)

func init() {
	engine.Register(engine.Module{
		Name: "test-resource-sets", Phase: 90,
		Routes: func(rt *engine.Router) {
			coll := base + "/resource-sets"
			item := coll + "/{resourceSetIdOrLabel}"
			rt.Handle("GET", coll, scope("GET"), func(c *engine.Call) engine.Reply {
				return wrapped(c, "resource-sets", 20, 100, c.Org.List(tableResourceSets, ""), func(o engine.Obj) engine.Obj { return renderSet(c, o) })
			})
			rt.Handle("POST", coll, scope("POST"), createSet)
			rt.Handle("GET", item, scope("GET"), func(c *engine.Call) engine.Reply {
				s, err := resourceSet(c)
				if err != nil {
					return engine.Fail(err)
				}
				return engine.OK(renderSet(c, s))
			})
			rt.Handle("PUT", item, scope("PUT"), replaceSet)
			rt.Handle("DELETE", item, scope("DELETE"), func(c *engine.Call) engine.Reply {
				s, err := resourceSet(c)
				if err != nil {
					return engine.Fail(err)
				}
				c.Org.Remove(tableResourceSets, "", engine.Str(s, "id"))
				c.Org.DropTable(tableResources, engine.Str(s, "id"))
				return engine.NoContent()
			})
			rt.Handle("GET", item+"/resources", scope("GET"), func(c *engine.Call) engine.Reply {
				s, err := resourceSet(c)
				if err != nil {
					return engine.Fail(err)
				}
				return wrapped(c, "resources", 100, 100, c.Org.List(tableResources, engine.Str(s, "id")),
					func(r engine.Obj) engine.Obj { return renderResource(c, s, r) })
			})
			rt.Handle("PATCH", item+"/resources", scope("PATCH"), addResources)
			rt.Handle("DELETE", item+"/resources/{resourceId}", scope("DELETE"), func(c *engine.Call) engine.Reply {
				s, err := resourceSet(c)
				if err != nil {
					return engine.Fail(err)
				}
				id := c.Param("resourceId")
				if c.Org.Get(tableResources, engine.Str(s, "id"), id) == nil {
					return engine.Fail(engine.ErrNotFound(id, "ResourceSetResource"))
				}
				c.Org.Remove(tableResources, engine.Str(s, "id"), id)
				return engine.NoContent()
			})
		},
		OnDelete: map[string]engine.DeleteHook{
			// A deleted group or app leaves the resource sets that named it.
			engine.TableGroups: dropResourcesNaming,
			engine.TableApps:   dropResourcesNaming,
		},
	})
}

func resourceSet(c *engine.Call) (engine.Obj, *engine.APIError) {
	key := c.Param("resourceSetIdOrLabel")
	if s := byIDOrLabel(c, tableResourceSets, key); s != nil {
		return s, nil
	}
	return nil, engine.ErrNotFound(key, "ResourceSet")
}

func createSet(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	label, desc := engine.Str(body, "label"), engine.Str(body, "description")
	if label == "" || desc == "" {
		return engine.Fail(engine.ErrValidation("label and description are required"))
	}
	if byIDOrLabel(c, tableResourceSets, label) != nil {
		return engine.Fail(engine.ErrValidation("label", "label: a resource set with this label already exists"))
	}
	orns, apiErr := resourceORNs(c, body["resources"])
	if apiErr != nil {
		return engine.Fail(apiErr)
	}
	id := c.Org.NewID("iam")
	s := engine.Obj{"id": id, "label": label, "description": desc}
	stamp(c, s)
	c.Org.Put(tableResourceSets, "", id, s)
	putResources(c, id, orns)
	return engine.OK(renderSet(c, s))
}

func replaceSet(c *engine.Call) engine.Reply {
	s, err := resourceSet(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	label, desc := engine.Str(body, "label"), engine.Str(body, "description")
	if label == "" || desc == "" {
		return engine.Fail(engine.ErrValidation("label and description are required"))
	}
	s["label"], s["description"], s["lastUpdated"] = label, desc, c.Org.Timestamp()
	return engine.OK(renderSet(c, s))
}

func addResources(c *engine.Call) engine.Reply {
	s, err := resourceSet(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	orns, apiErr := resourceORNs(c, body["additions"])
	if apiErr != nil {
		return engine.Fail(apiErr)
	}
	if len(orns) == 0 {
		return engine.Fail(engine.ErrValidation("additions", "additions: at least one resource is required"))
	}
	putResources(c, engine.Str(s, "id"), orns)
	s["lastUpdated"] = c.Org.Timestamp()
	return engine.OK(renderSet(c, s))
}

// putResources adds ORNs the set does not hold yet, each a resource with
// its own ID.
func putResources(c *engine.Call, setID string, orns []string) {
	for _, orn := range orns {
		if c.Org.Find(tableResources, setID, func(o engine.Obj) bool { return engine.Str(o, "orn") == orn }) != nil {
			continue
		}
		id := c.Org.NewID("ire")
		r := engine.Obj{"id": id, "orn": orn}
		stamp(c, r)
		c.Org.Put(tableResources, setID, id, r)
	}
}

// resourceORNs checks a list of resources (ORNs or REST URLs of this org)
// and returns them as ORNs.
func resourceORNs(c *engine.Call, v any) ([]string, *engine.APIError) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, engine.ErrMalformed()
	}
	if len(list) > maxResources {
		return nil, engine.ErrValidation("resources", "resources: at most 1000 per request")
	}
	var out []string
	for _, x := range list {
		s, _ := x.(string)
		orn, ok := toORN(c, s)
		if !ok {
			return nil, engine.ErrValidation("resources", "resources: "+s+" is not a resource of this org")
		}
		out = append(out, orn)
	}
	return out, nil
}

// toORN reads an ORN or a REST URL of a group, an app, or all groups,
// users or apps (of a type), checking that it names this org and that a
// named object exists.
func toORN(c *engine.Call, s string) (string, bool) {
	prefix := "orn:okta:"
	if rest, ok := strings.CutPrefix(s, c.Base+"/api/v1/"); ok && c.Base != "" {
		parts := strings.Split(rest, "/")
		switch {
		case len(parts) == 2 && parts[0] == "groups":
			s = prefix + "directory:" + c.Org.OrgID + ":groups:" + parts[1]
		case len(parts) == 1 && (parts[0] == "groups" || parts[0] == "users"):
			s = prefix + "directory:" + c.Org.OrgID + ":" + parts[0]
		case len(parts) == 2 && parts[0] == "apps":
			app := c.Org.Get(engine.TableApps, "", parts[1])
			if app == nil {
				return "", false
			}
			s = prefix + "idp:" + c.Org.OrgID + ":apps:" + engine.Str(app, "name") + ":" + parts[1]
		default:
			return "", false
		}
	}
	parts := strings.Split(s, ":")
	if len(parts) < 5 || parts[0] != "orn" || parts[1] != "okta" || parts[3] != c.Org.OrgID {
		return "", false
	}
	switch {
	case parts[2] == "directory" && len(parts) == 5 && (parts[4] == "groups" || parts[4] == "users"):
	case parts[2] == "directory" && parts[4] == "groups" && (len(parts) == 6 || len(parts) == 7 && parts[6] == "contained_resources"):
		if c.Org.Get(engine.TableGroups, "", parts[5]) == nil {
			return "", false
		}
	case parts[2] == "idp" && parts[4] == "apps" && len(parts) <= 6:
	case parts[2] == "idp" && parts[4] == "apps" && len(parts) == 7:
		if app := c.Org.Get(engine.TableApps, "", parts[6]); app == nil || engine.Str(app, "name") != parts[5] {
			return "", false
		}
	default:
		return "", false
	}
	return s, true
}

func dropResourcesNaming(c *engine.Call, _ string, cur engine.Obj) {
	id := engine.Str(cur, "id")
	for _, setID := range c.Org.Parents(tableResources) {
		for _, r := range c.Org.List(tableResources, setID) {
			if parts := strings.Split(engine.Str(r, "orn"), ":"); len(parts) >= 6 && (parts[5] == id || len(parts) == 7 && parts[6] == id) {
				c.Org.Remove(tableResources, setID, engine.Str(r, "id"))
			}
		}
	}
}

func renderSet(c *engine.Call, s engine.Obj) engine.Obj {
	out := engine.CloneObj(s)
	self := c.Base + base + "/resource-sets/" + engine.Str(s, "id")
	out["_links"] = engine.Obj{"self": engine.Obj{"href": self}, "resources": engine.Obj{"href": self + "/resources"},
		"bindings": engine.Obj{"href": self + "/bindings"}}
	return out
}

func renderResource(c *engine.Call, s, r engine.Obj) engine.Obj {
	out := engine.CloneObj(r)
	self := c.Base + base + "/resource-sets/" + engine.Str(s, "id") + "/resources/" + engine.Str(r, "id")
	l := engine.Obj{"self": engine.Obj{"href": self}}
	if parts := strings.Split(engine.Str(r, "orn"), ":"); len(parts) == 6 && parts[4] == "groups" {
		l["resource"] = engine.Obj{"href": c.Base + "/api/v1/groups/" + parts[5]}
	}
	out["_links"] = l
	return out
}
