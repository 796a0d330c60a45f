package apps

import (
	"fmt"
	"slices"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// App federated claims (coverage.md C7; v6.1.0 spec listFederatedClaims,
// createFederatedClaim, getFederatedClaim, replaceFederatedClaim,
// deleteFederatedClaim; VCR TestAccOktaAppFederatedClaim_crud,
// TestAccDataSourceOktaAppFederatedClaim_read): claims a SAML or OIDC app
// adds to the assertions or tokens it receives, {name, expression}
// (expression is Okta EL). IDs ofc…; create answers 201, PUT replaces
// name and expression; answers carry id, name, expression, created and
// lastUpdated and no _links. Names are unique per app (not recorded; the
// name is the claim's key in the token, so two claims of one name could
// not both be emitted). Only SAML 2.0 and OIDC apps take them: they are
// the sign-on modes whose assertions or tokens carry claims.
var fedClaimsRes = &engine.Resource{
	Name: "appFederatedClaims", TypeName: "FederatedClaim", Prefix: "ofc", Area: "apps",
	Events: &engine.Events{Type: "FederatedClaim", Create: "application.federated_claim.create", Update: "application.federated_claim.update", Delete: "application.federated_claim.delete"},
	Coll:   "/api/v1/apps/{appId}/federated-claims", IDParam: "claimId", ParentParam: "appId", Parent: appsRes,
	CreateStatus: 201, DeleteStatus: 204, UpdateMethod: "PUT",
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "expression", Type: engine.TString, Required: true},
	},
}

var fedClaimModes = []string{"SAML_2_0", "OPENID_CONNECT"}

func init() {
	fedClaimsRes.Prepare = func(c *engine.Call, appID string, body, cur engine.Obj) *engine.APIError {
		app := c.Org.Get(engine.TableApps, "", appID)
		if mode := engine.Str(app, "signOnMode"); !slices.Contains(fedClaimModes, mode) {
			return engine.ErrValidation("Api validation failed: federatedClaim",
				fmt.Sprintf("Federated claims are supported for SAML 2.0 and OpenID Connect apps only, not %s", mode))
		}
		name := engine.Str(body, "name")
		if strings.TrimSpace(name) == "" {
			return engine.ErrValidation("Api validation failed: name", "name: The field cannot be left blank")
		}
		if strings.TrimSpace(engine.Str(body, "expression")) == "" {
			return engine.ErrValidation("Api validation failed: expression", "expression: The field cannot be left blank")
		}
		for _, o := range c.Org.List(fedClaimsRes.Name, appID) {
			if engine.Str(o, "name") == name && (cur == nil || engine.Str(o, "id") != engine.Str(cur, "id")) {
				return engine.ErrValidation("Api validation failed: name", "name: A federated claim with this name already exists for this app")
			}
		}
		return nil
	}
	engine.Register(engine.Module{
		Name: "app-federated-claims", Phase: 41,
		Routes: func(rt *engine.Router) { fedClaimsRes.InstallWrapped(rt, withoutLinks) },
		OnDelete: map[string]engine.DeleteHook{engine.TableApps: func(c *engine.Call, _ string, app engine.Obj) {
			c.Org.DropTable(fedClaimsRes.Name, engine.Str(app, "id"))
		}},
	})
}

// withoutLinks drops the _links the engine renders: Okta's answers for
// these objects have none.
func withoutLinks(h engine.HandlerFunc) engine.HandlerFunc {
	return func(c *engine.Call) engine.Reply {
		r := h(c)
		switch b := r.Body.(type) {
		case engine.Obj:
			delete(b, "_links")
		case []any:
			for _, it := range b {
				if o, ok := it.(engine.Obj); ok {
					delete(o, "_links")
				}
			}
		}
		return r
	}
}
