package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Authorization server policies and their rules (api-facts §1.4, §6.3 e).
// Both answer create with 201 and lifecycle with 204, keep a dense
// `priority` (per server, per policy), and are created ACTIVE. A policy is
// always OAUTH_AUTHORIZATION_POLICY and needs a name, a description and
// `conditions.clients.include`: OAuth client ids of the org's apps or
// ALL_CLIENTS. A rule is always RESOURCE_ACCESS; it names groups (ids or
// EVERYONE) and/or users, grant types, scopes of its server (or `*`), and
// token lifetimes, which default to 60 / 0 / 10080 minutes; an inline hook
// it names must exist. The server adds `conditions.people.users.exclude: []`
// and `conditions.scopes.include: []` (VCR
// TestAccDataSourceAuthorizationServersPoliciesRule_read).
var authServerPoliciesRes = &resource{
	name: "authServerPolicies", typeName: "AuthorizationServerPolicy", prefix: "00p", area: "authorizationServers",
	coll: "/api/v1/authorizationServers/{authServerId}/policies", idParam: "policyId",
	parentParam: "authServerId", parent: authServersRes,
	createStatus: http.StatusCreated,
	life:         lifecycle{enabled: true, reply: replyNoContent},
	sib:          &siblings{field: "priority"},
	fields: []field{
		{path: "type", typ: tString, enum: []string{"OAUTH_AUTHORIZATION_POLICY"}},
		{path: "name", typ: tString, required: true},
		{path: "description", typ: tString, required: true},
		{path: "priority", typ: tNumber},
		{path: "conditions", typ: tObject, required: true},
		{path: "conditions.clients", typ: tObject, required: true},
		{path: "conditions.clients.include", typ: tArray, required: true},
	},
	readOnly: []string{"system"},
	keep:     []string{"system"},
}

var authServerRulesRes = &resource{
	name: "authServerPolicyRules", typeName: "AuthorizationServerPolicyRule", prefix: "0pr", area: "authorizationServers",
	coll: "/api/v1/authorizationServers/{authServerId}/policies/{policyId}/rules", idParam: "ruleId",
	parentParam: "policyId", parent: authServerPoliciesRes,
	createStatus: http.StatusCreated,
	life:         lifecycle{enabled: true, reply: replyNoContent},
	sib:          &siblings{field: "priority"},
	fields: []field{
		{path: "type", typ: tString, enum: []string{"RESOURCE_ACCESS"}},
		{path: "name", typ: tString, required: true},
		{path: "priority", typ: tNumber},
		{path: "conditions", typ: tObject, required: true},
		{path: "conditions.people", typ: tObject},
		{path: "conditions.people.groups", typ: tObject},
		{path: "conditions.people.groups.include", typ: tArray},
		{path: "conditions.people.groups.exclude", typ: tArray},
		{path: "conditions.people.users", typ: tObject},
		{path: "conditions.people.users.include", typ: tArray},
		{path: "conditions.people.users.exclude", typ: tArray},
		{path: "conditions.grantTypes", typ: tObject, required: true},
		{path: "conditions.grantTypes.include", typ: tArray, required: true},
		{path: "conditions.scopes", typ: tObject},
		{path: "conditions.scopes.include", typ: tArray},
		{path: "actions", typ: tObject},
		{path: "actions.token", typ: tObject},
		{path: "actions.token.accessTokenLifetimeMinutes", typ: tNumber},
		{path: "actions.token.refreshTokenLifetimeMinutes", typ: tNumber},
		{path: "actions.token.refreshTokenWindowMinutes", typ: tNumber},
		{path: "actions.token.inlineHook", typ: tObject},
		{path: "actions.token.inlineHook.id", typ: tString},
	},
	readOnly: []string{"system"},
	keep:     []string{"system"},
}

// authServerGrantTypes are the grant types a rule may name.
var authServerGrantTypes = []string{
	"authorization_code", "implicit", "password", "client_credentials", "interaction_code",
	"urn:ietf:params:oauth:grant-type:device_code",
	"urn:ietf:params:oauth:grant-type:token-exchange",
	"urn:ietf:params:oauth:grant-type:saml2-bearer",
	"urn:ietf:params:oauth:grant-type:jwt-bearer",
	"urn:openid:params:grant-type:ciba",
	"urn:okta:params:oauth:grant-type:otp",
	"urn:okta:params:oauth:grant-type:oob",
	"http://auth0.com/oauth/grant-type/mfa-otp",
	"http://auth0.com/oauth/grant-type/mfa-oob",
}

func init() {
	authServerPoliciesRes.prepare = prepareAuthServerPolicy
	authServerPoliciesRes.afterCreate = func(c *call, asID string, o Obj) *apiError {
		c.o.put(authServerPolicyOwners, "", str(o, "id"), Obj{"id": str(o, "id"), "authServerId": asID})
		return nil
	}
	authServerPoliciesRes.afterDelete = func(c *call, _ string, cur Obj) {
		c.o.dropTable("authServerPolicyRules", str(cur, "id"))
		c.o.remove(authServerPolicyOwners, "", str(cur, "id"))
	}
	authServerPoliciesRes.links = func(c *call, asID string, o Obj, l Obj) {
		self := authServerURL(c, asID) + "/policies/" + str(o, "id")
		l["self"] = authServerLink(self, "GET", "PUT", "DELETE")
		l["rules"] = authServerLink(self+"/rules", "GET")
		authServerLifecycleLink(l, self, str(o, "status"))
	}
	authServerRulesRes.prepare = prepareAuthServerRule
	authServerRulesRes.links = func(c *call, policyID string, o Obj, l Obj) {
		self := authServerURL(c, authServerOfPolicy(c, policyID)) + "/policies/" + policyID + "/rules/" + str(o, "id")
		l["self"] = authServerLink(self, "GET", "PUT", "DELETE")
		authServerLifecycleLink(l, self, str(o, "status"))
	}
}

// authServerPolicyOwners is a side table (not served) mapping each policy
// id to its server, so that rule validation and links find the server of a
// policy without a request path (seeding, sample, generate) in O(1).
const authServerPolicyOwners = "authServerPolicyOwners"

// authServerOfPolicy returns the id of the server a policy belongs to.
func authServerOfPolicy(c *call, policyID string) string {
	if id := c.param("authServerId"); id != "" && c.o.get("authServerPolicies", id, policyID) != nil {
		return id
	}
	if own := c.o.get(authServerPolicyOwners, "", policyID); own != nil {
		return str(own, "authServerId")
	}
	for _, as := range c.o.list("authServers", "") {
		if c.o.get("authServerPolicies", str(as, "id"), policyID) != nil {
			return str(as, "id")
		}
	}
	return ""
}

// authServerClientExists reports whether an app has this OAuth client id.
func authServerClientExists(c *call, clientID string) bool {
	return c.o.find("apps", "", func(o Obj) bool { return str(o, "credentials.oauthClient.client_id") == clientID }) != nil
}

func prepareAuthServerPolicy(c *call, _ string, body, cur Obj) *apiError {
	if strings.TrimSpace(str(body, "name")) == "" {
		return errValidation("name", "name: The field cannot be left blank")
	}
	if strings.TrimSpace(str(body, "description")) == "" {
		return errValidation("description", "description: The field cannot be left blank")
	}
	body["type"] = "OAUTH_AUTHORIZATION_POLICY"
	clients, _ := at(body, "conditions.clients.include").([]any)
	if len(clients) == 0 {
		return errValidation("conditions.clients.include", "conditions.clients.include: At least one client is required")
	}
	for _, x := range clients {
		id, ok := x.(string)
		if !ok {
			return errMalformed()
		}
		if id != "ALL_CLIENTS" && !authServerClientExists(c, id) {
			return errValidation("conditions.clients.include",
				"conditions.clients.include: Client "+id+" does not exist")
		}
	}
	if cur == nil {
		body["system"] = false
	}
	return nil
}

func prepareAuthServerRule(c *call, policyID string, body, cur Obj) *apiError {
	if strings.TrimSpace(str(body, "name")) == "" {
		return errValidation("name", "name: The field cannot be left blank")
	}
	body["type"] = "RESOURCE_ACCESS"
	asID := authServerOfPolicy(c, policyID)

	groups := append(stringsAt(body, "conditions.people.groups.include"), stringsAt(body, "conditions.people.groups.exclude")...)
	users := append(stringsAt(body, "conditions.people.users.include"), stringsAt(body, "conditions.people.users.exclude")...)
	if len(stringsAt(body, "conditions.people.groups.include"))+len(stringsAt(body, "conditions.people.users.include")) == 0 {
		return errValidation("conditions.people",
			"conditions.people: At least one group or user must be included")
	}
	for _, g := range groups {
		if g != "EVERYONE" && c.o.get("groups", "", g) == nil {
			return errValidation("conditions.people.groups", "conditions.people.groups: Group "+g+" does not exist")
		}
	}
	for _, u := range users {
		if c.o.get("users", "", u) == nil {
			return errValidation("conditions.people.users", "conditions.people.users: User "+u+" does not exist")
		}
	}
	setDefault(body, "conditions.people.users.exclude", []any{})

	grants := stringsAt(body, "conditions.grantTypes.include")
	if len(grants) == 0 {
		return errValidation("conditions.grantTypes.include", "conditions.grantTypes.include: At least one grant type is required")
	}
	for _, g := range grants {
		if !slices.Contains(authServerGrantTypes, g) {
			return errValidation("conditions.grantTypes.include",
				"conditions.grantTypes.include: '"+g+"' is not a valid grant type")
		}
	}

	setDefault(body, "conditions.scopes.include", []any{})
	for _, s := range stringsAt(body, "conditions.scopes.include") {
		if s == "*" {
			continue
		}
		if c.o.find("authServerScopes", asID, func(o Obj) bool { return str(o, "name") == s }) == nil {
			return errValidation("conditions.scopes.include",
				"conditions.scopes.include: Scope "+s+" does not exist in the authorization server")
		}
	}

	setDefault(body, "actions.token.accessTokenLifetimeMinutes", 60)
	setDefault(body, "actions.token.refreshTokenLifetimeMinutes", 0)
	setDefault(body, "actions.token.refreshTokenWindowMinutes", 10080)
	access, _ := intAt(body, "actions.token.accessTokenLifetimeMinutes")
	if access < 5 || access > 1440 {
		return errValidation("accessTokenLifetimeMinutes",
			fmt.Sprintf("accessTokenLifetimeMinutes: %d is not between 5 and 1440", access))
	}
	window, _ := intAt(body, "actions.token.refreshTokenWindowMinutes")
	if window < 5 || window > 2628000 {
		return errValidation("refreshTokenWindowMinutes",
			fmt.Sprintf("refreshTokenWindowMinutes: %d is not between 5 and 2628000", window))
	}
	if window < access {
		return errValidation("refreshTokenWindowMinutes",
			"refreshTokenWindowMinutes: must be at least accessTokenLifetimeMinutes")
	}
	if life, _ := intAt(body, "actions.token.refreshTokenLifetimeMinutes"); life < 0 || (life > 0 && life < window) {
		return errValidation("refreshTokenLifetimeMinutes",
			"refreshTokenLifetimeMinutes: must be 0 (unlimited) or at least refreshTokenWindowMinutes")
	}
	if hook := str(body, "actions.token.inlineHook.id"); hook != "" {
		h := c.o.get("inlineHooks", "", hook)
		if h == nil || (str(h, "type") != "" && str(h, "type") != "com.okta.oauth2.tokens.transform") {
			return errValidation("inlineHook", "inlineHook: Inline hook "+hook+" does not exist or is not a token inline hook")
		}
	} else if at(body, "actions.token.inlineHook") != nil {
		del(body, "actions.token.inlineHook")
	}
	if cur == nil {
		body["system"] = false
	}
	return nil
}
