package authenticators

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Push providers (api-facts §1.16, coverage §3.7 E2): the APNs and FCM
// credentials a custom_app authenticator sends push notifications with.
// What the recordings show (TestAccResourceOktaPushProvider_crud,
// TestAccDataSourceOktaPushProvider_read): ids ppc…, create answers 200,
// lastUpdatedDate instead of created/lastUpdated, the self link with
// hints GET, PUT, DELETE, and an FCM provider answers only
// configuration.projectId: the service account JSON is write-only, and
// Okta reads the project from its project_id.
//
// From the spec: the list filters by ?type=APNS|FCM and is not paged;
// APNs takes keyId, teamId, fileName and the write-only tokenSigningKey;
// deleting a provider a custom_app authenticator uses is 409 E0000187
// (SPEC ErrorPushProviderUsedByCustomAppAuthenticator). Unverified choices:
// names are unique and providerType can't change (400 E0000001); a PUT
// that leaves out a write-only key keeps the stored one, since no client
// can send back what it never read.
var pushProvidersRes = &engine.Resource{
	Name: tablePushProviders, TypeName: "PushProvider", Prefix: "ppc", Area: "pushProviders",
	Events: &engine.Events{Type: "PushProvider", Create: "device.push.provider.create", Update: "device.push.provider.update", Delete: "device.push.provider.delete"},
	Coll:   "/api/v1/push-providers", IDParam: "pushProviderId",
	CreateStatus: http.StatusOK, DeleteStatus: http.StatusNoContent, UpdateMethod: http.MethodPut,
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "providerType", Type: engine.TString, Required: true, Enum: []string{"APNS", "FCM"}},
		{Path: "configuration", Type: engine.TObject, Required: true},
		{Path: "configuration.keyId", Type: engine.TString},
		{Path: "configuration.teamId", Type: engine.TString},
		{Path: "configuration.fileName", Type: engine.TString},
		{Path: "configuration.tokenSigningKey", Type: engine.TString},
		{Path: "configuration.serviceAccountJson", Type: engine.TObject},
	},
	ReadOnly: []string{"lastUpdatedDate", "configuration.projectId"},
}

// apnsKeyPEM is the shape of an APNs .p8 key: a PKCS #8 private key in PEM.
var apnsKeyPEM = regexp.MustCompile(`^\s*-----BEGIN PRIVATE KEY-----\s*\n([A-Za-z0-9+/=]+\s*\n)+-----END PRIVATE KEY-----\s*$`)

// tablePushProviders is the push providers' table; authenticators read it.
const tablePushProviders = "pushProviders"

func init() {
	pushProvidersRes.Prepare = preparePushProvider
	pushProvidersRes.AfterCreate = func(_ *engine.Call, _ string, obj engine.Obj) *engine.APIError {
		pushProviderDates(obj)
		return nil
	}
	pushProvidersRes.BeforeDelete = func(c *engine.Call, _ string, cur engine.Obj) *engine.APIError {
		if len(pushProviderUsers(c, engine.Str(cur, "id"))) > 0 {
			return engine.NewError(http.StatusConflict, "E0000187",
				"Cannot delete push provider because it is being used by a custom app authenticator.")
		}
		return nil
	}
	pushProvidersRes.Filter = func(c *engine.Call, _ string, items []engine.Obj) ([]engine.Obj, *engine.APIError) {
		t := c.Query().Get("type")
		if t == "" {
			return items, nil
		}
		out := items[:0:0]
		for _, o := range items {
			if engine.Str(o, "providerType") == t {
				out = append(out, o)
			}
		}
		return out, nil
	}
	engine.Register(engine.Module{
		Name: "push-providers", Phase: 8,
		Routes: installPushProviders,
		Sample: samplePushProviders,
	})
}

func installPushProviders(rt *engine.Router) {
	res := pushProvidersRes
	item := res.ItemPattern()
	scope := func(m string) string { return engine.ScopeFor(res.Area, m) }
	rt.Handle("GET", res.Coll, scope("GET"), res.HandleList)
	rt.Handle("POST", res.Coll, scope("POST"), res.HandleCreate)
	rt.Handle("GET", item, scope("GET"), func(c *engine.Call) engine.Reply {
		obj, err := res.Lookup(c, "", c.Param(res.IDParam))
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(res.Render(c, "", obj))
	})
	rt.Handle("PUT", item, scope("PUT"), func(c *engine.Call) engine.Reply {
		body, err := c.Body()
		if err != nil {
			return engine.Fail(err)
		}
		obj, err := res.Replace(c, "", c.Param(res.IDParam), body)
		if err != nil {
			return engine.Fail(err)
		}
		pushProviderDates(obj)
		return engine.OK(res.Render(c, "", obj))
	})
	rt.Handle("DELETE", item, scope("DELETE"), res.HandleDelete)
}

// pushProviderDates turns the engine's created/lastUpdated into the one
// date push providers have.
func pushProviderDates(obj engine.Obj) {
	obj["lastUpdatedDate"] = obj["lastUpdated"]
	delete(obj, "created")
	delete(obj, "lastUpdated")
}

func preparePushProvider(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	name := engine.Str(body, "name")
	if strings.TrimSpace(name) == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	id := ""
	if cur != nil {
		id = engine.Str(cur, "id")
		if engine.Str(body, "providerType") != engine.Str(cur, "providerType") {
			return engine.ErrValidation("providerType", "providerType: The type of a push provider can't be changed")
		}
	}
	if dup := c.Org.Find(tablePushProviders, "", func(o engine.Obj) bool {
		return engine.Str(o, "name") == name && engine.Str(o, "id") != id
	}); dup != nil {
		return engine.ErrValidation("name", "name: A push provider with this name already exists")
	}
	cfg, _ := body["configuration"].(map[string]any)
	switch engine.Str(body, "providerType") {
	case "APNS":
		for _, k := range []string{"keyId", "teamId"} {
			if strings.TrimSpace(engine.Str(cfg, k)) == "" {
				return engine.ErrValidation("configuration", "configuration."+k+": The field cannot be left blank")
			}
		}
		key := engine.Str(cfg, "tokenSigningKey")
		if cur == nil && key == "" {
			return engine.ErrValidation("configuration", "configuration.tokenSigningKey: The field cannot be left blank")
		}
		if key != "" && !apnsKeyPEM.MatchString(key) {
			return engine.ErrValidation("configuration", "configuration.tokenSigningKey: The key must be the .p8 file's PEM private key")
		}
		delete(cfg, "tokenSigningKey") // write-only
	case "FCM":
		sa, has := cfg["serviceAccountJson"].(map[string]any)
		switch {
		case has:
			if engine.Str(sa, "project_id") == "" || engine.Str(sa, "private_key") == "" || engine.Str(sa, "client_email") == "" {
				return engine.ErrValidation("configuration", "configuration.serviceAccountJson: The service account JSON must hold project_id, private_key and client_email")
			}
			cfg["projectId"] = engine.Str(sa, "project_id")
		case cur == nil:
			return engine.ErrValidation("configuration", "configuration.serviceAccountJson: The field cannot be left blank")
		default:
			cfg["projectId"] = engine.At(cur, "configuration.projectId")
		}
		delete(cfg, "serviceAccountJson") // write-only
	}
	return nil
}

// pushProviderUsers are the custom_app authenticators that send pushes
// through the provider.
func pushProviderUsers(c *engine.Call, id string) []engine.Obj {
	var out []engine.Obj
	for _, a := range c.Org.List(engine.TableAuthenticators, "") {
		if engine.Str(a, "provider.configuration.apns.id") == id || engine.Str(a, "provider.configuration.fcm.id") == id {
			out = append(out, a)
		}
	}
	return out
}

// checkPushProviders checks a custom_app authenticator's providers: each
// named one must exist and be of its kind (apns → APNS, fcm → FCM).
func checkPushProviders(c *engine.Call, body engine.Obj) *engine.APIError {
	for field, typ := range map[string]string{"apns": "APNS", "fcm": "FCM"} {
		path := "provider.configuration." + field + ".id"
		id := engine.Str(body, path)
		if id == "" {
			continue
		}
		p := c.Org.Get(tablePushProviders, "", id)
		if p == nil || engine.Str(p, "providerType") != typ {
			return engine.ErrValidation(path, path+": "+id+" is not an "+typ+" push provider of this organization")
		}
	}
	return nil
}
