package mappings

import (
	"net/http"
	"slices"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Profile mappings (api-facts §1.14; coverage.md C2; SPEC listProfileMappings,
// getProfileMapping, updateProfileMapping; VCR TestAccResourceOktaIdpSaml_crud,
// TestAccDataSourceOktaIdpOidc_read and the other IdP recordings):
//   - GET /api/v1/mappings pages with after/limit (default 20, max 200)
//     and filters by sourceId and targetId; its items hold only id,
//     source, target and _links, no properties;
//   - GET /api/v1/mappings/{id} adds properties, a map of target attribute
//     → {expression, pushStatus};
//   - POST /api/v1/mappings/{id} {properties} updates them partially: an
//     attribute sent as null is removed, one sent again is replaced;
//   - each end is {id, name, type, _links: {self, schema}}: type user for
//     a user type (name = its name), appuser for an app (name = the app's
//     name) or an IdP (saml_idp, oidc_idp; its links point at
//     /api/v1/apps/{id}, as recorded).
//
// Table profileMappings: top-level, id prm…, {id, source: {id, type,
// kind}, target: {id, type, kind}, properties}; kind (userType, app, idp)
// says which table an end lives in, and is never rendered.
const tableMappings = "profileMappings"

var mappingsPage = engine.PageSpec{Def: 20, Max: 200, Cursor: true}

// firstPartyApps are Okta's own apps, which have no mappings here. (The
// apps family's list; families do not import each other.)
var firstPartyApps = []string{"saasure", "okta_enduser", "okta_browser_plugin", "okta_account_settings", "okta_flow_sso", "flow"}

// The kinds of ends, and the tables they live in.
const (
	endUserType = "userType"
	endApp      = "app"
	endIdP      = "idp"
)

var endTables = map[string]string{endUserType: engine.TableUserTypes, endApp: engine.TableApps, endIdP: engine.TableIdPs}

func init() {
	drop := func(c *engine.Call, _ string, cur engine.Obj) {
		id := engine.Str(cur, "id")
		for _, m := range c.Org.List(tableMappings, "") {
			if engine.Str(m, "source.id") == id || engine.Str(m, "target.id") == id {
				c.Org.Remove(tableMappings, "", engine.Str(m, "id"))
			}
		}
	}
	engine.Register(engine.Module{
		Name: "profile-mappings", Phase: 46,
		Routes: func(rt *engine.Router) {
			rt.Handle("GET", "/api/v1/mappings", engine.ScopeFor("profileMappings", "GET"), listMappings)
			rt.Handle("GET", "/api/v1/mappings/{mappingId}", engine.ScopeFor("profileMappings", "GET"), getMapping)
			rt.Handle("POST", "/api/v1/mappings/{mappingId}", engine.ScopeFor("profileMappings", "POST"), updateMapping)
		},
		OnDelete: map[string]engine.DeleteHook{engine.TableApps: drop, engine.TableIdPs: drop, engine.TableUserTypes: drop},
	})
}

// wanted lists the mappings the org's apps, IdPs and user types call for,
// as (source, target) ends.
func wanted(c *engine.Call) [][2]engine.Obj {
	end := func(kind, id, typ string) engine.Obj { return engine.Obj{"id": id, "type": typ, "kind": kind} }
	var types []engine.Obj
	var defaultType engine.Obj
	for _, t := range c.Org.List(engine.TableUserTypes, "") {
		types = append(types, t)
		if engine.BoolAt(t, "default") {
			defaultType = t
		}
	}
	var out [][2]engine.Obj
	for _, idp := range c.Org.List(engine.TableIdPs, "") {
		for _, t := range types {
			out = append(out, [2]engine.Obj{end(endIdP, engine.Str(idp, "id"), "appuser"), end(endUserType, engine.Str(t, "id"), "user")})
		}
	}
	if defaultType == nil {
		return out
	}
	for _, app := range c.Org.List(engine.TableApps, "") {
		if slices.Contains(firstPartyApps, engine.Str(app, "name")) {
			continue
		}
		appID, typeID := engine.Str(app, "id"), engine.Str(defaultType, "id")
		out = append(out, [2]engine.Obj{end(endUserType, typeID, "user"), end(endApp, appID, "appuser")})
		if slices.Contains(engine.StringsAt(app, "features"), "IMPORT_NEW_USERS") {
			out = append(out, [2]engine.Obj{end(endApp, appID, "appuser"), end(endUserType, typeID, "user")})
		}
	}
	return out
}

// sync makes the mappings the org calls for and does not have yet, with
// Okta's default properties. Lists call it: a mapping's ID is only ever
// learned from a list.
func sync(c *engine.Call) {
	have := map[string]bool{}
	for _, m := range c.Org.List(tableMappings, "") {
		have[engine.Str(m, "source.id")+">"+engine.Str(m, "target.id")] = true
	}
	for _, w := range wanted(c) {
		src, tgt := w[0], w[1]
		if have[engine.Str(src, "id")+">"+engine.Str(tgt, "id")] {
			continue
		}
		var properties engine.Obj
		switch {
		case engine.Str(src, "kind") == endIdP:
			properties = idpDefaults(c.Org.Get(engine.TableIdPs, "", engine.Str(src, "id")))
		case engine.Str(tgt, "kind") == endApp:
			properties = appDefaults(c.Org.Get(engine.TableApps, "", engine.Str(tgt, "id")))
		default:
			properties = props(importProps)
		}
		id := c.Org.NewID("prm")
		c.Org.Put(tableMappings, "", id, engine.Obj{"id": id, "source": src, "target": tgt, "properties": properties})
	}
}

// renderEnd is one end as Okta shows it, or nil when it is gone.
func renderEnd(c *engine.Call, e engine.Obj) engine.Obj {
	id, kind := engine.Str(e, "id"), engine.Str(e, "kind")
	obj := c.Org.Get(endTables[kind], "", id)
	if obj == nil {
		return nil
	}
	out := engine.Obj{"id": id, "type": engine.Str(e, "type")}
	var self, schema string
	switch kind {
	case endUserType:
		out["name"] = engine.Str(obj, "name")
		self = "/api/v1/meta/types/user/" + id
		schema = "/api/v1/meta/schemas/user/osc" + id[min(3, len(id)):]
	case endApp:
		out["name"] = engine.Str(obj, "name")
		self, schema = "/api/v1/apps/"+id, "/api/v1/meta/schemas/apps/"+id+"/default"
	case endIdP:
		out["name"] = idpEndName(obj)
		self, schema = "/api/v1/apps/"+id, "/api/v1/meta/schemas/apps/"+id+"/default"
	}
	if c.Base != "" {
		out["_links"] = engine.Obj{"self": engine.Obj{"href": c.Base + self}, "schema": engine.Obj{"href": c.Base + schema}}
	}
	return out
}

// render is a mapping as Okta shows it; full adds the properties (GET of
// one mapping). ok is false when an end is gone.
func render(c *engine.Call, m engine.Obj, full bool) (engine.Obj, bool) {
	src, tgt := renderEnd(c, m["source"].(map[string]any)), renderEnd(c, m["target"].(map[string]any))
	if src == nil || tgt == nil {
		return nil, false
	}
	out := engine.Obj{"id": m["id"], "source": src, "target": tgt}
	if full {
		out["properties"] = engine.Clone(m["properties"])
	}
	if c.Base != "" {
		out["_links"] = engine.Obj{"self": engine.Obj{"href": c.Base + "/api/v1/mappings/" + engine.Str(m, "id")}}
	}
	return out, true
}

func listMappings(c *engine.Call) engine.Reply {
	sync(c)
	q := c.Query()
	var items []engine.Obj
	for _, m := range c.Org.List(tableMappings, "") {
		if s := q.Get("sourceId"); s != "" && engine.Str(m, "source.id") != s {
			continue
		}
		if t := q.Get("targetId"); t != "" && engine.Str(m, "target.id") != t {
			continue
		}
		items = append(items, m)
	}
	page, hdr := engine.Page(c, mappingsPage, items, func(o engine.Obj) string { return engine.Str(o, "id") })
	out := make([]any, 0, len(page))
	for _, m := range page {
		if r, ok := render(c, m, false); ok {
			out = append(out, r)
		}
	}
	return engine.Reply{Status: http.StatusOK, Body: out, Header: hdr}
}

func lookup(c *engine.Call) (engine.Obj, engine.Obj, *engine.APIError) {
	id := c.Param("mappingId")
	m := c.Org.Get(tableMappings, "", id)
	if m == nil {
		return nil, nil, engine.ErrNotFound(id, "ProfileMapping")
	}
	r, ok := render(c, m, true)
	if !ok {
		return nil, nil, engine.ErrNotFound(id, "ProfileMapping")
	}
	return m, r, nil
}

func getMapping(c *engine.Call) engine.Reply {
	_, r, err := lookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(r)
}

// updateMapping is the partial POST of properties.
func updateMapping(c *engine.Call) engine.Reply {
	m, _, err := lookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	sent, ok := body["properties"].(map[string]any)
	if !ok {
		if body["properties"] == nil {
			return engine.Fail(engine.ErrValidation("Api validation failed: properties", "properties: The field cannot be left blank"))
		}
		return engine.Fail(engine.ErrMalformed())
	}
	next := engine.CloneObj(m["properties"].(map[string]any))
	for name, v := range sent {
		if v == nil {
			delete(next, name)
			continue
		}
		p, ok := v.(map[string]any)
		if !ok {
			return engine.Fail(engine.ErrMalformed())
		}
		if e := engine.CheckShape(p, []engine.Field{
			{Path: "expression", Type: engine.TString, Required: true},
			{Path: "pushStatus", Type: engine.TString, Enum: []string{"PUSH", "DONT_PUSH"}},
		}); e != nil {
			return engine.Fail(e)
		}
		prop := engine.Obj{"expression": p["expression"], "pushStatus": "DONT_PUSH"}
		if s := engine.Str(p, "pushStatus"); s != "" {
			prop["pushStatus"] = s
		}
		next[name] = prop
	}
	m["properties"] = next
	c.Emit("directory.mapping.update", engine.Target{ID: engine.Str(m, "id"), Type: "ProfileMapping",
		DisplayName: engine.Str(m, "source.name") + " to " + engine.Str(m, "target.name")})
	r, _ := render(c, m, true)
	return engine.OK(r)
}
