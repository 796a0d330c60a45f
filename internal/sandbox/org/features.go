package org

import (
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Self-service org features (SPEC FeatureAPI; recorded
// TestAccResourceOktaFeatures_crud, TestAccDataSourceOktaFeature_read):
// Okta's catalog of features an admin may switch on (features_seed.go),
// read-mostly. GET /api/v1/features lists every feature (not paged),
// GET …/{id} reads one, POST …/{id}/{lifecycle} with ENABLE or DISABLE
// (any case: the answers' links are lower-case, the recorded requests
// upper-case) sets its status and answers the feature, also when it is
// already in that state; …/dependencies and …/dependents list features.
// A feature is {id, type, status, name, description, stage: {value},
// _links: {self, enable|disable (hints POST), dependents, dependencies,
// helpDoc, devDoc}}; the doc links only where Okta has them. Features
// are neither created nor deleted. With no dependencies in the catalog,
// mode=force changes nothing.
//
// Table features: keyed by id, the feature without _links, with its
// documentation URLs in helpDoc and devDoc.
const tableFeatures = "features"

func init() {
	engine.Register(engine.Module{
		Name: "features", Phase: 0,
		Seed: seedFeatures,
		Routes: func(rt *engine.Router) {
			read, manage := engine.ScopeFor("features", "GET"), engine.ScopeFor("features", "POST")
			const coll = "/api/v1/features"
			rt.Handle("GET", coll, read, func(c *engine.Call) engine.Reply {
				return engine.OK(renderFeatures(c, c.Org.List(tableFeatures, "")))
			})
			rt.Handle("GET", coll+"/{featureId}", read, func(c *engine.Call) engine.Reply {
				f, err := featureLookup(c)
				if err != nil {
					return engine.Fail(err)
				}
				return engine.OK(renderFeature(c, f))
			})
			for _, rel := range []string{"dependencies", "dependents"} {
				rt.Handle("GET", coll+"/{featureId}/"+rel, read, func(c *engine.Call) engine.Reply {
					if _, err := featureLookup(c); err != nil {
						return engine.Fail(err)
					}
					return engine.OK([]any{}) // the catalog has no dependencies
				})
			}
			rt.Handle("POST", coll+"/{featureId}/{lifecycle}", manage, func(c *engine.Call) engine.Reply {
				f, err := featureLookup(c)
				if err != nil {
					return engine.Fail(err)
				}
				switch strings.ToUpper(c.Param("lifecycle")) {
				case "ENABLE":
					f["status"] = "ENABLED"
				case "DISABLE":
					f["status"] = "DISABLED"
				default:
					return engine.Fail(engine.ErrValidation("lifecycle", "lifecycle: '"+c.Param("lifecycle")+"' is not a valid value; allowed: ENABLE, DISABLE"))
				}
				ev := "system.feature.enable"
				if f["status"] == "DISABLED" {
					ev = "system.feature.disable"
				}
				c.Emit(ev, engine.Target{ID: engine.Str(f, "id"), Type: "Feature", DisplayName: engine.Str(f, "name")})
				return engine.OK(renderFeature(c, f))
			})
		},
	})
}

func seedFeatures(c *engine.Call) error {
	for _, e := range featureCatalog {
		id := c.Org.NewID("ftr")
		c.Org.Put(tableFeatures, "", id, engine.Obj{
			"id": id, "type": "self-service", "status": "DISABLED", "name": e.name, "description": e.description,
			"stage": engine.Obj{"value": e.stage}, "helpDoc": e.helpDoc, "devDoc": e.devDoc,
		})
	}
	return nil
}

func featureLookup(c *engine.Call) (engine.Obj, *engine.APIError) {
	id := c.Param("featureId")
	if f := c.Org.Get(tableFeatures, "", id); f != nil {
		return f, nil
	}
	return nil, engine.ErrNotFound(id, "Feature")
}

func renderFeatures(c *engine.Call, fs []engine.Obj) []any {
	out := make([]any, len(fs))
	for i, f := range fs {
		out[i] = renderFeature(c, f)
	}
	return out
}

// renderFeature is a feature as the API shows it: the action that applies
// to its status, and the documentation links Okta has for it.
func renderFeature(c *engine.Call, f engine.Obj) engine.Obj {
	out := engine.CloneObj(f)
	delete(out, "helpDoc")
	delete(out, "devDoc")
	self := c.Base + "/api/v1/features/" + engine.Str(f, "id")
	action := "enable"
	if engine.Str(f, "status") == "ENABLED" {
		action = "disable"
	}
	links := engine.Obj{
		"self":         engine.Obj{"href": self},
		action:         engine.Obj{"href": self + "/" + action, "hints": engine.Obj{"allow": []any{"POST"}}},
		"dependents":   engine.Obj{"href": self + "/dependents"},
		"dependencies": engine.Obj{"href": self + "/dependencies"},
	}
	for _, doc := range []string{"helpDoc", "devDoc"} {
		if href := engine.Str(f, doc); href != "" {
			links[doc] = engine.Obj{"href": href}
		}
	}
	out["_links"] = links
	return out
}
