package sandbox

import (
	"fmt"
	"net/http"
	"strings"
)

// Groups (api-facts §1.1). Only OKTA_GROUPs are created through the API; the
// BUILT_IN groups Everyone and Okta Administrators exist in every org and
// can't be changed. Names are unique across the org.
var groupsRes = &resource{
	name: "groups", typeName: "UserGroup", prefix: "00g", area: "groups",
	coll: "/api/v1/groups", idParam: "groupId",
	page: pageSpec{def: 10000, max: 10000, cursor: true},
	fields: []field{
		{path: "profile", typ: tObject, required: true},
		{path: "profile.name", typ: tString, required: true},
		{path: "profile.description", typ: tString},
	},
	readOnly: []string{"type", "objectClass", "lastMembershipUpdated"},
	keep:     []string{"type", "objectClass", "lastMembershipUpdated"},
	system:   func(o Obj) bool { return str(o, "type") == "BUILT_IN" },
}

func init() {
	groupsRes.prepare = prepareGroup
	groupsRes.filter = filterGroups
	groupsRes.links = groupLinks
	// A deleted group's app assignments go with it too: the app-groups
	// module's onDelete hook removes them.
	groupsRes.afterDelete = func(c *call, _ string, cur Obj) {
		invalidateGroupRules(c, str(cur, "id"))
	}
	register(module{
		name: "groups", phase: 10,
		routes: func(rt *router) { groupsRes.install(rt) },
		seed:   seedGroups,
		sample: sampleGroups,
		generate: func(c *call, n int) error {
			for i := 1; i <= n; i++ {
				if _, err := groupsRes.insert(c, "", Obj{"profile": Obj{
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

func prepareGroup(c *call, _ string, body, cur Obj) *apiError {
	if cur != nil && str(cur, "type") == "BUILT_IN" {
		return newError(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action", "BUILT_IN groups can't be modified")
	}
	name := str(body, "profile.name")
	if strings.TrimSpace(name) == "" {
		return errValidation("name", "name: The field cannot be left blank")
	}
	if len([]rune(name)) > 255 {
		return errValidation("name", "name: The field is too long")
	}
	// The scan is linear, so building a large org through it would be
	// quadratic; the sandbox's own seed, sample and generate calls (no
	// request) use names unique by construction and skip it.
	var dup Obj
	if c.request() != nil {
		dup = c.o.find("groups", "", func(o Obj) bool {
			return strings.EqualFold(str(o, "profile.name"), name) && (cur == nil || str(o, "id") != str(cur, "id"))
		})
	}
	if dup != nil {
		return errValidation("name", "name: An object with this field already exists in the current organization")
	}
	setDefault(body, "profile.description", "")
	if cur == nil {
		body["type"] = "OKTA_GROUP"
		body["objectClass"] = []any{"okta:user_group"}
		body["lastMembershipUpdated"] = c.o.timestamp()
	}
	return nil
}

func filterGroups(c *call, _ string, items []Obj) ([]Obj, *apiError) {
	q := c.query()
	out := items[:0:0]
	for _, o := range items {
		if p := q.Get("q"); p != "" && !strings.HasPrefix(strings.ToLower(str(o, "profile.name")), strings.ToLower(p)) {
			continue
		}
		for _, expr := range []string{q.Get("filter"), q.Get("search")} {
			if expr == "" {
				continue
			}
			okm, err := matchFilterExpr(expr, filterEqSw, func(field string) ([]string, bool) {
				return []string{fmt.Sprint(at(o, field))}, true
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

func groupLinks(c *call, _ string, o Obj, l Obj) {
	self := c.base + "/api/v1/groups/" + str(o, "id")
	l["logo"] = []any{
		Obj{"name": "medium", "href": c.base + "/assets/img/logos/groups/okta-medium.png", "type": "image/png"},
		Obj{"name": "large", "href": c.base + "/assets/img/logos/groups/okta-large.png", "type": "image/png"},
	}
	l["users"] = Obj{"href": self + "/users"}
	l["apps"] = Obj{"href": self + "/apps"}
	l["owners"] = Obj{"href": self + "/owners"}
	// Okta's group self link carries no hints; the ones the engine added
	// stay, as they are what clients read to learn what is allowed.
}

func seedGroups(c *call) error {
	for _, g := range []struct{ name, desc string }{
		{"Everyone", "All users in your organization"},
		{"Okta Administrators", "Okta manages this group, which contains all administrators in your organization."},
	} {
		obj, err := groupsRes.insert(c, "", Obj{"profile": Obj{"name": g.name, "description": g.desc}}, nil)
		if err != nil {
			return err
		}
		obj["type"] = "BUILT_IN"
	}
	return nil
}

// groupByName finds a group for sample building and cross-kind lookups.
func groupByName(c *call, name string) Obj {
	return c.o.find("groups", "", func(o Obj) bool { return str(o, "profile.name") == name })
}

func sampleGroups(c *call) error {
	for _, g := range [][2]string{
		{"Engineering", "Software engineers"},
		{"Engineering Managers", "People managers in engineering"},
		{"Sales", "Account executives and sales engineers"},
		{"Support", "Customer support"},
		{"Finance", "Finance and accounting"},
		{"Contractors", "External contractors with limited access"},
		{"Admins - Break Glass", "Emergency administrators"},
		{"VPN Users", "Users allowed on the corporate VPN"},
		{"Portal Users", "Users of the customer portal"},
		{"All Employees", "Every full-time employee"},
	} {
		if _, err := groupsRes.insert(c, "", Obj{"profile": Obj{"name": g[0], "description": g[1]}}, nil); err != nil {
			return err
		}
	}
	return nil
}
