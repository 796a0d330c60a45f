package engine

import (
	"sort"
)

// GET /.well-known/oauth-authorization-server: the org authorization
// server's metadata (RFC 8414), as Okta publishes it for every org
// (recorded TestAccDataSourceOktaOAuthAuthorizationServer_read#0). Clients
// read it to find the token endpoint and the scopes they may ask for. The
// endpoints and capabilities are Okta's, under the org's URL; the sandbox
// serves the token endpoint (oauth.go) with the client-credentials grant,
// and the scopes are the ones its routes require plus the OpenID Connect
// scopes. It needs no token.

var (
	oauthMetaResponseTypes = []string{"code", "token", "id_token", "code id_token", "code token", "id_token token", "code id_token token"}
	oauthMetaGrantTypes    = []string{"authorization_code", "implicit", "refresh_token", "password", "client_credentials",
		"urn:ietf:params:oauth:grant-type:device_code", "urn:okta:params:oauth:grant-type:otp",
		"urn:okta:params:oauth:grant-type:oob", "urn:ietf:params:oauth:grant-type:token-exchange"}
	oauthMetaAuthMethods = []string{"client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none"}
	oauthMetaOIDCScopes  = []string{"openid", "email", "profile", "address", "phone", "offline_access", "groups"}
	oauthMetaSigningAlgs = []string{"RS256", "RS384", "RS512", "ES256", "ES384", "ES512"}
)

func init() {
	Register(Module{
		Name: "oauth-metadata", Phase: 90,
		Routes: func(rt *Router) {
			rt.Handle("GET", "/.well-known/oauth-authorization-server", "", oauthMetadata).Public = true
		},
	})
}

func oauthMetadata(c *Call) Reply {
	b := c.Base
	return OK(Obj{
		"issuer":                                            b,
		"authorization_endpoint":                            b + "/oauth2/v1/authorize",
		"token_endpoint":                                    b + oauthTokenPath,
		"registration_endpoint":                             b + "/oauth2/v1/clients",
		"response_types_supported":                          AnyStrings(oauthMetaResponseTypes),
		"response_modes_supported":                          []any{"query", "fragment", "form_post", "okta_post_message"},
		"grant_types_supported":                             AnyStrings(oauthMetaGrantTypes),
		"subject_types_supported":                           []any{"public"},
		"scopes_supported":                                  AnyStrings(c.s.routeScopes()),
		"token_endpoint_auth_methods_supported":             AnyStrings(oauthMetaAuthMethods),
		"claims_supported":                                  []any{"ver", "jti", "iss", "aud", "iat", "exp", "cid", "uid", "scp", "sub"},
		"code_challenge_methods_supported":                  []any{"S256"},
		"introspection_endpoint":                            b + "/oauth2/v1/introspect",
		"introspection_endpoint_auth_methods_supported":     AnyStrings(oauthMetaAuthMethods),
		"revocation_endpoint":                               b + "/oauth2/v1/revoke",
		"revocation_endpoint_auth_methods_supported":        AnyStrings(oauthMetaAuthMethods),
		"end_session_endpoint":                              b + "/oauth2/v1/logout",
		"request_parameter_supported":                       true,
		"request_object_signing_alg_values_supported":       AnyStrings(append([]string{"HS256", "HS384", "HS512"}, oauthMetaSigningAlgs...)),
		"device_authorization_endpoint":                     b + "/oauth2/v1/device/authorize",
		"pushed_authorization_request_endpoint":             b + "/oauth2/v1/par",
		"dpop_signing_alg_values_supported":                 AnyStrings(oauthMetaSigningAlgs),
		"frontchannel_logout_supported":                     true,
		"frontchannel_logout_session_supported":             true,
		"identity_chaining_requested_token_types_supported": []any{"urn:ietf:params:oauth:token-type:id-jag"},
	})
}

// routeScopes are the okta.* scopes the org's routes require, sorted,
// then the OpenID Connect scopes.
func (s *Server) routeScopes() []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range s.routes.routes {
		if r.scope != "" && !seen[r.scope] {
			seen[r.scope] = true
			out = append(out, r.scope)
		}
	}
	sort.Strings(out)
	return append(out, oauthMetaOIDCScopes...)
}
