package conformance

import (
	"context"
	"net/http"
	"testing"

	"github.com/okta/okta-sdk-golang/v5/okta"

	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestConformanceAuthServersSDK drives authorization servers, scopes,
// claims, policies and rules with the official SDK: create, list with
// paging, get through the `default` alias, update, lifecycle, refused
// deletes of system objects, delete and 404 after delete.
func TestConformanceAuthServersSDK(t *testing.T) {
	o := newConformanceOrg(t, sandbox.Options{})
	sdk := o.sdk(t)
	ctx := context.Background()
	asAPI, scAPI, clAPI := sdk.AuthorizationServerAPI, sdk.AuthorizationServerScopesAPI, sdk.AuthorizationServerClaimsAPI
	polAPI, ruleAPI := sdk.AuthorizationServerPoliciesAPI, sdk.AuthorizationServerRulesAPI

	// Servers.
	var ids []string
	for _, name := range []string{"orders", "billing", "reports"} {
		as, resp, err := asAPI.CreateAuthorizationServer(ctx).AuthorizationServer(okta.AuthorizationServer{
			Name: okta.PtrString(name), Description: okta.PtrString(name + " API"), Audiences: []string{"api://" + name},
		}).Execute()
		if err != nil || statusOf(resp) != http.StatusCreated {
			t.Fatalf("CreateAuthorizationServer %s: %v (status %d)", name, err, statusOf(resp))
		}
		if as.GetIssuer() != o.URL+"/oauth2/"+as.GetId() || as.GetStatus() != "ACTIVE" || as.GetIssuerMode() != "ORG_URL" {
			t.Fatalf("created server: issuer %q status %q mode %q", as.GetIssuer(), as.GetStatus(), as.GetIssuerMode())
		}
		ids = append(ids, as.GetId())
	}
	_, resp, err := asAPI.CreateAuthorizationServer(ctx).AuthorizationServer(okta.AuthorizationServer{
		Name: okta.PtrString("orders"), Audiences: []string{"api://x"},
	}).Execute()
	if statusOf(resp) != http.StatusBadRequest || sdkErrorCode(err) != "E0000001" {
		t.Fatalf("duplicate server name: status %d code %q", statusOf(resp), sdkErrorCode(err))
	}
	servers, resp, err := asAPI.ListAuthorizationServers(ctx).Limit(2).Execute()
	if err != nil {
		t.Fatal(err)
	}
	seen := len(servers)
	for resp.HasNextPage() {
		var next []okta.AuthorizationServer
		if resp, err = resp.Next(&next); err != nil {
			t.Fatal(err)
		}
		if len(next) > 2 {
			t.Fatalf("page of %d servers with limit 2", len(next))
		}
		seen += len(next)
	}
	if seen != 4 { // default + 3
		t.Fatalf("paged through %d servers, want 4", seen)
	}
	def, _, err := asAPI.GetAuthorizationServer(ctx, "default").Execute()
	if err != nil || def.GetName() != "default" || def.GetIssuer() != o.URL+"/oauth2/default" {
		t.Fatalf("GetAuthorizationServer(default): %v %+v", err, def)
	}
	id := ids[0]

	// Scopes: create, page through custom + system ones.
	scope, resp, err := scAPI.CreateOAuth2Scope(ctx, id).OAuth2Scope(okta.OAuth2Scope{
		Name: okta.PtrString("orders:read"), Description: okta.PtrString("Read orders"), Consent: okta.PtrString("REQUIRED"),
	}).Execute()
	if err != nil || statusOf(resp) != http.StatusCreated || scope.GetSystem() || scope.GetMetadataPublish() != "NO_CLIENTS" {
		t.Fatalf("CreateOAuth2Scope: %v %+v", err, scope)
	}
	if _, _, err := scAPI.CreateOAuth2Scope(ctx, id).OAuth2Scope(okta.OAuth2Scope{Name: okta.PtrString("orders:write")}).Execute(); err != nil {
		t.Fatal(err)
	}
	scopes, resp, err := scAPI.ListOAuth2Scopes(ctx, id).Limit(4).Execute()
	if err != nil {
		t.Fatal(err)
	}
	all := append([]okta.OAuth2Scope(nil), scopes...)
	for resp.HasNextPage() {
		var next []okta.OAuth2Scope
		if resp, err = resp.Next(&next); err != nil {
			t.Fatal(err)
		}
		all = append(all, next...)
	}
	var openid okta.OAuth2Scope
	for _, s := range all {
		if s.GetName() == "openid" {
			openid = s
		}
	}
	if len(all) != 9 || all[0].GetName() != "orders:read" || !openid.GetSystem() {
		t.Fatalf("paged through %d scopes (first %q), openid %+v", len(all), all[0].GetName(), openid)
	}

	// A claim conditioned on the custom scope; an unknown scope is refused.
	claim, resp, err := clAPI.CreateOAuth2Claim(ctx, id).OAuth2Claim(okta.OAuth2Claim{
		Name: okta.PtrString("order_limit"), ClaimType: okta.PtrString("RESOURCE"), ValueType: okta.PtrString("EXPRESSION"),
		Value: okta.PtrString("user.orderLimit"), Conditions: &okta.OAuth2ClaimConditions{Scopes: []string{"orders:read"}},
	}).Execute()
	if err != nil || statusOf(resp) != http.StatusCreated || claim.GetStatus() != "ACTIVE" {
		t.Fatalf("CreateOAuth2Claim: %v %+v", err, claim)
	}
	_, resp, err = clAPI.CreateOAuth2Claim(ctx, id).OAuth2Claim(okta.OAuth2Claim{
		Name: okta.PtrString("bad"), ClaimType: okta.PtrString("RESOURCE"), ValueType: okta.PtrString("EXPRESSION"),
		Value: okta.PtrString("1"), Conditions: &okta.OAuth2ClaimConditions{Scopes: []string{"nope"}},
	}).Execute()
	if statusOf(resp) != http.StatusBadRequest || sdkErrorCode(err) != "E0000001" {
		t.Fatalf("claim with unknown scope: status %d code %q", statusOf(resp), sdkErrorCode(err))
	}
	claims, _, err := clAPI.ListOAuth2Claims(ctx, id).Execute()
	if err != nil || len(claims) != 20 {
		t.Fatalf("ListOAuth2Claims: %v, %d claims, want 19 system + 1", err, len(claims))
	}
	var sub okta.OAuth2Claim
	for _, c := range claims {
		if c.GetName() == "sub" {
			sub = c
		}
	}

	// A policy for all clients and a rule.
	policy, resp, err := polAPI.CreateAuthorizationServerPolicy(ctx, id).Policy(okta.AuthorizationServerPolicy{
		Conditions: &okta.AuthorizationServerPolicyConditions{Clients: &okta.ClientPolicyCondition{Include: []string{"ALL_CLIENTS"}}},
		AdditionalProperties: map[string]interface{}{
			"type": "OAUTH_AUTHORIZATION_POLICY", "name": "Everyone", "description": "All clients", "priority": 1,
		},
	}).Execute()
	if err != nil || statusOf(resp) != http.StatusCreated {
		t.Fatalf("CreateAuthorizationServerPolicy: %v (status %d)", err, statusOf(resp))
	}
	policyID, _ := policy.AdditionalProperties["id"].(string)
	if policy.AdditionalProperties["status"] != "ACTIVE" || policyID == "" {
		t.Fatalf("created policy: %+v", policy.AdditionalProperties)
	}
	newRule := func(name string, scopes ...string) okta.AuthorizationServerPolicyRule {
		return okta.AuthorizationServerPolicyRule{
			PolicyRule: okta.PolicyRule{Name: okta.PtrString(name), Type: okta.PtrString("RESOURCE_ACCESS")},
			Conditions: &okta.AuthorizationServerPolicyRuleConditions{
				People:     &okta.AuthorizationServerPolicyPeopleCondition{Groups: &okta.AuthorizationServerPolicyRuleGroupCondition{Include: []string{"EVERYONE"}}},
				GrantTypes: &okta.GrantTypePolicyRuleCondition{Include: []string{"authorization_code"}},
				Scopes:     &okta.OAuth2ScopesMediationPolicyRuleCondition{Include: scopes},
			},
			Actions: &okta.AuthorizationServerPolicyRuleActions{Token: &okta.TokenAuthorizationServerPolicyRuleAction{
				AccessTokenLifetimeMinutes: okta.PtrInt32(30),
			}},
		}
	}
	rule, resp, err := ruleAPI.CreateAuthorizationServerPolicyRule(ctx, id, policyID).PolicyRule(newRule("code flow", "openid", "orders:read")).Execute()
	if err != nil || statusOf(resp) != http.StatusCreated || rule.GetStatus() != "ACTIVE" ||
		rule.Actions.Token.GetRefreshTokenWindowMinutes() != 10080 || rule.GetPriority() != 1 {
		t.Fatalf("CreateAuthorizationServerPolicyRule: %v %+v", err, rule)
	}
	_, resp, err = ruleAPI.CreateAuthorizationServerPolicyRule(ctx, id, policyID).PolicyRule(newRule("bad", "nope")).Execute()
	if statusOf(resp) != http.StatusBadRequest || sdkErrorCode(err) != "E0000001" {
		t.Fatalf("rule with unknown scope: status %d code %q", statusOf(resp), sdkErrorCode(err))
	}
	if pols, _, err := polAPI.ListAuthorizationServerPolicies(ctx, id).Execute(); err != nil || len(pols) != 1 {
		t.Fatalf("ListAuthorizationServerPolicies: %v %d", err, len(pols))
	}
	if rules, _, err := ruleAPI.ListAuthorizationServerPolicyRules(ctx, id, policyID).Execute(); err != nil || len(rules) != 1 {
		t.Fatalf("ListAuthorizationServerPolicyRules: %v %d", err, len(rules))
	}

	// The default server's own policy and rule, through the alias.
	defPols, _, err := polAPI.ListAuthorizationServerPolicies(ctx, "default").Execute()
	if err != nil || len(defPols) != 1 || defPols[0].AdditionalProperties["name"] != "Default Policy" {
		t.Fatalf("default server policies: %v %+v", err, defPols)
	}
	defPolID, _ := defPols[0].AdditionalProperties["id"].(string)
	if rules, _, err := ruleAPI.ListAuthorizationServerPolicyRules(ctx, "default", defPolID).Execute(); err != nil || len(rules) != 1 || rules[0].GetName() != "Default Policy Rule" {
		t.Fatalf("default server rules: %v %+v", err, rules)
	}

	// Updates.
	upd, _, err := asAPI.ReplaceAuthorizationServer(ctx, id).AuthorizationServer(okta.AuthorizationServer{
		Name: okta.PtrString("orders"), Description: okta.PtrString("Orders v2"), Audiences: []string{"api://orders"},
		Credentials: &okta.AuthorizationServerCredentials{Signing: &okta.AuthorizationServerCredentialsSigningConfig{RotationMode: okta.PtrString("MANUAL")}},
	}).Execute()
	if err != nil || upd.GetDescription() != "Orders v2" || upd.Credentials.Signing.GetRotationMode() != "MANUAL" {
		t.Fatalf("ReplaceAuthorizationServer: %v %+v", err, upd)
	}
	scope.DisplayName = okta.PtrString("Read your orders")
	if got, _, err := scAPI.ReplaceOAuth2Scope(ctx, id, scope.GetId()).OAuth2Scope(*scope).Execute(); err != nil || got.GetDisplayName() != "Read your orders" {
		t.Fatalf("ReplaceOAuth2Scope: %v", err)
	}
	claim.Status = okta.PtrString("INACTIVE")
	if got, _, err := clAPI.ReplaceOAuth2Claim(ctx, id, claim.GetId()).OAuth2Claim(*claim).Execute(); err != nil || got.GetStatus() != "INACTIVE" {
		t.Fatalf("ReplaceOAuth2Claim: %v", err)
	}
	policy.AdditionalProperties["description"] = "Every client"
	if got, _, err := polAPI.ReplaceAuthorizationServerPolicy(ctx, id, policyID).Policy(*policy).Execute(); err != nil || got.AdditionalProperties["description"] != "Every client" {
		t.Fatalf("ReplaceAuthorizationServerPolicy: %v", err)
	}
	upRule := newRule("code flow renamed", "openid")
	if got, _, err := ruleAPI.ReplaceAuthorizationServerPolicyRule(ctx, id, policyID, rule.GetId()).PolicyRule(upRule).Execute(); err != nil || got.GetName() != "code flow renamed" {
		t.Fatalf("ReplaceAuthorizationServerPolicyRule: %v", err)
	}

	// Lifecycle: 204 everywhere.
	for _, step := range []struct {
		name string
		call func() (*okta.APIResponse, error)
	}{
		{"deactivate rule", func() (*okta.APIResponse, error) {
			return ruleAPI.DeactivateAuthorizationServerPolicyRule(ctx, id, policyID, rule.GetId()).Execute()
		}},
		{"activate rule", func() (*okta.APIResponse, error) {
			return ruleAPI.ActivateAuthorizationServerPolicyRule(ctx, id, policyID, rule.GetId()).Execute()
		}},
		{"deactivate policy", func() (*okta.APIResponse, error) {
			return polAPI.DeactivateAuthorizationServerPolicy(ctx, id, policyID).Execute()
		}},
		{"activate policy", func() (*okta.APIResponse, error) {
			return polAPI.ActivateAuthorizationServerPolicy(ctx, id, policyID).Execute()
		}},
		{"deactivate server", func() (*okta.APIResponse, error) { return asAPI.DeactivateAuthorizationServer(ctx, id).Execute() }},
	} {
		if resp, err := step.call(); err != nil || statusOf(resp) != http.StatusNoContent {
			t.Fatalf("%s: %v (status %d)", step.name, err, statusOf(resp))
		}
	}
	if got, _, err := asAPI.GetAuthorizationServer(ctx, id).Execute(); err != nil || got.GetStatus() != "INACTIVE" {
		t.Fatalf("server after deactivate: %v %q", err, got.GetStatus())
	}
	if resp, err := asAPI.ActivateAuthorizationServer(ctx, id).Execute(); err != nil || statusOf(resp) != http.StatusNoContent {
		t.Fatalf("activate server: %v", err)
	}

	// System objects can't be deleted.
	for _, step := range []struct {
		name string
		call func() (*okta.APIResponse, error)
	}{
		{"system scope", func() (*okta.APIResponse, error) { return scAPI.DeleteOAuth2Scope(ctx, id, openid.GetId()).Execute() }},
		{"system claim", func() (*okta.APIResponse, error) { return clAPI.DeleteOAuth2Claim(ctx, id, sub.GetId()).Execute() }},
		{"default server", func() (*okta.APIResponse, error) { return asAPI.DeleteAuthorizationServer(ctx, "default").Execute() }},
	} {
		if resp, err := step.call(); statusOf(resp) != http.StatusForbidden || sdkErrorCode(err) != "E0000006" {
			t.Fatalf("delete %s: status %d code %q", step.name, statusOf(resp), sdkErrorCode(err))
		}
	}

	// Delete children, then the server; 404 afterwards.
	if _, err := ruleAPI.DeleteAuthorizationServerPolicyRule(ctx, id, policyID, rule.GetId()).Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := polAPI.DeleteAuthorizationServerPolicy(ctx, id, policyID).Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := clAPI.DeleteOAuth2Claim(ctx, id, claim.GetId()).Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := scAPI.DeleteOAuth2Scope(ctx, id, scope.GetId()).Execute(); err != nil {
		t.Fatal(err)
	}
	_, resp, err = scAPI.GetOAuth2Scope(ctx, id, scope.GetId()).Execute()
	if statusOf(resp) != http.StatusNotFound || sdkErrorCode(err) != "E0000007" {
		t.Fatalf("get deleted scope: status %d code %q", statusOf(resp), sdkErrorCode(err))
	}
	if resp, err := asAPI.DeleteAuthorizationServer(ctx, id).Execute(); err != nil || statusOf(resp) != http.StatusNoContent {
		t.Fatalf("DeleteAuthorizationServer: %v", err)
	}
	_, resp, err = asAPI.GetAuthorizationServer(ctx, id).Execute()
	if statusOf(resp) != http.StatusNotFound || sdkErrorCode(err) != "E0000007" {
		t.Fatalf("get deleted server: status %d code %q", statusOf(resp), sdkErrorCode(err))
	}
	_, resp, err = clAPI.ListOAuth2Claims(ctx, id).Execute()
	if statusOf(resp) != http.StatusNotFound || sdkErrorCode(err) != "E0000007" {
		t.Fatalf("claims of deleted server: status %d code %q", statusOf(resp), sdkErrorCode(err))
	}
}
