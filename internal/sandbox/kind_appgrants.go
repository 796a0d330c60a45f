package sandbox

import (
	"net/http"
	"regexp"
	"strings"
)

// App scope consent grants (SPEC ApplicationGrants: listScopeConsentGrants,
// grantConsentToScope, getScopeConsentGrant, revokeScopeConsentGrant). A
// grant lets an OAuth client request one Okta API scope (okta.groups.read,
// …) from the org authorization server; the token endpoint (kind_oauth.go)
// issues a scope only if the app holds an ACTIVE grant for it, which is how
// Okta ties a service app to the Management API.
//
// Table appGrants, parent = app id, item id = grant id (prefix oag, as in
// the spec's examples). The body is what the spec's AppGrantsEx shows:
// {id, status, created, createdBy, lastUpdated, issuer, clientId, scopeId,
// source}; _embedded.scope and _links are rendered per request.
//
// Deleting an app can't be hooked from here (kind_apps.go owns the app's
// cascade), so grants of an app that no longer exists are treated as gone:
// every endpoint first checks the app, and the token endpoint only looks at
// grants of an app it found.
const appGrantsType = "OAuth2ScopeConsentGrant"

// appGrantScope is the shape of an Okta API scope name: okta.<area>.read or
// okta.<area>.manage, where some areas have several parts
// (okta.myAccount.email.read).
var appGrantScope = regexp.MustCompile(`^okta(\.[A-Za-z]+)+\.(read|manage)$`)

func init() {
	register(module{
		name: "app-grants", phase: 41,
		routes: func(rt *router) {
			coll := "/api/v1/apps/{appId}/grants"
			item := coll + "/{grantId}"
			rt.handle("GET", coll, scopeFor("appGrants", "GET"), appGrantsList)
			rt.handle("POST", coll, scopeFor("appGrants", "POST"), appGrantsCreate)
			rt.handle("GET", item, scopeFor("appGrants", "GET"), appGrantsGet)
			rt.handle("DELETE", item, scopeFor("appGrants", "DELETE"), appGrantsDelete)
		},
	})
}

// appGrantsClient returns the parent app, which must be an OAuth client:
// only apps with a client id can request tokens, so only they take grants.
func appGrantsClient(c *call) (Obj, *apiError) {
	id := c.param("appId")
	app := c.o.get("apps", "", id)
	if app == nil {
		return nil, errNotFound(id, appsRes.typeName)
	}
	return app, nil
}

func appGrantsRender(c *call, app, g Obj) Obj {
	out := cloneObj(g)
	out["_embedded"] = Obj{"scope": Obj{"id": str(g, "scopeId")}}
	if c.base == "" {
		return out
	}
	appHref := c.base + "/api/v1/apps/" + str(app, "id")
	out["_links"] = Obj{
		"app": Obj{"href": appHref, "title": str(app, "label")},
		"self": Obj{"href": appHref + "/grants/" + str(g, "id"),
			"hints": Obj{"allow": []any{"GET", "DELETE"}}},
		"client": Obj{"href": c.base + "/oauth2/v1/clients/" + str(g, "clientId"), "title": str(app, "label")},
	}
	return out
}

func appGrantsList(c *call) reply {
	app, err := appGrantsClient(c)
	if err != nil {
		return fail(err)
	}
	out := []any{}
	for _, g := range c.o.list("appGrants", str(app, "id")) {
		out = append(out, appGrantsRender(c, app, g))
	}
	return ok(out)
}

// appGrantsCreate is POST {issuer, scopeId}: 201 with the grant. The
// issuer must be the org authorization server's, which is the org URL.
// Granting a scope the app already holds is refused rather than
// duplicated; Okta's exact answer for that case is not recorded.
func appGrantsCreate(c *call) reply {
	app, err := appGrantsClient(c)
	if err != nil {
		return fail(err)
	}
	clientID := str(app, "credentials.oauthClient.client_id")
	if clientID == "" {
		return fail(errValidation("scopeId",
			"scopeId: Scopes can only be granted to OAuth 2.0 client apps (OPENID_CONNECT)"))
	}
	body, err := c.body()
	if err != nil {
		return fail(err)
	}
	if e := checkShape(body, []field{
		{path: "issuer", typ: tString, required: true},
		{path: "scopeId", typ: tString, required: true},
	}); e != nil {
		return fail(e)
	}
	issuer := strings.TrimSuffix(str(body, "issuer"), "/")
	if c.base != "" && !strings.EqualFold(issuer, c.base) {
		return fail(errValidation("issuer",
			"issuer: "+issuer+" is not this org's authorization server issuer ("+c.base+")"))
	}
	scope := str(body, "scopeId")
	if !appGrantScope.MatchString(scope) {
		return fail(errValidation("scopeId", "scopeId: '"+scope+"' is not an Okta API scope"))
	}
	appID := str(app, "id")
	for _, g := range c.o.list("appGrants", appID) {
		if str(g, "scopeId") == scope && str(g, "status") == "ACTIVE" {
			return fail(errValidation("scopeId", "scopeId: "+scope+" is already granted to this app"))
		}
	}
	now := c.o.timestamp()
	g := Obj{
		"id": c.o.newID("oag"), "status": "ACTIVE", "created": now, "lastUpdated": now,
		"createdBy": Obj{"id": c.o.AdminID, "type": "User"},
		"issuer":    issuer, "clientId": clientID, "scopeId": scope, "source": "ADMIN",
	}
	c.o.put("appGrants", appID, str(g, "id"), g)
	return reply{status: http.StatusCreated, body: appGrantsRender(c, app, g)}
}

func appGrantsLookup(c *call) (Obj, Obj, *apiError) {
	app, err := appGrantsClient(c)
	if err != nil {
		return nil, nil, err
	}
	id := c.param("grantId")
	g := c.o.get("appGrants", str(app, "id"), id)
	if g == nil {
		return nil, nil, errNotFound(id, appGrantsType)
	}
	return app, g, nil
}

func appGrantsGet(c *call) reply {
	app, g, err := appGrantsLookup(c)
	if err != nil {
		return fail(err)
	}
	return ok(appGrantsRender(c, app, g))
}

// appGrantsDelete revokes a grant. Tokens already issued keep their scopes
// until they expire, as with Okta's self-contained access tokens.
func appGrantsDelete(c *call) reply {
	app, g, err := appGrantsLookup(c)
	if err != nil {
		return fail(err)
	}
	c.o.remove("appGrants", str(app, "id"), str(g, "id"))
	return noContent()
}
