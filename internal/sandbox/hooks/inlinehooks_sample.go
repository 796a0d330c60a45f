package hooks

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func sampleInlineHooks(c *engine.Call) error {
	httpChannel := func(uri string, headers []any) engine.Obj {
		cfg := engine.Obj{
			"uri":        uri,
			"method":     "POST",
			"authScheme": engine.Obj{"type": "HEADER", "key": "Authorization", "value": "Bearer sandbox-" + c.Org.Secret(24)},
		}
		if headers != nil {
			cfg["headers"] = headers
		}
		return engine.Obj{"type": "HTTP", "version": "1.0.0", "config": cfg}
	}
	hooks := []struct {
		body     engine.Obj
		inactive bool
	}{
		{body: engine.Obj{"name": "Token enrichment", "type": "com.okta.oauth2.tokens.transform", "version": "1.0.0",
			"channel": httpChannel("https://claims.example.com/okta/token", []any{engine.Obj{"key": "X-Tenant", "value": "sandbox"}})}},
		{body: engine.Obj{"name": "SAML assertion attributes", "type": "com.okta.saml.tokens.transform", "version": "1.0.2",
			"channel": engine.Obj{"type": "OAUTH", "version": "1.0.0", "config": engine.Obj{
				"uri": "https://saml-hook.example.com/transform", "method": "POST",
				"authType": "client_secret_post", "clientId": "saml-hook-client", "clientSecret": c.Org.Secret(32),
				"tokenUrl": "https://auth.example.com/oauth2/token", "scope": "hooks.write",
			}}}},
		{body: engine.Obj{"name": "Vendor token claims", "type": "com.okta.oauth2.tokens.transform", "version": "1.0.0",
			"channel": engine.Obj{"type": "OAUTH", "version": "1.0.0", "config": engine.Obj{
				"uri": "https://vendor-claims.example.com/okta/token", "method": "POST",
				"authType": "private_key_jwt", "clientId": "okta-token-hook", "hookKeyId": sampleHookKeyID(c, "Token hook signing key"),
				"tokenUrl": "https://vendor-claims.example.com/oauth2/token", "scope": "claims.read",
			}}}},
		{body: engine.Obj{"name": "Registration domain check", "type": "com.okta.user.pre-registration", "version": "1.0.0",
			"channel": httpChannel("https://registration.example.com/okta/pre-reg", nil)}},
		{body: engine.Obj{"name": "Legacy password migration", "type": "com.okta.user.credential.password.import", "version": "1.0.0",
			"channel": httpChannel("https://legacy-idp.example.com/okta/password-import", nil)}, inactive: true},
	}
	for _, h := range hooks {
		obj, err := inlineHooksRes.Insert(c, "", h.body, nil)
		if err != nil {
			return err
		}
		if h.inactive {
			obj["status"] = "INACTIVE"
		}
	}
	return nil
}
