package apps

import (
	"net/http"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// OAuth 2.0 client secrets (v6 spec listOAuth2ClientSecrets …
// deactivateOAuth2ClientSecret; recorded TestAccDataSourceOktaAppOauth_read#13):
// the secrets of a confidential OIDC client, at most two, each ACTIVE or
// INACTIVE. The list shows the secret and its hash, with a deactivate link
// on an ACTIVE secret and activate and delete links on an INACTIVE one.
// Only an INACTIVE secret can be deleted, and the last ACTIVE one can't be
// deactivated: a client always has a secret to authenticate with. The app
// body's credentials.oauthClient.client_secret (on create and replace) is
// the first ACTIVE secret (appsSyncSecret in apps.go).

const appSecretsMax = 2

func init() {
	engine.Register(engine.Module{
		Name: "app-secrets", Phase: 42,
		Routes: func(rt *engine.Router) {
			read, manage := engine.ScopeFor("apps", "GET"), engine.ScopeFor("apps", "POST")
			coll := "/api/v1/apps/{appId}/credentials/secrets"
			item := coll + "/{secretId}"
			rt.Handle("GET", coll, read, appSecretsList)
			rt.Handle("POST", coll, manage, appSecretsCreate)
			rt.Handle("GET", item, read, appSecretsGet)
			rt.Handle("DELETE", item, engine.ScopeFor("apps", "DELETE"), appSecretsDelete)
			rt.Handle("POST", item+"/lifecycle/activate", manage, appSecretsStatus("ACTIVE"))
			rt.Handle("POST", item+"/lifecycle/deactivate", manage, appSecretsStatus("INACTIVE"))
		},
	})
}

// appSecretsApp looks up a confidential OIDC client.
func appSecretsApp(c *engine.Call) (engine.Obj, *engine.APIError) {
	id := c.Param("appId")
	app := c.Org.Get(engine.TableApps, "", id)
	if app == nil {
		return nil, engine.ErrNotFound(id, appsRes.TypeName)
	}
	if engine.Str(app, "signOnMode") != "OPENID_CONNECT" || !appNeedsSecret(app) {
		return nil, engine.ErrValidation("client_secret", "client_secret: The app is not a client that authenticates with a client secret")
	}
	return app, nil
}

func appSecretRender(c *engine.Call, appID string, s engine.Obj) engine.Obj {
	out := engine.CloneObj(s)
	self := c.Base + "/api/v1/apps/" + appID + "/credentials/secrets/" + engine.Str(s, "id")
	post := engine.Obj{"allow": []any{"POST"}}
	l := engine.Obj{}
	if engine.Str(s, "status") == "ACTIVE" {
		l["deactivate"] = engine.Obj{"href": self + "/lifecycle/deactivate", "hints": post}
	} else {
		l["activate"] = engine.Obj{"href": self + "/lifecycle/activate", "hints": post}
		l["delete"] = engine.Obj{"href": self, "hints": engine.Obj{"allow": []any{"DELETE"}}}
	}
	out["_links"] = l
	return out
}

func appSecretsList(c *engine.Call) engine.Reply {
	app, err := appSecretsApp(c)
	if err != nil {
		return engine.Fail(err)
	}
	id := engine.Str(app, "id")
	out := []any{}
	for _, s := range c.Org.List("appClientSecrets", id) {
		out = append(out, appSecretRender(c, id, s))
	}
	return engine.OK(out)
}

func appSecretLookup(c *engine.Call) (string, engine.Obj, *engine.APIError) {
	app, err := appSecretsApp(c)
	if err != nil {
		return "", nil, err
	}
	id := engine.Str(app, "id")
	s := c.Org.Get("appClientSecrets", id, c.Param("secretId"))
	if s == nil {
		return "", nil, engine.ErrNotFound(c.Param("secretId"), "OAuth2ClientSecret")
	}
	return id, s, nil
}

func appSecretsGet(c *engine.Call) engine.Reply {
	appID, s, err := appSecretLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(appSecretRender(c, appID, s))
}

// appSecretsCreate adds a secret, generated or (client_secret) chosen,
// ACTIVE unless the body says INACTIVE (201).
func appSecretsCreate(c *engine.Call) engine.Reply {
	app, err := appSecretsApp(c)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	id := engine.Str(app, "id")
	if len(c.Org.List("appClientSecrets", id)) >= appSecretsMax {
		return engine.Fail(engine.ErrValidation("client_secret", "client_secret: A client can have at most 2 secrets"))
	}
	secret := engine.Str(body, "client_secret")
	switch {
	case secret == "":
		secret = c.Org.Secret(64)
	case len(secret) < 14 || len(secret) > 100:
		return engine.Fail(engine.ErrValidation("client_secret", "client_secret: A client secret has 14 to 100 characters"))
	}
	status := "ACTIVE"
	if engine.Str(body, "status") == "INACTIVE" {
		status = "INACTIVE"
	}
	now := c.Org.Timestamp()
	sid := c.Org.NewID("ocs")
	s := engine.Obj{"id": sid, "created": now, "lastUpdated": now, "status": status,
		"client_secret": secret, "secret_hash": appSecretHash(secret)}
	c.Org.Put("appClientSecrets", id, sid, s)
	emitApp(c, evSecretCreate, id)
	return engine.Created(appSecretRender(c, id, s))
}

func appActiveSecrets(c *engine.Call, appID string) int {
	n := 0
	for _, s := range c.Org.List("appClientSecrets", appID) {
		if engine.Str(s, "status") == "ACTIVE" {
			n++
		}
	}
	return n
}

func appSecretsStatus(status string) engine.HandlerFunc {
	return func(c *engine.Call) engine.Reply {
		appID, s, err := appSecretLookup(c)
		if err != nil {
			return engine.Fail(err)
		}
		if status == "INACTIVE" && engine.Str(s, "status") == "ACTIVE" && appActiveSecrets(c, appID) == 1 {
			return engine.Fail(engine.ErrValidation("client_secret", "client_secret: The last active secret of a client can't be deactivated"))
		}
		if engine.Str(s, "status") != status {
			s["status"] = status
			s["lastUpdated"] = c.Org.Timestamp()
			ev := evSecretActivate
			if status == "INACTIVE" {
				ev = evSecretDeactivate
			}
			emitApp(c, ev, appID)
		}
		return engine.OK(appSecretRender(c, appID, s))
	}
}

func appSecretsDelete(c *engine.Call) engine.Reply {
	appID, s, err := appSecretLookup(c)
	if err != nil {
		return engine.Fail(err)
	}
	if engine.Str(s, "status") == "ACTIVE" {
		return engine.Fail(engine.NewError(http.StatusBadRequest, "E0000001", "Api validation failed: client_secret",
			"client_secret: Only an INACTIVE secret can be deleted"))
	}
	c.Org.Remove("appClientSecrets", appID, engine.Str(s, "id"))
	emitApp(c, evSecretDelete, appID)
	return engine.NoContent()
}
