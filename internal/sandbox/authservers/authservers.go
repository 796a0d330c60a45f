package authservers

import (
	"net/http"
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
	Events: &engine.Events{Type: "AuthorizationServer", Create: "oauth2.as.created", Update: "oauth2.as.updated", Delete: "oauth2.as.deleted", Activate: "oauth2.as.activated", Deactivate: "oauth2.as.deactivated"},
	Coll:   "/api/v1/authorizationServers", IDParam: "authServerId",
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
