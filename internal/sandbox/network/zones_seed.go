package network

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// seedZones creates the system zones every org has (SPEC NetworkZone.system,
// api-facts §1.6). They are built directly: an IP zone created through the
// API must have addresses, and these have none.
func seedZones(c *engine.Call) error {
	now := c.Org.Timestamp()
	base := func(name, typ, usage string) engine.Obj {
		return engine.Obj{"id": c.Org.NewID("nzo"), "type": typ, "name": name, "status": "ACTIVE", "usage": usage,
			"created": now, "lastUpdated": now, "system": true}
	}
	legacy := base("LegacyIpZone", "IP", "POLICY")
	legacy["gateways"], legacy["proxies"] = nil, nil
	blocked := base("BlockedIpZone", "IP", "BLOCKLIST")
	blocked["gateways"], blocked["proxies"] = nil, nil
	enhanced := base("DefaultEnhancedDynamicZone", "DYNAMIC_V2", "BLOCKLIST")
	enhanced["locations"] = engine.Obj{"include": []any{}, "exclude": []any{}}
	enhanced["ipServiceCategories"] = engine.Obj{"include": []any{"ALL_ANONYMIZERS"}, "exclude": []any{}}
	enhanced["asns"] = engine.Obj{"include": []any{}, "exclude": []any{}}
	exempt := base("DefaultExemptIpZone", "IP", "POLICY")
	exempt["gateways"], exempt["proxies"] = nil, nil
	for _, z := range []engine.Obj{legacy, blocked, enhanced, exempt} {
		c.Org.Put(engine.TableZones, "", engine.Str(z, "id"), z)
	}
	c.Org.Put("zoneExempt", "", "exempt", engine.Obj{"id": engine.Str(exempt, "id")})
	return nil
}
