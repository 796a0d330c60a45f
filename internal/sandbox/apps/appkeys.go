package apps

import (
	"net/http"
	"strconv"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// App key credentials (SPEC listApplicationKeys, getApplicationKey,
// generateApplicationKey, cloneApplicationKey): the signing keys of the
// apps that sign with a key of their own (SAML 2.0, SAML 1.1,
// WS-Federation). An app's credentials.signing.kid names the key in use;
// it is one of the app's keys, and a PUT may switch it to another of them
// (after generate or clone), never to a kid the app doesn't have.
//
// Table appKeys (parent = app id) holds each key as listed, keyed by kid.
// Real keys cost tens of milliseconds each, so an app's first key is made
// when a client first asks for it (the keys, a key, the SAML metadata),
// under the kid the app was created with: a generated org of thousands of
// SAML apps builds without making any.

const tableAppKeys = "appKeys"

func init() {
	engine.Register(engine.Module{
		Name: "app-keys", Phase: 42,
		Routes: func(rt *engine.Router) {
			read, manage := engine.ScopeFor("apps", "GET"), engine.ScopeFor("apps", "POST")
			keys := "/api/v1/apps/{appId}/credentials/keys"
			rt.Handle("GET", keys, read, appKeysList)
			rt.Handle("POST", keys+"/generate", manage, appKeysGenerate)
			rt.Handle("GET", keys+"/{keyId}", read, appKeysGet)
			rt.Handle("POST", keys+"/{keyId}/clone", manage, appKeysClone)
		},
	})
}

// appSignsWithOwnKey reports the apps that have key credentials of their
// own.
func appSignsWithOwnKey(app engine.Obj) bool {
	return appModes[engine.Str(app, "signOnMode")].signing == "app"
}

// appEnsureKeys makes the key the app's credentials.signing.kid names when
// the app doesn't have it yet.
func appEnsureKeys(c *engine.Call, app engine.Obj) *engine.APIError {
	id, kid := engine.Str(app, "id"), engine.Str(app, "credentials.signing.kid")
	if !appSignsWithOwnKey(app) || kid == "" || c.Org.Get(tableAppKeys, id, kid) != nil {
		return nil
	}
	_, err := appAddNewKey(c, id, kid, 10)
	return err
}

// appAddNewKey generates a key valid for years and stores it under kid.
func appAddNewKey(c *engine.Call, appID, kid string, years int) (engine.Obj, *engine.APIError) {
	der, err := engine.NewSigningCert(c.Org.Sub, c.Org.Now(), years)
	if err != nil {
		return nil, engine.NewError(http.StatusInternalServerError, "E0000009", "Internal Server Error")
	}
	key, apiErr := engine.CertJWK(kid, der, c.Org.Timestamp())
	if apiErr != nil {
		return nil, apiErr
	}
	c.Org.Put(tableAppKeys, appID, kid, key)
	return key, nil
}

// appKeysApp looks up {appId} and makes sure its first key exists.
func appKeysApp(c *engine.Call, param string) (engine.Obj, *engine.APIError) {
	id := c.Param(param)
	app := c.Org.Get(engine.TableApps, "", id)
	if app == nil {
		return nil, engine.ErrNotFound(id, appsRes.TypeName)
	}
	return app, appEnsureKeys(c, app)
}

func appKeysList(c *engine.Call) engine.Reply {
	app, err := appKeysApp(c, "appId")
	if err != nil {
		return engine.Fail(err)
	}
	out := []any{}
	for _, k := range c.Org.List(tableAppKeys, engine.Str(app, "id")) {
		out = append(out, engine.CloneObj(k))
	}
	return engine.OK(out)
}

func appKeysGet(c *engine.Call) engine.Reply {
	app, err := appKeysApp(c, "appId")
	if err != nil {
		return engine.Fail(err)
	}
	k := c.Org.Get(tableAppKeys, engine.Str(app, "id"), c.Param("keyId"))
	if k == nil {
		return engine.Fail(engine.ErrNotFound(c.Param("keyId"), "AppInstanceKey"))
	}
	return engine.OK(engine.CloneObj(k))
}

// appKeysGenerate is POST …/keys/generate?validityYears=2..10: a new key
// the app doesn't use until a PUT names its kid (201).
func appKeysGenerate(c *engine.Call) engine.Reply {
	app, err := appKeysApp(c, "appId")
	if err != nil {
		return engine.Fail(err)
	}
	years, perr := strconv.Atoi(c.Query().Get("validityYears"))
	if perr != nil || years < 2 || years > 10 {
		return engine.Fail(engine.ErrValidation("validityYears", "validityYears: The validity must be between 2 and 10 years"))
	}
	id := engine.Str(app, "id")
	key, err := appAddNewKey(c, id, appKid("app:"+id+":"+c.Org.NewID("")), years)
	if err != nil {
		return engine.Fail(err)
	}
	emitApp(c, evKeysGenerate, engine.Str(app, "id"))
	return engine.Created(engine.CloneObj(key))
}

// appKeysClone is POST …/keys/{keyId}/clone?targetAid=: the same key (kid
// and certificate) becomes a key of the target app too (201).
func appKeysClone(c *engine.Call) engine.Reply {
	app, err := appKeysApp(c, "appId")
	if err != nil {
		return engine.Fail(err)
	}
	kid := c.Param("keyId")
	k := c.Org.Get(tableAppKeys, engine.Str(app, "id"), kid)
	if k == nil {
		return engine.Fail(engine.ErrNotFound(kid, "AppInstanceKey"))
	}
	targetID := c.Query().Get("targetAid")
	target := c.Org.Get(engine.TableApps, "", targetID)
	if target == nil {
		return engine.Fail(engine.ErrNotFound(targetID, appsRes.TypeName))
	}
	if err := appEnsureKeys(c, target); err != nil {
		return engine.Fail(err)
	}
	if c.Org.Get(tableAppKeys, targetID, kid) != nil {
		return engine.Fail(engine.ErrValidation("targetAid", "targetAid: The app already has the key "+kid))
	}
	clone := engine.CloneObj(k)
	now := c.Org.Timestamp()
	clone["created"], clone["lastUpdated"] = now, now
	c.Org.Put(tableAppKeys, targetID, kid, clone)
	emitApp(c, evKeysClone, targetID)
	return engine.Created(engine.CloneObj(clone))
}
