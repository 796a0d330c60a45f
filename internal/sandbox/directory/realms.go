package directory

import (
	"net/http"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Realms (SPEC RealmAPI; recorded TestAccResourceOktaRealm_crud): named
// partitions of the user base. Every org has its default realm, which
// every user belongs to unless created in another (users' realmId, in
// recordings from 2026 on). Create answers 200 with
// {id: guo…, profile: {name, domains: []}, isDefault}; the realmType the
// request sends is not echoed, as recorded. The self link is
// {rel, href, method}. The default realm can't be changed or deleted, nor
// can a realm that holds users (E0000178).
var realmsRes = &engine.Resource{
	Name: tableRealms, TypeName: "Realm", Prefix: "guo", Area: "realms",
	Events: &engine.Events{Type: "Realm", Create: "system.realm.create", Update: "system.realm.update", Delete: "system.realm.delete"},
	Coll:   "/api/v1/realms", IDParam: "realmId",
	Page: engine.PageSpec{Def: 200, Max: 200, Cursor: true},
	Fields: []engine.Field{
		{Path: "profile", Type: engine.TObject, Required: true},
		{Path: "profile.name", Type: engine.TString, Required: true},
		{Path: "profile.realmType", Type: engine.TString, Enum: []string{"PARTNER", "DEFAULT"}},
	},
	ReadOnly: []string{"isDefault"},
	Keep:     []string{"isDefault"},
}

const tableRealms = "realms"

func init() {
	realmsRes.Prepare = func(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
		if cur != nil && engine.BoolAt(cur, "isDefault") && c.Request() != nil {
			return engine.ErrBadRequest("This realm cannot be changed.", "The default realm can't be changed")
		}
		if strings.TrimSpace(engine.Str(body, "profile.name")) == "" {
			return engine.ErrValidation("name", "name: The field cannot be left blank")
		}
		engine.Del(body, "profile.realmType")
		engine.SetDefault(body, "profile.domains", []any{})
		body["isDefault"] = false
		return nil
	}
	realmsRes.BeforeDelete = func(c *engine.Call, _ string, cur engine.Obj) *engine.APIError {
		if engine.BoolAt(cur, "isDefault") {
			return engine.NewError(http.StatusBadRequest, "E0000178", "This realm cannot be deleted. The default realm can't be deleted.")
		}
		id := engine.Str(cur, "id")
		if c.Org.Find(engine.TableUsers, "", func(u engine.Obj) bool { return engine.Str(u, "realmId") == id }) != nil {
			return engine.NewError(http.StatusBadRequest, "E0000178", "This realm cannot be deleted. It still has users.")
		}
		return nil
	}
	realmsRes.Links = func(c *engine.Call, _ string, o engine.Obj, l engine.Obj) {
		l["self"] = engine.Obj{"rel": "self", "href": c.Base + "/api/v1/realms/" + engine.Str(o, "id"), "method": "GET"}
	}
	realmsRes.Filter = func(c *engine.Call, _ string, items []engine.Obj) ([]engine.Obj, *engine.APIError) {
		q := c.Query()
		expr := strings.TrimSpace(q.Get("search"))
		if expr == "" {
			return items, nil
		}
		n, err := parseSearch(expr, nil)
		if err != nil {
			return nil, err
		}
		out := items[:0:0]
		for _, r := range items {
			if n.eval(r) {
				out = append(out, r)
			}
		}
		return out, nil
	}
	engine.Register(engine.Module{
		Name: "realms", Phase: 6,
		Routes: func(rt *engine.Router) { realmsRes.Install(rt) },
		Seed: func(c *engine.Call) error {
			obj, err := realmsRes.Insert(c, "", engine.Obj{"profile": engine.Obj{"name": "Default Realm"}}, nil)
			if err != nil {
				return err
			}
			obj["isDefault"] = true
			return nil
		},
	})
}

// defaultRealm is the org's default realm (nil in a state saved before
// realms existed).
func defaultRealm(c *engine.Call) engine.Obj {
	return c.Org.Find(tableRealms, "", func(o engine.Obj) bool { return engine.BoolAt(o, "isDefault") })
}
