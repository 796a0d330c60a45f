package sandbox

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sort"
	"strings"
)

// Network zones (api-facts §1.6). Three types share one collection: IP zones
// (gateways and proxies as CIDR or RANGE addresses), DYNAMIC zones
// (locations, ASNs, proxy type) and DYNAMIC_V2 "enhanced dynamic" zones
// (include/exclude lists). What the recordings show and the engine does not
// do by itself:
//   - create ignores `status` and always answers ACTIVE (VCR
//     TestAccResourceOktaNetworkZone_issue_2578), but PUT honours it (VCR
//     TestAccResourceOktaNetworkZone_crud), so PUT is handled here;
//   - a single-address RANGE is stored as "a-a" (VCR
//     TestAccResourceOktaNetworkZone_ipNormalization);
//   - DYNAMIC locations get an explicit `region: null` and come back
//     reordered; DYNAMIC_V2 lists are always present, empty when unset;
//   - system zones keep DELETE in hints.allow although Okta refuses it;
//   - an ACTIVE zone can't be deleted (400 E0000001, TF issue #1975), nor one
//     a policy or policy rule names in conditions.network.
var zonesRes = &resource{
	name: "zones", typeName: "NetworkZone", prefix: "nzo", area: "networkZones",
	coll: "/api/v1/zones", idParam: "zoneId",
	// limit defaults to -1 (everything) and has no documented maximum.
	page:         pageSpec{cursor: true},
	createStatus: http.StatusOK, deleteStatus: http.StatusNoContent, updateMethod: http.MethodPut,
	life: lifecycle{enabled: true, reply: replyObject},
	fields: []field{
		{path: "name", typ: tString, required: true},
		{path: "type", typ: tString, required: true, enum: []string{"IP", "DYNAMIC", "DYNAMIC_V2"}},
		{path: "usage", typ: tString, enum: []string{"POLICY", "BLOCKLIST"}},
		{path: "gateways", typ: tArray},
		{path: "proxies", typ: tArray},
		{path: "proxyType", typ: tString},
		{path: "useAsExemptList", typ: tBool},
	},
	readOnly: []string{"system"},
	keep:     []string{"system"},
}

// Gateway and proxy list caps (SPEC IPNetworkZone.gateways).
const (
	zoneMaxAddresses          = 150
	zoneMaxBlocklistAddresses = 1000
	zoneMaxSystemAddresses    = 5000
)

func init() {
	zonesRes.prepare = prepareZone
	zonesRes.afterCreate = func(c *call, _ string, obj Obj) *apiError {
		obj["status"] = "ACTIVE" // create ignores the requested status
		return nil
	}
	zonesRes.beforeDelete = zoneBeforeDelete
	zonesRes.filter = filterZones
	register(module{
		name: "zones", phase: 10,
		routes: func(rt *router) { zonesRes.installWithPut(rt, zoneHandleReplace) },
		seed:   seedZones,
		sample: sampleZones,
		generate: func(c *call, n int) error {
			for i := 1; i <= n; i++ {
				if _, err := zonesRes.insert(c, "", Obj{
					"type": "IP", "name": fmt.Sprintf("gen-zone-%05d", i), "usage": "POLICY",
					"gateways": []any{Obj{"type": "CIDR", "value": fmt.Sprintf("10.%d.%d.0/24", (i/256)%256, i%256)}},
				}, nil); err != nil {
					return err
				}
			}
			return nil
		},
	})
}

// zoneHandleReplace is PUT /api/v1/zones/{zoneId}: a full replace that also
// applies the status the body asks for.
func zoneHandleReplace(c *call) reply {
	body, err := c.body()
	if err != nil {
		return fail(err)
	}
	status, _ := body["status"].(string)
	obj, err := zonesRes.replace(c, "", c.param("zoneId"), body)
	if err != nil {
		return fail(err)
	}
	if (status == "ACTIVE" || status == "INACTIVE") && str(obj, "status") != status {
		obj["status"] = status
	}
	return ok(zonesRes.render(c, "", obj))
}

func prepareZone(c *call, _ string, body, cur Obj) *apiError {
	typ := str(body, "type")
	if cur != nil && typ != str(cur, "type") {
		return errValidation("type", "type: The type of a network zone can't be changed")
	}
	name := strings.TrimSpace(str(body, "name"))
	if name == "" {
		return errValidation("name", "name: The field cannot be left blank")
	}
	if len([]rune(name)) > 128 {
		return errValidation("name", "name: The field cannot exceed 128 characters")
	}
	dup := c.o.find("zones", "", func(o Obj) bool {
		return strings.EqualFold(str(o, "name"), name) && (cur == nil || str(o, "id") != str(cur, "id"))
	})
	if dup != nil {
		return errValidation("name", "name: A network zone with this name already exists")
	}
	setDefault(body, "usage", "POLICY")
	system := cur != nil && boolAt(cur, "system")
	if system && str(body, "usage") != str(cur, "usage") {
		return errValidation("usage", "usage: The network zone does not allow usage changes for "+str(cur, "name")+".")
	}
	exempt := cur != nil && zoneIsExempt(c, str(cur, "id"))
	if v, has := body["useAsExemptList"].(bool); has {
		if exempt && !v {
			return errValidation("useAsExemptList", "useAsExemptList: The network zone does not allow usage changes for "+str(cur, "name")+".")
		}
		if !exempt && v {
			return errValidation("useAsExemptList", "useAsExemptList: Only the default exempt zone can be used as an exempt list")
		}
		setDefault(body, "useAsBlackList", false)
	}
	var err *apiError
	switch typ {
	case "IP":
		err = zonePrepareIP(body, cur == nil, system, exempt)
	case "DYNAMIC":
		err = zonePrepareDynamic(body)
	case "DYNAMIC_V2":
		err = zonePrepareDynamicV2(body)
	}
	if err != nil {
		return err
	}
	if cur == nil {
		body["system"] = false
	}
	return nil
}

func zonePrepareIP(body Obj, creating, system, exempt bool) *apiError {
	for _, k := range []string{"locations", "asns", "proxyType", "ipServiceCategories"} {
		delete(body, k)
	}
	limit := zoneMaxAddresses
	switch {
	case system:
		limit = zoneMaxSystemAddresses
	case str(body, "usage") == "BLOCKLIST":
		limit = zoneMaxBlocklistAddresses
	}
	total := 0
	for _, key := range []string{"gateways", "proxies"} {
		arr, _ := body[key].([]any)
		if body[key] == nil {
			body[key] = nil
			continue
		}
		if len(arr) > limit {
			return errValidation(key, fmt.Sprintf("%s: The list can't have more than %d entries", key, limit))
		}
		out := make([]any, 0, len(arr))
		for _, x := range arr {
			m, isObj := x.(map[string]any)
			if !isObj {
				return errMalformed()
			}
			t, _ := m["type"].(string)
			value, err := zoneNormalizeAddress(t, str(m, "value"))
			if err != "" {
				return errValidation(key, key+": "+err)
			}
			out = append(out, Obj{"type": t, "value": value})
		}
		body[key] = out
		total += len(out)
	}
	if proxies, _ := body["proxies"].([]any); exempt && len(proxies) > 0 {
		return errValidation("proxies", "proxies: The default exempt zone can't have proxies")
	}
	if creating && total == 0 {
		return errValidation("gateways", "gateways: An IP zone must define gateways or proxies")
	}
	return nil
}

// zoneNormalizeAddress checks one gateway or proxy and returns the form
// Okta stores: CIDRs as given, single-address RANGEs as "a-a".
func zoneNormalizeAddress(typ, value string) (string, string) {
	value = strings.TrimSpace(value)
	switch typ {
	case "CIDR":
		if _, _, err := net.ParseCIDR(value); err != nil {
			return "", fmt.Sprintf("'%s' is not a valid CIDR", value)
		}
		return value, ""
	case "RANGE":
		lo, hi, isRange := strings.Cut(value, "-")
		if !isRange {
			hi = lo
		}
		lo, hi = strings.TrimSpace(lo), strings.TrimSpace(hi)
		a, b := net.ParseIP(lo), net.ParseIP(hi)
		if a == nil || b == nil || (a.To4() == nil) != (b.To4() == nil) {
			return "", fmt.Sprintf("'%s' is not a valid IP range", value)
		}
		if a4 := a.To4(); a4 != nil {
			a, b = a4, b.To4()
		}
		if bytes.Compare(a, b) > 0 {
			return "", fmt.Sprintf("'%s' is not a valid IP range: the start is after the end", value)
		}
		return lo + "-" + hi, ""
	}
	return "", fmt.Sprintf("'%s' is not a valid address type; allowed: [CIDR RANGE]", typ)
}

func zonePrepareDynamic(body Obj) *apiError {
	for _, k := range []string{"gateways", "proxies", "ipServiceCategories"} {
		delete(body, k)
	}
	n := 0
	if body["locations"] == nil {
		body["locations"] = nil
	} else {
		arr, isArr := body["locations"].([]any)
		if !isArr {
			return errMalformed()
		}
		locs, err := zoneNormalizeLocations("locations", arr)
		if err != nil {
			return err
		}
		body["locations"] = locs
		n += len(locs)
	}
	if v := body["asns"]; v != nil {
		arr, isArr := v.([]any)
		if !isArr {
			return errMalformed()
		}
		n += len(arr)
	}
	if str(body, "proxyType") != "" {
		n++
	}
	if n == 0 {
		return errValidation("locations", "locations: A dynamic zone must define at least one of asns, locations or proxyType")
	}
	return nil
}

func zonePrepareDynamicV2(body Obj) *apiError {
	for _, k := range []string{"gateways", "proxies", "proxyType"} {
		delete(body, k)
	}
	n := 0
	for _, k := range []string{"locations", "ipServiceCategories", "asns"} {
		v := body[k]
		if v == nil {
			v = Obj{}
		}
		m, isObj := v.(map[string]any)
		if !isObj {
			return errMalformed()
		}
		for _, side := range []string{"include", "exclude"} {
			if m[side] == nil {
				m[side] = []any{}
			}
			arr, isArr := m[side].([]any)
			if !isArr {
				return errMalformed()
			}
			if k == "locations" {
				locs, err := zoneNormalizeLocations("locations."+side, arr)
				if err != nil {
					return err
				}
				m[side] = locs
			}
			n += len(arr)
		}
		body[k] = m
	}
	if n == 0 {
		return errValidation("locations", "locations: An enhanced dynamic zone must define at least one of asns, locations or ipServiceCategories")
	}
	return nil
}

// zoneNormalizeLocations checks ISO country and region codes, adds the
// explicit region: null Okta returns, and orders the list (Okta returns
// locations in its own order, not the request's).
func zoneNormalizeLocations(path string, arr []any) ([]any, *apiError) {
	if len(arr) > 75 {
		return nil, errValidation(path, path+": The list can't have more than 75 entries")
	}
	out := make([]any, 0, len(arr))
	for _, x := range arr {
		m, isObj := x.(map[string]any)
		if !isObj {
			return nil, errMalformed()
		}
		country := str(m, "country")
		if len(country) != 2 || strings.ToUpper(country) != country {
			return nil, errValidation(path, fmt.Sprintf("%s: '%s' is not a valid ISO-3166-1 country code", path, country))
		}
		loc := Obj{"country": country, "region": nil}
		if r := str(m, "region"); r != "" {
			if !strings.HasPrefix(r, country+"-") {
				return nil, errValidation(path, fmt.Sprintf("%s: '%s' is not a valid ISO-3166-2 region of %s", path, r, country))
			}
			loc["region"] = r
		}
		out = append(out, loc)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].(Obj), out[j].(Obj)
		ra, rb := str(a, "region"), str(b, "region")
		if (ra == "") != (rb == "") {
			return ra != ""
		}
		if str(a, "country") != str(b, "country") {
			return str(a, "country") < str(b, "country")
		}
		return ra < rb
	})
	return out, nil
}

func zoneBeforeDelete(c *call, _ string, cur Obj) *apiError {
	id, name := str(cur, "id"), str(cur, "name")
	if boolAt(cur, "system") {
		return newError(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action", "Cannot delete a system NetworkZone")
	}
	if str(cur, "status") == "ACTIVE" {
		return errValidation("The zone: "+name+" is an active zone. Active zones cannot be deleted.",
			"id: The zone: "+id+" is an active zone. Active zones cannot be deleted.")
	}
	if by := zoneReferrer(c, id); by != "" {
		return errValidation("The zone: "+name+" is in use by "+by+". Zones in use cannot be deleted.",
			"id: The zone: "+id+" is in use by "+by+". Zones in use cannot be deleted.")
	}
	return nil
}

// zoneReferrer names a policy or policy rule whose network condition
// includes or excludes the zone, or returns "".
func zoneReferrer(c *call, id string) string {
	uses := func(o Obj) bool {
		return slices.Contains(stringsAt(o, "conditions.network.include"), id) ||
			slices.Contains(stringsAt(o, "conditions.network.exclude"), id)
	}
	if p := c.o.find("policies", "", uses); p != nil {
		return "the policy " + str(p, "name")
	}
	for _, pid := range c.o.parents("policyRules") {
		if r := c.o.find("policyRules", pid, uses); r != nil {
			return "the policy rule " + str(r, "name")
		}
	}
	return ""
}

func filterZones(c *call, _ string, items []Obj) ([]Obj, *apiError) {
	expr := c.query().Get("filter")
	if strings.TrimSpace(expr) == "" {
		return items, nil
	}
	out := items[:0:0]
	for _, z := range items {
		hit, err := matchFilterExpr(expr, filterEqSw, func(field string) ([]string, bool) {
			switch field {
			case "id", "usage":
				return []string{str(z, field)}, true
			case "system":
				return []string{fmt.Sprint(boolAt(z, "system"))}, true
			}
			return nil, false
		})
		if err != nil {
			return nil, err
		}
		if hit {
			out = append(out, z)
		}
	}
	return out, nil
}

// zoneIsExempt reports whether id is the org's DefaultExemptIpZone, which
// keeps its role when renamed (recorded in the side table zoneExempt).
func zoneIsExempt(c *call, id string) bool {
	return str(c.o.get("zoneExempt", "", "exempt"), "id") == id
}

// seedZones creates the system zones every org has (SPEC NetworkZone.system,
// api-facts §1.6). They are built directly: an IP zone created through the
// API must have addresses, and these have none.
func seedZones(c *call) error {
	now := c.o.timestamp()
	base := func(name, typ, usage string) Obj {
		return Obj{"id": c.o.newID("nzo"), "type": typ, "name": name, "status": "ACTIVE", "usage": usage,
			"created": now, "lastUpdated": now, "system": true}
	}
	legacy := base("LegacyIpZone", "IP", "POLICY")
	legacy["gateways"], legacy["proxies"] = nil, nil
	blocked := base("BlockedIpZone", "IP", "BLOCKLIST")
	blocked["gateways"], blocked["proxies"] = nil, nil
	enhanced := base("DefaultEnhancedDynamicZone", "DYNAMIC_V2", "BLOCKLIST")
	enhanced["locations"] = Obj{"include": []any{}, "exclude": []any{}}
	enhanced["ipServiceCategories"] = Obj{"include": []any{"ALL_ANONYMIZERS"}, "exclude": []any{}}
	enhanced["asns"] = Obj{"include": []any{}, "exclude": []any{}}
	exempt := base("DefaultExemptIpZone", "IP", "POLICY")
	exempt["gateways"], exempt["proxies"] = nil, nil
	for _, z := range []Obj{legacy, blocked, enhanced, exempt} {
		c.o.put("zones", "", str(z, "id"), z)
	}
	c.o.put("zoneExempt", "", "exempt", Obj{"id": str(exempt, "id")})
	return nil
}

func sampleZones(c *call) error {
	cidr := func(vs ...string) []any {
		out := make([]any, len(vs))
		for i, v := range vs {
			t := "CIDR"
			if !strings.Contains(v, "/") {
				t = "RANGE"
			}
			out[i] = Obj{"type": t, "value": v}
		}
		return out
	}
	country := func(cs ...string) []any {
		out := make([]any, len(cs))
		for i, v := range cs {
			country, region, _ := strings.Cut(v, "/")
			loc := Obj{"country": country}
			if region != "" {
				loc["region"] = region
			}
			out[i] = loc
		}
		return out
	}
	zones := []struct {
		body     Obj
		inactive bool
	}{
		{body: Obj{"type": "IP", "name": "HQ Office", "gateways": cidr("203.0.113.0/24", "198.51.100.10-198.51.100.20")}},
		{body: Obj{"type": "IP", "name": "London Office", "gateways": cidr("192.0.2.0/26")}},
		{body: Obj{"type": "IP", "name": "Corporate VPN", "gateways": cidr("198.51.100.128/25"), "proxies": cidr("198.51.100.1")}},
		{body: Obj{"type": "IP", "name": "Data Center", "gateways": cidr("203.0.113.0/28", "2001:db8::/48")}},
		{body: Obj{"type": "IP", "name": "Known Bad IPs", "usage": "BLOCKLIST", "gateways": cidr("192.0.2.200-192.0.2.250", "198.51.100.66")}},
		{body: Obj{"type": "DYNAMIC", "name": "Allowed Countries", "locations": country("US", "CA", "GB", "DE", "US/US-CA")}},
		{body: Obj{"type": "DYNAMIC", "name": "Sanctioned Regions", "usage": "BLOCKLIST", "locations": country("KP", "IR", "CU", "SY")}},
		{body: Obj{"type": "DYNAMIC", "name": "Tor Exit Nodes", "usage": "BLOCKLIST", "proxyType": "Tor"}},
		{body: Obj{"type": "DYNAMIC", "name": "Cloud Egress", "asns": []any{"16509", "15169"}}},
		{body: Obj{"type": "DYNAMIC_V2", "name": "Anonymizing VPNs", "usage": "BLOCKLIST",
			"ipServiceCategories": Obj{"include": []any{"ALL_ANONYMIZERS_EXCEPT_TOR"}, "exclude": []any{"GLOBALPROTECT_VPN"}}}},
		{body: Obj{"type": "IP", "name": "Legacy Partner Network", "gateways": cidr("192.0.2.64/27")}, inactive: true},
	}
	for _, z := range zones {
		obj, err := zonesRes.insert(c, "", z.body, nil)
		if err != nil {
			return fmt.Errorf("zone %q: %v", str(z.body, "name"), err)
		}
		if z.inactive {
			obj["status"] = "INACTIVE"
		}
	}
	return nil
}
