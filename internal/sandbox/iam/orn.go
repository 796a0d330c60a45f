package iam

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Resource-set resources and binding members name Okta objects either as
// an Okta Resource Name (orn:{partition}:{service}:{orgId}:{type}[:…]) or
// as a REST URL (https://{org}/api/v1/groups/{groupId}). The sandbox
// accepts both, checks that the org id is this org's and that a named
// object exists, and stores the canonical ORN, which is what Okta lists
// (SPEC ResourceSetResource.orn; the developer docs' examples).
//
// Supported resources (the list in Okta's "Supported resources" guide that
// the sandbox's other families emulate):
//
//	orn:…:directory:{org}:users                         /api/v1/users
//	orn:…:directory:{org}:groups                        /api/v1/groups
//	orn:…:directory:{org}:groups:{groupId}              /api/v1/groups/{groupId}
//	orn:…:directory:{org}:groups:{groupId}:contained_resources
//	                                                    /api/v1/groups/{groupId}/users
//	orn:…:idp:{org}:apps                                /api/v1/apps
//	orn:…:idp:{org}:apps:{appName}                      /api/v1/apps?filter=name+eq+"{appName}"
//	orn:…:idp:{org}:apps:{appName}:{appId}              /api/v1/apps/{appId}
//	orn:…:idp:{org}:authorization_servers               /api/v1/authorizationServers
//	orn:…:idp:{org}:authorization_servers:{id}          /api/v1/authorizationServers/{id}
//
// Principals (binding members) are users, groups and OAuth clients:
// orn:…:directory:{org}:users:{id}, …:groups:{id}, or their REST URLs,
// and /oauth2/v1/clients/{clientId}.

// partition is the ORN partition of the sandbox org: the apps family
// builds app ORNs with "okta" (apps.go), as production orgs have;
// preview orgs would have "oktapreview".
const partition = "okta"

// appFilter is the REST form of "all apps of one type".
var appFilter = regexp.MustCompile(`^name eq "([a-z0-9_]+)"$`)

// catalogName is the shape of an OIN app key (facebook, template_swa).
var catalogName = regexp.MustCompile(`^[a-z0-9_]+$`)

func ornPrefix(c *engine.Call, service string) string {
	return "orn:" + partition + ":" + service + ":" + c.Org.OrgID + ":"
}

// canonicalResource turns a resource (ORN or REST URL) into its canonical
// ORN, or explains why it is not one the org has.
func canonicalResource(c *engine.Call, s string) (string, *engine.APIError) {
	bad := func(why string) *engine.APIError {
		return engine.ErrValidation("resources", "resources: '"+s+"' "+why)
	}
	parts, err := resourceParts(c, s)
	if err != nil {
		return "", bad(err.Error())
	}
	service, rest := parts[0], parts[1:]
	switch {
	case service == "directory" && len(rest) == 1 && (rest[0] == "users" || rest[0] == "groups"):
	case service == "directory" && rest[0] == "groups" && (len(rest) == 2 || len(rest) == 3 && rest[2] == "contained_resources"):
		if c.Org.Get(engine.TableGroups, "", rest[1]) == nil {
			return "", bad("names a group that does not exist")
		}
	case service == "idp" && len(rest) == 1 && (rest[0] == "apps" || rest[0] == "authorization_servers"):
	case service == "idp" && rest[0] == "apps" && (len(rest) == 2 || len(rest) == 3):
		// apps:{appId} and apps:{appName}:{appId} name one app, apps:{appName}
		// all apps of that OIN type.
		app := c.Org.Get(engine.TableApps, "", rest[len(rest)-1])
		switch {
		case app != nil && (len(rest) == 2 || engine.Str(app, "name") == rest[1]):
			rest = []string{"apps", engine.Str(app, "name"), engine.Str(app, "id")}
		case len(rest) == 2 && catalogName.MatchString(rest[1]):
		default:
			return "", bad("names an app that does not exist")
		}
	case service == "idp" && rest[0] == "authorization_servers" && len(rest) == 2:
		if c.Org.Get(engine.TableAuthServers, "", rest[1]) == nil {
			return "", bad("names an authorization server that does not exist")
		}
	default:
		return "", bad("is not a supported resource")
	}
	return ornPrefix(c, service) + strings.Join(rest, ":"), nil
}

type ornError string

func (e ornError) Error() string { return string(e) }

// resourceParts splits an ORN of this org, or translates a REST URL, into
// [service, type, …].
func resourceParts(c *engine.Call, s string) ([]string, error) {
	if strings.HasPrefix(s, "orn:") {
		p := strings.Split(s, ":")
		if len(p) < 5 {
			return nil, ornError("is not an Okta resource name")
		}
		if p[3] != c.Org.OrgID {
			return nil, ornError("names another org (" + p[3] + ")")
		}
		if p[1] != partition {
			return nil, ornError("names another partition (" + p[1] + ")")
		}
		return append([]string{p[2]}, p[4:]...), nil
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || !strings.HasPrefix(u.Path, "/api/v1/") {
		return nil, ornError("is neither an Okta resource name nor a REST URL")
	}
	seg := strings.Split(strings.TrimPrefix(u.Path, "/api/v1/"), "/")
	switch {
	case seg[0] == "users" && len(seg) == 1:
		return []string{"directory", "users"}, nil
	case seg[0] == "groups" && len(seg) == 1:
		return []string{"directory", "groups"}, nil
	case seg[0] == "groups" && len(seg) == 2:
		return []string{"directory", "groups", seg[1]}, nil
	case seg[0] == "groups" && len(seg) == 3 && seg[2] == "users":
		return []string{"directory", "groups", seg[1], "contained_resources"}, nil
	case seg[0] == "apps" && len(seg) == 1:
		if f := u.Query().Get("filter"); f != "" {
			m := appFilter.FindStringSubmatch(f)
			if m == nil {
				return nil, ornError("filters apps by something other than name")
			}
			return []string{"idp", "apps", m[1]}, nil
		}
		return []string{"idp", "apps"}, nil
	case seg[0] == "apps" && len(seg) == 2:
		return []string{"idp", "apps", seg[1]}, nil
	case seg[0] == "authorizationServers" && len(seg) <= 2:
		return append([]string{"idp", "authorization_servers"}, seg[1:]...), nil
	}
	return nil, ornError("is not a supported resource")
}

// restHref is the REST URL of a canonical ORN, for the resource's
// _links.self.
func restHref(c *engine.Call, orn string) string {
	p := strings.Split(orn, ":")
	if len(p) < 5 {
		return ""
	}
	rest := p[4:]
	path := "/api/v1/" + rest[0]
	switch {
	case rest[0] == "authorization_servers":
		path = "/api/v1/authorizationServers"
		if len(rest) == 2 {
			path += "/" + rest[1]
		}
	case rest[0] == "groups" && len(rest) == 3:
		path += "/" + rest[1] + "/users"
	case rest[0] == "groups" && len(rest) == 2:
		path += "/" + rest[1]
	case rest[0] == "apps" && len(rest) == 3:
		path += "/" + rest[2]
	case rest[0] == "apps" && len(rest) == 2:
		path += "?filter=" + url.QueryEscape(`name eq "`+rest[1]+`"`)
	}
	return c.Base + path
}

// principal is who holds a role: a user, a group or an OAuth client.
type principal struct {
	kind string // "users", "groups" or "clients"
	id   string // user id, group id or client_id
}

func (p principal) key() string { return p.kind + "/" + p.id }

func parsePrincipalKey(k string) principal {
	kind, id, _ := strings.Cut(k, "/")
	return principal{kind, id}
}

// href is the principal's REST URL, which is how Okta links to it.
func (p principal) href(base string) string {
	if p.kind == "clients" {
		return base + "/oauth2/v1/clients/" + p.id
	}
	return base + "/api/v1/" + p.kind + "/" + p.id
}

// assignmentType is the principal's kind as role assignments name it.
func (p principal) assignmentType() string {
	switch p.kind {
	case "users":
		return "USER"
	case "groups":
		return "GROUP"
	}
	return "CLIENT"
}

// exists reports whether the principal is in the org.
func (p principal) exists(c *engine.Call) bool {
	switch p.kind {
	case "users":
		return c.Org.Get(engine.TableUsers, "", p.id) != nil
	case "groups":
		return c.Org.Get(engine.TableGroups, "", p.id) != nil
	}
	return clientApp(c, p.id) != nil
}

// clientApp is the OAuth client app whose client_id is id.
func clientApp(c *engine.Call, id string) engine.Obj {
	return c.Org.Find(engine.TableApps, "", func(o engine.Obj) bool {
		return engine.Str(o, "credentials.oauthClient.client_id") == id
	})
}

// parseMember reads a binding member: a principal's REST URL or ORN.
func parseMember(c *engine.Call, s string) (principal, *engine.APIError) {
	bad := func(why string) (principal, *engine.APIError) {
		return principal{}, engine.ErrValidation("members", "members: '"+s+"' "+why)
	}
	var p principal
	if strings.HasPrefix(s, "orn:") {
		parts, err := resourceParts(c, s)
		if err != nil {
			return bad(err.Error())
		}
		if len(parts) != 3 || parts[0] != "directory" || (parts[1] != "users" && parts[1] != "groups") {
			return bad("is not a user or a group")
		}
		p = principal{parts[1], parts[2]}
	} else {
		u, err := url.Parse(s)
		if err != nil || u.Scheme == "" {
			return bad("is neither an Okta resource name nor a REST URL")
		}
		seg := strings.Split(strings.Trim(u.Path, "/"), "/")
		switch {
		case len(seg) == 4 && seg[0] == "api" && seg[1] == "v1" && (seg[2] == "users" || seg[2] == "groups"):
			p = principal{seg[2], seg[3]}
		case len(seg) == 4 && seg[0] == "oauth2" && seg[1] == "v1" && seg[2] == "clients":
			p = principal{"clients", seg[3]}
		default:
			return bad("is not a user, a group or a client")
		}
	}
	if !p.exists(c) {
		return bad("names a principal that does not exist")
	}
	return p, nil
}
