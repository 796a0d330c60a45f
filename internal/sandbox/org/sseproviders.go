package org

import (
	"net/url"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Security events providers (SPEC SSFReceiverAPI; recorded
// TestAccSecurityEventsResource_basic, TestAccDataSourceOktaSecurityEventsProvider_read):
// Shared Signals transmitters the org receives security events from.
// Create answers 200 with {id: sse…, name, type, status: ACTIVE,
// settings, _links: {self, deactivate}}; the lifecycle endpoints answer
// the provider; DELETE 204. settings is either {issuer, jwks_url} or
// {well_known_url}, each an https URL.
var sseProvidersRes = &engine.Resource{
	Name: "securityEventsProviders", TypeName: "SecurityEventsProvider", Prefix: "sse", Area: "securityEventsProviders",
	Events: &engine.Events{Type: "SecurityEventsProvider", Create: "security.events.provider.create", Update: "security.events.provider.update", Delete: "security.events.provider.delete", Activate: "security.events.provider.activate", Deactivate: "security.events.provider.deactivate"},
	Coll:   "/api/v1/security-events-providers", IDParam: "securityEventProviderId",
	Life: engine.Lifecycle{Enabled: true, Reply: engine.ReplyObject},
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "type", Type: engine.TString, Required: true},
		{Path: "settings", Type: engine.TObject, Required: true},
	},
}

func init() {
	sseProvidersRes.Prepare = func(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
		if n := len([]rune(engine.Str(body, "name"))); n < 1 || n > 100 {
			return engine.ErrValidation("name", "name: The field must be between 1 and 100 characters")
		}
		wk, iss, jwks := engine.Str(body, "settings.well_known_url"), engine.Str(body, "settings.issuer"), engine.Str(body, "settings.jwks_url")
		switch {
		case wk != "" && iss == "" && jwks == "":
			if !sseHTTPS(wk) {
				return engine.ErrValidation("settings", "settings.well_known_url: must be an https URL")
			}
		case wk == "" && iss != "" && jwks != "":
			if !sseHTTPS(jwks) {
				return engine.ErrValidation("settings", "settings.jwks_url: must be an https URL")
			}
		default:
			return engine.ErrValidation("settings", "settings: Either well_known_url or both issuer and jwks_url are required")
		}
		return nil
	}
	engine.Register(engine.Module{
		Name: "security-events-providers", Phase: 10,
		Routes: func(rt *engine.Router) { sseProvidersRes.Install(rt) },
	})
}

func sseHTTPS(s string) bool {
	u, err := url.Parse(s)
	return err == nil && strings.EqualFold(u.Scheme, "https") && u.Host != ""
}
