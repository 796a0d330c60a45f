package hooks

import (
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Inline hooks (api-facts §1.9). Created ACTIVE whatever the body says
// (VCR TestAccResourceOktaInlineHook_crud: a create with "status":"INACTIVE"
// answered ACTIVE), PUT replaces and ignores status, POST on the item is a
// partial update, only INACTIVE hooks can be deleted, at most 50 per org.
// Secrets are write-only: the HTTP channel's authScheme.value and the OAUTH
// channel's clientSecret (VCR …_com_okta_saml_tokens_transform).
var inlineHooksRes = &engine.Resource{
	Name: engine.TableInlineHooks, TypeName: "InlineHook", Prefix: "cal", Area: "inlineHooks",
	Events: &engine.Events{Type: "InlineHook", Create: "inline_hook.created", Update: "inline_hook.updated", Delete: "inline_hook.deleted", Activate: "inline_hook.activated", Deactivate: "inline_hook.deactivated"},
	Coll:   "/api/v1/inlineHooks", IDParam: "inlineHookId",
	Life: engine.Lifecycle{Enabled: true, Reply: engine.ReplyObject},
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "type", Type: engine.TString, Required: true, Enum: InlineHookTypes},
		{Path: "version", Type: engine.TString},
		{Path: "metadata", Type: engine.TObject},
		{Path: "channel", Type: engine.TObject, Required: true},
		{Path: "channel.type", Type: engine.TString, Required: true, Enum: []string{"HTTP", "OAUTH"}},
		{Path: "channel.version", Type: engine.TString, Required: true},
		{Path: "channel.config", Type: engine.TObject, Required: true},
		{Path: "channel.config.uri", Type: engine.TString, Required: true},
		{Path: "channel.config.method", Type: engine.TString},
		{Path: "channel.config.headers", Type: engine.TArray},
		{Path: "channel.config.authScheme", Type: engine.TObject},
		{Path: "channel.config.authScheme.type", Type: engine.TString},
		{Path: "channel.config.authScheme.key", Type: engine.TString},
		{Path: "channel.config.authScheme.value", Type: engine.TString},
		{Path: "channel.config.authType", Type: engine.TString},
		{Path: "channel.config.clientId", Type: engine.TString},
		{Path: "channel.config.clientSecret", Type: engine.TString},
		{Path: "channel.config.tokenUrl", Type: engine.TString},
		{Path: "channel.config.scope", Type: engine.TString},
		{Path: "channel.config.hookKeyId", Type: engine.TString},
	},
}

// InlineHookTypes are the hook types of SPEC InlineHookType.
var InlineHookTypes = []string{
	"com.okta.import.transform",
	"com.okta.oauth2.tokens.transform",
	"com.okta.saml.tokens.transform",
	"com.okta.telephony.provider",
	"com.okta.user.credential.password.import",
	"com.okta.user.pre-registration",
}

// InlineHookMax is the per-org limit (SPEC createInlineHook).
const InlineHookMax = 50

func init() {
	inlineHooksRes.Prepare = prepareInlineHook
	inlineHooksRes.Links = inlineHookLinks
	inlineHooksRes.AfterCreate = func(_ *engine.Call, _ string, obj engine.Obj) *engine.APIError {
		obj["status"] = "ACTIVE"
		return nil
	}
	inlineHooksRes.BeforeDelete = func(_ *engine.Call, _ string, cur engine.Obj) *engine.APIError {
		return hookRefuseActiveDelete(cur, "InlineHook")
	}
	inlineHooksRes.Filter = func(c *engine.Call, _ string, items []engine.Obj) ([]engine.Obj, *engine.APIError) {
		t := c.Query().Get("type")
		if t == "" {
			return items, nil
		}
		out := items[:0:0]
		for _, o := range items {
			if engine.Str(o, "type") == t {
				out = append(out, o)
			}
		}
		return out, nil
	}
	engine.Register(engine.Module{
		Name: "inline-hooks", Phase: 10,
		Routes: func(rt *engine.Router) {
			inlineHooksRes.Install(rt)
			rt.Handle("POST", inlineHooksRes.ItemPattern(), engine.ScopeFor("inlineHooks", "POST"), updateInlineHook)
		},
		Sample: sampleInlineHooks,
	})
}

func prepareInlineHook(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	if strings.TrimSpace(engine.Str(body, "name")) == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	if cur == nil && len(c.Org.List(engine.TableInlineHooks, "")) >= InlineHookMax {
		return engine.ErrValidation("inlineHook",
			"inlineHook: The maximum number of inline hooks (50) for this organization has been reached")
	}
	if cur != nil && engine.Str(body, "type") != engine.Str(cur, "type") {
		return engine.ErrValidation("type", "type: The type of an inline hook can't be changed")
	}
	engine.SetDefault(body, "version", "1.0.0")
	if err := hookCheckURI("channel.config.uri", engine.Str(body, "channel.config.uri")); err != nil {
		return err
	}
	if err := hookHeaders(body, "channel.config.headers"); err != nil {
		return err
	}
	if m := engine.Str(body, "channel.config.method"); m != "" && m != "POST" {
		return engine.ErrValidation("channel.config.method", "channel.config.method: Only POST is supported")
	}
	engine.Set(body, "channel.config.method", "POST")
	switch engine.Str(body, "channel.type") {
	case "HTTP":
		for _, k := range []string{"authType", "clientId", "clientSecret", "tokenUrl", "scope", "hookKeyId"} {
			engine.Del(body, "channel.config."+k)
		}
		if engine.At(body, "channel.config.authScheme") == nil {
			engine.Set(body, "channel.config.authScheme", nil)
		} else {
			engine.SetDefault(body, "channel.config.authScheme.type", "HEADER")
			if engine.Str(body, "channel.config.authScheme.key") == "" {
				return engine.ErrValidation("channel.config.authScheme.key", "channel.config.authScheme.key: The field cannot be left blank")
			}
			engine.Del(body, "channel.config.authScheme.value") // write-only
		}
	case "OAUTH":
		engine.Set(body, "channel.config.authScheme", nil)
		authType := engine.Str(body, "channel.config.authType")
		if authType != "client_secret_post" && authType != "private_key_jwt" {
			return engine.ErrValidation("channel.config.authType",
				"channel.config.authType: must be one of client_secret_post, private_key_jwt")
		}
		for _, k := range []string{"clientId", "tokenUrl"} {
			if engine.Str(body, "channel.config."+k) == "" {
				return engine.ErrValidation("channel.config."+k, "channel.config."+k+": The field cannot be left blank")
			}
		}
		if err := hookCheckURI("channel.config.tokenUrl", engine.Str(body, "channel.config.tokenUrl")); err != nil {
			return err
		}
		if authType == "client_secret_post" {
			engine.Del(body, "channel.config.hookKeyId")
			if cur == nil && engine.Str(body, "channel.config.clientSecret") == "" {
				return engine.ErrValidation("channel.config.clientSecret", "channel.config.clientSecret: The field cannot be left blank")
			}
			engine.Del(body, "channel.config.clientSecret") // write-only
		} else {
			engine.Del(body, "channel.config.clientSecret")
			key := engine.Str(body, "channel.config.hookKeyId")
			if key == "" {
				return engine.ErrValidation("channel.config.hookKeyId", "channel.config.hookKeyId: The field cannot be left blank")
			}
			if c.Org.Get(tableHookKeys, "", key) == nil {
				return engine.ErrValidation("channel.config.hookKeyId", "channel.config.hookKeyId: Hook key "+key+" does not exist")
			}
		}
	}
	return nil
}

// updateInlineHook is POST /api/v1/inlineHooks/{id}: the body is merged
// into the stored hook (objects merge, arrays and scalars replace, null
// removes), then validated as a replacement.
func updateInlineHook(c *engine.Call) engine.Reply {
	id := c.Param("inlineHookId")
	cur, err := inlineHooksRes.Lookup(c, "", id)
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	merged := engine.CloneObj(cur)
	engine.Merge(merged, body)
	obj, err := inlineHooksRes.Replace(c, "", id, merged)
	if err != nil {
		return engine.Fail(err)
	}
	return engine.OK(inlineHooksRes.Render(c, "", obj))
}

// inlineHookLinks: the self link carries no hints; an ACTIVE hook offers
// execute and deactivate, an INACTIVE one activate and delete (VCR).
func inlineHookLinks(c *engine.Call, _ string, o engine.Obj, l engine.Obj) {
	self := c.Base + "/api/v1/inlineHooks/" + engine.Str(o, "id")
	l["self"] = engine.Obj{"href": self}
	if engine.Str(o, "status") == "ACTIVE" {
		l["execute"] = engine.Obj{"href": self + "/execute", "hints": engine.Obj{"allow": []any{"POST"}}}
	} else {
		l["delete"] = engine.Obj{"href": self, "hints": engine.Obj{"allow": []any{"DELETE"}}}
	}
}
