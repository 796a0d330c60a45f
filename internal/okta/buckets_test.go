package okta

import "testing"

func TestBucketFor(t *testing.T) {
	const (
		appID   = "0oa1b2c3d4e5f6g7h8i9"
		groupID = "00g1b2c3d4e5f6g7h8i9"
		userID  = "00u1b2c3d4e5f6g7h8i9"
		asID    = "aus1b2c3d4e5f6g7h8i9"
	)
	tests := []struct {
		method, path, want string
	}{
		{"GET", "/api/v1/apps", "/api/v1/apps"},
		{"POST", "/api/v1/apps", "/api/v1/apps"},
		{"GET", "/api/v1/apps/" + appID, "/api/v1/apps/{id}"},
		{"PUT", "/api/v1/apps/" + appID, "/api/v1/apps/{id}"},
		{"DELETE", "/api/v1/apps/" + appID, "/api/v1/apps/{id}"},
		{"POST", "/api/v1/apps/" + appID + "/lifecycle/activate", "/api/v1/apps"},
		{"GET", "/api/v1/apps/" + appID + "/groups", "/api/v1/apps"},
		{"GET", "/api/v1/apps/" + appID + "/features", "/api/v1/apps"},
		{"GET", "/api/v1/apps/" + appID + "/credentials/keys", "/api/v1/apps"},
		{"GET", "/api/v1/groups", "/api/v1/groups"},
		{"POST", "/api/v1/groups", "/api/v1/groups"},
		{"GET", "/api/v1/groups/" + groupID, "/api/v1/groups/{id}"},
		{"PUT", "/api/v1/groups/" + groupID, "/api/v1/groups/{id}"},
		{"DELETE", "/api/v1/groups/" + groupID, "/api/v1/groups/{id}"},
		{"GET", "/api/v1/groups/rules", "/api/v1/groups"},
		{"GET", "/api/v1/groups/rules/0pr1b2c3d4e5f6g7h8i9", "/api/v1/groups"},
		{"GET", "/api/v1/groups/" + groupID + "/users", "/api/v1/groups"},
		{"GET", "/api/v1/groups/" + groupID + "/roles", "/api/v1/groups"},
		{"GET", "/api/v1/users", "/api/v1/users"},
		{"POST", "/api/v1/users", "/api/v1/users"},
		{"GET", "/api/v1/users/" + userID, "GET /api/v1/users/{id}"},
		{"GET", "/api/v1/users/me", "GET /api/v1/users/{id}"},
		{"GET", "/api/v1/users/alice%40example.com", "GET /api/v1/users/{id}"},
		{"POST", "/api/v1/users/" + userID, "/api/v1/users/{id}"},
		{"PUT", "/api/v1/users/" + userID, "/api/v1/users/{id}"},
		{"DELETE", "/api/v1/users/" + userID, "/api/v1/users/{id}"},
		{"GET", "/api/v1/users/" + userID + "/roles", "/api/v1/users"},
		{"GET", "/api/v1/logs", "/api/v1/logs"},
		{"GET", "/api/v1/iam/roles", "/api/v1/iam"},
		{"GET", "/api/v1/iam/roles/cr01b2c3d4e5f6g7h8i9/permissions", "/api/v1/iam"},
		{"PATCH", "/api/v1/iam/resource-sets/iam1b2c3d4e5f6g7h8i9/resources", "/api/v1/iam"},
		{"DELETE", "/api/v1/iam/resource-sets/{parentId}/bindings/{id}/members/{memberId}", "/api/v1/iam"},
		{"GET", "/api/v1/iam/assignees/users", "/api/v1/iam"},
		{"POST", "/api/v1/groups/" + groupID + "/roles", "/api/v1/groups"},
		{"PUT", "/api/v1/groups/" + groupID + "/roles/IFIFAX2BIRGUSTQ/targets/groups/" + groupID, "/api/v1/groups"},
		{"PUT", "/api/v1/groups/{parentId}/roles/{id}/targets/catalog/apps/{appName}", "/api/v1/groups"},
		{"POST", "/api/v1/users/" + userID + "/roles", "/api/v1/users"},
		{"DELETE", "/api/v1/users/" + userID + "/roles/IFIFAX2BIRGUSTQ/targets/groups/" + groupID, "/api/v1/users"},
		{"POST", "/oauth2/v1/clients/" + appID + "/roles", "/oauth2/v1/clients"},
		{"PUT", "/oauth2/v1/clients/{parentId}/roles/{id}/targets/groups/{groupId}", "/oauth2/v1/clients"},
		{"GET", "/oauth2/v1/clients", "/oauth2/v1/clients"},
		{"GET", "/oauth2/v1/clients/abc/roles", "/oauth2/v1/clients"},
		{"POST", "/oauth2/v1/token", "/oauth2/v1"},
		{"POST", "/oauth2/default/v1/token", "/oauth2/v1"},
		{"GET", "/api/v1/authorizationServers", "/api/v1"},
		{"GET", "/api/v1/authorizationServers/default", "/api/v1"},
		{"GET", "/api/v1/authorizationServers/" + asID + "/scopes", "/api/v1"},
		{"GET", "/api/v1/policies", "/api/v1"},
		{"GET", "/api/v1/zones", "/api/v1"},
		{"GET", "/api/v1/meta/schemas/user/default", "/api/v1"},
		{"GET", "/.well-known/okta-organization", "/"},
		{"GET", "/attack-protection/api/v1/user-lockout-settings", "/attack-protection/api/v1"},
		{"PUT", "/attack-protection/api/v1/user-lockout-settings", "/attack-protection/api/v1"},
		{"GET", "/", "/"},
		// A query string does not change the bucket.
		{"GET", "/api/v1/groups?limit=1", "/api/v1/groups"},
		{"GET", "/api/v1/policies?type=OKTA_SIGN_ON&limit=1", "/api/v1"},

		// Endpoint templates, as kind descriptors write them: a
		// placeholder stands for an ID, so each template is charged where
		// its requests will be.
		{"POST", "/api/v1/groups", "/api/v1/groups"},
		{"PUT", "/api/v1/groups/{id}", "/api/v1/groups/{id}"},
		{"POST", "/api/v1/groups/rules/{id}/lifecycle/activate", "/api/v1/groups"},
		{"PUT", "/api/v1/apps/{id}", "/api/v1/apps/{id}"},
		{"PUT", "/api/v1/apps/{parentId}/groups/{id}", "/api/v1/apps"},
		{"POST", "/api/v1/apps/{id}/lifecycle/deactivate", "/api/v1/apps"},
		{"PUT", "/api/v1/users/{id}", "/api/v1/users/{id}"},
		{"PUT", "/api/v1/authorizationServers/{parentId}/scopes/{id}", "/api/v1"},
		{"PUT", "/api/v1/zones/{id}", "/api/v1"},
		// A literal that is not an ID stays a literal: "rules" is not
		// matched by {id}, so a group rule is charged to the groups bucket.
		{"PUT", "/api/v1/groups/rules", "/api/v1/groups"},
	}
	for _, tt := range tests {
		if got := BucketFor(tt.method, tt.path); got != tt.want {
			t.Errorf("BucketFor(%s %s) = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
}

func TestIsOktaID(t *testing.T) {
	tests := map[string]bool{
		"00g1b2c3d4e5f6g7h8i9":  true,
		"default":               true,
		"authorizationServers":  false, // 20 letters, but a collection
		"00g1b2c3d4e5f6g7h8i":   false, // 19
		"00g1b2c3d4e5f6g7h8i9x": false, // 21
		"00g1b2c3d4e5f6g7h8-9":  false,
		"rules":                 false,
	}
	for seg, want := range tests {
		if got := isOktaID(seg); got != want {
			t.Errorf("isOktaID(%q) = %v, want %v", seg, got, want)
		}
	}
}
