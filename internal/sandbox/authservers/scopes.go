package authservers

import (
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Authorization server scopes (api-facts §1.4). Names are unique within a
// server; `okta.*` names belong to the platform. Create answers 201; the
// server fills in consent IMPLICIT and metadataPublish NO_CLIENTS (the
// spec's defaults), default/optional false, system false and an explicit
// `apiResourceId: null` (VCR TestAccResourceOktaAuthServerScope_crud).
// Scopes carry no created/lastUpdated. Lists put custom scopes first,
// sorted by name, then the system scopes (VCR
// TestAccDataSourceOktaAuthServerScopes_read); `limit` is optional (all by
// default), at most 200, with an `after` cursor.
var authServerScopesRes = &engine.Resource{
	Name: "authServerScopes", TypeName: "OAuth2Scope", Prefix: "scp", Area: "authorizationServers",
	Events: &engine.Events{Type: "OAuth2Scope", Create: "oauth2.scope.created", Update: "oauth2.scope.updated", Delete: "oauth2.scope.deleted"},
	Coll:   "/api/v1/authorizationServers/{authServerId}/scopes", IDParam: "scopeId",
	ParentParam: "authServerId", Parent: authServersRes,
	Page:         engine.PageSpec{Max: 200, Cursor: true},
	CreateStatus: http.StatusCreated,
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "displayName", Type: engine.TString},
		{Path: "description", Type: engine.TString},
		{Path: "consent", Type: engine.TString, Enum: []string{"REQUIRED", "IMPLICIT", "ADMIN", "FLEXIBLE"}},
		{Path: "metadataPublish", Type: engine.TString, Enum: []string{"ALL_CLIENTS", "NO_CLIENTS"}},
		{Path: "default", Type: engine.TBool},
		{Path: "optional", Type: engine.TBool},
	},
	ReadOnly: []string{"system", "apiResourceId"},
	Keep:     []string{"system", "apiResourceId"},
	System:   func(o engine.Obj) bool { return engine.BoolAt(o, "system") },
}

func init() {
	authServerScopesRes.Prepare = prepareAuthServerScope
	authServerScopesRes.Filter = filterAuthServerScopes
	authServerScopesRes.Links = func(c *engine.Call, asID string, o engine.Obj, l engine.Obj) {
		l["self"] = authServerLink(authServerURL(c, asID)+"/scopes/"+engine.Str(o, "id"), "GET", "PUT", "DELETE")
	}
	authServerScopesRes.AfterCreate = func(c *engine.Call, _ string, o engine.Obj) *engine.APIError {
		delete(o, "created")
		delete(o, "lastUpdated")
		return nil
	}
}

// authServerSystemScopes are the reserved OIDC scopes every server has
// (name, displayName, description), as recorded on the default server.
var authServerSystemScopes = [][3]string{
	{"openid", "openid", "Signals that a request is an OpenID request."},
	{"profile", "View your profile information.", "The exact data varies based on what profile information you have provided, such as: name, time zone, picture, or birthday."},
	{"email", "View your email address.", "This allows the app to view your email address."},
	{"address", "View your address.", "This allows the app to view your address, such as: street address, city, state, and zip code."},
	{"phone", "View your phone number.", "This allows the app to view your phone number."},
	{"offline_access", "Keep you signed in to the app.", "This keeps you signed in to the app, even when you are not using it."},
	{"device_sso", "Request device secret.", "This allows you to single sign on between native client applications on your device."},
}

// authServerMyAccountScopes are the MyAccount API scopes of the default
// server (system: false, but platform-owned), as recorded.
var authServerMyAccountScopes = [][3]string{
	{"okta.myAccount.appAuthenticator.maintenance.manage", "Manage non-sensitive attributes of my account app authenticator enrollment", "Allows the end user to manage non-sensitive attributes of their app authenticator enrollment."},
	{"okta.myAccount.appAuthenticator.maintenance.read", "Read non-sensitive attributes of my account app authenticator enrollment", "Allows the end user to read non-sensitive attributes of their app authenticator enrollment."},
	{"okta.myAccount.appAuthenticator.manage", "Manage my account app authenticator enrollment", "Allows the end user to manage their app authenticator enrollment."},
	{"okta.myAccount.appAuthenticator.read", "Read my account app authenticator enrollment", "Allows the end user to read their app authenticator enrollment."},
	{"okta.myAccount.authenticators.manage", "Manage my account authenticator enrollments", "Allows the end user to manage their account authenticator enrollments."},
	{"okta.myAccount.authenticators.read", "Read my account authenticator enrollments", "Allows the end user to read their account authenticator enrollments."},
	{"okta.myAccount.customAuthenticator.manage", "Manage my account custom authenticator", "Allows the end user to manage their custom authenticators."},
	{"okta.myAccount.customAuthenticator.read", "Read my account custom authenticator", "Allows the end user to read their custom authenticators."},
	{"okta.myAccount.email.manage", "Manage my account email ", "Allows the end user to manage their email addresses."},
	{"okta.myAccount.email.read", "Read my account email", "Allows the end user to read their email addresses."},
	{"okta.myAccount.manage", "Manage my account", "Allows the end user to manage their account profile, email addresses, and phone numbers."},
	{"okta.myAccount.oktaApplications.read", "Read my Okta applications", "Allows the end user to read their Okta applications information."},
	{"okta.myAccount.organization.read", "Read my account org details", "Allows the end user to read their account org details information."},
	{"okta.myAccount.password.manage", "Manage my account password", "Allows the end user to manage their account password."},
	{"okta.myAccount.password.read", "Read my account password enrollment", "Allows the end user to read their account password enrollment."},
	{"okta.myAccount.phone.manage", "Manage my account phone number", "Allows the end user to manage their phone numbers."},
	{"okta.myAccount.phone.read", "Read my account phone number", "Allows the end user to read their phone numbers."},
	{"okta.myAccount.profile.manage", "Manage my account profile", "Allows the end user to manage their account profile."},
	{"okta.myAccount.profile.read", "Read my account profile", "Allows the end user to read their account profile."},
	{"okta.myAccount.read", "Read my account", "Allows the end user to read their account profile, email addresses, and phone numbers."},
}

func prepareAuthServerScope(c *engine.Call, asID string, body, cur engine.Obj) *engine.APIError {
	name := engine.Str(body, "name")
	if strings.TrimSpace(name) == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	if strings.ContainsAny(name, " \t\r\n\"\\") {
		return engine.ErrValidation("name", "name: A scope name can't contain whitespace, quotes or backslashes")
	}
	if cur != nil && engine.BoolAt(cur, "system") && name != engine.Str(cur, "name") {
		return engine.ErrValidation("name", "name: The name of a system scope can't be changed")
	}
	// okta.* names are the platform's (the MyAccount scopes of the default
	// server); only the sandbox's own seeding may create them.
	if c.Request() != nil && strings.HasPrefix(name, "okta.") && (cur == nil || name != engine.Str(cur, "name")) {
		return engine.ErrValidation("name", "name: Scope names starting with 'okta.' are reserved")
	}
	dup := c.Org.Find("authServerScopes", asID, func(o engine.Obj) bool {
		return engine.Str(o, "name") == name && (cur == nil || engine.Str(o, "id") != engine.Str(cur, "id"))
	})
	if dup != nil {
		return engine.ErrValidation("name", "name: A scope with this name already exists in the authorization server")
	}
	engine.SetDefault(body, "consent", "IMPLICIT")
	engine.SetDefault(body, "metadataPublish", "NO_CLIENTS")
	engine.SetDefault(body, "default", false)
	engine.SetDefault(body, "optional", false)
	if cur == nil {
		body["system"] = false
		body["apiResourceId"] = nil
	} else {
		// A null the generic replace would drop (it keeps only set
		// values); recorded PUT answers still show it.
		body["apiResourceId"] = cur["apiResourceId"]
	}
	return nil
}

// authServerScopeFilter matches the one filter form clients use for scopes:
// name eq "…", optionally joined with `or`.
var authServerScopeFilter = regexp.MustCompile(`^\s*\(?\s*name\s+eq\s+"([^"]*)"\s*\)?\s*$`)

// filterAuthServerScopes orders custom scopes by name before the system
// ones and applies `q` (name prefix) and `filter`.
func filterAuthServerScopes(c *engine.Call, _ string, items []engine.Obj) ([]engine.Obj, *engine.APIError) {
	var custom, system []engine.Obj
	for _, o := range items {
		if engine.BoolAt(o, "system") {
			system = append(system, o)
		} else {
			custom = append(custom, o)
		}
	}
	sort.SliceStable(custom, func(i, j int) bool { return engine.Str(custom[i], "name") < engine.Str(custom[j], "name") })
	items = append(custom, system...)
	q := c.Query()
	var names []string
	if f := q.Get("filter"); f != "" {
		for _, term := range strings.Split(f, " or ") {
			m := authServerScopeFilter.FindStringSubmatch(term)
			if m == nil {
				return nil, engine.ErrBadRequest("Invalid search criteria.", "filter: unsupported expression "+term)
			}
			names = append(names, m[1])
		}
	}
	prefix := strings.ToLower(q.Get("q"))
	out := items[:0:0]
	for _, o := range items {
		if prefix != "" && !strings.HasPrefix(strings.ToLower(engine.Str(o, "name")), prefix) {
			continue
		}
		if names != nil && !slices.Contains(names, engine.Str(o, "name")) {
			continue
		}
		out = append(out, o)
	}
	return out, nil
}

// authServerFixUntimed removes created/lastUpdated from answers (and from
// the stored object, which the engine stamps on every write): Okta's
// scopes and claims carry neither.
func authServerFixUntimed(res *engine.Resource) func(c *engine.Call, o engine.Obj) {
	return func(c *engine.Call, o engine.Obj) {
		delete(o, "created")
		delete(o, "lastUpdated")
		if st := c.Org.Get(res.Name, c.Param("authServerId"), engine.Str(o, "id")); st != nil {
			delete(st, "created")
			delete(st, "lastUpdated")
		}
	}
}
