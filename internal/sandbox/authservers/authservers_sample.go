package authservers

import (
	"fmt"
	"sort"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// authServerSampleClients picks OAuth client ids of the org's apps for a
// sample policy: the apps with the wanted labels, or else (when the app
// sample names its apps differently) the OIDC app at position fallback in
// label order; none at all means ALL_CLIENTS.
func authServerSampleClients(c *engine.Call, labels []string, fallback int) []any {
	type app struct{ label, clientID string }
	var apps []app
	for _, a := range c.Org.List(engine.TableApps, "") {
		if id := engine.Str(a, "credentials.oauthClient.client_id"); id != "" {
			apps = append(apps, app{engine.Str(a, "label"), id})
		}
	}
	sort.SliceStable(apps, func(i, j int) bool { return apps[i].label < apps[j].label })
	var out []any
	for _, l := range labels {
		for _, a := range apps {
			if a.label == l {
				out = append(out, a.clientID)
				break
			}
		}
	}
	if len(out) == 0 && len(labels) > 0 && len(apps) > 0 {
		out = []any{apps[fallback%len(apps)].clientID}
	}
	if len(out) == 0 {
		out = []any{"ALL_CLIENTS"}
	}
	return out
}

// authServerGroupIDs maps sample group names to ids, skipping names the
// org does not have; with none left, the rule applies to EVERYONE.
func authServerGroupIDs(c *engine.Call, names ...string) []any {
	var out []any
	for _, n := range names {
		if g := c.Org.Find(engine.TableGroups, "", func(o engine.Obj) bool { return engine.Str(o, "profile.name") == n }); g != nil {
			out = append(out, engine.Str(g, "id"))
		}
	}
	if len(out) == 0 {
		out = []any{"EVERYONE"}
	}
	return out
}

type authServerSampleRule struct {
	name     string
	groups   []string // group names; nil means EVERYONE
	grants   []string
	scopes   []string
	access   int
	inactive bool
	hook     bool // attach the org's token inline hook, if it has one
}

type authServerSamplePolicy struct {
	name, desc string
	clients    []string // labels of the apps whose clients it covers; none → ALL_CLIENTS
	inactive   bool
	rules      []authServerSampleRule
}

type authServerSampleClaim struct {
	name, claimType, valueType, value, filter string
	scopes                                    []string
	inactive                                  bool
}

type authServerSample struct {
	name, desc, audience string
	inactive             bool
	scopes               [][4]string // name, displayName, description, consent
	claims               []authServerSampleClaim
	policies             []authServerSamplePolicy
}

var authServerSamples = []authServerSample{
	{
		name: "Customer API", desc: "Tokens for the customer-facing REST API", audience: "api://customer",
		scopes: [][4]string{
			{"customer:read", "Read your customer profile", "Read customer profiles and preferences", "IMPLICIT"},
			{"customer:write", "Update your customer profile", "Update customer profiles and preferences", "REQUIRED"},
			{"orders:read", "View your orders", "Read order history", "IMPLICIT"},
			{"orders:write", "Place orders", "Create and cancel orders", "REQUIRED"},
		},
		claims: []authServerSampleClaim{
			{name: "groups", claimType: "RESOURCE", valueType: "GROUPS", value: "Portal", filter: "STARTS_WITH"},
			{name: "customer_tier", claimType: "RESOURCE", valueType: "EXPRESSION", value: "user.customerTier", scopes: []string{"customer:read"}},
			{name: "locale_hint", claimType: "IDENTITY", valueType: "EXPRESSION", value: "user.locale", scopes: []string{"profile"}, inactive: true},
		},
		policies: []authServerSamplePolicy{
			{name: "Web and mobile apps", desc: "Interactive sign-in from the customer portal apps", clients: []string{"Customer Portal", "Field Sales Mobile"},
				rules: []authServerSampleRule{
					{name: "Portal users", groups: []string{"Portal Users"}, grants: []string{"authorization_code", "interaction_code"},
						scopes: []string{"openid", "profile", "email", "offline_access", "customer:read", "customer:write", "orders:read", "orders:write"}, access: 60},
					{name: "Support agents read-only", groups: []string{"Support"}, grants: []string{"authorization_code"},
						scopes: []string{"openid", "profile", "customer:read", "orders:read"}, access: 30},
				}},
			{name: "Service to service", desc: "Back-end jobs using client credentials",
				rules: []authServerSampleRule{
					{name: "Order sync jobs", grants: []string{"client_credentials"}, scopes: []string{"customer:read", "orders:read", "orders:write"}, access: 15, hook: true},
				}},
		},
	},
	{
		name: "Partner API", desc: "Catalog and ordering API for resellers", audience: "api://partners",
		scopes: [][4]string{
			{"partner:catalog.read", "Read the catalog", "Read products and prices", "IMPLICIT"},
			{"partner:orders.write", "Place orders for customers", "Create orders on behalf of customers", "REQUIRED"},
			{"partner:reports", "Read partner reports", "Read sales and commission reports", "REQUIRED"},
		},
		claims: []authServerSampleClaim{
			{name: "partner_id", claimType: "RESOURCE", valueType: "EXPRESSION", value: "user.partnerId", scopes: []string{"partner:orders.write"}},
			{name: "sales_groups", claimType: "RESOURCE", valueType: "GROUPS", value: "Sales", filter: "EQUALS"},
		},
		policies: []authServerSamplePolicy{
			{name: "Partner integrations", desc: "Resellers' systems and the sales team",
				rules: []authServerSampleRule{
					{name: "Partner systems", grants: []string{"client_credentials"}, scopes: []string{"partner:catalog.read", "partner:orders.write"}, access: 60},
					{name: "Sales team", groups: []string{"Sales"}, grants: []string{"authorization_code"}, scopes: []string{"openid", "profile", "partner:reports"}, access: 60},
				}},
		},
	},
	{
		name: "Internal Tools", desc: "Engineering dashboards and admin tools", audience: "api://internal",
		scopes: [][4]string{
			{"tools:read", "Read internal tools", "Read dashboards and reports", "IMPLICIT"},
			{"tools:admin", "Administer internal tools", "Change settings of internal tools", "ADMIN"},
		},
		claims: []authServerSampleClaim{
			{name: "eng_groups", claimType: "RESOURCE", valueType: "GROUPS", value: "Engineering", filter: "STARTS_WITH"},
			{name: "department", claimType: "IDENTITY", valueType: "EXPRESSION", value: "user.department", scopes: []string{"tools:read"}},
			{name: "cost_center", claimType: "RESOURCE", valueType: "EXPRESSION", value: "user.costCenter", scopes: []string{"tools:admin"}},
		},
		policies: []authServerSamplePolicy{
			{name: "Engineering tools", desc: "Dashboards for engineers", clients: []string{"Engineering Portal"},
				rules: []authServerSampleRule{
					{name: "Engineers", groups: []string{"Engineering", "Engineering Managers"},
						grants: []string{"authorization_code", "urn:ietf:params:oauth:grant-type:device_code"},
						scopes: []string{"openid", "profile", "offline_access", "tools:read"}, access: 30},
					{name: "Break-glass admins", groups: []string{"Admins - Break Glass"}, grants: []string{"authorization_code"},
						scopes: []string{"openid", "tools:admin"}, access: 5},
				}},
			{name: "Contractor access", desc: "Read-only access for contractors (paused)", inactive: true,
				rules: []authServerSampleRule{
					{name: "Contractors read-only", groups: []string{"Contractors"}, grants: []string{"authorization_code"},
						scopes: []string{"openid", "tools:read"}, access: 15, inactive: true},
				}},
		},
	},
	{
		name: "Legacy Billing API", desc: "Retired billing API kept for audits", audience: "api://billing", inactive: true,
		scopes: [][4]string{
			{"billing:read", "Read invoices", "Read invoices and payments", "IMPLICIT"},
			{"billing:export", "Export invoices", "Export invoices as CSV", "REQUIRED"},
		},
		claims: []authServerSampleClaim{
			{name: "account_id", claimType: "RESOURCE", valueType: "EXPRESSION", value: "user.employeeNumber", scopes: []string{"billing:read"}},
		},
		policies: []authServerSamplePolicy{
			{name: "Finance exports", desc: "Finance team exports",
				rules: []authServerSampleRule{
					{name: "Finance", groups: []string{"Finance"}, grants: []string{"authorization_code", "client_credentials"},
						scopes: []string{"billing:read", "billing:export"}, access: 60},
				}},
		},
	},
}

// authServerTokenHook finds the org's first token inline hook (by name).
func authServerTokenHook(c *engine.Call) string {
	var names []string
	ids := map[string]string{}
	for _, h := range c.Org.List(engine.TableInlineHooks, "") {
		if engine.Str(h, "type") == "com.okta.oauth2.tokens.transform" {
			names = append(names, engine.Str(h, "name"))
			ids[engine.Str(h, "name")] = engine.Str(h, "id")
		}
	}
	if len(names) == 0 {
		return ""
	}
	sort.Strings(names)
	return ids[names[0]]
}

func sampleAuthServers(c *engine.Call) error {
	hook := authServerTokenHook(c)
	for _, s := range authServerSamples {
		as, err := authServersRes.Insert(c, "", engine.Obj{
			"name": s.name, "description": s.desc, "audiences": []any{s.audience},
		}, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		asID := engine.Str(as, "id")
		for i, sc := range s.scopes {
			if _, err := authServerScopesRes.Insert(c, asID, engine.Obj{
				"name": sc[0], "displayName": sc[1], "description": sc[2], "consent": sc[3],
				"metadataPublish": "ALL_CLIENTS", "default": i == 0, "optional": false,
			}, nil); err != nil {
				return fmt.Errorf("%s scope %s: %w", s.name, sc[0], err)
			}
		}
		for _, cl := range s.claims {
			body := engine.Obj{
				"name": cl.name, "claimType": cl.claimType, "valueType": cl.valueType, "value": cl.value,
				"conditions": engine.Obj{"scopes": engine.AnyStrings(cl.scopes)},
			}
			if cl.filter != "" {
				body["group_filter_type"] = cl.filter
			}
			obj, err := authServerClaimsRes.Insert(c, asID, body, nil)
			if err != nil {
				return fmt.Errorf("%s claim %s: %w", s.name, cl.name, err)
			}
			if cl.inactive {
				obj["status"] = "INACTIVE"
			}
		}
		for pi, p := range s.policies {
			include := authServerSampleClients(c, p.clients, pi)
			pol, err := authServerPoliciesRes.Insert(c, asID, engine.Obj{
				"type": "OAUTH_AUTHORIZATION_POLICY", "name": p.name, "description": p.desc,
				"conditions": engine.Obj{"clients": engine.Obj{"include": include}},
			}, nil)
			if err != nil {
				return fmt.Errorf("%s policy %s: %w", s.name, p.name, err)
			}
			if p.inactive {
				pol["status"] = "INACTIVE"
			}
			for _, r := range p.rules {
				groups := []any{"EVERYONE"}
				if r.groups != nil {
					groups = authServerGroupIDs(c, r.groups...)
				}
				token := engine.Obj{"accessTokenLifetimeMinutes": r.access, "refreshTokenLifetimeMinutes": 0, "refreshTokenWindowMinutes": 10080}
				if r.hook && hook != "" {
					token["inlineHook"] = engine.Obj{"id": hook}
				}
				rule, err := authServerRulesRes.Insert(c, engine.Str(pol, "id"), engine.Obj{
					"type": "RESOURCE_ACCESS", "name": r.name,
					"conditions": engine.Obj{
						"people":     engine.Obj{"groups": engine.Obj{"include": groups}},
						"grantTypes": engine.Obj{"include": engine.AnyStrings(r.grants)},
						"scopes":     engine.Obj{"include": engine.AnyStrings(r.scopes)},
					},
					"actions": engine.Obj{"token": token},
				}, nil)
				if err != nil {
					return fmt.Errorf("%s rule %s: %w", s.name, r.name, err)
				}
				if r.inactive {
					rule["status"] = "INACTIVE"
				}
			}
		}
		if s.inactive {
			as["status"] = "INACTIVE"
		}
	}
	return nil
}

// generateAuthServers builds n servers, each with three scopes, a claim, a
// policy and a rule naming one of the org's groups (round robin over the
// non-built-in groups, Everyone when there are none).
func generateAuthServers(c *engine.Call, n int) error {
	var groups []string
	for _, g := range c.Org.List(engine.TableGroups, "") {
		if engine.Str(g, "type") != "BUILT_IN" {
			groups = append(groups, engine.Str(g, "id"))
		}
	}
	for i := 1; i <= n; i++ {
		as, err := authServersRes.Insert(c, "", engine.Obj{
			"name":        fmt.Sprintf("gen-authserver-%05d", i),
			"description": fmt.Sprintf("Generated authorization server %d", i),
			"audiences":   []any{fmt.Sprintf("api://gen-%05d", i)},
		}, nil)
		if err != nil {
			return err
		}
		asID := engine.Str(as, "id")
		for _, sc := range []string{"read", "write", "admin"} {
			if _, err := authServerScopesRes.Insert(c, asID, engine.Obj{
				"name": "gen:" + sc, "displayName": "Generated " + sc, "description": "Generated scope " + sc,
			}, nil); err != nil {
				return err
			}
		}
		if _, err := authServerClaimsRes.Insert(c, asID, engine.Obj{
			"name": "gen_level", "claimType": "RESOURCE", "valueType": "EXPRESSION", "value": "user.title",
			"conditions": engine.Obj{"scopes": []any{"gen:read"}},
		}, nil); err != nil {
			return err
		}
		pol, err := authServerPoliciesRes.Insert(c, asID, engine.Obj{
			"type": "OAUTH_AUTHORIZATION_POLICY", "name": "Generated policy", "description": "Generated policy",
			"conditions": engine.Obj{"clients": engine.Obj{"include": []any{"ALL_CLIENTS"}}},
		}, nil)
		if err != nil {
			return err
		}
		group := any("EVERYONE")
		if len(groups) > 0 {
			group = groups[(i-1)%len(groups)]
		}
		if _, err := authServerRulesRes.Insert(c, engine.Str(pol, "id"), engine.Obj{
			"type": "RESOURCE_ACCESS", "name": "Generated rule",
			"conditions": engine.Obj{
				"people":     engine.Obj{"groups": engine.Obj{"include": []any{group}}},
				"grantTypes": engine.Obj{"include": []any{"authorization_code", "client_credentials"}},
				"scopes":     engine.Obj{"include": []any{"gen:read", "gen:write"}},
			},
		}, nil); err != nil {
			return err
		}
	}
	return nil
}
