package sandbox

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Trusted origins (api-facts §1.7): CORS, redirect and iframe-embedding
// allowances. Both name and origin are unique in the org; createdBy and
// lastUpdatedBy name the super administrator who owns the API token; the
// lifecycle endpoints answer with the object (VCR
// TestAccResourceOktaTrustedOrigin_crud) and a trusted origin can be deleted
// in any status.
var trustedOriginsRes = &resource{
	name: "trustedOrigins", typeName: "TrustedOrigin", prefix: "tos", area: "trustedOrigins",
	coll: "/api/v1/trustedOrigins", idParam: "trustedOriginId",
	page: pageSpec{def: 20, max: 200, cursor: true},
	life: lifecycle{enabled: true, reply: replyObject},
	fields: []field{
		{path: "name", typ: tString, required: true},
		{path: "origin", typ: tString, required: true},
		{path: "scopes", typ: tArray, required: true},
	},
	readOnly: []string{"createdBy", "lastUpdatedBy"},
	keep:     []string{"createdBy"},
}

// trustedOriginSchemes are the schemes Okta accepts (SPEC
// TrustedOrigin.origin: HTTP, HTTPS, FTP, Ionic 2 and Capacitor).
var trustedOriginSchemes = []string{"http", "https", "ftp", "ionic", "capacitor"}

func init() {
	trustedOriginsRes.prepare = prepareTrustedOrigin
	trustedOriginsRes.filter = filterTrustedOrigins
	register(module{
		name: "trusted-origins", phase: 10,
		routes: func(rt *router) { trustedOriginsRes.install(rt) },
		sample: sampleTrustedOrigins,
		generate: func(c *call, n int) error {
			for i := 1; i <= n; i++ {
				if _, err := trustedOriginsRes.insert(c, "", Obj{
					"name":   fmt.Sprintf("gen-origin-%05d", i),
					"origin": fmt.Sprintf("https://app%05d.example.com", i),
					"scopes": []any{Obj{"type": "CORS"}, Obj{"type": "REDIRECT"}},
				}, nil); err != nil {
					return err
				}
			}
			return nil
		},
	})
}

func prepareTrustedOrigin(c *call, _ string, body, cur Obj) *apiError {
	name := strings.TrimSpace(str(body, "name"))
	if name == "" {
		return errValidation("name", "name: The field cannot be left blank")
	}
	if len([]rune(name)) > 255 {
		return errValidation("name", "name: The field cannot exceed 255 characters")
	}
	origin := str(body, "origin")
	if err := trustedOriginCheckURL(origin); err != "" {
		return errValidation("origin", "origin: "+err)
	}
	others := func(match func(Obj) bool) Obj {
		return c.o.find("trustedOrigins", "", func(o Obj) bool {
			return (cur == nil || str(o, "id") != str(cur, "id")) && match(o)
		})
	}
	if others(func(o Obj) bool { return strings.EqualFold(str(o, "name"), name) }) != nil {
		return errValidation("name", "name: An object with this field already exists in the current organization")
	}
	if others(func(o Obj) bool { return strings.EqualFold(str(o, "origin"), origin) }) != nil {
		return errValidation("origin", "origin: An object with this field already exists in the current organization")
	}
	scopes, _ := body["scopes"].([]any)
	if len(scopes) == 0 {
		return errValidation("scopes", "scopes: At least one scope is required")
	}
	seen := map[string]bool{}
	for _, x := range scopes {
		s, isObj := x.(map[string]any)
		if !isObj {
			return errMalformed()
		}
		typ := str(s, "type")
		switch typ {
		case "CORS", "REDIRECT":
			if s["allowedOktaApps"] != nil {
				return errValidation("scopes", "scopes: allowedOktaApps is only allowed for the IFRAME_EMBED scope")
			}
		case "IFRAME_EMBED":
			apps, isArr := s["allowedOktaApps"].([]any)
			if s["allowedOktaApps"] != nil && !isArr {
				return errMalformed()
			}
			for _, a := range apps {
				if a != "OKTA_ENDUSER" {
					return errValidation("scopes", fmt.Sprintf("scopes: '%v' is not a valid value for allowedOktaApps; allowed: [OKTA_ENDUSER]", a))
				}
			}
		default:
			return errValidation("scopes", fmt.Sprintf("scopes: '%s' is not a valid value; allowed: [CORS REDIRECT IFRAME_EMBED]", typ))
		}
		if seen[typ] {
			return errValidation("scopes", "scopes: The scope "+typ+" is listed more than once")
		}
		seen[typ] = true
	}
	body["lastUpdatedBy"] = c.o.AdminID
	if cur == nil {
		body["createdBy"] = c.o.AdminID
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

func filterTrustedOrigins(c *call, _ string, items []Obj) ([]Obj, *apiError) {
	return filterList(c, items, []string{"name", "origin"}, filterEqSw, func(o Obj) func(string) ([]string, bool) {
		return func(field string) ([]string, bool) {
			switch field {
			case "name", "origin", "status":
				return []string{str(o, field)}, true
			case "type":
				var types []string
				for _, s := range o["scopes"].([]any) {
					types = append(types, str(s.(map[string]any), "type"))
				}
				return types, true
			}
			return nil, false
		}
	})
}

func sampleTrustedOrigins(c *call) error {
	scopes := func(types ...string) []any {
		out := make([]any, len(types))
		for i, t := range types {
			s := Obj{"type": t}
			if t == "IFRAME_EMBED" {
				s["allowedOktaApps"] = []any{}
			}
			out[i] = s
		}
		return out
	}
	origins := []struct {
		name, origin string
		scopes       []any
		inactive     bool
	}{
		{"Corporate Website", "https://www.example.com", scopes("CORS", "REDIRECT"), false},
		{"Customer Portal", "https://portal.example.com", scopes("CORS", "REDIRECT"), false},
		{"Internal Wiki", "https://wiki.example.com", scopes("CORS"), false},
		{"Support Center", "https://support.example.com", scopes("REDIRECT"), false},
		{"Intranet Dashboard", "https://intranet.example.com",
			[]any{Obj{"type": "IFRAME_EMBED", "allowedOktaApps": []any{"OKTA_ENDUSER"}}}, false},
		{"Partner Login Widget", "https://partners.example.net", scopes("CORS", "IFRAME_EMBED"), false},
		{"Mobile App", "capacitor://localhost", scopes("CORS", "REDIRECT"), false},
		{"Local Development", "http://localhost:3000", scopes("CORS", "REDIRECT"), false},
		{"Staging", "https://staging.example.com", scopes("CORS", "REDIRECT"), false},
		{"Old Marketing Site", "https://promo.example.org", scopes("REDIRECT"), true},
	}
	for _, o := range origins {
		obj, err := trustedOriginsRes.insert(c, "", Obj{"name": o.name, "origin": o.origin, "scopes": o.scopes}, nil)
		if err != nil {
			return fmt.Errorf("trusted origin %q: %v", o.name, err)
		}
		if o.inactive {
			obj["status"] = "INACTIVE"
		}
	}
	return nil
}
