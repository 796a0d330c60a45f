package okta

import "strings"

// Okta counts requests against per-minute buckets keyed by method and path
// pattern (api-facts §3.3-3.4). The governor needs to know which bucket a
// request will be charged to *before* sending it, so that it can hold back
// requests to an exhausted bucket while requests to other buckets proceed.
//
// The table below is our own, written from Okta's published rate-limit pages
// and the bucket mapping the Terraform provider generates from Okta's tests.
// It errs towards separate buckets: putting two real buckets into one of ours
// would mix their headers, while an extra bucket costs nothing.

// bucketRule maps requests whose path matches pattern (and, when methods is
// set, whose method is one of methods) to bucket. A pattern is a list of
// segments: a literal, "{id}" (an Okta ID), "{any}" (one segment of any
// form), and a final "**" for "this prefix and anything under it".
type bucketRule struct {
	methods string // space-separated; "" means any method
	pattern string
	bucket  string
}

// bucketRules are tried in order; the first match wins, so specific patterns
// come before the prefixes that would also match them.
var bucketRules = []bucketRule{
	// One app by ID is its own bucket; every app sub-resource (groups,
	// features, grants, keys, users, policies, connections) is charged to
	// the apps bucket, which is the export's bottleneck.
	{"GET PUT DELETE", "/api/v1/apps/{id}", "/api/v1/apps/{id}"},
	{"", "/api/v1/apps/**", "/api/v1/apps"},

	// One group by ID is its own bucket; rules, members, owners and roles
	// are charged to the groups bucket.
	{"", "/api/v1/groups/{id}", "/api/v1/groups/{id}"},
	{"", "/api/v1/groups/**", "/api/v1/groups"},

	// Users are looked up by ID or login ("me" too), so any single segment
	// names a user. Reads and writes of one user are separate buckets.
	{"GET", "/api/v1/users/{any}", "GET /api/v1/users/{id}"},
	{"", "/api/v1/users/{any}", "/api/v1/users/{id}"},
	{"", "/api/v1/users/**", "/api/v1/users"},

	{"", "/api/v1/logs/**", "/api/v1/logs"},
	{"", "/api/v1/events/**", "/api/v1/events"},

	// Endpoints Okta limits in buckets of their own (api-facts §3.3-3.4).
	{"", "/api/v1/iam/**", "/api/v1/iam"},
	{"", "/api/v1/device-assurances/**", "/api/v1/device-assurances"},
	{"", "/api/v1/domains/**", "/api/v1/domains"},
	{"", "/api/v1/hook-keys/**", "/api/v1/hook-keys"},
	{"", "/api/v1/push-providers/**", "/api/v1/push-providers"},
	{"", "/api/v1/principal-rate-limits/**", "/api/v1/principal-rate-limits"},
	{"", "/api/v1/certificateAuthorities/**", "/api/v1/certificateAuthorities"},
	{"", "/api/v1/devices/**", "/api/v1/devices"},
	{"", "/api/v1/sessions/**", "/api/v1/sessions"},

	// Attack protection (user lockout, authenticator settings) lives
	// outside /api/v1; Okta's published tables do not place it, so it is a
	// bucket of its own rather than a guess at a shared one.
	{"", "/attack-protection/**", "/attack-protection/api/v1"},

	{"", "/oauth2/v1/clients/**", "/oauth2/v1/clients"},
	{"", "/oauth2/**", "/oauth2/v1"},

	// Policies, rules, zones, IdPs, authorization servers, brands, hooks,
	// schemas, user types, mappings, trusted origins, authenticators, ...
	{"", "/api/v1/**", SharedBucket},
}

// otherBucket collects paths outside every known bucket (/.well-known,
// /attack-protection, ...), as the Terraform provider does.
const otherBucket = "/"

// SharedBucket is the bucket most management endpoints share (policies,
// zones, IdPs, authorization servers, brands, hooks, schemas, …): one
// budget for all of them.
const SharedBucket = "/api/v1"

// BucketFor returns the rate-limit bucket a request is charged to. It is
// the one definition of a bucket: the client's governor paces requests by
// it, and apply's scheduler caps the steps in flight per bucket with it.
//
// path is the URL's escaped path, or an endpoint template as the kind
// descriptors write it (/api/v1/groups/{id}): a segment in braces stands
// for an Okta ID, so a template falls in the bucket its requests will.
// A query string, if any, is ignored.
func BucketFor(method, path string) string {
	path, _, _ = strings.Cut(path, "?")
	segs := splitPath(path)
	for _, r := range bucketRules {
		if r.methods != "" && !hasWord(r.methods, method) {
			continue
		}
		if matchSegments(splitPath(r.pattern), segs) {
			return r.bucket
		}
	}
	return otherBucket
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

func hasWord(words, w string) bool {
	for _, x := range strings.Fields(words) {
		if x == w {
			return true
		}
	}
	return false
}

func matchSegments(pattern, segs []string) bool {
	for i, p := range pattern {
		if p == "**" {
			return true // the prefix matched; anything (or nothing) may follow
		}
		if i >= len(segs) {
			return false
		}
		switch p {
		case "{id}":
			if !isOktaID(segs[i]) && !isPlaceholder(segs[i]) {
				return false
			}
		case "{any}":
		default:
			if segs[i] != p {
				return false
			}
		}
	}
	return len(segs) == len(pattern)
}

// isPlaceholder reports whether a path segment is an endpoint template's
// placeholder ({id}, {parentId}, …). A real request's escaped path never
// holds a brace, so the two forms cannot be confused.
func isPlaceholder(seg string) bool {
	return len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}'
}

// isOktaID reports whether a path segment stands where an object ID would:
// Okta IDs are 20 alphanumeric characters, and the default authorization
// server is addressed by the literal "default". "authorizationServers" is 20
// letters too but is a collection name, not an ID (the Terraform provider
// special-cases it for the same reason).
func isOktaID(seg string) bool {
	if seg == "default" {
		return true
	}
	if len(seg) != 20 || seg == "authorizationServers" {
		return false
	}
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}
