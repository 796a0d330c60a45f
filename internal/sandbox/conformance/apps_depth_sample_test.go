package conformance

import (
	"net/http"
	"strings"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// TestAppDepthSample reads what --sample adds below the apps through the
// spec-checked client: every app's user schema, the provisioned app's
// connection, features and group push mapping, the federated claims, the
// grants, the profile enrollment link and every profile mapping.
func TestAppDepthSample(t *testing.T) {
	o := newAppTestOrg(t, sandbox.Options{Sample: true})
	o.Srv.Org().Lock()
	var ids []string
	labels := map[string]string{}
	for _, a := range o.Srv.Org().List("apps", "") {
		if n := engine.Str(a, "name"); n == "saasure" || strings.HasPrefix(n, "okta_") || n == "flow" {
			continue
		}
		ids = append(ids, engine.Str(a, "id"))
		labels[engine.Str(a, "label")] = engine.Str(a, "id")
	}
	o.Srv.Org().Unlock()
	provisioned, claims := 0, 0
	for _, id := range ids {
		o.obj(http.StatusOK, "GET", "/api/v1/meta/schemas/apps/"+id+"/default", nil)
		app := o.obj(http.StatusOK, "GET", "/api/v1/apps/"+id, nil)
		if len(engine.StringsAt(app, "features")) > 0 {
			provisioned++
			o.obj(http.StatusOK, "GET", "/api/v1/apps/"+id+"/connections/default", nil)
			if f, _ := o.list("GET", "/api/v1/apps/"+id+"/features"); len(f) != 2 {
				t.Errorf("features of %s: %v", id, f)
			}
			if m, _ := o.list("GET", "/api/v1/apps/"+id+"/group-push/mappings"); len(m) != 1 {
				t.Errorf("group push of %s: %v", id, m)
			}
		}
		if m := engine.Str(app, "signOnMode"); m == "SAML_2_0" || m == "OPENID_CONNECT" {
			l, _ := o.list("GET", "/api/v1/apps/"+id+"/federated-claims")
			claims += len(l)
		}
	}
	if provisioned != 1 || claims != 3 {
		t.Errorf("%d provisioned apps, %d federated claims; want 1 and 3", provisioned, claims)
	}
	if g, _ := o.list("GET", "/api/v1/apps/"+labels["Inventory Sync Service"]+"/grants"); len(g) != 2 || engine.Str(g[0].(map[string]any), "issuer") != o.URL {
		t.Errorf("grants %v", g)
	}
	pe := o.obj(http.StatusOK, "GET", "/api/v1/apps/"+labels["Customer Portal"], nil)
	pol := o.obj(http.StatusOK, "GET", "/api/v1/policies/"+engine.Str(pe, "_links.profileEnrollment.href")[strings.LastIndexByte(engine.Str(pe, "_links.profileEnrollment.href"), '/')+1:], nil)
	if engine.Str(pol, "name") != "Portal Self-Registration" {
		t.Errorf("Customer Portal's profile enrollment policy is %v", pol["name"])
	}
	mappings, _ := o.list("GET", "/api/v1/mappings?limit=200")
	edited := 0
	for _, m := range mappings {
		full := o.obj(http.StatusOK, "GET", "/api/v1/mappings/"+engine.Str(m.(map[string]any), "id"), nil)
		if engine.At(full, "properties.costCenter") != nil {
			edited++
		}
	}
	if len(mappings) < len(ids) || edited != 1 {
		t.Errorf("%d mappings for %d apps, %d with the sample's edit", len(mappings), len(ids), edited)
	}
}
