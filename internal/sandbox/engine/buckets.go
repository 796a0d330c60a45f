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
	BucketApps      = "/api/v1/apps"
	BucketAppsID    = "/api/v1/apps/{id}"
	BucketGroups    = "/api/v1/groups"
	BucketGroupsID  = "/api/v1/groups/{id}"
	BucketUsers     = "/api/v1/users"
	BucketUserGet   = "GET /api/v1/users/{idOrLogin}"
	BucketUserWrite = "/api/v1/users/{id}"
	BucketLogs      = "/api/v1/logs"
	BucketClients   = "/oauth2/v1/clients"
	BucketOAuth     = "/oauth2/v1"
	BucketDefault   = "/api/v1"
)

// tierLimits are requests per minute per bucket (api-facts §3.3: developer is
// the free developer column). The /oauth2/v1 row comes from the older docs
// version the fact base cites.
var tierLimits = map[Tier]map[string]int{
	TierDeveloper: {
		BucketApps: 20, BucketAppsID: 100, BucketGroups: 100, BucketGroupsID: 100,
		BucketUsers: 100, BucketUserGet: 100, BucketUserWrite: 100, BucketLogs: 20,
		BucketClients: 25, BucketOAuth: 300, BucketDefault: 100,
	},
	TierEnterprise: {
		BucketApps: 100, BucketAppsID: 600, BucketGroups: 600, BucketGroupsID: 600,
		BucketUsers: 600, BucketUserGet: 1000, BucketUserWrite: 600, BucketLogs: 50,
		BucketClients: 100, BucketOAuth: 1200, BucketDefault: 600,
	},
	TierWorkforce: {
		BucketApps: 100, BucketAppsID: 500, BucketGroups: 500, BucketGroupsID: 1000,
		BucketUsers: 600, BucketUserGet: 2000, BucketUserWrite: 600, BucketLogs: 120,
		BucketClients: 100, BucketOAuth: 2000, BucketDefault: 1200,
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
// collection's bucket, and most other management calls share /api/v1.
func bucketFor(method, path string) string {
	seg := strings.Split(strings.Trim(path, "/"), "/")
	if len(seg) >= 2 && seg[0] == "oauth2" {
		if len(seg) >= 3 && seg[1] == "v1" && seg[2] == "clients" {
			return BucketClients
		}
		return BucketOAuth
	}
	if len(seg) < 3 || seg[0] != "api" || seg[1] != "v1" {
		return BucketDefault
	}
	switch seg[2] {
	case "apps":
		if len(seg) == 4 && isIDSegment(seg[3]) {
			return BucketAppsID
		}
		return BucketApps
	case "groups":
		if len(seg) == 4 && isIDSegment(seg[3]) {
			return BucketGroupsID
		}
		return BucketGroups
	case "users":
		if len(seg) == 4 {
			if method == "GET" {
				return BucketUserGet
			}
			return BucketUserWrite
		}
		return BucketUsers
	case "logs":
		return BucketLogs
	}
	return BucketDefault
}
