package hooks

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Hook keys (api-facts §1.9, coverage §3.7 E1): key pairs Okta generates for
// inline hooks that authenticate with private_key_jwt. The private half
// never leaves Okta. What the recordings show (TestAccResourceHookKey_crud,
// TestAccDataSourceHookKey_read):
//
//   - ids are HKY…, keyId is a UUID, isUsed a boolean (a string in the
//     spec), and no _links at all;
//   - create and PUT answer with the public key in _embedded
//     ({kty, alg: "RSA", kid = keyId, use: null, e, n}); GET and the list
//     leave it out;
//   - a PUT changes only the name.
//
// From the spec: the list is not paged, at most 50 keys per org, names are
// unique, only unused keys can be deleted, and GET /public/{keyId} serves
// the public key (v6.1.0: the _embedded object itself). isUsed is true
// while an inline hook names the key in channel.config.hookKeyId (the key's
// id, as Okta's inline hook documentation shows: "hookKeyId":
// "HKY1tkbl4TRJpYfP4685"). Unverified choices: a duplicate name or a 51st
// key is 400 E0000001, deleting a key in use 403 E0000006.
//
// The public key is shaped like Okta's (a 2048-bit modulus, exponent AQAB)
// but is random bytes from the org's seeded source, not a working RSA key:
// the sandbox never signs a hook call, and a real key pair costs a second
// of CPU under the race detector.
var hookKeysRes = &engine.Resource{
	Name: tableHookKeys, TypeName: "HookKey", Prefix: "HKY", Area: "inlineHooks",
	Events: &engine.Events{Type: "HookKey", Create: "system.hook.key.created", Update: "system.hook.key.updated", Delete: "system.hook.key.deleted"},
	Coll:   "/api/v1/hook-keys", IDParam: "hookKeyId",
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
	},
	ReadOnly: []string{"keyId", "isUsed"},
}

// tableHookKeys is the hook keys' table; inline hooks read it.
const tableHookKeys = "hookKeys"

// HookKeyMax is the per-org limit (SPEC createHookKey).
const HookKeyMax = 50

func init() {
	hookKeysRes.Prepare = prepareHookKey
	hookKeysRes.BeforeDelete = func(c *engine.Call, _ string, cur engine.Obj) *engine.APIError {
		if hooks := hookKeyUsers(c, engine.Str(cur, "id")); len(hooks) > 0 {
			return engine.NewError(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action",
				"The key is used by the inline hooks "+strings.Join(hooks, ", ")+" and can't be deleted")
		}
		return nil
	}
	engine.Register(engine.Module{
		Name: "hook-keys", Phase: 8,
		Routes: installHookKeys,
		Sample: sampleHookKeys,
	})
}

func installHookKeys(rt *engine.Router) {
	res := hookKeysRes
	item := res.ItemPattern()
	read, manage := engine.ScopeFor(res.Area, "GET"), engine.ScopeFor(res.Area, "POST")
	rt.Handle("GET", res.Coll, read, func(c *engine.Call) engine.Reply {
		items := c.Org.List(res.Name, "")
		out := make([]any, len(items))
		for i, k := range items {
			out[i] = renderHookKey(c, k, false)
		}
		return engine.OK(out)
	})
	rt.Handle("POST", res.Coll, manage, func(c *engine.Call) engine.Reply {
		body, err := c.Body()
		if err != nil {
			return engine.Fail(err)
		}
		obj, err := res.Insert(c, "", body, nil)
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(renderHookKey(c, obj, true))
	})
	rt.Handle("GET", item, read, func(c *engine.Call) engine.Reply {
		obj, err := res.Lookup(c, "", c.Param(res.IDParam))
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(renderHookKey(c, obj, false))
	})
	rt.Handle("PUT", item, manage, func(c *engine.Call) engine.Reply {
		body, err := c.Body()
		if err != nil {
			return engine.Fail(err)
		}
		obj, err := res.Replace(c, "", c.Param(res.IDParam), engine.Obj{"name": body["name"]})
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(renderHookKey(c, obj, true))
	})
	rt.Handle("DELETE", item, manage, func(c *engine.Call) engine.Reply {
		if err := res.Remove(c, "", c.Param(res.IDParam)); err != nil {
			return engine.Fail(err)
		}
		return engine.NoContent()
	})
	rt.Handle("GET", res.Coll+"/public/{keyId}", read, func(c *engine.Call) engine.Reply {
		keyID := c.Param("keyId")
		obj := c.Org.Find(res.Name, "", func(o engine.Obj) bool { return engine.Str(o, "keyId") == keyID })
		if obj == nil {
			return engine.Fail(engine.ErrNotFound(keyID, "PublicKey"))
		}
		return engine.OK(engine.Clone(obj["_embedded"]))
	})
}

func prepareHookKey(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	name := engine.Str(body, "name")
	if strings.TrimSpace(name) == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	id := ""
	if cur != nil {
		id = engine.Str(cur, "id")
	} else if len(c.Org.List(tableHookKeys, "")) >= HookKeyMax {
		return engine.ErrValidation("name", fmt.Sprintf("name: The maximum number of keys (%d) for this organization has been reached", HookKeyMax))
	}
	if dup := c.Org.Find(tableHookKeys, "", func(o engine.Obj) bool {
		return engine.Str(o, "name") == name && engine.Str(o, "id") != id
	}); dup != nil {
		return engine.ErrValidation("name", "name: A key with this name already exists")
	}
	for k := range body {
		if k != "name" {
			delete(body, k) // only the name is the client's
		}
	}
	if cur != nil {
		body["keyId"], body["_embedded"] = cur["keyId"], cur["_embedded"]
		return nil
	}
	keyID := hookKeyUUID(c)
	body["keyId"] = keyID
	body["_embedded"] = engine.Obj{"kty": "RSA", "alg": "RSA", "kid": keyID, "use": nil, "e": "AQAB", "n": hookKeyModulus(c)}
	return nil
}

// renderHookKey is a key as the API shows it: isUsed computed now, the
// public key only where Okta includes it, and no _links.
func renderHookKey(c *engine.Call, obj engine.Obj, withKey bool) engine.Obj {
	out := engine.CloneObj(obj)
	out["isUsed"] = len(hookKeyUsers(c, engine.Str(obj, "id"))) > 0
	if !withKey {
		delete(out, "_embedded")
	}
	return out
}

// hookKeyUsers names the inline hooks that sign with the key.
func hookKeyUsers(c *engine.Call, id string) []string {
	var names []string
	for _, h := range c.Org.List(engine.TableInlineHooks, "") {
		if engine.Str(h, "channel.config.hookKeyId") == id {
			names = append(names, engine.Str(h, "name"))
		}
	}
	return names
}

// hookKeyUUID is a version-4 UUID from the org's seeded source.
func hookKeyUUID(c *engine.Call) string {
	b := hookKeyBytes(c, 16)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// hookKeyModulus is a 2048-bit odd number with its top bit set, base64url.
func hookKeyModulus(c *engine.Call) string {
	b := hookKeyBytes(c, 256)
	b[0] |= 0x80
	b[255] |= 1
	return base64.RawURLEncoding.EncodeToString(b)
}

func hookKeyBytes(c *engine.Call, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(c.Org.RandIntn(256))
	}
	return b
}
