package apps

import (
	"fmt"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// What --sample adds below the sample apps (apps_sample.go): custom app
// user attributes, a SCIM-provisioned app with its connection, features and
// a group push mapping, federated claims on the SAML and an OIDC app,
// Okta API scope grants for the service app and a profile enrollment
// policy for the customer portal. The objects refer to groups, policies
// and each other, so that examples/org-snapshot shows every kind of issue
// 13 with its references.
func init() {
	engine.Register(engine.Module{Name: "app-depth-sample", Phase: 43, Sample: sampleAppDepth})
}

// appByLabel finds a sample app.
func appByLabel(c *engine.Call, label string) engine.Obj {
	return c.Org.Find(engine.TableApps, "", func(o engine.Obj) bool { return engine.Str(o, "label") == label })
}

func sampleAppDepth(c *engine.Call) error {
	apps := map[string]engine.Obj{}
	for _, l := range []string{"Engineering Portal", "Expense Reports", "Inventory Sync Service", "Customer Portal"} {
		if apps[l] = appByLabel(c, l); apps[l] == nil {
			return fmt.Errorf("sample app %q is missing", l)
		}
	}
	// Custom app user attributes the federated claims and profile
	// mappings use.
	schemas := []struct {
		app   string
		attrs engine.Obj
	}{
		{"Engineering Portal", engine.Obj{
			"costCenter": engine.Obj{"title": "Cost center", "type": "string", "scope": "NONE", "maxLength": engine.JSONInt(8)},
			"team": engine.Obj{"title": "Team", "type": "string", "scope": "NONE", "enum": []any{"platform", "product", "infra"},
				"oneOf": []any{engine.Obj{"const": "platform", "title": "Platform"}, engine.Obj{"const": "product", "title": "Product"},
					engine.Obj{"const": "infra", "title": "Infrastructure"}}},
		}},
		{"Expense Reports", engine.Obj{
			"employeeNumber": engine.Obj{"title": "Employee number", "type": "string", "scope": "NONE", "externalName": "employee_id"},
			"approvers":      engine.Obj{"title": "Approvers", "type": "array", "items": engine.Obj{"type": "string"}, "union": "DISABLE"},
		}},
	}
	for _, s := range schemas {
		app, schema, err := appUserSchema(c, engine.Str(apps[s.app], "id"))
		if err != nil {
			return err
		}
		defs := schema["definitions"].(map[string]any)
		custom := defs["custom"].(map[string]any)
		if err := appSchemaUpdateCustom(defs["base"].(map[string]any), custom, s.attrs); err != nil {
			return fmt.Errorf("%s user schema: %w", engine.Str(app, "label"), err)
		}
	}

	// Federated claims.
	claims := []struct{ app, name, expr string }{
		{"Expense Reports", "employee_number", "appuser.employeeNumber"},
		{"Expense Reports", "department", "user.profile.department"},
		{"Engineering Portal", "cost_center", "appuser.costCenter"},
	}
	for _, cl := range claims {
		if _, err := fedClaimsRes.Insert(c, engine.Str(apps[cl.app], "id"), engine.Obj{"name": cl.name, "expression": cl.expr}, nil); err != nil {
			return fmt.Errorf("federated claim %s: %w", cl.name, err)
		}
	}

	// Okta API scopes for the service app.
	svc := apps["Inventory Sync Service"]
	for _, scope := range []string{"okta.groups.read", "okta.users.read"} {
		now := c.Org.Timestamp()
		g := engine.Obj{"id": c.Org.NewID("oag"), "status": "ACTIVE", "created": now, "lastUpdated": now,
			"createdBy": engine.Obj{"id": c.Org.AdminID, "type": "User"}, "issuer": "", // rendered as the org's URL
			"clientId": engine.Str(svc, "credentials.oauthClient.client_id"), "scopeId": scope, "source": "ADMIN"}
		c.Org.Put(engine.TableAppGrants, engine.Str(svc, "id"), engine.Str(g, "id"), g)
	}

	// The customer portal's users register through the portal's profile
	// enrollment policy.
	if pe := c.Org.Find(engine.TablePolicies, "", func(p engine.Obj) bool {
		return engine.Str(p, "type") == "PROFILE_ENROLLMENT" && engine.Str(p, "name") == "Portal Self-Registration"
	}); pe != nil {
		if err := appAssignPolicy(c, engine.Str(apps["Customer Portal"], "id"), engine.Str(pe, "id")); err != nil {
			return err
		}
	}
	return sampleProvisionedApp(c)
}

// sampleProvisionedApp adds a SAML app that provisions users to a SCIM
// service and pushes the Engineering group.
func sampleProvisionedApp(c *engine.Call) error {
	app, _, err := appCreate(c, appSampleSAML("People Directory", "https://directory.example.com/saml/acs", "https://directory.example.com"), nil)
	if err != nil {
		return err
	}
	appID := engine.Str(app, "id")
	if g := appGroupByName(c, "All Employees"); g != nil {
		if _, apiErr := appGroupPut(c, appID, engine.Str(g, "id"), engine.Obj{"priority": engine.JSONInt(0), "profile": engine.Obj{}}); apiErr != nil {
			return fmt.Errorf("%s: All Employees: %w", engine.Str(app, "label"), apiErr)
		}
	}
	_, conn, apiErr := appConnection(c, appID)
	if apiErr != nil {
		return apiErr
	}
	c.Org.Put(tableAppConnTokens, "", appID, engine.Obj{"token": c.Org.Secret(40)})
	conn["baseUrl"] = "https://directory.example.com/scim/v2"
	appProvisioningOn(c, app, conn)
	f := c.Org.Get(tableAppFeatures, appID, "USER_PROVISIONING")
	engine.Merge(f["capabilities"].(map[string]any), engine.Obj{
		"create": engine.Obj{"lifecycleCreate": engine.Obj{"status": "ENABLED"}},
		"update": engine.Obj{"profile": engine.Obj{"status": "ENABLED"}, "lifecycleDeactivate": engine.Obj{"status": "ENABLED"}},
	})
	if eng := appGroupByName(c, "Engineering"); eng != nil {
		target, terr := groupPushTarget(c, appID, "", "okta-engineering")
		if terr != nil {
			return terr
		}
		now := c.Org.Timestamp()
		m := engine.Obj{"id": c.Org.NewID("gPm"), "sourceGroupId": engine.Str(eng, "id"), "targetGroupId": engine.Str(target, "id"),
			"status": "ACTIVE", "created": now, "lastUpdated": now, "lastPush": now}
		c.Org.Put(tableAppGroupPush, appID, engine.Str(m, "id"), m)
	}
	return nil
}
