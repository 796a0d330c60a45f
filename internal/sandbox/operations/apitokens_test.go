package operations_test

import (
	"net/http"
	"testing"

	"github.com/oktasync/oktasync/internal/sandbox"
)

// TestRevokingTheClientToken: once the token the client authenticates with
// is revoked (through /current, or by its id), the org refuses it, as Okta
// refuses a revoked API token; revoking another token changes nothing for
// the client.
func TestRevokingTheClientToken(t *testing.T) {
	for _, tc := range []struct {
		name    string
		revoke  func(o *org, current string, other string) string
		refused bool
	}{
		{"current", func(*org, string, string) string { return "/api/v1/api-tokens/current" }, true},
		{"current by id", func(_ *org, current, _ string) string { return "/api/v1/api-tokens/" + current }, true},
		{"another token", func(_ *org, _, other string) string { return "/api/v1/api-tokens/" + other }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := newOrg(t, sandbox.Options{Sample: true})
			tokens := o.list("/api/v1/api-tokens")
			if len(tokens) < 2 {
				t.Fatalf("want the client's token and the sample's, got %d", len(tokens))
			}
			// The seed's token, the client's, comes first.
			current, other := tokens[0]["id"].(string), tokens[1]["id"].(string)
			if st, _, v := o.call("DELETE", tc.revoke(o, current, other), ""); st != http.StatusNoContent {
				t.Fatalf("revoke: %d %v", st, v)
			}
			st, _, v := o.call("GET", "/api/v1/groups", "")
			body, _ := v.(map[string]any)
			if !tc.refused {
				if st != http.StatusOK {
					t.Fatalf("after revoking another token: %d %v", st, body["errorCode"])
				}
				return
			}
			if st != http.StatusUnauthorized || body["errorCode"] != "E0000011" {
				t.Fatalf("after revoking the client's token: %d %v, want 401 E0000011", st, body["errorCode"])
			}
		})
	}
}
