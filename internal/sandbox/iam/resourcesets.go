package iam

import (
	"net/http"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Resource sets (SPEC ResourceSet, ResourceSets, CreateResourceSetRequest;
// no recording): POST {label, description, resources[]} answers 200 with
// the set, without its resources; PUT changes label and description;
// the path takes the set's id or its label. A set holds at most 1000
// resources (SPEC createResourceSet). Resources are their own endpoints
// (resources.go).
const (
	setType      = "ResourceSet"
	maxResources = 1000
)

func init() {
	engine.Register(engine.Module{
		Name: "resource-sets", Phase: 71,
		Routes: func(rt *engine.Router) {
			coll := "/api/v1/iam/resource-sets"
			item := coll + "/{resourceSetIdOrLabel}"
			rt.Handle("GET", coll, engine.ScopeFor(scopeArea, "GET"), listSets)
			rt.Handle("POST", coll, engine.ScopeFor(scopeArea, "POST"), createSet)
			rt.Handle("GET", item, engine.ScopeFor(scopeArea, "GET"), getSet)
			rt.Handle("PUT", item, engine.ScopeFor(scopeArea, "PUT"), replaceSet)
			rt.Handle("DELETE", item, engine.ScopeFor(scopeArea, "DELETE"), deleteSet)
			resourceRoutes(rt, item)
			bindingRoutes(rt, item)
		},
		Sample:   sampleSets,
		Generate: generateSets,
		OnDelete: map[string]engine.DeleteHook{
			engine.TableGroups: func(c *engine.Call, _ string, g engine.Obj) {
				dropResourcesNaming(c, "directory", "groups", engine.Str(g, "id"))
			},
			engine.TableApps: func(c *engine.Call, _ string, a engine.Obj) {
				dropResourcesNaming(c, "idp", "apps", engine.Str(a, "id"))
			},
			engine.TableAuthServers: func(c *engine.Call, _ string, as engine.Obj) {
				dropResourcesNaming(c, "idp", "authorization_servers", engine.Str(as, "id"))
			},
		},
	})
}

func setHref(c *engine.Call, id string) string {
	return adminBase(c.Base) + "/api/v1/iam/resource-sets/" + id
}

func renderSet(c *engine.Call, s engine.Obj) engine.Obj {
	out := render(s)
	if c.Base != "" {
		self := setHref(c, engine.Str(s, "id"))
		out["_links"] = engine.Obj{"self": href(self), "resources": href(self + "/resources"), "bindings": href(self + "/bindings")}
	}
	return out
}

func lookupSet(c *engine.Call) (engine.Obj, *engine.APIError) {
	key := c.Param("resourceSetIdOrLabel")
	s := byIDOrLabel(c, tblSets, key)
	if s == nil {
		return nil, engine.ErrNotFound(key, setType)
	}
	return s, nil
}

func listSets(c *engine.Call) engine.Reply {
	page, links := bodyPage(c, c.Org.List(tblSets, ""), func(o engine.Obj) string { return engine.Str(o, "id") }, nil)
	out := make([]any, len(page))
	for i, s := range page {
		out[i] = renderSet(c, s)
	}
	return engine.OK(engine.Obj{"resource-sets": out, "_links": links})
}

var setFields = []engine.Field{
	{Path: "label", Type: engine.TString, Required: true},
	{Path: "description", Type: engine.TString, Required: true},
}

func createSet(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, append(setFields, engine.Field{Path: "resources", Type: engine.TArray})); err != nil {
		return engine.Fail(err)
	}
	resources, err := stringsOf(body["resources"])
	if err != nil {
		return engine.Fail(err)
	}
	s, err := insertSet(c, engine.Str(body, "label"), engine.Str(body, "description"), resources)
	if err != nil {
		return engine.Fail(err)
	}
	c.Emit(evSetCreate, setTarget(s))
	return engine.OK(renderSet(c, s))
}

// stringsOf reads a JSON array of strings (nil for none).
func stringsOf(v any) ([]string, *engine.APIError) {
	arr, _ := v.([]any)
	out := make([]string, 0, len(arr))
	for _, x := range arr {
		s, ok := x.(string)
		if !ok {
			return nil, engine.ErrMalformed()
		}
		out = append(out, s)
	}
	return out, nil
}

// insertSet makes a resource set with its resources: the path of the API
// and of --sample. Every resource is checked before anything is stored.
func insertSet(c *engine.Call, label, description string, resources []string) (engine.Obj, *engine.APIError) {
	if err := checkLabel(c, tblSets, label, ""); err != nil {
		return nil, err
	}
	orns, err := canonicalResources(c, resources, 0)
	if err != nil {
		return nil, err
	}
	now := c.Org.Timestamp()
	s := engine.Obj{"id": c.Org.NewID("iam"), "label": label, "description": description, "created": now, "lastUpdated": now}
	id := engine.Str(s, "id")
	c.Org.Put(tblSets, "", id, s)
	addResources(c, id, orns)
	return s, nil
}

// canonicalResources checks a batch of resources and returns their ORNs,
// without repeats, refusing a batch that would take a set that already
// holds `have` resources over 1000.
func canonicalResources(c *engine.Call, in []string, have int) ([]string, *engine.APIError) {
	seen := map[string]bool{}
	var out []string
	for _, r := range in {
		orn, err := canonicalResource(c, r)
		if err != nil {
			return nil, err
		}
		if !seen[orn] {
			seen[orn] = true
			out = append(out, orn)
		}
	}
	if have+len(out) > maxResources {
		return nil, engine.ErrValidation("resources", "resources: A resource set holds at most 1000 resources")
	}
	return out, nil
}

func getSet(c *engine.Call) engine.Reply {
	s, err := lookupSet(c)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(renderSet(c, s))
}

func replaceSet(c *engine.Call) engine.Reply {
	s, err := lookupSet(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, setFields); err != nil {
		return engine.Fail(err)
	}
	if err := checkLabel(c, tblSets, engine.Str(body, "label"), engine.Str(s, "id")); err != nil {
		return engine.Fail(err)
	}
	s["label"], s["description"] = engine.Str(body, "label"), engine.Str(body, "description")
	s["lastUpdated"] = c.Org.Timestamp()
	c.Emit(evSetUpdate, setTarget(s))
	return engine.OK(renderSet(c, s))
}

// deleteSet refuses a set that still has bindings, as deleteRole does.
func deleteSet(c *engine.Call) engine.Reply {
	s, err := lookupSet(c)
	if err != nil {
		return engine.Fail(err)
	}
	id := engine.Str(s, "id")
	if len(c.Org.List(tblBindings, id)) > 0 {
		return engine.Fail(engine.ErrValidation("resourceSet",
			"resourceSet: The resource set has bindings; delete them first"))
	}
	c.Org.Remove(tblSets, "", id)
	c.Org.DropTable(tblResources, id)
	c.Emit(evSetDelete, setTarget(s))
	return engine.Reply{Status: http.StatusNoContent}
}
