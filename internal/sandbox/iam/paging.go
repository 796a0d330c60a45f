package iam

import (
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Table names; only this package touches them (see doc.go).
const (
	tblRoles       = "iamRoles"
	tblPermissions = "iamPermissions"
	tblSets        = "iamResourceSets"
	tblResources   = "iamResources"
	tblBindings    = "iamBindings"
	tblMembers     = "iamMembers"
	tblAssignments = "iamAssignments"
)

// scopeArea is the OAuth scope area of every endpoint here:
// okta.roles.read and okta.roles.manage (SPEC security of each operation).
const scopeArea = "roles"

// iamPageMax is the page size of the IAM lists. Okta pages bindings and
// members at 100 (SPEC listBindings) and documents limit's default of 100
// for resources and the admin list; the sandbox pages every IAM list at
// 100 and honours a smaller limit, which clients that do not send one never
// notice.
const iamPageMax = 100

// adminBase is the base URL IAM _links use: Okta puts them on the org's
// -admin host (https://acme-admin.okta.com, VCR
// TestAccResourceOktaAdminRoleCustom_crud). A host that is an IP address,
// localhost or a single label has no admin twin that could resolve, so it
// stays as it is.
func adminBase(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return base
	}
	host, port := u.Hostname(), u.Port()
	first, rest, ok := strings.Cut(host, ".")
	if !ok || net.ParseIP(host) != nil || host == "localhost" || strings.HasSuffix(first, "-admin") {
		return base
	}
	host = first + "-admin." + rest
	if port != "" {
		host = net.JoinHostPort(host, port)
	}
	u.Host = host
	return u.String()
}

// bodyPage slices items by the request's after and limit and returns the
// page with the _links object that goes into the body: next (with the
// last item's id as the cursor) only when more items remain, plus the
// extra links the caller passes. The next link is built on the admin host
// with the request's path and query.
func bodyPage(c *engine.Call, items []engine.Obj, idOf func(engine.Obj) string, extra engine.Obj) ([]engine.Obj, engine.Obj) {
	q := c.Query()
	limit := iamPageMax
	if n, err := strconv.Atoi(q.Get("limit")); err == nil && n > 0 && n < limit {
		limit = n
	}
	start := 0
	if after := q.Get("after"); after != "" {
		start = len(items)
		for i, it := range items {
			if idOf(it) == after {
				start = i + 1
				break
			}
		}
	}
	end := len(items)
	if start+limit < end {
		end = start + limit
	}
	links := engine.Obj{}
	for k, v := range extra {
		links[k] = v
	}
	if end < len(items) && c.Request() != nil {
		next := url.Values{}
		for k, vs := range q {
			next[k] = append([]string(nil), vs...)
		}
		next.Set("after", idOf(items[end-1]))
		links["next"] = href(adminBase(c.Base) + c.Request().URL.Path + "?" + next.Encode())
	}
	return items[start:end], links
}

// href is a HAL link.
func href(u string) engine.Obj { return engine.Obj{"href": u} }

// selfLink is the Link header Okta sends with a single IAM object.
func selfLink(u string) map[string][]string {
	return map[string][]string{"Link": {"<" + u + `>; rel="self"`}}
}

// render copies a stored object for the wire, without the fields this
// package keeps for itself (named with a leading underscore and not
// "_links").
func render(o engine.Obj) engine.Obj {
	out := engine.CloneObj(o)
	for k := range out {
		if strings.HasPrefix(k, "_") && k != "_links" && k != "_embedded" {
			delete(out, k)
		}
	}
	return out
}

// anys converts objects to a JSON array.
func anys(items []engine.Obj) []any {
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = it
	}
	return out
}

// byIDOrLabel finds an object of a top-level table by id, then by label
// (case-insensitively, as Okta's labels are unique without regard to case).
func byIDOrLabel(c *engine.Call, table, key string) engine.Obj {
	if o := c.Org.Get(table, "", key); o != nil {
		return o
	}
	return c.Org.Find(table, "", func(o engine.Obj) bool { return strings.EqualFold(engine.Str(o, "label"), key) })
}

// newestFirst reverses a creation-ordered list: Okta lists a role's
// permissions and an assignment's targets most recent first (VCR
// TestAccResourceOktaAdminRoleCustom_crud#8,
// TestAccResourceOktaGroupRole_admin_crud#36).
func newestFirst(items []engine.Obj) []engine.Obj {
	out := make([]engine.Obj, len(items))
	for i, it := range items {
		out[len(items)-1-i] = it
	}
	return out
}
