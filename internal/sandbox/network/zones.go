package network

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
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
var zonesRes = &engine.Resource{
	Name: engine.TableZones, TypeName: "NetworkZone", Prefix: "nzo", Area: "networkZones",
	Events: &engine.Events{Type: "NetworkZone", Create: "zone.create", Update: "zone.update", Delete: "zone.delete", Activate: "zone.activate", Deactivate: "zone.deactivate"},
	Coll:   "/api/v1/zones", IDParam: "zoneId",
	// limit defaults to -1 (everything) and has no documented maximum.
	Page:         engine.PageSpec{Cursor: true},
	CreateStatus: http.StatusOK, DeleteStatus: http.StatusNoContent, UpdateMethod: http.MethodPut,
	Life: engine.Lifecycle{Enabled: true, Reply: engine.ReplyObject},
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "type", Type: engine.TString, Required: true, Enum: []string{"IP", "DYNAMIC", "DYNAMIC_V2"}},
		{Path: "usage", Type: engine.TString, Enum: []string{"POLICY", "BLOCKLIST"}},
		{Path: "gateways", Type: engine.TArray},
		{Path: "proxies", Type: engine.TArray},
		{Path: "proxyType", Type: engine.TString},
		{Path: "useAsExemptList", Type: engine.TBool},
	},
	ReadOnly: []string{"system"},
	Keep:     []string{"system"},
}

// Gateway and proxy list caps (SPEC IPNetworkZone.gateways).
const (
	zoneMaxAddresses          = 150
	zoneMaxBlocklistAddresses = 1000
	zoneMaxSystemAddresses    = 5000
)

func init() {
	zonesRes.Prepare = prepareZone
	zonesRes.AfterCreate = func(c *engine.Call, _ string, obj engine.Obj) *engine.APIError {
		obj["status"] = "ACTIVE" // create ignores the requested status
		return nil
	}
	zonesRes.BeforeDelete = zoneBeforeDelete
	zonesRes.Filter = filterZones
	engine.Register(engine.Module{
		Name: "zones", Phase: 10,
		Routes: func(rt *engine.Router) { zonesRes.InstallWithPut(rt, zoneHandleReplace) },
		Seed:   seedZones,
		Sample: sampleZones,
		Generate: func(c *engine.Call, n int) error {
			for i := 1; i <= n; i++ {
				if _, err := zonesRes.Insert(c, "", engine.Obj{
					"type": "IP", "name": fmt.Sprintf("gen-zone-%05d", i), "usage": "POLICY",
					"gateways": []any{engine.Obj{"type": "CIDR", "value": fmt.Sprintf("10.%d.%d.0/24", (i/256)%256, i%256)}},
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
func zoneHandleReplace(c *engine.Call) engine.Reply {
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	status, _ := body["status"].(string)
	obj, err := zonesRes.Replace(c, "", c.Param("zoneId"), body)
	if err != nil {
		return engine.Fail(err)
	}
	if (status == "ACTIVE" || status == "INACTIVE") && engine.Str(obj, "status") != status {
		obj["status"] = status
	}
	return engine.OK(zonesRes.Render(c, "", obj))
}

func prepareZone(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	typ := engine.Str(body, "type")
	if cur != nil && typ != engine.Str(cur, "type") {
		return engine.ErrValidation("type", "type: The type of a network zone can't be changed")
	}
	name := strings.TrimSpace(engine.Str(body, "name"))
	if name == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	if len([]rune(name)) > 128 {
		return engine.ErrValidation("name", "name: The field cannot exceed 128 characters")
	}
	dup := c.Org.Find(engine.TableZones, "", func(o engine.Obj) bool {
		return strings.EqualFold(engine.Str(o, "name"), name) && (cur == nil || engine.Str(o, "id") != engine.Str(cur, "id"))
	})
	if dup != nil {
		return engine.ErrValidation("name", "name: A network zone with this name already exists")
	}
	engine.SetDefault(body, "usage", "POLICY")
	system := cur != nil && engine.BoolAt(cur, "system")
	if system && engine.Str(body, "usage") != engine.Str(cur, "usage") {
		return engine.ErrValidation("usage", "usage: The network zone does not allow usage changes for "+engine.Str(cur, "name")+".")
	}
	exempt := cur != nil && zoneIsExempt(c, engine.Str(cur, "id"))
	if v, has := body["useAsExemptList"].(bool); has {
		if exempt && !v {
			return engine.ErrValidation("useAsExemptList", "useAsExemptList: The network zone does not allow usage changes for "+engine.Str(cur, "name")+".")
		}
		if !exempt && v {
			return engine.ErrValidation("useAsExemptList", "useAsExemptList: Only the default exempt zone can be used as an exempt list")
		}
		engine.SetDefault(body, "useAsBlackList", false)
	}
	var err *engine.APIError
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

func zonePrepareIP(body engine.Obj, creating, system, exempt bool) *engine.APIError {
	for _, k := range []string{"locations", "asns", "proxyType", "ipServiceCategories"} {
		delete(body, k)
	}
	limit := zoneMaxAddresses
	switch {
	case system:
		limit = zoneMaxSystemAddresses
	case engine.Str(body, "usage") == "BLOCKLIST":
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
			return engine.ErrValidation(key, fmt.Sprintf("%s: The list can't have more than %d entries", key, limit))
		}
		out := make([]any, 0, len(arr))
		for _, x := range arr {
			m, isObj := x.(map[string]any)
			if !isObj {
				return engine.ErrMalformed()
			}
			t, _ := m["type"].(string)
			value, err := zoneNormalizeAddress(t, engine.Str(m, "value"))
			if err != "" {
				return engine.ErrValidation(key, key+": "+err)
			}
			out = append(out, engine.Obj{"type": t, "value": value})
		}
		body[key] = out
		total += len(out)
	}
	if proxies, _ := body["proxies"].([]any); exempt && len(proxies) > 0 {
		return engine.ErrValidation("proxies", "proxies: The default exempt zone can't have proxies")
	}
	if creating && total == 0 {
		return engine.ErrValidation("gateways", "gateways: An IP zone must define gateways or proxies")
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

func zonePrepareDynamic(body engine.Obj) *engine.APIError {
	for _, k := range []string{"gateways", "proxies", "ipServiceCategories"} {
		delete(body, k)
	}
	n := 0
	if body["locations"] == nil {
		body["locations"] = nil
	} else {
		arr, isArr := body["locations"].([]any)
		if !isArr {
			return engine.ErrMalformed()
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
			return engine.ErrMalformed()
		}
		n += len(arr)
	}
	if engine.Str(body, "proxyType") != "" {
		n++
	}
	if n == 0 {
		return engine.ErrValidation("locations", "locations: A dynamic zone must define at least one of asns, locations or proxyType")
	}
	return nil
}

func zonePrepareDynamicV2(body engine.Obj) *engine.APIError {
	for _, k := range []string{"gateways", "proxies", "proxyType"} {
		delete(body, k)
	}
	n := 0
	for _, k := range []string{"locations", "ipServiceCategories", "asns"} {
		v := body[k]
		if v == nil {
			v = engine.Obj{}
		}
		m, isObj := v.(map[string]any)
		if !isObj {
			return engine.ErrMalformed()
		}
		for _, side := range []string{"include", "exclude"} {
			if m[side] == nil {
				m[side] = []any{}
			}
			arr, isArr := m[side].([]any)
			if !isArr {
				return engine.ErrMalformed()
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
		return engine.ErrValidation("locations", "locations: An enhanced dynamic zone must define at least one of asns, locations or ipServiceCategories")
	}
	return nil
}

// zoneNormalizeLocations checks ISO country and region codes, adds the
// explicit region: null Okta returns, and orders the list (Okta returns
// locations in its own order, not the request's).
func zoneNormalizeLocations(path string, arr []any) ([]any, *engine.APIError) {
	if len(arr) > 75 {
		return nil, engine.ErrValidation(path, path+": The list can't have more than 75 entries")
	}
	out := make([]any, 0, len(arr))
	for _, x := range arr {
		m, isObj := x.(map[string]any)
		if !isObj {
			return nil, engine.ErrMalformed()
		}
		country := engine.Str(m, "country")
		if len(country) != 2 || strings.ToUpper(country) != country {
			return nil, engine.ErrValidation(path, fmt.Sprintf("%s: '%s' is not a valid ISO-3166-1 country code", path, country))
		}
		loc := engine.Obj{"country": country, "region": nil}
		if r := engine.Str(m, "region"); r != "" {
			if !strings.HasPrefix(r, country+"-") {
				return nil, engine.ErrValidation(path, fmt.Sprintf("%s: '%s' is not a valid ISO-3166-2 region of %s", path, r, country))
			}
			loc["region"] = r
		}
		out = append(out, loc)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].(engine.Obj), out[j].(engine.Obj)
		ra, rb := engine.Str(a, "region"), engine.Str(b, "region")
		if (ra == "") != (rb == "") {
			return ra != ""
		}
		if engine.Str(a, "country") != engine.Str(b, "country") {
			return engine.Str(a, "country") < engine.Str(b, "country")
		}
		return ra < rb
	})
	return out, nil
}

func zoneBeforeDelete(c *engine.Call, _ string, cur engine.Obj) *engine.APIError {
	id, name := engine.Str(cur, "id"), engine.Str(cur, "name")
	if engine.BoolAt(cur, "system") {
		return engine.NewError(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action", "Cannot delete a system NetworkZone")
	}
	if engine.Str(cur, "status") == "ACTIVE" {
		return engine.ErrValidation("The zone: "+name+" is an active zone. Active zones cannot be deleted.",
			"id: The zone: "+id+" is an active zone. Active zones cannot be deleted.")
	}
	if by := zoneReferrer(c, id); by != "" {
		return engine.ErrValidation("The zone: "+name+" is in use by "+by+". Zones in use cannot be deleted.",
			"id: The zone: "+id+" is in use by "+by+". Zones in use cannot be deleted.")
	}
	return nil
}

// zoneReferrer names a policy or policy rule whose network condition
// includes or excludes the zone, or returns "".
func zoneReferrer(c *engine.Call, id string) string {
	uses := func(o engine.Obj) bool {
		return slices.Contains(engine.StringsAt(o, "conditions.network.include"), id) ||
			slices.Contains(engine.StringsAt(o, "conditions.network.exclude"), id)
	}
	if p := c.Org.Find(engine.TablePolicies, "", uses); p != nil {
		return "the policy " + engine.Str(p, "name")
	}
	for _, pid := range c.Org.Parents(engine.TablePolicyRules) {
		if r := c.Org.Find(engine.TablePolicyRules, pid, uses); r != nil {
			return "the policy rule " + engine.Str(r, "name")
		}
	}
	return ""
}

func filterZones(c *engine.Call, _ string, items []engine.Obj) ([]engine.Obj, *engine.APIError) {
	expr := c.Query().Get("filter")
	if strings.TrimSpace(expr) == "" {
		return items, nil
	}
	out := items[:0:0]
	for _, z := range items {
		hit, err := engine.MatchFilter(expr, engine.FilterEqSw, func(field string) ([]string, bool) {
			switch field {
			case "id", "usage":
				return []string{engine.Str(z, field)}, true
			case "system":
				return []string{fmt.Sprint(engine.BoolAt(z, "system"))}, true
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
func zoneIsExempt(c *engine.Call, id string) bool {
	return engine.Str(c.Org.Get("zoneExempt", "", "exempt"), "id") == id
}
