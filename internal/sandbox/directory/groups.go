package directory

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Groups (api-facts §1.1). Only OKTA_GROUPs are created through the API; the
// BUILT_IN groups Everyone and Okta Administrators exist in every org and
// can't be changed. Names are unique across the org.
var groupsRes = &engine.Resource{
	Name: engine.TableGroups, TypeName: "UserGroup", Prefix: "00g", Area: "groups",
	Events: &engine.Events{Type: "UserGroup", Create: "group.lifecycle.create", Update: "group.profile.update", Delete: "group.lifecycle.delete"},
	Coll:   "/api/v1/groups", IDParam: "groupId",
	Page: engine.PageSpec{Def: 10000, Max: 10000, Cursor: true},
	Fields: []engine.Field{
		{Path: "profile", Type: engine.TObject, Required: true},
		{Path: "profile.name", Type: engine.TString, Required: true},
		{Path: "profile.description", Type: engine.TString},
	},
	ReadOnly: []string{"type", "objectClass", "lastMembershipUpdated"},
	Keep:     []string{"type", "objectClass", "lastMembershipUpdated"},
	System:   func(o engine.Obj) bool { return engine.Str(o, "type") == "BUILT_IN" },
}

func init() {
	groupsRes.Prepare = prepareGroup
	groupsRes.Filter = filterGroups
	groupsRes.Links = groupLinks
	// A deleted group's app assignments go with it too: the app-groups
	// module's OnDelete hook removes them.
	groupsRes.AfterDelete = func(c *engine.Call, _ string, cur engine.Obj) {
		invalidateGroupRules(c, engine.Str(cur, "id"))
		groupDropMembers(c, engine.Str(cur, "id"))
		c.Org.DropTable(tableGroupOwners, engine.Str(cur, "id"))
		dropOwner(c, engine.Str(cur, "id"))
	}
	engine.Register(engine.Module{
		Name: "groups", Phase: 10,
		Routes: func(rt *engine.Router) { groupsRes.Install(rt) },
		Seed:   seedGroups,
		Sample: sampleGroups,
		Generate: func(c *engine.Call, n int) error {
			for i := 1; i <= n; i++ {
				if _, err := groupsRes.Insert(c, "", engine.Obj{"profile": engine.Obj{
					"name":        fmt.Sprintf("gen-group-%05d", i),
					"description": fmt.Sprintf("Generated group %d", i),
				}}, nil); err != nil {
					return err
				}
			}
			return nil
		},
	})
}

func prepareGroup(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	if cur != nil && engine.Str(cur, "type") == "BUILT_IN" {
		return engine.NewError(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action", "BUILT_IN groups can't be modified")
	}
	name := engine.Str(body, "profile.name")
	if strings.TrimSpace(name) == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	if len([]rune(name)) > 255 {
		return engine.ErrValidation("name", "name: The field is too long")
	}
	// The scan is linear, so building a large org through it would be
	// quadratic; the sandbox's own seed, sample and generate calls (no
	// request) use names unique by construction and skip it.
	var dup engine.Obj
	if c.Request() != nil {
		dup = c.Org.Find(engine.TableGroups, "", func(o engine.Obj) bool {
			return strings.EqualFold(engine.Str(o, "profile.name"), name) && (cur == nil || engine.Str(o, "id") != engine.Str(cur, "id"))
		})
	}
	if dup != nil {
		return engine.ErrValidation("name", "name: An object with this field already exists in the current organization")
	}
	engine.SetDefault(body, "profile.description", "")
	if cur == nil {
		body["type"] = "OKTA_GROUP"
		body["objectClass"] = []any{"okta:user_group"}
		body["lastMembershipUpdated"] = c.Org.Timestamp()
	}
	return nil
}

func filterGroups(c *engine.Call, _ string, items []engine.Obj) ([]engine.Obj, *engine.APIError) {
	q := c.Query()
	out := items[:0:0]
	for _, o := range items {
		if p := q.Get("q"); p != "" && !strings.HasPrefix(strings.ToLower(engine.Str(o, "profile.name")), strings.ToLower(p)) {
			continue
		}
		for _, expr := range []string{q.Get("filter"), q.Get("search")} {
			if expr == "" {
				continue
			}
			okm, err := engine.MatchFilter(expr, engine.FilterEqSw, func(field string) ([]string, bool) {
				return []string{fmt.Sprint(engine.At(o, field))}, true
			})
			if err != nil {
				return nil, err
			}
			if !okm {
				goto skip
			}
		}
		out = append(out, o)
	skip:
	}
	if q.Get("q") != "" && len(out) > 300 {
		out = out[:300] // q searches are capped at 300 results (api-facts §1.1)
	}
	return out, nil
}

func groupLinks(c *engine.Call, _ string, o engine.Obj, l engine.Obj) {
	self := c.Base + "/api/v1/groups/" + engine.Str(o, "id")
	l["logo"] = []any{
		engine.Obj{"name": "medium", "href": c.Base + "/assets/img/logos/groups/okta-medium.png", "type": "image/png"},
		engine.Obj{"name": "large", "href": c.Base + "/assets/img/logos/groups/okta-large.png", "type": "image/png"},
	}
	l["users"] = engine.Obj{"href": self + "/users"}
	l["apps"] = engine.Obj{"href": self + "/apps"}
	l["owners"] = engine.Obj{"href": self + "/owners"}
	// Okta's group self link carries no hints; the ones the engine added
	// stay, as they are what clients read to learn what is allowed.
}
