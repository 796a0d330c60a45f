package apps

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// App scope consent grants (SPEC ApplicationGrants: listScopeConsentGrants,
// grantConsentToScope, getScopeConsentGrant, revokeScopeConsentGrant). A
// grant lets an OAuth client request one Okta API scope (okta.groups.read,
// …) from the org authorization server; the token endpoint (engine/oauth.go)
// issues a scope only if the app holds an ACTIVE grant for it, which is how
// Okta ties a service app to the Management API.
//
// Table appGrants, parent = app id, item id = grant id (prefix oag, as in
// the spec's examples). The body is what the spec's AppGrantsEx shows:
// {id, status, created, createdBy, lastUpdated, issuer, clientId, scopeId,
// source}; _embedded.scope and _links are rendered per request.
//
// Deleting an app can't be hooked from here (apps.go owns the app's
// cascade), so grants of an app that no longer exists are treated as gone:
// every endpoint first checks the app, and the token endpoint only looks at
// grants of an app it found.
const appGrantsType = "OAuth2ScopeConsentGrant"

// appGrantScope is the shape of an Okta API scope name: okta.<area>.read or
// okta.<area>.manage, where some areas have several parts
// (okta.myAccount.email.read).
var appGrantScope = regexp.MustCompile(`^okta(\.[A-Za-z]+)+\.(read|manage)$`)

func init() {
	engine.Register(engine.Module{
		Name: "app-grants", Phase: 41,
		Routes: func(rt *engine.Router) {
			coll := "/api/v1/apps/{appId}/grants"
			item := coll + "/{grantId}"
			rt.Handle("GET", coll, engine.ScopeFor("appGrants", "GET"), appGrantsList)
			rt.Handle("POST", coll, engine.ScopeFor("appGrants", "POST"), appGrantsCreate)
			rt.Handle("GET", item, engine.ScopeFor("appGrants", "GET"), appGrantsGet)
			rt.Handle("DELETE", item, engine.ScopeFor("appGrants", "DELETE"), appGrantsDelete)
		},
	})
}

// appGrantsClient returns the parent app, which must be an OAuth client:
// only apps with a client id can request tokens, so only they take grants.
func appGrantsClient(c *engine.Call) (engine.Obj, *engine.APIError) {
	id := c.Param("appId")
	app := c.Org.Get(engine.TableApps, "", id)
	if app == nil {
		return nil, engine.ErrNotFound(id, appsRes.TypeName)
	}
	return app, nil
}

func appGrantsRender(c *engine.Call, app, g engine.Obj) engine.Obj {
	out := engine.CloneObj(g)
	if engine.Str(g, "issuer") == "" {
		// A grant the sandbox made itself (--sample) before it knew its
		// own URL: the issuer is the org's, rendered per request.
		out["issuer"] = c.Base
	}
	out["_embedded"] = engine.Obj{"scope": engine.Obj{"id": engine.Str(g, "scopeId")}}
	if c.Base == "" {
		return out
	}
	appHref := c.Base + "/api/v1/apps/" + engine.Str(app, "id")
	out["_links"] = engine.Obj{
		"app": engine.Obj{"href": appHref, "title": engine.Str(app, "label")},
		"self": engine.Obj{"href": appHref + "/grants/" + engine.Str(g, "id"),
			"hints": engine.Obj{"allow": []any{"GET", "DELETE"}}},
		"client": engine.Obj{"href": c.Base + "/oauth2/v1/clients/" + engine.Str(g, "clientId"), "title": engine.Str(app, "label")},
	}
	return out
}

func appGrantsList(c *engine.Call) engine.Reply {
	app, err := appGrantsClient(c)
	if err != nil {
		return engine.Fail(err)
	}
	out := []any{}
	for _, g := range c.Org.List(engine.TableAppGrants, engine.Str(app, "id")) {
		out = append(out, appGrantsRender(c, app, g))
	}
	return engine.OK(out)
}

// appGrantsCreate is POST {issuer, scopeId}: 201 with the grant. The
// issuer must be the org authorization server's, which is the org URL.
// Granting a scope the app already holds is refused rather than
// duplicated; Okta's exact answer for that case is not recorded.
func appGrantsCreate(c *engine.Call) engine.Reply {
	app, err := appGrantsClient(c)
	if err != nil {
		return engine.Fail(err)
	}
	clientID := engine.Str(app, "credentials.oauthClient.client_id")
	if clientID == "" {
		return engine.Fail(engine.ErrValidation("scopeId",
			"scopeId: Scopes can only be granted to OAuth 2.0 client apps (OPENID_CONNECT)"))
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if e := engine.CheckShape(body, []engine.Field{
		{Path: "issuer", Type: engine.TString, Required: true},
		{Path: "scopeId", Type: engine.TString, Required: true},
	}); e != nil {
		return engine.Fail(e)
	}
	issuer := strings.TrimSuffix(engine.Str(body, "issuer"), "/")
	if c.Base != "" && !strings.EqualFold(issuer, c.Base) {
		return engine.Fail(engine.ErrValidation("issuer",
			"issuer: "+issuer+" is not this org's authorization server issuer ("+c.Base+")"))
	}
	scope := engine.Str(body, "scopeId")
	if !appGrantScope.MatchString(scope) {
		return engine.Fail(engine.ErrValidation("scopeId", "scopeId: '"+scope+"' is not an Okta API scope"))
	}
	appID := engine.Str(app, "id")
	for _, g := range c.Org.List(engine.TableAppGrants, appID) {
		if engine.Str(g, "scopeId") == scope && engine.Str(g, "status") == "ACTIVE" {
			return engine.Fail(engine.ErrValidation("scopeId", "scopeId: "+scope+" is already granted to this app"))
		}
	}
	now := c.Org.Timestamp()
	g := engine.Obj{
		"id": c.Org.NewID("oag"), "status": "ACTIVE", "created": now, "lastUpdated": now,
		"createdBy": engine.Obj{"id": c.Org.AdminID, "type": "User"},
		"issuer":    issuer, "clientId": clientID, "scopeId": scope, "source": "ADMIN",
	}
	c.Org.Put(engine.TableAppGrants, appID, engine.Str(g, "id"), g)
	emitApp(c, evGrant, appID, child(targetScopeGrant, engine.Str(g, "id"), engine.Str(g, "scopeId")))
	return engine.Reply{Status: http.StatusCreated, Body: appGrantsRender(c, app, g)}
}

func appGrantsLookup(c *engine.Call) (engine.Obj, engine.Obj, *engine.APIError) {
	app, err := appGrantsClient(c)
	if err != nil {
		return nil, nil, err
	}
	id := c.Param("grantId")
	g := c.Org.Get(engine.TableAppGrants, engine.Str(app, "id"), id)
	if g == nil {
		return nil, nil, engine.ErrNotFound(id, appGrantsType)
	}
	return app, g, nil
}

func appGrantsGet(c *engine.Call) engine.Reply {
	app, g, err := appGrantsLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(appGrantsRender(c, app, g))
}

// appGrantsDelete revokes a grant. Tokens already issued keep their scopes
// until they expire, as with Okta's self-contained access tokens.
func appGrantsDelete(c *engine.Call) engine.Reply {
	app, g, err := appGrantsLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	c.Org.Remove(engine.TableAppGrants, engine.Str(app, "id"), engine.Str(g, "id"))
	emitApp(c, evRevoke, engine.Str(app, "id"), child(targetScopeGrant, engine.Str(g, "id"), engine.Str(g, "scopeId")))
	return engine.NoContent()
}
