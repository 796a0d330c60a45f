package sandbox

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
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
var authServersRes = &resource{
	name: "authServers", typeName: "AuthorizationServer", prefix: "aus", area: "authorizationServers",
	coll: "/api/v1/authorizationServers", idParam: "authServerId",
	page:         pageSpec{def: 200, max: 200, cursor: true},
	createStatus: http.StatusCreated,
	life:         lifecycle{enabled: true, reply: replyNoContent},
	fields: []field{
		{path: "name", typ: tString, required: true},
		{path: "description", typ: tString},
		{path: "audiences", typ: tArray, required: true},
		{path: "issuerMode", typ: tString, enum: []string{"ORG_URL", "CUSTOM_URL", "DYNAMIC"}},
		{path: "credentials", typ: tObject},
		{path: "credentials.signing", typ: tObject},
		{path: "credentials.signing.rotationMode", typ: tString, enum: []string{"AUTO", "MANUAL"}},
	},
	readOnly: []string{"issuer", "default", "credentials.signing.kid",
		"credentials.signing.lastRotated", "credentials.signing.nextRotation"},
	keep:   []string{"default"},
	system: func(o Obj) bool { return boolAt(o, "default") },
}

// authServerKeyRotation is the AUTO rotation period: nextRotation is 90
// days after lastRotated in every recorded server.
const authServerKeyRotation = 90 * 24 * time.Hour

func init() {
	authServersRes.prepare = prepareAuthServer
	authServersRes.afterCreate = authServerAfterCreate
	authServersRes.afterDelete = authServerAfterDelete
	authServersRes.filter = filterAuthServers
	authServersRes.links = authServerLinks
	register(module{
		name: "authServers", phase: 50,
		routes: func(rt *router) {
			authServerInstall(rt, authServersRes, authServerFixIssuer)
			authServerInstall(rt, authServerScopesRes, authServerFixUntimed(authServerScopesRes))
			installAuthServerClaims(rt)
			authServerInstall(rt, authServerPoliciesRes, nil)
			authServerInstall(rt, authServerRulesRes, nil)
		},
		seed:     seedAuthServers,
		sample:   sampleAuthServers,
		generate: generateAuthServers,
	})
}

// authServerInstall registers a resource's generic endpoints through the
// engine and wraps each new handler: the literal id `default` resolves to
// the default server before the handler runs, and fix (when given) adjusts
// every object in the answer (issuer, fields Okta does not return).
func authServerInstall(rt *router, res *resource, fix func(c *call, o Obj)) {
	res.installWrapped(rt, func(h handlerFunc) handlerFunc { return authServerWrap(h, fix) })
}

func authServerWrap(h handlerFunc, fix func(c *call, o Obj)) handlerFunc {
	return func(c *call) reply {
		authServerResolveAlias(c)
		rep := h(c)
		if rep.err != nil || fix == nil {
			return rep
		}
		switch b := rep.body.(type) {
		case Obj:
			fix(c, b)
		case []any:
			for _, x := range b {
				if o, ok := x.(Obj); ok {
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
func authServerResolveAlias(c *call) {
	if c.request() == nil || c.request().PathValue("authServerId") != "default" {
		return
	}
	if as := authServerDefault(c); as != nil {
		c.request().SetPathValue("authServerId", str(as, "id"))
	}
}

// authServerDefault returns the org's default authorization server.
func authServerDefault(c *call) Obj {
	return c.o.find("authServers", "", func(o Obj) bool { return boolAt(o, "default") })
}

// authServerPathID is how Okta names a server in URLs it renders: the
// default server is always `default`.
func authServerPathID(c *call, asID string) string {
	if as := c.o.get("authServers", "", asID); as != nil && boolAt(as, "default") {
		return "default"
	}
	return asID
}

// authServerURL is the server's API URL as Okta renders it.
func authServerURL(c *call, asID string) string {
	return c.base + "/api/v1/authorizationServers/" + authServerPathID(c, asID)
}

// authServerLink is a link object with hints.allow.
func authServerLink(href string, allow ...string) Obj {
	return Obj{"href": href, "hints": Obj{"allow": anyStrings(allow)}}
}

// authServerLifecycleLink sets the activate or deactivate link for status.
func authServerLifecycleLink(l Obj, self, status string) {
	delete(l, "activate")
	delete(l, "deactivate")
	if status == "ACTIVE" {
		l["deactivate"] = authServerLink(self+"/lifecycle/deactivate", "POST")
	} else {
		l["activate"] = authServerLink(self+"/lifecycle/activate", "POST")
	}
}

func authServerIssuer(c *call, asID string) string {
	return c.base + "/oauth2/" + authServerPathID(c, asID)
}

func authServerFixIssuer(c *call, o Obj) {
	if c.base != "" {
		o["issuer"] = authServerIssuer(c, str(o, "id"))
	}
}

func authServerLinks(c *call, _ string, o Obj, l Obj) {
	id := str(o, "id")
	self := authServerURL(c, id)
	iss := authServerIssuer(c, id)
	l["rotateKey"] = authServerLink(self+"/credentials/lifecycle/keyRotate", "POST")
	l["metadata"] = []any{
		Obj{"name": "oauth-authorization-server", "href": iss + "/.well-known/oauth-authorization-server", "hints": Obj{"allow": []any{"GET"}}},
		Obj{"name": "openid-configuration", "href": iss + "/.well-known/openid-configuration", "hints": Obj{"allow": []any{"GET"}}},
	}
	l["resourceServerCredentialsKeys"] = authServerLink(self+"/resourceservercredentials/keys", "GET")
	l["keys"] = authServerLink(self+"/credentials/keys", "GET")
	l["claims"] = authServerLink(self+"/claims", "GET", "POST")
	l["policies"] = authServerLink(self+"/policies", "GET", "POST")
	l["scopes"] = authServerLink(self+"/scopes", "GET", "POST")
	l["self"] = authServerLink(self, "GET", "DELETE", "PUT")
	authServerLifecycleLink(l, self, str(o, "status"))
}

func authServerPlusRotation(ts string) string {
	t, err := time.Parse("2006-01-02T15:04:05.000Z", ts)
	if err != nil {
		return ts
	}
	return t.Add(authServerKeyRotation).UTC().Format("2006-01-02T15:04:05.000Z")
}

func prepareAuthServer(c *call, _ string, body, cur Obj) *apiError {
	name := strings.TrimSpace(str(body, "name"))
	if name == "" {
		return errValidation("name", "name: The field cannot be left blank")
	}
	// Internal builders (seed, sample, generate) make unique names by
	// construction; checking them would make --generate quadratic.
	if c.request() != nil && authServerNameTaken(c, name, str(cur, "id")) {
		return errValidation("name", "name: An authorization server with this name already exists")
	}
	auds, _ := body["audiences"].([]any)
	if len(auds) == 0 {
		return errValidation("audiences", "audiences: The field cannot be left blank")
	}
	if len(auds) > 1 {
		return errValidation("audiences", "audiences: Only one audience is supported")
	}
	for _, a := range auds {
		if s, ok := a.(string); !ok {
			return errMalformed()
		} else if strings.TrimSpace(s) == "" {
			return errValidation("audiences", "audiences: The field cannot be left blank")
		}
	}
	setDefault(body, "issuerMode", "ORG_URL")
	if _, ok := body["description"]; !ok {
		body["description"] = nil // recorded as an explicit null (gh299)
	}
	if cur == nil {
		now := c.o.timestamp()
		set(body, "credentials.signing", Obj{
			"kid":          c.o.secret(43),
			"rotationMode": "AUTO",
			"lastRotated":  now,
			"nextRotation": authServerPlusRotation(now),
		})
		body["default"] = false
		return nil
	}
	mode := str(body, "credentials.signing.rotationMode")
	if mode == "" {
		mode = str(cur, "credentials.signing.rotationMode")
	}
	last := str(cur, "credentials.signing.lastRotated")
	signing := Obj{"kid": str(cur, "credentials.signing.kid"), "rotationMode": mode, "lastRotated": last}
	if mode == "AUTO" {
		next := str(cur, "credentials.signing.nextRotation")
		if next == "" {
			next = authServerPlusRotation(last)
		}
		signing["nextRotation"] = next
	}
	set(body, "credentials.signing", signing)
	return nil
}

// authServerNameTaken reports whether another server has this name (case
// does not matter), reading the table without copying it.
func authServerNameTaken(c *call, name, selfID string) bool {
	t := c.o.Table("authServers", "")
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
func authServerAfterCreate(c *call, _ string, as Obj) *apiError {
	id := str(as, "id")
	// System objects are the server's, not the client's: they are made
	// through an internal call, which the kinds' checks tell apart from a
	// request (SYSTEM claims, okta.* names).
	c = c.internal()
	for _, s := range authServerSystemScopes {
		obj, err := authServerScopesRes.insert(c, id, Obj{
			"name": s[0], "displayName": s[1], "description": s[2],
			"consent": "IMPLICIT", "metadataPublish": "ALL_CLIENTS",
		}, nil)
		if err != nil {
			return err
		}
		obj["system"] = true
	}
	for _, cl := range authServerSystemClaims {
		body := Obj{
			"name": cl.name, "status": "ACTIVE", "claimType": cl.claimType, "valueType": cl.valueType,
			"conditions": Obj{"scopes": anyStrings(cl.scopes)}, "alwaysIncludeInToken": cl.always,
		}
		if cl.value != "" {
			body["value"] = cl.value
		}
		obj, err := authServerClaimsRes.insert(c, id, body, nil)
		if err != nil {
			return err
		}
		obj["system"] = true
	}
	return nil
}

// authServerAfterDelete drops the server's scopes, claims, policies and
// their rules.
func authServerAfterDelete(c *call, _ string, cur Obj) {
	id := str(cur, "id")
	for _, p := range c.o.list("authServerPolicies", id) {
		c.o.dropTable("authServerPolicyRules", str(p, "id"))
		c.o.remove(authServerPolicyOwners, "", str(p, "id"))
	}
	c.o.dropTable("authServerPolicies", id)
	c.o.dropTable("authServerScopes", id)
	c.o.dropTable("authServerClaims", id)
}

// filterAuthServers applies `q`, which searches names and audiences.
func filterAuthServers(c *call, _ string, items []Obj) ([]Obj, *apiError) {
	q := strings.ToLower(c.query().Get("q"))
	if q == "" {
		return items, nil
	}
	out := items[:0:0]
	for _, o := range items {
		match := strings.HasPrefix(strings.ToLower(str(o, "name")), q)
		for _, a := range stringsAt(o, "audiences") {
			match = match || strings.HasPrefix(strings.ToLower(a), q)
		}
		if match {
			out = append(out, o)
		}
	}
	return out, nil
}

func seedAuthServers(c *call) error {
	as, err := authServersRes.insert(c, "", Obj{
		"name":        "default",
		"description": "Default Authorization Server for your Applications",
		"audiences":   []any{"api://default"},
		"issuerMode":  "ORG_URL",
	}, nil)
	if err != nil {
		return err
	}
	as["default"] = true
	id := str(as, "id")
	for _, s := range authServerMyAccountScopes {
		if _, err := authServerScopesRes.insert(c, id, Obj{
			"name": s[0], "displayName": s[1], "description": s[2],
			"consent": "IMPLICIT", "metadataPublish": "ALL_CLIENTS",
		}, nil); err != nil {
			return err
		}
	}
	pol, err := authServerPoliciesRes.insert(c, id, Obj{
		"type": "OAUTH_AUTHORIZATION_POLICY", "name": "Default Policy",
		"description": "Default policy description",
		"priority":    1,
		"conditions":  Obj{"clients": Obj{"include": []any{"ALL_CLIENTS"}}},
	}, nil)
	if err != nil {
		return err
	}
	_, err = authServerRulesRes.insert(c, str(pol, "id"), Obj{
		"type": "RESOURCE_ACCESS", "name": "Default Policy Rule", "priority": 1,
		"conditions": Obj{
			"people":     Obj{"groups": Obj{"include": []any{"EVERYONE"}}},
			"grantTypes": Obj{"include": anyStrings(authServerDefaultGrantTypes)},
			"scopes":     Obj{"include": []any{"*"}},
		},
		"actions": Obj{"token": Obj{
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
func authServerSampleClients(c *call, labels []string, fallback int) []any {
	type app struct{ label, clientID string }
	var apps []app
	for _, a := range c.o.list("apps", "") {
		if id := str(a, "credentials.oauthClient.client_id"); id != "" {
			apps = append(apps, app{str(a, "label"), id})
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
func authServerGroupIDs(c *call, names ...string) []any {
	var out []any
	for _, n := range names {
		if g := c.o.find("groups", "", func(o Obj) bool { return str(o, "profile.name") == n }); g != nil {
			out = append(out, str(g, "id"))
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
func authServerTokenHook(c *call) string {
	var names []string
	ids := map[string]string{}
	for _, h := range c.o.list("inlineHooks", "") {
		if str(h, "type") == "com.okta.oauth2.tokens.transform" {
			names = append(names, str(h, "name"))
			ids[str(h, "name")] = str(h, "id")
		}
	}
	if len(names) == 0 {
		return ""
	}
	sort.Strings(names)
	return ids[names[0]]
}

func sampleAuthServers(c *call) error {
	hook := authServerTokenHook(c)
	for _, s := range authServerSamples {
		as, err := authServersRes.insert(c, "", Obj{
			"name": s.name, "description": s.desc, "audiences": []any{s.audience},
		}, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		asID := str(as, "id")
		for i, sc := range s.scopes {
			if _, err := authServerScopesRes.insert(c, asID, Obj{
				"name": sc[0], "displayName": sc[1], "description": sc[2], "consent": sc[3],
				"metadataPublish": "ALL_CLIENTS", "default": i == 0, "optional": false,
			}, nil); err != nil {
				return fmt.Errorf("%s scope %s: %w", s.name, sc[0], err)
			}
		}
		for _, cl := range s.claims {
			body := Obj{
				"name": cl.name, "claimType": cl.claimType, "valueType": cl.valueType, "value": cl.value,
				"conditions": Obj{"scopes": anyStrings(cl.scopes)},
			}
			if cl.filter != "" {
				body["group_filter_type"] = cl.filter
			}
			obj, err := authServerClaimsRes.insert(c, asID, body, nil)
			if err != nil {
				return fmt.Errorf("%s claim %s: %w", s.name, cl.name, err)
			}
			if cl.inactive {
				obj["status"] = "INACTIVE"
			}
		}
		for pi, p := range s.policies {
			include := authServerSampleClients(c, p.clients, pi)
			pol, err := authServerPoliciesRes.insert(c, asID, Obj{
				"type": "OAUTH_AUTHORIZATION_POLICY", "name": p.name, "description": p.desc,
				"conditions": Obj{"clients": Obj{"include": include}},
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
				token := Obj{"accessTokenLifetimeMinutes": r.access, "refreshTokenLifetimeMinutes": 0, "refreshTokenWindowMinutes": 10080}
				if r.hook && hook != "" {
					token["inlineHook"] = Obj{"id": hook}
				}
				rule, err := authServerRulesRes.insert(c, str(pol, "id"), Obj{
					"type": "RESOURCE_ACCESS", "name": r.name,
					"conditions": Obj{
						"people":     Obj{"groups": Obj{"include": groups}},
						"grantTypes": Obj{"include": anyStrings(r.grants)},
						"scopes":     Obj{"include": anyStrings(r.scopes)},
					},
					"actions": Obj{"token": token},
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
func generateAuthServers(c *call, n int) error {
	var groups []string
	for _, g := range c.o.list("groups", "") {
		if str(g, "type") != "BUILT_IN" {
			groups = append(groups, str(g, "id"))
		}
	}
	for i := 1; i <= n; i++ {
		as, err := authServersRes.insert(c, "", Obj{
			"name":        fmt.Sprintf("gen-authserver-%05d", i),
			"description": fmt.Sprintf("Generated authorization server %d", i),
			"audiences":   []any{fmt.Sprintf("api://gen-%05d", i)},
		}, nil)
		if err != nil {
			return err
		}
		asID := str(as, "id")
		for _, sc := range []string{"read", "write", "admin"} {
			if _, err := authServerScopesRes.insert(c, asID, Obj{
				"name": "gen:" + sc, "displayName": "Generated " + sc, "description": "Generated scope " + sc,
			}, nil); err != nil {
				return err
			}
		}
		if _, err := authServerClaimsRes.insert(c, asID, Obj{
			"name": "gen_level", "claimType": "RESOURCE", "valueType": "EXPRESSION", "value": "user.title",
			"conditions": Obj{"scopes": []any{"gen:read"}},
		}, nil); err != nil {
			return err
		}
		pol, err := authServerPoliciesRes.insert(c, asID, Obj{
			"type": "OAUTH_AUTHORIZATION_POLICY", "name": "Generated policy", "description": "Generated policy",
			"conditions": Obj{"clients": Obj{"include": []any{"ALL_CLIENTS"}}},
		}, nil)
		if err != nil {
			return err
		}
		group := any("EVERYONE")
		if len(groups) > 0 {
			group = groups[(i-1)%len(groups)]
		}
		if _, err := authServerRulesRes.insert(c, str(pol, "id"), Obj{
			"type": "RESOURCE_ACCESS", "name": "Generated rule",
			"conditions": Obj{
				"people":     Obj{"groups": Obj{"include": []any{group}}},
				"grantTypes": Obj{"include": []any{"authorization_code", "client_credentials"}},
				"scopes":     Obj{"include": []any{"gen:read", "gen:write"}},
			},
		}, nil); err != nil {
			return err
		}
	}
	return nil
}
