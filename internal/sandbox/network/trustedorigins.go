package network

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Trusted origins (api-facts §1.7): CORS, redirect and iframe-embedding
// allowances. Both name and origin are unique in the org; createdBy and
// lastUpdatedBy name the super administrator who owns the API token; the
// lifecycle endpoints answer with the object (VCR
// TestAccResourceOktaTrustedOrigin_crud) and a trusted origin can be deleted
// in any status.
var trustedOriginsRes = &engine.Resource{
	Name: "trustedOrigins", TypeName: "TrustedOrigin", Prefix: "tos", Area: "trustedOrigins",
	Events: &engine.Events{Type: "TrustedOrigin", Create: "security.trusted_origin.create", Update: "security.trusted_origin.update", Delete: "security.trusted_origin.delete", Activate: "security.trusted_origin.activate", Deactivate: "security.trusted_origin.deactivate"},
	Coll:   "/api/v1/trustedOrigins", IDParam: "trustedOriginId",
	Page: engine.PageSpec{Def: 20, Max: 200, Cursor: true},
	Life: engine.Lifecycle{Enabled: true, Reply: engine.ReplyObject},
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "origin", Type: engine.TString, Required: true},
		{Path: "scopes", Type: engine.TArray, Required: true},
	},
	ReadOnly: []string{"createdBy", "lastUpdatedBy"},
	Keep:     []string{"createdBy"},
}

// trustedOriginSchemes are the schemes Okta accepts (SPEC
// TrustedOrigin.origin: HTTP, HTTPS, FTP, Ionic 2 and Capacitor).
var trustedOriginSchemes = []string{"http", "https", "ftp", "ionic", "capacitor"}

func init() {
	trustedOriginsRes.Prepare = prepareTrustedOrigin
	trustedOriginsRes.Filter = filterTrustedOrigins
	engine.Register(engine.Module{
		Name: "trusted-origins", Phase: 10,
		Routes: func(rt *engine.Router) { trustedOriginsRes.Install(rt) },
		Sample: sampleTrustedOrigins,
		Generate: func(c *engine.Call, n int) error {
			for i := 1; i <= n; i++ {
				if _, err := trustedOriginsRes.Insert(c, "", engine.Obj{
					"name":   fmt.Sprintf("gen-origin-%05d", i),
					"origin": fmt.Sprintf("https://app%05d.example.com", i),
					"scopes": []any{engine.Obj{"type": "CORS"}, engine.Obj{"type": "REDIRECT"}},
				}, nil); err != nil {
					return err
				}
			}
			return nil
		},
	})
}

func prepareTrustedOrigin(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	name := strings.TrimSpace(engine.Str(body, "name"))
	if name == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	if len([]rune(name)) > 255 {
		return engine.ErrValidation("name", "name: The field cannot exceed 255 characters")
	}
	origin := engine.Str(body, "origin")
	if err := trustedOriginCheckURL(origin); err != "" {
		return engine.ErrValidation("origin", "origin: "+err)
	}
	others := func(match func(engine.Obj) bool) engine.Obj {
		return c.Org.Find("trustedOrigins", "", func(o engine.Obj) bool {
			return (cur == nil || engine.Str(o, "id") != engine.Str(cur, "id")) && match(o)
		})
	}
	if others(func(o engine.Obj) bool { return strings.EqualFold(engine.Str(o, "name"), name) }) != nil {
		return engine.ErrValidation("name", "name: An object with this field already exists in the current organization")
	}
	if others(func(o engine.Obj) bool { return strings.EqualFold(engine.Str(o, "origin"), origin) }) != nil {
		return engine.ErrValidation("origin", "origin: An object with this field already exists in the current organization")
	}
	scopes, _ := body["scopes"].([]any)
	if len(scopes) == 0 {
		return engine.ErrValidation("scopes", "scopes: At least one scope is required")
	}
	seen := map[string]bool{}
	for _, x := range scopes {
		s, isObj := x.(map[string]any)
		if !isObj {
			return engine.ErrMalformed()
		}
		typ := engine.Str(s, "type")
		switch typ {
		case "CORS", "REDIRECT":
			if s["allowedOktaApps"] != nil {
				return engine.ErrValidation("scopes", "scopes: allowedOktaApps is only allowed for the IFRAME_EMBED scope")
			}
		case "IFRAME_EMBED":
			apps, isArr := s["allowedOktaApps"].([]any)
			if s["allowedOktaApps"] != nil && !isArr {
				return engine.ErrMalformed()
			}
			for _, a := range apps {
				if a != "OKTA_ENDUSER" {
					return engine.ErrValidation("scopes", fmt.Sprintf("scopes: '%v' is not a valid value for allowedOktaApps; allowed: [OKTA_ENDUSER]", a))
				}
			}
		default:
			return engine.ErrValidation("scopes", fmt.Sprintf("scopes: '%s' is not a valid value; allowed: [CORS REDIRECT IFRAME_EMBED]", typ))
		}
		if seen[typ] {
			return engine.ErrValidation("scopes", "scopes: The scope "+typ+" is listed more than once")
		}
		seen[typ] = true
	}
	body["lastUpdatedBy"] = c.Org.AdminID
	if cur == nil {
		body["createdBy"] = c.Org.AdminID
	}
	return nil
}

// trustedOriginCheckURL returns why origin is not a valid origin, or "".
func trustedOriginCheckURL(origin string) string {
	if strings.TrimSpace(origin) == "" {
		return "The field cannot be left blank"
	}
	if len(origin) > 255 {
		return "The field cannot exceed 255 characters"
	}
	u, err := url.Parse(origin)
	if err != nil || !slices.Contains(trustedOriginSchemes, strings.ToLower(u.Scheme)) {
		return "'" + origin + "' is not a valid origin; the scheme must be one of " + strings.Join(trustedOriginSchemes, ", ")
	}
	if u.Host == "" && (u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "ftp") {
		return "'" + origin + "' is not a valid origin; it has no host"
	}
	return ""
}

func filterTrustedOrigins(c *engine.Call, _ string, items []engine.Obj) ([]engine.Obj, *engine.APIError) {
	return engine.FilterList(c, items, []string{"name", "origin"}, engine.FilterEqSw, func(o engine.Obj) func(string) ([]string, bool) {
		return func(field string) ([]string, bool) {
			switch field {
			case "name", "origin", "status":
				return []string{engine.Str(o, field)}, true
			case "type":
				var types []string
				for _, s := range o["scopes"].([]any) {
					types = append(types, engine.Str(s.(map[string]any), "type"))
				}
				return types, true
			}
			return nil, false
		}
	})
}
