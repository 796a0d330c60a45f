package authservers

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Custom authorization servers (api-facts §1.4, §6.3 e). Create answers
// 201 and lifecycle endpoints 204 (VCR TestAccResourceOktaAuthServer_crud,
// _gh299). The server fills in `issuer` (rendered per request, since it
// embeds the host), `issuerMode: ORG_URL`, `description: null` and the
// signing credentials: every new server starts with AUTO rotation whatever
// the request says (gh299 created with MANUAL and got AUTO back); a later
// PUT may switch to MANUAL, which drops nextRotation.
//
// Every org has the system server "default" (`default: true`), which is
// stored under an `aus` id like any other and is also addressable by the
// literal id `default`; Okta renders its links and issuer with `default`
// whichever id the client used (VCR TestAccResourceOktaAuthServerDefault_crud).
// Every server, custom or default, is created with the reserved OIDC scopes
// and the system claims (VCR TestAccResourceOktaAuthServerClaimDefault_crud
// lists them on a server the test had just created), but no policy; the
// default server also has the okta.myAccount.* scopes and a default policy.
//
// Okta's hints on self links allow DELETE even on the default server and
// on system scopes and claims (recorded); the deletes themselves are
// refused with 403 E0000006, the only refusal the spec documents for them.
var authServersRes = &engine.Resource{
	Name: "authServers", TypeName: "AuthorizationServer", Prefix: "aus", Area: "authorizationServers",
	Coll: "/api/v1/authorizationServers", IDParam: "authServerId",
	Page:         engine.PageSpec{Def: 200, Max: 200, Cursor: true},
	CreateStatus: http.StatusCreated,
	Life:         engine.Lifecycle{Enabled: true, Reply: engine.ReplyNoContent},
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "description", Type: engine.TString},
		{Path: "audiences", Type: engine.TArray, Required: true},
		{Path: "issuerMode", Type: engine.TString, Enum: []string{"ORG_URL", "CUSTOM_URL", "DYNAMIC"}},
		{Path: "credentials", Type: engine.TObject},
		{Path: "credentials.signing", Type: engine.TObject},
		{Path: "credentials.signing.rotationMode", Type: engine.TString, Enum: []string{"AUTO", "MANUAL"}},
	},
	ReadOnly: []string{"issuer", "default", "credentials.signing.kid",
		"credentials.signing.lastRotated", "credentials.signing.nextRotation"},
	Keep:   []string{"default"},
	System: func(o engine.Obj) bool { return engine.BoolAt(o, "default") },
}

// authServerKeyRotation is the AUTO rotation period: nextRotation is 90
// days after lastRotated in every recorded server.
const authServerKeyRotation = 90 * 24 * time.Hour

func init() {
	authServersRes.Prepare = prepareAuthServer
	authServersRes.AfterCreate = authServerAfterCreate
	authServersRes.AfterDelete = authServerAfterDelete
	authServersRes.Filter = filterAuthServers
	authServersRes.Links = authServerLinks
	engine.Register(engine.Module{
		Name: "authServers", Phase: 50,
		Routes: func(rt *engine.Router) {
			authServerInstall(rt, authServersRes, authServerFixIssuer)
			authServerInstall(rt, authServerScopesRes, authServerFixUntimed(authServerScopesRes))
			installAuthServerClaims(rt)
			authServerInstall(rt, authServerPoliciesRes, nil)
			authServerInstall(rt, authServerRulesRes, nil)
		},
		Seed:     seedAuthServers,
		Sample:   sampleAuthServers,
		Generate: generateAuthServers,
	})
}

// authServerInstall registers a resource's generic endpoints through the
// engine and wraps each new handler: the literal id `default` resolves to
// the default server before the handler runs, and fix (when given) adjusts
// every object in the answer (issuer, fields Okta does not return).
func authServerInstall(rt *engine.Router, res *engine.Resource, fix func(c *engine.Call, o engine.Obj)) {
	res.InstallWrapped(rt, func(h engine.HandlerFunc) engine.HandlerFunc { return authServerWrap(h, fix) })
}

func authServerWrap(h engine.HandlerFunc, fix func(c *engine.Call, o engine.Obj)) engine.HandlerFunc {
	return func(c *engine.Call) engine.Reply {
		authServerResolveAlias(c)
		rep := h(c)
		if rep.Err != nil || fix == nil {
			return rep
		}
		switch b := rep.Body.(type) {
		case engine.Obj:
			fix(c, b)
		case []any:
			for _, x := range b {
				if o, ok := x.(engine.Obj); ok {
					fix(c, o)
				}
			}
		}
		return rep
	}
}

// authServerResolveAlias rewrites the path value `default` to the default
// server's id, so every handler (and the engine's parent checks) sees the
// real id.
func authServerResolveAlias(c *engine.Call) {
	if c.Request() == nil || c.Request().PathValue("authServerId") != "default" {
		return
	}
	if as := authServerDefault(c); as != nil {
		c.Request().SetPathValue("authServerId", engine.Str(as, "id"))
	}
}

// authServerDefault returns the org's default authorization server.
func authServerDefault(c *engine.Call) engine.Obj {
	return c.Org.Find("authServers", "", func(o engine.Obj) bool { return engine.BoolAt(o, "default") })
}

// authServerPathID is how Okta names a server in URLs it renders: the
// default server is always `default`.
func authServerPathID(c *engine.Call, asID string) string {
	if as := c.Org.Get("authServers", "", asID); as != nil && engine.BoolAt(as, "default") {
		return "default"
	}
	return asID
}

// authServerURL is the server's API URL as Okta renders it.
func authServerURL(c *engine.Call, asID string) string {
	return c.Base + "/api/v1/authorizationServers/" + authServerPathID(c, asID)
}

// authServerLink is a link object with hints.allow.
func authServerLink(href string, allow ...string) engine.Obj {
	return engine.Obj{"href": href, "hints": engine.Obj{"allow": engine.AnyStrings(allow)}}
}

// authServerLifecycleLink sets the activate or deactivate link for status.
func authServerLifecycleLink(l engine.Obj, self, status string) {
	delete(l, "activate")
	delete(l, "deactivate")
	if status == "ACTIVE" {
		l["deactivate"] = authServerLink(self+"/lifecycle/deactivate", "POST")
	} else {
		l["activate"] = authServerLink(self+"/lifecycle/activate", "POST")
	}
}

func authServerIssuer(c *engine.Call, asID string) string {
	return c.Base + "/oauth2/" + authServerPathID(c, asID)
}

func authServerFixIssuer(c *engine.Call, o engine.Obj) {
	if c.Base != "" {
		o["issuer"] = authServerIssuer(c, engine.Str(o, "id"))
	}
}

func authServerLinks(c *engine.Call, _ string, o engine.Obj, l engine.Obj) {
	id := engine.Str(o, "id")
	self := authServerURL(c, id)
	iss := authServerIssuer(c, id)
	l["rotateKey"] = authServerLink(self+"/credentials/lifecycle/keyRotate", "POST")
	l["metadata"] = []any{
		engine.Obj{"name": "oauth-authorization-server", "href": iss + "/.well-known/oauth-authorization-server", "hints": engine.Obj{"allow": []any{"GET"}}},
		engine.Obj{"name": "openid-configuration", "href": iss + "/.well-known/openid-configuration", "hints": engine.Obj{"allow": []any{"GET"}}},
	}
	l["resourceServerCredentialsKeys"] = authServerLink(self+"/resourceservercredentials/keys", "GET")
	l["keys"] = authServerLink(self+"/credentials/keys", "GET")
	l["claims"] = authServerLink(self+"/claims", "GET", "POST")
	l["policies"] = authServerLink(self+"/policies", "GET", "POST")
	l["scopes"] = authServerLink(self+"/scopes", "GET", "POST")
	l["self"] = authServerLink(self, "GET", "DELETE", "PUT")
	authServerLifecycleLink(l, self, engine.Str(o, "status"))
}

func authServerPlusRotation(ts string) string {
	t, err := time.Parse("2006-01-02T15:04:05.000Z", ts)
	if err != nil {
		return ts
	}
	return t.Add(authServerKeyRotation).UTC().Format("2006-01-02T15:04:05.000Z")
}

func prepareAuthServer(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	name := strings.TrimSpace(engine.Str(body, "name"))
	if name == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	// Internal builders (seed, sample, generate) make unique names by
	// construction; checking them would make --generate quadratic.
	if c.Request() != nil && authServerNameTaken(c, name, engine.Str(cur, "id")) {
		return engine.ErrValidation("name", "name: An authorization server with this name already exists")
	}
	auds, _ := body["audiences"].([]any)
	if len(auds) == 0 {
		return engine.ErrValidation("audiences", "audiences: The field cannot be left blank")
	}
	if len(auds) > 1 {
		return engine.ErrValidation("audiences", "audiences: Only one audience is supported")
	}
	for _, a := range auds {
		if s, ok := a.(string); !ok {
			return engine.ErrMalformed()
		} else if strings.TrimSpace(s) == "" {
			return engine.ErrValidation("audiences", "audiences: The field cannot be left blank")
		}
	}
	engine.SetDefault(body, "issuerMode", "ORG_URL")
	if _, ok := body["description"]; !ok {
		body["description"] = nil // recorded as an explicit null (gh299)
	}
	if cur == nil {
		now := c.Org.Timestamp()
		engine.Set(body, "credentials.signing", engine.Obj{
			"kid":          c.Org.Secret(43),
			"rotationMode": "AUTO",
			"lastRotated":  now,
			"nextRotation": authServerPlusRotation(now),
		})
		body["default"] = false
		return nil
	}
	mode := engine.Str(body, "credentials.signing.rotationMode")
	if mode == "" {
		mode = engine.Str(cur, "credentials.signing.rotationMode")
	}
	last := engine.Str(cur, "credentials.signing.lastRotated")
	signing := engine.Obj{"kid": engine.Str(cur, "credentials.signing.kid"), "rotationMode": mode, "lastRotated": last}
	if mode == "AUTO" {
		next := engine.Str(cur, "credentials.signing.nextRotation")
		if next == "" {
			next = authServerPlusRotation(last)
		}
		signing["nextRotation"] = next
	}
	engine.Set(body, "credentials.signing", signing)
	return nil
}

// authServerNameTaken reports whether another server has this name (case
// does not matter), reading the table without copying it.
func authServerNameTaken(c *engine.Call, name, selfID string) bool {
	t := c.Org.Table("authServers", "")
	if t == nil {
		return false
	}
	for id, o := range t.Items {
		if n, _ := o["name"].(string); id != selfID && strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

// authServerAfterCreate gives a new server the reserved OIDC scopes and the
// system claims every server has.
func authServerAfterCreate(c *engine.Call, _ string, as engine.Obj) *engine.APIError {
	id := engine.Str(as, "id")
	// System objects are the server's, not the client's: they are made
	// through an internal call, which the kinds' checks tell apart from a
	// request (SYSTEM claims, okta.* names).
	c = c.Internal()
	for _, s := range authServerSystemScopes {
		obj, err := authServerScopesRes.Insert(c, id, engine.Obj{
			"name": s[0], "displayName": s[1], "description": s[2],
			"consent": "IMPLICIT", "metadataPublish": "ALL_CLIENTS",
		}, nil)
		if err != nil {
			return err
		}
		obj["system"] = true
	}
	for _, cl := range authServerSystemClaims {
		body := engine.Obj{
			"name": cl.name, "status": "ACTIVE", "claimType": cl.claimType, "valueType": cl.valueType,
			"conditions": engine.Obj{"scopes": engine.AnyStrings(cl.scopes)}, "alwaysIncludeInToken": cl.always,
		}
		if cl.value != "" {
			body["value"] = cl.value
		}
		obj, err := authServerClaimsRes.Insert(c, id, body, nil)
		if err != nil {
			return err
		}
		obj["system"] = true
	}
	return nil
}

// authServerAfterDelete drops the server's scopes, claims, policies and
// their rules.
func authServerAfterDelete(c *engine.Call, _ string, cur engine.Obj) {
	id := engine.Str(cur, "id")
	for _, p := range c.Org.List("authServerPolicies", id) {
		c.Org.DropTable("authServerPolicyRules", engine.Str(p, "id"))
		c.Org.Remove(authServerPolicyOwners, "", engine.Str(p, "id"))
	}
	c.Org.DropTable("authServerPolicies", id)
	c.Org.DropTable("authServerScopes", id)
	c.Org.DropTable("authServerClaims", id)
}

// filterAuthServers applies `q`, which searches names and audiences.
func filterAuthServers(c *engine.Call, _ string, items []engine.Obj) ([]engine.Obj, *engine.APIError) {
	q := strings.ToLower(c.Query().Get("q"))
	if q == "" {
		return items, nil
	}
	out := items[:0:0]
	for _, o := range items {
		match := strings.HasPrefix(strings.ToLower(engine.Str(o, "name")), q)
		for _, a := range engine.StringsAt(o, "audiences") {
			match = match || strings.HasPrefix(strings.ToLower(a), q)
		}
		if match {
			out = append(out, o)
		}
	}
	return out, nil
}

func seedAuthServers(c *engine.Call) error {
	as, err := authServersRes.Insert(c, "", engine.Obj{
		"name":        "default",
		"description": "Default Authorization Server for your Applications",
		"audiences":   []any{"api://default"},
		"issuerMode":  "ORG_URL",
	}, nil)
	if err != nil {
		return err
	}
	as["default"] = true
	id := engine.Str(as, "id")
	for _, s := range authServerMyAccountScopes {
		if _, err := authServerScopesRes.Insert(c, id, engine.Obj{
			"name": s[0], "displayName": s[1], "description": s[2],
			"consent": "IMPLICIT", "metadataPublish": "ALL_CLIENTS",
		}, nil); err != nil {
			return err
		}
	}
	pol, err := authServerPoliciesRes.Insert(c, id, engine.Obj{
		"type": "OAUTH_AUTHORIZATION_POLICY", "name": "Default Policy",
		"description": "Default policy description",
		"priority":    1,
		"conditions":  engine.Obj{"clients": engine.Obj{"include": []any{"ALL_CLIENTS"}}},
	}, nil)
	if err != nil {
		return err
	}
	_, err = authServerRulesRes.Insert(c, engine.Str(pol, "id"), engine.Obj{
		"type": "RESOURCE_ACCESS", "name": "Default Policy Rule", "priority": 1,
		"conditions": engine.Obj{
			"people":     engine.Obj{"groups": engine.Obj{"include": []any{"EVERYONE"}}},
			"grantTypes": engine.Obj{"include": engine.AnyStrings(authServerDefaultGrantTypes)},
			"scopes":     engine.Obj{"include": []any{"*"}},
		},
		"actions": engine.Obj{"token": engine.Obj{
			"accessTokenLifetimeMinutes":  60,
			"refreshTokenLifetimeMinutes": 0,
			"refreshTokenWindowMinutes":   10080,
		}},
	}, nil)
	if err != nil {
		return err
	}
	return nil
}

// authServerDefaultGrantTypes are the grant types of the default server's
// "Default Policy Rule".
var authServerDefaultGrantTypes = []string{
	"client_credentials", "authorization_code", "urn:ietf:params:oauth:grant-type:device_code",
	"interaction_code", "implicit", "password",
}

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
