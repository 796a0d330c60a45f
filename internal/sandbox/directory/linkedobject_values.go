package directory

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Linked object values: which user is another user's primary (manager,
// say) under a linked object definition. From the spec (User API
// replaceLinkedObjectForUser, listLinkedObjectsForUser,
// deleteLinkedObjectForUser) and the recorded TestAccResourceOktaLinkValue_crud:
//
//   - PUT /users/{associated}/linkedObjects/{primaryName}/{primaryUserId}
//     makes primaryUserId the associated user's primary, replacing an
//     earlier one (one primary per associated user and relationship): 204.
//   - GET /users/{id}/linkedObjects/{name} with a primary name lists the
//     user's primary (zero or one); with an associated name, every user
//     whose primary is {id}. Each element is only a self link to the user,
//     [{_links: {self: {href}}}]; an unlinked user gets [].
//   - DELETE /users/{associated}/linkedObjects/{primaryName} drops the
//     link: 204, also when there was none (the recording deletes right
//     after linking, so whether Okta answers 204 or 404 for an unlinked
//     user is not recorded; 204 is the spec's only success).
//
// A name no definition has is 404 E0000007 (LinkedObject), as Okta names
// linked objects in its group-owner errors; PUT and DELETE take only the
// primary name (the spec), so an associated name there is 404 too. Values
// go with either user and with their definition.
//
// Table linkedObjectValues: keyed by "{associatedUserId}/{primaryName}",
// {id, name, associated, primary}.
const tableLinkedObjectValues = "linkedObjectValues"

func linkedObjectValueRoutes(rt *engine.Router) {
	read, manage := engine.ScopeFor("users", "GET"), engine.ScopeFor("users", "PUT")
	base := "/api/v1/users/{userId}/linkedObjects/"
	rt.Handle("PUT", base+"{primaryName}/{primaryUserId}", manage, func(c *engine.Call) engine.Reply {
		assoc, def, err := linkedValueTarget(c, "primaryName")
		if err != nil {
			return engine.Fail(err)
		}
		primary, err := userLookup(c, c.Param("primaryUserId"))
		if err != nil {
			return engine.Fail(err)
		}
		aid, name := engine.Str(assoc, "id"), engine.Str(def, "primary.name")
		c.Org.Put(tableLinkedObjectValues, "", aid+"/"+name, engine.Obj{
			"id": aid + "/" + name, "name": name, "associated": aid, "primary": engine.Str(primary, "id"),
		})
		return engine.NoContent()
	})
	rt.Handle("DELETE", base+"{primaryName}", manage, func(c *engine.Call) engine.Reply {
		assoc, def, err := linkedValueTarget(c, "primaryName")
		if err != nil {
			return engine.Fail(err)
		}
		c.Org.Remove(tableLinkedObjectValues, "", engine.Str(assoc, "id")+"/"+engine.Str(def, "primary.name"))
		return engine.NoContent()
	})
	rt.Handle("GET", base+"{relationshipName}", read, func(c *engine.Call) engine.Reply {
		u, err := userLookup(c, c.Param("userId"))
		if err != nil {
			return engine.Fail(err)
		}
		name := c.Param("relationshipName")
		def := findLinkedObject(c, name)
		if def == nil {
			return engine.Fail(engine.ErrNotFound(name, "LinkedObject"))
		}
		uid, primaryName := engine.Str(u, "id"), engine.Str(def, "primary.name")
		out := []any{}
		for _, v := range c.Org.List(tableLinkedObjectValues, "") {
			if engine.Str(v, "name") != primaryName {
				continue
			}
			switch {
			case name == primaryName && engine.Str(v, "associated") == uid:
				out = append(out, linkedValueLink(c, engine.Str(v, "primary")))
			case name != primaryName && engine.Str(v, "primary") == uid:
				out = append(out, linkedValueLink(c, engine.Str(v, "associated")))
			}
		}
		return engine.OK(out)
	})
}

// linkedValueTarget resolves the associated user and the definition that
// has the path parameter param as its primary name.
func linkedValueTarget(c *engine.Call, param string) (engine.Obj, engine.Obj, *engine.APIError) {
	u, err := userLookup(c, c.Param("userId"))
	if err != nil {
		return nil, nil, err
	}
	name := c.Param(param)
	def := findLinkedObject(c, name)
	if def == nil || engine.Str(def, "primary.name") != name {
		return nil, nil, engine.ErrNotFound(name, "LinkedObject")
	}
	return u, def, nil
}

func linkedValueLink(c *engine.Call, uid string) engine.Obj {
	return engine.Obj{"_links": engine.Obj{"self": engine.Obj{"href": c.Base + "/api/v1/users/" + uid}}}
}

// dropLinkedValues removes the values that match: those of a deleted user
// (either side) or of a deleted definition.
func dropLinkedValues(c *engine.Call, match func(v engine.Obj) bool) {
	for _, v := range c.Org.List(tableLinkedObjectValues, "") {
		if match(v) {
			c.Org.Remove(tableLinkedObjectValues, "", engine.Str(v, "id"))
		}
	}
}
