package mappings

import (
	"fmt"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// What --sample changes in the mappings Okta makes: the Engineering
// Portal gets its custom attributes from the Okta profile (pushed), and
// the sample OIDC IdP also maps the department.
func init() {
	engine.Register(engine.Module{Name: "profile-mappings-sample", Phase: 47, Sample: sampleMappings})
}

func sampleMappings(c *engine.Call) error {
	sync(c)
	edits := []struct {
		endKind, label string // the app or IdP end, by label or name
		toApp          bool
		props          engine.Obj
	}{
		{endApp, "Engineering Portal", true, engine.Obj{
			"costCenter": engine.Obj{"expression": "user.costCenter", "pushStatus": "PUSH"},
			"team":       engine.Obj{"expression": `user.department == "Platform" ? "platform" : "product"`, "pushStatus": "PUSH"},
		}},
		{endApp, "People Directory", true, engine.Obj{
			"email": engine.Obj{"expression": "user.email", "pushStatus": "PUSH"},
		}},
	}
	for _, e := range edits {
		end := c.Org.Find(endTables[e.endKind], "", func(o engine.Obj) bool { return engine.Str(o, "label") == e.label })
		if end == nil {
			return fmt.Errorf("sample %s %q is missing", e.endKind, e.label)
		}
		side := "source.id"
		if e.toApp {
			side = "target.id"
		}
		m := c.Org.Find(tableMappings, "", func(m engine.Obj) bool { return engine.Str(m, side) == engine.Str(end, "id") })
		if m == nil {
			return fmt.Errorf("no mapping for %s", e.label)
		}
		engine.Merge(m["properties"].(map[string]any), e.props)
	}
	for _, idp := range c.Org.List(engine.TableIdPs, "") {
		if engine.Str(idp, "type") != "OIDC" {
			continue
		}
		for _, m := range c.Org.List(tableMappings, "") {
			if engine.Str(m, "source.id") == engine.Str(idp, "id") {
				engine.Merge(m["properties"].(map[string]any), engine.Obj{
					"department": engine.Obj{"expression": "appuser.department", "pushStatus": "DONT_PUSH"}})
			}
		}
	}
	return nil
}
