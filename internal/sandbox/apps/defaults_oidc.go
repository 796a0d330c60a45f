package apps

import (
	"slices"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

var appOIDCTypes = []string{"browser", "native", "service", "web"}

// appOIDCDefaults fills settings.oauthClient and credentials.oauthClient.
//
// An OIN OIDC app (strongdm, deel, …) has no client settings of its own:
// Okta drops the settings.oauthClient and credentials.oauthClient a client
// sends (TestAccResourceOktaAppOauth_preconfigured#0).
func appOIDCDefaults(c *engine.Call, body, cur engine.Obj, custom bool) *engine.APIError {
	if !custom {
		engine.Del(body, "settings.oauthClient")
		engine.Del(body, "credentials.oauthClient")
		return nil
	}
	if _, ok := engine.At(body, "settings.oauthClient").(map[string]any); !ok {
		return engine.ErrValidation("settings.oauthClient", "settings.oauthClient: The field cannot be left blank")
	}
	typ := engine.Str(body, "settings.oauthClient.application_type")
	if !slices.Contains(appOIDCTypes, typ) {
		return engine.ErrValidation("settings.oauthClient.application_type",
			"settings.oauthClient.application_type: '"+typ+"' is not a valid value; allowed: browser, native, service, web")
	}
	if engine.At(body, "settings.oauthClient.grant_types") == nil {
		if typ == "service" {
			engine.Set(body, "settings.oauthClient.grant_types", []any{"client_credentials"})
		} else {
			engine.Set(body, "settings.oauthClient.grant_types", []any{"authorization_code"})
		}
	}
	grants := engine.StringsAt(body, "settings.oauthClient.grant_types")
	if engine.At(body, "settings.oauthClient.response_types") == nil {
		var rt []string
		if slices.Contains(grants, "authorization_code") {
			rt = append(rt, "code")
		}
		if slices.Contains(grants, "implicit") {
			rt = append(rt, "token", "id_token")
		}
		if slices.Contains(grants, "client_credentials") && !slices.Contains(rt, "token") {
			rt = append(rt, "token")
		}
		engine.Set(body, "settings.oauthClient.response_types", engine.AnyStrings(rt))
	}
	engine.SetDefault(body, "settings.oauthClient.redirect_uris", []any{})
	if typ != "service" && (slices.Contains(grants, "authorization_code") || slices.Contains(grants, "implicit")) &&
		len(engine.StringsAt(body, "settings.oauthClient.redirect_uris")) == 0 {
		return engine.ErrValidation("settings.oauthClient.redirect_uris",
			"settings.oauthClient.redirect_uris: At least one redirect URI is required for the authorization_code and implicit grant types")
	}
	engine.SetDefault(body, "settings.oauthClient.client_uri", nil)
	engine.SetDefault(body, "settings.oauthClient.logo_uri", nil)
	engine.SetDefault(body, "settings.oauthClient.consent_method", "TRUSTED")
	engine.SetDefault(body, "settings.oauthClient.issuer_mode", "ORG_URL")
	engine.SetDefault(body, "settings.oauthClient.idp_initiated_login.mode", "DISABLED")
	engine.SetDefault(body, "settings.oauthClient.idp_initiated_login.default_scope", []any{})
	engine.SetDefault(body, "settings.oauthClient.wildcard_redirect", "DISABLED")
	engine.SetDefault(body, "settings.oauthClient.dpop_bound_access_tokens", false)
	engine.SetDefault(body, "settings.oauthClient.participate_slo", false)
	if slices.Contains(grants, "refresh_token") {
		// SPEC OpenIdConnectApplicationSettingsRefreshToken: ROTATE is the
		// default for SPAs, STATIC for every other client; recorded ROTATE
		// settings carry leeway 30.
		if typ == "browser" {
			engine.SetDefault(body, "settings.oauthClient.refresh_token.rotation_type", "ROTATE")
		} else {
			engine.SetDefault(body, "settings.oauthClient.refresh_token.rotation_type", "STATIC")
		}
		if engine.Str(body, "settings.oauthClient.refresh_token.rotation_type") == "ROTATE" {
			engine.SetDefault(body, "settings.oauthClient.refresh_token.leeway", engine.JSONInt(30))
		} else {
			engine.Del(body, "settings.oauthClient.refresh_token.leeway")
		}
	}
	if engine.Str(body, "settings.oauthClient.frontchannel_logout_uri") != "" {
		engine.SetDefault(body, "settings.oauthClient.frontchannel_logout_session_required", false)
	}
	if slices.Contains(grants, "urn:openid:params:grant-type:ciba") {
		engine.SetDefault(body, "settings.oauthClient.backchannel_token_delivery_mode", "poll")
	}
	// Registered public keys get an id (pks…) and use: null, as recorded.
	if keys, ok := engine.At(body, "settings.oauthClient.jwks.keys").([]any); ok {
		prev := map[string]string{}
		if cur != nil {
			if ck, ok := engine.At(cur, "settings.oauthClient.jwks.keys").([]any); ok {
				for _, k := range ck {
					if m, ok := k.(map[string]any); ok {
						kid, _ := m["kid"].(string)
						id, _ := m["id"].(string)
						prev[kid] = id
					}
				}
			}
		}
		for _, k := range keys {
			m, ok := k.(map[string]any)
			if !ok {
				return engine.ErrMalformed()
			}
			kid, _ := m["kid"].(string)
			if id, _ := m["id"].(string); id == "" {
				if p := prev[kid]; p != "" {
					m["id"] = p
				} else {
					m["id"] = c.Org.NewID("pks")
				}
			}
			engine.SetDefault(m, "status", "ACTIVE")
			if _, has := m["use"]; !has {
				m["use"] = nil
			}
			if _, has := m["crv"]; !has && m["kty"] == "EC" {
				m["crv"] = nil // TestAccResourceOktaAppOauth_serviceWithJWKS#1
			}
		}
	}

	method := engine.Str(body, "credentials.oauthClient.token_endpoint_auth_method")
	if method == "" {
		method = "client_secret_basic"
		engine.Set(body, "credentials.oauthClient.token_endpoint_auth_method", method)
	}
	known := []string{"client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none"}
	if !slices.Contains(known, method) {
		return engine.ErrValidation("credentials.oauthClient.token_endpoint_auth_method",
			"credentials.oauthClient.token_endpoint_auth_method: '"+method+"' is not a valid value")
	}
	if method == "private_key_jwt" && engine.At(body, "settings.oauthClient.jwks") == nil && engine.Str(body, "settings.oauthClient.jwks_uri") == "" {
		return engine.ErrValidation("settings.oauthClient.jwks",
			"settings.oauthClient.jwks: A JWKS or a JWKS URI is required for the private_key_jwt client authentication method")
	}
	engine.SetDefault(body, "credentials.oauthClient.autoKeyRotation", true)
	engine.SetDefault(body, "credentials.oauthClient.pkce_required", method == "none")
	return nil
}

// appNeedsSecret reports the client authentication methods that use a
// client secret (api-facts §1.2; recorded clientCredentials links).
func appNeedsSecret(o engine.Obj) bool {
	switch engine.Str(o, "credentials.oauthClient.token_endpoint_auth_method") {
	case "client_secret_basic", "client_secret_post", "client_secret_jwt":
		return true
	}
	return false
}
