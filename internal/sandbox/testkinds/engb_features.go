package testkinds

import (
	"net/http"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// test-features stands for Okta's self-service org features (v6.1.0 spec:
// listFeatures, getFeature, updateFeatureLifecycle): every org has a fixed
// set, each ENABLED or DISABLED, switched by POST …/{featureId}/ENABLE or
// /DISABLE, which answers the feature. There is no create, update or
// delete. Served under /api/v1/test-features.

const tableTestFeatures = "testFeatures"

// engbFeatureSeeds are the features every org has here (names from the
// features a recorded org lists; their content is not used).
var engbFeatureSeeds = []struct{ name, description string }{
	{"Early Access: Admin Console refresh", "The refreshed Admin Console navigation"},
	{"Okta Identity Engine: Passkeys", "Sign in with passkeys"},
	{"Workflows: Delegated flows", "Let admins run delegated flows"},
}

func init() {
	engine.Register(engine.Module{
		Name: "test-features", Phase: 5,
		Routes: func(rt *engine.Router) {
			rt.Handle("GET", "/api/v1/test-features", engine.ScopeFor("features", "GET"), listTestFeatures)
			rt.Handle("GET", "/api/v1/test-features/{featureId}", engine.ScopeFor("features", "GET"), getTestFeature)
			rt.Handle("POST", "/api/v1/test-features/{featureId}/{lifecycle}", engine.ScopeFor("features", "POST"), setTestFeature)
		},
		Seed: func(c *engine.Call) error {
			for _, f := range engbFeatureSeeds {
				id := c.Org.NewID("ftr")
				c.Org.Put(tableTestFeatures, "", id, engine.Obj{
					"id": id, "name": f.name, "description": f.description, "type": "self-service",
					"stage": engine.Obj{"value": "EA"}, "status": "DISABLED",
				})
			}
			return nil
		},
	})
}

func renderTestFeature(c *engine.Call, f engine.Obj) engine.Obj {
	out := engine.CloneObj(f)
	if c.Base != "" {
		self := c.Base + "/api/v1/test-features/" + engine.Str(f, "id")
		out["_links"] = engine.Obj{"self": engine.Obj{"href": self, "hints": engine.Obj{"allow": []any{"GET"}}}}
	}
	return out
}

func listTestFeatures(c *engine.Call) engine.Reply {
	items := c.Org.List(tableTestFeatures, "")
	out := make([]any, len(items))
	for i, f := range items {
		out[i] = renderTestFeature(c, f)
	}
	return engine.OK(out)
}

func getTestFeature(c *engine.Call) engine.Reply {
	f := c.Org.Get(tableTestFeatures, "", c.Param("featureId"))
	if f == nil {
		return engine.Fail(engine.ErrNotFound(c.Param("featureId"), "Feature"))
	}
	return engine.OK(renderTestFeature(c, f))
}

func setTestFeature(c *engine.Call) engine.Reply {
	f := c.Org.Get(tableTestFeatures, "", c.Param("featureId"))
	if f == nil {
		return engine.Fail(engine.ErrNotFound(c.Param("featureId"), "Feature"))
	}
	switch c.Param("lifecycle") {
	case "ENABLE":
		f["status"] = "ENABLED"
	case "DISABLE":
		f["status"] = "DISABLED"
	default:
		return engine.Fail(engine.NewError(http.StatusBadRequest, "E0000001", "Api validation failed: lifecycle",
			"lifecycle: '"+c.Param("lifecycle")+"' is not ENABLE or DISABLE"))
	}
	return engine.OK(renderTestFeature(c, f))
}
