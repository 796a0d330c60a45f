package sandbox

import (
	"strings"
)

// Inline hooks (api-facts §1.9). Created ACTIVE whatever the body says
// (VCR TestAccResourceOktaInlineHook_crud: a create with "status":"INACTIVE"
// answered ACTIVE), PUT replaces and ignores status, POST on the item is a
// partial update, only INACTIVE hooks can be deleted, at most 50 per org.
// Secrets are write-only: the HTTP channel's authScheme.value and the OAUTH
// channel's clientSecret (VCR …_com_okta_saml_tokens_transform).
var inlineHooksRes = &resource{
	name: "inlineHooks", typeName: "InlineHook", prefix: "cal", area: "inlineHooks",
	coll: "/api/v1/inlineHooks", idParam: "inlineHookId",
	life: lifecycle{enabled: true, reply: replyObject},
	fields: []field{
		{path: "name", typ: tString, required: true},
		{path: "type", typ: tString, required: true, enum: inlineHookTypes},
		{path: "version", typ: tString},
		{path: "metadata", typ: tObject},
		{path: "channel", typ: tObject, required: true},
		{path: "channel.type", typ: tString, required: true, enum: []string{"HTTP", "OAUTH"}},
		{path: "channel.version", typ: tString, required: true},
		{path: "channel.config", typ: tObject, required: true},
		{path: "channel.config.uri", typ: tString, required: true},
		{path: "channel.config.method", typ: tString},
		{path: "channel.config.headers", typ: tArray},
		{path: "channel.config.authScheme", typ: tObject},
		{path: "channel.config.authScheme.type", typ: tString},
		{path: "channel.config.authScheme.key", typ: tString},
		{path: "channel.config.authScheme.value", typ: tString},
		{path: "channel.config.authType", typ: tString},
		{path: "channel.config.clientId", typ: tString},
		{path: "channel.config.clientSecret", typ: tString},
		{path: "channel.config.tokenUrl", typ: tString},
		{path: "channel.config.scope", typ: tString},
		{path: "channel.config.hookKeyId", typ: tString},
	},
}

// inlineHookTypes are the hook types of SPEC InlineHookType.
var inlineHookTypes = []string{
	"com.okta.import.transform",
	"com.okta.oauth2.tokens.transform",
	"com.okta.saml.tokens.transform",
	"com.okta.telephony.provider",
	"com.okta.user.credential.password.import",
	"com.okta.user.pre-registration",
}

// inlineHookMax is the per-org limit (SPEC createInlineHook).
const inlineHookMax = 50

func init() {
	inlineHooksRes.prepare = prepareInlineHook
	inlineHooksRes.links = inlineHookLinks
	inlineHooksRes.afterCreate = func(_ *call, _ string, obj Obj) *apiError {
		obj["status"] = "ACTIVE"
		return nil
	}
	inlineHooksRes.beforeDelete = func(_ *call, _ string, cur Obj) *apiError {
		return hookRefuseActiveDelete(cur, "InlineHook")
	}
	inlineHooksRes.filter = func(c *call, _ string, items []Obj) ([]Obj, *apiError) {
		t := c.query().Get("type")
		if t == "" {
			return items, nil
		}
		out := items[:0:0]
		for _, o := range items {
			if str(o, "type") == t {
				out = append(out, o)
			}
		}
		return out, nil
	}
	register(module{
		name: "inline-hooks", phase: 10,
		routes: func(rt *router) {
			inlineHooksRes.install(rt)
			rt.handle("POST", inlineHooksRes.itemPattern(), scopeFor("inlineHooks", "POST"), updateInlineHook)
		},
		sample: sampleInlineHooks,
	})
}

func prepareInlineHook(c *call, _ string, body, cur Obj) *apiError {
	if strings.TrimSpace(str(body, "name")) == "" {
		return errValidation("name", "name: The field cannot be left blank")
	}
	if cur == nil && len(c.o.list("inlineHooks", "")) >= inlineHookMax {
		return errValidation("inlineHook",
			"inlineHook: The maximum number of inline hooks (50) for this organization has been reached")
	}
	if cur != nil && str(body, "type") != str(cur, "type") {
		return errValidation("type", "type: The type of an inline hook can't be changed")
	}
	setDefault(body, "version", "1.0.0")
	if err := hookCheckURI("channel.config.uri", str(body, "channel.config.uri")); err != nil {
		return err
	}
	if err := hookHeaders(body, "channel.config.headers"); err != nil {
		return err
	}
	if m := str(body, "channel.config.method"); m != "" && m != "POST" {
		return errValidation("channel.config.method", "channel.config.method: Only POST is supported")
	}
	set(body, "channel.config.method", "POST")
	switch str(body, "channel.type") {
	case "HTTP":
		for _, k := range []string{"authType", "clientId", "clientSecret", "tokenUrl", "scope", "hookKeyId"} {
			del(body, "channel.config."+k)
		}
		if at(body, "channel.config.authScheme") == nil {
			set(body, "channel.config.authScheme", nil)
		} else {
			setDefault(body, "channel.config.authScheme.type", "HEADER")
			if str(body, "channel.config.authScheme.key") == "" {
				return errValidation("channel.config.authScheme.key", "channel.config.authScheme.key: The field cannot be left blank")
			}
			del(body, "channel.config.authScheme.value") // write-only
		}
	case "OAUTH":
		set(body, "channel.config.authScheme", nil)
		authType := str(body, "channel.config.authType")
		if authType != "client_secret_post" && authType != "private_key_jwt" {
			return errValidation("channel.config.authType",
				"channel.config.authType: must be one of client_secret_post, private_key_jwt")
		}
		for _, k := range []string{"clientId", "tokenUrl"} {
			if str(body, "channel.config."+k) == "" {
				return errValidation("channel.config."+k, "channel.config."+k+": The field cannot be left blank")
			}
		}
		if err := hookCheckURI("channel.config.tokenUrl", str(body, "channel.config.tokenUrl")); err != nil {
			return err
		}
		if authType == "client_secret_post" {
			del(body, "channel.config.hookKeyId")
			if cur == nil && str(body, "channel.config.clientSecret") == "" {
				return errValidation("channel.config.clientSecret", "channel.config.clientSecret: The field cannot be left blank")
			}
			del(body, "channel.config.clientSecret") // write-only
		} else {
			del(body, "channel.config.clientSecret")
			if str(body, "channel.config.hookKeyId") == "" {
				return errValidation("channel.config.hookKeyId", "channel.config.hookKeyId: The field cannot be left blank")
			}
		}
	}
	return nil
}

// updateInlineHook is POST /api/v1/inlineHooks/{id}: the body is merged
// into the stored hook (objects merge, arrays and scalars replace, null
// removes), then validated as a replacement.
func updateInlineHook(c *call) reply {
	id := c.param("inlineHookId")
	cur, err := inlineHooksRes.lookup(c, "", id)
	if err != nil {
		return fail(err)
	}
	body, err := c.body()
	if err != nil {
		return fail(err)
	}
	merged := cloneObj(cur)
	merge(merged, body)
	obj, err := inlineHooksRes.replace(c, "", id, merged)
	if err != nil {
		return fail(err)
	}
	return ok(inlineHooksRes.render(c, "", obj))
}

// inlineHookLinks: the self link carries no hints; an ACTIVE hook offers
// execute and deactivate, an INACTIVE one activate and delete (VCR).
func inlineHookLinks(c *call, _ string, o Obj, l Obj) {
	self := c.base + "/api/v1/inlineHooks/" + str(o, "id")
	l["self"] = Obj{"href": self}
	if str(o, "status") == "ACTIVE" {
		l["execute"] = Obj{"href": self + "/execute", "hints": Obj{"allow": []any{"POST"}}}
	} else {
		l["delete"] = Obj{"href": self, "hints": Obj{"allow": []any{"DELETE"}}}
	}
}

func sampleInlineHooks(c *call) error {
	httpChannel := func(uri string, headers []any) Obj {
		cfg := Obj{
			"uri":        uri,
			"method":     "POST",
			"authScheme": Obj{"type": "HEADER", "key": "Authorization", "value": "Bearer sandbox-" + c.o.secret(24)},
		}
		if headers != nil {
			cfg["headers"] = headers
		}
		return Obj{"type": "HTTP", "version": "1.0.0", "config": cfg}
	}
	hooks := []struct {
		body     Obj
		inactive bool
	}{
		{body: Obj{"name": "Token enrichment", "type": "com.okta.oauth2.tokens.transform", "version": "1.0.0",
			"channel": httpChannel("https://claims.example.com/okta/token", []any{Obj{"key": "X-Tenant", "value": "sandbox"}})}},
		{body: Obj{"name": "SAML assertion attributes", "type": "com.okta.saml.tokens.transform", "version": "1.0.2",
			"channel": Obj{"type": "OAUTH", "version": "1.0.0", "config": Obj{
				"uri": "https://saml-hook.example.com/transform", "method": "POST",
				"authType": "client_secret_post", "clientId": "saml-hook-client", "clientSecret": c.o.secret(32),
				"tokenUrl": "https://auth.example.com/oauth2/token", "scope": "hooks.write",
			}}}},
		{body: Obj{"name": "Registration domain check", "type": "com.okta.user.pre-registration", "version": "1.0.0",
			"channel": httpChannel("https://registration.example.com/okta/pre-reg", nil)}},
		{body: Obj{"name": "Legacy password migration", "type": "com.okta.user.credential.password.import", "version": "1.0.0",
			"channel": httpChannel("https://legacy-idp.example.com/okta/password-import", nil)}, inactive: true},
	}
	for _, h := range hooks {
		obj, err := inlineHooksRes.insert(c, "", h.body, nil)
		if err != nil {
			return err
		}
		if h.inactive {
			obj["status"] = "INACTIVE"
		}
	}
	return nil
}
