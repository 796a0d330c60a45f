package conformance

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
	"github.com/oktasync/oktasync/internal/sandbox/engine"
	"github.com/oktasync/oktasync/internal/sandbox/hooks"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// TestHookKeysCRUD: the shapes of TestAccResourceHookKey_crud (public key
// in _embedded on create and PUT only, isUsed a boolean, no _links), the
// public key by keyId, names unique, the per-org limit, and the errors.
func TestHookKeysCRUD(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	st, _, v := ahbCall(t, o, "POST", "/api/v1/hook-keys", engine.Obj{"name": "signing", "isUsed": true, "keyId": "mine"})
	k := ahbObj(t, v)
	id, keyID := engine.Str(k, "id"), engine.Str(k, "keyId")
	if st != http.StatusOK || !strings.HasPrefix(id, "HKY") || len(id) != 20 || !uuidRE.MatchString(keyID) || k["isUsed"] != false || k["_links"] != nil {
		t.Fatalf("create: %d %v", st, k)
	}
	jwk := ahbObj(t, k["_embedded"])
	if jwk["kty"] != "RSA" || jwk["alg"] != "RSA" || jwk["kid"] != keyID || jwk["e"] != "AQAB" || len(engine.Str(jwk, "n")) != 342 {
		t.Errorf("public key: %v", jwk)
	}
	if _, has := jwk["use"]; !has || jwk["use"] != nil {
		t.Errorf("use should be null: %v", jwk)
	}
	path := "/api/v1/hook-keys/" + id
	_, _, v = ahbCall(t, o, "GET", path, nil)
	if got := ahbObj(t, v); got["_embedded"] != nil || engine.Str(got, "name") != "signing" || got["isUsed"] != false {
		t.Errorf("get: %v", got)
	}
	st, _, v = ahbCall(t, o, "PUT", path, engine.Obj{"name": "signing v2", "keyId": "other"})
	if got := ahbObj(t, v); st != http.StatusOK || engine.Str(got, "name") != "signing v2" || engine.Str(got, "keyId") != keyID ||
		engine.Str(got, "_embedded.n") != engine.Str(jwk, "n") || engine.Str(got, "created") != engine.Str(k, "created") {
		t.Fatalf("put: %d %v", st, got)
	}
	st, _, v = ahbCall(t, o, "GET", "/api/v1/hook-keys/public/"+keyID, nil)
	if got := ahbObj(t, v); st != http.StatusOK || engine.Str(got, "n") != engine.Str(jwk, "n") || got["kid"] != keyID {
		t.Fatalf("public key: %d %v", st, got)
	}

	_, _, v = ahbCall(t, o, "POST", "/api/v1/hook-keys", engine.Obj{"name": "other"})
	other := engine.Str(ahbObj(t, v), "id")
	for _, tc := range []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"no name", "POST", "/api/v1/hook-keys", engine.Obj{}, 400, "E0000001"},
		{"duplicate name", "POST", "/api/v1/hook-keys", engine.Obj{"name": "signing v2"}, 400, "E0000001"},
		{"rename onto another key", "PUT", "/api/v1/hook-keys/" + other, engine.Obj{"name": "signing v2"}, 400, "E0000001"},
		{"name not a string", "POST", "/api/v1/hook-keys", engine.Obj{"name": 7}, 400, "E0000003"},
		{"unknown key", "GET", "/api/v1/hook-keys/HKY00000000000000000", nil, 404, "E0000007"},
		{"unknown public key", "GET", "/api/v1/hook-keys/public/" + strings.Repeat("0", 8), nil, 404, "E0000007"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, _, v := ahbCall(t, o, tc.method, tc.path, tc.body)
			ahbWantError(t, tc.name, st, v, tc.status, tc.code)
		})
	}

	for i := 3; i <= hooks.HookKeyMax; i++ {
		if st, _, v := ahbCall(t, o, "POST", "/api/v1/hook-keys", engine.Obj{"name": fmt.Sprintf("k%d", i)}); st != http.StatusOK {
			t.Fatalf("key %d: %d %v", i, st, v)
		}
	}
	st, _, v = ahbCall(t, o, "POST", "/api/v1/hook-keys", engine.Obj{"name": "one too many"})
	ahbWantError(t, "the 51st key", st, v, 400, "E0000001")
	_, _, v = ahbCall(t, o, "GET", "/api/v1/hook-keys", nil)
	if n := len(ahbList(t, v)); n != hooks.HookKeyMax {
		t.Errorf("list: %d keys, want %d", n, hooks.HookKeyMax)
	}
	if st, _, _ := ahbCall(t, o, "DELETE", path, nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d", st)
	}
}

// TestHookKeysInUse: an inline hook that signs with private_key_jwt names
// the key's id; the key is then isUsed and can't be deleted, and an
// unknown key is refused.
func TestHookKeysInUse(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	_, _, v := ahbCall(t, o, "POST", "/api/v1/hook-keys", engine.Obj{"name": "jwt"})
	id := engine.Str(ahbObj(t, v), "id")
	hook := ahbInlineOAuth("jwt hook")
	engine.Set(hook, "channel.config.authType", "private_key_jwt")
	engine.Del(hook, "channel.config.clientSecret")
	engine.Set(hook, "channel.config.hookKeyId", "HKY0000000000unknown")
	st, _, v := ahbCall(t, o, "POST", "/api/v1/inlineHooks", hook)
	ahbWantError(t, "an unknown hook key", st, v, 400, "E0000001")

	engine.Set(hook, "channel.config.hookKeyId", id)
	st, _, v = ahbCall(t, o, "POST", "/api/v1/inlineHooks", hook)
	h := ahbObj(t, v)
	if st != http.StatusOK || engine.Str(h, "channel.config.hookKeyId") != id {
		t.Fatalf("inline hook with the key: %d %v", st, h)
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/hook-keys/"+id, nil)
	if ahbObj(t, v)["isUsed"] != true {
		t.Errorf("the key is not isUsed: %v", v)
	}
	st, _, v = ahbCall(t, o, "DELETE", "/api/v1/hook-keys/"+id, nil)
	ahbWantError(t, "delete a key in use", st, v, http.StatusForbidden, "E0000006")

	hookPath := "/api/v1/inlineHooks/" + engine.Str(h, "id")
	ahbCall(t, o, "POST", hookPath+"/lifecycle/deactivate", nil)
	if st, _, _ := ahbCall(t, o, "DELETE", hookPath, nil); st != http.StatusNoContent {
		t.Fatalf("delete the hook: %d", st)
	}
	_, _, v = ahbCall(t, o, "GET", "/api/v1/hook-keys", nil)
	if keys := ahbList(t, v); len(keys) != 1 || keys[0]["isUsed"] != false || keys[0]["_embedded"] != nil {
		t.Errorf("list after the hook went: %v", keys)
	}
	if st, _, _ := ahbCall(t, o, "DELETE", "/api/v1/hook-keys/"+id, nil); st != http.StatusNoContent {
		t.Fatalf("delete an unused key: %d", st)
	}
}

// TestHookKeysSDK: the official SDK creates, lists, reads, renames and
// deletes keys, and reads a public key.
func TestHookKeysSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	api := o.sdk(t)
	ctx := context.Background()
	k, _, err := api.HookKeyAPI.CreateHookKey(ctx).KeyRequest(okta.KeyRequest{Name: okta.PtrString("sdk key")}).Execute()
	if err != nil || k.GetIsUsed() || k.Embedded == nil || k.Embedded.GetKid() != k.GetKeyId() {
		t.Fatalf("CreateHookKey: %v %+v", err, k)
	}
	list, _, err := api.HookKeyAPI.ListHookKeys(ctx).Execute()
	if err != nil || len(list) != 1 || list[0].GetId() != k.GetId() {
		t.Fatalf("ListHookKeys: %v %+v", err, list)
	}
	renamed, _, err := api.HookKeyAPI.ReplaceHookKey(ctx, k.GetId()).KeyRequest(okta.KeyRequest{Name: okta.PtrString("sdk key 2")}).Execute()
	if err != nil || renamed.GetName() != "sdk key 2" || renamed.GetKeyId() != k.GetKeyId() {
		t.Fatalf("ReplaceHookKey: %v %+v", err, renamed)
	}
	pub, _, err := api.HookKeyAPI.GetPublicKey(ctx, k.GetKeyId()).Execute()
	if err != nil || pub.GetN() != k.Embedded.GetN() {
		t.Fatalf("GetPublicKey: %v %+v", err, pub)
	}
	if _, err := api.HookKeyAPI.DeleteHookKey(ctx, k.GetId()).Execute(); err != nil {
		t.Fatalf("DeleteHookKey: %v", err)
	}
	if _, resp, err := api.HookKeyAPI.GetHookKey(ctx, k.GetId()).Execute(); statusOf(resp) != http.StatusNotFound || sdkErrorCode(err) != "E0000007" {
		t.Fatalf("GetHookKey after delete: %d %v", statusOf(resp), err)
	}
}
