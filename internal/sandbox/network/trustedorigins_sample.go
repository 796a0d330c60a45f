package network

import (
	"fmt"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func sampleTrustedOrigins(c *engine.Call) error {
	scopes := func(types ...string) []any {
		out := make([]any, len(types))
		for i, t := range types {
			s := engine.Obj{"type": t}
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
			[]any{engine.Obj{"type": "IFRAME_EMBED", "allowedOktaApps": []any{"OKTA_ENDUSER"}}}, false},
		{"Partner Login Widget", "https://partners.example.net", scopes("CORS", "IFRAME_EMBED"), false},
		{"Mobile App", "capacitor://localhost", scopes("CORS", "REDIRECT"), false},
		{"Local Development", "http://localhost:3000", scopes("CORS", "REDIRECT"), false},
		{"Staging", "https://staging.example.com", scopes("CORS", "REDIRECT"), false},
		{"Old Marketing Site", "https://promo.example.org", scopes("REDIRECT"), true},
	}
	for _, o := range origins {
		obj, err := trustedOriginsRes.Insert(c, "", engine.Obj{"name": o.name, "origin": o.origin, "scopes": o.scopes}, nil)
		if err != nil {
			return fmt.Errorf("trusted origin %q: %w", o.name, err)
		}
		if o.inactive {
			obj["status"] = "INACTIVE"
		}
	}
	return nil
}
