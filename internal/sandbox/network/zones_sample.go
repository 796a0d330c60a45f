package network

import (
	"fmt"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func sampleZones(c *engine.Call) error {
	cidr := func(vs ...string) []any {
		out := make([]any, len(vs))
		for i, v := range vs {
			t := "CIDR"
			if !strings.Contains(v, "/") {
				t = "RANGE"
			}
			out[i] = engine.Obj{"type": t, "value": v}
		}
		return out
	}
	country := func(cs ...string) []any {
		out := make([]any, len(cs))
		for i, v := range cs {
			country, region, _ := strings.Cut(v, "/")
			loc := engine.Obj{"country": country}
			if region != "" {
				loc["region"] = region
			}
			out[i] = loc
		}
		return out
	}
	zones := []struct {
		body     engine.Obj
		inactive bool
	}{
		{body: engine.Obj{"type": "IP", "name": "HQ Office", "gateways": cidr("203.0.113.0/24", "198.51.100.10-198.51.100.20")}},
		{body: engine.Obj{"type": "IP", "name": "London Office", "gateways": cidr("192.0.2.0/26")}},
		{body: engine.Obj{"type": "IP", "name": "Corporate VPN", "gateways": cidr("198.51.100.128/25"), "proxies": cidr("198.51.100.1")}},
		{body: engine.Obj{"type": "IP", "name": "Data Center", "gateways": cidr("203.0.113.0/28", "2001:db8::/48")}},
		{body: engine.Obj{"type": "IP", "name": "Known Bad IPs", "usage": "BLOCKLIST", "gateways": cidr("192.0.2.200-192.0.2.250", "198.51.100.66")}},
		{body: engine.Obj{"type": "DYNAMIC", "name": "Allowed Countries", "locations": country("US", "CA", "GB", "DE", "US/US-CA")}},
		{body: engine.Obj{"type": "DYNAMIC", "name": "Sanctioned Regions", "usage": "BLOCKLIST", "locations": country("KP", "IR", "CU", "SY")}},
		{body: engine.Obj{"type": "DYNAMIC", "name": "Tor Exit Nodes", "usage": "BLOCKLIST", "proxyType": "Tor"}},
		{body: engine.Obj{"type": "DYNAMIC", "name": "Cloud Egress", "asns": []any{"16509", "15169"}}},
		{body: engine.Obj{"type": "DYNAMIC_V2", "name": "Anonymizing VPNs", "usage": "BLOCKLIST",
			"ipServiceCategories": engine.Obj{"include": []any{"ALL_ANONYMIZERS_EXCEPT_TOR"}, "exclude": []any{"GLOBALPROTECT_VPN"}}}},
		{body: engine.Obj{"type": "IP", "name": "Legacy Partner Network", "gateways": cidr("192.0.2.64/27")}, inactive: true},
	}
	for _, z := range zones {
		obj, err := zonesRes.Insert(c, "", z.body, nil)
		if err != nil {
			return fmt.Errorf("zone %q: %w", engine.Str(z.body, "name"), err)
		}
		if z.inactive {
			obj["status"] = "INACTIVE"
		}
	}
	return nil
}
