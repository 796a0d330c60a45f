package directory

import (
	"net/http"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Linked object definitions (api-facts §1.1, coverage §3.7 E5): a pair of
// user relationships, primary and associated (manager / subordinate).
// What the recordings show (TestAccResourceOktaLinkDefinition_crud,
// …_parallel_api_calls, TestAccResourceOktaLinkValue_crud): create answers
// 201 with the pair and a self link without hints, named by the primary
// name; GET by name; DELETE 204. From the spec: the list is not paged,
// there is no update, 409 on a conflicting create, and either name reads
// or deletes the whole pair. Names are unique across every definition,
// primary or associated (an unverified choice: E0000001 with the 409).
//
// The stored object is the definition as the API shows it, minus _links,
// keyed by its primary name.
const tableLinkedObjects = "linkedObjects"

const linkedObjectsColl = "/api/v1/meta/schemas/user/linkedObjects"

func init() {
	engine.Register(engine.Module{
		Name: "linked-objects", Phase: 12,
		Routes: linkedObjectRoutes,
		Sample: sampleLinkedObjects,
	})
}

func linkedObjectRoutes(rt *engine.Router) {
	read, manage := engine.ScopeFor("linkedObjects", "GET"), engine.ScopeFor("linkedObjects", "POST")
	rt.Handle("GET", linkedObjectsColl, read, func(c *engine.Call) engine.Reply {
		items := c.Org.List(tableLinkedObjects, "")
		out := make([]any, len(items))
		for i, o := range items {
			out[i] = renderLinkedObject(c, o)
		}
		return engine.OK(out)
	})
	rt.Handle("POST", linkedObjectsColl, manage, func(c *engine.Call) engine.Reply {
		body, err := c.Body()
		if err != nil {
			return engine.Fail(err)
		}
		obj, err := createLinkedObject(c, body)
		if err != nil {
			return engine.Fail(err)
		}
		c.Emit("directory.linked_object.create", linkedObjectTarget(obj))
		return engine.Created(renderLinkedObject(c, obj))
	})
	rt.Handle("GET", linkedObjectsColl+"/{linkedObjectName}", read, func(c *engine.Call) engine.Reply {
		obj := findLinkedObject(c, c.Param("linkedObjectName"))
		if obj == nil {
			return engine.Fail(engine.ErrNotFound(c.Param("linkedObjectName"), "LinkedObject"))
		}
		return engine.OK(renderLinkedObject(c, obj))
	})
	rt.Handle("DELETE", linkedObjectsColl+"/{linkedObjectName}", engine.ScopeFor("linkedObjects", "DELETE"), func(c *engine.Call) engine.Reply {
		obj := findLinkedObject(c, c.Param("linkedObjectName"))
		if obj == nil {
			return engine.Fail(engine.ErrNotFound(c.Param("linkedObjectName"), "LinkedObject"))
		}
		primary := engine.Str(obj, "primary.name")
		c.Emit("directory.linked_object.delete", linkedObjectTarget(obj))
		c.Org.Remove(tableLinkedObjects, "", primary)
		dropLinkedValues(c, func(v engine.Obj) bool { return engine.Str(v, "name") == primary })
		return engine.NoContent()
	})
}

func createLinkedObject(c *engine.Call, body engine.Obj) (engine.Obj, *engine.APIError) {
	obj := engine.Obj{}
	for _, side := range []string{"primary", "associated"} {
		v, has := body[side]
		if !has || v == nil {
			return nil, engine.ErrValidation(side, side+": The field cannot be left blank")
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, engine.ErrMalformed()
		}
		d := engine.Obj{}
		for _, k := range []string{"name", "title", "description", "type"} {
			if x, has := m[k]; has && x != nil {
				s, ok := x.(string)
				if !ok {
					return nil, engine.ErrMalformed()
				}
				d[k] = s
			}
		}
		for _, k := range []string{"name", "title"} {
			if strings.TrimSpace(engine.Str(d, k)) == "" {
				return nil, engine.ErrValidation(side, side+"."+k+": The field cannot be left blank")
			}
		}
		if strings.ContainsAny(engine.Str(d, "name"), " \t.") {
			return nil, engine.ErrValidation(side, side+".name: The name can't contain spaces or dots")
		}
		engine.SetDefault(d, "type", "USER")
		if engine.Str(d, "type") != "USER" {
			return nil, engine.ErrValidation(side, side+".type: 'USER' is the only type")
		}
		obj[side] = d
	}
	p, a := engine.Str(obj, "primary.name"), engine.Str(obj, "associated.name")
	if p == a {
		return nil, engine.ErrValidation("associated", "associated.name: The associated name must differ from the primary name")
	}
	for _, n := range []string{p, a} {
		if findLinkedObject(c, n) != nil {
			return nil, engine.NewError(http.StatusConflict, "E0000001", "Api validation failed: name",
				"name: A linked object with the name "+n+" already exists")
		}
	}
	c.Org.Put(tableLinkedObjects, "", p, obj)
	return obj, nil
}

// findLinkedObject finds the definition that has name as its primary or
// its associated name.
func findLinkedObject(c *engine.Call, name string) engine.Obj {
	return c.Org.Find(tableLinkedObjects, "", func(o engine.Obj) bool {
		return engine.Str(o, "primary.name") == name || engine.Str(o, "associated.name") == name
	})
}

func renderLinkedObject(c *engine.Call, o engine.Obj) engine.Obj {
	out := engine.CloneObj(o)
	out["_links"] = engine.Obj{"self": engine.Obj{"href": c.Base + linkedObjectsColl + "/" + engine.Str(o, "primary.name")}}
	return out
}

// sampleLinkedObjects are the relationships an HR-driven org defines.
func sampleLinkedObjects(c *engine.Call) error {
	for _, d := range []engine.Obj{
		{"primary": engine.Obj{"name": "manager", "title": "Manager", "description": "The user's manager", "type": "USER"},
			"associated": engine.Obj{"name": "directReports", "title": "Direct reports", "description": "Users who report to this user", "type": "USER"}},
		{"primary": engine.Obj{"name": "executiveAssistant", "title": "Executive assistant", "type": "USER"},
			"associated": engine.Obj{"name": "assistedExecutives", "title": "Assisted executives", "type": "USER"}},
	} {
		if _, err := createLinkedObject(c, d); err != nil {
			return err
		}
	}
	return nil
}

// linkedObjectTarget names a linked object definition in System Log events
// (directory.linked_object.create and …delete), by its primary name.
func linkedObjectTarget(obj engine.Obj) engine.Target {
	return engine.Target{ID: engine.Str(obj, "primary.name"), Type: "LinkedObject", DisplayName: engine.Str(obj, "primary.title")}
}
