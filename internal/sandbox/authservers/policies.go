package authservers

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
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
var authServerPoliciesRes = &engine.Resource{
	Name: "authServerPolicies", TypeName: "AuthorizationServerPolicy", Prefix: "00p", Area: "authorizationServers",
	Events: &engine.Events{Type: "AuthorizationServerPolicy", Create: "policy.lifecycle.create", Update: "policy.lifecycle.update", Delete: "policy.lifecycle.delete", Activate: "policy.lifecycle.activate", Deactivate: "policy.lifecycle.deactivate"},
	Coll:   "/api/v1/authorizationServers/{authServerId}/policies", IDParam: "policyId",
	ParentParam: "authServerId", Parent: authServersRes,
	CreateStatus: http.StatusCreated,
	Life:         engine.Lifecycle{Enabled: true, Reply: engine.ReplyNoContent},
	Sib:          &engine.Siblings{Field: "priority"},
	Fields: []engine.Field{
		{Path: "type", Type: engine.TString, Enum: []string{"OAUTH_AUTHORIZATION_POLICY"}},
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "description", Type: engine.TString, Required: true},
		{Path: "priority", Type: engine.TNumber},
		{Path: "conditions", Type: engine.TObject, Required: true},
		{Path: "conditions.clients", Type: engine.TObject, Required: true},
		{Path: "conditions.clients.include", Type: engine.TArray, Required: true},
	},
	ReadOnly: []string{"system"},
	Keep:     []string{"system"},
}

var authServerRulesRes = &engine.Resource{
	Name: "authServerPolicyRules", TypeName: "AuthorizationServerPolicyRule", Prefix: "0pr", Area: "authorizationServers",
	Events: &engine.Events{Type: "AuthorizationServerPolicyRule", Create: "policy.rule.add", Update: "policy.rule.update", Delete: "policy.rule.delete", Activate: "policy.rule.activate", Deactivate: "policy.rule.deactivate"},
	Coll:   "/api/v1/authorizationServers/{authServerId}/policies/{policyId}/rules", IDParam: "ruleId",
	ParentParam: "policyId", Parent: authServerPoliciesRes,
	CreateStatus: http.StatusCreated,
	Life:         engine.Lifecycle{Enabled: true, Reply: engine.ReplyNoContent},
	Sib:          &engine.Siblings{Field: "priority"},
	Fields: []engine.Field{
		{Path: "type", Type: engine.TString, Enum: []string{"RESOURCE_ACCESS"}},
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "priority", Type: engine.TNumber},
		{Path: "conditions", Type: engine.TObject, Required: true},
		{Path: "conditions.people", Type: engine.TObject},
		{Path: "conditions.people.groups", Type: engine.TObject},
		{Path: "conditions.people.groups.include", Type: engine.TArray},
		{Path: "conditions.people.groups.exclude", Type: engine.TArray},
		{Path: "conditions.people.users", Type: engine.TObject},
		{Path: "conditions.people.users.include", Type: engine.TArray},
		{Path: "conditions.people.users.exclude", Type: engine.TArray},
		{Path: "conditions.grantTypes", Type: engine.TObject, Required: true},
		{Path: "conditions.grantTypes.include", Type: engine.TArray, Required: true},
		{Path: "conditions.scopes", Type: engine.TObject},
		{Path: "conditions.scopes.include", Type: engine.TArray},
		{Path: "actions", Type: engine.TObject},
		{Path: "actions.token", Type: engine.TObject},
		{Path: "actions.token.accessTokenLifetimeMinutes", Type: engine.TNumber},
		{Path: "actions.token.refreshTokenLifetimeMinutes", Type: engine.TNumber},
		{Path: "actions.token.refreshTokenWindowMinutes", Type: engine.TNumber},
		{Path: "actions.token.inlineHook", Type: engine.TObject},
		{Path: "actions.token.inlineHook.id", Type: engine.TString},
	},
	ReadOnly: []string{"system"},
	Keep:     []string{"system"},
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
	authServerPoliciesRes.Prepare = prepareAuthServerPolicy
	authServerPoliciesRes.AfterCreate = func(c *engine.Call, asID string, o engine.Obj) *engine.APIError {
		c.Org.Put(authServerPolicyOwners, "", engine.Str(o, "id"), engine.Obj{"id": engine.Str(o, "id"), "authServerId": asID})
		return nil
	}
	authServerPoliciesRes.AfterDelete = func(c *engine.Call, _ string, cur engine.Obj) {
		c.Org.DropTable("authServerPolicyRules", engine.Str(cur, "id"))
		c.Org.Remove(authServerPolicyOwners, "", engine.Str(cur, "id"))
	}
	authServerPoliciesRes.Links = func(c *engine.Call, asID string, o engine.Obj, l engine.Obj) {
		self := authServerURL(c, asID) + "/policies/" + engine.Str(o, "id")
		l["self"] = authServerLink(self, "GET", "PUT", "DELETE")
		l["rules"] = authServerLink(self+"/rules", "GET")
		authServerLifecycleLink(l, self, engine.Str(o, "status"))
	}
	authServerRulesRes.Prepare = prepareAuthServerRule
	authServerRulesRes.Links = func(c *engine.Call, policyID string, o engine.Obj, l engine.Obj) {
		self := authServerURL(c, authServerOfPolicy(c, policyID)) + "/policies/" + policyID + "/rules/" + engine.Str(o, "id")
		l["self"] = authServerLink(self, "GET", "PUT", "DELETE")
		authServerLifecycleLink(l, self, engine.Str(o, "status"))
	}
}

// authServerPolicyOwners is a side table (not served) mapping each policy
// id to its server, so that rule validation and links find the server of a
// policy without a request path (seeding, sample, generate) in O(1).
const authServerPolicyOwners = "authServerPolicyOwners"

// authServerOfPolicy returns the id of the server a policy belongs to.
func authServerOfPolicy(c *engine.Call, policyID string) string {
	if id := c.Param("authServerId"); id != "" && c.Org.Get("authServerPolicies", id, policyID) != nil {
		return id
	}
	if own := c.Org.Get(authServerPolicyOwners, "", policyID); own != nil {
		return engine.Str(own, "authServerId")
	}
	for _, as := range c.Org.List("authServers", "") {
		if c.Org.Get("authServerPolicies", engine.Str(as, "id"), policyID) != nil {
			return engine.Str(as, "id")
		}
	}
	return ""
}

// authServerClientExists reports whether an app has this OAuth client id.
func authServerClientExists(c *engine.Call, clientID string) bool {
	return c.Org.Find(engine.TableApps, "", func(o engine.Obj) bool { return engine.Str(o, "credentials.oauthClient.client_id") == clientID }) != nil
}

func prepareAuthServerPolicy(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	if strings.TrimSpace(engine.Str(body, "name")) == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	if strings.TrimSpace(engine.Str(body, "description")) == "" {
		return engine.ErrValidation("description", "description: The field cannot be left blank")
	}
	body["type"] = "OAUTH_AUTHORIZATION_POLICY"
	clients, _ := engine.At(body, "conditions.clients.include").([]any)
	if len(clients) == 0 {
		return engine.ErrValidation("conditions.clients.include", "conditions.clients.include: At least one client is required")
	}
	for _, x := range clients {
		id, ok := x.(string)
		if !ok {
			return engine.ErrMalformed()
		}
		if id != "ALL_CLIENTS" && !authServerClientExists(c, id) {
			return engine.ErrValidation("conditions.clients.include",
				"conditions.clients.include: Client "+id+" does not exist")
		}
	}
	if cur == nil {
		body["system"] = false
	}
	return nil
}

func prepareAuthServerRule(c *engine.Call, policyID string, body, cur engine.Obj) *engine.APIError {
	if strings.TrimSpace(engine.Str(body, "name")) == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	body["type"] = "RESOURCE_ACCESS"
	asID := authServerOfPolicy(c, policyID)

	groups := append(engine.StringsAt(body, "conditions.people.groups.include"), engine.StringsAt(body, "conditions.people.groups.exclude")...)
	users := append(engine.StringsAt(body, "conditions.people.users.include"), engine.StringsAt(body, "conditions.people.users.exclude")...)
	if len(engine.StringsAt(body, "conditions.people.groups.include"))+len(engine.StringsAt(body, "conditions.people.users.include")) == 0 {
		return engine.ErrValidation("conditions.people",
			"conditions.people: At least one group or user must be included")
	}
	for _, g := range groups {
		if g != "EVERYONE" && c.Org.Get(engine.TableGroups, "", g) == nil {
			return engine.ErrValidation("conditions.people.groups", "conditions.people.groups: Group "+g+" does not exist")
		}
	}
	for _, u := range users {
		if c.Org.Get(engine.TableUsers, "", u) == nil {
			return engine.ErrValidation("conditions.people.users", "conditions.people.users: User "+u+" does not exist")
		}
	}
	engine.SetDefault(body, "conditions.people.users.exclude", []any{})

	grants := engine.StringsAt(body, "conditions.grantTypes.include")
	if len(grants) == 0 {
		return engine.ErrValidation("conditions.grantTypes.include", "conditions.grantTypes.include: At least one grant type is required")
	}
	for _, g := range grants {
		if !slices.Contains(authServerGrantTypes, g) {
			return engine.ErrValidation("conditions.grantTypes.include",
				"conditions.grantTypes.include: '"+g+"' is not a valid grant type")
		}
	}

	engine.SetDefault(body, "conditions.scopes.include", []any{})
	for _, s := range engine.StringsAt(body, "conditions.scopes.include") {
		if s == "*" {
			continue
		}
		if c.Org.Find("authServerScopes", asID, func(o engine.Obj) bool { return engine.Str(o, "name") == s }) == nil {
			return engine.ErrValidation("conditions.scopes.include",
				"conditions.scopes.include: Scope "+s+" does not exist in the authorization server")
		}
	}

	engine.SetDefault(body, "actions.token.accessTokenLifetimeMinutes", 60)
	engine.SetDefault(body, "actions.token.refreshTokenLifetimeMinutes", 0)
	engine.SetDefault(body, "actions.token.refreshTokenWindowMinutes", 10080)
	access, _ := engine.IntAt(body, "actions.token.accessTokenLifetimeMinutes")
	if access < 5 || access > 1440 {
		return engine.ErrValidation("accessTokenLifetimeMinutes",
			fmt.Sprintf("accessTokenLifetimeMinutes: %d is not between 5 and 1440", access))
	}
	window, _ := engine.IntAt(body, "actions.token.refreshTokenWindowMinutes")
	if window < 5 || window > 2628000 {
		return engine.ErrValidation("refreshTokenWindowMinutes",
			fmt.Sprintf("refreshTokenWindowMinutes: %d is not between 5 and 2628000", window))
	}
	if window < access {
		return engine.ErrValidation("refreshTokenWindowMinutes",
			"refreshTokenWindowMinutes: must be at least accessTokenLifetimeMinutes")
	}
	if life, _ := engine.IntAt(body, "actions.token.refreshTokenLifetimeMinutes"); life < 0 || (life > 0 && life < window) {
		return engine.ErrValidation("refreshTokenLifetimeMinutes",
			"refreshTokenLifetimeMinutes: must be 0 (unlimited) or at least refreshTokenWindowMinutes")
	}
	if hook := engine.Str(body, "actions.token.inlineHook.id"); hook != "" {
		h := c.Org.Get(engine.TableInlineHooks, "", hook)
		if h == nil || (engine.Str(h, "type") != "" && engine.Str(h, "type") != "com.okta.oauth2.tokens.transform") {
			return engine.ErrValidation("inlineHook", "inlineHook: Inline hook "+hook+" does not exist or is not a token inline hook")
		}
	} else if engine.At(body, "actions.token.inlineHook") != nil {
		engine.Del(body, "actions.token.inlineHook")
	}
	if cur == nil {
		body["system"] = false
	}
	return nil
}
