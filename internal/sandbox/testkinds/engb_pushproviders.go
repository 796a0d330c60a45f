package testkinds

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// test-push-providers stands for push providers (coverage.md E2; v6.1.0
// spec PushProvider, APNSConfiguration, FCMConfiguration): {name (unique),
// providerType APNS|FCM, configuration}. An FCM provider's
// configuration.serviceAccountJson is a JSON object (a Google service
// account key: project_id, private_key, client_email, …) and an APNs
// provider's configuration.tokenSigningKey a PEM private key (the .p8
// file); both are write-only: a GET answers an FCM provider's
// configuration with only projectId (VCR TestAccResourceOktaPushProvider_crud)
// and an APNs one's without the key. A PUT that leaves the secret out keeps
// the one Okta holds. Served under /api/v1/test-push-providers.
//
// A bad value is refused with a 400 whose cause quotes it, as Okta's
// validation messages do ("'x' is not a valid …"): that is what an
// apply error must never show of a secret.

const (
	tableTestPushProviders = "testPushProviders"
	tableTestPushSecrets   = "testPushSecrets" // by provider id: the write-only configuration
)

var pemKeyRE = regexp.MustCompile(`^-----BEGIN PRIVATE KEY-----\n([A-Za-z0-9+/=]+\n)+-----END PRIVATE KEY-----\n?$`)

func init() {
	const coll, item = "/api/v1/test-push-providers", "/api/v1/test-push-providers/{pushProviderId}"
	engine.Register(engine.Module{
		Name: "test-push-providers", Phase: 5,
		Routes: func(rt *engine.Router) {
			rt.Handle("GET", coll, engine.ScopeFor("pushProviders", "GET"), listTestPushProviders)
			rt.Handle("POST", coll, engine.ScopeFor("pushProviders", "POST"), func(c *engine.Call) engine.Reply { return writeTestPushProvider(c, nil) })
			rt.Handle("GET", item, engine.ScopeFor("pushProviders", "GET"), getTestPushProvider)
			rt.Handle("PUT", item, engine.ScopeFor("pushProviders", "PUT"), func(c *engine.Call) engine.Reply {
				cur := c.Org.Get(tableTestPushProviders, "", c.Param("pushProviderId"))
				if cur == nil {
					return engine.Fail(engine.ErrNotFound(c.Param("pushProviderId"), "PushProvider"))
				}
				return writeTestPushProvider(c, cur)
			})
			rt.Handle("DELETE", item, engine.ScopeFor("pushProviders", "DELETE"), func(c *engine.Call) engine.Reply {
				id := c.Param("pushProviderId")
				if c.Org.Get(tableTestPushProviders, "", id) == nil {
					return engine.Fail(engine.ErrNotFound(id, "PushProvider"))
				}
				c.Org.Remove(tableTestPushProviders, "", id)
				c.Org.Remove(tableTestPushSecrets, "", id)
				return engine.NoContent()
			})
		},
	})
}

func renderTestPushProvider(c *engine.Call, p engine.Obj) engine.Obj {
	out := engine.CloneObj(p)
	if c.Base != "" {
		self := c.Base + "/api/v1/test-push-providers/" + engine.Str(p, "id")
		out["_links"] = engine.Obj{"self": engine.Obj{"href": self, "hints": engine.Obj{"allow": []any{"GET", "PUT", "DELETE"}}}}
	}
	return out
}

func listTestPushProviders(c *engine.Call) engine.Reply {
	want := c.Query().Get("type")
	var out []any
	for _, p := range c.Org.List(tableTestPushProviders, "") {
		if want == "" || engine.Str(p, "providerType") == want {
			out = append(out, renderTestPushProvider(c, p))
		}
	}
	return engine.OK(append([]any{}, out...))
}

func getTestPushProvider(c *engine.Call) engine.Reply {
	p := c.Org.Get(tableTestPushProviders, "", c.Param("pushProviderId"))
	if p == nil {
		return engine.Fail(engine.ErrNotFound(c.Param("pushProviderId"), "PushProvider"))
	}
	return engine.OK(renderTestPushProvider(c, p))
}

// writeTestPushProvider creates (cur == nil) or replaces a provider.
func writeTestPushProvider(c *engine.Call, cur engine.Obj) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	name := strings.TrimSpace(engine.Str(body, "name"))
	if name == "" {
		return engine.Fail(engine.ErrValidation("Api validation failed: name", "name: The field cannot be left blank"))
	}
	if dup := c.Org.Find(tableTestPushProviders, "", func(o engine.Obj) bool {
		return engine.Str(o, "name") == name && (cur == nil || engine.Str(o, "id") != engine.Str(cur, "id"))
	}); dup != nil {
		return engine.Fail(engine.NewError(http.StatusBadRequest, "E0000001", "Api validation failed: name", "name: A push provider with this name already exists"))
	}
	typ := engine.Str(body, "providerType")
	if cur != nil && typ != engine.Str(cur, "providerType") {
		return engine.Fail(engine.ErrValidation("Api validation failed: providerType", "providerType: The provider type can't be changed"))
	}
	conf, _ := body["configuration"].(map[string]any)
	if conf == nil {
		conf = engine.Obj{}
	}
	id := c.Org.NewID("ppc")
	if cur != nil {
		id = engine.Str(cur, "id")
	}
	secret := c.Org.Get(tableTestPushSecrets, "", id)
	stored := engine.Obj{}
	switch typ {
	case "FCM":
		sa, has := conf["serviceAccountJson"]
		switch {
		case !has && secret != nil:
			sa = secret["serviceAccountJson"]
		case !has:
			return engine.Fail(engine.ErrValidation("Api validation failed: configuration.serviceAccountJson",
				"configuration.serviceAccountJson: The field cannot be left blank"))
		}
		key, ok := sa.(map[string]any)
		if !ok {
			return engine.Fail(engine.ErrValidation("Api validation failed: configuration.serviceAccountJson",
				"configuration.serviceAccountJson: The value must be a JSON object"))
		}
		if email := engine.Str(key, "client_email"); !strings.Contains(email, "@") {
			return engine.Fail(engine.ErrValidation("Api validation failed: configuration.serviceAccountJson",
				"configuration.serviceAccountJson.client_email: '"+email+"' is not a valid email address"))
		}
		if !pemKeyRE.MatchString(engine.Str(key, "private_key")) {
			return engine.Fail(engine.ErrValidation("Api validation failed: configuration.serviceAccountJson",
				"configuration.serviceAccountJson.private_key: The value is not a PEM private key"))
		}
		stored["configuration"] = engine.Obj{"projectId": engine.Str(key, "project_id")}
		if f := engine.Str(conf, "fileName"); f != "" {
			engine.Set(stored, "configuration.fileName", f)
		}
		secret = engine.Obj{"serviceAccountJson": engine.Clone(key)}
	case "APNS":
		pem, has := conf["tokenSigningKey"].(string)
		switch {
		case !has && secret != nil:
			pem = engine.Str(secret, "tokenSigningKey")
		case !pemKeyRE.MatchString(pem):
			return engine.Fail(engine.ErrValidation("Api validation failed: configuration.tokenSigningKey",
				"configuration.tokenSigningKey: '"+pem+"' is not a PEM private key"))
		}
		for _, f := range []string{"keyId", "teamId"} {
			if engine.Str(conf, f) == "" {
				return engine.Fail(engine.ErrValidation("Api validation failed: configuration."+f, "configuration."+f+": The field cannot be left blank"))
			}
		}
		stored["configuration"] = engine.Obj{"keyId": conf["keyId"], "teamId": conf["teamId"], "fileName": engine.Str(conf, "fileName")}
		secret = engine.Obj{"tokenSigningKey": pem}
	default:
		return engine.Fail(engine.ErrValidation("Api validation failed: providerType", "providerType: '"+typ+"' is not APNS or FCM"))
	}
	stored["id"], stored["name"], stored["providerType"] = id, name, typ
	stored["lastUpdatedDate"] = c.Org.Timestamp()
	c.Org.Put(tableTestPushProviders, "", id, stored)
	c.Org.Put(tableTestPushSecrets, "", id, secret)
	return engine.OK(renderTestPushProvider(c, stored))
}

// PushSecret returns the write-only configuration Okta holds for a push
// provider (the service account JSON or the PEM key), for tests that check
// what apply sent. The caller must not hold the org lock.
func PushSecret(s *engine.Server, id string) map[string]any {
	org := s.Org()
	org.Lock()
	defer org.Unlock()
	if o := org.Get(tableTestPushSecrets, "", id); o != nil {
		return engine.CloneObj(o)
	}
	return nil
}
