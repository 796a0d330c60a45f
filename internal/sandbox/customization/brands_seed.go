package customization

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// seedBrands creates the default brand every org has, pointing at the
// Okta Dashboard (SPEC ListBrandsResponse shows the default brand's
// defaultApp.appInstanceId set), with its theme.
func seedBrands(c *engine.Call) error {
	obj, err := brandsRes.Insert(c, "", engine.Obj{"name": "Okta Default"}, nil)
	if err != nil {
		return err
	}
	obj["isDefault"] = true
	if app := c.Org.Find(engine.TableApps, "", func(o engine.Obj) bool { return engine.Str(o, "name") == "okta_enduser" }); app != nil {
		engine.Set(obj, "defaultApp.appInstanceId", engine.Str(app, "id"))
	}
	return nil
}
