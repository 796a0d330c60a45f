package authenticators

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// sampleMethods sets methods the way a security team would: security keys
// restricted to two AAGUID groups with user verification required, and
// Okta Verify push allowed for CIBA as well as sign-in.
func sampleMethods(c *engine.Call) error {
	set := func(key, method string, settings map[string]any) error {
		a := authenticatorByKey(c, key)
		if a == nil {
			return nil
		}
		id := engine.Str(a, "id")
		m := c.Org.Get(tableMethods, id, method)
		if m == nil {
			return nil
		}
		body := engine.CloneObj(m)
		for k, v := range settings {
			engine.Set(body, "settings."+k, v)
		}
		_, err := methodsRes.Replace(c.Internal(), id, method, body)
		if err != nil {
			return err
		}
		m = c.Org.Get(tableMethods, id, method)
		delete(m, "created")
		delete(m, "lastUpdated")
		return nil
	}
	if err := set("webauthn", "webauthn", map[string]any{"userVerification": "REQUIRED", "aaguidGroups": []any{
		engine.Obj{"name": "YubiKey 5 series", "aaguids": []any{"cb69481e-8ff7-4039-93ec-0a2729a154a8", "ee882879-721c-4913-9775-3dfcce97072a"}},
		engine.Obj{"name": "Google Titan", "aaguids": []any{"42b4fb4a-2866-43b2-9bf7-6c6669c2e5d3"}},
	}}); err != nil {
		return err
	}
	return set("okta_verify", "push", map[string]any{"transactionTypes": []any{"LOGIN", "CIBA"}})
}
