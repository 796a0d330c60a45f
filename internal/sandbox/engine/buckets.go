package engine

import (
	"regexp"
	"strings"
)

// Tier names the org's SKU, which sets the per-minute numbers of every
// bucket and the concurrency cap (api-facts §3.1, §3.3).
type Tier string

const (
	TierDeveloper  Tier = "developer"
	TierEnterprise Tier = "enterprise"
	TierWorkforce  Tier = "workforce"
)

// Bucket names, as Okta's rate-limit dashboard names them.
const (
	bucketApps      = "/api/v1/apps"
	bucketAppsID    = "/api/v1/apps/{id}"
	bucketGroups    = "/api/v1/groups"
	bucketGroupsID  = "/api/v1/groups/{id}"
	bucketUsers     = "/api/v1/users"
	bucketUserGet   = "GET /api/v1/users/{idOrLogin}"
	bucketUserWrite = "/api/v1/users/{id}"
	bucketLogs      = "/api/v1/logs"
	bucketIAM       = "/api/v1/iam"
	bucketDevices   = "/api/v1/devices"
	bucketClients   = "/oauth2/v1/clients"
	bucketOAuth     = "/oauth2/v1"
	bucketDefault   = "/api/v1"
)

// tierLimits are requests per minute per bucket (api-facts §3.3: developer is
// the free developer column). The /oauth2/v1 row comes from the older docs
// version the fact base cites. Okta publishes no number for /api/v1/iam
// (custom roles, resource sets, bindings, the admin list): it is a bucket of
// its own (api-facts §3.4) and gets the shared /api/v1 numbers here, an
// assumption to replace once a rate-limit dashboard shows the real one.
var tierLimits = map[Tier]map[string]int{
	TierDeveloper: {
		bucketApps: 20, bucketAppsID: 100, bucketGroups: 100, bucketGroupsID: 100,
		bucketUsers: 100, bucketUserGet: 100, bucketUserWrite: 100, bucketLogs: 20,
		bucketClients: 25, bucketOAuth: 300, bucketDefault: 100, bucketIAM: 100, bucketDevices: 100,
	},
	TierEnterprise: {
		bucketApps: 100, bucketAppsID: 600, bucketGroups: 600, bucketGroupsID: 600,
		bucketUsers: 600, bucketUserGet: 1000, bucketUserWrite: 600, bucketLogs: 50,
		bucketClients: 100, bucketOAuth: 1200, bucketDefault: 600, bucketIAM: 600, bucketDevices: 150,
	},
	TierWorkforce: {
		bucketApps: 100, bucketAppsID: 500, bucketGroups: 500, bucketGroupsID: 1000,
		bucketUsers: 600, bucketUserGet: 2000, bucketUserWrite: 600, bucketLogs: 120,
		bucketClients: 100, bucketOAuth: 2000, bucketDefault: 1200, bucketIAM: 1200, bucketDevices: 100,
	},
}

// tierConcurrency is the org-wide cap on requests in flight (DOCS-RLX).
var tierConcurrency = map[Tier]int{TierDeveloper: 15, TierEnterprise: 75, TierWorkforce: 75}

// idSegment matches what Okta's own bucket table treats as an id: a run of
// 20 word characters. "authorizationServers" is 20 characters too, and is
// not an id.
var idSegment = regexp.MustCompile(`^[A-Za-z0-9]{20}$`)

func isIDSegment(s string) bool {
	return idSegment.MatchString(s) && s != "authorizationServers"
}

// bucketFor maps a request to its rate-limit bucket, following the shape of
// Okta's table (api-facts §3.4): the item endpoints of apps, groups and users
// have buckets of their own, every sub-resource counts against the
// collection's bucket (a group's or a user's role assignments too), the IAM
// endpoints, the devices and the OAuth clients (role assignments of service
// apps) have their own, and most other management calls share /api/v1.
func bucketFor(method, path string) string {
	seg := strings.Split(strings.Trim(path, "/"), "/")
	if len(seg) >= 2 && seg[0] == "oauth2" {
		if len(seg) >= 3 && seg[1] == "v1" && seg[2] == "clients" {
			return bucketClients
		}
		return bucketOAuth
	}
	if len(seg) < 3 || seg[0] != "api" || seg[1] != "v1" {
		return bucketDefault
	}
	switch seg[2] {
	case "apps":
		if len(seg) == 4 && isIDSegment(seg[3]) {
			return bucketAppsID
		}
		return bucketApps
	case "groups":
		if len(seg) == 4 && isIDSegment(seg[3]) {
			return bucketGroupsID
		}
		return bucketGroups
	case "users":
		if len(seg) == 4 {
			if method == "GET" {
				return bucketUserGet
			}
			return bucketUserWrite
		}
		return bucketUsers
	case "logs":
		return bucketLogs
	case "iam":
		return bucketIAM
	case "devices":
		return bucketDevices
	}
	return bucketDefault
}
